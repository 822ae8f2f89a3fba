/* Option parsing, target specs and `ssh -G` output. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"
#include "core/target.h"
#include "unit.h"

#define ARGV(...) (char *[]){ "sshwizard", __VA_ARGS__, NULL }

static int
parse(char **argv, int argc, sw_options *o, char **err)
{
	*err = NULL;
	return options_parse(argc, argv, o, err);
}

static void
test_batch_full(void **state)
{
	char **a = ARGV("--batch", "-p", "2222", "-l", "bob", "-i", "k1", "-i",
	    "k2", "--timeout", "0.5", "--report", "r.json", "--report", "r.md",
	    "--answer", "q=yes", "--lang", "ja", "host.example");
	sw_options o;
	char *err;

	(void)state;
	assert_int_equal(parse(a, 21, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_BATCH);
	assert_int_equal(o.words.port, 2222);
	assert_string_equal(o.words.user, "bob");
	assert_int_equal(o.words.n_identities, 2);
	assert_string_equal(o.words.identities[1], "k2");
	assert_int_equal(o.timeout_ms, 500);
	assert_int_equal(o.n_reports, 2);
	assert_string_equal(o.reports[1], "r.md");
	assert_int_equal(o.n_answers, 1);
	assert_string_equal(o.answers[0].node, "q");
	assert_string_equal(o.answers[0].choice, "yes");
	assert_string_equal(o.lang, "ja");
	assert_string_equal(o.spec, "host.example");
	options_free(&o);
}

/* --server alone is the screen wizard on the server part; with --batch,
 * in either order, the same walk in batch. */
