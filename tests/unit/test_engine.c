/* The engine on small test trees with probes of its own: walking to a
 * verdict, questions, back, re-run, cancel, the completion descriptor,
 * internal errors, the step limit and freeing while a probe runs. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/loader.h"
#include "core/i18n.h"
#include "core/session.h"
#include "core/target.h"
#include "core/tree.h"
#include "core/util.h"

/* ---- Test probes ---- */

static atomic_int runs_ok;	/* how often t.ok ran */
static atomic_int saw_cancel;	/* t.slow noticed the cancel flag */

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static const sw_outcome okbad[] = {
	{ "ok", SW_STATE_PASS, "it works" },
	{ "bad", SW_STATE_FAIL, "it does not work" },
	{ NULL, 0, NULL },
};

static const char *
ok_run(sw_probe_ctx *ctx)
{
	atomic_fetch_add(&runs_ok, 1);
	evidence_add(&ctx->evidence, "seen", "%d", atomic_load(&runs_ok));
	return "ok";
}

static const char *
bad_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "addr", "192.0.2.1");
	evidence_add(&ctx->evidence, "addr", "192.0.2.2");
	evidence_add(&ctx->evidence, "error", "connection refused");
	return "bad";
}

/* Finishes after 150 ms (before SW_ENGINE_AHEAD_MS), so a poll can see it
 * still running first. */
static const char *
nap_run(sw_probe_ctx *ctx)
{
	nap_ms(150);
	evidence_add(&ctx->evidence, "slept_ms", "150");
	return "ok";
}

static const char *
liar_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "lie", "yes");
	return "bogus";
}

static const sw_outcome slow_outcomes[] = {
	{ "done", SW_STATE_PASS, "finished" },
	{ "timeout", SW_STATE_UNCHECKED, "timed out" },
	{ "cancelled", SW_STATE_UNCHECKED, "cancelled" },
	{ NULL, 0, NULL },
};

/* Waits for its deadline or the cancel flag, whichever comes first. */
static const char *
slow_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "started", "yes");
	for (;;) {
		if (probe_ctx_cancelled(ctx)) {
			atomic_store(&saw_cancel, 1);
			return "cancelled";
		}
		if (probe_ctx_remaining_ms(ctx) == 0)
			return "timeout";
		nap_ms(2);
	}
}

static const sw_outcome loop_outcomes[] = {
	{ "again", SW_STATE_INFO, "again" },
	{ "out", SW_STATE_PASS, "out" },
	{ NULL, 0, NULL },
};

static const char *
loop_run(sw_probe_ctx *ctx)
{
	(void)ctx;
	return "again";
}

/* For the runs ahead: t.resolve fills the shared addresses, t.wait takes
 * wait_ms and answers wait_outcome, t.ind is independent and counts. */
static atomic_int wait_ms = 600;
static atomic_int wait_for_ind;
static const char *_Atomic wait_outcome = "ok";
static atomic_int runs_ind;
static _Atomic int64_t ind_started_ms;

static const char *
resolve_run(sw_probe_ctx *ctx)
{
	sw_addr a;

	memset(&a, 0, sizeof(a));
	snprintf(a.text, sizeof(a.text), "192.0.2.7");
	session_set_addrs(ctx->session, &a, 1);
	return "ok";
}

/* Set when t.wait ends (the gate of t.gated). */
static atomic_int wait_ended;

static const char *
wait_run(sw_probe_ctx *ctx)
{
	int64_t end = sw_now_ms() + atomic_load(&wait_ms);

	/* With wait_for_ind, it also waits (up to its deadline) until t.ind
	 * has started ahead of the walk, so that a test of runs ahead does
	 * not depend on how fast the machine starts threads. */
	while (sw_now_ms() < end || (atomic_load(&wait_for_ind) &&
	    atomic_load(&runs_ind) < 1)) {
		if (probe_ctx_cancelled(ctx))
			return "bad";
		nap_ms(2);
	}
	atomic_store(&wait_ended, 1);
	return atomic_load(&wait_outcome);
}

static const char *
ind_run(sw_probe_ctx *ctx)
{
	atomic_store(&ind_started_ms, sw_now_ms());
	atomic_fetch_add(&runs_ind, 1);
	evidence_add(&ctx->evidence, "addr", "%s", ctx->session->n_addrs > 0 ?
	    ctx->session->addrs[0].text : "none");
	return "ok";
}

/* Resolves again and again for wait_ms, as a re-run of a slow resolver
 * rewrites the addresses an earlier run left. */
static const char *
reresolve_run(sw_probe_ctx *ctx)
{
	int64_t end = sw_now_ms() + atomic_load(&wait_ms);
	sw_addr a[4];
	int i = 0;

	memset(a, 0, sizeof(a));
	while (sw_now_ms() < end && !probe_ctx_cancelled(ctx)) {
		snprintf(a[0].text, sizeof(a[0].text), "192.0.2.%d",
		    10 + i++ % 50);
		session_set_addrs(ctx->session, a, 1 + (size_t)(i % 4));
	}
	snprintf(a[0].text, sizeof(a[0].text), "192.0.2.9");
	session_set_addrs(ctx->session, a, 1);
	return "ok";
}

static const sw_probe_def p_resolve = {
	.name = "t.resolve", .title = "Resolving probe", .outcomes = okbad,
	.run = resolve_run,
};
static const sw_probe_def p_wait = {
	.name = "t.wait", .title = "Waiting probe", .outcomes = okbad,
	.run = wait_run,
};
static const sw_probe_def p_reresolve = {
	.name = "t.reresolve", .title = "Re-resolving probe", .outcomes = okbad,
	.run = reresolve_run,
};
static const sw_probe_def p_ind = {
	.name = "t.ind", .title = "Independent probe", .outcomes = okbad,
	.run = ind_run, .independent = 1,
};
static const sw_probe_def p_ok = {
	.name = "t.ok", .title = "OK probe",
	.outcomes = okbad, .run = ok_run,
};
static const char *const bad_keys[] = { "addr", "error", NULL };
static const sw_probe_def p_bad = {
	.name = "t.bad", .title = "Bad probe",
	.outcomes = okbad, .run = bad_run, .evidence = bad_keys,
	.origin = SW_ORIGIN_SERVER,
};
static const sw_probe_def p_nap = {
	.name = "t.nap", .title = "Napping probe",
	.outcomes = okbad, .run = nap_run,
};
static const sw_probe_def p_liar = {
	.name = "t.liar", .title = "Lying probe",
	.outcomes = okbad, .run = liar_run,
};
static const sw_probe_def p_slow = {
	.name = "t.slow", .title = "Slow probe",
	.outcomes = slow_outcomes, .run = slow_run,
};
static const sw_probe_def p_loop = {
	.name = "t.loop", .title = "Looping probe",
	.outcomes = loop_outcomes, .run = loop_run,
};
/* Started with the diagnosis (.early): counts its runs, notes when it
 * started and whether it saw a cancel. */
