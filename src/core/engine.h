/* The diagnosis engine: walks the tree from its start node, runs each probe
 * on a worker thread, records every step, takes answers to questions, can go
 * back and re-run, and ends at a verdict.  Front ends only drive it and read
 * it; it knows nothing of screens.
 *
 * Threading: every engine_* call must come from the one thread that owns the
 * engine.  A running probe touches only its own context; its result reaches
 * the engine in engine_collect().
 *
 * Typical loop (batch):
 *	while (engine_state(e) != SW_ENG_VERDICT) {
 *		if (state == SW_ENG_READY) engine_start(e);
 *		if (state == SW_ENG_RUNNING) { engine_wait(e, -1); engine_collect(e); }
 *		if (state == SW_ENG_QUESTION) engine_answer(e, choice);
 *	}
 * An interactive front end polls engine_fd() with its key input instead of
 * engine_wait(). */
#ifndef SW_ENGINE_H
#define SW_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/evidence.h"
#include "core/probe.h"
#include "core/session.h"
#include "core/target.h"
#include "core/tree.h"

typedef enum sw_engine_state {
	SW_ENG_READY,		/* at a probe node, probe not started */
	SW_ENG_RUNNING,		/* the probe runs */
	SW_ENG_QUESTION,	/* at a question node */
	SW_ENG_VERDICT,		/* at a verdict node: the end */
	SW_ENG_FAILED,		/* an internal error stopped the walk */
} sw_engine_state;

/* One step of the path: a probe run or an answered question. */
typedef struct sw_step {
	const sw_node *node;
	const char *outcome;	/* outcome or choice id; owned by the tree or
				 * the probe definition */
	sw_state state;
	sw_evidence evidence;
	int64_t started_wall_ms;
	int64_t duration_ms;
	int hop;		/* the hop the step checked (session.h) */
} sw_step;

typedef struct sw_engine sw_engine;

/* A new engine at t's start node.  tree, reg and target are borrowed and must
 * outlive the engine; the tree must have validated clean.  Never NULL. */
sw_engine *engine_new(const sw_tree *tree, const sw_registry *reg,
    const sw_target *target);
/* Cancels a running probe, waits for it, frees everything.  NULL is fine. */
void engine_free(sw_engine *e);

/* Starts at another node (e.g. the branch a pasted log points to).  Only
 * before the first step.  Returns 0, or -1 for an unknown id. */
int engine_set_start(sw_engine *e, const char *node_id);

sw_engine_state engine_state(const sw_engine *e);
/* The node the engine stands at. */
const sw_node *engine_node(const sw_engine *e);
/* The probe definition of the current probe node, or NULL. */
const sw_probe_def *engine_probe(const sw_engine *e);
/* Steps taken so far (the current running probe is not one yet). */
size_t engine_n_steps(const sw_engine *e);
const sw_step *engine_step(const sw_engine *e, size_t i);
/* The last internal error message, or NULL.  Owned by the engine. */
const char *engine_error(const sw_engine *e);
/* Milliseconds the running probe has run, 0 if none runs. */
int64_t engine_elapsed_ms(const sw_engine *e);
/* The shared probe state (read-only for front ends). */
const sw_session *engine_session(const sw_engine *e);
/* The target. */
const sw_target *engine_target(const sw_engine *e);
/* The host hop stands for: with jump hosts, hops[hop] of the target, the
 * target itself past the last one; without, the target.  Never NULL. */
const sw_target *engine_hop_target(const sw_engine *e, int hop);
/* The hop the walk is at now (0 without jump hosts). */
int engine_hop(const sw_engine *e);
/* The probe registry the engine was made with. */
const sw_registry *engine_registry(const sw_engine *e);

/* Starts the current probe on a worker thread with the target's timeout.
 * Returns 0, or -1 if not SW_ENG_READY. */
int engine_start(sw_engine *e);
/* A descriptor that becomes readable when the running probe has finished
 * (or has news for the engine); -1 when no probe runs.  Do not read from it;
 * call engine_collect() whenever it is readable. */
int engine_fd(const sw_engine *e);
/* Waits up to timeout_ms (-1: no limit) for the running probe.  Returns 1
 * when it has finished, 0 on time-out or when none runs. */
