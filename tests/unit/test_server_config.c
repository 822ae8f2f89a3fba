/* The deciding sshd_config line (server_config.c) over the one config
 * reader: Include globs and relative names, Match blocks (also inside an
 * included file, and an Include inside a Match block), sshd's first-value
 * rule, the effective value as the authority, line numbers that count
 * blank lines; Match criteria; the sed command that rewrites a line; df
 * output and when a filesystem counts as full; ls -Z output (SELinux) and
 * the shell helpers of the account check. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "fakefs.h"
#include "probes/server.h"

static const char *const files[] = {
	"/etc/ssh/sshd_config",
	"# main\n"				/* 1 */
	"\n"					/* 2 */
	"Include sshd_config.d/*.conf\n"	/* 3 */
	"PermitRootLogin no\n"			/* 4 */
	"DenyUsers nobody\n"			/* 5 */
	"ChallengeResponseAuthentication no\n"	/* 6 */
	"\n"					/* 7 */
	"Match User alice\n"			/* 8 */
	"  PasswordAuthentication no\n"		/* 9 */
	"Match Address 10.0.0.0/8,!10.9.0.0/16\n"	/* 10 */
	"  Include /etc/ssh/match.d/*.conf\n"	/* 11 */
	"  AllowUsers root\n"			/* 12 */
	"Match all\n"				/* 13 */
	"PubkeyAuthentication yes # on\n",	/* 14 */
	"/etc/ssh/sshd_config.d/10-deny.conf",
	"DenyUsers bob alice\n"
	"PermitRootLogin=prohibit-password\n"
	"Match Group wheel\n"
	"  PermitRootLogin yes\n",
	"/etc/ssh/match.d/a.conf",
	"\n\nPermitRootLogin yes\n",
	NULL,
};

