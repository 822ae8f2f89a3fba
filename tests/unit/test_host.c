/* The host layer: allow-lists, the remote command line, the local runs and
 * reads (caps, deadlines, batch reads), reads that file contents cannot
 * forge, and the findings server probes keep on their steps. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "unit.h"
#include "host/host.h"
#include "probes/server.h"
#include "core/options.h"

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* An allow-list as a probe declares one. */
static const char *const test_cmds[] = {
	"head -c %N -- %P",
	"tail -c %N -- %P",
	"grep -s -H -m 1 -e ^ -- %P+",
	"iptables-save",
	"nft -j list ruleset",
	"%D -t -f %P",
	"%D -T",
	"systemctl is-active %S+",
	"fail2ban-client status %S",
	"ip -o route get %A",
	"id -u",
	NULL,
};

static void
test_allowed(void **state)
{
	(void)state;
	assert_true(host_allowed(test_cmds, ARGV("iptables-save")));
	assert_true(host_allowed(test_cmds, ARGV("nft", "-j", "list", "ruleset")));
	assert_true(host_allowed(test_cmds, ARGV("head", "-c", "4096", "--",
	    "/etc/ssh/sshd_config")));
	assert_true(host_allowed(test_cmds, ARGV("/usr/sbin/sshd", "-t", "-f",
	    "/tmp/swlab.x/sshd-22/sshd_config")));
	assert_true(host_allowed(test_cmds, ARGV("sshd", "-T")));
	assert_true(host_allowed(test_cmds, ARGV("grep", "-s", "-H", "-m", "1", "-e",
	    "^", "--", "/proc/1/stat", "/proc/2/stat")));
	assert_true(host_allowed(test_cmds, ARGV("systemctl", "is-active",
	    "ssh.service", "sshd.service")));
	assert_true(host_allowed(test_cmds, ARGV("fail2ban-client", "status", "sshd")));
	assert_true(host_allowed(test_cmds, ARGV("ip", "-o", "route", "get",
	    "2001:db8::1")));

	/* Not on the list, or arguments that do not validate. */
	assert_false(host_allowed(test_cmds, ARGV("rm", "-rf", "/")));
	assert_false(host_allowed(test_cmds, ARGV("sh", "-c", "id")));
	assert_false(host_allowed(test_cmds, ARGV("iptables", "-F")));
	assert_false(host_allowed(test_cmds, ARGV("iptables-save", "-c")));
	assert_false(host_allowed(test_cmds, ARGV("head", "-c", "4096", "--",
	    "relative/path")));
	assert_false(host_allowed(test_cmds, ARGV("head", "-c", "4096", "--",
	    "/etc/../etc/shadow")));
	assert_false(host_allowed(test_cmds, ARGV("head", "-c", "4096", "--",
	    "/tmp/x;reboot")));
	assert_false(host_allowed(test_cmds, ARGV("head", "-c", "-1", "--", "/etc/x")));
	assert_false(host_allowed(test_cmds, ARGV("head", "-c", "4096", "--")));
	assert_false(host_allowed(test_cmds, ARGV("/tmp/evil/sshd-x", "-t")));
	assert_false(host_allowed(test_cmds, ARGV("/tmp/sshd", "-t", "-f", "/x",
	    "-o", "x")));
	assert_false(host_allowed(test_cmds, ARGV("systemctl", "stop", "sshd")));
	assert_false(host_allowed(test_cmds, ARGV("systemctl", "is-active",
	    "-H root@x")));
	assert_false(host_allowed(test_cmds, ARGV("fail2ban-client", "set", "sshd",
	    "unbanip")));
	assert_false(host_allowed(test_cmds, ARGV("ip", "-o", "route", "get",
	    "example.com")));
	assert_false(host_allowed(test_cmds, (const char *const[]){ NULL }));
	assert_false(host_allowed(test_cmds, NULL));
	/* Another probe's list does not allow this one's commands. */
	assert_false(host_allowed((const char *const[]){ "id -u", NULL },
	    ARGV("iptables-save")));
	assert_false(host_allowed(NULL, ARGV("id", "-u")));
}

