# portaudit: plain GNU make, no configure step (the target is Debian).
#
#   make            build ./portaudit (installs missing Debian packages first)
#   make check      build and run every test
#   make demo       run portaudit on the bundled example fleet into out/
#   make bench      throughput figures against `wc -l` on the same bytes
#   make bench-large the fleet figures at 10,000 and 100,000 hosts
#   make sanitize   the suites under ASan and UBSan (make check runs it too)
#   make tsan       the -j suite with a ThreadSanitizer build of portaudit
#   make memcheck   the demo audit under valgrind
#   make fuzz       libFuzzer harnesses into build-fuzz/ (clang)
#   make fuzz-smoke build them and run each over its corpus, briefly
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/portaudit
DOCDIR	?= $(PREFIX)/share/doc/portaudit
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
BUILD	?= build
PKGS	 = jansson hivex libcrypto inih fontconfig cairo libpng sqlite3 liblz4
# Compiler and linker flags from pkg-config, asked for only when a recipe
# first needs them, so after the deps step has installed the packages and
# never while make reads this file (on a fresh machine the .pc files do not
# exist yet).  Each is computed once, then kept; a package pkg-config still
# cannot find stops the build with its name.
pkgconfig = $(eval $1 := $$(call pkgconfig_run,$2))$($1)
pkgconfig_run = $(call pkgconfig_ok,$1,$(shell pkg-config $1 2>/dev/null \
	|| echo PKGCONFIG_FAILED))
pkgconfig_ok = $(if $(filter PKGCONFIG_FAILED,$2),$(error pkg-config $1 \
	failed: are the packages installed? (make deps)),$2)
PKG_CFLAGS   = $(call pkgconfig,PKG_CFLAGS,--cflags $(PKGS))
PKG_LIBS     = $(call pkgconfig,PKG_LIBS,--libs $(PKGS))
CHECK_CFLAGS = $(call pkgconfig,CHECK_CFLAGS,--cflags check)
CHECK_LIBS   = $(call pkgconfig,CHECK_LIBS,--libs check)

WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) -I. -Icollectors \
	   -DDATADIR='"$(DATADIR)"' \
	   -DDOCDIR='"$(DOCDIR)"' $(PKG_CFLAGS) -MMD -MP
LDLIBS	 = -lcsv -lhpdf $(PKG_LIBS) -lm

CORE_OBJS = util.o model.o diag.o decode.o datafile.o fleetdir.o audit.o \
	history.o pool.o fleetread.o compact.o keeplines.o park.o
COLLECTOR_OBJS = collectors/collectors.o collectors/parse.o collectors/kb.o \
	collectors/kb_load.o \
	collectors/netstat_win.o collectors/netstat_linux.o \
	collectors/netstat_bsd.o collectors/ss.o collectors/reg_export.o \
	collectors/reg_query.o collectors/reg_hive.o collectors/services.o \
	collectors/iana_csv.o collectors/ranges_netsh.o \
	collectors/ranges_sysctl.o collectors/scan.o collectors/osinfo.o \
	collectors/osreg.o \
	collectors/ps_common.o collectors/ps_table.o collectors/ps_list.o \
	collectors/ps_csv.o collectors/ps_json.o \
	collectors/sockrow.o collectors/jsonrow.o collectors/csvrow.o \
	collectors/osquery.o collectors/velociraptor.o collectors/tcpvcon.o \
	collectors/currports.o collectors/sniff.o
ANALYSIS_OBJS = analysis/ranges.o analysis/rules.o analysis/findings.o \
	analysis/policy.o analysis/collision.o analysis/ephemeral.o \
	analysis/rpc.o analysis/documentation.o analysis/consistency.o \
	analysis/validity.o analysis/firewall.o analysis/suggest.o \
	analysis/baseline.o analysis/listeners.o analysis/roles.o \
	analysis/listeners_win.o analysis/dnspool.o analysis/ineffective.o \
	analysis/pinning.o analysis/dynamicport.o analysis/rpc_overlap.o \
	analysis/sql.o analysis/msmq.o analysis/pins.o analysis/plan.o \
	analysis/planproof.o analysis/planrange.o analysis/plansvc.o \
	analysis/regkeep.o
