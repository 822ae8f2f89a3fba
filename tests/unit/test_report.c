/* Reports: JSON parsed back field by field, Markdown well-formed with hostile
 * values, the password never written, ids stable across languages, and the
 * atomic, symlink-refusing file writer. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libintl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/i18n.h"
#include "core/loader.h"
#include "core/report.h"
#include "core/secret.h"
#include "core/target.h"
#include "core/tree.h"
#include "core/util.h"

#define SECRET "hunter2-Pa55-XyZ"
#define STARTED_MS 1700000000000LL	/* 2023-11-14T22:13:20Z */
#define FINISHED_MS 1700000005250LL	/* 2023-11-14T22:13:25Z */

/* ---- Test probes ---- */

static const sw_outcome dns_outcomes[] = {
	{ "resolved", SW_STATE_PASS, "the name resolved" },
	{ "nxdomain", SW_STATE_FAIL, "the name does not exist" },
	{ NULL, 0, NULL },
};

static const char *
dns_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "addr", "192.0.2.1");
	evidence_add(&ctx->evidence, "query", "a;rm -rf ~");
	evidence_add(&ctx->evidence, "addr", "192.0.2.2");
	evidence_add(&ctx->evidence, "addr", "2001:db8::1");
	return "resolved";
}

static const sw_outcome tcp_outcomes[] = {
	{ "open", SW_STATE_PASS, "the port accepts connections" },
	{ "refused", SW_STATE_FAIL, "the connection was refused" },
	{ NULL, 0, NULL },
};

/* Values as hostile as the network can make them. */
static const char *
tcp_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "banner", "SSH-2.0-x`y``z | w\nnext");
	evidence_add(&ctx->evidence, "tick", "`start");
	evidence_add(&ctx->evidence, "bytes", "\xff\xfe ok");
	evidence_add(&ctx->evidence, "empty", "%s", "");
	return "refused";
}

static const char *
liar_run(sw_probe_ctx *ctx)
{
	(void)ctx;
	return "bogus";
}

static const sw_probe_def p_dns = {
	.name = "t.dns", .title = "Resolve", .outcomes = dns_outcomes,
	.run = dns_run,
};
static const sw_probe_def p_tcp = {
	.name = "t.tcp", .title = "Connect", .outcomes = tcp_outcomes,
	.run = tcp_run,
};
static const sw_probe_def p_liar = {
	.name = "t.liar", .title = "Lie", .outcomes = tcp_outcomes,
	.run = liar_run,
};
static const sw_probe_def *const test_probes[] = { &p_dns, &p_tcp, &p_liar };
static const sw_registry test_reg = { test_probes, 3 };

/* ---- The tree, in YAML ---- */

/* dns --resolved--> up? --yes--> tcp --refused--> v_refused
 *                        `--no--> v_down        `--open--> v_ok
 * Titles carry pipes and backticks; the liar node is a branch of its own. */
static const char tree_yaml[] =
    "start: dns\n"
    "nodes:\n"
    "  - id: dns\n"
    "    kind: probe\n"
    "    probe: t.dns\n"
    "    title: Resolve the host name\n"
    "    on: { resolved: up, nxdomain: v_down }\n"
    "  - id: up\n"
    "    kind: question\n"
    "    title: \"Is the server `up` | running?\"\n"
    "    choices:\n"
    "      - { id: \"yes\", label: \"Yes | it is\", next: tcp }\n"
    "      - { id: \"no\", label: \"No\", next: v_down }\n"
    "  - id: tcp\n"
    "    kind: probe\n"
    "    probe: t.tcp\n"
    "    title: Connect to the SSH port\n"
    "    on: { refused: v_refused, open: v_ok }\n"
    "  - id: liar\n"
    "    kind: probe\n"
    "    probe: t.liar\n"
    "    title: Lie\n"
    "    on: { refused: v_refused, open: v_ok }\n"
    "  - id: v_refused\n"
    "    kind: verdict\n"
    "    cause: port.refused\n"
    "    title: The port is closed\n"
    "    explanation: |-\n"
    "      Nothing listens on the port.\n"
    "      - not a list\n"
    "      1. not a list either\n"
    "      # not a heading\n"
    "      See known_hosts, $HOME, {port}: a_b _x_ *y* &amp; ~~z~~ ![i]\n"
    "    suggest:\n"
    "      - where: client\n"
    "        command: \"ssh -p {port} {user}@{host}\"\n"
    "        why: Try again\n"
    "      - where: server\n"
    "        command: \"ss -tlnp | grep {port}\"\n"
    "        why: See what listens\n"
    "      - where: client\n"
    "        command: \"ssh-keygen -R {host} -f {known_hosts}\"\n"
    "  - id: v_ok\n"
    "    kind: verdict\n"
    "    cause: ok\n"
    "    title: It works\n"
    "  - id: v_down\n"
    "    kind: verdict\n"
    "    cause: unknown\n"
    "    title: The server is down\n";

