/* The table of known messages (data/messages.yaml) and the matcher: every
 * sample log in tests/logs is recognised as the right message, every start
 * node exists in the shipped tree, broken tables are reported at
 * FILE:LINE:COLUMN, and hostile input (random bytes, 2 MiB, no newlines,
 * NUL bytes, UTF-16) neither crashes nor takes long. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/loader.h"
#include "core/logmatch.h"
#include "core/probe.h"
#include "core/tree.h"
#include "unit.h"

#define MAX_MATCHES 16

static sw_logtable *shipped;

/* Loads data/messages.yaml once for the group. */
static int
setup(void **state)
{
	sw_diags d = { 0 };
	char *path = xasprintf("%s/data/messages.yaml", unit_srcdir());
	size_t i;

	(void)state;
	shipped = logtable_load(path, &d);
	for (i = 0; i < d.n; i++) {
		char *line = diags_format(&d, i);

		fprintf(stderr, "%s\n", line);
		free(line);
	}
	diags_free(&d);
	free(path);
	return shipped == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	logtable_free(shipped);
	return 0;
}

/* Matches text; returns the number of matches, fills m. */
static size_t
match(const char *text, size_t len, sw_logmatch *m)
{
	return logtable_match(shipped, text, len, m, MAX_MATCHES);
}

static void
clear_all(sw_logmatch *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		logmatch_clear(&m[i]);
}

/* Reads a whole small file.  Caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = xmalloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const struct {
	const char *file;
	const char *id;		/* the best match */
	const char *start;
	const char *line;	/* a piece of the line shown */
} samples[] = {
	{ "openssh-refused.txt", "ssh_refused", "tcp", "port 22: Connection refused" },
	{ "openssh-v-timeout.txt", "ssh_timeout", "route", "connect to address 203.0.113.40" },
	{ "openssh-vvv-auth.txt", "auth_denied", "banner", "Permission denied (publickey)." },
	{ "openssh-hostkey-changed.txt", "hostkey_changed", "banner", "HAS CHANGED" },
	{ "openssh-kex.txt", "kex_no_match", "banner", "no matching key exchange method" },
	{ "openssh-ident-closed.txt", "ident_closed", "banner", "kex_exchange_identification" },
	{ "openssh-ident-reset.txt", "ident_reset", "banner", "reset by peer" },
	{ "openssh-old-ident.txt", "ident_closed", "banner", "ssh_exchange_identification" },
	{ "openssh-resolve.txt", "dns_unresolved", "dns", "srv-old" },
	{ "openssh-resolve-temp.txt", "dns_temporary", "dns", "Temporary failure" },
	{ "openssh-no-route.txt", "ssh_no_route_host", "route", "10.20.30.40" },
	{ "openssh-too-many.txt", "auth_too_many", "banner", "Too many" },
	{ "openssh-banner-timeout.txt", "banner_timeout", "banner", "banner exchange" },
	{ "openssh-not-ssh.txt", "banner_not_ssh", "banner", "port 80: invalid format" },
	{ "openssh-not-permitted.txt", "ssh_not_permitted", "tcp", "Operation not permitted" },
	{ "openssh-key-unprotected.txt", "key_unprotected", "config", "UNPROTECTED" },
	{ "macos-timeout.txt", "ssh_timeout_bsd", "route", "Operation timed out" },
	{ "putty-refused.txt", "ssh_refused", "tcp", "Network error: Connection refused" },
	{ "putty-timeout.txt", "ssh_timeout", "route", "Network error" },
	{ "putty-closed.txt", "putty_server_closed", "banner", "unexpectedly closed" },
	{ "putty-event-log.txt", "ssh_refused", "tcp", "Failed to connect to 192.0.2.30" },
	{ "putty-host-not-exist.txt", "putty_host_not_exist", "dns", "Host does not exist" },
	{ "putty-no-auth.txt", "putty_no_auth_methods", "banner", "server sent: publickey" },
	{ "windows-utf16.txt", "ssh_timeout", "route", "192.0.2.5 port 22" },
};

