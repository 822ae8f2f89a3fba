/* The pure parsers of the server checks: /proc files, sshd's command line,
 * configuration and test mode, TCP wrappers, Fail2Ban and DenyHosts,
 * health figures and logs. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "unit.h"
#include "fakefs.h"
#include "probes/server.h"

static void
test_proc_net_tcp(void **state)
{
	static const char *v4 =
	    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
	    "retrnsmt   uid  timeout inode\n"
	    "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000     0        0 87696 1 00000000fc152c60 100 0 0 10 0\n"
	    "   1: 0100007F:2726 00000000:0000 0A 00000000:00000000 00:00000000 "
	    "00000000     0        0 87694 1 000000002fcff566 100 0 0 10 0\n"
	    "   2: 0264330A:0016 0164330A:D2F0 01 00000000:00000000 02:0009A8B1 "
	    "00000000     0        0 99999 2 0000000000000000 20 4 29 10 -1\n"
	    "garbage line\n";
	static const char *v6 =
	    "  sl  local_address                         remote_address        "
	    "                st tx_queue rx_queue tr tm->when retrnsmt   uid  "
	    "timeout inode\n"
	    "   0: 00000000000000000000000000000000:0016 "
	    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0        0 87697 1 0000000000000000 100 0 0 "
	    "10 0\n"
	    "   1: 00000000000000000000000001000000:2726 "
	    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
	    "00:00000000 00000000     0        0 87698 1 0000000000000000 100 0 0 "
	    "10 0\n";
	srv_sock *s = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(srv_parse_proc_net_tcp(v4, AF_INET, &s, &n), 3);
	assert_int_equal(srv_parse_proc_net_tcp(v6, AF_INET6, &s, &n), 2);
	assert_int_equal(n, 5);
	assert_string_equal(s[0].addr, "0.0.0.0");
	assert_int_equal(s[0].port, 22);
	assert_int_equal(s[0].state, SRV_TCP_LISTEN);
	assert_int_equal(s[0].inode, 87696);
	assert_string_equal(s[1].addr, "127.0.0.1");
	assert_int_equal(s[1].port, 10022);
	assert_string_equal(s[2].addr, "10.51.100.2");
	assert_string_equal(s[2].raddr, "10.51.100.1");
	assert_int_equal(s[2].rport, 0xD2F0);
	assert_int_equal(s[2].state, SRV_TCP_ESTABLISHED);
	assert_string_equal(s[3].addr, "::");
	assert_int_equal(s[3].family, AF_INET6);
	assert_string_equal(s[4].addr, "::1");
	assert_true(srv_addr_is_loopback(s[4].addr));
	assert_true(srv_addr_is_any(s[3].addr));
	assert_false(srv_addr_is_loopback(s[2].addr));
	free(s);
}

static void
test_proc_stat(void **state)
{
	long pid, ppid;
	char comm[64];

	(void)state;
	assert_int_equal(srv_parse_proc_stat("4942 (sshd) S 4900 4942 4942 0 -1",
	    &pid, comm, sizeof(comm), &ppid), 0);
	assert_int_equal(pid, 4942);
	assert_string_equal(comm, "sshd");
	assert_int_equal(ppid, 4900);
	/* Names with spaces and parentheses. */
	assert_int_equal(srv_parse_proc_stat("77 (a (b) c) R 1 77", &pid, comm,
	    sizeof(comm), &ppid), 0);
	assert_string_equal(comm, "a (b) c");
	assert_int_equal(ppid, 1);
	assert_int_equal(srv_parse_proc_stat("nonsense", &pid, comm,
	    sizeof(comm), &ppid), -1);
}