static void
test_command_line(void **state)
{
	char *s;

	(void)state;
	s = host_command_line(ARGV("iptables-save"), 0);
	assert_string_equal(s, "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" iptables-save");
	free(s);
	s = host_command_line(ARGV("iptables-save"), 1);
	assert_string_equal(s, "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" sudo -n "
	    "iptables-save");
	free(s);
	/* Reading the session's own environment never goes through sudo. */
	s = host_command_line(ARGV("printenv", "SSH_CONNECTION"), 1);
	assert_null(strstr(s, "sudo"));
	free(s);
	/* Every word is quoted for the shell. */
	s = host_command_line(ARGV("dpkg-query", "-W",
	    "-f=${db:Status-Abbrev}${Version}", "openssh-server"), 0);
	assert_non_null(strstr(s, " '-f=${db:Status-Abbrev}${Version}' "));
	free(s);
	s = host_command_line(ARGV("grep", "-e", "^", "--", "/a b"), 0);
	assert_non_null(strstr(s, "'^' -- '/a b'"));
	free(s);
}

static void
test_path_ok(void **state)
{
	(void)state;
	assert_true(host_path_ok("/etc/ssh/sshd_config"));
	assert_true(host_path_ok("/proc/123/ns/net"));
	assert_true(host_path_ok("/etc/ssh/sshd_config.d/50-cloud-init.conf"));
	assert_false(host_path_ok("etc/ssh"));
	assert_false(host_path_ok("/etc/ssh/../shadow"));
	assert_false(host_path_ok("/etc/.."));
	assert_false(host_path_ok("/tmp/$(id)"));
	assert_false(host_path_ok("/tmp/a b"));
	assert_false(host_path_ok("/tmp/a\nb"));
	assert_false(host_path_ok(NULL));
	assert_true(host_path_ok("/tmp/..x"));
}

/* A probe context with a deadline ms from now. */
static sw_probe_ctx
ctx_in(int64_t ms, atomic_int *cancel)
{
	sw_probe_ctx c;

	memset(&c, 0, sizeof(c));
	atomic_init(cancel, 0);
	c.cancel = cancel;
	c.deadline_ms = sw_now_ms() + ms;
	return c;
}

static void
test_local(void **state)
{
	sw_host *h = host_new_local(0);
	char *dir = unit_tmpdir(), *a, *b, *text = NULL, **lines = NULL;
	char **names = NULL, **texts = NULL, **links = NULL, *err = NULL;
	size_t len, n, *lens = NULL, i;
	atomic_int cancel;
	sw_probe_ctx ctx = ctx_in(10000, &cancel);
	sw_host_result r;
	int exists[2];
	const char *paths[3];

	(void)state;
	assert_int_equal(host_kind(h), SW_HOST_LOCAL);
	assert_string_equal(host_label(h), "server");
	assert_int_equal(host_open(h, &ctx, &err), 0);
	assert_null(err);
	assert_false(host_used(h));

	a = unit_write(dir, "a.txt", "first line\nsecond\n");
	b = unit_write(dir, "b.txt", "only\n");
	assert_int_equal(host_read_file(h, &ctx, a, 100, &text, &len), 0);
	assert_int_equal(len, 18);
	assert_string_equal(text, "first line\nsecond\n");
	assert_true(host_used(h));
	free(text);
	assert_int_equal(host_read_file(h, &ctx, a, 5, &text, &len), 0);
	assert_string_equal(text, "first");
	free(text);
	{
		char *missing = xasprintf("%s/missing", dir);

		assert_int_equal(host_read_file(h, &ctx, missing, 5, &text,
		    &len), HOST_ENOENT);
		assert_null(text);
		paths[0] = a;
		paths[1] = missing;
		paths[2] = b;
		assert_int_equal(host_first_lines(h, &ctx, paths, 3,
		    &lines), 0);
		assert_string_equal(lines[0], "first line");
		assert_null(lines[1]);
		assert_string_equal(lines[2], "only");
		for (i = 0; i < 3; i++)
			free(lines[i]);
		free(lines);
		assert_int_equal(host_read_files(h, &ctx, paths, 3, 6,
		    &texts, &lens), 0);
		assert_string_equal(texts[0], "first ");
		assert_null(texts[1]);
		assert_int_equal(lens[2], 5);
		for (i = 0; i < 3; i++)
			free(texts[i]);
		free(texts);
		free(lens);
		free(missing);
	}
	assert_int_equal(host_read_file(h, &ctx, "relative", 5, &text,
	    &len), HOST_EDENIED);

	assert_int_equal(host_list_dir(h, &ctx, dir, &names, &n), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	paths[0] = "/proc/self/ns/net";
	paths[1] = a;
	assert_int_equal(host_readlinks(h, &ctx, paths, 2, &links), 0);
	assert_non_null(links[0]);
	assert_true(sw_starts_with(links[0], "net:["));
	assert_null(links[1]);
	free(links[0]);
	free(links);

	paths[0] = "/bin/sh";
	paths[1] = a;
	assert_int_equal(host_executables(h, &ctx, paths, 2, exists), 0);
	assert_true(exists[0]);
	assert_false(exists[1]);

	/* A real command, its output and status. */
	assert_int_equal(host_run(h, &ctx, test_cmds, ARGV("id", "-u"), &r), 0);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 0);
	assert_int_equal(atoi(r.out), (int)geteuid());
	host_result_free(&r);
	/* A failing one: status and stderr. */
	assert_int_equal(host_run(h, &ctx, test_cmds, ARGV("head", "-c", "1", "--",
	    "/nonexistent/x"), &r), 0);
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(r.err, "No such file"));
	host_result_free(&r);
	/* Not on the allow-list: never runs. */
	assert_int_equal(host_run(h, &ctx, test_cmds, ARGV("sh", "-c", "exit 0"), &r),
	    HOST_EDENIED);
	host_result_free(&r);
	/* Output beyond the cap is cut and the program stopped. */
	{
		char cap[16];

		snprintf(cap, sizeof(cap), "%u", HOST_MAX_OUT + 100000);
		assert_int_equal(host_run(h, &ctx, test_cmds, ARGV("head", "-c", cap,
		    "--", "/dev/zero"), &r), 0);
		assert_true(r.truncated);
		assert_int_equal(r.out_len, HOST_MAX_OUT);
		host_result_free(&r);
	}
	/* A program that does not end is stopped at the deadline. */
	{
		atomic_int c2;
		sw_probe_ctx shortctx = ctx_in(300, &c2);
		int64_t t0 = sw_now_ms();

		assert_int_equal(host_run(h, &shortctx, test_cmds, ARGV("tail", "-c",
		    "10", "--", "/dev/zero"), &r), HOST_ETIME);
		assert_true(sw_now_ms() - t0 < 30000);	/* stopped, not waited for */
		assert_non_null(evidence_get(&shortctx.evidence, "cut"));
		host_result_free(&r);
		evidence_free(&shortctx.evidence);
	}
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	unit_rmtree(dir);
	evidence_free(&ctx.evidence);
	host_free(h);
	host_free(NULL);
}