static void
test_samples(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char *path = xasprintf("%s/tests/logs/%s", unit_srcdir(),
		    samples[i].file);
		sw_logmatch m[MAX_MATCHES];
		size_t len, n;
		char *text = slurp(path, &len);

		n = match(text, len, m);
		if (n == 0 || strcmp(m[0].id, samples[i].id) != 0)
			fail_msg("%s: expected %s, got %s", samples[i].file,
			    samples[i].id, n ? m[0].id : "nothing");
		assert_string_equal(m[0].start, samples[i].start);
		if (strstr(m[0].line, samples[i].line) == NULL)
			fail_msg("%s: line '%s' lacks '%s'", samples[i].file,
			    m[0].line, samples[i].line);
		/* Lines are shown escaped: no CR, no NUL, no newline. */
		assert_null(strchr(m[0].line, '\r'));
		assert_null(strchr(m[0].line, '\n'));
		assert_non_null(m[0].summary);
		clear_all(m, n);
		free(text);
		free(path);
	}
}

/* One line per entry, each the best match for its entry: no entry is
 * shadowed by one placed before it. */
static const struct {
	const char *id;
	const char *line;
} one_line[] = {
	{ "config_bad_permissions", "Bad owner or permissions on /home/kim/.ssh/config" },
	{ "config_bad_option", "/home/kim/.ssh/config: line 7: Bad configuration option: hostnmae" },
	{ "hostname_invalid", "hostname contains invalid characters" },
	{ "key_load_failed", "Load key \"/home/kim/.ssh/id.ppk\": invalid format" },
	{ "identity_missing", "Warning: Identity file /home/kim/.ssh/nope not accessible: No such file or directory." },
	{ "account_unavailable", "This account is currently not available." },
	{ "jump_prohibited", "channel 0: open failed: administratively prohibited: open failed" },
	{ "jump_connect_failed", "channel 0: open failed: connect failed: Connection refused" },
	{ "key_unprotected", "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @" },
	{ "hostkey_changed", "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @" },
	{ "putty_hostkey_changed", "WARNING - POTENTIAL SECURITY BREACH!" },
	{ "hostkey_verification_failed", "Host key verification failed." },
	{ "hostkey_unknown", "The authenticity of host '192.0.2.3 (192.0.2.3)' can't be established." },
	{ "putty_hostkey_unknown", "The host key is not cached for this server:" },
	{ "auth_too_many", "Received disconnect from 192.0.2.9 port 22:2: Too many authentication failures" },
	{ "auth_denied", "kim@192.0.2.9: Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password)." },
	{ "auth_password_retry", "Permission denied, please try again." },
	{ "putty_no_auth_methods", "Disconnected: No supported authentication methods available (server sent: publickey)" },
	{ "putty_access_denied", "Access denied" },
	{ "auth_no_more_methods", "debug1: No more authentication methods to try." },
	{ "kex_no_match", "Unable to negotiate with 192.0.2.4 port 22: no matching host key type found. Their offer: ssh-rsa,ssh-dss" },
	{ "putty_kex_no_match", "Couldn't agree a key exchange algorithm (available: curve25519-sha256)" },
	{ "banner_timeout", "Connection timed out during banner exchange" },
	{ "banner_not_ssh", "banner exchange: Connection to 192.0.2.4 port 22: invalid format" },
	{ "ident_reset", "kex_exchange_identification: read: Connection reset by peer" },
	{ "ident_closed", "kex_exchange_identification: Connection closed by remote host" },
	{ "ident_other", "kex_exchange_identification: banner line contains invalid characters" },
	{ "putty_server_closed", "Server unexpectedly closed network connection" },
	{ "putty_remote_closed", "Remote side unexpectedly closed network connection" },
	{ "conn_aborted", "Network error: Software caused connection abort" },
	{ "conn_reset", "Connection reset by 192.0.2.4 port 22" },
	{ "conn_closed", "Connection closed by 192.0.2.4 port 22" },
	{ "ssh_refused", "ssh: connect to host 192.0.2.4 port 2222: Connection refused" },
	{ "ssh_prohibited", "ssh: connect to host 2001:db8::4 port 22: Permission denied" },
	{ "ssh_not_permitted", "ssh: connect to host 192.0.2.4 port 22: Operation not permitted" },
	{ "ssh_no_route_host", "ssh: connect to host 192.0.2.4 port 22: No route to host" },
	{ "ssh_net_unreachable", "ssh: connect to host 192.0.2.4 port 22: Network is unreachable" },
	{ "ssh_timeout", "ssh: connect to host 192.0.2.4 port 22: Connection timed out" },
	{ "ssh_timeout_bsd", "ssh: connect to host 192.0.2.4 port 22: Operation timed out" },
	{ "dns_temporary", "ssh: Could not resolve hostname a.example: Temporary failure in name resolution" },
	{ "dns_unresolved", "ssh: Could not resolve hostname a.example: No address associated with hostname" },
	{ "dns_not_known", "getent: a.example: Name or service not known" },
	{ "dns_nodename", "nodename nor servname provided, or not known" },
	{ "putty_host_not_exist", "Host does not exist" },
	{ "debug_auth_success", "Authenticated to 192.0.2.4 ([192.0.2.4]:22) using \"publickey\". debug1: Authentication succeeded (publickey)." },
	{ "debug_auth_methods", "debug1: Authentications that can continue: publickey,password" },
	{ "debug_host_key", "debug1: Server host key: ssh-ed25519 SHA256:abc" },
	{ "debug_remote_version", "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6" },
	{ "debug_established", "debug1: Connection established." },
	{ "debug_connecting", "debug1: Connecting to 192.0.2.4 [192.0.2.4] port 22." },
};