static void
test_sshd_cmdline(void **state)
{
	static const char title[] = "sshd: /usr/sbin/sshd -D -f /tmp/lab/cfg "
	    "-E /tmp/lab/log [listener] 3 of 10-100 startups";
	static const char raw[] = "/usr/sbin/sshd\0-D\0-f/etc/ssh/alt\0";
	static const char reexec[] = "/usr/sbin/sshd\0-D\0-R\0";
	static const char session[] = "sshd: alice [priv]";
	static const char other[] = "/usr/bin/python3\0x.py\0";
	srv_sshd_proc p;

	(void)state;
	assert_int_equal(srv_parse_sshd_cmdline(title, sizeof(title), &p), 1);
	assert_true(p.listener);
	assert_string_equal(p.config, "/tmp/lab/cfg");
	assert_string_equal(p.logfile, "/tmp/lab/log");
	assert_string_equal(p.binary, "/usr/sbin/sshd");
	assert_int_equal(p.startups, 3);
	assert_int_equal(p.startups_begin, 10);
	assert_int_equal(p.startups_full, 100);
	srv_sshd_proc_clear(&p);
	assert_int_equal(srv_parse_sshd_cmdline(raw, sizeof(raw) - 1, &p), 1);
	assert_true(p.listener);
	assert_string_equal(p.config, "/etc/ssh/alt");
	assert_int_equal(p.startups, -1);
	assert_string_equal(p.cmdline, "/usr/sbin/sshd -D -f/etc/ssh/alt");
	srv_sshd_proc_clear(&p);
	assert_int_equal(srv_parse_sshd_cmdline(reexec, sizeof(reexec) - 1,
	    &p), 1);
	assert_false(p.listener);
	srv_sshd_proc_clear(&p);
	assert_int_equal(srv_parse_sshd_cmdline(session, sizeof(session) - 1,
	    &p), 1);
	assert_false(p.listener);
	assert_null(p.config);
	srv_sshd_proc_clear(&p);
	assert_int_equal(srv_parse_sshd_cmdline(other, sizeof(other) - 1, &p),
	    0);
	srv_sshd_proc_clear(&p);
}

static void
test_sshd_config(void **state)
{
	static const char *const files[] = {
		"/etc/ssh/sshd_config",
		"# main\n"
		"Include /etc/ssh/sshd_config.d/*.conf\n"
		"Port 22\n"
		"port=2222\n"
		"ListenAddress 0.0.0.0\n"
		"ListenAddress [::1]:2200\n"
		"MaxStartups 3:50:9\n"
		"Match User bob\n"
		"  Port 9999\n"
		"Match all\n"
		"AddressFamily inet\n"
		"Include missing.conf\n",
		"/etc/ssh/sshd_config.d/10-port.conf", "Port 10022\n"
		    "MaxStartups 1\n",
		"/etc/ssh/sshd_config.d/20-listen.conf",
		"ListenAddress 192.0.2.5:2022 rdomain blue\n",
		"/etc/ssh/sshd_config.d/README", "Port 1\n",
		NULL,
	};
	fakefs fs = { files };
	srv_reader rd = { fake_read, fake_list, &fs };
	srv_sshd_config c;

	(void)state;
	assert_int_equal(srv_parse_sshd_config("/etc/ssh/sshd_config", &rd, &c),
	    0);
	assert_int_equal(c.n_ports, 3);
	assert_int_equal(c.ports[0], 10022);
	assert_int_equal(c.ports[1], 22);
	assert_int_equal(c.ports[2], 2222);
	assert_int_equal(c.n_listen, 3);
	assert_string_equal(c.listen[0].addr, "192.0.2.5");
	assert_int_equal(c.listen[0].port, 2022);
	assert_string_equal(c.listen[1].addr, "0.0.0.0");
	assert_int_equal(c.listen[1].port, 0);
	assert_string_equal(c.listen[2].addr, "::1");
	assert_int_equal(c.listen[2].port, 2200);
	/* First value wins: the included file's. */
	assert_int_equal(c.ms_begin, 1);
	assert_string_equal(c.address_family, "inet");
	assert_int_equal(c.n_files, 3);
	assert_int_equal(c.n_problems, 1);
	assert_non_null(strstr(c.problems[0], "/etc/ssh/missing.conf"));
	srv_sshd_config_clear(&c);

	assert_int_equal(srv_parse_sshd_config("/nope", &rd, &c), HOST_ENOENT);
	srv_sshd_config_clear(&c);

	/* Defaults. */
	{
		static const char *const empty[] = { "/c", "# nothing\n", NULL };
		fakefs fe = { empty };
		srv_reader re = { fake_read, fake_list, &fe };

		assert_int_equal(srv_parse_sshd_config("/c", &re, &c), 0);
		srv_sshd_config_defaults(&c);
		assert_int_equal(c.n_ports, 1);
		assert_int_equal(c.ports[0], 22);
		assert_int_equal(c.ms_begin, 10);
		assert_int_equal(c.ms_full, 100);
		srv_sshd_config_clear(&c);
	}
}

