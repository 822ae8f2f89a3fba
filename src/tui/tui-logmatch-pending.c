/* Stands in for tui-logmatch.c until src/core/logmatch.c is linked: nothing
 * is recognised.  Removed from the build once it is. */
#include "config.h"

#include "tui/tui-int.h"

char *
tui_log_start(tui *t, const char *text, char **summary)
{
	(void)t;
	(void)text;
	*summary = NULL;
	return NULL;
}

void
tui_log_free(tui *t)
{
	t->logtable = NULL;
}
