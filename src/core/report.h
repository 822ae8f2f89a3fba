/* Session reports: JSON (documented in doc/report.md, JSON Schema in
 * data/report.schema.json) and Markdown, in the language in effect.  Written
 * whole or not at all. */
#ifndef SW_REPORT_H
#define SW_REPORT_H

#include <stdint.h>

#include <stddef.h>

#include "core/engine.h"
#include "core/logmatch.h"

typedef struct sw_report_info {
	int64_t started_wall_ms;
	int64_t finished_wall_ms;
	const char *source;	/* where findings came from: "client" (default
				 * when NULL), "server", or "via HOST" */
	const sw_logmatch *log_matches;	/* what --from-log (or the pasted
					 * error) recognised, best first;
					 * borrowed, may be NULL */
	size_t n_log_matches;
} sw_report_info;

/* The report as JSON text (UTF-8, ends with a newline).  Caller frees. */
char *report_json(const sw_engine *e, const sw_report_info *info);
/* The report as Markdown.  Caller frees. */
char *report_markdown(const sw_engine *e, const sw_report_info *info);

/* The report as one self-contained HTML page: inline style, no script, no
 * resource from elsewhere, every text escaped.  Caller frees. */
char *report_html(const sw_engine *e, const sw_report_info *info);

/* Writes data to path atomically: a temporary file in the same folder with
 * mode 0600, fsync, then rename over path.  Refuses to write through a path
 * that is an existing symlink.  Returns 0, or -1 with *errp set (caller
 * frees); on failure path is untouched and no temporary file is left. */
int report_write_file(const char *path, const char *data, char **errp);

/* Writes the report for e to path: Markdown for a name ending in .md, HTML
 * for .html, JSON otherwise.  Returns 0, or -1 with *errp set. */
int report_write(const sw_engine *e, const sw_report_info *info,
    const char *path, char **errp);

#endif