/* Loads YAML text with tree_load() through a file in dir, asserting that the
 * loader found nothing wrong. */
static sw_tree *
load_yaml(const char *dir, const char *yaml)
{
	char *path = xasprintf("%s/tree.yaml", dir);
	sw_diags d = { 0 };
	sw_tree *t;
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	assert_int_equal(fputs(yaml, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	t = tree_load(path, &d);
	unlink(path);
	free(path);
	for (i = 0; i < d.n; i++) {
		char *m = diags_format(&d, i);

		print_error("%s\n", m);
		free(m);
	}
	assert_int_equal(d.n, 0);
	assert_non_null(t);
	diags_free(&d);
	return t;
}

/* ---- Fixture ---- */

typedef struct fix {
	sw_tree *tree;
	sw_target *target;
	sw_engine *e;
	sw_report_info info;
	char *dir;	/* a scratch folder */
} fix;

static sw_target *
target_hostile(void)
{
	sw_target *t = target_new();

	free(t->host);
	free(t->user);
	t->host = xstrdup("a;rm -rf ~");
	t->host_src = SW_SRC_CMDLINE;
	t->user = xstrdup("bob");
	t->user_src = SW_SRC_DEFAULT;
	t->port = 2222;
	t->port_src = SW_SRC_SSH_CONFIG;
	t->identities = xcalloc(2, sizeof(char *));
	t->identities[0] = xstrdup("/home/bob/.ssh/id_ed25519");
	t->identities[1] = xstrdup("/tmp/k 2");
	t->n_identities = 2;
	t->identities_src = SW_SRC_CMDLINE;
	free(t->known_hosts);
	t->known_hosts = xstrdup("/tmp/kh it's");
	t->password = secret_new(SECRET);
	/* A -o with a command that holds the password, as people write. */
	t->words.opts = xcalloc(2, sizeof(char *));
	t->words.opts[0] = xstrdup("ProxyCommand=sshpass -p " SECRET
	    " ssh -W %h:%p jump");
	t->words.opts[1] = xstrdup("ConnectTimeout=7");
	t->words.n_opts = 2;
	return t;
}

static void
drive(sw_engine *e)
{
	assert_int_equal(engine_start(e), 0);
	assert_int_equal(engine_wait(e, 5000), 1);
	assert_int_equal(engine_collect(e), 1);
}

static int
setup(void **state)
{
	fix *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/sw-report-XXXXXX";

	i18n_set_lang("en");
	*state = f;
	if (mkdtemp(tmpl) == NULL)
		return -1;
	f->dir = xstrdup(tmpl);
	f->tree = load_yaml(f->dir, tree_yaml);
	f->target = target_hostile();
	f->e = engine_new(f->tree, &test_reg, f->target);
	f->info.started_wall_ms = STARTED_MS;
	f->info.finished_wall_ms = FINISHED_MS;
	return 0;
}

/* The fixture walked to the v_refused verdict. */
static int
setup_verdict(void **state)
{
	fix *f;
	size_t i;

	if (setup(state) != 0)
		return -1;
	f = *state;
	drive(f->e);
	if (engine_answer(f->e, "yes") != 0)
		return -1;
	drive(f->e);
	/* The walk as if it ran between STARTED_MS and FINISHED_MS. */
	for (i = 0; i < engine_n_steps(f->e); i++) {
		sw_step *s = (sw_step *)engine_step(f->e, i);

		s->started_wall_ms = STARTED_MS + 1000 * (int64_t)i;
	}
	return engine_state(f->e) == SW_ENG_VERDICT ? 0 : -1;
}

static int
teardown(void **state)
{
	fix *f = *state;
	char *cmd;

	i18n_set_lang("en");
	engine_free(f->e);
	target_free(f->target);
	tree_free(f->tree);
	if (f->dir != NULL) {
		cmd = xasprintf("chmod -R u+rwx '%s' && rm -rf '%s'", f->dir,
		    f->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", f->dir);
		free(cmd);
	}
	free(f->dir);
	free(f);
	return 0;
}

/* ---- Helpers ---- */

static json_t *
parse(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);

	if (j == NULL)
		fail_msg("JSON does not parse: %s at line %d", err.text,
		    err.line);
	return j;
}

static json_t *
jpath(json_t *j, const char *a, const char *b)
{
	json_t *v = json_object_get(j, a);

	if (v != NULL && b != NULL)
		v = json_object_get(v, b);
	if (v == NULL)
		fail_msg("no field %s%s%s", a, b ? "." : "", b ? b : "");
	return v;
}

static void
assert_jstr(json_t *j, const char *a, const char *b, const char *want)
{
	json_t *v = jpath(j, a, b);

	if (!json_is_string(v))
		fail_msg("%s.%s is not a string", a, b ? b : "");
	assert_string_equal(json_string_value(v), want);
}

static void
assert_iso8601(json_t *v)
{
	regex_t re;

	assert_true(json_is_string(v));
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:"
	    "[0-9]{2}:[0-9]{2}Z$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, json_string_value(v), 0, NULL, 0), 0);
	regfree(&re);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	sbuf b = { 0 };
	char buf[4096];
	size_t n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_addn(&b, buf, n);
	fclose(fp);
	return sbuf_steal(&b);
}

static void
spit(const char *path, const char *s)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fputs(s, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* The number of entries in dir other than . and .. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* ---- JSON ---- */

static void
test_json_fields(void **state)
{
	fix *f = *state;
	char *text = report_json(f->e, &f->info);
	json_t *j = parse(text), *t, *steps, *s, *ev, *v, *sg;

	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_int_equal(json_integer_value(jpath(j, "report_version", NULL)),
	    1);
	assert_jstr(j, "tool", "name", "sshwizard");
	assert_jstr(j, "tool", "version", PACKAGE_VERSION);
	assert_jstr(j, "status", NULL, "problem");
	assert_true(json_is_null(jpath(j, "error", NULL)));
	assert_jstr(j, "lang", NULL, "en");
	assert_jstr(j, "source", NULL, "client");
	assert_jstr(j, "started_at", NULL, "2023-11-14T22:13:20Z");
	assert_jstr(j, "finished_at", NULL, "2023-11-14T22:13:25Z");
	assert_iso8601(jpath(j, "started_at", NULL));
	assert_int_equal(json_integer_value(jpath(j, "duration_ms", NULL)),
	    5250);
	assert_jstr(j, "current_node", NULL, "v_refused");

	t = jpath(j, "target", NULL);
	assert_jstr(t, "host", NULL, "a;rm -rf ~");
	assert_int_equal(json_integer_value(jpath(t, "port", NULL)), 2222);
	assert_jstr(t, "user", NULL, "bob");
	assert_true(json_is_null(jpath(t, "alias", NULL)));
	assert_jstr(t, "sources", "host", "cmdline");
	assert_jstr(t, "sources", "port", "ssh_config");
	assert_jstr(t, "sources", "user", "default");
	assert_jstr(t, "sources", "identities", "cmdline");
	assert_int_equal(json_array_size(jpath(t, "identities", NULL)), 2);
	assert_string_equal(json_string_value(json_array_get(
	    jpath(t, "identities", NULL), 1)), "/tmp/k 2");
	assert_true(json_is_true(jpath(t, "password_given", NULL)));
	assert_null(json_object_get(t, "password"));
	assert_jstr(t, "known_hosts", NULL, "/tmp/kh it's");

	steps = jpath(j, "steps", NULL);
	assert_int_equal(json_array_size(steps), 3);

	s = json_array_get(steps, 0);
	assert_int_equal(json_integer_value(jpath(s, "index", NULL)), 1);
	assert_jstr(s, "node", NULL, "dns");
	assert_jstr(s, "kind", NULL, "probe");
	assert_jstr(s, "probe", NULL, "t.dns");
	assert_jstr(s, "title", NULL, "Resolve the host name");
	assert_jstr(s, "outcome", NULL, "resolved");
	assert_jstr(s, "outcome_label", NULL, "the name resolved");
	assert_jstr(s, "state", NULL, "pass");
	assert_iso8601(jpath(s, "started_at", NULL));
	assert_true(json_is_integer(jpath(s, "duration_ms", NULL)));
	assert_true(json_integer_value(jpath(s, "duration_ms", NULL)) >= 0);
	ev = jpath(s, "evidence", NULL);
	/* A repeated key is one array of its values, in order; first-seen
	 * key order is kept. */
	assert_int_equal(json_object_size(ev), 2);
	assert_string_equal(json_object_iter_key(json_object_iter(ev)), "addr");
	v = jpath(ev, "addr", NULL);
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), 3);
	assert_string_equal(json_string_value(json_array_get(v, 0)),
	    "192.0.2.1");
	assert_string_equal(json_string_value(json_array_get(v, 2)),
	    "2001:db8::1");
	assert_jstr(ev, "query", NULL, "a;rm -rf ~");

	s = json_array_get(steps, 1);
	assert_jstr(s, "node", NULL, "up");
	assert_jstr(s, "kind", NULL, "question");
	assert_true(json_is_null(jpath(s, "probe", NULL)));
	assert_jstr(s, "title", NULL, "Is the server `up` | running?");
	assert_jstr(s, "outcome", NULL, "yes");
	assert_jstr(s, "outcome_label", NULL, "Yes | it is");
	assert_jstr(s, "state", NULL, "info");
	assert_int_equal(json_object_size(jpath(s, "evidence", NULL)), 0);

	s = json_array_get(steps, 2);
	assert_jstr(s, "node", NULL, "tcp");
	assert_jstr(s, "outcome", NULL, "refused");
	assert_jstr(s, "outcome_label", NULL, "the connection was refused");
	assert_jstr(s, "state", NULL, "fail");
	ev = jpath(s, "evidence", NULL);
	assert_jstr(ev, "banner", NULL, "SSH-2.0-x`y``z | w\nnext");
	/* Made valid UTF-8. */
	assert_jstr(ev, "bytes", NULL, "\\xff\\xfe ok");
	assert_jstr(ev, "empty", NULL, "");

	v = jpath(j, "verdict", NULL);
	assert_jstr(v, "cause", NULL, "port.refused");
	assert_jstr(v, "side", NULL, "client");
	assert_jstr(v, "node", NULL, "v_refused");
	assert_jstr(v, "title", NULL, "The port is closed");
	assert_non_null(strstr(json_string_value(jpath(v, "explanation", NULL)),
	    "Nothing listens"));
	sg = jpath(v, "suggestions", NULL);
	assert_int_equal(json_array_size(sg), 3);
	assert_jstr(json_array_get(sg, 0), "where", NULL, "client");
	assert_jstr(json_array_get(sg, 0), "command", NULL,
	    "ssh -p 2222 bob@'a;rm -rf ~'");
	assert_jstr(json_array_get(sg, 0), "why", NULL, "Try again");
	assert_jstr(json_array_get(sg, 1), "where", NULL, "server");
	assert_jstr(json_array_get(sg, 1), "command", NULL,
	    "ss -tlnp | grep 2222");
	assert_jstr(json_array_get(sg, 2), "command", NULL,
	    "ssh-keygen -R 'a;rm -rf ~' -f '/tmp/kh it'\\''s'");
	assert_true(json_is_null(jpath(json_array_get(sg, 2), "why", NULL)));

	json_decref(j);
	free(text);
}

static void
test_password_never_written(void **state)
{
	fix *f = *state;
	char *json = report_json(f->e, &f->info);
	char *md = report_markdown(f->e, &f->info);

	assert_string_equal(f->target->password->s, SECRET);
	assert_null(strstr(json, SECRET));
	assert_null(strstr(md, SECRET));
	assert_null(strstr(json, "hunter2"));
	assert_null(strstr(md, "hunter2"));
	assert_non_null(strstr(json, "\"password_given\": true"));
	/* The -o words are there, a command's value is not. */
	assert_non_null(strstr(json, "\"ProxyCommand=(not shown)\""));
	assert_non_null(strstr(json, "\"ConnectTimeout=7\""));
	free(json);
	free(md);

	secret_free(f->target->password);
	f->target->password = NULL;
	json = report_json(f->e, &f->info);
	assert_non_null(strstr(json, "\"password_given\": false"));
	free(json);
}

static void
test_json_source_and_ok(void **state)
{
	fix *f = *state;
	char *text;
	json_t *j;

	/* The "no" branch: a verdict without suggestions. */
	drive(f->e);
	assert_int_equal(engine_answer(f->e, "no"), 0);
	f->info.source = "via jump.example";
	text = report_json(f->e, &f->info);
	j = parse(text);
	assert_jstr(j, "source", NULL, "via jump.example");
	assert_jstr(j, "status", NULL, "problem");
	assert_jstr(j, "verdict", "cause", "unknown");
	assert_jstr(j, "verdict", "side", "client");
	assert_int_equal(json_array_size(jpath(j, "verdict", "suggestions")),
	    0);
	json_decref(j);
	free(text);

	text = report_json(f->e, NULL);	/* no info: defaults */
	j = parse(text);
	assert_jstr(j, "source", NULL, "client");
	assert_iso8601(jpath(j, "started_at", NULL));
	assert_iso8601(jpath(j, "finished_at", NULL));
	json_decref(j);
	free(text);
}

/* A verdict whose cause is "ok" gives status "ok". */
static void
test_json_status_ok(void **state)
{
	fix *f = *state;
	sw_tree *t = load_yaml(f->dir,
	    "start: q\n"
	    "nodes:\n"
	    "  - { id: q, kind: question, title: Ready?,\n"
	    "      choices: [ { id: go, label: Go, next: v } ] }\n"
	    "  - { id: v, kind: verdict, cause: ok, title: It works }\n");
	sw_engine *e;
	char *text;
	json_t *j;

	e = engine_new(t, &test_reg, f->target);
	assert_int_equal(engine_answer(e, "go"), 0);
	text = report_json(e, &f->info);
	j = parse(text);
	assert_jstr(j, "status", NULL, "ok");
	assert_jstr(j, "verdict", "cause", "ok");
	assert_true(json_is_null(jpath(j, "verdict", "explanation")));
	json_decref(j);
	free(text);
	engine_free(e);
	tree_free(t);
}

static void
test_json_incomplete(void **state)
{
	fix *f = *state;
	char *text, *md;
	json_t *j;

	drive(f->e);	/* now at the question */
	text = report_json(f->e, &f->info);
	j = parse(text);
	assert_jstr(j, "status", NULL, "incomplete");
	assert_true(json_is_null(jpath(j, "verdict", NULL)));
	assert_true(json_is_null(jpath(j, "error", NULL)));
	assert_jstr(j, "current_node", NULL, "up");
	assert_int_equal(json_array_size(jpath(j, "steps", NULL)), 1);
	json_decref(j);
	free(text);
	md = report_markdown(f->e, &f->info);
	assert_non_null(strstr(md, "The diagnosis did not finish"));
	assert_non_null(strstr(md, "`up`"));
	free(md);
}

static void
test_json_failed(void **state)
{
	fix *f = *state;
	char *text, *md;
	json_t *j;

	assert_int_equal(engine_set_start(f->e, "liar"), 0);
	assert_int_equal(engine_start(f->e), 0);
	assert_int_equal(engine_wait(f->e, 5000), 1);
	assert_int_equal(engine_collect(f->e), -1);
	text = report_json(f->e, &f->info);
	j = parse(text);
	assert_jstr(j, "status", NULL, "failed");
	assert_true(json_is_null(jpath(j, "verdict", NULL)));
	assert_jstr(j, "error", NULL, engine_error(f->e));
	assert_non_null(strstr(json_string_value(jpath(j, "error", NULL)),
	    "bogus"));
	json_decref(j);
	free(text);
	md = report_markdown(f->e, &f->info);
	assert_non_null(strstr(md, "The diagnosis failed"));
	assert_non_null(strstr(md, "bogus"));
	free(md);
}

/* Drops the fields that are in the language in effect. */
static void
strip_translated(json_t *j)
{
	json_t *steps = json_object_get(j, "steps"), *v, *sg, *x;
	size_t i;

	json_object_del(j, "lang");
	json_array_foreach(steps, i, x) {
		json_object_del(x, "title");
		json_object_del(x, "outcome_label");
	}
	v = json_object_get(j, "verdict");
	json_object_del(v, "title");
	json_object_del(v, "explanation");
	sg = json_object_get(v, "suggestions");
	json_array_foreach(sg, i, x)
		json_object_del(x, "why");
}

static void
test_json_ja_same_ids(void **state)
{
	fix *f = *state;
	char *en_text, *ja_text;
	json_t *en, *ja;
	const char *label = "the connection was refused";

	en_text = report_json(f->e, &f->info);
	assert_int_equal(i18n_set_lang("ja"), 0);
	ja_text = report_json(f->e, &f->info);
	en = parse(en_text);
	ja = parse(ja_text);
	assert_jstr(ja, "lang", NULL, "ja");
	/* Where the catalogue translates a label, the report shows it. */
	if (strcmp(_(label), label) != 0)
		assert_string_not_equal(json_string_value(jpath(json_array_get(
		    jpath(ja, "steps", NULL), 2), "outcome_label", NULL)), label);
	assert_false(json_equal(en, ja));	/* lang differs at least */
	strip_translated(en);
	strip_translated(ja);
	assert_true(json_equal(en, ja));
	/* Commands are never translated. */
	assert_jstr(ja, "verdict", "node", "v_refused");
	assert_jstr(json_array_get(jpath(ja, "verdict", "suggestions"), 0),
	    "command", NULL, "ssh -p 2222 bob@'a;rm -rf ~'");
	json_decref(en);
	json_decref(ja);
	free(en_text);
	free(ja_text);
	assert_int_equal(i18n_set_lang("en"), 0);
}

/* ---- Markdown ---- */

/* Cells in a GFM table row: unescaped pipes minus one.  A backslash escapes
 * the pipe after it whatever precedes it (GFM's rule). */
static int
row_pipes(const char *line, size_t len)
{
	size_t i;
	int n = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\\' && i + 1 < len && line[i + 1] == '|') {
			i++;
			continue;
		}
		n += line[i] == '|';
	}
	return n;
}