RENDER_OBJS = render/csvw.o render/bufw.o render/records.o render/findings.o \
	render/inventory.o render/template.o \
	render/renderers.o render/fonts.o render/json.o render/sarif.o render/jsonw.o \
	render/chart_draw.o render/chart_scale.o \
	render/chart_marks.o render/chart_portmap.o render/chart_fleetmap.o \
	render/chart_bars.o render/chart_trend.o render/pdf.o render/pdf_layout.o \
	render/doc.o render/doc_words.o render/sec_summary.o render/sec_findings.o \
	render/sec_hosts.o render/sec_history.o render/sec_appendix.o render/sec_plan.o \
	render/htmlw.o render/html.o render/html_assets.o \
	render/plancsv.o render/planreg.o render/plancmd.o
CMD_OBJS = cmd_audit.o cmd_inspect.o cmd_rules.o cmd_suggest.o cmd_formats.o \
	cmd_help.o cmd_history.o cmd_plan.o
LIB_OBJS = $(addprefix $(BUILD)/,$(CORE_OBJS) $(COLLECTOR_OBJS) \
	$(ANALYSIS_OBJS) $(RENDER_OBJS))
BIN_OBJS = $(LIB_OBJS) $(addprefix $(BUILD)/,$(CMD_OBJS) main.o)