static atomic_int runs_early;
static atomic_int early_cancelled;
static _Atomic int64_t early_started_ms;

static const char *
early_run(sw_probe_ctx *ctx)
{
	int64_t end = sw_now_ms() + 100;

	atomic_store(&early_started_ms, sw_now_ms());
	atomic_fetch_add(&runs_early, 1);
	while (sw_now_ms() < end) {
		if (probe_ctx_cancelled(ctx)) {
			atomic_store(&early_cancelled, 1);
			return "bad";
		}
		nap_ms(2);
	}
	evidence_add(&ctx->evidence, "early", "yes");
	return "ok";
}

static const sw_probe_def p_early = {
	.name = "t.early", .title = "Early probe", .outcomes = okbad,
	.run = early_run, .independent = 1, .early = 1,
};
/* Started early once the walk passed t.wait (.early_after): counts its
 * runs and notes whether t.wait had ended when it started. */
static atomic_int runs_gated;
static atomic_int gated_saw_wait;

static const char *
gated_run(sw_probe_ctx *ctx)
{
	atomic_store(&gated_saw_wait, atomic_load(&wait_ended));
	atomic_fetch_add(&runs_gated, 1);
	evidence_add(&ctx->evidence, "gated", "yes");
	return "ok";
}

static const sw_probe_def p_gated = {
	.name = "t.gated", .title = "Gated early probe", .outcomes = okbad,
	.run = gated_run, .independent = 1, .early = 1,
	.early_after = "t.wait",
};
/* Records the time it was given (ms left at its start); t.span makes
 * every connection of the path itself (.per_connection), t.onespan not. */
static const char *
span_run(sw_probe_ctx *ctx)
{
	evidence_add(&ctx->evidence, "left_ms", "%lld",
	    (long long)probe_ctx_remaining_ms(ctx));
	return "ok";
}

static const sw_probe_def p_span = {
	.name = "t.span", .title = "Whole path", .outcomes = okbad,
	.run = span_run, .per_connection = 1,
};
static const sw_probe_def p_onespan = {
	.name = "t.onespan", .title = "One connection", .outcomes = okbad,
	.run = span_run,
};
static const sw_probe_def *const test_probes[] = {
	&p_ok, &p_bad, &p_nap, &p_liar, &p_slow, &p_loop, &p_resolve, &p_wait,
	&p_ind, &p_reresolve, &p_early, &p_gated, &p_span, &p_onespan,
};
static const sw_registry test_reg = { test_probes, 14 };

/* ---- Trees: written as YAML, read by the real loader ---- */

/* A tree being written: the YAML text so far. */
typedef struct tb {
	sbuf y;
} tb;

static tb *
tb_new(const char *start)
{
	tb *t = xcalloc(1, sizeof(*t));

	sbuf_addf(&t->y, "start: %s\nnodes:\n", start);
	return t;
}

static void
tb_node(tb *t, const char *id, const char *kind)
{
	sbuf_addf(&t->y, "  - id: %s\n    kind: %s\n"
	    "    title: \"Title of %s\"\n", id, kind, id);
}

/* A probe node; the varargs are outcome, next pairs ending with NULL. */
static void
tb_probe(tb *t, const char *id, const char *probe, ...)
{
	const char *o;
	va_list ap;

	tb_node(t, id, "probe");
	sbuf_addf(&t->y, "    probe: %s\n    on:\n", probe);
	va_start(ap, probe);
	while ((o = va_arg(ap, const char *)) != NULL)
		sbuf_addf(&t->y, "      %s: %s\n", o, va_arg(ap, const char *));
	va_end(ap);
}

/* A question node; the varargs are choice id, next pairs ending with NULL. */
static void
tb_question(tb *t, const char *id, ...)
{
	const char *c;
	va_list ap;

	tb_node(t, id, "question");
	sbuf_add(&t->y, "    choices:\n");
	va_start(ap, id);
	while ((c = va_arg(ap, const char *)) != NULL)
		sbuf_addf(&t->y, "      - { id: \"%s\", label: \"Say %s\", "
		    "next: %s }\n", c, c, va_arg(ap, const char *));
	va_end(ap);
}

static void
tb_verdict(tb *t, const char *id, const char *cause)
{
	tb_node(t, id, "verdict");
	sbuf_addf(&t->y, "    cause: %s\n", cause);
}

/* Loads the YAML with tree_load() (through a scratch file), asserting that
 * the loader found nothing wrong, and frees the builder. */
static sw_tree *
tb_load(tb *t)
{
	char path[] = "/tmp/sw-engine-XXXXXX";
	sw_diags d = { 0 };
	sw_tree *tree;
	size_t i;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, t->y.s, t->y.len), (ssize_t)t->y.len);
	assert_int_equal(close(fd), 0);
	tree = tree_load(path, &d);
	unlink(path);
	for (i = 0; i < d.n; i++) {
		char *m = diags_format(&d, i);

		print_error("%s\n", m);
		free(m);
	}
	if (d.n > 0)
		print_error("%s", t->y.s);
	assert_int_equal(d.n, 0);
	assert_non_null(tree);
	diags_free(&d);
	sbuf_free(&t->y);
	free(t);
	return tree;
}

/* p1 --ok--> q1 --yes--> p2 --bad--> v_bad
 *  |          `--no--> v_no         `--ok--> v_ok
 *  `--bad--> v_bad */
static sw_tree *
tree_main(void)
{
	tb *t = tb_new("p1");

	tb_probe(t, "p1", "t.ok", "ok", "q1", "bad", "v_bad", NULL);
	tb_question(t, "q1", "yes", "p2", "no", "v_no", NULL);
	tb_probe(t, "p2", "t.bad", "ok", "v_ok", "bad", "v_bad", NULL);
	tb_verdict(t, "v_ok", "ok");
	tb_verdict(t, "v_bad", "port.refused");
	tb_verdict(t, "v_no", "unknown");
	return tb_load(t);
}

