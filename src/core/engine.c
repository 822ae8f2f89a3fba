/* The diagnosis engine: a state machine over the tree, with one worker thread
 * per running probe. */
#include "config.h"

#include "core/engine.h"
#include "core/i18n.h"
#include "core/shquote.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

/* What one probe run owns.  The worker writes outcome and ctx.evidence, then
 * one byte into the pipe; the owner reads them only after the byte. */
typedef struct sw_run {
	pthread_t thread;
	sw_probe_ctx ctx;
	atomic_int cancel;
	const sw_probe_def *def;
	const char *outcome;
	int pipe[2];
	int64_t started_ms;
	int64_t started_wall_ms;
	int64_t finished_ms;
} sw_run;

struct sw_engine {
	const sw_tree *tree;
	const sw_registry *reg;
	const sw_target *target;
	sw_session session;
	const sw_node *node;
	sw_engine_state state;
	sw_step *steps;
	size_t n_steps;
	sw_run *run;
	char *error;
};

static void
engine_fail(sw_engine *e, char *msg)
{
	free(e->error);
	e->error = msg;
	e->state = SW_ENG_FAILED;
}

/* Stands at node n and sets the state its kind implies. */
static void
engine_goto(sw_engine *e, const sw_node *n)
{
	e->node = n;
	switch (n->kind) {
	case SW_NODE_PROBE:
		e->state = SW_ENG_READY;
		break;
	case SW_NODE_QUESTION:
		e->state = SW_ENG_QUESTION;
		break;
	case SW_NODE_VERDICT:
		e->state = SW_ENG_VERDICT;
		break;
	}
}

sw_engine *
engine_new(const sw_tree *tree, const sw_registry *reg, const sw_target *target)
{
	sw_engine *e = xcalloc(1, sizeof(*e));
	const sw_node *start;

	e->tree = tree;
	e->reg = reg;
	e->target = target;
	session_init(&e->session);
	start = tree_find(tree, tree->start);
	if (start == NULL)
		engine_fail(e, xasprintf(_("the tree has no start node '%s'"),
		    tree->start ? tree->start : ""));
	else
		engine_goto(e, start);
	return e;
}

int
engine_set_start(sw_engine *e, const char *node_id)
{
	const sw_node *n = tree_find(e->tree, node_id);

	if (n == NULL || e->n_steps > 0 || e->run != NULL)
		return -1;
	engine_goto(e, n);
	return 0;
}

sw_engine_state
engine_state(const sw_engine *e)
{
	return e->state;
}

const sw_node *
engine_node(const sw_engine *e)
{
	return e->node;
}

const sw_probe_def *
engine_probe(const sw_engine *e)
{
	if (e->node == NULL || e->node->kind != SW_NODE_PROBE)
		return NULL;
	return registry_find(e->reg, e->node->probe);
}

size_t
engine_n_steps(const sw_engine *e)
{
	return e->n_steps;
}

const sw_step *
engine_step(const sw_engine *e, size_t i)
{
	return i < e->n_steps ? &e->steps[i] : NULL;
}

const char *
engine_error(const sw_engine *e)
{
	return e->error;
}

const sw_session *
engine_session(const sw_engine *e)
{
	return &e->session;
}

const sw_target *
engine_target(const sw_engine *e)
{
	return e->target;
}

const sw_registry *
engine_registry(const sw_engine *e)
{
	return e->reg;
}

int64_t
engine_elapsed_ms(const sw_engine *e)
{
	return e->run ? sw_now_ms() - e->run->started_ms : 0;
}

static void *
run_thread(void *arg)
{
	sw_run *r = arg;
	char one = 1;
	ssize_t w;

	r->outcome = r->def->run(&r->ctx);
	r->finished_ms = sw_now_ms();
	do
		w = write(r->pipe[1], &one, 1);
	while (w < 0 && errno == EINTR);
	return NULL;
}