static void
test_markdown(void **state)
{
	fix *f = *state;
	char *md = report_markdown(f->e, &f->info);
	const char *p, *nl;
	int rows = 0, in_table = 0, tables = 0, in_fence = 0;

	/* Heading with target, date and language. */
	assert_true(sw_starts_with(md, "# "));
	nl = strchr(md, '\n');
	assert_non_null(nl);
	assert_non_null(strstr(md, "2222"));
	assert_true(strstr(md, "2023-11-14T22:13:20Z") < nl);
	assert_true(strstr(md, "(en)") < nl);

	/* The verdict first, then the path. */
	assert_non_null(strstr(md, "## Verdict: The port is closed\n"));
	assert_non_null(strstr(md, "`port.refused`"));
	assert_true(strstr(md, "## Verdict") < strstr(md, "## Path"));
	assert_non_null(strstr(md,
	    "```sh\nssh -p 2222 bob@'a;rm -rf ~'\n```\n"));
	assert_non_null(strstr(md, "```sh\nss -tlnp | grep 2222\n```\n"));
	assert_non_null(strstr(md, "```sh\nssh-keygen -R 'a;rm -rf ~' -f "
	    "'/tmp/kh it'\\''s'\n```\n"));
	assert_non_null(strstr(md, "On the server"));
	assert_non_null(strstr(md, "See what listens"));
	/* The explanation cannot start lists or headings. */
	assert_non_null(strstr(md, "\n\\- not a list\n"));
	assert_non_null(strstr(md, "\n1\\. not a list either\n"));
	assert_non_null(strstr(md, "\n\\# not a heading"));
	/* Plain text stays plain: only what would be markup is escaped. */
	assert_non_null(strstr(md, "\nSee known_hosts, $HOME, {port}: a_b "
	    "\\_x\\_ \\*y\\* \\&amp; \\~~z\\~~ \\!\\[i\\]\n"));

	/* Evidence: code spans fenced by more backticks than they hold. */
	assert_non_null(strstr(md, "```SSH-2.0-x`y``z | w\\nnext```"));
	assert_non_null(strstr(md, "`` `start ``"));
	assert_non_null(strstr(md, "`\\xff\\xfe ok`"));
	assert_non_null(strstr(md, "- `addr`: `2001:db8::1`"));

	/* One table: header, rule, a row per step, every row 4 cells. */
	for (p = md; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		if (sw_starts_with(p, "```") && !in_fence)
			in_fence = 1;
		else if (sw_starts_with(p, "```"))
			in_fence = 0;
		if (!in_fence && *p == '|') {
			tables += !in_table;
			in_table = 1;
			rows++;
			assert_int_equal(row_pipes(p, (size_t)(nl - p)), 5);
		} else {
			in_table = 0;
		}
	}
	assert_int_equal(tables, 1);
	assert_int_equal(rows, 2 + 3);
	assert_non_null(strstr(md, "Is the server \\`up\\` \\| running?"));
	assert_non_null(strstr(md, "Yes \\| it is"));
	assert_non_null(strstr(md, "(`t.tcp`)"));
	/* Nothing but newlines below U+0020. */
	for (p = md; *p != '\0'; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	free(md);
}

/* ---- Writing ---- */

static void
test_write_atomic(void **state)
{
	fix *f = *state;
	char *path = xasprintf("%s/r.json", f->dir), *got, *err = NULL, *big;
	struct stat st1, st2;
	size_t i;

	spit(path, "old content\n");
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(stat(path, &st1), 0);

	big = xmalloc(3 * 1024 * 1024 + 1);
	for (i = 0; i < 3 * 1024 * 1024; i++)
		big[i] = (char)('a' + i % 26);
	big[i] = '\0';
	assert_int_equal(report_write_file(path, big, &err), 0);
	assert_null(err);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st2.st_mode & 07777, 0600);
	assert_int_not_equal(st1.st_ino, st2.st_ino);	/* renamed in */
	got = slurp(path);
	assert_non_null(got);
	assert_string_equal(got, big);
	free(got);
	/* No temporary file left. */
	assert_int_equal(count_entries(f->dir), 1);

	/* A new file, then the report writer picks the format by name. */
	free(path);
	path = xasprintf("%s/r.md", f->dir);
	assert_int_equal(report_write(f->e, &f->info, path, &err), 0);
	got = slurp(path);
	assert_true(sw_starts_with(got, "# "));
	free(got);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st2.st_mode & 07777, 0600);
	free(path);
	path = xasprintf("%s/r.out", f->dir);
	assert_int_equal(report_write(f->e, &f->info, path, &err), 0);
	got = slurp(path);
	json_decref(parse(got));
	free(got);
	assert_int_equal(count_entries(f->dir), 3);
	free(path);
	free(big);
}

