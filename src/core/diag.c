/* Problem lists for the loader and validator. */
#include "config.h"

#include "core/diag.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
diags_add(sw_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	sw_diag *g;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	g = &d->v[d->n];
	g->seq = d->n++;
	g->file = xstrdup(file ? file : "-");
	g->line = line;
	g->col = col;
	va_start(ap, fmt);
	g->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
diag_cmp(const void *a, const void *b)
{
	const sw_diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diags_sort(sw_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

char *
diags_format(const sw_diags *d, size_t i)
{
	const sw_diag *g = &d->v[i];

	return xasprintf("%s:%d:%d: %s", g->file, g->line, g->col, g->msg);
}

void
diags_free(sw_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