int
engine_start(sw_engine *e)
{
	sw_run *r;
	const sw_probe_def *def;

	if (e->state != SW_ENG_READY)
		return -1;
	if ((def = engine_probe(e)) == NULL) {
		engine_fail(e, xasprintf(_("unknown probe '%s'"), e->node->probe));
		return -1;
	}
	if (e->n_steps >= SW_ENGINE_MAX_STEPS) {
		engine_fail(e, xasprintf(_("stopped after %d steps: the tree "
		    "loops"), SW_ENGINE_MAX_STEPS));
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	if (pipe(r->pipe) != 0) {
		free(r);
		engine_fail(e, xasprintf(_("cannot start a probe: %s"),
		    strerror(errno)));
		return -1;
	}
	fcntl(r->pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(r->pipe[1], F_SETFD, FD_CLOEXEC);
	atomic_init(&r->cancel, 0);
	r->def = def;
	r->ctx.target = e->target;
	r->ctx.session = &e->session;
	r->ctx.cancel = &r->cancel;
	r->started_ms = sw_now_ms();
	r->started_wall_ms = sw_wall_ms();
	r->ctx.deadline_ms = r->started_ms + e->target->timeout_ms;
	if (pthread_create(&r->thread, NULL, run_thread, r) != 0) {
		close(r->pipe[0]);
		close(r->pipe[1]);
		free(r);
		engine_fail(e, xstrdup(_("cannot start a probe thread")));
		return -1;
	}
	e->run = r;
	e->state = SW_ENG_RUNNING;
	return 0;
}

int
engine_fd(const sw_engine *e)
{
	return e->run ? e->run->pipe[0] : -1;
}

int
engine_wait(sw_engine *e, int timeout_ms)
{
	struct pollfd p;
	int r;

	if (e->run == NULL)
		return 0;
	p.fd = e->run->pipe[0];
	p.events = POLLIN;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r > 0;
}

/* Joins the finished worker and releases the run, keeping its evidence in
 * *ev (moved).  Returns the outcome. */
static const char *
run_finish(sw_engine *e, sw_evidence *ev, int64_t *started_wall,
    int64_t *duration, int *cancelled)
{
	sw_run *r = e->run;
	const char *outcome = r->outcome;

	pthread_join(r->thread, NULL);
	close(r->pipe[0]);
	close(r->pipe[1]);
	*ev = r->ctx.evidence;
	*started_wall = r->started_wall_ms;
	*duration = r->finished_ms - r->started_ms;
	*cancelled = atomic_load(&r->cancel) != 0;
	free(r);
	e->run = NULL;
	return outcome;
}

int
engine_collect(sw_engine *e)
{
	const sw_outcome *o;
	const sw_node *next;
	const char *outcome, *next_id;
	sw_evidence ev;
	int64_t started_wall, duration;
	int cancelled;
	sw_step *s;

	if (e->run == NULL || !engine_wait(e, 0))
		return 0;
	outcome = run_finish(e, &ev, &started_wall, &duration, &cancelled);
	if (cancelled) {
		evidence_free(&ev);
		e->state = SW_ENG_READY;
		return 0;
	}
	o = probe_outcome(engine_probe(e), outcome);
	if (o == NULL) {
		evidence_free(&ev);
		engine_fail(e, xasprintf(_("probe '%s' returned an undeclared "
		    "outcome '%s'"), e->node->probe, outcome ? outcome : "(null)"));
		return -1;
	}
	next_id = node_next(e->node, o->name);
	if (next_id == NULL || (next = tree_find(e->tree, next_id)) == NULL) {
		evidence_free(&ev);
		engine_fail(e, xasprintf(_("node '%s' has no edge for outcome "
		    "'%s'"), e->node->id, o->name));
		return -1;
	}
	e->steps = xreallocarray(e->steps, e->n_steps + 1, sizeof(*e->steps));
	s = &e->steps[e->n_steps++];
	s->node = e->node;
	s->outcome = o->name;
	s->state = o->state;
	s->evidence = ev;
	s->started_wall_ms = started_wall;
	s->duration_ms = duration;
	engine_goto(e, next);
	return 1;
}

void
engine_cancel(sw_engine *e)
{
	if (e->run != NULL)
		atomic_store(&e->run->cancel, 1);
}

/* Cancels a running probe and waits for it; records nothing. */
static void
engine_stop(sw_engine *e)
{
	sw_evidence ev;
	int64_t a, b;
	int c;

	if (e->run == NULL)
		return;
	engine_cancel(e);
	engine_wait(e, -1);
	run_finish(e, &ev, &a, &b, &c);
	evidence_free(&ev);
	e->state = SW_ENG_READY;
}

int
engine_answer(sw_engine *e, const char *choice_id)
{
	const sw_choice *c;
	const sw_node *next;
	sw_step *s;

	if (e->state != SW_ENG_QUESTION ||
	    (c = node_choice(e->node, choice_id)) == NULL)
		return -1;
	if ((next = tree_find(e->tree, c->next)) == NULL) {
		engine_fail(e, xasprintf(_("choice '%s' of node '%s' leads to an "
		    "unknown node"), c->id, e->node->id));
		return -1;
	}
	if (e->n_steps >= SW_ENGINE_MAX_STEPS) {
		engine_fail(e, xasprintf(_("stopped after %d steps: the tree "
		    "loops"), SW_ENGINE_MAX_STEPS));
		return -1;
	}
	e->steps = xreallocarray(e->steps, e->n_steps + 1, sizeof(*e->steps));
	s = &e->steps[e->n_steps++];
	memset(s, 0, sizeof(*s));
	s->node = e->node;
	s->outcome = c->id;
	s->state = SW_STATE_INFO;
	s->started_wall_ms = sw_wall_ms();
	engine_goto(e, next);
	return 0;
}

int
engine_back(sw_engine *e)
{
	sw_step *s;

	engine_stop(e);
	if (e->n_steps == 0)
		return -1;
	s = &e->steps[--e->n_steps];
	evidence_free(&s->evidence);
	free(e->error);
	e->error = NULL;
	engine_goto(e, s->node);
	return 0;
}

int
engine_rerun(sw_engine *e)
{
	engine_stop(e);
	if (e->state == SW_ENG_FAILED)
		return -1;
	if (e->node->kind != SW_NODE_PROBE) {
		size_t i = e->n_steps;

		while (i > 0 && e->steps[i - 1].node->kind != SW_NODE_PROBE)
			i--;
		if (i == 0)
			return -1;
		while (e->n_steps >= i)
			engine_back(e);
	}
	return engine_start(e);
}

void
engine_free(sw_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	engine_stop(e);
	for (i = 0; i < e->n_steps; i++)
		evidence_free(&e->steps[i].evidence);
	free(e->steps);
	session_clear(&e->session);
	free(e->error);
	free(e);
}

char *
engine_expand(const sw_engine *e, const char *tmpl)
{
	char port[16];
	char *kh = NULL, *out;
	sw_vars v;

	memset(&v, 0, sizeof(v));
	snprintf(port, sizeof(port), "%d", e->target->port);
	v.host = e->target->alias ? e->target->alias : e->target->host;
	v.port = port;
	v.user = e->target->user;
	v.ip = session_ip(&e->session);
	v.known_hosts = e->target->known_hosts;
	if (v.known_hosts == NULL) {
		const char *home = getenv("HOME");

		kh = xasprintf("%s/.ssh/known_hosts", home ? home : "~");
		v.known_hosts = kh;
	}
	v.client_ip = NULL;
	out = placeholders_expand(tmpl, &v);
	free(kh);
	return out;
}
