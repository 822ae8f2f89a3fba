/* Probe registry lookups and context helpers. */
#include "config.h"

#include "core/probe.h"
#include "core/util.h"

#include <string.h>

const sw_probe_def *
registry_find(const sw_registry *r, const char *name)
{
	size_t i;

	if (r == NULL || name == NULL)
		return NULL;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->probes[i]->name, name) == 0)
			return r->probes[i];
	return NULL;
}

const sw_outcome *
probe_outcome(const sw_probe_def *p, const char *name)
{
	const sw_outcome *o;

	if (p == NULL || name == NULL)
		return NULL;
	for (o = p->outcomes; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

int64_t
probe_ctx_remaining_ms(const sw_probe_ctx *ctx)
{
	int64_t left = ctx->deadline_ms - sw_now_ms();

	return left > 0 ? left : 0;
}

int
probe_ctx_cancelled(const sw_probe_ctx *ctx)
{
	return ctx->cancel != NULL && atomic_load(ctx->cancel) != 0;
}

int
probe_ctx_should_stop(const sw_probe_ctx *ctx)
{
	return probe_ctx_cancelled(ctx) || probe_ctx_remaining_ms(ctx) == 0;
}

const char *
state_name(sw_state s)
{
	switch (s) {
	case SW_STATE_PASS:
		return "pass";
	case SW_STATE_FAIL:
		return "fail";
	case SW_STATE_WARN:
		return "warn";
	case SW_STATE_UNCHECKED:
		return "unchecked";
	default:
		return "info";
	}
}

int
probe_has_evidence(const sw_probe_def *p, const char *key)
{
	const char *const *k;

	for (k = p != NULL ? p->evidence : NULL; k != NULL && *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}