/* One probe node running probe, whose every outcome ends at v. */
static sw_tree *
tree_single(const char *probe)
{
	tb *t = tb_new("p");
	const sw_probe_def *def = registry_find(&test_reg, probe);
	const sw_outcome *o;

	tb_probe(t, "p", probe, NULL);
	for (o = def->outcomes; o->name != NULL; o++)
		sbuf_addf(&t->y, "      %s: v\n", o->name);
	tb_verdict(t, "v", "ok");
	return tb_load(t);
}

/* ---- Fixture ---- */

typedef struct fix {
	sw_tree *tree;
	sw_target *target;
	sw_engine *e;
} fix;

/* The fixture for the target the words give (NULL: host.test, no hops). */
static fix *
fix_new_words(sw_tree *t, int timeout_ms, const sw_target_words *words)
{
	fix *f = xcalloc(1, sizeof(*f));
	sw_target_words w = { .spec = "host.test", .no_ssh_config = 1 };
	char *err = NULL;

	f->tree = t;
	assert_int_equal(target_resolve(words != NULL ? words : &w,
	    &f->target, &err), 0);
	f->target->timeout_ms = timeout_ms;
	f->e = engine_new(f->tree, &test_reg, f->target);
	atomic_store(&runs_ok, 0);
	atomic_store(&saw_cancel, 0);
	atomic_store(&runs_ind, 0);
	atomic_store(&runs_early, 0);
	atomic_store(&early_cancelled, 0);
	atomic_store(&runs_gated, 0);
	atomic_store(&gated_saw_wait, 0);
	atomic_store(&wait_ended, 0);
	atomic_store(&wait_ms, 600);
	atomic_store(&wait_for_ind, 0);
	atomic_store(&wait_outcome, "ok");
	return f;
}

static fix *
fix_new(sw_tree *t, int timeout_ms)
{
	return fix_new_words(t, timeout_ms, NULL);
}

static void
fix_free(fix *f)
{
	engine_free(f->e);
	target_free(f->target);
	tree_free(f->tree);
	free(f);
}

/* Runs the current probe to its end; returns engine_collect()'s value. */
static int
step_probe(sw_engine *e)
{
	assert_int_equal(engine_state(e), SW_ENG_READY);
	assert_int_equal(engine_start(e), 0);
	assert_int_equal(engine_state(e), SW_ENG_RUNNING);
	assert_int_equal(engine_wait(e, 5000), 1);
	return engine_collect(e);
}

static void
assert_at(sw_engine *e, const char *id, sw_engine_state st, size_t n_steps)
{
	assert_non_null(engine_node(e));
	assert_string_equal(engine_node(e)->id, id);
	assert_int_equal(engine_state(e), st);
	assert_int_equal(engine_n_steps(e), n_steps);
}

/* Waits (at most 3 s) until t.ind has run n times. */
static void
wait_runs_ind(int n)
{
	int i;

	for (i = 0; i < 3000 && atomic_load(&runs_ind) < n; i++)
		nap_ms(10);
	assert_int_equal(atomic_load(&runs_ind), n);
}

/* ---- Cases ---- */

static void
test_walk_to_verdict(void **state)
{
	fix *f = fix_new(tree_main(), 5000);
	const sw_step *s;
	int64_t before = sw_wall_ms();

	(void)state;
	assert_ptr_equal(engine_registry(f->e), &test_reg);
	assert_ptr_equal(engine_target(f->e), f->target);
	assert_null(engine_error(f->e));
	assert_at(f->e, "p1", SW_ENG_READY, 0);
	assert_string_equal(engine_node(f->e)->title, "Title of p1");
	assert_int_equal(engine_node(f->e)->pos.line, 3);	/* from YAML */
	assert_ptr_equal(engine_probe(f->e), &p_ok);
	assert_int_equal(engine_fd(f->e), -1);
	assert_int_equal(engine_wait(f->e, 0), 0);
	assert_int_equal(engine_collect(f->e), 0);

	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "q1", SW_ENG_QUESTION, 1);
	assert_null(engine_probe(f->e));
	assert_int_equal(engine_start(f->e), -1);

	assert_int_equal(engine_answer(f->e, "yes"), 0);
	assert_at(f->e, "p2", SW_ENG_READY, 2);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);
	assert_string_equal(engine_node(f->e)->cause, "port.refused");
	assert_int_equal(engine_start(f->e), -1);
	assert_int_equal(engine_answer(f->e, "yes"), -1);

	s = engine_step(f->e, 0);
	assert_string_equal(s->node->id, "p1");
	assert_string_equal(s->outcome, "ok");
	assert_int_equal(s->state, SW_STATE_PASS);
	assert_int_equal(s->evidence.n, 1);
	assert_string_equal(evidence_get(&s->evidence, "seen"), "1");
	assert_true(s->started_wall_ms >= before - 1000);
	assert_true(s->started_wall_ms <= sw_wall_ms());
	assert_true(s->duration_ms >= 0 && s->duration_ms < 5000);

	s = engine_step(f->e, 1);
	assert_string_equal(s->node->id, "q1");
	assert_int_equal(s->node->kind, SW_NODE_QUESTION);
	assert_string_equal(s->outcome, "yes");
	assert_int_equal(s->state, SW_STATE_INFO);
	assert_int_equal(s->evidence.n, 0);

	s = engine_step(f->e, 2);
	assert_string_equal(s->node->id, "p2");
	assert_string_equal(s->outcome, "bad");
	assert_int_equal(s->state, SW_STATE_FAIL);
	assert_int_equal(s->evidence.n, 3);
	assert_string_equal(s->evidence.v[0].key, "addr");
	assert_string_equal(s->evidence.v[1].value, "192.0.2.2");
	assert_null(engine_step(f->e, 3));
	fix_free(f);
}

static void
test_questions(void **state)
{
	fix *f = fix_new(tree_main(), 5000);

	(void)state;
	/* Not at a question. */
	assert_int_equal(engine_answer(f->e, "yes"), -1);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(engine_answer(f->e, "maybe"), -1);
	assert_int_equal(engine_answer(f->e, ""), -1);
	assert_at(f->e, "q1", SW_ENG_QUESTION, 1);
	assert_int_equal(engine_answer(f->e, "no"), 0);
	assert_at(f->e, "v_no", SW_ENG_VERDICT, 2);
	assert_string_equal(engine_step(f->e, 1)->outcome, "no");
	fix_free(f);
}

