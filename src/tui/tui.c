/* Placeholder until the ncurses wizard lands: says so and exits. */
#include "config.h"

#include "core/i18n.h"
#include "tui/tui.h"

#include <stdio.h>

int
tui_run(const sw_options *o, const sw_tree *tree, const sw_target *target)
{
	(void)o;
	(void)tree;
	(void)target;
	fprintf(stderr, "%s\n", _("sshwizard: the screen wizard is not built "
	    "yet; use --batch"));
	return 2;
}