static void
test_server_batch(void **state)
{
	char **alone = ARGV("--server", "-p", "2222");
	char **after = ARGV("--server", "--batch");
	char **before = ARGV("--batch", "--server");
	sw_options o;
	char *err;

	(void)state;
	assert_int_equal(parse(alone, 4, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_SERVER);
	assert_false(o.batch);
	options_free(&o);
	assert_int_equal(parse(after, 3, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_SERVER);
	assert_true(o.batch);
	options_free(&o);
	assert_int_equal(parse(before, 3, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_SERVER);
	assert_true(o.batch);
	options_free(&o);
}

/* Each bad command line gives -1 and a message containing the text. */
static void
test_bad(void **state)
{
	static const struct {
		char *argv[6];
		const char *msg;
	} cases[] = {
		{ { "sw", "--batch", "-p", "0", "h", NULL }, "bad port '0'" },
		{ { "sw", "--batch", "-p", "65536", "h", NULL }, "bad port '65536'" },
		{ { "sw", "--batch", "-p", "22x", "h", NULL }, "bad port '22x'" },
		{ { "sw", "--timeout", "0", "h", NULL }, "bad timeout '0'" },
		{ { "sw", "--timeout", "nan", "h", NULL }, "bad timeout 'nan'" },
		{ { "sw", "--lang", "de", "h", NULL }, "unknown language 'de'" },
		{ { "sw", "--answer", "=x", "h", NULL }, "bad answer '=x'" },
		{ { "sw", "--answer", "q=", "h", NULL }, "bad answer 'q='" },
		{ { "sw", "--nope", "h", NULL }, "unknown option '--nope'" },
		{ { "sw", "h", "extra", NULL }, "unexpected argument 'extra'" },
		{ { "sw", "--batch", NULL }, "--batch needs a target" },
		{ { "sw", "h", "--report", NULL }, "option '--report' needs a value" },
		{ { "sw", "-l", "", "h", NULL }, "empty user name" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_options o;
		char *err = NULL;
		int argc = 0;

		while (cases[i].argv[argc] != NULL)
			argc++;
		assert_int_equal(options_parse(argc, (char **)cases[i].argv, &o,
		    &err), -1);
		assert_non_null(err);
		if (strstr(err, cases[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].msg);
		free(err);
		options_free(&o);
	}
}

static void
test_help_version(void **state)
{
	char **h = ARGV("--help");
	char **v = ARGV("--version");
	sw_options o;
	char *err, *usage;

	(void)state;
	assert_int_equal(parse(h, 2, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_HELP);
	options_free(&o);
	assert_int_equal(parse(v, 2, &o, &err), 0);
	assert_int_equal(o.mode, SW_MODE_VERSION);
	options_free(&o);
	usage = options_usage("sshwizard");
	assert_non_null(strstr(usage, "--password-file"));
	assert_non_null(strstr(usage, "--known-hosts"));
	free(usage);
}

static void
test_spec(void **state)
{
	static const struct {
		const char *spec, *user, *host;
		int port;
	} good[] = {
		{ "host", NULL, "host", 0 },
		{ "alice@host", "alice", "host", 0 },
		{ "alice@host:2222", "alice", "host", 2222 },
		{ "a@b@host", "a@b", "host", 0 },
		{ "[2001:db8::1]:22", NULL, "2001:db8::1", 22 },
		{ "bob@[2001:db8::1]", "bob", "2001:db8::1", 0 },
		{ "2001:db8::1", NULL, "2001:db8::1", 0 },
		{ "198.51.100.2:10022", NULL, "198.51.100.2", 10022 },
	};
	static const char *const bad[] = { "", "@host", "alice@", "host:",
		"host:0", "host:99999", "[::1", "[::1]x", "-oProxyCommand=x",
		"u@-x" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *user, *host, *err = NULL;
		int port;

		assert_int_equal(target_parse_spec(good[i].spec, &user, &host,
		    &port, &err), 0);
		if (good[i].user)
			assert_string_equal(user, good[i].user);
		else
			assert_null(user);
		assert_string_equal(host, good[i].host);
		assert_int_equal(port, good[i].port);
		free(user);
		free(host);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *user, *host, *err = NULL;
		int port;

		if (target_parse_spec(bad[i], &user, &host, &port, &err) != -1)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(err);
		assert_null(host);
		free(err);
	}
}

static void
test_ssh_g(void **state)
{
	const char *out = "user carol\nhostname 198.51.100.2\nport 10022\n"
	    "identityfile /home/c/.ssh/id_ed25519\nidentityfile /home/c/.ssh/work\n"
	    "identitiesonly yes\nproxyjump jump.example\nproxycommand none\n"
	    "userknownhostsfile /home/c/.ssh/known_hosts /home/c/.ssh/known_hosts2\n";
	const char *defaults = "user root\nhostname web\nport 22\n"
	    "identityfile /home/c/.ssh/id_ed25519\nidentityfile /home/c/.ssh/work\n"
	    "userknownhostsfile /home/c/.ssh/known_hosts /home/c/.ssh/known_hosts2\n";
	sw_target *t = target_new();

	(void)state;
	t->alias = strdup("web");
	t->host = strdup("web");
	target_apply_ssh_g(t, out, defaults);
	assert_string_equal(t->host, "198.51.100.2");
	assert_int_equal(t->host_src, SW_SRC_SSH_CONFIG);
	assert_string_equal(t->user, "carol");
	assert_int_equal(t->user_src, SW_SRC_SSH_CONFIG);
	assert_int_equal(t->port, 10022);
	assert_int_equal(t->port_src, SW_SRC_SSH_CONFIG);
	assert_int_equal(t->n_identities, 2);
	assert_int_equal(t->identities_src, SW_SRC_DEFAULT);
	assert_int_equal(t->identities_only, 1);
	assert_string_equal(t->proxy_jump, "jump.example");
	assert_null(t->proxy_command);
	assert_string_equal(t->known_hosts, "/home/c/.ssh/known_hosts");
	assert_int_equal(t->known_hosts_src, SW_SRC_DEFAULT);
	assert_string_equal(source_name(t->port_src), "ssh_config");
	{
		char *v = ssh_g_value(out, "identityfile", 1);

		assert_string_equal(v, "/home/c/.ssh/work");
		free(v);
		assert_null(ssh_g_value(out, "identityfile", 2));
		assert_null(ssh_g_value(out, "identity", 0));	/* a prefix */
	}

	/* Values from the command line win over the configuration. */
	free(t->user);
	t->user = strdup("dave");
	t->user_src = SW_SRC_CMDLINE;
	t->port = 2200;
	t->port_src = SW_SRC_CMDLINE;
	target_apply_ssh_g(t, out, defaults);
	assert_string_equal(t->user, "dave");
	assert_int_equal(t->port, 2200);
	target_free(t);
}

static void
test_make_target(void **state)
{
	char **a = ARGV("--batch", "--no-ssh-config", "-p", "2022",
	    "--known-hosts", "/tmp/kh", "erin@198.51.100.7:10022");
	sw_options o;
	sw_target *t;
	char *err;

	(void)state;
	setenv("SSHPASS", "s3cret", 1);
	assert_int_equal(parse(a, 8, &o, &err), 0);
	assert_int_equal(options_make_target(&o, &t, &err), 0);
	/* -p given after the spec's port: the option wins. */
	assert_int_equal(t->port, 2022);
	assert_int_equal(t->port_src, SW_SRC_CMDLINE);
	assert_string_equal(t->user, "erin");
	assert_string_equal(t->host, "198.51.100.7");
	assert_string_equal(t->known_hosts, "/tmp/kh");
	assert_non_null(t->password);
	assert_string_equal(t->password->s, "s3cret");
	/* SSHPASS is gone from the environment, so no child sees it. */
	assert_null(getenv("SSHPASS"));
	target_free(t);
	options_free(&o);
}

/* --key: a .pub file (or the private key beside it) is read once into
 * "TYPE BASE64 FILE"; a fingerprint is kept; anything else is a usage
 * error.  The target carries them to the server checks. */
static void
test_key(void **state)
{
	static const char pub[] = "# a comment\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5"
	    "AAAAIAqrJ0f8U7THmbqEGSk1Xa6dwiESOfrjclyTxrmk5fPP alice@client\n";
	char *dir = unit_tmpdir(), *p = unit_write(dir, "id.pub", pub);
	char *priv = unit_write(dir, "id", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
	char *junk = unit_write(dir, "junk", "not a key\n");
	char *want = xasprintf("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqrJ0f8U7THmb"
	    "qEGSk1Xa6dwiESOfrjclyTxrmk5fPP %s", p);
	char *fp = "SHA256:9iyyvI78Y4+dLTfM9q7nHY5IdgxgiJdxFgDsCDBYJp0";
	sw_options o;
	sw_target *t = NULL;
	char *err;

	(void)state;
	assert_int_equal(parse(ARGV("--server", "-l", "alice", "--key", p,
	    "--key", priv, "--key", fp), 10, &o, &err), 0);
	assert_int_equal(o.n_keys, 3);
	assert_string_equal(o.keys[0], want);
	assert_string_equal(o.keys[1], want);	/* id stands for id.pub */
	assert_string_equal(o.keys[2], fp);
	assert_int_equal(options_make_target(&o, &t, &err), 0);
	assert_int_equal(t->n_check_keys, 3);
	assert_string_equal(t->check_keys[2], fp);
	target_free(t);
	options_free(&o);

	assert_int_equal(parse(ARGV("--server", "--key", junk), 4, &o, &err), -1);
	assert_non_null(strstr(err, "not a public key file"));
	free(err);
	options_free(&o);
	assert_int_equal(parse(ARGV("--server", "--key", "SHA256:short"), 4, &o,
	    &err), -1);
	assert_non_null(strstr(err, "43 characters"));
	free(err);
	options_free(&o);
	free(want);
	free(p);
	free(priv);
	free(junk);
	unit_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_full),
		cmocka_unit_test(test_server_batch),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_ssh_g),
		cmocka_unit_test(test_make_target),
		cmocka_unit_test(test_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
