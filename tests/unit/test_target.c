/* The target resolution against the real ssh client (`ssh -G`, which
 * opens no connection): Host and Match blocks, -F, -J with several hops,
 * ProxyJump chains from the configuration, -o overrides, aliases, a
 * configuration ssh refuses, a missing -F file, the words for the ssh
 * witness, and a pasted command line giving the same target as argv. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/options.h"
#include "core/target.h"
#include "core/util.h"

static char dir[64];
static char cfg[128];
static char k1[128], k2[128];

static const char config_text[] =
    "Host box\n"
    "    HostName 192.0.2.10\n"
    "    Port 2201\n"
    "    User carol\n"
    "    IdentityFile ~/.ssh/box_key\n"
    "    IdentitiesOnly yes\n"
    "    HostKeyAlias boxkey\n"
    "Match host 192.0.2.10\n"
    "    CheckHostIP yes\n"
    "Host inner\n"
    "    HostName 192.0.2.30\n"
    "    ProxyJump gate\n"
    "Host gate\n"
    "    HostName 192.0.2.20\n"
    "    User gk\n"
    "    ProxyJump outer\n"
    "Host outer\n"
    "    HostName 192.0.2.21\n"
    "    Port 2022\n"
    "Host j2\n"
    "    HostName 192.0.2.22\n"
    "Host loop1\n"
    "    ProxyJump loop2\n"
    "Host loop2\n"
    "    ProxyJump loop1\n";

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sw-target-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(cfg, sizeof(cfg), "%s/config", dir);
	if ((f = fopen(cfg, "w")) == NULL)
		return -1;
	fputs(config_text, f);
	fclose(f);
	snprintf(k1, sizeof(k1), "%s/k1", dir);
	snprintf(k2, sizeof(k2), "%s/k2", dir);
	if ((f = fopen(k1, "w")) == NULL)
		return -1;
	fclose(f);
	if ((f = fopen(k2, "w")) == NULL)
		return -1;
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	char bad[160];

	(void)state;
	snprintf(bad, sizeof(bad), "%s/bad", dir);
	unlink(bad);
	unlink(cfg);
	unlink(k1);
	unlink(k2);
	rmdir(dir);
	return 0;
}

static sw_target *
resolve_ok(sw_target_words *w)
{
	sw_target *t = NULL;
	char *err = NULL;

	if (target_resolve(w, &t, &err) != 0)
		fail_msg("resolution failed: %s", err);
	assert_non_null(t);
	return t;
}

/* Host and Match blocks, with -F. */
static void
test_host_match(void **state)
{
	sw_target_words w = { .spec = "box", .config_file = cfg };
	sw_target *t;
	const char *home;

	(void)state;
	t = resolve_ok(&w);
	assert_non_null(t->ssh_g);
	assert_null(t->config_error);
	assert_string_equal(t->alias, "box");
	assert_string_equal(t->host, "192.0.2.10");
	assert_int_equal(t->host_src, SW_SRC_SSH_CONFIG);
	assert_int_equal(t->port, 2201);
	assert_int_equal(t->port_src, SW_SRC_SSH_CONFIG);
	assert_string_equal(t->user, "carol");
	assert_int_equal(t->user_src, SW_SRC_SSH_CONFIG);
	assert_int_equal(t->identities_only, 1);
	assert_int_equal(t->n_identities, 1);
	assert_int_equal(t->identities_src, SW_SRC_SSH_CONFIG);
	/* ~ is the home ssh uses. */
	assert_int_equal(t->identities[0][0], '/');
	home = strstr(t->identities[0], "/.ssh/box_key");
	assert_non_null(home);
	/* Match host applies to the HostName. */
	assert_int_equal(t->check_host_ip, 1);
	assert_string_equal(t->host_key_alias, "boxkey");
	assert_string_equal(t->known_host_name, "boxkey");
	assert_string_equal(t->display, "carol@box:2201");
	assert_null(t->proxy_jump);
	assert_int_equal(t->n_hops, 0);
	assert_non_null(t->kex_algorithms);
	assert_non_null(t->ciphers);
	assert_non_null(t->pubkey_accepted_algorithms);
	assert_string_equal(t->address_family, "any");
	assert_true(t->n_user_known_hosts >= 1);
	assert_true(t->n_global_known_hosts >= 1);
	target_free(t);
}