static void
test_back_and_forward(void **state)
{
	fix *f = fix_new(tree_main(), 5000);

	(void)state;
	/* Nothing to go back to. */
	assert_int_equal(engine_back(f->e), -1);
	assert_at(f->e, "p1", SW_ENG_READY, 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(engine_answer(f->e, "yes"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);

	assert_int_equal(engine_back(f->e), 0);
	assert_at(f->e, "p2", SW_ENG_READY, 2);
	assert_int_equal(engine_back(f->e), 0);
	assert_at(f->e, "q1", SW_ENG_QUESTION, 1);

	/* Forward again, another way. */
	assert_int_equal(engine_answer(f->e, "no"), 0);
	assert_at(f->e, "v_no", SW_ENG_VERDICT, 2);
	/* And the first way. */
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(engine_answer(f->e, "yes"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);
	assert_int_equal(runs_ok, 1);	/* p1 was never re-run */

	/* Back to the very start. */
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(engine_back(f->e), 0);
	assert_at(f->e, "p1", SW_ENG_READY, 0);
	assert_int_equal(engine_back(f->e), -1);
	fix_free(f);
}

static void
test_rerun(void **state)
{
	fix *f = fix_new(tree_main(), 5000);

	(void)state;
	/* At a probe node: the same as start. */
	assert_int_equal(engine_rerun(f->e), 0);
	assert_int_equal(engine_state(f->e), SW_ENG_RUNNING);
	assert_int_equal(engine_wait(f->e, 5000), 1);
	assert_int_equal(engine_collect(f->e), 1);
	assert_at(f->e, "q1", SW_ENG_QUESTION, 1);
	assert_int_equal(runs_ok, 1);

	/* At a question: back to the last probe step (p1) and run it. */
	assert_int_equal(engine_rerun(f->e), 0);
	assert_int_equal(engine_state(f->e), SW_ENG_RUNNING);
	assert_string_equal(engine_node(f->e)->id, "p1");
	assert_int_equal(engine_n_steps(f->e), 0);
	assert_int_equal(engine_wait(f->e, 5000), 1);
	assert_int_equal(engine_collect(f->e), 1);
	assert_int_equal(runs_ok, 2);
	assert_string_equal(evidence_get(&engine_step(f->e, 0)->evidence,
	    "seen"), "2");

	/* At a verdict: drops the steps after p2 and runs p2 again. */
	assert_int_equal(engine_answer(f->e, "yes"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);
	assert_int_equal(engine_rerun(f->e), 0);
	assert_string_equal(engine_node(f->e)->id, "p2");
	assert_int_equal(engine_n_steps(f->e), 2);
	assert_int_equal(engine_wait(f->e, 5000), 1);
	assert_int_equal(engine_collect(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);
	assert_int_equal(runs_ok, 2);
	fix_free(f);
}

/* A question first: re-run has no probe step to go back to. */
static void
test_rerun_without_probe(void **state)
{
	tb *t = tb_new("q");
	fix *f;

	(void)state;
	tb_question(t, "q", "a", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	assert_int_equal(engine_answer(f->e, "a"), 0);
	assert_at(f->e, "v", SW_ENG_VERDICT, 1);
	assert_int_equal(engine_rerun(f->e), -1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 1);
	fix_free(f);
}

static void
test_cancel_slow_probe(void **state)
{
	fix *f = fix_new(tree_single("t.slow"), 60000);
	int64_t t0;

	(void)state;
	assert_int_equal(engine_start(f->e), 0);
	assert_int_equal(engine_start(f->e), -1);	/* already running */
	assert_int_equal(engine_wait(f->e, 30), 0);
	assert_int_equal(engine_collect(f->e), 0);	/* not finished */
	assert_int_equal(engine_state(f->e), SW_ENG_RUNNING);
	assert_true(engine_elapsed_ms(f->e) >= 25);

	t0 = sw_now_ms();
	engine_cancel(f->e);
	assert_int_equal(engine_wait(f->e, 2000), 1);
	assert_true(sw_now_ms() - t0 < 1000);
	assert_int_equal(engine_collect(f->e), 0);	/* records nothing */
	assert_int_equal(atomic_load(&saw_cancel), 1);
	assert_at(f->e, "p", SW_ENG_READY, 0);
	assert_int_equal(engine_fd(f->e), -1);
	assert_int_equal(engine_elapsed_ms(f->e), 0);
	assert_null(engine_error(f->e));
	engine_cancel(f->e);	/* nothing runs: harmless */
	assert_at(f->e, "p", SW_ENG_READY, 0);
	fix_free(f);
}

/* The target's timeout is the probe's deadline; its outcome is recorded. */
static void
test_deadline(void **state)
{
	fix *f = fix_new(tree_single("t.slow"), 80);
	const sw_step *s;

	(void)state;
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 1);
	s = engine_step(f->e, 0);
	assert_string_equal(s->outcome, "timeout");
	assert_int_equal(s->state, SW_STATE_UNCHECKED);
	assert_true(s->duration_ms >= 70 && s->duration_ms < 2000);
	assert_string_equal(evidence_get(&s->evidence, "started"), "yes");
	fix_free(f);
}

static void
test_back_cancels(void **state)
{
	fix *f = fix_new(tree_single("t.slow"), 60000);
	int64_t t0;

	(void)state;
	assert_int_equal(engine_start(f->e), 0);
	t0 = sw_now_ms();
	/* No step to drop, but the probe is stopped. */
	assert_int_equal(engine_back(f->e), -1);
	assert_true(sw_now_ms() - t0 < 1000);
	assert_int_equal(atomic_load(&saw_cancel), 1);
	assert_at(f->e, "p", SW_ENG_READY, 0);
	assert_int_equal(engine_fd(f->e), -1);
	fix_free(f);
}

static void
test_fd_readable(void **state)
{
	fix *f = fix_new(tree_single("t.nap"), 5000);
	struct pollfd p;
	int fd;

	(void)state;
	assert_int_equal(engine_fd(f->e), -1);
	assert_int_equal(engine_start(f->e), 0);
	fd = engine_fd(f->e);
	assert_true(fd >= 0);
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	assert_int_equal(poll(&p, 1, 0), 0);	/* still napping */
	assert_int_equal(poll(&p, 1, 5000), 1);
	assert_true(p.revents & POLLIN);
	assert_int_equal(engine_fd(f->e), fd);	/* until collected */
	assert_int_equal(engine_collect(f->e), 1);
	assert_int_equal(engine_fd(f->e), -1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 1);
	assert_string_equal(evidence_get(&engine_step(f->e, 0)->evidence,
	    "slept_ms"), "150");
	fix_free(f);
}

static void
test_undeclared_outcome(void **state)
{
	fix *f = fix_new(tree_single("t.liar"), 5000);

	(void)state;
	assert_int_equal(step_probe(f->e), -1);
	assert_int_equal(engine_state(f->e), SW_ENG_FAILED);
	assert_int_equal(engine_n_steps(f->e), 0);
	assert_non_null(engine_error(f->e));
	assert_non_null(strstr(engine_error(f->e), "bogus"));
	assert_non_null(strstr(engine_error(f->e), "t.liar"));
	assert_int_equal(engine_start(f->e), -1);
	assert_int_equal(engine_rerun(f->e), -1);
	assert_int_equal(engine_fd(f->e), -1);
	fix_free(f);
}

/* A declared outcome the node has no edge for is an internal error too. */
static void
test_missing_edge(void **state)
{
	tb *t = tb_new("p");
	fix *f;

	(void)state;
	tb_probe(t, "p", "t.bad", "ok", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	assert_int_equal(step_probe(f->e), -1);
	assert_int_equal(engine_state(f->e), SW_ENG_FAILED);
	assert_non_null(strstr(engine_error(f->e), "bad"));
	fix_free(f);
}

static void
test_step_limit_probes(void **state)
{
	tb *t = tb_new("a");
	fix *f;
	int guard = 0;

	(void)state;
	tb_probe(t, "a", "t.loop", "again", "b", "out", "v", NULL);
	tb_probe(t, "b", "t.loop", "again", "a", "out", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	while (engine_state(f->e) == SW_ENG_READY && guard++ < 1000) {
		if (engine_start(f->e) != 0)
			break;
		assert_int_equal(engine_wait(f->e, 5000), 1);
		assert_int_equal(engine_collect(f->e), 1);
	}
	assert_int_equal(engine_state(f->e), SW_ENG_FAILED);
	assert_int_equal(engine_n_steps(f->e), SW_ENGINE_MAX_STEPS);
	assert_non_null(engine_error(f->e));
	assert_int_equal(engine_fd(f->e), -1);
	fix_free(f);
}

static void
test_step_limit_questions(void **state)
{
	tb *t = tb_new("q1");
	fix *f;
	int i;

	(void)state;
	tb_question(t, "q1", "on", "q2", "stop", "v", NULL);
	tb_question(t, "q2", "on", "q1", "stop", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	for (i = 0; i < SW_ENGINE_MAX_STEPS; i++)
		assert_int_equal(engine_answer(f->e, "on"), 0);
	assert_int_equal(engine_answer(f->e, "on"), -1);
	assert_int_equal(engine_state(f->e), SW_ENG_FAILED);
	assert_int_equal(engine_n_steps(f->e), SW_ENGINE_MAX_STEPS);
	assert_non_null(engine_error(f->e));
	fix_free(f);
}

static void
test_free_while_running(void **state)
{
	fix *f = fix_new(tree_single("t.slow"), 60000);
	int64_t t0;

	(void)state;
	assert_int_equal(engine_start(f->e), 0);
	nap_ms(20);
	t0 = sw_now_ms();
	engine_free(f->e);
	f->e = NULL;
	assert_true(sw_now_ms() - t0 < 1000);
	/* Joined: the probe's last write is visible and it is gone. */
	assert_int_equal(atomic_load(&saw_cancel), 1);
	fix_free(f);
	engine_free(NULL);
}

static void
test_set_start(void **state)
{
	fix *f = fix_new(tree_main(), 5000);

	(void)state;
	assert_int_equal(engine_set_start(f->e, "nope"), -1);
	assert_at(f->e, "p1", SW_ENG_READY, 0);
	assert_int_equal(engine_set_start(f->e, "q1"), 0);
	assert_at(f->e, "q1", SW_ENG_QUESTION, 0);
	assert_int_equal(engine_answer(f->e, "yes"), 0);
	/* Too late once a step was taken. */
	assert_int_equal(engine_set_start(f->e, "p1"), -1);
	assert_at(f->e, "p2", SW_ENG_READY, 1);
	fix_free(f);
}

static void
test_no_start_node(void **state)
{
	tb *t = tb_new("missing");
	fix *f;

	(void)state;
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	assert_int_equal(engine_state(f->e), SW_ENG_FAILED);
	assert_non_null(engine_error(f->e));
	assert_int_equal(engine_start(f->e), -1);
	fix_free(f);
}

/* r (resolve) -> w (waits) --ok--> i (independent) -> v
 *                          `--bad--> v2 */
static sw_tree *
tree_ahead(void)
{
	tb *t = tb_new("r");

	tb_probe(t, "r", "t.resolve", "ok", "w", "bad", "v", NULL);
	tb_probe(t, "w", "t.wait", "ok", "i", "bad", "v2", NULL);
	tb_probe(t, "i", "t.ind", "ok", "v", "bad", "v", NULL);
	tb_verdict(t, "v", "ok");
	tb_verdict(t, "v2", "unknown");
	return tb_load(t);
}

/* A slow probe starts the independent probe after it; the walk then uses
 * that run instead of starting another. */
static void
test_ahead_used(void **state)
{
	fix *f = fix_new(tree_ahead(), 5000);
	int64_t t0, done;
	const sw_step *s;

	(void)state;
	atomic_store(&wait_for_ind, 1);
	assert_int_equal(step_probe(f->e), 1);
	t0 = sw_now_ms();
	assert_int_equal(step_probe(f->e), 1);
	done = sw_now_ms();
	assert_at(f->e, "i", SW_ENG_READY, 2);
	assert_int_equal(atomic_load(&runs_ind), 1);	/* already ran */
	assert_true(atomic_load(&ind_started_ms) >=
	    t0 + SW_ENGINE_AHEAD_MS - 50);
	assert_true(atomic_load(&ind_started_ms) <= done);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_ind), 1);	/* not run twice */
	assert_at(f->e, "v", SW_ENG_VERDICT, 3);
	s = engine_step(f->e, 2);
	assert_string_equal(s->node->id, "i");
	assert_string_equal(s->outcome, "ok");
	assert_string_equal(evidence_get(&s->evidence, "addr"), "192.0.2.7");
	fix_free(f);
}

/* A fast probe starts nothing ahead. */
static void
test_ahead_not_for_fast(void **state)
{
	fix *f = fix_new(tree_ahead(), 5000);

	(void)state;
	atomic_store(&wait_ms, 10);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "i", SW_ENG_READY, 2);
	assert_int_equal(atomic_load(&runs_ind), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_ind), 1);
	fix_free(f);
}

/* The walk goes elsewhere: the run ahead is dropped, never recorded. */
static void
test_ahead_dropped(void **state)
{
	fix *f = fix_new(tree_ahead(), 5000);

	(void)state;
	atomic_store(&wait_outcome, "bad");
	atomic_store(&wait_for_ind, 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v2", SW_ENG_VERDICT, 2);
	assert_int_equal(atomic_load(&runs_ind), 1);
	assert_int_equal(engine_back(f->e), 0);
	atomic_store(&wait_for_ind, 0);
	atomic_store(&wait_outcome, "ok");
	atomic_store(&wait_ms, 10);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);	/* a fresh run */
	assert_int_equal(atomic_load(&runs_ind), 2);
	assert_at(f->e, "v", SW_ENG_VERDICT, 3);
	fix_free(f);
}

/* The running probe rewrites the shared addresses while the engine starts
 * the runs ahead: the runs ahead must copy the addresses as they were when
 * the probe started, never read them while the probe writes them (run under
 * valgrind or the sanitizers to see a failure). */
static void
test_ahead_while_session_changes(void **state)
{
	tb *t = tb_new("r");
	fix *f;
	const char *addr;

	(void)state;
	tb_probe(t, "r", "t.resolve", "ok", "x", "bad", "v", NULL);
	tb_probe(t, "x", "t.reresolve", "ok", "i", "bad", "v", NULL);
	tb_probe(t, "i", "t.ind", "ok", "v", "bad", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	/* Whether it ran ahead or not (under valgrind the busy probe may
	 * starve the watchdog), i runs exactly once. */
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_ind), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 3);
	addr = evidence_get(&engine_step(f->e, 2)->evidence, "addr");
	assert_non_null(addr);
	if (!sw_starts_with(addr, "192.0.2.")) fail_msg("addr is \"%s\"", addr);
	fix_free(f);
}

/* The descriptor also wakes the front end when the engine has news (time to
 * start runs ahead); engine_collect() then records nothing and the
 * descriptor goes quiet until the probe ends. */
static void
test_fd_news_and_cancel_ahead(void **state)
{
	fix *f = fix_new(tree_ahead(), 5000);
	struct pollfd p = { .events = POLLIN };
	int64_t t0;

	(void)state;
	assert_int_equal(step_probe(f->e), 1);
	/* The probe would run 60 s (it is cancelled below): a wake-up well
	 * before that is the news of the run ahead, on a machine however
	 * busy. */
	atomic_store(&wait_ms, 60000);
	t0 = sw_now_ms();
	assert_int_equal(engine_start(f->e), 0);
	p.fd = engine_fd(f->e);
	assert_int_equal(poll(&p, 1, 30000), 1);
	assert_true(sw_now_ms() - t0 < 30000);	/* the news, not the end */
	assert_int_equal(engine_collect(f->e), 0);
	assert_int_equal(engine_state(f->e), SW_ENG_RUNNING);
	assert_int_equal(poll(&p, 1, 0), 0);
	wait_runs_ind(1);	/* the run ahead has begun */
	/* Cancelling drops the run ahead too; a new start runs it anew. */
	engine_cancel(f->e);
	assert_int_equal(engine_wait(f->e, 2000), 1);
	assert_int_equal(engine_collect(f->e), 0);
	assert_at(f->e, "w", SW_ENG_READY, 1);
	atomic_store(&wait_ms, 10);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 3);
	assert_int_equal(atomic_load(&runs_ind), 2);
	fix_free(f);
}

/* Sibling nodes naming the same independent probe share one run ahead:
 * w --ok--> i1 (t.ind), --bad--> i2 (t.ind). */
static void
test_ahead_shared_by_siblings(void **state)
{
	tb *t = tb_new("r");
	fix *f;

	(void)state;
	tb_probe(t, "r", "t.resolve", "ok", "w", "bad", "v", NULL);
	tb_probe(t, "w", "t.wait", "ok", "i1", "bad", "i2", NULL);
	tb_probe(t, "i1", "t.ind", "ok", "v", "bad", "v", NULL);
	tb_probe(t, "i2", "t.ind", "ok", "v2", "bad", "v2", NULL);
	tb_verdict(t, "v", "ok");
	tb_verdict(t, "v2", "unknown");
	f = fix_new(tb_load(t), 5000);
	atomic_store(&wait_outcome, "bad");
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "i2", SW_ENG_READY, 2);
	wait_runs_ind(1);
	nap_ms(50);
	assert_int_equal(atomic_load(&runs_ind), 1);	/* once, not twice */
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_ind), 1);	/* the shared run */
	assert_at(f->e, "v2", SW_ENG_VERDICT, 3);
	assert_string_equal(engine_step(f->e, 2)->node->id, "i2");
	fix_free(f);
}