/* A reader that makes up files "/etc/ssh/fN": each includes f(N+1) `fan`
 * times, up to `last`; it counts its reads (each would be a command on the
 * server under --via or --sudo). */
typedef struct chainfs {
	int fan, last, reads;
} chainfs;

static int
chain_read(void *arg, const char *path, char **text)
{
	chainfs *fs = arg;
	int n, k;
	sbuf b = { 0 };

	fs->reads++;
	if (strcmp(path, "/etc/ssh/sshd_config") == 0) {
		*text = xstrdup("Include sshd_config sshd_config\nPort 22\n");
		return 0;
	}
	if (sscanf(path, "/etc/ssh/f%d", &n) != 1 || n > fs->last)
		return HOST_ENOENT;
	sbuf_add(&b, "Port 22\n");
	if (n < fs->last) {
		sbuf_add(&b, "Include");
		for (k = 0; k < fs->fan; k++)
			sbuf_addf(&b, " f%d", n + 1);
		sbuf_add(&b, "\n");
	}
	*text = sbuf_steal(&b);
	return 0;
}

static int
chain_list(void *arg, const char *dir, char ***names, size_t *n)
{
	(void)arg;
	(void)dir;
	*names = NULL;
	*n = 0;
	return HOST_ENOENT;
}

/* Include cycles and fans: the 34-byte config that includes itself
 * twice made 131,071 reads; each file is now read once, a cycle is reported
 * and not followed, and sshd's depth limit holds. */
static void
test_sshd_config_include_bounds(void **state)
{
	chainfs fs = { 0, 0, 0 };
	srv_reader rd = { chain_read, chain_list, &fs };
	srv_sshd_config c;

	(void)state;
	assert_int_equal(srv_parse_sshd_config("/etc/ssh/sshd_config", &rd, &c),
	    0);
	assert_int_equal(fs.reads, 1);
	assert_int_equal(c.n_files, 1);
	assert_int_equal(c.n_ports, 1);
	assert_int_equal(c.n_problems, 2);
	assert_string_equal(c.problems[0], "/etc/ssh/sshd_config: Include "
	    "cycle: /etc/ssh/sshd_config includes it while it is being read; "
	    "sshd stops with \"Too many recursive configuration includes\"");
	srv_sshd_config_clear(&c);

	/* Three names per file, 16 deep: 3^16 inclusions without a bound. */
	fs.fan = 3;
	fs.last = 16;
	fs.reads = 0;
	assert_int_equal(srv_parse_sshd_config("/etc/ssh/f0", &rd, &c), 0);
	assert_int_equal(fs.reads, 17);
	assert_int_equal(c.n_files, 256);
	assert_int_equal(c.n_problems, 1);
	assert_non_null(strstr(c.problems[0], "more than 256 files included"));
	srv_sshd_config_clear(&c);

	/* One name per file, 18 deep: past sshd's limit of 16. */
	fs.fan = 1;
	fs.last = 18;
	fs.reads = 0;
	assert_int_equal(srv_parse_sshd_config("/etc/ssh/f0", &rd, &c), 0);
	assert_int_equal(fs.reads, 17);
	assert_int_equal(c.n_files, 17);
	assert_int_equal(c.n_problems, 1);
	assert_string_equal(c.problems[0], "/etc/ssh/f17: Include nested "
	    "deeper than 16 files: sshd stops with \"Too many recursive "
	    "configuration includes\"");
	srv_sshd_config_clear(&c);
}

static void
test_sshd_T(void **state)
{
	static const char *out =
	    "port 22\nport 10022\naddressfamily any\n"
	    "listenaddress [::]:22\nlistenaddress 0.0.0.0:22\n"
	    "listenaddress 127.0.0.1:10022\nmaxstartups 10:30:100\n"
	    "usepam yes\n";
	srv_sshd_config c;
	srv_listen l;

	(void)state;
	assert_int_equal(srv_parse_sshd_T(out, &c), 0);
	assert_int_equal(c.n_ports, 2);
	assert_int_equal(c.n_listen, 3);
	assert_string_equal(c.listen[0].addr, "::");
	assert_int_equal(c.listen[2].port, 10022);
	assert_int_equal(c.ms_rate, 30);
	srv_sshd_config_clear(&c);
	assert_int_equal(srv_parse_sshd_T("garbage\n", &c), -1);
	srv_sshd_config_clear(&c);

	assert_int_equal(srv_parse_listen_address("2001:db8::5", &l), 0);
	assert_string_equal(l.addr, "2001:db8::5");
	assert_int_equal(l.port, 0);
	assert_int_equal(srv_parse_listen_address("host.example:2222", &l), 0);
	assert_string_equal(l.addr, "host.example");
	assert_int_equal(l.port, 2222);
	assert_int_equal(srv_parse_listen_address("[::1", &l), -1);
	assert_int_equal(srv_parse_listen_address("1.2.3.4:99999", &l), -1);
}

