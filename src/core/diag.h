/* A list of problems found in a file, each at FILE:LINE:COLUMN. */
#ifndef SW_DIAG_H
#define SW_DIAG_H

#include <stddef.h>

typedef struct sw_diag {
	char *file;	/* as given to the loader; owned */
	int line;	/* 1-based; 0 when unknown */
	int col;	/* 1-based; 0 when unknown */
	char *msg;	/* translated, one line, no trailing period; owned */
	size_t seq;	/* order of arrival, keeps the sort stable */
} sw_diag;

typedef struct sw_diags {
	sw_diag *v;
	size_t n;
	size_t cap;
} sw_diags;

/* Appends a problem; msg is a printf format (already translated). */
void diags_add(sw_diags *d, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sorts by file, line, column; equal positions keep their order. */
void diags_sort(sw_diags *d);
/* Formats problem i as "FILE:LINE:COLUMN: message".  Caller frees. */
char *diags_format(const sw_diags *d, size_t i);
/* Frees every problem; d itself may be reused. */
void diags_free(sw_diags *d);

#endif