static void
test_every_entry(void **state)
{
	size_t i, k, n;
	sw_logmatch m[MAX_MATCHES];
	char *path = xasprintf("%s/data/messages.yaml", unit_srcdir());
	size_t len;
	char *table = slurp(path, &len), *p;

	(void)state;
	for (i = 0; i < sizeof(one_line) / sizeof(one_line[0]); i++) {
		n = match(one_line[i].line, strlen(one_line[i].line), m);
		if (n == 0 || strcmp(m[0].id, one_line[i].id) != 0)
			fail_msg("'%s': expected %s, got %s", one_line[i].line,
			    one_line[i].id, n ? m[0].id : "nothing");
		clear_all(m, n);
	}
	/* And every entry of the table has its line here. */
	for (p = table; (p = strstr(p, "\n  - id: ")) != NULL; p++) {
		char id[64];

		assert_int_equal(sscanf(p, "\n  - id: %63s", id), 1);
		for (k = 0; k < sizeof(one_line) / sizeof(one_line[0]); k++)
			if (strcmp(one_line[k].id, id) == 0)
				break;
		if (k == sizeof(one_line) / sizeof(one_line[0]))
			fail_msg("entry '%s' has no sample line in one_line[]", id);
	}
	free(table);
	free(path);
}

/* Every witness meaning in the table is an outcome of ssh.witness other
 * than "works", and the newer OpenSSH wording of a key it cannot load is
 * recognised as well. */
static void
test_witness(void **state)
{
	const sw_probe_def *w = registry_find(&sw_builtin_probes, "ssh.witness");
	char *path = xasprintf("%s/data/messages.yaml", unit_srcdir());
	sw_diags d = { 0 };
	sw_logtable *t = logtable_load(path, &d);
	sw_logmatch m[MAX_MATCHES];
	const char *lib = "Load key \"/k.ppk\": error in libcrypto";
	size_t i, n, with = 0;

	(void)state;
	assert_non_null(w);
	assert_non_null(t);
	for (i = 0; i < sizeof(one_line) / sizeof(one_line[0]); i++) {
		n = logtable_match(t, one_line[i].line, strlen(one_line[i].line),
		    m, MAX_MATCHES);
		assert_true(n > 0);
		if (m[0].witness != NULL) {
			with++;
			if (probe_outcome(w, m[0].witness) == NULL ||
			    strcmp(m[0].witness, "works") == 0)
				fail_msg("'%s': witness '%s' is no failing "
				    "outcome of ssh.witness", m[0].id,
				    m[0].witness);
		}
		clear_all(m, n);
	}
	assert_true(with >= 20);
	n = logtable_match(t, lib, strlen(lib), m, MAX_MATCHES);
	assert_true(n > 0);
	assert_string_equal(m[0].id, "key_load_failed");
	assert_string_equal(m[0].witness, "key");
	clear_all(m, n);
	logtable_free(t);
	diags_free(&d);
	free(path);
}

static void
test_unrelated(void **state)
{
	char *path = xasprintf("%s/tests/logs/unrelated.txt", unit_srcdir());
	sw_logmatch m[MAX_MATCHES];
	size_t len;
	char *text = slurp(path, &len);

	(void)state;
	assert_int_equal(match(text, len, m), 0);
	assert_int_equal(match("", 0, m), 0);
	assert_int_equal(logtable_match(shipped, "Connection refused", 18, m, 0),
	    0);
	assert_int_equal(logtable_match(NULL, "x", 1, m, 4), 0);
	free(text);
	free(path);
}

/* A log with several known lines: all are listed, in table order, each
 * once, and the best names the latest stage reached. */