static void
test_sshd_t(void **state)
{
	char *line;

	(void)state;
	assert_int_equal(srv_classify_sshd_t("", 0, 1, &line), SRV_CFG_VALID);
	assert_null(line);
	assert_int_equal(srv_classify_sshd_t(
	    "/tmp/cfg: line 21: Bad configuration option: PortForwardingMode\n"
	    "/tmp/cfg: terminating, 1 bad configuration options\n", 255, 1,
	    &line), SRV_CFG_INVALID);
	assert_string_equal(line, "/tmp/cfg: line 21: Bad configuration option: "
	    "PortForwardingMode");
	free(line);
	/* Not root: host keys are unreadable, which says nothing. */
	assert_int_equal(srv_classify_sshd_t(
	    "Unable to load host key: /etc/ssh/ssh_host_rsa_key\n"
	    "sshd: no hostkeys available -- exiting.\n", 1, 0, &line),
	    SRV_CFG_UNREADABLE);
	free(line);
	/* Root: missing host keys keep the daemon from starting. */
	assert_int_equal(srv_classify_sshd_t(
	    "sshd: no hostkeys available -- exiting.\n", 1, 1, &line),
	    SRV_CFG_INVALID);
	free(line);
	/* A config error is one even without root. */
	assert_int_equal(srv_classify_sshd_t(
	    "/etc/ssh/sshd_config line 3: Bad port 'x'.\n", 255, 0, &line),
	    SRV_CFG_INVALID);
	free(line);
}

