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
	const sw_node *node;
	sw_fact *f = NULL;
	size_t n, i, k = 0;

	if (t->engine == NULL || (node = engine_node(t->engine)) == NULL)
		return 0;
	n = engine_facts(t->engine, node, &f);
	for (i = 0; i < n && k < max; i++, k++) {
		out[k].key = f[i].key;
		out[k].value = fact_text(&f[i]);
		out[k].origin = origin_label(f[i].origin);
	}
	free(f);
	return k;
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

void
tui_fact_copy(tui *t, int k)
{
	tui_fact f[TUI_MAX_FACTS];
	size_t nf = tui_facts(t, f, TUI_MAX_FACTS);

	if (nf == 0) {
		tui_status(t, ROLE_WARN, "%s", _("There is no fact to copy "
		    "here."));
		return;
	}
	if (k < 0 || (size_t)k >= nf)
		k = 0;
	if (tui_clip_copy(f[k].value) == 0)
		tui_status(t, ROLE_NOTICE, _("Copied to the clipboard: %s"),
		    f[k].value);
	else
		tui_status(t, ROLE_ERROR, "%s", _("Could not write to the "
		    "terminal to copy."));
}
