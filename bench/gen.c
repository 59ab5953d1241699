/*
 * Deterministic generator of realistic inputs for `make bench`: Windows
 * `netstat -ano`, Linux `netstat -tulpan`, regedit .reg exports, and an
 * Invoke-Command `Export-Csv` of Get-NetTCPConnection for 10,000 servers
 * (rows of the hosts interleaved, PSComputerName an FQDN), and an osquery
 * results log of event lines for as many hosts (hostIdentifier an FQDN).
 * The same
 * arguments always give the same bytes (a fixed linear congruential
 * generator, no clock, no libc rand).
 *
 *	gen netstat-win|netstat-linux|reg|ps-csv|osquery LINES
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long gen_state = 0x2545F4914F6CDD1DULL;

static unsigned
gen_rand(unsigned n)
{
	gen_state = gen_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((unsigned)(gen_state >> 33) % n);
}

static const char *const gen_states[] = {
	"LISTENING", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "TIME_WAIT",
	"CLOSE_WAIT", "SYN_SENT"
};

/*
 * A server's own addresses are few; its peers are many but not unbounded:
 * local addresses come from 4, remote ones from a pool of 4096.
 */
static void
gen_local4(char *buf, size_t len)
{
	static const char *const own[] = {
		"0.0.0.0", "127.0.0.1", "10.20.30.40", "192.168.1.5"
	};

	snprintf(buf, len, "%s", own[gen_rand(4)]);
}

static void
gen_addr4(char *buf, size_t len)
{
	unsigned	 peer = gen_rand(4096);

	snprintf(buf, len, "10.%u.%u.%u", 1 + peer % 200, (peer * 7) % 256,
	    1 + (peer * 13) % 254);
}

static void
gen_netstat_win(unsigned long lines)
{
	char		 a[32], b[32], la[48], ra[48];
	unsigned long	 i;

	printf("\r\nActive Connections\r\n\r\n  Proto  Local Address          "
	    "Foreign Address        State           PID\r\n");
	for (i = 0; i < lines; i++) {
		gen_local4(a, sizeof(a));
		gen_addr4(b, sizeof(b));
		if (gen_rand(5) == 0) {
			snprintf(la, sizeof(la), "0.0.0.0:%u",
			    1 + gen_rand(65535));
			printf("  UDP    %-22s %-38s %u\r\n", la, "*:*",
			    4 + gen_rand(20000));
			continue;
		}
		if (gen_rand(8) == 0) {
			snprintf(la, sizeof(la), "[::]:%u", 1 + gen_rand(65535));
			snprintf(ra, sizeof(ra), "[::]:0");
			printf("  TCP    %-22s %-22s %-15s %u\r\n", la, ra,
			    "LISTENING", 4 + gen_rand(20000));
			continue;
		}
		snprintf(la, sizeof(la), "%s:%u", a, 1024 + gen_rand(64511));
		snprintf(ra, sizeof(ra), "%s:%u", b, 1 + gen_rand(65535));
		printf("  TCP    %-22s %-22s %-15s %u\r\n", la, ra,
		    gen_states[gen_rand(7)], 4 + gen_rand(20000));
	}
}

static const char *const gen_progs[] = {
	"sshd", "nginx: worker", "python3", "systemd-resolve", "chronyd",
	"postgres", "java", "node", "dockerd", "containerd"
};

static void
gen_netstat_linux(unsigned long lines)
{
	char		 a[32], b[32], la[48], ra[48];
	unsigned long	 i;

	printf("Active Internet connections (servers and established)\n"
	    "Proto Recv-Q Send-Q Local Address           Foreign Address     "
	    "    State       PID/Program name    \n");
	for (i = 0; i < lines; i++) {
		gen_local4(a, sizeof(a));
		gen_addr4(b, sizeof(b));
		snprintf(la, sizeof(la), "%s:%u", a, 1 + gen_rand(65535));
		snprintf(ra, sizeof(ra), "%s:%u", b, 1 + gen_rand(65535));
		if (gen_rand(5) == 0)
			printf("udp        0      0 %-23s %-23s %-11s %u/%s\n",
			    la, "0.0.0.0:*", "", 1 + gen_rand(99999),
			    gen_progs[gen_rand(10)]);
		else
			printf("tcp        0      0 %-23s %-23s %-11s %u/%s\n",
			    la, ra, gen_rand(4) ? "ESTABLISHED" : "LISTEN",
			    1 + gen_rand(99999), gen_progs[gen_rand(10)]);
	}
}

static const char *const gen_services[] = {
	"NTDS", "Netlogon", "MSExchangeDS", "MSExchangeIS", "Tcpip", "Dnscache",
	"LanmanServer", "W32Time", "Spooler", "RpcSs"
};

