/* The diagnosis engine: a state machine over the tree, with one worker thread
 * per running probe. */
#include "config.h"

#include "core/engine.h"
#include "host/host.h"
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

/* What one probe run owns.  The worker writes outcome and ctx.evidence, sets
 * done, then writes 'D' into the pipe; the owner reads them only after done.
 * The watchdog writes 'T' once the probe has run SW_ENGINE_AHEAD_MS, so the
 * owner can start the probes that may run ahead (see probe.h). */
typedef struct sw_run {
	pthread_t thread;
	pthread_t watchdog;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	sw_probe_ctx ctx;
	atomic_int cancel;
	atomic_int done;
	const sw_node *node;
	const sw_probe_def *def;
	const char *outcome;
	sw_session *own_session;	/* a snapshot for a run ahead, or NULL */
	sw_session at_start;	/* the addresses when it started, for the
				 * runs ahead: the probe may rewrite its
				 * session while they start */
	int pipe[2];
	int64_t started_ms;
	int64_t started_wall_ms;
	int64_t finished_ms;
	int hop;		/* the session's hop when it started */
} sw_run;

/* The most runs ahead at once. */
#define MAX_AHEAD 8
/* The most probes started early (probe.h: .early). */
#define MAX_EARLY 4

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
	sw_run *ahead[MAX_AHEAD];	/* started early; not yet the walk's */
	size_t n_ahead;
	sw_run *dead[MAX_AHEAD * 4];	/* cancelled, waiting to be joined */
	size_t n_dead;
	int ahead_started;		/* for the current run */
	sw_run *early[MAX_EARLY];	/* started with the diagnosis, waiting
					 * for the walk to adopt them */
	size_t n_early;
	int early_started;		/* engine_start_early ran */
	const char *early_gate;		/* a probe an early run waits for
					 * (probe.h: .early_after), or NULL */
	const sw_probe_def *early_seen[MAX_EARLY];	/* started early once */
	size_t n_early_seen;
	char *error;
};

static void engine_drop_early(sw_engine *e);

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
		/* The walk is over: what was started early for it is not
		 * needed any more. */
		engine_drop_early(e);
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

const sw_target *
engine_hop_target(const sw_engine *e, int hop)
{
	const sw_target *t = e->target;

	if (hop >= 0 && (size_t)hop < t->n_hops && t->hops[hop] != NULL)
		return t->hops[hop];
	return t;
}

int
engine_hop(const sw_engine *e)
{
	return e->session.hop;
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

static void
run_signal(sw_run *r, char c)
{
	ssize_t w;

	do
		w = write(r->pipe[1], &c, 1);
	while (w < 0 && errno == EINTR);
}

static void *
run_thread(void *arg)
{
	sw_run *r = arg;

	r->outcome = r->def->run(&r->ctx);
	r->finished_ms = sw_now_ms();
	pthread_mutex_lock(&r->mu);
	atomic_store(&r->done, 1);
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	run_signal(r, 'D');
	return NULL;
}

/* Sleeps until the probe has run SW_ENGINE_AHEAD_MS or is done. */
static void *
watchdog_thread(void *arg)
{
	sw_run *r = arg;
	struct timespec ts;
	int timed_out = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)(SW_ENGINE_AHEAD_MS % 1000) * 1000000L;
	ts.tv_sec += SW_ENGINE_AHEAD_MS / 1000 + ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->mu);
	while (!atomic_load(&r->done) && !timed_out)
		timed_out = pthread_cond_timedwait(&r->cv, &r->mu, &ts) != 0;
	pthread_mutex_unlock(&r->mu);
	if (!atomic_load(&r->done))
		run_signal(r, 'T');
	return NULL;
}

/* Starts def for node on a worker thread.  session is the shared one for the
 * walk's own run, or a private snapshot (then owned by the run, own = 1) for
 * a run ahead.  Returns the run, or NULL with errno set. */
