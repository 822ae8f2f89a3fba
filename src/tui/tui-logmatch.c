/* The pasted error on the target screen (and --from-log): the table of
 * known messages picks the node the diagnosis starts at. */
#include "config.h"

#include "core/logmatch.h"
#include "core/paths.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

char *
tui_log_start(tui *t, const char *text, char **summary)
{
	sw_logmatch m;
	char *start = NULL;

	*summary = NULL;
	if (!t->logtable_tried) {
		sw_diags d = { 0 };
		char *path = xasprintf("%s/messages.yaml", paths_data_dir());

		t->logtable_tried = 1;
		t->logtable = logtable_load(path, &d);
		diags_free(&d);
		free(path);
	}
	if (t->logtable == NULL || text == NULL || *text == '\0')
		return NULL;
	if (logtable_match(t->logtable, text, strlen(text), &m, 1) == 0)
		return NULL;
	start = xstrdup(m.start);
	*summary = xstrdup(m.summary);
	logmatch_clear(&m);
	return start;
}

void
tui_log_free(tui *t)
{
	logtable_free(t->logtable);
	t->logtable = NULL;
}