static void
test_where(void **state)
{
	fakefs fs = { files };
	srv_reader rd = { fake_read, fake_list, &fs };
	srv_sshd_config c;
	const char *const wheel[] = { "alice", "wheel", NULL };
	const char *const plain[] = { "alice", NULL };
	srv_conn far = { "alice", plain, "198.51.100.1", "198.51.100.1",
		NULL, 22 };
	srv_conn near = { "alice", plain, "10.1.2.3", "10.1.2.3", NULL, 22 };
	srv_conn hole = { "alice", plain, "10.9.2.3", "10.9.2.3", NULL, 22 };
	srv_conn unknown = { "bob", NULL, NULL, NULL, NULL, 0 };
	srv_conn admin = { "carol", wheel, "198.51.100.1", "198.51.100.1",
		NULL, 22 };
	const srv_cfg_line *l;
	size_t *idx, n;
	int maybe;
	char *s;

	(void)state;
	assert_int_equal(srv_parse_sshd_config("/etc/ssh/sshd_config", &rd, &c),
	    0);
	assert_int_equal(c.n_files, 3);

	/* The included file comes first, where the Include stands: its
	 * PermitRootLogin (written with '=') wins over line 4. */
	l = srv_config_where(&c, "permitrootlogin", &far, "without-password",
	    &maybe);
	assert_non_null(l);
	assert_string_equal(c.files[l->file],
	    "/etc/ssh/sshd_config.d/10-deny.conf");
	assert_int_equal(l->line, 2);
	assert_false(maybe);
	s = srv_config_line_str(&c, l);
	assert_string_equal(s, "/etc/ssh/sshd_config.d/10-deny.conf:2: "
	    "PermitRootLogin=prohibit-password");
	free(s);

	/* From 10.1.2.3, the Match Address block applies and the file it
	 * includes sets it; blank lines count. */
	l = srv_config_where(&c, "PermitRootLogin", &near, "yes", &maybe);
	assert_non_null(l);
	assert_string_equal(c.files[l->file], "/etc/ssh/match.d/a.conf");
	assert_int_equal(l->line, 3);
	s = srv_config_line_str(&c, l);
	assert_string_equal(s, "/etc/ssh/match.d/a.conf:3: PermitRootLogin yes "
	    "(in the Match block at /etc/ssh/sshd_config:10: Match Address "
	    "10.0.0.0/8,!10.9.0.0/16)");
	free(s);
	/* ... but not from the negated 10.9/16. */
	l = srv_config_where(&c, "PermitRootLogin", &hole, "without-password",
	    NULL);
	assert_int_equal(l->line, 2);
	/* A Match block in an included file: Group wheel. */
	l = srv_config_where(&c, "PermitRootLogin", &admin, "yes", NULL);
	assert_string_equal(c.files[l->file],
	    "/etc/ssh/sshd_config.d/10-deny.conf");
	assert_int_equal(l->line, 4);
	/* The Match block of the included file ends with it: line 4 of the
	 * main file is outside every block. */
	assert_int_equal(c.lines[3].line, 4);
	assert_int_equal(c.lines[3].match, -1);

	/* Unknown groups and address: the blocks may apply; sshd -T says
	 * "yes", so the first of them does (maybe); says "without-password":
	 * none does. */
	l = srv_config_where(&c, "PermitRootLogin", &unknown, "yes", &maybe);
	assert_string_equal(c.files[l->file],
	    "/etc/ssh/sshd_config.d/10-deny.conf");
	assert_int_equal(l->line, 4);
	assert_true(maybe);
	l = srv_config_where(&c, "PermitRootLogin", &unknown,
	    "without-password", &maybe);
	assert_int_equal(l->line, 2);
	assert_false(maybe);
	/* Without the effective value a block that may apply is not taken. */
	l = srv_config_where(&c, "PermitRootLogin", &unknown, NULL, &maybe);
	assert_int_equal(l->line, 2);

	/* Match User alice; the old name counts as the new one. */
	l = srv_config_where(&c, "PasswordAuthentication", &far, "no", NULL);
	assert_int_equal(l->line, 9);
	l = srv_config_where(&c, "kbdinteractiveauthentication", &far, "no",
	    NULL);
	assert_int_equal(l->line, 6);
	/* After "Match all": a block that always applies, so it beats the
	 * lines outside; the comment is not part of the value. */
	l = srv_config_where(&c, "PubkeyAuthentication", &far, "yes", NULL);
	assert_int_equal(l->line, 14);
	assert_string_equal(l->value, "yes");
	/* Not in any file: the compiled-in default decides. */
	assert_null(srv_config_where(&c, "AuthenticationMethods", &far, "any",
	    NULL));
	/* A line that disagrees with sshd -T is never quoted. */
	assert_null(srv_config_where(&c, "PasswordAuthentication", &far, "yes",
	    NULL));

	/* DenyUsers adds up over the lines outside Match blocks ... */
	n = srv_config_lines(&c, "DenyUsers", &far, 0, &idx);
	assert_int_equal(n, 2);
	assert_string_equal(c.lines[idx[0]].value, "bob alice");
	assert_string_equal(c.lines[idx[1]].value, "nobody");
	free(idx);
	/* ... and AllowUsers in a Match block that applies replaces them. */
	n = srv_config_lines(&c, "AllowUsers", &near, 0, &idx);
	assert_int_equal(n, 1);
	assert_int_equal(c.lines[idx[0]].line, 12);
	free(idx);
	n = srv_config_lines(&c, "AllowUsers", &far, 0, &idx);
	assert_int_equal(n, 0);
	assert_null(idx);
	n = srv_config_lines(&c, "AllowUsers", &unknown, 1, &idx);
	assert_int_equal(n, 1);
	free(idx);

	/* The edit command: sed's one-line change, every word quoted. */
	s = srv_config_edit_cmd(&c, &c.lines[0], "DenyUsers bob");
	assert_string_equal(s, "sudo sed -i '1c\\DenyUsers bob' "
	    "/etc/ssh/sshd_config.d/10-deny.conf");
	free(s);
	s = srv_config_edit_cmd(&c, &c.lines[0], "DenyUsers it's");
	assert_string_equal(s, "sudo sed -i '1c\\DenyUsers it'\\''s' "
	    "/etc/ssh/sshd_config.d/10-deny.conf");
	free(s);
	assert_null(srv_config_edit_cmd(&c, &c.lines[0], "a\\nb"));
	srv_sshd_config_clear(&c);
}