int engine_wait(sw_engine *e, int timeout_ms);
/* If the running probe has finished: records the step and moves to the node
 * its outcome leads to (a cancelled probe records nothing and leaves the
 * engine SW_ENG_READY at the same node).  Returns 1 if a step was recorded, 0
 * if nothing finished yet or it was cancelled, -1 on an internal error (an
 * undeclared outcome or an edge-less outcome: SW_ENG_FAILED). */
int engine_collect(sw_engine *e);
/* Asks the running probe to stop; engine_collect() then reports it. */
void engine_cancel(sw_engine *e);

/* Answers the current question.  Returns 0, or -1 if not at a question or
 * the choice is unknown. */
int engine_answer(sw_engine *e, const char *choice_id);
/* Drops the last step and stands at its node again (SW_ENG_READY or
 * SW_ENG_QUESTION).  Cancels a running probe first.  Returns 0, or -1 when
 * there is no step to go back to. */
int engine_back(sw_engine *e);
/* At a probe node: runs it again (same as engine_start).  At a question or
 * verdict: goes back to the last probe step and starts it again, dropping the
 * steps after it.  Returns 0 or -1. */
int engine_rerun(sw_engine *e);
/* The front end changed what the target holds (a key's passphrase typed on
 * screen): the runs started early or ahead with the old target are
 * cancelled, so the walk runs those probes again when it gets there, never
 * adopting a result about a target that no longer is.  Call it while no
 * probe runs (SW_ENG_READY or SW_ENG_QUESTION). */
void engine_target_changed(sw_engine *e);

/* How long a probe runs before the engine starts, at the same time, the
 * independent probes it may lead to (probe.h).  A fast probe never causes
 * extra checks; a slow one (a dropped port) does not make them wait. */
#define SW_ENGINE_AHEAD_MS 300

/* The most steps a walk may take before it is stopped as a loop. */
#define SW_ENGINE_MAX_STEPS 100



/* A fact of a node (tree.h `facts`): the value the path recorded for one of
 * its evidence keys, and who said it. */
typedef struct sw_fact {
	const char *key;	/* the evidence key; owned by the tree */
	const char *value;	/* owned by the step's evidence; for the key
				 * "answer" (the question answered last, origin
				 * SW_ORIGIN_USER) the English label of the
				 * choice: show fact_text() */
	const sw_step *step;	/* the step that recorded it */
	sw_origin origin;	/* engine_step_origin(step) */
} sw_fact;

/* Where step s's findings came from: the probe's origin, SW_ORIGIN_USER
 * for an answered question. */
sw_origin engine_step_origin(const sw_engine *e, const sw_step *s);
/* Who said what decided the verdict: the origin of the last step (the one
 * that led to the current node).  SW_ORIGIN_LIVE when there is none. */
sw_origin engine_verdict_origin(const sw_engine *e);
/* The answered question step that decided the verdict (the last step, when
 * it is an answer), or NULL. */
const sw_step *engine_verdict_answer(const sw_engine *e);
/* The label (English msgid) of the choice a question step took. */
const char *step_answer_label(const sw_step *s);
/* The facts of node n (usually engine_node(e)) as far as the steps so far
 * recorded them, in the order n lists them; a key the path never recorded
 * is left out, a key recorded several times by its latest step gives one
 * fact per value.  Returns the count and sets *out to an array the caller
 * frees (not its strings), NULL when the count is 0.  Valid until the
 * steps change (engine_collect, engine_answer, engine_back, ...). */
size_t engine_facts(const sw_engine *e, const sw_node *n, sw_fact **out);
/* The value of f to show, in the language in effect (an answer's label is
 * translated; other values are shown as recorded). */
const char *fact_text(const sw_fact *f);
/* 1 if every `when:` condition of suggestion s holds for the evidence so
 * far (a command for a tool the evidence says is absent is not offered).
 * The key "answer" stands for the id of the choice answered last. */
int engine_suggest_applies(const sw_engine *e, const sw_suggest *s);
/* How many of node v's suggestions apply (engine_suggest_applies). */
size_t engine_n_offered(const sw_engine *e, const sw_node *v);

/* Expands a suggested command's placeholders with this diagnosis's values
 * ({host} as typed, {hostname} it stands for, {known_host_name} as
 * known_hosts names it, {port}, {user}, {ip}, {ev.KEY} from the evidence,
 * {known_hosts}, {client_ip}), each
 * shell-quoted.  Caller frees. */
char *engine_expand(const sw_engine *e, const char *tmpl);

#endif
