/*
 * report.html's script: sorts and filters the findings table by severity,
 * rule, site and host, and searches its text.  The page reads the same
 * without it: the controls are built here, the table is whole before.
 * The address's query (?severity=high&host=DC01&q=text&sort=host) sets
 * the controls on load, so a filtered view can be sent as a link;
 * ?only=ID shows that section (a host's) alone, to read or print it.  The
 * script marks <html data-script="ready"> when done, records an error in
 * data-script-error, and the time to the load event in data-load-ms, for
 * the tests and the bench that load the page in a browser.
 */
(function () {
	"use strict";
	var root = document.documentElement;

	window.addEventListener("error", function (e) {
		root.setAttribute("data-script-error",
		    String(e.message || e.type) + " (" + (e.lineno || 0) + ")");
	});

	var keys = ["severity", "rule", "site", "host"];

	function rowsOf(table) {
		var out = [], rows = table.tBodies[0].rows, i;
		for (i = 0; i < rows.length; i++)
			if (rows[i].hasAttribute("data-severity"))
				out.push(rows[i]);
		return out;
	}

	/* The distinct values of a data attribute, severities by rank. */
	function values(rows, key) {
		var seen = {}, list = [], i, v;
		for (i = 0; i < rows.length; i++) {
			v = rows[i].getAttribute("data-" + key);
			if (v !== null && v !== "" && !seen[v]) {
				seen[v] = Number(rows[i].getAttribute(
				    "data-sevrank")) || 0;
				list.push(v);
			}
		}
		if (key === "severity")
			list.sort(function (a, b) { return seen[b] - seen[a]; });
		else
			list.sort();
		return list;
	}

	function el(tag, attrs, text) {
		var e = document.createElement(tag), k;
		for (k in attrs)
			if (Object.prototype.hasOwnProperty.call(attrs, k))
				e.setAttribute(k, attrs[k]);
		if (text !== undefined)
			e.textContent = text;
		return e;
	}

	function label(table, key) {
		var th = table.querySelector("th[data-key=\"" + key + "\"]");
		return th ? th.textContent : key;
	}

	/* The filter form above a table; its controls by key. */
	function controls(table, rows) {
		var form = el("form", { "class": "filters", role: "search" });
		var c = {}, i, k, lab, sel, vals, j;

		form.addEventListener("submit", function (e) {
			e.preventDefault();
		});
		lab = el("label", {}, (table.getAttribute("data-search") ||
		    "Search") + " ");
		c.q = el("input", { type: "search", name: "q" });
		lab.appendChild(c.q);
		form.appendChild(lab);
		for (i = 0; i < keys.length; i++) {
			k = keys[i];
			vals = values(rows, k);
			if (vals.length === 0)
				continue;
			lab = el("label", {}, label(table, k) + " ");
			sel = el("select", { name: k });
			sel.appendChild(el("option", { value: "" },
			    table.getAttribute("data-all") || "all"));
			for (j = 0; j < vals.length; j++)
				sel.appendChild(el("option", { value: vals[j] },
				    vals[j]));
			lab.appendChild(sel);
			form.appendChild(lab);
			c[k] = sel;
		}
		c.count = el("output", { "class": "count",
		    "aria-live": "polite" });
		form.appendChild(c.count);
		table.parentNode.insertBefore(form, table);
		return c;
	}

	function apply(table, rows, c) {
		var q = c.q.value.toLowerCase(), shown = 0, i, k, r, ok;
		for (i = 0; i < rows.length; i++) {
			r = rows[i];
			ok = true;
			for (k = 0; k < keys.length && ok; k++)
				if (c[keys[k]] && c[keys[k]].value !== "" &&
				    r.getAttribute("data-" + keys[k]) !==
				    c[keys[k]].value)
					ok = false;
			if (ok && q !== "" &&
			    r.textContent.toLowerCase().indexOf(q) < 0)
				ok = false;
			r.hidden = !ok;
			if (ok)
				shown++;
		}
		table.setAttribute("data-shown", String(shown));
		c.count.textContent = shown + " / " + rows.length;
	}

	/* Sort by column key, severities by rank, ports as numbers. */
	function sort(table, rows, key, desc) {
		var ths = table.tHead.rows[0].cells, col = -1, i, body, sorted;
		for (i = 0; i < ths.length; i++) {
			ths[i].removeAttribute("aria-sort");
			if (ths[i].getAttribute("data-key") === key)
				col = i;
		}
		if (col < 0)
			return;
		ths[col].setAttribute("aria-sort",
		    desc ? "descending" : "ascending");
		function val(r) {
			if (key === "severity")
				return Number(r.getAttribute("data-sevrank"));
			var t = r.cells[col] ? r.cells[col].textContent : "";
			var n = parseInt(t, 10);
			return isNaN(n) || String(n) !== t.trim() ? t : n;
		}
		sorted = rows.map(function (r, n) {
			return { r: r, v: val(r), n: n };
		});
		sorted.sort(function (a, b) {
			var x = a.v, y = b.v, d;
			if (typeof x === typeof y)
				d = x < y ? -1 : x > y ? 1 : 0;
			else
				d = typeof x === "number" ? -1 : 1;
			return (desc ? -d : d) || a.n - b.n;
		});
		body = table.tBodies[0];
		for (i = 0; i < sorted.length; i++)
			body.appendChild(sorted[i].r);
		table.setAttribute("data-sort", key + (desc ? "-desc" : ""));
	}

	function sortable(table, rows) {
		var ths = table.tHead.rows[0].cells, i;
		for (i = 0; i < ths.length; i++) {
			(function (th) {
				var b = el("button", { type: "button" },
				    th.textContent);
				th.textContent = "";
				th.appendChild(b);
				b.addEventListener("click", function () {
					var k = th.getAttribute("data-key");
					var was = table.getAttribute(
					    "data-sort");
					sort(table, rows, k, was === k);
				});
			})(ths[i]);
		}
	}

	/* Hide everything but the element id and what holds it. */
	function only(id) {
		var e = document.getElementById(id), p, i, kids;
		if (!e)
			return;
		for (; e !== document.body && e.parentNode; e = p) {
			p = e.parentNode;
			kids = p.children;
			for (i = 0; i < kids.length; i++)
				if (kids[i] !== e && kids[i].tagName !== "SCRIPT" &&
				    kids[i].tagName !== "H2" &&
				    kids[i].tagName !== "H1")
					kids[i].hidden = true;
		}
		root.setAttribute("data-only", id);
	}

	function init() {
		var tables = document.querySelectorAll("table.filterable");
		var params = new URLSearchParams(window.location.search);
		var i, k, t, rows, c, s;

		for (i = 0; i < tables.length; i++) {
			t = tables[i];
			rows = rowsOf(t);
			c = controls(t, rows);
			for (k in c)
				if (c[k].name && params.has(k))
					c[k].value = params.get(k);
			sortable(t, rows);
			s = params.get("sort");
			if (s)
				sort(t, rows, s.replace(/-desc$/, ""),
				    /-desc$/.test(s));
			(function (tt, rr, cc) {
				var f = function () { apply(tt, rr, cc); };
				cc.q.addEventListener("input", f);
				for (var j = 0; j < keys.length; j++)
					if (cc[keys[j]])
						cc[keys[j]].addEventListener(
						    "change", f);
				/* Unfiltered, every row shows already. */
				if (cc.q.value !== "" || keys.some(function (k) {
					return cc[k] && cc[k].value !== "";
				}))
					f();
				else
					cc.count.textContent = rr.length + " / " +
					    rr.length;
			})(t, rows, c);
		}
		if (params.get("only"))
			only(params.get("only"));
		root.setAttribute("data-script", "ready");
	}

	/* How long the page took to load, for make bench. */
	window.addEventListener("load", function () {
		root.setAttribute("data-load-ms",
		    String(Math.round(performance.now())));
	});

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", init);
	else
		init();
})();