/* {ev.KEY} in a suggested command takes the latest step's value of KEY,
 * shell-quoted; a key no step recorded shows as <KEY>. */
static void
test_expand_evidence(void **state)
{
	tb *t = tb_new("r");
	fix *f;
	char *cmd;

	(void)state;
	tb_probe(t, "r", "t.resolve", "ok", "i", "bad", "v", NULL);
	tb_probe(t, "i", "t.ind", "ok", "v", "bad", "v", NULL);
	tb_verdict(t, "v", "ok");
	f = fix_new(tb_load(t), 5000);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 2);
	cmd = engine_expand(f->e, "ping -c 1 {ev.addr} # {ev.nothing}");
	assert_string_equal(cmd, "ping -c 1 192.0.2.7 # '<nothing>'");
	free(cmd);
	cmd = engine_expand(f->e, "ssh-keygen -R {known_host_name}");
	assert_string_equal(cmd, "ssh-keygen -R host.test");
	free(cmd);
	/* The name comes from the resolved target (tested with ports and
	 * HostKeyAlias in test_target). */
	free(f->target->known_host_name);
	f->target->known_host_name = xstrdup("[host.test]:2222");
	cmd = engine_expand(f->e, "ssh-keygen -R {known_host_name}");
	assert_string_equal(cmd, "ssh-keygen -R '[host.test]:2222'");
	free(cmd);
	fix_free(f);
}