TEST_SRCS = $(wildcard tests/check_*.c tests/*/check_*.c)
TEST_BINS = $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_UTIL = $(BUILD)/tests/testutil.o

DEPS_STAMP = $(BUILD)/.deps-ok

.PHONY: all deps check check-one demo bench bench-large tsan install uninstall clean sanitize \
	memcheck \
	fuzz fuzz-smoke fuzz-bins
.SECONDARY:

all: portaudit $(MAN_HTML)

deps: $(DEPS_STAMP)

$(DEPS_STAMP): tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p $(BUILD) && touch $@

portaudit: $(DEPS_STAMP) $(BIN_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BIN_OBJS) $(LDLIBS)

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# main.o has DATADIR compiled in, render/sarif.o DOCDIR (the manual its
# rules link to): $(DATADIR_STAMP) holds the values they were built with
# and changes only when DATADIR, DOCDIR (or PREFIX) do.
DATADIR_STAMP = $(BUILD)/.datadir
$(DATADIR_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR) $(DOCDIR)' | cmp -s - $@ || \
	    echo '$(DATADIR) $(DOCDIR)' >$@

$(BUILD)/main.o $(BUILD)/render/sarif.o: $(DATADIR_STAMP)

# The manual as one HTML page (installed in DOCDIR): every rule, option and
# section has an anchor there, which the SARIF log's help links name.
MAN_HTML = $(BUILD)/portaudit.1.html
$(MAN_HTML): portaudit.1 | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	mandoc -Thtml portaudit.1 >$@.tmp && mv $@.tmp $@

# report.html's stylesheet and script, compiled in as byte arrays so the
# report needs no installed file.
$(BUILD)/render/html_assets.c: render/report.css render/report.js \
    tools/embed.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	sh tools/embed.sh render/report.css html_css render/report.js html_js \
	    >$@.tmp && mv $@.tmp $@

$(BUILD)/render/html_assets.o: $(BUILD)/render/html_assets.c | $(DEPS_STAMP)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

.PHONY: FORCE
FORCE:

$(BUILD)/tests/%.o: tests/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_UTIL) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_UTIL) $(LIB_OBJS) \
	    $(LDLIBS) $(CHECK_LIBS)

check: portaudit $(MAN_HTML) $(TEST_BINS)
	@sh tests/run-checks.sh $(TEST_BINS)
	@$(MAKE) --no-print-directory sanitize

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer,
# in a build folder of its own; any report fails the run.
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
sanitize: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="$(SAN_FLAGS)" PORTAUDIT_BIN=build-san/portaudit \
	    build-san/portaudit san-tests
	@CK_TIMEOUT_MULTIPLIER=10 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    PORTAUDIT_DATADIR=$(CURDIR)/data \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    PORTAUDIT=build-san/portaudit \
	    sh tests/run-checks.sh $(patsubst $(BUILD)/%,build-san/%,$(TEST_BINS))

san-tests: $(TEST_BINS)

# The -j suite (tests/check_jobs.c) runs portaudit built with
# ThreadSanitizer: a data race between the reading threads fails it.
TSAN_FLAGS = -O1 -g -fsanitize=thread
tsan: $(DEPS_STAMP) $(BUILD)/tests/check_jobs
	@$(MAKE) --no-print-directory BUILD=build-tsan CFLAGS="$(TSAN_FLAGS)" \
	    LDFLAGS="$(TSAN_FLAGS)" build-tsan/portaudit
	@PORTAUDIT=build-tsan/portaudit PORTAUDIT_DATADIR=$(CURDIR)/data \
	    TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
	    sh tests/run-checks.sh $(BUILD)/tests/check_jobs

# The demo audit, every format, under valgrind: no error, no definite leak.
memcheck: portaudit
	@rm -rf build/memcheck
	valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
	    --error-exitcode=1 --suppressions=tests/valgrind.supp \
	    ./portaudit audit -q --out build/memcheck \
	    --format csv,json,sarif,pdf,html examples/fleet

# libFuzzer harnesses (fuzz/, see docs/fuzzing.md): the project objects
# are built with clang into build-fuzz/ with fuzzer coverage, ASan and UBSan;
# each harness links them with the libFuzzer runtime.  Clang, unlike gcc,
# counts a va_list format passed on (vdiag and friends) as non-literal.
FUZZ_CC	 = clang
FUZZ_SAN = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
FUZZ_HARNESSES = netstat_win netstat_linux netstat_bsd ss reg regquery hive \
	services iana_csv netsh sysctl osinfo sniff baseline ps_table ps_list \
	ps_csv ps_json osquery velociraptor tcpvcon currports
FUZZ_BINS = $(addprefix build-fuzz/fuzz_,$(FUZZ_HARNESSES))
FUZZ_OBJS = $(addprefix $(BUILD)/,util.o model.o diag.o decode.o datafile.o \
	compact.o keeplines.o park.o $(COLLECTOR_OBJS) fuzz/fuzz_common.o)
FUZZ_PKG_LIBS = $(call pkgconfig,FUZZ_PKG_LIBS,--libs hivex libcrypto jansson \
	liblz4)
FUZZ_LIBS = $(FUZZ_PKG_LIBS) -lcsv -lm
FUZZ_RUNS ?= 2000
FUZZ_TIME ?= 10

fuzz: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
	    CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -Wno-format-nonliteral -DFUZZ_DATADIR='\"$(CURDIR)/data\"'" fuzz-bins

fuzz-bins: $(FUZZ_BINS)

build-fuzz/fuzz_%: $(BUILD)/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) \
	    $(FUZZ_LIBS)

# The --baseline reader needs the analysis layer (severities, the rule
# table) and so every project object and library.
build-fuzz/fuzz_baseline: $(BUILD)/fuzz/fuzz_baseline.o $(LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(LIB_OBJS) \
	    $(LDLIBS)

# Each harness over its seed corpus and its regression inputs, then a short
# run from the corpus (new units go to build-fuzz/smoke, never fuzz/corpus).
fuzz-smoke: fuzz
	@set -e; for h in $(FUZZ_HARNESSES); do \
	    echo "fuzz-smoke: $$h"; \
	    rm -rf build-fuzz/smoke/$$h; mkdir -p build-fuzz/smoke/$$h \
	        build-fuzz/artifacts; \
	    d=""; test -f fuzz/$$h.dict && d="-dict=fuzz/$$h.dict"; \
	    r=$$(ls tests/fixtures/fuzz-regress/$$h-* 2>/dev/null || true); \
	    if [ -n "$$r" ]; then \
	        build-fuzz/fuzz_$$h -timeout=25 $$r 2>build-fuzz/smoke/$$h.log \
	            || { tail -n 40 build-fuzz/smoke/$$h.log; exit 1; }; \
	    fi; \
	    build-fuzz/fuzz_$$h $$d -runs=$(FUZZ_RUNS) \
	        -max_total_time=$(FUZZ_TIME) -timeout=25 \
	        -artifact_prefix=build-fuzz/artifacts/$$h- \
	        build-fuzz/smoke/$$h fuzz/corpus/$$h \
	        2>>build-fuzz/smoke/$$h.log \
	        || { tail -n 40 build-fuzz/smoke/$$h.log; exit 1; }; \
	    grep -E '^#[0-9]+.*(DONE|INITED)' build-fuzz/smoke/$$h.log | \
	        tail -n 1; \
	done

$(BUILD)/portaudit: $(DEPS_STAMP) $(BIN_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BIN_OBJS) $(LDLIBS)

# Build and run one test binary: make check-one T=check_netstat_win
check-one: portaudit
	@t="$(filter %/$(T),$(TEST_BINS))"; \
	    test -n "$$t" || { echo "no test named $(T)"; exit 2; }; \
	    $(MAKE) --no-print-directory $$t && sh tests/run-checks.sh $$t

demo: portaudit
	./portaudit audit --out out --format csv,json,sarif,pdf,html examples/fleet

bench: portaudit
	@sh bench/bench.sh

# 100,000 hosts (about 9 GB, generated once into bench/data/) beside 10,000.
bench-large: portaudit
	@PARTS=fleets FLEETS="10000 100000" RUNS=$${RUNS:-1} sh bench/bench.sh

DATA_FILES = data/settings.csv data/os.csv data/system-ports.csv \
	data/service-names.csv data/defaults.csv
TEMPLATE_FILES = $(wildcard templates/*.ini)

install: portaudit $(MAN_HTML)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
	    $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(DATADIR)/scripts $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 portaudit $(DESTDIR)$(BINDIR)/portaudit
	install -m 644 $(DATA_FILES) $(DESTDIR)$(DATADIR)/
	install -m 644 $(TEMPLATE_FILES) $(DESTDIR)$(DATADIR)/templates/
	install -m 755 scripts/collect-unix.sh $(DESTDIR)$(DATADIR)/scripts/
	install -m 644 scripts/collect-windows.cmd scripts/collect-windows.ps1 \
	    $(DESTDIR)$(DATADIR)/scripts/
	install -m 644 scripts/portaudit-osquery.conf $(DESTDIR)$(DATADIR)/scripts/
	install -m 644 scripts/portaudit.bash-completion \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/portaudit
	install -m 644 portaudit.1 $(DESTDIR)$(MANDIR)/man1/portaudit.1
	install -m 644 $(MAN_HTML) $(DESTDIR)$(DOCDIR)/portaudit.1.html

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/portaudit \
	    $(DESTDIR)$(MANDIR)/man1/portaudit.1 \
	    $(DESTDIR)$(DOCDIR)/portaudit.1.html
	-rmdir $(DESTDIR)$(DOCDIR)
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(notdir $(DATA_FILES)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/templates/,\
	    $(notdir $(TEMPLATE_FILES)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/scripts/,collect-unix.sh \
	    collect-windows.cmd collect-windows.ps1)
	rm -f $(DESTDIR)$(DATADIR)/scripts/portaudit-osquery.conf
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/portaudit
	-rmdir $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/scripts \
	    $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-san build-tsan build-fuzz portaudit out

-include $(BIN_OBJS:.o=.d) $(TEST_BINS:=.d) $(TEST_UTIL:.o=.d) \
	$(FUZZ_OBJS:.o=.d) $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_HARNESSES:=.d))