static void
test_wrappers(void **state)
{
	static const struct {
		const char *text;
		const char *client;
		srv_match want;
		int line;
		int deny_opt;
	} cases[] = {
		{ "# comment\n\nsshd: 198.51.100.1\n", "198.51.100.1", SRV_YES, 3, 0 },
		{ "sshd: 198.51.100.1\n", "198.51.100.10", SRV_NO, 0, 0 },
		{ "ALL: ALL\n", "192.0.2.1", SRV_YES, 1, 0 },
		{ "sshd, vsftpd : 198.51.100.\n", "198.51.100.77", SRV_YES, 1, 0 },
		{ "sshd: 198.51.100.0/255.255.255.0\n", "198.51.100.7", SRV_YES, 1, 0 },
		{ "sshd: 198.51.100.0/24\n", "198.51.101.7", SRV_NO, 0, 0 },
		{ "sshd: [2001:db8::]/32\n", "2001:db8::1", SRV_YES, 1, 0 },
		{ "sshd: ALL EXCEPT 198.51.100.1\n", "198.51.100.1", SRV_NO, 0, 0 },
		{ "sshd: ALL EXCEPT 198.51.100.1\n", "192.0.2.2", SRV_YES, 1, 0 },
		{ "ALL EXCEPT sshd: ALL\n", "192.0.2.2", SRV_NO, 0, 0 },
		{ "vsftpd: ALL\n", "192.0.2.2", SRV_NO, 0, 0 },
		{ "sshd: .example.com\n", "192.0.2.2", SRV_MAYBE, 1, 0 },
		{ "sshd: 192.0.2.*\n", "192.0.2.2", SRV_YES, 1, 0 },
		{ "sshd: 198.51.100.1\n", NULL, SRV_MAYBE, 1, 0 },
		{ "sshd: \\\n  198.51.100.1\n", "198.51.100.1", SRV_YES, 1, 0 },
		{ "sshd: ALL : deny\n", "192.0.2.2", SRV_YES, 1, 1 },
		{ "sshd: ALL : spawn /bin/echo %a\n", "192.0.2.2", SRV_YES, 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_wrap_hit h;
		int opt;

		srv_wrap_eval(cases[i].text, cases[i].client, &h, &opt);
		if (h.match != cases[i].want || h.line != cases[i].line ||
		    opt != cases[i].deny_opt)
			fail_msg("case %zu: match %d line %d opt %d", i, h.match,
			    h.line, opt);
		free(h.text);
	}
}

static void
test_wrap_decide(void **state)
{
	srv_wrap_hit a, d;
	const srv_wrap_hit *why;
	int opt_a, opt_d;

	(void)state;
	/* allow wins over deny */
	srv_wrap_eval("sshd: 198.51.100.1\n", "198.51.100.1", &a, &opt_a);
	srv_wrap_eval("ALL: ALL\n", "198.51.100.1", &d, &opt_d);
	assert_int_equal(srv_wrap_decide(&a, opt_a, &d, &why), 0);
	assert_ptr_equal(why, &a);
	free(a.text);
	/* no allow: deny */
	srv_wrap_eval("", "198.51.100.1", &a, &opt_a);
	assert_int_equal(srv_wrap_decide(&a, opt_a, &d, &why), 1);
	assert_ptr_equal(why, &d);
	assert_string_equal(d.text, "ALL: ALL");
	free(a.text);
	free(d.text);
	/* neither */
	srv_wrap_eval("", "198.51.100.1", &a, &opt_a);
	srv_wrap_eval("", "198.51.100.1", &d, &opt_d);
	assert_int_equal(srv_wrap_decide(&a, opt_a, &d, &why), 0);
	assert_null(why);
	/* deny depends on names */
	srv_wrap_eval("sshd: .example.com\n", "198.51.100.1", &d, &opt_d);
	assert_int_equal(srv_wrap_decide(&a, opt_a, &d, &why), -1);
	free(d.text);
	/* hosts.allow with ": deny" */
	srv_wrap_eval("sshd: ALL: DENY\n", "198.51.100.1", &a, &opt_a);
	srv_wrap_eval("", "198.51.100.1", &d, &opt_d);
	assert_int_equal(srv_wrap_decide(&a, opt_a, &d, &why), 1);
	free(a.text);
	/* DenyHosts marks its lines */
	srv_wrap_eval("# DenyHosts: Sat Nov 21 05:12:40 2026 | sshd: 192.0.2.9\n"
	    "sshd: 192.0.2.9\nsshd: 192.0.2.10\n", "192.0.2.9", &d, &opt_d);
	assert_int_equal(d.match, SRV_YES);
	assert_true(d.denyhosts);
	assert_int_equal(d.line, 2);
	free(d.text);
	srv_wrap_eval("# DenyHosts: x | sshd: 192.0.2.9\nsshd: 192.0.2.9\n"
	    "sshd: 192.0.2.10\n", "192.0.2.10", &d, &opt_d);
	assert_false(d.denyhosts);
	free(d.text);
}

static void
test_fail2ban(void **state)
{
	static const char *status = "Status\n|- Number of jail:\t3\n"
	    "`- Jail list:\tnginx-http-auth, recidive, sshd\n";
	static const char *jail = "Status for the jail: sshd\n|- Filter\n"
	    "|  |- Currently failed:\t1\n|  |- Total failed:\t9\n"
	    "|  `- File list:\t/var/log/auth.log\n`- Actions\n"
	    "   |- Currently banned:\t2\n   |- Total banned:\t4\n"
	    "   `- Banned IP list:\t192.0.2.1 198.51.100.1\n";
	char **jails;
	int n;

	(void)state;
	assert_int_equal(srv_parse_f2b_jails(status, &jails), 3);
	assert_string_equal(jails[0], "nginx-http-auth");
	assert_string_equal(jails[2], "sshd");
	free(jails[0]);
	free(jails[1]);
	free(jails[2]);
	free(jails);
	assert_int_equal(srv_parse_f2b_jails("nothing\n", &jails), 0);
	assert_null(jails);
	assert_int_equal(srv_parse_f2b_status(jail, "198.51.100.1", &n), 1);
	assert_int_equal(n, 2);
	assert_int_equal(srv_parse_f2b_status(jail, "198.51.100.10", &n), 0);
	assert_int_equal(srv_parse_f2b_status(jail, NULL, &n), 0);
	assert_int_equal(srv_parse_f2b_status("ERROR NOK\n", "1.2.3.4", &n), -1);
	assert_int_equal(n, -1);

	assert_true(srv_denyhosts_lists("192.0.2.1:5:Sat Nov 21\n"
	    "198.51.100.1\n", "198.51.100.1"));
	assert_true(srv_denyhosts_lists("192.0.2.1:5:Sat\n", "192.0.2.1"));
	assert_false(srv_denyhosts_lists("192.0.2.10:5:Sat\n", "192.0.2.1"));
	assert_false(srv_denyhosts_lists("", "192.0.2.1"));
}

static void
test_health(void **state)
{
	double a[3];
	long total, avail;

	(void)state;
	assert_int_equal(srv_parse_loadavg("0.52 1.10 2.00 2/345 6789\n", a), 0);
	assert_true(a[1] > 1.09 && a[1] < 1.11);
	assert_int_equal(srv_parse_loadavg("x", a), -1);
	assert_int_equal(srv_parse_meminfo("MemTotal:       16000000 kB\n"
	    "MemFree:  100 kB\nMemAvailable:    4000000 kB\n", &total, &avail),
	    0);
	assert_int_equal(total, 16000000);
	assert_int_equal(avail, 4000000);
	assert_int_equal(srv_parse_meminfo("MemTotal: 5 kB\n", &total, &avail),
	    -1);
	assert_int_equal(srv_parse_cpu_list("0-3\n"), 4);
	assert_int_equal(srv_parse_cpu_list("0-3,6,8-9\n"), 7);
	assert_int_equal(srv_parse_cpu_list("0\n"), 1);
	assert_int_equal(srv_parse_cpu_list("3-1\n"), -1);
	assert_int_equal(srv_parse_cpu_list("a\n"), -1);
}

static void
test_logs(void **state)
{
	static const char *log =
	    "Nov 21 06:00:01 h sshd[1]: Connection from 198.51.100.1 port 5\n"
	    "Nov 21 06:00:02 h sshd[1]: Connection from 198.51.100.10 port 6\n"
	    "Nov 21 06:00:03 h cron[2]: job for 198.51.100.1\n"
	    "Nov 21 06:00:04 h sshd[3]: refused connect from 198.51.100.1 "
	    "(198.51.100.1)\n"
	    "Nov 21 06:00:05 h sshd[4]: Failed password for alice from "
	    "198.51.100.1 port 7 ssh2\x01\n";
	char **lines = NULL;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(srv_log_filter(log, "198.51.100.1", 0, &lines, &n, 10),
	    3);
	assert_int_equal(n, 3);
	assert_non_null(strstr(lines[0], "port 5"));
	assert_non_null(strstr(lines[1], "refused connect"));
	assert_non_null(strstr(lines[2], "\\x01"));	/* escaped */
	/* Only the last two kept. */
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	lines = NULL;
	n = 0;
	srv_log_filter(log, "198.51.100.1", 0, &lines, &n, 2);
	assert_int_equal(n, 2);
	assert_non_null(strstr(lines[0], "refused connect"));
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	lines = NULL;
	n = 0;
	/* Any program (a daemon's own -E log). */
	srv_log_filter(log, "198.51.100.1", 1, &lines, &n, 10);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void
test_prefix(void **state)
{
	char net[64];
	int len;

	(void)state;
	assert_int_equal(srv_parse_prefix("10.0.0.0/8", net, sizeof(net), &len),
	    AF_INET);
	assert_int_equal(len, 8);
	assert_int_equal(srv_parse_prefix("10.0.0.0/255.255.0.0", net,
	    sizeof(net), &len), AF_INET);
	assert_int_equal(len, 16);
	assert_int_equal(srv_parse_prefix("10.0.0.0/255.0.255.0", net,
	    sizeof(net), &len), 0);
	assert_int_equal(srv_parse_prefix("[2001:db8::]/48", net, sizeof(net),
	    &len), AF_INET6);
	assert_string_equal(net, "2001:db8::");
	assert_int_equal(len, 48);
	assert_int_equal(srv_parse_prefix("1.2.3.4/33", net, sizeof(net), &len),
	    0);
	assert_int_equal(srv_parse_prefix("name", net, sizeof(net), &len), 0);
	assert_true(srv_addr_in("::ffff:10.1.2.3", "10.0.0.0", 8));
	assert_true(srv_addr_in("10.1.2.3", "0.0.0.0", 0));
	assert_false(srv_addr_in("10.1.2.3", "10.1.2.4", 32));
	assert_true(srv_addr_in("10.1.2.3", "10.1.2.0", 30));
	assert_false(srv_addr_in("10.1.2.7", "10.1.2.0", 30));
}

/* The login checks' parsers: sshd -T lists, user patterns, passwd and
 * shadow lines, AuthorizedKeysFile tokens, StrictModes' path walk. */
static void
test_login_parsers(void **state)
{
	static const char T[] = "port 22\ndenyusers nobody\ndenyusers "
	    "ali*@198.51.100.*\nallowgroups wheel\nstrictmodes yes\n"
	    "authorizedkeysfile .ssh/authorized_keys /etc/keys/%u\n";
	static const char passwd[] = "root:x:0:0:root:/root:/bin/bash\n"
	    "al:x:5:5::/nope:/bin/sh\n"
	    "alice:x:1001:1001:Alice:/home/alice:/usr/sbin/nologin\n";
	static const char shadow[] = "root:*:19000:0:99999:7:::\n"
	    "alice:!$6$x$y:19000:0:99999:7::19001:\n"
	    "bob:$6$x$y:19000:0:99999:7:::\n";
	char *v, **parts;
	srv_account a;
	int locked;
	long exp;
	size_t n, i;

	(void)state;
	v = srv_T_value(T, "denyusers");
	assert_string_equal(v, "nobody ali*@198.51.100.*");
	assert_true(srv_user_list_match(v, "alice", "198.51.100.1"));
	assert_false(srv_user_list_match(v, "alice", "203.0.113.9"));
	assert_true(srv_user_list_match(v, "alice", NULL));
	assert_true(srv_user_list_match(v, "nobody", "203.0.113.9"));
	assert_false(srv_user_list_match(v, "bob", NULL));
	free(v);
	assert_null(srv_T_value(T, "allowusers"));
	assert_null(srv_T_value(T, "port 2"));
	v = srv_T_value(T, "authorizedkeysfile");
	assert_string_equal(v, ".ssh/authorized_keys /etc/keys/%u");
	free(v);

	assert_int_equal(srv_passwd_find(passwd, "alice", &a), 0);
	assert_int_equal(a.uid, 1001);
	assert_string_equal(a.home, "/home/alice");
	assert_string_equal(a.shell, "/usr/sbin/nologin");
	srv_account_clear(&a);
	assert_int_equal(srv_passwd_find(passwd, "ali", &a), -1);
	assert_int_equal(srv_passwd_find("alice:x:1\n", "alice", &a), -1);
	srv_account_clear(&a);

	assert_int_equal(srv_shadow_find(shadow, "alice", &locked, &exp), 0);
	assert_true(locked);
	assert_int_equal(exp, 19001);
	assert_int_equal(srv_shadow_find(shadow, "bob", &locked, &exp), 0);
	assert_false(locked);
	assert_int_equal(exp, -1);
	assert_int_equal(srv_shadow_find(shadow, "carol", &locked, &exp), -1);

	v = srv_expand_keys_file(".ssh/authorized_keys", "alice", "/home/alice");
	assert_string_equal(v, "/home/alice/.ssh/authorized_keys");
	free(v);
	v = srv_expand_keys_file("/etc/keys/%u.%%", "alice", "/home/alice");
	assert_string_equal(v, "/etc/keys/alice.%");
	free(v);
	v = srv_expand_keys_file("%h/k", "alice", "/home/alice");
	assert_string_equal(v, "/home/alice/k");
	free(v);
	assert_null(srv_expand_keys_file("/k/%i", "alice", "/home/alice"));

	/* Under home: up to home; elsewhere: up to /. */
	n = srv_safe_path_parts("/home/alice/.ssh/authorized_keys",
	    "/home/alice", &parts);
	assert_int_equal(n, 3);
	assert_string_equal(parts[0], "/home/alice/.ssh/authorized_keys");
	assert_string_equal(parts[1], "/home/alice/.ssh");
	assert_string_equal(parts[2], "/home/alice");
	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
	n = srv_safe_path_parts("/etc/keys/alice", "/home/alice", &parts);
	assert_int_equal(n, 4);
	assert_string_equal(parts[3], "/");
	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_net_tcp),
		cmocka_unit_test(test_proc_stat),
		cmocka_unit_test(test_sshd_cmdline),
		cmocka_unit_test(test_sshd_config),
		cmocka_unit_test(test_sshd_config_include_bounds),
		cmocka_unit_test(test_sshd_T),
		cmocka_unit_test(test_sshd_t),
		cmocka_unit_test(test_wrappers),
		cmocka_unit_test(test_wrap_decide),
		cmocka_unit_test(test_fail2ban),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_logs),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_login_parsers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
