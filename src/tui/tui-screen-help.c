/* The help window: every key binding, generated from TUI_REQUESTS, and
 * what the symbols of the path mean. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

static void
help_draw(tui *t, tui_rect body)
{
	tui_rect box, in;
	tui_doc d;
	int r, kw = 18;
	char keys[128];
	char *legend;

	box.x = body.w > 84 ? (body.w - 80) / 2 : 1;
	box.w = body.w - 2 * box.x;
	box.y = body.y;
	box.h = body.h;
	tui_box(t, box, _("Keys"));
	in.y = box.y + 1;
	in.x = box.x + 2;
	in.h = box.h - 2;
	in.w = box.w - 4;
	if (in.w < 20)
		kw = in.w / 2;
	t->page = in.h;
	doc_init(&d, in.w);
	d.search = 1;
	for (r = REQ_NONE + 1; r < REQ_COUNT; r++) {
		const char *help = tui_keys_help((tui_request)r);
		char *k;

		if (help == NULL)
			continue;
		tui_keys_names((tui_request)r, 0, keys, sizeof(keys));
		k = tw_pad(keys, kw + 1, tui_ellipsis(t));
		doc_wrap_lead(&d, ROLE_KEY, k, ROLE_NORMAL, kw + 1, help);
		free(k);
	}
	doc_newline(&d);
	doc_wrap(&d, ROLE_DIM, 0, NULL, _("In a text field, letters type "
	    "themselves: there F1 shows this help, F2 switches the language "
	    "and Esc quits.  Mouse clicks pick steps, answers, commands and "
	    "fields."));
	doc_newline(&d);
	doc_newline(&d);
	doc_add(&d, ROLE_TITLE, _("Symbols"));
	/* TRANSLATORS: the legend of the path's symbols; keep each symbol
	 * before its word. */
	legend = xasprintf(_("%s passed   %s failed   ! warning   - not "
	    "checked   * answered   ? question   > not run yet   %s running"),
	    tui_state_symbol(t, SW_STATE_PASS), tui_state_symbol(t,
	    SW_STATE_FAIL), tui_spinner(t));
	doc_wrap(&d, ROLE_NORMAL, 2, NULL, legend);
	free(legend);
	doc_paint(t, &d, in, &t->help_scroll);
	doc_free(&d);
}

static int
help_request(tui *t, tui_request req, int arg)
{
	(void)arg;
	switch (req) {
	case REQ_UP:
		if (t->help_scroll > 0)
			t->help_scroll--;
		return 1;
	case REQ_DOWN:
		t->help_scroll++;
		return 1;
	case REQ_PAGE_UP:
		t->help_scroll -= t->page > 2 ? t->page - 1 : 1;
		if (t->help_scroll < 0)
			t->help_scroll = 0;
		return 1;
	case REQ_PAGE_DOWN:
		t->help_scroll += t->page > 2 ? t->page - 1 : 1;
		return 1;
	case REQ_LANG:
	case REQ_REDRAW:
	case REQ_SEARCH:
	case REQ_SEARCH_NEXT:
	case REQ_SEARCH_PREV:
		return 0;
	case REQ_CANCEL:
	case REQ_QUIT:
	case REQ_HELP:
	case REQ_ENTER:
	case REQ_BACK:
		t->overlay = NULL;
		return 1;
	default:
		return 1;
	}
}

static size_t
help_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_UP, REQ_SEARCH, REQ_CANCEL,
	    REQ_LANG };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_help = {
	.name = "help",
	.draw = help_draw,
	.key = NULL,
	.request = help_request,
	.hints = help_hints,
};
