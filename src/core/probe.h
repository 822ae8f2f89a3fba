/* The probe interface: a probe is a C function with a name and the outcomes
 * it may return.  Trees name probes and map every declared outcome to a node;
 * the validator checks trees against this registry. */
#ifndef SW_PROBE_H
#define SW_PROBE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/evidence.h"
#include "core/session.h"
#include "core/target.h"

/* How an outcome reads in a path of steps. */
typedef enum sw_state {
	SW_STATE_PASS,		/* the check passed */
	SW_STATE_FAIL,		/* the check found a fault */
	SW_STATE_WARN,		/* worth a look, not fatal */
	SW_STATE_UNCHECKED,	/* the probe could not check (no root, tool
				 * missing, timed out, cancelled) */
	SW_STATE_INFO,		/* neither: a fact (an answer, a skip) */
} sw_state;

typedef struct sw_outcome {
	const char *name;	/* stable id, e.g. "refused" */
	sw_state state;
	const char *label;	/* N_() English text, e.g. "connection refused" */
} sw_outcome;

typedef struct sw_probe_ctx {
	const sw_target *target;	/* read-only: the host this step checks
					 * (with jump hosts, the hop the
					 * walk is at: session->hop) */
	const sw_target *root;		/* read-only: the target as the user
					 * gave it, with its hops */
	sw_session *session;		/* shared, see session.h */
	int64_t deadline_ms;		/* on sw_now_ms()'s clock */
	atomic_int *cancel;		/* non-zero: stop now */
	sw_evidence evidence;		/* the probe appends here */
	/* The findings of the walk's steps before this one: their evidence
	 * whose key starts with "check." (see server.h) or "client." (what
	 * a client-side probe hands to the server checks, e.g. ssh.auth's
	 * "client.offered_key"), in step order, for the walk's own runs
	 * (empty for runs ahead).  Back and re-runs drop them with their
	 * steps.  Read-only. */
	sw_evidence walk;
} sw_probe_ctx;

typedef struct sw_probe_def {
	const char *name;		/* "tcp.connect" */
	const char *title;		/* N_() short English title */
	const sw_outcome *outcomes;	/* ends with { NULL } */
	/* Runs the check and returns the name of one declared outcome.  Must
	 * return by the deadline (give or take a few hundred milliseconds)
	 * and soon after the cancel flag is set. */
	const char *(*run)(sw_probe_ctx *ctx);
	/* Non-zero when the probe reads only the target and session->addrs
	 * (never writes the session) and writes only its own evidence: the
	 * engine may then run it ahead, at the same time as the probe before
	 * it, and use the result when the walk gets there. */
	int independent;
	/* Non-zero (with independent) when the engine starts the probe at the
	 * beginning of the diagnosis, in the background, if its node can be
	 * reached from where the walk starts; the walk adopts the run when it
	 * gets there (e.g. ssh.witness, the user's own ssh). */
	int early;
	/* With early: the name of a probe the walk must pass first (a step
	 * of it with state SW_STATE_PASS) when a node running it is still
	 * ahead of the walk; the early run then starts at the first start
	 * after that step.  ssh.witness waits for tcp.connect: where the
	 * connection fails at once it would only compete for the processor
	 * with the walk that reports it.  NULL: at the first start. */
	const char *early_after;
	/* Non-zero when the probe makes every connection of the path itself,
	 * as the user's ssh does behind jump hosts (ssh.witness): its time
	 * limit is the check time limit once for each connection, the hops
	 * and the target (ssh's ConnectTimeout is per connection too). */
	int per_connection;
	/* The evidence keys the probe may record, NULL-terminated (keys it
	 * adds under a computed name need not be listed).  A tree's facts and
	 * conditions may name only these (validate.c). */
	const char *const *evidence;
	/* Where its findings come from: SW_ORIGIN_LIVE (the default) or
	 * SW_ORIGIN_SERVER for probes that read the server. */
	sw_origin origin;
} sw_probe_def;

typedef struct sw_registry {
	const sw_probe_def *const *probes;
	size_t n;
} sw_registry;

/* Every probe the program ships (src/probes/registry.c). */
extern const sw_registry sw_builtin_probes;

/* The probe named name, or NULL. */
const sw_probe_def *registry_find(const sw_registry *r, const char *name);
/* The declared outcome named name, or NULL. */
const sw_outcome *probe_outcome(const sw_probe_def *p, const char *name);

/* Milliseconds until the deadline (0 when past). */
int64_t probe_ctx_remaining_ms(const sw_probe_ctx *ctx);
/* 1 if cancelled or past the deadline. */
int probe_ctx_should_stop(const sw_probe_ctx *ctx);
/* 1 if cancelled. */
int probe_ctx_cancelled(const sw_probe_ctx *ctx);

/* 1 if p declares evidence key key. */
int probe_has_evidence(const sw_probe_def *p, const char *key);

/* The stable name of a state ("pass", "fail", "warn", "unchecked", "info"). */
const char *state_name(sw_state s);

#endif