static void
gen_reg(unsigned long lines)
{
	unsigned long	 i = 0;
	unsigned	 k = 0, j;

	printf("Windows Registry Editor Version 5.00\r\n");
	while (i < lines) {
		printf("\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
		    "Services\\%s\\Parameters%u]\r\n", gen_services[k % 10], k);
		i += 2;
		k++;
		for (j = 0; j < 8 && i < lines; j++, i++) {
			switch (gen_rand(4)) {
			case 0:
				printf("\"TCP/IP Port\"=dword:%08x\r\n",
				    gen_rand(65536));
				break;
			case 1:
				printf("\"ImagePath\"=\"C:\\\\Windows\\\\system32\\\\"
				    "svc%u.exe -k \\\"netsvcs\\\"\"\r\n",
				    gen_rand(1000));
				break;
			case 2:
				printf("\"Ports\"=hex(7):35,00,30,00,30,00,30,00,"
				    "2d,00,35,00,31,00,30,00,30,00,00,00,36,00,\\"
				    "\r\n  30,00,30,00,30,00,00,00,00,00\r\n");
				i++;
				break;
			default:
				printf("\"Start\"=dword:%08x\r\n", gen_rand(5));
			}
		}
	}
}

static const char *const gen_ps_states[] = {
	"Listen", "Established", "Established", "Established", "TimeWait",
	"CloseWait", "Bound"
};

static void
gen_ps_csv(unsigned long lines)
{
	char		 a[32], b[32];
	unsigned long	 i;

	printf("#TYPE Deserialized.Microsoft.Management.Infrastructure."
	    "CimInstance#ROOT/StandardCimv2/MSFT_NetTCPConnection\r\n"
	    "\"LocalAddress\",\"LocalPort\",\"RemoteAddress\",\"RemotePort\","
	    "\"State\",\"AppliedSetting\",\"OwningProcess\","
	    "\"PSComputerName\"\r\n");
	for (i = 0; i < lines; i++) {
		gen_local4(a, sizeof(a));
		gen_addr4(b, sizeof(b));
		printf("\"%s\",\"%u\",\"%s\",\"%u\",\"%s\",\"Internet\","
		    "\"%u\",\"srv%05lu.corp.example\"\r\n", a,
		    1024 + gen_rand(64000), b, 1 + gen_rand(65535),
		    gen_ps_states[gen_rand(7)], 4 + gen_rand(9000),
		    i % 10000);
	}
}

static const char *const gen_osq_states[] = {
	"LISTEN", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "TIME_WAIT",
	"CLOSE_WAIT", "SYN_SENT"
};

/* osqueryd's filesystem logger, event format, process_open_sockets. */
static void
gen_osquery(unsigned long lines)
{
	char		 a[32], b[32];
	unsigned long	 i;

	for (i = 0; i < lines; i++) {
		gen_local4(a, sizeof(a));
		gen_addr4(b, sizeof(b));
		printf("{\"name\":\"pack_portaudit_open_sockets\","
		    "\"hostIdentifier\":\"srv%05lu.corp.example\","
		    "\"calendarTime\":\"Thu Jan  1 00:00:00 2026 UTC\","
		    "\"unixTime\":1767225600,\"epoch\":0,\"counter\":%lu,"
		    "\"numerics\":false,\"columns\":{\"name\":\"svc%u.exe\","
		    "\"pid\":\"%u\",\"fd\":\"0\",\"socket\":\"0\","
		    "\"family\":\"2\",\"protocol\":\"6\","
		    "\"local_address\":\"%s\",\"remote_address\":\"%s\","
		    "\"local_port\":\"%u\",\"remote_port\":\"%u\","
		    "\"path\":\"\",\"state\":\"%s\","
		    "\"net_namespace\":\"0\"},\"action\":\"added\"}\n",
		    i % 10000, i / 10000, gen_rand(40), 4 + gen_rand(9000), a, b,
		    1024 + gen_rand(64000), 1 + gen_rand(65535),
		    gen_osq_states[gen_rand(7)]);
	}
}

int
main(int argc, char *argv[])
{
	unsigned long	 lines;

	if (argc != 3) {
		fputs("usage: gen netstat-win|netstat-linux|reg|ps-csv|osquery "
		    "LINES\n", stderr);
		return (2);
	}
	lines = strtoul(argv[2], NULL, 10);
	if (strcmp(argv[1], "netstat-win") == 0)
		gen_netstat_win(lines);
	else if (strcmp(argv[1], "netstat-linux") == 0)
		gen_netstat_linux(lines);
	else if (strcmp(argv[1], "reg") == 0)
		gen_reg(lines);
	else if (strcmp(argv[1], "ps-csv") == 0)
		gen_ps_csv(lines);
	else if (strcmp(argv[1], "osquery") == 0)
		gen_osquery(lines);
	else {
		fprintf(stderr, "gen: unknown kind %s\n", argv[1]);
		return (2);
	}
	return (fflush(stdout) == 0 ? 0 : 1);
}