/* Reads through commands (as with sudo or on another machine): a file whose
 * contents look like the framing of a batched read ("==> PATH <==", as
 * `head -v` printed it) cannot forge, cut or hide another file. */
static void
test_forged_marker(void **state)
{
	sw_host *h = host_new_local(0);
	char *dir = unit_tmpdir(), *a, *b, *c, *forged, **texts = NULL;
	char **lines = NULL;
	size_t *lens = NULL, i;
	atomic_int cancel;
	sw_probe_ctx ctx = ctx_in(20000, &cancel);
	const char *paths[3];

	(void)state;
	host_read_by_commands(h);
	b = unit_write(dir, "b", "real b\n");
	c = unit_write(dir, "c", "real c\n");
	forged = xasprintf("start of a\n\n==> %s <==\nforged b\n\n"
	    "==> %s <==\nforged c\n%s\nback\\slash\ttab\001", b, c, c);
	a = unit_write(dir, "a", forged);
	paths[0] = a;
	paths[1] = b;
	paths[2] = c;
	assert_int_equal(host_read_files(h, &ctx, paths, 3, 4096, &texts,
	    &lens), 0);
	/* Lines come back joined by newlines (no final one to lose here). */
	assert_string_equal(texts[0], forged);
	assert_int_equal(lens[0], strlen(forged));
	assert_string_equal(texts[1], "real b");
	assert_string_equal(texts[2], "real c");
	for (i = 0; i < 3; i++)
		free(texts[i]);
	free(texts);
	free(lens);
	/* First lines through grep: one record per file. */
	assert_int_equal(host_first_lines(h, &ctx, paths, 3, &lines), 0);
	assert_string_equal(lines[0], "start of a");
	assert_string_equal(lines[1], "real b");
	assert_string_equal(lines[2], "real c");
	for (i = 0; i < 3; i++)
		free(lines[i]);
	free(lines);
	/* Links through find: one record per path that exists. */
	{
		char **links = NULL;
		const char *lp[3] = { "/nonexistent/link", "/proc/self/ns/net",
			a };

		assert_int_equal(host_readlinks(h, &ctx, lp, 3, &links), 0);
		assert_null(links[0]);
		assert_non_null(links[1]);
		assert_true(sw_starts_with(links[1], "net:["));
		assert_null(links[2]);
		free(links[1]);
		free(links);
	}
	/* stat through the command, and directly: the same answers. */
	{
		const char *sp[3] = { "/nonexistent/x", dir, b };
		sw_host_stat st[3], st2[3];
		sw_host *d = host_new_local(0);
		size_t k;

		chmod(b, 0664);
		assert_int_equal(host_stat(h, &ctx, sp, 3, st), 0);
		assert_int_equal(host_stat(d, &ctx, sp, 3, st2), 0);
		assert_false(st[0].exists);
		assert_true(st[1].exists && st[1].is_dir);
		assert_true(st[2].exists && st[2].is_reg);
		assert_int_equal(st[2].mode, 0664);
		assert_int_equal(st[2].uid, (long)geteuid());
		for (k = 0; k < 3; k++) {
			assert_int_equal(st[k].exists, st2[k].exists);
			assert_int_equal(st[k].mode, st2[k].mode);
			assert_int_equal(st[k].uid, st2[k].uid);
		}
		host_free(d);
	}
	assert_true(host_used(h));
	unlink(a);
	unlink(b);
	unlink(c);
	free(a);
	free(b);
	free(c);
	free(forged);
	unit_rmtree(dir);
	evidence_free(&ctx.evidence);
	host_free(h);
}