static sw_run *
run_new(sw_engine *e, const sw_node *node, const sw_probe_def *def,
    sw_session *session, int own)
{
	sw_run *r = xcalloc(1, sizeof(*r));
	int err;

	if (pipe(r->pipe) != 0) {
		free(r);
		return NULL;
	}
	fcntl(r->pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(r->pipe[1], F_SETFD, FD_CLOEXEC);
	fcntl(r->pipe[0], F_SETFL, O_NONBLOCK);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	atomic_init(&r->cancel, 0);
	atomic_init(&r->done, 0);
	r->node = node;
	r->def = def;
	r->own_session = own ? session : NULL;
	r->hop = session->hop;
	r->ctx.root = e->target;
	r->ctx.target = engine_hop_target(e, session->hop);
	r->ctx.session = session;
	r->ctx.cancel = &r->cancel;
	r->started_ms = sw_now_ms();
	r->started_wall_ms = sw_wall_ms();
	r->ctx.deadline_ms = r->started_ms + (int64_t)e->target->timeout_ms *
	    (def->per_connection ? 1 + (int64_t)e->target->n_hops : 1);
	if (!own) {
		size_t i, j;

		for (i = 0; i < e->n_steps; i++) {
			const sw_evidence *ev = &e->steps[i].evidence;

			for (j = 0; j < ev->n; j++)
				if (strncmp(ev->v[j].key, "check.", 6) == 0 ||
				    strncmp(ev->v[j].key, "client.", 7) == 0)
					evidence_add(&r->ctx.walk, ev->v[j].key,
					    "%s", ev->v[j].value);
		}
	}
	session_init(&r->at_start);
	if (session->resolved)
		session_set_addrs(&r->at_start, session->addrs, session->n_addrs);
	if ((err = pthread_create(&r->thread, NULL, run_thread, r)) != 0)
		goto fail;
	if ((err = pthread_create(&r->watchdog, NULL, watchdog_thread, r)) != 0) {
		atomic_store(&r->cancel, 1);
		pthread_join(r->thread, NULL);
		evidence_free(&r->ctx.evidence);
		goto fail;
	}
	return r;
fail:
	evidence_free(&r->ctx.walk);
	session_clear(&r->at_start);
	close(r->pipe[0]);
	close(r->pipe[1]);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	free(r);
	errno = err;
	return NULL;
}

/* Waits for a run's threads and frees it; its evidence is moved to *ev when
 * ev is not NULL, else freed.  A private session snapshot goes with it. */
static void
run_reap(sw_run *r, sw_evidence *ev)
{
	pthread_join(r->thread, NULL);
	pthread_join(r->watchdog, NULL);
	close(r->pipe[0]);
	close(r->pipe[1]);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	if (ev != NULL)
		*ev = r->ctx.evidence;
	else
		evidence_free(&r->ctx.evidence);
	evidence_free(&r->ctx.walk);
	if (r->own_session != NULL) {
		session_clear(r->own_session);
		free(r->own_session);
	}
	session_clear(&r->at_start);
	free(r);
}

/* Joins the cancelled runs that have finished without blocking, or all of
 * them, waiting, when wait is set. */
static void
engine_reap_dead(sw_engine *e, int wait)
{
	size_t i = 0;

	while (i < e->n_dead) {
		if (wait || atomic_load(&e->dead[i]->done)) {
			run_reap(e->dead[i], NULL);
			e->dead[i] = e->dead[--e->n_dead];
		} else
			i++;
	}
}

/* Cancels a run and leaves it to be joined later, off the UI's path. */
static void
engine_bury(sw_engine *e, sw_run *r)
{
	atomic_store(&r->cancel, 1);
	if (e->n_dead == sizeof(e->dead) / sizeof(e->dead[0]))
		engine_reap_dead(e, 1);
	e->dead[e->n_dead++] = r;
}

/* The probe definition of node n, or NULL when n is no probe node. */
static const sw_probe_def *
node_probe_def(const sw_engine *e, const sw_node *n)
{
	if (n == NULL || n->kind != SW_NODE_PROBE)
		return NULL;
	return registry_find(e->reg, n->probe);
}

/* Cancels every run ahead except the one node keep (may be NULL) can use.
 * An independent probe's result depends only on the target and the
 * addresses, so any node naming the same probe can use it. */
static void
engine_drop_ahead(sw_engine *e, const sw_node *keep)
{
	const sw_probe_def *keep_def = node_probe_def(e, keep);
	size_t i = 0;

	while (i < e->n_ahead) {
		if (keep_def != NULL && e->ahead[i]->def == keep_def) {
			i++;
			continue;
		}
		engine_bury(e, e->ahead[i]);
		e->ahead[i] = e->ahead[--e->n_ahead];
	}
}

/* Starts, ahead of the walk, the independent probes of the nodes the running
 * probe may lead to.  Each gets a snapshot of the addresses as they were when
 * the running probe started, never the shared session (which that probe may
 * be writing). */
static void
engine_start_ahead(sw_engine *e)
{
	const sw_node *n = e->run->node;
	const sw_session *at = &e->run->at_start;
	size_t i, j;

	e->ahead_started = 1;
	/* Past a jump host, checks from this machine do not apply. */
	if (!at->resolved || e->session.hop > 0)
		return;
	for (i = 0; i < n->n_edges && e->n_ahead < MAX_AHEAD; i++) {
		const sw_node *t = tree_find(e->tree, n->edges[i].next);
		const sw_probe_def *def;
		sw_session *snap;
		sw_run *r;
		int have = 0;

		if (t == NULL || t->kind != SW_NODE_PROBE || t == n ||
		    (def = registry_find(e->reg, t->probe)) == NULL ||
		    !def->independent)
			continue;
		/* Sibling nodes often name the same probe: run it once; and
		 * not again when it runs since the start (early). */
		for (j = 0; j < e->n_ahead; j++)
			have |= e->ahead[j]->def == def;
		for (j = 0; j < e->n_early; j++)
			have |= e->early[j]->def == def;
		if (have)
			continue;
		snap = xcalloc(1, sizeof(*snap));
		session_init(snap);
		session_set_addrs(snap, at->addrs, at->n_addrs);
		if ((r = run_new(e, t, def, snap, 1)) == NULL) {
			session_clear(snap);
			free(snap);
			continue;
		}
		e->ahead[e->n_ahead++] = r;
	}
}

/* Cancels the early runs the walk has not adopted. */
static void
engine_drop_early(sw_engine *e)
{
	while (e->n_early > 0)
		engine_bury(e, e->early[--e->n_early]);
}

/* 1 if a step of the walk ran the probe named gate and passed. */
static int
engine_passed(const sw_engine *e, const char *gate)
{
	size_t i;

	for (i = 0; i < e->n_steps; i++)
		if (e->steps[i].node->kind == SW_NODE_PROBE &&
		    e->steps[i].state == SW_STATE_PASS &&
		    strcmp(e->steps[i].node->probe, gate) == 0)
			return 1;
	return 0;
}

/* At the first start, and again after the walk passed the probe an early
 * run waits for: starts in the background every probe marked .early whose
 * node the walk can reach from where it stands, once per probe, on an
 * empty session of its own; one with .early_after waits while a node of
 * that probe is still ahead and the walk has not passed it. */
static void
engine_start_early(sw_engine *e)
{
	const sw_node **queue;
	size_t head = 0, tail = 0, i, j;

	e->early_started = 1;
	e->early_gate = NULL;
	if (e->node == NULL || e->tree->n_nodes == 0)
		return;
	queue = xcalloc(e->tree->n_nodes, sizeof(*queue));
	queue[tail++] = e->node;
	while (head < tail) {
		const sw_node *n = queue[head++];
		size_t k = n->kind == SW_NODE_PROBE ? n->n_edges :
		    n->kind == SW_NODE_QUESTION ? n->n_choices : 0;

		for (i = 0; i < k; i++) {
			const sw_node *t = tree_find(e->tree,
			    n->kind == SW_NODE_PROBE ? n->edges[i].next :
			    n->choices[i].next);

			if (t == NULL)
				continue;
			for (j = 0; j < tail && queue[j] != t; j++)
				;
			if (j == tail && tail < e->tree->n_nodes)
				queue[tail++] = t;
		}
	}
	for (head = 1; head < tail; head++) {
		const sw_node *n = queue[head];
		const sw_probe_def *def = node_probe_def(e, n);
		int have = 0;

		if (def == NULL || !def->early || e->n_early >= MAX_EARLY ||
		    e->n_early_seen >= MAX_EARLY)
			continue;
		for (j = 0; j < e->n_early_seen; j++)
			have |= e->early_seen[j] == def;
		if (have)
			continue;
		if (def->early_after != NULL &&
		    !engine_passed(e, def->early_after)) {
			int ahead = 0;

			for (j = 0; j < tail && !ahead; j++)
				ahead = queue[j]->kind == SW_NODE_PROBE &&
				    strcmp(queue[j]->probe,
				    def->early_after) == 0;
			if (ahead) {
				e->early_gate = def->early_after;
				continue;
			}
		}
		{
			sw_session *snap = xcalloc(1, sizeof(*snap));
			sw_run *r;

			session_init(snap);
			e->early_seen[e->n_early_seen++] = def;
			if ((r = run_new(e, n, def, snap, 1)) != NULL)
				e->early[e->n_early++] = r;
			else
				free(snap);
		}
	}
	free(queue);
}

/* The run ahead (or early) of node n's probe, taken out of its list and
 * given to n, or NULL. */
static sw_run *
engine_take_ahead(sw_engine *e, const sw_node *n)
{
	const sw_probe_def *def = node_probe_def(e, n);
	size_t i;

	for (i = 0; def != NULL && i < e->n_early; i++) {
		if (e->early[i]->def == def) {
			sw_run *r = e->early[i];

			e->early[i] = e->early[--e->n_early];
			r->node = n;
			/* It checked the whole path; its step stands where
			 * the walk adopts it. */
			r->hop = e->session.hop;
			return r;
		}
	}

	for (i = 0; def != NULL && i < e->n_ahead; i++) {
		if (e->ahead[i]->def == def) {
			sw_run *r = e->ahead[i];

			e->ahead[i] = e->ahead[--e->n_ahead];
			r->node = n;
			return r;
		}
	}
	return NULL;
}

int
engine_start(sw_engine *e)
{
	sw_run *r;
	const sw_probe_def *def;

	if (e->state != SW_ENG_READY)
		return -1;
	engine_reap_dead(e, 0);
	if ((def = engine_probe(e)) == NULL) {
		engine_fail(e, xasprintf(_("unknown probe '%s'"), e->node->probe));
		return -1;
	}
	if (e->n_steps >= SW_ENGINE_MAX_STEPS) {
		engine_fail(e, xasprintf(_("stopped after %d steps: the tree "
		    "loops"), SW_ENGINE_MAX_STEPS));
		return -1;
	}
	if (!e->early_started || (e->early_gate != NULL && e->n_steps > 0 &&
	    e->steps[e->n_steps - 1].state == SW_STATE_PASS &&
	    e->steps[e->n_steps - 1].node->kind == SW_NODE_PROBE &&
	    strcmp(e->steps[e->n_steps - 1].node->probe, e->early_gate) == 0))
		engine_start_early(e);
	engine_drop_ahead(e, e->node);
	if ((r = engine_take_ahead(e, e->node)) == NULL &&
	    (r = run_new(e, e->node, def, &e->session, 0)) == NULL) {
		engine_fail(e, xasprintf(_("cannot start a probe: %s"),
		    strerror(errno)));
		return -1;
	}
	e->run = r;
	e->ahead_started = 0;
	e->state = SW_ENG_RUNNING;
	return 0;
}

int
engine_fd(const sw_engine *e)
{
	return e->run ? e->run->pipe[0] : -1;
}

/* Reads what the run's threads signalled; on 'T' starts the runs ahead. */
static void
engine_drain(sw_engine *e)
{
	char buf[16];
	ssize_t n, i;

	while ((n = read(e->run->pipe[0], buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			if (buf[i] == 'T' && !e->ahead_started)
				engine_start_ahead(e);
}

int
engine_wait(sw_engine *e, int timeout_ms)
{
	int64_t end = timeout_ms < 0 ? -1 : sw_now_ms() + timeout_ms;

	while (e->run != NULL) {
		struct pollfd p = { .fd = e->run->pipe[0], .events = POLLIN };
		int64_t left = end < 0 ? -1 : end - sw_now_ms();
		int r;

		if (atomic_load(&e->run->done))
			return 1;
		if (end >= 0 && left <= 0)
			return 0;
		r = poll(&p, 1, left < 0 ? -1 : (int)left);
		if (r < 0 && errno != EINTR)
			return 0;
		if (r > 0)
			engine_drain(e);
	}
	return 0;
}

/* Joins the finished worker and releases the run, keeping its evidence in
 * *ev (moved).  Returns the outcome. */
static const char *
run_finish(sw_engine *e, sw_evidence *ev, int64_t *started_wall,
    int64_t *duration, int *cancelled, int *hop)
{
	sw_run *r = e->run;
	const char *outcome = r->outcome;

	*hop = r->hop;
	*started_wall = r->started_wall_ms;
	*duration = r->finished_ms - r->started_ms;
	*cancelled = atomic_load(&r->cancel) != 0;
	run_reap(r, ev);
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
	int cancelled, hop;
	sw_step *s;

	engine_reap_dead(e, 0);
	if (e->run == NULL)
		return 0;
	engine_drain(e);
	if (!atomic_load(&e->run->done))
		return 0;
	outcome = run_finish(e, &ev, &started_wall, &duration, &cancelled,
	    &hop);
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
	s->hop = hop;
	engine_goto(e, next);
	engine_drop_ahead(e, next);
	return 1;
}

void
engine_cancel(sw_engine *e)
{
	/* A cancelled probe leads nowhere: start nothing ahead of it. */
	e->ahead_started = 1;
	engine_drop_ahead(e, NULL);
	if (e->run != NULL)
		atomic_store(&e->run->cancel, 1);
}

/* Cancels a running probe and waits for it; records nothing. */
static void
engine_stop(sw_engine *e)
{
	sw_evidence ev;
	int64_t a, b;
	int c, h;

	engine_drop_ahead(e, NULL);
	if (e->run == NULL)
		return;
	engine_cancel(e);
	engine_wait(e, -1);
	run_finish(e, &ev, &a, &b, &c, &h);
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
	s->hop = e->session.hop;
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
	/* Back before a jump host was passed: what lies beyond goes. */
	if (s->hop < e->session.hop && e->session.jump_rewind != NULL)
		e->session.jump_rewind(&e->session, s->hop);
	free(e->error);
	e->error = NULL;
	engine_goto(e, s->node);
	return 0;
}

void
engine_target_changed(sw_engine *e)
{
	engine_drop_early(e);
	engine_drop_ahead(e, NULL);
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
	engine_drop_early(e);
	engine_reap_dead(e, 1);
	for (i = 0; i < e->n_steps; i++)
		evidence_free(&e->steps[i].evidence);
	free(e->steps);
	session_clear(&e->session);
	free(e->error);
	free(e);
}

/* The latest value of key in the evidence of the steps so far. */
static const char *
engine_evidence(void *arg, const char *key)
{
	const sw_engine *e = arg;
	size_t i;

	for (i = e->n_steps; i > 0; i--) {
		const char *v = evidence_get(&e->steps[i - 1].evidence, key);

		if (v != NULL)
			return v;
	}
	return NULL;
}

sw_origin
engine_step_origin(const sw_engine *e, const sw_step *s)
{
	const sw_probe_def *p;

	if (s == NULL || s->node == NULL)
		return SW_ORIGIN_LIVE;
	if (s->node->kind == SW_NODE_QUESTION)
		return SW_ORIGIN_USER;
	p = registry_find(e->reg, s->node->probe);
	return p != NULL ? p->origin : SW_ORIGIN_LIVE;
}

sw_origin
engine_verdict_origin(const sw_engine *e)
{
	if (e->n_steps == 0)
		return SW_ORIGIN_LIVE;
	return engine_step_origin(e, &e->steps[e->n_steps - 1]);
}

const sw_step *
engine_verdict_answer(const sw_engine *e)
{
	const sw_step *s;

	if (e->n_steps == 0)
		return NULL;
	s = &e->steps[e->n_steps - 1];
	return s->node->kind == SW_NODE_QUESTION ? s : NULL;
}

/* The latest step whose evidence holds key, or NULL. */
static const sw_step *
engine_step_with(const sw_engine *e, const char *key)
{
	size_t i;

	for (i = e->n_steps; i > 0; i--)
		if (evidence_get(&e->steps[i - 1].evidence, key) != NULL)
			return &e->steps[i - 1];
	return NULL;
}

/* The latest answered question, or NULL. */
static const sw_step *
engine_last_answer(const sw_engine *e)
{
	size_t i;

	for (i = e->n_steps; i > 0; i--)
		if (e->steps[i - 1].node->kind == SW_NODE_QUESTION)
			return &e->steps[i - 1];
	return NULL;
}

const char *
step_answer_label(const sw_step *s)
{
	const sw_choice *c = node_choice(s->node, s->outcome);

	return c != NULL && c->label != NULL ? c->label : s->outcome;
}

static void
facts_push(sw_fact **f, size_t *count, const char *key, const char *value,
    const sw_step *s, sw_origin origin)
{
	*f = xreallocarray(*f, *count + 1, sizeof(**f));
	(*f)[*count].key = key;
	(*f)[*count].value = value;
	(*f)[*count].step = s;
	(*f)[*count].origin = origin;
	(*count)++;
}

size_t
engine_facts(const sw_engine *e, const sw_node *n, sw_fact **out)
{
	sw_fact *f = NULL;
	size_t i, j, count = 0;

	*out = NULL;
	if (n == NULL)
		return 0;
	for (i = 0; i < n->n_facts; i++) {
		const char *key = n->facts[i];
		const sw_step *s;

		/* "answer": what the user answered last, their finding. */
		if (strcmp(key, "answer") == 0) {
			if ((s = engine_last_answer(e)) != NULL)
				facts_push(&f, &count, key, step_answer_label(s), s,
				    SW_ORIGIN_USER);
			continue;
		}
		if ((s = engine_step_with(e, key)) == NULL)
			continue;
		for (j = 0; j < s->evidence.n; j++)
			if (strcmp(s->evidence.v[j].key, key) == 0)
				facts_push(&f, &count, key,
				    s->evidence.v[j].value, s,
				    engine_step_origin(e, s));
	}
	*out = f;
	return count;
}

const char *
fact_text(const sw_fact *f)
{
	return f->origin == SW_ORIGIN_USER ? _(f->value) : f->value;
}

int
engine_suggest_applies(const sw_engine *e, const sw_suggest *s)
{
	size_t i;

	for (i = 0; i < s->n_when; i++) {
		const sw_cond *c = &s->when[i];
		const char *v = engine_evidence((void *)e, c->key);
		const sw_step *a;
		int holds;

		/* "answer" compares the id of the choice last taken. */
		if (strcmp(c->key, "answer") == 0)
			v = (a = engine_last_answer(e)) != NULL ? a->outcome :
			    NULL;
		if (c->value == NULL)
			holds = v != NULL && *v != '\0';
		else
			holds = v != NULL && strcmp(v, c->value) == 0;
		if (holds == c->negate)
			return 0;
	}
	return 1;
}

size_t
engine_n_offered(const sw_engine *e, const sw_node *v)
{
	size_t i, n = 0;

	for (i = 0; v != NULL && i < v->n_suggest; i++)
		n += (size_t)engine_suggest_applies(e, &v->suggest[i]);
	return n;
}

/* The identity file a command should name: the first one given with -i
 * (or in the configuration) that exists, else the first of them; a leading
 * ~/ (as ssh -G prints it) expanded, since a quoted ~ stays one.  Caller
 * frees; NULL when there is none. */
static char *
target_identity(const sw_target *t)
{
	const char *home = getenv("HOME");
	char *first = NULL, *p;
	size_t i;

	for (i = 0; i < t->n_identities; i++) {
		const char *id = t->identities[i];

		p = strncmp(id, "~/", 2) == 0 && home != NULL ?
		    xasprintf("%s/%s", home, id + 2) : xstrdup(id);
		if (access(p, F_OK) == 0) {
			free(first);
			return p;
		}
		if (first == NULL)
			first = p;
		else
			free(p);
	}
	return first;
}

/* The words after `ssh` that reach target t as the user's ssh does, each
 * shell-quoted.  The target itself: the user's own words and the host as
 * typed.  A jump host: the configuration file given, the hops before it as
 * -J, then its port, user and host.  Caller frees. */
static char *
ssh_args_of(const sw_engine *e, const sw_target *t)
{
	const sw_target *root = e->target;
	sbuf b = { 0 }, jump = { 0 };
	char port[16];
	size_t i, n;

	if (t == root) {
		const char *const *w = target_ssh_words(t, &n);

		for (i = 0; i < n; i++)
			shell_add_word(&b, w[i]);
	} else {
		if (root->words.config_file != NULL) {
			shell_add_word(&b, "-F");
			shell_add_word(&b, root->words.config_file);
		}
		for (i = 0; i < root->n_hops && root->hops[i] != t; i++) {
			const sw_target *h = root->hops[i];

			sbuf_addf(&jump, "%s%s@%s:%d", i > 0 ? "," : "",
			    h->user, h->alias != NULL ? h->alias : h->host,
			    h->port);
		}
		if (jump.len > 0) {
			shell_add_word(&b, "-J");
			shell_add_word(&b, jump.s);
		}
		sbuf_free(&jump);
		snprintf(port, sizeof(port), "%d", t->port);
		shell_add_word(&b, "-p");
		shell_add_word(&b, port);
		shell_add_word(&b, "-l");
		shell_add_word(&b, t->user);
	}
	shell_add_word(&b, t->alias != NULL ? t->alias : t->host);
	return sbuf_steal(&b);
}

char *
engine_expand(const sw_engine *e, const char *tmpl)
{
	char port[16];
	char *id = NULL, *args = NULL, *out;
	sw_vars v;
	const sw_target *t = engine_hop_target(e, e->session.hop);

	memset(&v, 0, sizeof(v));
	snprintf(port, sizeof(port), "%d", t->port);
	v.host = t->alias ? t->alias : t->host;
	v.hostname = t->host;
	v.known_host_name = t->known_host_name;
	v.port = port;
	v.user = t->user;
	v.ip = session_ip(&e->session);
	v.known_hosts = t->known_hosts;
	v.identity = id = target_identity(t);
	if (strstr(tmpl, "{ssh_args}") != NULL)
		v.ssh_args = args = ssh_args_of(e, t);
	v.client_ip = e->target->client_ip;
	if (v.client_ip == NULL && e->target->server != NULL)
		v.client_ip = host_peer_ip(e->target->server);
	v.evidence = engine_evidence;
	v.evidence_arg = (void *)e;
	out = placeholders_expand(tmpl, &v);
	free(id);
	free(args);
	return out;
}
