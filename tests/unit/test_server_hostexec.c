/* The hostexec interface: the allow-list, the remote command line, and the
 * local runs and reads (caps, deadlines, batch reads). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "core/hostexec.h"
#include "core/options.h"

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void
test_allowed(void **state)
{
	(void)state;
	assert_true(hostexec_allowed(ARGV("iptables-save")));
	assert_true(hostexec_allowed(ARGV("nft", "-j", "list", "ruleset")));
	assert_true(hostexec_allowed(ARGV("head", "-c", "4096", "--",
	    "/etc/ssh/sshd_config")));
	assert_true(hostexec_allowed(ARGV("/usr/sbin/sshd", "-t", "-f",
	    "/tmp/swlab.x/sshd-22/sshd_config")));
	assert_true(hostexec_allowed(ARGV("sshd", "-T")));
	assert_true(hostexec_allowed(ARGV("grep", "-s", "-H", "-m", "1", "-e",
	    "^", "--", "/proc/1/stat", "/proc/2/stat")));
	assert_true(hostexec_allowed(ARGV("systemctl", "is-active",
	    "ssh.service", "sshd.service")));
	assert_true(hostexec_allowed(ARGV("fail2ban-client", "status", "sshd")));
	assert_true(hostexec_allowed(ARGV("ip", "-o", "route", "get",
	    "2001:db8::1")));

	/* Not on the list, or arguments that do not validate. */
	assert_false(hostexec_allowed(ARGV("rm", "-rf", "/")));
	assert_false(hostexec_allowed(ARGV("sh", "-c", "id")));
	assert_false(hostexec_allowed(ARGV("iptables", "-F")));
	assert_false(hostexec_allowed(ARGV("iptables-save", "-c")));
	assert_false(hostexec_allowed(ARGV("head", "-c", "4096", "--",
	    "relative/path")));
	assert_false(hostexec_allowed(ARGV("head", "-c", "4096", "--",
	    "/etc/../etc/shadow")));
	assert_false(hostexec_allowed(ARGV("head", "-c", "4096", "--",
	    "/tmp/x;reboot")));
	assert_false(hostexec_allowed(ARGV("head", "-c", "-1", "--", "/etc/x")));
	assert_false(hostexec_allowed(ARGV("head", "-c", "4096", "--")));
	assert_false(hostexec_allowed(ARGV("/tmp/evil/sshd-x", "-t")));
	assert_false(hostexec_allowed(ARGV("/tmp/sshd", "-t", "-f", "/x",
	    "-o", "x")));
	assert_false(hostexec_allowed(ARGV("systemctl", "stop", "sshd")));
	assert_false(hostexec_allowed(ARGV("systemctl", "is-active",
	    "-H root@x")));
	assert_false(hostexec_allowed(ARGV("fail2ban-client", "set", "sshd",
	    "unbanip")));
	assert_false(hostexec_allowed(ARGV("ip", "-o", "route", "get",
	    "example.com")));
	assert_false(hostexec_allowed((const char *const[]){ NULL }));
	assert_false(hostexec_allowed(NULL));
}

