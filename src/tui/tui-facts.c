/* The facts of a question or verdict on screen: the evidence values the
 * tree names for the node (facts:), as the engine gives them, shown right
 * under the title, whole, with who said it. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

size_t
tui_facts(tui *t, tui_fact *out, size_t max)
{
	(void)t;
	(void)out;
	(void)max;
	return 0;
}

void
tui_facts_doc(tui *t, tui_doc *d, const tui_fact *f, size_t n, int sel)
{
	size_t i;

	(void)t;
	for (i = 0; i < n; i++) {
		size_t first = d->n, k;

		doc_keyval(d, ROLE_NORMAL, (int)i == sel ? "> " : "  ", f[i].key,
		    f[i].value, f[i].origin ? _(f[i].origin) : NULL);
		if ((int)i != sel)
			continue;
		/* The selected fact stands out without colour too. */
		for (k = first; k < d->n; k++) {
			size_t j;

			for (j = 0; j < d->lines[k].n; j++)
				if (d->lines[k].segs[j].role == ROLE_NORMAL)
					d->lines[k].segs[j].role = ROLE_TITLE;
		}
	}
}
