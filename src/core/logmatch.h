/* Recognising what the user saw: an error message or an `ssh -vvv` / PuTTY
 * log is matched against the table of known messages in data/messages.yaml,
 * and the best match names the tree node to start from.  The findings are
 * still verified live by the probes from there. */
#ifndef SW_LOGMATCH_H
#define SW_LOGMATCH_H

#include <stddef.h>

#include "core/diag.h"

typedef struct sw_logtable sw_logtable;

typedef struct sw_logmatch {
	const char *id;		/* the table entry's id, e.g. "conn_refused" */
	const char *start;	/* tree node id to start at */
	const char *summary;	/* English msgid: what the message means */
	const char *witness;	/* what the message means when the user's own
				 * ssh printed it although the checks passed:
				 * an outcome of the ssh.witness probe, or
				 * NULL */
	char *line;		/* the matching line of the text, escaped for
				 * display; owned by the match */
} sw_logmatch;

/* Loads the table from path (YAML, libyaml).  Problems go to diags as
 * FILE:LINE:COLUMN.  Returns the table (caller frees with
 * logtable_free()) or NULL. */
sw_logtable *logtable_load(const char *path, sw_diags *diags);
void logtable_free(sw_logtable *t);

/* The number of entries of the table (0 for NULL). */
size_t logtable_count(const sw_logtable *t);
/* Entry i's summary (an English msgid), or NULL when i is out of range; sets
 * *id to its id and *line to the 1-based line of the summary in the file
 * when those are not NULL.  Owned by the table.  For tools that list the
 * table's strings (src/tools/sw-xgettext-tree). */
const char *logtable_summary(const sw_logtable *t, size_t i, const char **id,
    int *line);

/* Matches text (any size; only the first 1 MiB is read) against the table.
 * Fills out[0..max) with the matches in table order of priority and returns
 * how many were found (0: nothing recognised).  Free each with
 * logmatch_clear(). */
size_t logtable_match(const sw_logtable *t, const char *text, size_t len,
    sw_logmatch *out, size_t max);
void logmatch_clear(sw_logmatch *m);

#endif