/* -p, -l and -o win over the file, and say so. */
static void
test_overrides(void **state)
{
	char *opts[] = { "Port=2299", "User=dave", "HostKeyAlias=none",
		"AddressFamily=inet" };
	sw_target_words w = { .spec = "box", .config_file = cfg,
		.opts = opts, .n_opts = 4 };
	sw_target *t;

	(void)state;
	t = resolve_ok(&w);
	assert_int_equal(t->port, 2299);
	assert_int_equal(t->port_src, SW_SRC_CMDLINE);
	assert_string_equal(t->user, "dave");
	assert_int_equal(t->user_src, SW_SRC_CMDLINE);
	assert_null(t->host_key_alias);
	assert_string_equal(t->known_host_name, "[192.0.2.10]:2299");
	assert_string_equal(t->address_family, "inet");
	assert_int_equal(target_source(t, "addressfamily"), SW_SRC_CMDLINE);
	assert_int_equal(target_source(t, "identitiesonly"),
	    SW_SRC_SSH_CONFIG);
	assert_int_equal(target_source(t, "batchmode"), SW_SRC_DEFAULT);
	target_free(t);

	/* The spec's user and port, then -l and -p winning over them. */
	w.opts = NULL;
	w.n_opts = 0;
	w.spec = "erin@box:2300";
	t = resolve_ok(&w);
	assert_string_equal(t->user, "erin");
	assert_int_equal(t->port, 2300);
	target_free(t);
	w.user = "frank";
	w.port = 2400;
	t = resolve_ok(&w);
	assert_string_equal(t->user, "frank");
	assert_int_equal(t->port, 2400);
	assert_string_equal(t->display, "frank@box:2400");
	target_free(t);
}

/* A host the configuration does not name: ssh's defaults. */
static void
test_alias_default(void **state)
{
	sw_target_words w = { .spec = "plain.example", .config_file = cfg };
	sw_target *t;

	(void)state;
	t = resolve_ok(&w);
	assert_string_equal(t->host, "plain.example");
	assert_int_equal(t->host_src, SW_SRC_DEFAULT);
	assert_int_equal(t->port, 22);
	assert_int_equal(t->port_src, SW_SRC_DEFAULT);
	assert_int_equal(t->identities_src, SW_SRC_DEFAULT);
	assert_string_equal(t->known_host_name, "plain.example");
	target_free(t);
}

/* -J with several hops: each hop resolved, in connection order. */
static void
test_jump_hops(void **state)
{
	sw_target_words w = { .spec = "box", .config_file = cfg,
		.jump = "ann@outer:2300,j2" };
	sw_target *t;

	(void)state;
	t = resolve_ok(&w);
	assert_string_equal(t->proxy_jump, "ann@outer:2300,j2");
	assert_int_equal(t->proxy_jump_src, SW_SRC_CMDLINE);
	assert_int_equal(t->n_hops, 2);
	assert_string_equal(t->hops[0]->alias, "outer");
	assert_string_equal(t->hops[0]->host, "192.0.2.21");
	assert_string_equal(t->hops[0]->user, "ann");
	assert_int_equal(t->hops[0]->port, 2300);
	assert_string_equal(t->hops[1]->alias, "j2");
	assert_string_equal(t->hops[1]->host, "192.0.2.22");
	assert_int_equal(t->hops[1]->port, 22);
	assert_int_equal(t->hops[0]->n_hops, 0);
	assert_int_equal(t->hops[1]->n_hops, 0);
	/* ssh starts j2 as "ssh -F cfg -J ann@outer:2300 j2". */
	assert_string_equal(t->hops[1]->words.jump, "ann@outer:2300");
	assert_string_equal(t->hops[1]->words.config_file, cfg);
	target_free(t);
}

/* ProxyJump in the configuration, hop behind hop. */
static void
test_config_chain(void **state)
{
	sw_target_words w = { .spec = "inner", .config_file = cfg };
	sw_target *t;
	char *err = NULL;

	(void)state;
	t = resolve_ok(&w);
	assert_int_equal(t->proxy_jump_src, SW_SRC_SSH_CONFIG);
	assert_int_equal(t->n_hops, 2);
	assert_string_equal(t->hops[0]->alias, "outer");
	assert_int_equal(t->hops[0]->port, 2022);
	assert_string_equal(t->hops[1]->alias, "gate");
	assert_string_equal(t->hops[1]->user, "gk");
	assert_string_equal(t->host, "192.0.2.30");
	target_free(t);

	/* A loop ends with an error, not forever. */
	w.spec = "loop1";
	t = NULL;
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	assert_null(t);
	assert_non_null(strstr(err, "loop"));
	free(err);
}

/* The user's words wrong: each a clear error. */
static void
test_errors(void **state)
{
	char *bad_opt[] = { "NoSuchKeyword=1" };
	sw_target_words w = { .spec = "box", .config_file = "/nonexistent/cfg" };
	sw_target *t = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	assert_non_null(strstr(err, "/nonexistent/cfg"));
	free(err);
	w.config_file = cfg;
	w.opts = bad_opt;
	w.n_opts = 1;
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	assert_non_null(strstr(err, "nosuchkeyword"));
	free(err);
	w.opts = NULL;
	w.n_opts = 0;
	w.jump = "ok,bad:0";
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	assert_non_null(strstr(err, "-J"));
	free(err);
	w.jump = NULL;
	w.spec = "bad host";
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	assert_non_null(strstr(err, "invalid characters"));
	free(err);
	w.spec = "";
	assert_int_equal(target_resolve(&w, &t, &err), -1);
	free(err);
	assert_null(t);
}

/* A configuration file ssh refuses: resolved, with ssh's words kept for
 * the diagnosis. */
