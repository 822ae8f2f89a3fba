/* Shell quoting and placeholders: quoting rules, placeholder checks, expansion
 * with and without values, and a round trip through /bin/sh showing that
 * hostile values come back byte for byte. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/shquote.h"
#include "core/util.h"

static void
assert_quote(const char *in, const char *want)
{
	char *got = shell_quote(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_shell_quote(void **state)
{
	(void)state;
	assert_quote("", "''");
	assert_quote("example.org", "example.org");
	assert_quote("user@host:22,a+b=c%d/e_f-g", "user@host:22,a+b=c%d/e_f-g");
	assert_quote("a b", "'a b'");
	assert_quote("tab\there", "'tab\there'");
	assert_quote("it's", "'it'\\''s'");
	assert_quote("'", "''\\'''");
	assert_quote("a;rm -rf ~", "'a;rm -rf ~'");
	assert_quote("$(id)`id`$HOME", "'$(id)`id`$HOME'");
	assert_quote("line1\nline2", "'line1\nline2'");
	assert_quote("\xe6\x97\xa5\xe6\x9c\xac", "'\xe6\x97\xa5\xe6\x9c\xac'");
	assert_quote("*?[a]", "'*?[a]'");
	assert_quote("~", "'~'");
	assert_quote("a\\b", "'a\\b'");
	assert_quote("\"x\"", "'\"x\"'");
}

static void
assert_check_ok(const char *tmpl)
{
	char *bad = NULL;
	size_t off = 99;

	assert_int_equal(placeholders_check(tmpl, &bad, &off), 0);
	assert_null(bad);
}

static void
assert_check_bad(const char *tmpl, const char *want_bad, size_t want_off)
{
	char *bad = NULL;
	size_t off = 99;

	assert_int_equal(placeholders_check(tmpl, &bad, &off), -1);
	assert_non_null(bad);
	assert_string_equal(bad, want_bad);
	assert_int_equal(off, want_off);
	free(bad);
}

static void assert_expand(const char *tmpl, const sw_vars *v,
    const char *want);

static void
test_placeholders_check(void **state)
{
	const char *const *n;

	(void)state;
	assert_check_ok("");
	assert_check_ok("no placeholders at all");
	assert_check_ok("ssh -p {port} {user}@{host}");
	assert_check_ok("ssh-keygen -R {ip} -f {known_hosts}; echo {client_ip}");
	assert_check_ok("awk '{{print $1}}' /etc/hosts");
	assert_check_ok("{{host}}");
	assert_check_ok("{{{host}}}");
	for (n = sw_placeholder_names; *n != NULL; n++) {
		char *t = xasprintf("x {%s} y", *n);

		assert_check_ok(t);
		free(t);
	}
	assert_check_bad("ssh {hostnam}", "{hostnam}", 4);
	assert_check_bad("ssh {Host}", "{Host}", 4);
	assert_check_bad("echo {}", "{}", 5);
	assert_check_bad("echo { host }", "{ host }", 5);
	assert_check_bad("ssh {host -p 22", "{host -p 22", 4);
	assert_check_bad("echo }", "}", 5);
	assert_check_bad("{{host}", "}", 6);
	assert_check_bad("{port} {", "{", 7);
	/* Evidence keys. */
	assert_check_ok("ssh -p {ev.ssh_port} {host}");
	assert_check_ok("{ev.a.b_c9}");
	assert_check_bad("{ev.}", "{ev.}", 0);
	assert_check_bad("{ev.a b}", "{ev.a b}", 0);
	assert_check_bad("{ev.a;b}", "{ev.a;b}", 0);
}

static const char *
fake_evidence(void *arg, const char *key)
{
	(void)arg;
	if (strcmp(key, "ssh_port") == 0)
		return "2222";
	if (strcmp(key, "nasty") == 0)
		return "x;rm -rf ~";
	if (strcmp(key, "fix_cmd") == 0)
		return "sudo nft delete rule inet 'a b' input handle 4";
	return NULL;
}

static void
test_placeholders_evidence(void **state)
{
	sw_vars v = { 0 };

	(void)state;
	v.evidence = fake_evidence;
	assert_expand("ssh -p {ev.ssh_port} h", &v, "ssh -p 2222 h");
	assert_expand("echo {ev.nasty}", &v, "echo 'x;rm -rf ~'");
	assert_expand("echo {ev.missing}", &v, "echo '<missing>'");
	/* {sh.KEY_cmd}: a command the probe quoted word by word, as it is;
	 * a missing one is a quoted stand-in; only keys ending in _cmd. */
	assert_expand("{sh.fix_cmd}", &v,
	    "sudo nft delete rule inet 'a b' input handle 4");
	assert_expand("{sh.gone_cmd}", &v, "'<gone_cmd>'");
	assert_check_ok("{sh.fix_cmd} && {ev.fix_cmd}");
	assert_check_bad("{sh.nasty}", "{sh.nasty}", 0);
	assert_check_bad("{sh._cmd}", "{sh._cmd}", 0);
	v.evidence = NULL;
	assert_expand("echo {ev.ssh_port}", &v, "echo '<ssh_port>'");
	/* {ssh_args}: the user's words, each quoted by the engine, as they
	 * are; unknown, a quoted stand-in. */
	assert_check_ok("ssh -v {ssh_args} true");
	assert_expand("ssh -v {ssh_args}", &v, "ssh -v '<ssh_args>'");
	v.ssh_args = "-F '/a b/cfg' -J j1 -l alice box";
	assert_expand("ssh -v {ssh_args} true", &v,
	    "ssh -v -F '/a b/cfg' -J j1 -l alice box true");
}