static void
test_match_eval(void **state)
{
	const char *const groups[] = { "users", "wheel", NULL };
	srv_conn a = { "alice", groups, "host.example", "192.0.2.7",
		"192.0.2.1", 2222 };
	srv_conn none = { NULL, NULL, NULL, NULL, NULL, 0 };

	(void)state;
	assert_int_equal(srv_match_eval("all", &a), SRV_YES);
	assert_int_equal(srv_match_eval("User alice", &a), SRV_YES);
	assert_int_equal(srv_match_eval("User=al*", &a), SRV_YES);
	assert_int_equal(srv_match_eval("User ALICE", &a), SRV_NO);
	assert_int_equal(srv_match_eval("User *,!alice", &a), SRV_NO);
	assert_int_equal(srv_match_eval("User bob,alice Address 192.0.2.0/24",
	    &a), SRV_YES);
	assert_int_equal(srv_match_eval("User alice Address 10.0.0.0/8", &a),
	    SRV_NO);
	assert_int_equal(srv_match_eval("Group wheel", &a), SRV_YES);
	assert_int_equal(srv_match_eval("Group admin,!users", &a), SRV_NO);
	assert_int_equal(srv_match_eval("Host *.EXAMPLE", &a), SRV_YES);
	assert_int_equal(srv_match_eval("LocalAddress 192.0.2.1", &a), SRV_YES);
	assert_int_equal(srv_match_eval("LocalPort 22", &a), SRV_NO);
	assert_int_equal(srv_match_eval("LocalPort 2222", &a), SRV_YES);
	assert_int_equal(srv_match_eval("Address 192.0.2.*", &a), SRV_YES);
	assert_int_equal(srv_match_eval("RDomain blue", &a), SRV_MAYBE);
	assert_int_equal(srv_match_eval("RDomain blue User bob", &a), SRV_NO);
	assert_int_equal(srv_match_eval("User", &a), SRV_MAYBE);
	assert_int_equal(srv_match_eval("", &a), SRV_MAYBE);
	assert_int_equal(srv_match_eval("User alice", &none), SRV_MAYBE);
	assert_int_equal(srv_match_eval("Group wheel", &none), SRV_MAYBE);

	assert_true(srv_config_value_agrees("x", "prohibit-password",
	    "without-password"));
	assert_true(srv_config_value_agrees("x", "YES", "yes"));
	assert_true(srv_config_value_agrees("x", "publickey,password",
	    "publickey,password"));
	assert_false(srv_config_value_agrees("x", "publickey,password",
	    "publickey"));
	assert_true(srv_config_value_agrees("x", "+ssh-rsa",
	    "ssh-ed25519,ssh-rsa"));
	assert_true(srv_config_value_agrees("x", "2m", "120"));
	assert_false(srv_config_value_agrees("x", "no", "yes"));
}

/* A config past the line cap keeps what it can and says so. */
static void
test_where_bounds(void **state)
{
	static const char *big_files[] = { "/c", NULL, NULL };
	fakefs fs = { big_files };
	srv_reader rd = { fake_read, fake_list, &fs };
	srv_sshd_config c;
	sbuf b = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < SRV_CFG_LINES_MAX + 10; i++)
		sbuf_add(&b, "DenyUsers x\n");
	big_files[1] = b.s;
	assert_int_equal(srv_parse_sshd_config("/c", &rd, &c), 0);
	assert_int_equal(c.n_lines, SRV_CFG_LINES_MAX);
	assert_int_equal(c.n_problems, 1);
	assert_non_null(strstr(c.problems[0], "more than"));
	srv_sshd_config_clear(&c);
	sbuf_free(&b);
}

/* df -P and -Pi as GNU coreutils prints them, a mount point with a space,
 * junk lines; full by space, by inodes, a filesystem without inodes. */