/* r -> w -> e (early) -> v; w bad -> v2; x -> v2 cannot reach e. */
static sw_tree *
tree_early(void)
{
	tb *t = tb_new("r");

	tb_probe(t, "r", "t.resolve", "ok", "w", "bad", "v2", NULL);
	tb_probe(t, "w", "t.wait", "ok", "e", "bad", "v2", NULL);
	tb_probe(t, "e", "t.early", "ok", "v", "bad", "v2", NULL);
	tb_probe(t, "x", "t.ok", "ok", "v2", "bad", "v2", NULL);
	tb_verdict(t, "v", "ok");
	tb_verdict(t, "v2", "unknown");
	return tb_load(t);
}

/* An early probe starts with the first step, runs alongside the walk and
 * is adopted, not run again, when the walk reaches its node. */
static void
test_early_adopted(void **state)
{
	fix *f = fix_new(tree_early(), 5000);
	const sw_step *s;
	int i;

	(void)state;
	atomic_store(&wait_ms, 300);
	assert_int_equal(step_probe(f->e), 1);
	/* r is done and w not started: only the start of the diagnosis can
	 * have started t.early (no running probe leads to e). */
	for (i = 0; i < 3000 && atomic_load(&runs_early) < 1; i++)
		nap_ms(10);
	assert_int_equal(atomic_load(&runs_early), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "e", SW_ENG_READY, 2);
	assert_int_equal(atomic_load(&runs_early), 1);	/* already ran */
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_early), 1);	/* not run twice */
	assert_at(f->e, "v", SW_ENG_VERDICT, 3);
	s = engine_step(f->e, 2);
	assert_string_equal(s->outcome, "ok");
	assert_string_equal(evidence_get(&s->evidence, "early"), "yes");
	/* Back and again: a fresh run. */
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(atomic_load(&runs_early), 2);
	fix_free(f);
}