/* The framed read's parser on its own: names only on lines not ending in
 * '$', in argument order; escapes decoded; the cap per file. */
static void
test_parse_sed_l(void **state)
{
	static const char out[] =
	    "/a\n"
	    "x\\000y\\134/b$\n"	/* "x\0y\\/b" */
	    "/b$\n"			/* a line of /a that reads "/b" */
	    "/c\n"
	    "0123456789$\n"
	    "/zzz\n"			/* not asked for: ignored */
	    "junk$\n";
	const char *paths[] = { "/a", "/b", "/c" };
	char *texts[3] = { NULL, NULL, NULL };
	size_t lens[3] = { 0, 0, 0 }, i;

	(void)state;
	assert_int_equal(host_parse_sed_l(out, sizeof(out) - 1, paths, 3, 4,
	    texts, lens), 0);
	assert_int_equal(lens[0], 4);
	assert_memory_equal(texts[0], "x\0y\\", 4);
	assert_null(texts[1]);
	assert_int_equal(lens[2], 4);
	assert_string_equal(texts[2], "0123");
	for (i = 0; i < 3; i++)
		free(texts[i]);
}

/* A command printing without end: the cap holds memory, the report says
 * what was cut, and the run ends by the deadline. */
static void
test_endless_output(void **state)
{
	sw_host *h = host_new_local(0);
	atomic_int cancel;
	sw_probe_ctx ctx = ctx_in(1500, &cancel);
	sw_host_result r;
	int64_t t0 = sw_now_ms();
	int rc;

	(void)state;
	/* Nearly 1 GB: cut at the cap, or stopped at the deadline on a slow
	 * machine; either way said in the evidence. */
	rc = host_run(h, &ctx, test_cmds, ARGV("head", "-c", "999999999",
	    "--", "/dev/zero"), &r);
	assert_true(rc == HOST_ETIME || (rc == 0 && r.truncated));
	assert_true(r.out_len <= HOST_MAX_OUT);
	assert_true(sw_now_ms() - t0 < 10000);
	assert_non_null(evidence_get(&ctx.evidence, "cut"));
	host_result_free(&r);
	evidence_free(&ctx.evidence);
	host_free(h);
}

/* Findings live in step evidence: a later one replaces an earlier one, a
 * reset starts a new server part, and the walk's steps are read too. */
static void
test_findings(void **state)
{
	atomic_int cancel;
	sw_probe_ctx ctx = ctx_in(1000, &cancel);
	srv_finding f, *v;
	size_t n;

	(void)state;
	evidence_add(&ctx.walk, "check.firewall", "pass: old part");
	evidence_add(&ctx.walk, "check.reset", "-");
	evidence_add(&ctx.walk, "check.firewall", "pass: ok 1");
	evidence_add(&ctx.walk, "check.daemon.running", "fail: down");
	evidence_add(&ctx.walk, "check.bogus", "no state here");
	srv_note(&ctx, "firewall", SW_STATE_UNCHECKED, "again %d", 2);
	assert_string_equal(evidence_get(&ctx.evidence, "check.firewall"),
	    "unchecked: again 2");
	assert_true(srv_note_get(&ctx, "firewall", &f));
	assert_string_equal(f.text, "again 2");
	assert_int_equal(f.state, SW_STATE_UNCHECKED);
	assert_false(srv_note_get(&ctx, "bogus", &f));
	n = srv_notes(&ctx, &v);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].check, "firewall");
	assert_string_equal(v[1].check, "daemon.running");
	free(v);
	srv_notes_reset(&ctx);
	assert_false(srv_note_get(&ctx, "firewall", &f));
	evidence_free(&ctx.evidence);
	evidence_free(&ctx.walk);
}