static void
test_df(void **state)
{
	static const char blocks[] =
	    "Filesystem     1024-blocks  Used Available Capacity Mounted on\n"
	    "swtest                 512   512         0     100% /tmp/lab/home/alice\n"
	    "/dev/sda1         30832548 18433444  10809908      64% /\n"
	    "junk line\n"
	    "tmpfs 100 10 x 10% /x\n"
	    "//srv/share 1000 1 999 1% /mnt/my share\n";
	static const char inodes[] =
	    "Filesystem     Inodes IUsed IFree IUse% Mounted on\n"
	    "swtest             64    64     0  100% /tmp/lab/home/alice\n"
	    "/dev/sda1     1966080 400000 1566080   21% /\n"
	    "btrfs               0     0     0     - /b\n";
	srv_df *b, *in;
	size_t nb, ni;

	(void)state;
	nb = srv_parse_df(blocks, &b);
	assert_int_equal(nb, 3);
	assert_string_equal(b[0].fs, "swtest");
	assert_int_equal(b[0].total, 512);
	assert_int_equal(b[0].avail, 0);
	assert_int_equal(b[0].pct, 100);
	assert_string_equal(b[0].mount, "/tmp/lab/home/alice");
	assert_string_equal(b[1].mount, "/");
	assert_string_equal(b[2].mount, "/mnt/my share");
	ni = srv_parse_df(inodes, &in);
	assert_int_equal(ni, 3);
	assert_int_equal(srv_df_full(&b[0], &in[0]), 3);
	assert_int_equal(srv_df_full(&b[1], &in[1]), 0);
	assert_int_equal(srv_df_full(NULL, &in[0]), 2);
	assert_int_equal(srv_df_full(&b[0], NULL), 1);
	/* No inodes reported (btrfs): never out of them. */
	assert_int_equal(srv_df_full(NULL, &in[2]), 0);
	free(b);
	free(in);
	assert_int_equal(srv_parse_df("", &b), 0);
	assert_null(b);
	assert_int_equal(srv_parse_df("Filesystem ...\n", &b), 0);
	assert_null(b);
}

/* ls -Zd as coreutils 8+ prints it, the long form of older ones, MLS
 * levels with colons of their own, no SELinux ("?"); the shell helpers. */
static void
test_selinux_shell(void **state)
{
	char type[64];

	(void)state;
	assert_int_equal(srv_parse_ls_Z("unconfined_u:object_r:ssh_home_t:s0 "
	    "/home/alice/.ssh\n", type, sizeof(type)), 0);
	assert_string_equal(type, "ssh_home_t");
	assert_int_equal(srv_parse_ls_Z("drwx------. alice alice "
	    "system_u:object_r:user_home_t:s0:c0.c1023 /home/alice/.ssh\n",
	    type, sizeof(type)), 0);
	assert_string_equal(type, "user_home_t");
	assert_int_equal(srv_parse_ls_Z("? /home/alice/.ssh\n", type,
	    sizeof(type)), -1);
	assert_string_equal(type, "");
	assert_int_equal(srv_parse_ls_Z("ls: /x: No such file\n", type,
	    sizeof(type)), -1);
	assert_int_equal(srv_parse_ls_Z("", type, sizeof(type)), -1);
	/* A type longer than the buffer is cut, never overrun. */
	assert_int_equal(srv_parse_ls_Z("u:r:aaaaaaaaaaaaaaaaaaaa:s0 /x", type,
	    8), 0);
	assert_string_equal(type, "aaaaaaa");

	assert_true(srv_shell_refuses("/usr/sbin/nologin"));
	assert_true(srv_shell_refuses("/sbin/nologin"));
	assert_true(srv_shell_refuses("/bin/false"));
	assert_true(srv_shell_refuses("false"));
	assert_false(srv_shell_refuses("/bin/bash"));
	assert_false(srv_shell_refuses("/usr/bin/falsey"));
	assert_true(srv_shells_lists("# /etc/shells\n/bin/sh\n/bin/bash \n",
	    "/bin/bash"));
	assert_false(srv_shells_lists("/bin/bash2\n/bin/sh\n", "/bin/bash"));
	assert_false(srv_shells_lists("", "/bin/sh"));
}

/* sshd -E writes "\r\n": the CR is not part of the quoted line. */
static void
test_log_crlf(void **state)
{
	char **lines = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(srv_log_filter("sshd[1]: User alice from 192.0.2.1 "
	    "not allowed because listed in DenyUsers\r\n", "192.0.2.1", 0,
	    &lines, &n, 10), 1);
	assert_string_equal(lines[0], "sshd[1]: User alice from 192.0.2.1 not "
	    "allowed because listed in DenyUsers");
	free(lines[0]);
	free(lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_match_eval),
		cmocka_unit_test(test_where_bounds),
		cmocka_unit_test(test_df),
		cmocka_unit_test(test_selinux_shell),
		cmocka_unit_test(test_log_crlf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