static void
test_order(void **state)
{
	const char *log =
	    "debug1: Connecting to h [192.0.2.1] port 22.\n"
	    "debug1: Connection established.\n"
	    "Received disconnect from 192.0.2.1 port 22:2: Too many authentication failures\n"
	    "Too many authentication failures\n";
	sw_logmatch m[MAX_MATCHES];
	size_t n = match(log, strlen(log), m), i, j;

	(void)state;
	assert_true(n >= 3);
	assert_string_equal(m[0].id, "auth_too_many");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(m[i].id, m[j].id);
	assert_string_equal(m[n - 1].id, "debug_connecting");
	clear_all(m, n);
	/* max bounds the list. */
	n = logtable_match(shipped, log, strlen(log), m, 1);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].id, "auth_too_many");
	clear_all(m, n);
}

/* The regex refines the literal: "Permission denied" alone is neither a
 * login failure nor a forbidden connection. */
static void
test_regex_refines(void **state)
{
	sw_logmatch m[MAX_MATCHES];
	const char *a = "rm: cannot remove 'x': Permission denied\n";
	const char *b = "ssh: connect to host 192.0.2.4 port 22: Permission denied\n";
	const char *c = "kim@192.0.2.4: Permission denied (publickey,password).\n";
	size_t n;

	(void)state;
	assert_int_equal(match(a, strlen(a), m), 0);
	n = match(b, strlen(b), m);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].id, "ssh_prohibited");
	clear_all(m, n);
	n = match(c, strlen(c), m);
	assert_true(n >= 1);
	assert_string_equal(m[0].id, "auth_denied");
	clear_all(m, n);
	/* The literal on a later line than a failed regex try is found. */
	{
		const char *d = "x: Permission denied\n"
		    "ssh: connect to host 192.0.2.4 port 22: Permission denied\n";

		n = match(d, strlen(d), m);
		assert_int_equal(n, 1);
		assert_string_equal(m[0].id, "ssh_prohibited");
		assert_non_null(strstr(m[0].line, "192.0.2.4"));
		clear_all(m, n);
	}
}

/* Every start node names a node of the shipped tree. */
static void
test_starts_exist(void **state)
{
	char *tpath = xasprintf("%s/wizard/main.yaml", unit_srcdir());
	char *mpath = xasprintf("%s/data/messages.yaml", unit_srcdir());
	sw_diags d = { 0 };
	sw_tree *tree = tree_load(tpath, &d);
	size_t len;
	char *text = slurp(mpath, &len), *p;

	(void)state;
	assert_non_null(tree);
	for (p = text; (p = strstr(p, "\n    start: ")) != NULL; p++) {
		char id[64];

		assert_int_equal(sscanf(p, "\n    start: %63s", id), 1);
		if (tree_find(tree, id) == NULL)
			fail_msg("data/messages.yaml: start '%s' is not a node "
			    "of wizard/main.yaml", id);
	}
	diags_free(&d);
	tree_free(tree);
	free(text);
	free(tpath);
	free(mpath);
}