static void
test_refused_config(void **state)
{
	char bad[160];
	sw_target_words w = { .spec = "box" };
	sw_target *t;
	FILE *f;

	(void)state;
	snprintf(bad, sizeof(bad), "%s/bad", dir);
	f = fopen(bad, "w");
	assert_non_null(f);
	fputs("Host box\n    Frobnicate yes\n", f);
	fclose(f);
	w.config_file = bad;
	t = resolve_ok(&w);
	assert_null(t->ssh_g);
	assert_non_null(t->config_error);
	assert_non_null(strstr(t->config_error, "Bad configuration option"));
	assert_string_equal(t->host, "box");
	target_free(t);
}

/* The words the ssh witness runs, in ssh's syntax. */
static void
test_ssh_words(void **state)
{
	char *ids[] = { k1, k2, "/nonexistent/k3" };
	char *opts[] = { "ConnectTimeout=3" };
	sw_target_words w = { .spec = "erin@box:2300", .config_file = cfg,
		.jump = "j2", .identities = ids, .n_identities = 3,
		.opts = opts, .n_opts = 1 };
	const char *expect[] = { "-F", cfg, "-J", "j2", "-p", "2300", "-l",
		"erin", "-i", k1, "-i", k2, "-i", "/nonexistent/k3", "-o",
		"ConnectTimeout=3" };
	const char *const *v;
	sw_target *t;
	size_t n, i;

	(void)state;
	t = resolve_ok(&w);
	v = target_ssh_words(t, &n);
	assert_int_equal(n, sizeof(expect) / sizeof(expect[0]));
	for (i = 0; i < n; i++)
		assert_string_equal(v[i], expect[i]);
	assert_null(v[n]);
	assert_int_equal(t->connect_timeout, 3);
	/* -i files first, as ssh offers them, then the configuration's; a
	 * missing one ssh drops, with its warning kept. */
	assert_int_equal(t->n_identities, 3);
	assert_string_equal(t->identities[0], k1);
	assert_string_equal(t->identities[1], k2);
	assert_non_null(strstr(t->identities[2], "/.ssh/box_key"));
	assert_int_equal(t->identities_src, SW_SRC_CMDLINE);
	assert_non_null(t->ssh_g_stderr);
	assert_non_null(strstr(t->ssh_g_stderr, "/nonexistent/k3"));
	target_free(t);
}

static void
assert_same_target(const sw_target *a, const sw_target *b)
{
	const char *const *va, *const *vb;
	size_t na, nb, i;

	assert_string_equal(a->display, b->display);
	assert_string_equal(a->host, b->host);
	assert_int_equal(a->port, b->port);
	assert_int_equal(a->port_src, b->port_src);
	assert_string_equal(a->user, b->user);
	assert_int_equal(a->n_identities, b->n_identities);
	for (i = 0; i < a->n_identities; i++)
		assert_string_equal(a->identities[i], b->identities[i]);
	assert_string_equal(a->known_host_name, b->known_host_name);
	assert_int_equal(a->n_hops, b->n_hops);
	for (i = 0; i < a->n_hops; i++)
		assert_string_equal(a->hops[i]->display, b->hops[i]->display);
	assert_string_equal(a->ssh_g, b->ssh_g);
	va = target_ssh_words(a, &na);
	vb = target_ssh_words(b, &nb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++)
		assert_string_equal(va[i], vb[i]);
}

/* A pasted ssh command line and the same words as arguments give the
 * same target. */
static void
test_line_equals_argv(void **state)
{
	char *line, *err = NULL;
	char *argv[] = { "sshwizard", "--batch", "-F", cfg, "-J", "j2",
		"-p", "2300", "-l", "erin", "-i", k1, "-o", "ConnectTimeout=3",
		"box", NULL };
	sw_options o;
	sw_target_words w;
	sw_target *a = NULL, *b = NULL;

	(void)state;
	assert_int_equal(options_parse(15, argv, &o, &err), 0);
	assert_int_equal(options_make_target(&o, &a, &err), 0);
	line = xasprintf("ssh -F '%s' -J j2 -p2300 -l erin -i %s -v -C "
	    "-o ConnectTimeout=3 box uptime", cfg, k1);
	assert_int_equal(target_words_from_line(line, &w, &err), 0);
	assert_int_equal(target_resolve(&w, &b, &err), 0);
	assert_same_target(a, b);
	target_free(a);
	target_free(b);
	target_words_free(&w);
	options_free(&o);
	free(line);

	/* What a shell would refuse or run is refused. */
	assert_int_equal(target_words_from_line("ssh box; rm -rf /", &w,
	    &err), -1);
	free(err);
	assert_int_equal(target_words_from_line("ssh $(id) box", &w, &err), -1);
	free(err);
	assert_int_equal(target_words_from_line("ssh -p", &w, &err), -1);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_match),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_alias_default),
		cmocka_unit_test(test_jump_hops),
		cmocka_unit_test(test_config_chain),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_refused_config),
		cmocka_unit_test(test_ssh_words),
		cmocka_unit_test(test_line_equals_argv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