static void
assert_expand(const char *tmpl, const sw_vars *v, const char *want)
{
	char *got = placeholders_expand(tmpl, v);

	assert_string_equal(got, want);
	free(got);
}

static void
test_placeholders_expand(void **state)
{
	const sw_vars none = { 0 };
	const sw_vars all = {
		.host = "web", .hostname = "example.org",
		.known_host_name = "[example.org]:2222",
		.port = "2222", .user = "o'brien",
		.ip = "192.0.2.7", .known_hosts = "/home/me/.ssh/known hosts",
		.client_ip = "2001:db8::1",
	};
	const sw_vars nasty = { .host = "{port}", .port = "$(reboot)" };

	(void)state;
	assert_expand("", &none, "");
	assert_expand("ssh -p {port} {user}@{host}", &none,
	    "ssh -p '<port>' '<user>'@'<host>'");
	assert_expand("{ip} {known_hosts} {client_ip}", &none,
	    "'<ip>' '<known_hosts>' '<client_ip>'");
	assert_expand("{hostname} {known_host_name}", &none,
	    "'<hostname>' '<known_host_name>'");
	assert_expand("ssh -p {port} {user}@{host}", &all,
	    "ssh -p 2222 'o'\\''brien'@web");
	assert_expand("ssh-keygen -R {known_host_name} # {hostname}", &all,
	    "ssh-keygen -R '[example.org]:2222' # example.org");
	assert_expand("ssh-keygen -R {ip} -f {known_hosts} # {client_ip}", &all,
	    "ssh-keygen -R 192.0.2.7 -f '/home/me/.ssh/known hosts' # "
	    "2001:db8::1");
	assert_expand("awk '{{print $1}}' {{host}}", &all,
	    "awk '{print $1}' {host}");
	/* Unknown ones stay as they are; the validator rejects them. */
	assert_expand("{nope} {host", &all, "{nope} {host");
	/* A value is never expanded again. */
	assert_expand("{host} {port}", &nasty, "'{port}' '$(reboot)'");
	/* Empty values stay visible as an empty argument. */
	{
		const sw_vars empty = { .user = "" };

		assert_expand("id {user}", &empty, "id ''");
	}
}

/* Runs cmd with /bin/sh -c and returns what it wrote to stdout.  Caller
 * frees. */
static char *
sh_output(const char *cmd, size_t *lenp)
{
	int fds[2], status;
	pid_t pid;
	sbuf b = { 0 };
	char buf[4096];
	ssize_t got;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((got = read(fds[0], buf, sizeof(buf))) > 0)
		sbuf_addn(&b, buf, (size_t)got);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	*lenp = b.len;
	return sbuf_steal(&b);
}

static void
test_round_trip(void **state)
{
	static const char *const hostile[] = {
		"", "plain", "a;rm -rf ~", "$(touch /tmp/sw-pwned)", "`id`",
		"it's", "'", "''", "'\\''", "\\", "\\'", "a b\tc", "line1\nline2\n",
		"\n", "*", "~root", "$HOME", "${PATH}", "\"quoted\"", "!!", "-n",
		"--", "%s%n", "a|b&c>d<e", "{host}", "{{", "}",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x94\x91",
		"\xff\xfe invalid utf-8 \x80", "\x01\x1b[31m\x7f", "#comment",
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		sw_vars v = { .host = hostile[i], .user = hostile[i] };
		char *cmd = placeholders_expand("printf %s {host}", &v);
		char *out = sh_output(cmd, &len);

		assert_int_equal(len, strlen(hostile[i]));
		assert_memory_equal(out, hostile[i], len);
		free(out);
		free(cmd);

		/* Two values glued with literal text and braces. */
		cmd = placeholders_expand("printf %s {user}@{{x}}{host}", &v);
		out = sh_output(cmd, &len);
		{
			char *want = xasprintf("%s@{x}%s", hostile[i], hostile[i]);

			assert_int_equal(len, strlen(want));
			assert_memory_equal(out, want, len);
			free(want);
		}
		free(out);
		free(cmd);
	}
	/* A NULL value comes back as its stand-in. */
	{
		sw_vars v = { 0 };
		char *cmd = placeholders_expand("printf %s {known_hosts}", &v);
		char *out = sh_output(cmd, &len);

		assert_int_equal(len, strlen("<known_hosts>"));
		assert_memory_equal(out, "<known_hosts>", len);
		free(out);
		free(cmd);
	}
	assert_int_equal(access("/tmp/sw-pwned", F_OK), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_placeholders_check),
		cmocka_unit_test(test_placeholders_expand),
		cmocka_unit_test(test_placeholders_evidence),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