/* Broken tables: each problem at FILE:LINE:COLUMN, and no table. */
static void
test_bad_tables(void **state)
{
	static const struct {
		const char *yaml;
		const char *want;	/* in the formatted problem */
	} bad[] = {
		{ "messages: [\n", ":2:1: " },
		{ "- a\n- b\n", ":1:1: the table must be a mapping" },
		{ "messages: 3\n", ":1:11: 'messages' must be a sequence" },
		{ "version: 1\n", "'messages' must be a sequence" },
		{ "messages: []\n", "the table has no messages" },
		{ "messages:\n  - id: a\n    text: x\n    start: tcp\n", ":2:5: a message entry has no 'summary'" },
		{ "messages:\n  - id: a\n    text: x\n    start: tcp\n    summary: s\n    colour: red\n",
		  ":6:5: unknown key 'colour'" },
		{ "messages:\n  - id: a\n    text: x\n    regex: \"(\"\n    start: tcp\n    summary: s\n",
		  ":4:12: bad regular expression" },
		{ "messages:\n  - id: A B\n    text: x\n    start: tcp\n    summary: s\n", ":2:9: invalid id 'A B'" },
		{ "messages:\n  - id: a\n    text: \"\"\n    start: tcp\n    summary: s\n", ":3:11: 'text' must be a non-empty string" },
		{ "messages:\n  - id: a\n    text: [x]\n    start: tcp\n    summary: s\n", ":3:11: 'text' must be a string" },
		{ "messages:\n  - id: a\n    text: x\n    start: tcp\n    summary: s\n"
		  "  - id: a\n    text: y\n    start: tcp\n    summary: s\n", ":6:5: duplicate id 'a'" },
		{ "messages:\n  - just a string\n", ":2:5: a message entry must be a mapping" },
		{ "messages:\n  - id: a\n    id: b\n    text: x\n    start: tcp\n    summary: s\n", ":3:5: duplicate key 'id'" },
		{ "messages:\n  - id: a\n    text: x\n    start: Not_A_Node\n    summary: s\n", ":4:12: invalid node id" },
	};
	char *dir = unit_tmpdir();
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *path = unit_write(dir, "t.yaml", bad[i].yaml);
		sw_diags d = { 0 };
		sw_logtable *t = logtable_load(path, &d);
		int seen = 0;

		assert_null(t);
		assert_true(d.n > 0);
		for (k = 0; k < d.n; k++) {
			char *line = diags_format(&d, k);

			seen |= strstr(line, bad[i].want) != NULL &&
			    strncmp(line, path, strlen(path)) == 0;
			if (!seen && k == d.n - 1)
				fprintf(stderr, "case %zu: got %s\n", i, line);
			free(line);
		}
		if (!seen)
			fail_msg("case %zu: no problem with '%s'", i, bad[i].want);
		diags_free(&d);
		free(path);
	}
	/* A missing file is a problem too. */
	{
		char *path = xasprintf("%s/absent.yaml", dir);
		sw_diags d = { 0 };

		assert_null(logtable_load(path, &d));
		assert_int_equal(d.n, 1);
		diags_free(&d);
		free(path);
	}
	unit_rmtree(dir);
}

/* Hostile input: random bytes, NULs, no newline in 2 MiB, a line per
 * byte, UTF-16 look-alikes.  Nothing crashes, everything is quick. */
static void
test_hostile(void **state)
{
	size_t big = 2 * 1024 * 1024, n, i;
	char *buf = xmalloc(big + 1);
	sw_logmatch m[MAX_MATCHES];
	int64_t t0;
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < big; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (char)(seed >> 16);
	}
	t0 = sw_now_ms();
	n = match(buf, big, m);
	clear_all(m, n);
	assert_true(sw_now_ms() - t0 < 3000);

	/* The same literal many times with a regex that never matches, in
	 * one endless line. */
	for (i = 0; i + 18 <= big; i += 18)
		memcpy(buf + i, "Permission denied ", 18);
	t0 = sw_now_ms();
	n = match(buf, big, m);
	clear_all(m, n);
	assert_true(sw_now_ms() - t0 < 3000);

	/* A newline every other byte: very many short lines. */
	for (i = 0; i < big; i++)
		buf[i] = i % 2 ? '\n' : 'x';
	t0 = sw_now_ms();
	assert_int_equal(match(buf, big, m), 0);
	assert_true(sw_now_ms() - t0 < 3000);

	/* A message past the first MiB is not read; one before it is. */
	memset(buf, 'a', big);
	memcpy(buf + big - 100, "Connection refused", 18);
	assert_int_equal(match(buf, big, m), 0);
	memcpy(buf + 1000, "\nConnection refused\n", 20);
	n = match(buf, big, m);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].line, "Connection refused");
	clear_all(m, n);

	/* NUL bytes inside a line and a UTF-16 look-alike of random text. */
	memcpy(buf, "ssh: connect to host x\0y port 22: Connection refused\n", 53);
	n = match(buf, 53, m);
	assert_int_equal(n, 1);
	assert_non_null(strstr(m[0].line, "\\x00"));
	clear_all(m, n);
	for (i = 0; i < 4096; i++)
		buf[i] = i % 2 ? '\0' : (char)(0x80 + i % 64);
	n = match(buf, 4096, m);
	clear_all(m, n);
	assert_int_equal(n, 0);
	/* A long line is shown cut, never whole. */
	memset(buf, 'z', 100000);
	memcpy(buf + 50000, "Connection refused", 18);
	n = match(buf, 100000, m);
	assert_int_equal(n, 1);
	assert_true(strlen(m[0].line) <= 300 * 4);
	clear_all(m, n);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_every_entry),
		cmocka_unit_test(test_unrelated),
		cmocka_unit_test(test_witness),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_regex_refines),
		cmocka_unit_test(test_starts_exist),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