/* The walk ends elsewhere: the early run is cancelled, never recorded. */
static void
test_early_dropped(void **state)
{
	fix *f = fix_new(tree_early(), 5000);
	size_t i;

	(void)state;
	atomic_store(&wait_ms, 10);
	atomic_store(&wait_outcome, "bad");
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v2", SW_ENG_VERDICT, 2);
	for (i = 0; i < engine_n_steps(f->e); i++)
		assert_string_not_equal(engine_step(f->e, i)->node->id, "e");
	fix_free(f);	/* joins the cancelled run */
	assert_true(atomic_load(&runs_early) <= 1);
}

/* Not reachable from where the walk starts: never started. */
static void
test_early_unreachable(void **state)
{
	fix *f = fix_new(tree_early(), 5000);

	(void)state;
	assert_int_equal(engine_set_start(f->e, "x"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v2", SW_ENG_VERDICT, 1);
	fix_free(f);
	assert_int_equal(atomic_load(&runs_early), 0);
}

/* r -> w -> x -> g (early after t.wait) -> v; w bad -> v2. */
static sw_tree *
tree_gated(void)
{
	tb *t = tb_new("r");

	tb_probe(t, "r", "t.resolve", "ok", "w", "bad", "v2", NULL);
	tb_probe(t, "w", "t.wait", "ok", "x", "bad", "v2", NULL);
	tb_probe(t, "x", "t.ok", "ok", "g", "bad", "v2", NULL);
	tb_probe(t, "g", "t.gated", "ok", "v", "bad", "v2", NULL);
	tb_verdict(t, "v", "ok");
	tb_verdict(t, "v2", "unknown");
	return tb_load(t);
}

static sw_tree *
tree_span(void)
{
	tb *t = tb_new("a");

	tb_probe(t, "a", "t.onespan", "ok", "b", "bad", "v2", NULL);
	tb_probe(t, "b", "t.span", "ok", "v", "bad", "v2", NULL);
	tb_verdict(t, "v", "ok");
	tb_verdict(t, "v2", "unknown");
	return tb_load(t);
}

static long long
left_ms(sw_engine *e, size_t step)
{
	const char *v = evidence_get(&engine_step(e, step)->evidence, "left_ms");

	assert_non_null(v);
	return atoll(v);
}

/* Behind two jump hosts a probe that makes every connection itself
 * (.per_connection, like the user's ssh) gets the time limit three times;
 * any other probe, and any probe without hops, once.  The bounds leave
 * ten seconds for the thread to start. */
static void
test_per_connection_deadline(void **state)
{
	sw_target_words w = { .spec = "host.test", .no_ssh_config = 1,
		.jump = "j1.test,j2.test" };
	fix *f = fix_new_words(tree_span(), 10000, &w);

	(void)state;
	assert_int_equal(f->target->n_hops, 2);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 2);
	assert_true(left_ms(f->e, 0) <= 10000);
	assert_true(left_ms(f->e, 1) > 20000 && left_ms(f->e, 1) <= 30000);
	fix_free(f);

	f = fix_new(tree_span(), 10000);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_true(left_ms(f->e, 1) <= 10000);
	fix_free(f);
}

/* .early_after: not started while the gate is ahead, started after the
 * walk passed it, then adopted as any early run. */
static void
test_early_after_gate(void **state)
{
	fix *f = fix_new(tree_gated(), 5000);
	const sw_step *s;

	(void)state;
	atomic_store(&wait_ms, 50);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "x", SW_ENG_READY, 2);
	assert_int_equal(atomic_load(&runs_gated), 0);
	assert_int_equal(step_probe(f->e), 1);	/* x: starts g early */
	assert_int_equal(step_probe(f->e), 1);	/* g: adopts it */
	assert_at(f->e, "v", SW_ENG_VERDICT, 4);
	assert_int_equal(atomic_load(&runs_gated), 1);
	assert_int_equal(atomic_load(&gated_saw_wait), 1);
	s = engine_step(f->e, 3);
	assert_string_equal(evidence_get(&s->evidence, "gated"), "yes");
	fix_free(f);
}

/* The gate fails: the early run never starts. */
static void
test_early_after_gate_failed(void **state)
{
	fix *f = fix_new(tree_gated(), 5000);

	(void)state;
	atomic_store(&wait_ms, 10);
	atomic_store(&wait_outcome, "bad");
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v2", SW_ENG_VERDICT, 2);
	fix_free(f);
	assert_int_equal(atomic_load(&runs_gated), 0);
}