static void
test_command_line(void **state)
{
	char *s;

	(void)state;
	s = hostexec_command_line(ARGV("iptables-save"), 0);
	assert_string_equal(s, "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" iptables-save");
	free(s);
	s = hostexec_command_line(ARGV("iptables-save"), 1);
	assert_string_equal(s, "exec env LC_ALL=C "
	    "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\" sudo -n "
	    "iptables-save");
	free(s);
	/* Reading the session's own environment never goes through sudo. */
	s = hostexec_command_line(ARGV("printenv", "SSH_CONNECTION"), 1);
	assert_null(strstr(s, "sudo"));
	free(s);
	/* Every word is quoted for the shell. */
	s = hostexec_command_line(ARGV("dpkg-query", "-W",
	    "-f=${db:Status-Abbrev}${Version}", "openssh-server"), 0);
	assert_non_null(strstr(s, " '-f=${db:Status-Abbrev}${Version}' "));
	free(s);
	s = hostexec_command_line(ARGV("grep", "-e", "^", "--", "/a b"), 0);
	assert_non_null(strstr(s, "'^' -- '/a b'"));
	free(s);
}

static void
test_path_ok(void **state)
{
	(void)state;
	assert_true(hostexec_path_ok("/etc/ssh/sshd_config"));
	assert_true(hostexec_path_ok("/proc/123/ns/net"));
	assert_true(hostexec_path_ok("/etc/ssh/sshd_config.d/50-cloud-init.conf"));
	assert_false(hostexec_path_ok("etc/ssh"));
	assert_false(hostexec_path_ok("/etc/ssh/../shadow"));
	assert_false(hostexec_path_ok("/etc/.."));
	assert_false(hostexec_path_ok("/tmp/$(id)"));
	assert_false(hostexec_path_ok("/tmp/a b"));
	assert_false(hostexec_path_ok("/tmp/a\nb"));
	assert_false(hostexec_path_ok(NULL));
	assert_true(hostexec_path_ok("/tmp/..x"));
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
	sw_hostexec *h = hostexec_new_local(0);
	char *dir = unit_tmpdir(), *a, *b, *text = NULL, **lines = NULL;
	char **names = NULL, **texts = NULL, **links = NULL, *err = NULL;
	size_t len, n, *lens = NULL, i;
	atomic_int cancel;
	sw_probe_ctx ctx = ctx_in(10000, &cancel);
	sw_hx_result r;
	int exists[2];
	const char *paths[3];

	(void)state;
	assert_int_equal(hostexec_kind(h), SW_HX_LOCAL);
	assert_string_equal(hostexec_label(h), "server");
	assert_int_equal(hostexec_open(h, &ctx, &err), 0);
	assert_null(err);
	assert_false(hostexec_used(h));

	a = unit_write(dir, "a.txt", "first line\nsecond\n");
	b = unit_write(dir, "b.txt", "only\n");
	assert_int_equal(hostexec_read_file(h, &ctx, a, 100, &text, &len), 0);
	assert_int_equal(len, 18);
	assert_string_equal(text, "first line\nsecond\n");
	assert_true(hostexec_used(h));
	free(text);
	assert_int_equal(hostexec_read_file(h, &ctx, a, 5, &text, &len), 0);
	assert_string_equal(text, "first");
	free(text);
	{
		char *missing = xasprintf("%s/missing", dir);

		assert_int_equal(hostexec_read_file(h, &ctx, missing, 5, &text,
		    &len), HX_ENOENT);
		assert_null(text);
		paths[0] = a;
		paths[1] = missing;
		paths[2] = b;
		assert_int_equal(hostexec_first_lines(h, &ctx, paths, 3,
		    &lines), 0);
		assert_string_equal(lines[0], "first line");
		assert_null(lines[1]);
		assert_string_equal(lines[2], "only");
		for (i = 0; i < 3; i++)
			free(lines[i]);
		free(lines);
		assert_int_equal(hostexec_read_files(h, &ctx, paths, 3, 6,
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
	assert_int_equal(hostexec_read_file(h, &ctx, "relative", 5, &text,
	    &len), HX_EDENIED);

	assert_int_equal(hostexec_list_dir(h, &ctx, dir, &names, &n), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);

	paths[0] = "/proc/self/ns/net";
	paths[1] = a;
	assert_int_equal(hostexec_readlinks(h, &ctx, paths, 2, &links), 0);
	assert_non_null(links[0]);
	assert_true(sw_starts_with(links[0], "net:["));
	assert_null(links[1]);
	free(links[0]);
	free(links);

	paths[0] = "/bin/sh";
	paths[1] = a;
	assert_int_equal(hostexec_executables(h, &ctx, paths, 2, exists), 0);
	assert_true(exists[0]);
	assert_false(exists[1]);

	/* A real command, its output and status. */
	assert_int_equal(hostexec_run(h, &ctx, ARGV("id", "-u"), &r), 0);
	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 0);
	assert_int_equal(atoi(r.out), (int)geteuid());
	hostexec_result_free(&r);
	/* A failing one: status and stderr. */
	assert_int_equal(hostexec_run(h, &ctx, ARGV("head", "-c", "1", "--",
	    "/nonexistent/x"), &r), 0);
	assert_int_not_equal(r.status, 0);
	assert_non_null(strstr(r.err, "No such file"));
	hostexec_result_free(&r);
	/* Not on the allow-list: never runs. */
	assert_int_equal(hostexec_run(h, &ctx, ARGV("sh", "-c", "exit 0"), &r),
	    HX_EDENIED);
	hostexec_result_free(&r);
	/* Output beyond the cap is cut and the program stopped. */
	{
		char cap[16];

		snprintf(cap, sizeof(cap), "%u", HX_MAX_OUT + 100000);
		assert_int_equal(hostexec_run(h, &ctx, ARGV("head", "-c", cap,
		    "--", "/dev/zero"), &r), 0);
		assert_true(r.truncated);
		assert_int_equal(r.out_len, HX_MAX_OUT);
		hostexec_result_free(&r);
	}
	/* A program that does not end is stopped at the deadline. */
	{
		atomic_int c2;
		sw_probe_ctx shortctx = ctx_in(300, &c2);
		int64_t t0 = sw_now_ms();

		assert_int_equal(hostexec_run(h, &shortctx, ARGV("tail", "-c",
		    "10", "--", "/dev/zero"), &r), HX_ETIME);
		assert_true(sw_now_ms() - t0 < 2000);
		hostexec_result_free(&r);
	}
	/* The notes. */
	hostexec_note(h, "firewall", SW_STATE_PASS, "ok %d", 1);
	hostexec_note(h, "daemon.running", SW_STATE_FAIL, "down");
	hostexec_note(h, "firewall", SW_STATE_UNCHECKED, "again");
	assert_string_equal(hostexec_note_get(h, "firewall")->text, "again");
	assert_int_equal(hostexec_note_get(h, "firewall")->state,
	    SW_STATE_UNCHECKED);
	assert_string_equal(hostexec_note_at(h, 1)->check, "daemon.running");
	assert_null(hostexec_note_at(h, 2));
	hostexec_notes_clear(h);
	assert_null(hostexec_note_get(h, "firewall"));

	unlink(a);
	unlink(b);
	free(a);
	free(b);
	unit_rmtree(dir);
	hostexec_free(h);
	hostexec_free(NULL);
}

static void
test_via_object(void **state)
{
	sw_via_opts o;
	sw_hostexec *h;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.host = "192.0.2.10";
	o.user = "admin";
	h = hostexec_new_via(&o, secret_new("pw"));
	assert_int_equal(hostexec_kind(h), SW_HX_VIA);
	assert_string_equal(hostexec_label(h), "via 192.0.2.10");
	assert_null(hostexec_peer_ip(h));
	assert_false(hostexec_used(h));
	assert_int_equal(hostexec_is_root(h), -1);
	hostexec_free(h);
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

/* --server builds a target for this machine and a local hostexec; --via a
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
	sw_hostexec *h = NULL;
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
	assert_int_equal(hostexec_kind(h), SW_HX_LOCAL);
	hostexec_free(h);
	target_free(t);
	options_free(&o);

	assert_int_equal(options_parse(6, argv2, &o, &err), 0);
	assert_int_equal(options_make_target(&o, &t, &err), 0);
	assert_int_equal(options_make_server(&o, t, &h, &err), 0);
	assert_non_null(h);
	assert_int_equal(hostexec_kind(h), SW_HX_VIA);
	assert_string_equal(hostexec_label(h), "via 192.0.2.9");
	assert_false(hostexec_used(h));
	hostexec_free(h);
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
		cmocka_unit_test(test_via_object),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_make_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
