/* Key/value evidence lists. */
#include "config.h"

#include "core/evidence.h"
#include "core/i18n.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void
evidence_put(sw_evidence *e, const char *key, char *value, int replace)
{
	size_t i;

	if (replace) {
		for (i = 0; i < e->n; i++) {
			if (strcmp(e->v[i].key, key) == 0) {
				free(e->v[i].value);
				e->v[i].value = value;
				return;
			}
		}
	}
	e->v = xreallocarray(e->v, e->n + 1, sizeof(*e->v));
	e->v[e->n].key = xstrdup(key);
	e->v[e->n].value = value;
	e->n++;
}

void
evidence_add(sw_evidence *e, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *v;

	va_start(ap, fmt);
	v = xvasprintf(fmt, ap);
	va_end(ap);
	evidence_put(e, key, v, 0);
}

void
evidence_set(sw_evidence *e, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *v;

	va_start(ap, fmt);
	v = xvasprintf(fmt, ap);
	va_end(ap);
	evidence_put(e, key, v, 1);
}

const char *
evidence_get(const sw_evidence *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].key, key) == 0)
			return e->v[i].value;
	return NULL;
}

void
evidence_free(sw_evidence *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].key);
		free(e->v[i].value);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

const char *
origin_name(sw_origin o)
{
	switch (o) {
	case SW_ORIGIN_SERVER:
		return "server";
	case SW_ORIGIN_USER:
		return "user";
	default:
		return "live";
	}
}

const char *
origin_label(sw_origin o)
{
	switch (o) {
	case SW_ORIGIN_SERVER:
		return N_("read on the server");
	case SW_ORIGIN_USER:
		return N_("your answer");
	default:
		return N_("checked live");
	}
}