/* A walk that starts past the gate starts the early run at once. */
static void
test_early_after_gate_not_ahead(void **state)
{
	fix *f = fix_new(tree_gated(), 5000);

	(void)state;
	assert_int_equal(engine_set_start(f->e, "x"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v", SW_ENG_VERDICT, 2);
	fix_free(f);
	assert_int_equal(atomic_load(&runs_gated), 1);
	assert_int_equal(atomic_load(&gated_saw_wait), 0);
}

/* Facts: the values of the verdict's keys from the latest step that has
 * them, every value of a repeated key, the answer as the user's; who said
 * it; conditions on suggestions. */
static void
test_facts_and_conditions(void **state)
{
	tb *t = tb_new("p1");
	fix *f;
	sw_fact *fa;
	const sw_node *v;
	size_t n;

	(void)state;
	tb_probe(t, "p1", "t.ok", "ok", "q1", "bad", "v_bad", NULL);
	tb_question(t, "q1", "yes", "p2", "no", "v_no", NULL);
	tb_probe(t, "p2", "t.bad", "ok", "v_ok", "bad", "v_bad", NULL);
	tb_verdict(t, "v_ok", "ok");
	tb_verdict(t, "v_bad", "port.refused");
	sbuf_add(&t->y, "    facts: [error, answer, addr, seen, never]\n"
	    "    suggest:\n"
	    "      - { where: client, command: a, when: error }\n"
	    "      - { where: client, command: b, when: \"!error\" }\n"
	    "      - { where: client, command: c, when: [\"answer=yes\", "
	    "\"seen=1\"] }\n"
	    "      - { where: client, command: d, when: \"answer!=yes\" }\n"
	    "      - { where: client, command: e, when: \"seen!=1\" }\n"
	    "      - { where: client, command: f }\n");
	tb_verdict(t, "v_no", "unknown");
	sbuf_add(&t->y, "    facts: [answer]\n");
	f = fix_new(tb_load(t), 5000);
	atomic_store(&runs_ok, 0);

	assert_int_equal(engine_verdict_origin(f->e), SW_ORIGIN_LIVE);
	assert_int_equal(step_probe(f->e), 1);
	assert_int_equal(engine_answer(f->e, "yes"), 0);
	assert_int_equal(step_probe(f->e), 1);
	assert_at(f->e, "v_bad", SW_ENG_VERDICT, 3);
	v = engine_node(f->e);
	n = engine_facts(f->e, v, &fa);
	assert_int_equal(n, 5);
	assert_string_equal(fa[0].key, "error");
	assert_string_equal(fa[0].value, "connection refused");
	assert_int_equal(fa[0].origin, SW_ORIGIN_SERVER);
	assert_ptr_equal(fa[0].step, engine_step(f->e, 2));
	assert_string_equal(fa[1].key, "answer");
	assert_string_equal(fa[1].value, "Say yes");
	assert_string_equal(fact_text(&fa[1]), "Say yes");
	assert_int_equal(fa[1].origin, SW_ORIGIN_USER);
	assert_ptr_equal(fa[1].step, engine_step(f->e, 1));
	assert_string_equal(fa[2].value, "192.0.2.1");
	assert_string_equal(fa[3].value, "192.0.2.2");
	assert_string_equal(fa[4].key, "seen");
	assert_string_equal(fa[4].value, "1");
	assert_int_equal(fa[4].origin, SW_ORIGIN_LIVE);
	free(fa);
	assert_int_equal(engine_verdict_origin(f->e), SW_ORIGIN_SERVER);
	assert_string_equal(origin_name(SW_ORIGIN_SERVER), "server");

	assert_int_equal(v->n_suggest, 6);
	assert_true(engine_suggest_applies(f->e, &v->suggest[0]));
	assert_false(engine_suggest_applies(f->e, &v->suggest[1]));
	assert_true(engine_suggest_applies(f->e, &v->suggest[2]));
	assert_false(engine_suggest_applies(f->e, &v->suggest[3]));
	assert_false(engine_suggest_applies(f->e, &v->suggest[4]));
	assert_true(engine_suggest_applies(f->e, &v->suggest[5]));
	assert_int_equal(engine_n_offered(f->e, v), 3);

	/* Back to the question, the other answer: the user said it. */
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(engine_back(f->e), 0);
	assert_int_equal(engine_answer(f->e, "no"), 0);
	assert_at(f->e, "v_no", SW_ENG_VERDICT, 2);
	assert_int_equal(engine_verdict_origin(f->e), SW_ORIGIN_USER);
	n = engine_facts(f->e, engine_node(f->e), &fa);
	assert_int_equal(n, 1);
	assert_string_equal(fa[0].value, "Say no");
	free(fa);
	/* A node without facts has none; a NULL node too. */
	assert_int_equal(engine_facts(f->e, tree_find(f->tree, "p1"), &fa), 0);
	assert_null(fa);
	assert_int_equal(engine_facts(f->e, NULL, &fa), 0);
	fix_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_to_verdict),
		cmocka_unit_test(test_ahead_shared_by_siblings),
		cmocka_unit_test(test_expand_evidence),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_back_and_forward),
		cmocka_unit_test(test_rerun),
		cmocka_unit_test(test_rerun_without_probe),
		cmocka_unit_test(test_cancel_slow_probe),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_back_cancels),
		cmocka_unit_test(test_fd_readable),
		cmocka_unit_test(test_undeclared_outcome),
		cmocka_unit_test(test_missing_edge),
		cmocka_unit_test(test_step_limit_probes),
		cmocka_unit_test(test_step_limit_questions),
		cmocka_unit_test(test_free_while_running),
		cmocka_unit_test(test_set_start),
		cmocka_unit_test(test_no_start_node),
		cmocka_unit_test(test_ahead_used),
		cmocka_unit_test(test_early_adopted),
		cmocka_unit_test(test_early_dropped),
		cmocka_unit_test(test_early_unreachable),
		cmocka_unit_test(test_early_after_gate),
		cmocka_unit_test(test_per_connection_deadline),
		cmocka_unit_test(test_early_after_gate_failed),
		cmocka_unit_test(test_early_after_gate_not_ahead),
		cmocka_unit_test(test_ahead_not_for_fast),
		cmocka_unit_test(test_ahead_dropped),
		cmocka_unit_test(test_ahead_while_session_changes),
		cmocka_unit_test(test_fd_news_and_cancel_ahead),
		cmocka_unit_test(test_facts_and_conditions),
	};

	i18n_set_lang("en");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