static void
test_via_object(void **state)
{
	sw_via_opts o;
	sw_host *h;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.host = "192.0.2.10";
	o.user = "admin";
	h = host_new_via(&o, secret_new("pw"));
	assert_int_equal(host_kind(h), SW_HOST_VIA);
	assert_string_equal(host_label(h), "via 192.0.2.10");
	assert_null(host_peer_ip(h));
	assert_false(host_used(h));
	assert_int_equal(host_is_root(h), -1);
	host_free(h);
}

/* The options of the server checks. */
static void
test_options(void **state)
{
	static const struct {
		const char *argv[8];
		int argc;
		const char *err;	/* NULL: parses */
	} cases[] = {
		{ { "sw", "--server", NULL }, 2, NULL },
		{ { "sw", "--server", "-p", "10022", "--client", "2001:db8::1",
		    NULL }, 6, NULL },
		{ { "sw", "--server", "--client", "host.example", NULL }, 4,
		  "bad --client 'host.example'" },
		{ { "sw", "--server", "host", NULL }, 3, "takes no target" },
		{ { "sw", "--batch", "h", "--via", "root@[2001:db8::2]:22",
		    NULL }, 5, NULL },
		{ { "sw", "--batch", "h", "--via", "-oProxyCommand=x", NULL }, 5,
		  "bad --via" },
		{ { "sw", "--batch", "h", "--via", "h2:99999", NULL }, 5,
		  "bad --via" },
		{ { "sw", "--batch", "h", "--via-identity", "k", NULL }, 5,
		  "need --via" },
		{ { "sw", "--server", "--sshd-config", "rel/cfg", NULL }, 4,
		  "absolute path" },
		{ { "sw", "--server", "--sudo", "--sshd-config", "/etc/ssh/x",
		    NULL }, 5, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_options o;
		char *err = NULL, *argv[8];
		int rc;

		/* getopt may reorder argv: give it a copy. */
		memcpy(argv, cases[i].argv, sizeof(argv));
		rc = options_parse(cases[i].argc, argv, &o, &err);

		if (cases[i].err == NULL) {
			if (rc != 0)
				fail_msg("case %zu: %s", i, err);
		} else {
			assert_int_equal(rc, -1);
			if (strstr(err, cases[i].err) == NULL)
				fail_msg("case %zu: '%s'", i, err);
		}
		free(err);
		options_free(&o);
	}
}

/* --server builds a target for this machine and a local host; --via a
 * session that is not opened before the walk needs it. */
static void
test_make_server(void **state)
{
	char *argv1[] = { "sw", "--server", "-p", "2222", "--client",
		"192.0.2.7", "--sshd-config", "/etc/ssh/alt", NULL };
	char *argv2[] = { "sw", "--batch", "--no-ssh-config", "192.0.2.9",
		"--via", "admin@192.0.2.9:22", NULL };
	sw_options o;
	sw_target *t = NULL;
	sw_host *h = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(options_parse(8, argv1, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_SERVER);
	assert_int_equal(options_make_target(&o, &t, &err), 0);
	assert_string_equal(t->host, "localhost");
	assert_int_equal(t->port, 2222);
	assert_string_equal(t->client_ip, "192.0.2.7");
	assert_string_equal(t->sshd_config, "/etc/ssh/alt");
	assert_int_equal(options_make_server(&o, t, &h, &err), 0);
	assert_non_null(h);
	assert_int_equal(host_kind(h), SW_HOST_LOCAL);
	host_free(h);
	target_free(t);
	options_free(&o);

	assert_int_equal(options_parse(6, argv2, &o, &err), 0);
	assert_int_equal(options_make_target(&o, &t, &err), 0);
	assert_int_equal(options_make_server(&o, t, &h, &err), 0);
	assert_non_null(h);
	assert_int_equal(host_kind(h), SW_HOST_VIA);
	assert_string_equal(host_label(h), "via 192.0.2.9");
	assert_false(host_used(h));
	host_free(h);
	target_free(t);
	options_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_path_ok),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_forged_marker),
		cmocka_unit_test(test_parse_sed_l),
		cmocka_unit_test(test_endless_output),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_via_object),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_make_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