static void
test_write_refuses_symlink(void **state)
{
	fix *f = *state;
	char *victim = xasprintf("%s/victim", f->dir);
	char *link = xasprintf("%s/r.json", f->dir);
	char *dangling = xasprintf("%s/d.json", f->dir);
	char *err = NULL, *got;
	struct stat st;

	spit(victim, "keep me\n");
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(report_write_file(link, "{}\n", &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, link));
	assert_null(strchr(err, '\n'));
	free(err);
	err = NULL;
	got = slurp(victim);
	assert_string_equal(got, "keep me\n");
	free(got);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* A dangling link is refused too, and nothing is created. */
	assert_int_equal(symlink("nowhere", dangling), 0);
	assert_int_equal(report_write(f->e, &f->info, dangling, &err), -1);
	assert_non_null(err);
	free(err);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(count_entries(f->dir), 3);
	free(victim);
	free(link);
	free(dangling);
}

static void
test_write_fails_cleanly(void **state)
{
	fix *f = *state;
	char *path = xasprintf("%s/missing/r.json", f->dir), *err = NULL;
	char *want, *sub, *isdir;

	/* A folder that does not exist. */
	assert_int_equal(report_write_file(path, "{}\n", &err), -1);
	assert_non_null(err);
	want = xasprintf("%s: %s", path, strerror(ENOENT));
	assert_non_null(strstr(err, want));
	free(want);
	free(err);
	err = NULL;
	assert_int_equal(count_entries(f->dir), 0);
	free(path);

	/* The path is a folder: the temporary file was made, then must go. */
	isdir = xasprintf("%s/adir", f->dir);
	assert_int_equal(mkdir(isdir, 0700), 0);
	assert_int_equal(report_write_file(isdir, "{}\n", &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, isdir));
	free(err);
	err = NULL;
	assert_int_equal(count_entries(f->dir), 1);
	assert_int_equal(count_entries(isdir), 0);
	free(isdir);

	/* A folder nobody may write in (root may: /proc refuses even root). */
	if (geteuid() != 0) {
		sub = xasprintf("%s/ro", f->dir);
		assert_int_equal(mkdir(sub, 0500), 0);
		path = xasprintf("%s/r.json", sub);
		assert_int_equal(report_write_file(path, "{}\n", &err), -1);
		want = xasprintf("%s: %s", path, strerror(EACCES));
		assert_non_null(strstr(err, want));
		free(want);
		free(err);
		err = NULL;
		assert_int_equal(chmod(sub, 0700), 0);
		assert_int_equal(count_entries(sub), 0);
		free(path);
		free(sub);
	}
	path = xstrdup("/proc/sw-report-test.json");
	assert_int_equal(report_write_file(path, "{}\n", &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_int_equal(access(path, F_OK), -1);
	free(err);
	free(path);
}

/* A check re-run after the front end noted the end: "finished" is the end
 * of that run, not the time noted before it. */
static void
test_finished_after_rerun(void **state)
{
	fix *f = *state;
	char *text;
	json_t *j;

	f->info.finished_wall_ms = STARTED_MS + 10;
	assert_int_equal(engine_rerun(f->e), 0);	/* starts it */
	assert_int_equal(engine_wait(f->e, 5000), 1);
	assert_int_equal(engine_collect(f->e), 1);
	assert_int_equal(engine_state(f->e), SW_ENG_VERDICT);
	text = report_json(f->e, &f->info);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_not_equal(json_string_value(json_object_get(j,
	    "finished_at")), "2023-11-14T22:13:20Z");
	assert_true(json_integer_value(json_object_get(j, "duration_ms")) >
	    1000);
	json_decref(j);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_fields,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_finished_after_rerun,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_password_never_written,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_json_source_and_ok,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_status_ok,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_incomplete,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_failed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_ja_same_ids,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_markdown,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_write_atomic,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_write_refuses_symlink,
		    setup_verdict, teardown),
		cmocka_unit_test_setup_teardown(test_write_fails_cleanly,
		    setup_verdict, teardown),
	};

	i18n_init("en");
	bindtextdomain(PACKAGE, SW_BUILDDIR "/locale");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
