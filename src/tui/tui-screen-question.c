/* The question screen: the node's explanation and its choices as a menu,
 * beside the path. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

/* The title and the facts the question asks about stay at the top, the
 * answers at the bottom; the explanation scrolls between them. */
static void
question_draw(tui *t, tui_rect body)
{
	tui_rect side, main, mid;
	tui_doc head, d, ans;
	const sw_node *n = engine_node(t->engine);
	tui_fact f[TUI_MAX_FACTS];
	size_t nf = tui_facts(t, f, TUI_MAX_FACTS), i;
	int hh, ah, zero = 0, azero = 0;

	tui_diag_layout(t, body, &side, &main);
	if (t->layout >= 2)
		tui_sidebar_draw(t, side);
	else
		tui_breadcrumb_draw(t, side);
	doc_init(&head, main.w);
	doc_wrap(&head, ROLE_TITLE, 0, NULL, _(n->title));
	tui_facts_doc(t, &head, f, nf, -1);
	doc_init(&ans, main.w);
	tui_pane_title(t, &ans, !t->focus_path, _("Choose an answer:"));
	for (i = 0; i < n->n_choices; i++) {
		int sel = (int)i == t->item;

		doc_wrap(&ans, sel ? ROLE_TITLE : ROLE_NORMAL, 4,
		    sel ? "  > " : NULL,
		    _(n->choices[i].label));
		doc_hit(&ans, REQ_PICK_ITEM, (int)i);
		if (sel && !t->focus_path) {
			doc_highlight(&ans, ROLE_SELECTED);
			doc_mark(&ans);
		}
	}
	/* The head and the answers share the pane; at least three lines are
	 * left to the explanation. */
	hh = (int)head.n;
	ah = (int)ans.n;
	if (hh > main.h / 3)
		hh = main.h / 3 > 1 ? main.h / 3 : 1;
	if (ah > main.h - hh - 4)
		ah = main.h - hh - 4 > 1 ? main.h - hh - 4 : 1;
	doc_paint(t, &head, (tui_rect){ main.y, main.x, hh, main.w }, &zero);
	doc_paint(t, &ans, (tui_rect){ main.y + main.h - ah, main.x, ah,
	    main.w }, &azero);
	doc_free(&head);
	doc_free(&ans);
	mid = (tui_rect){ main.y + hh + 1, main.x, main.h - hh - ah - 2,
	    main.w };
	doc_init(&d, main.w);
	d.search = 1;
	if (n->explanation != NULL)
		doc_wrap(&d, ROLE_NORMAL, 0, NULL, _(n->explanation));
	t->page = mid.h;
	doc_paint(t, &d, mid, &t->scroll);
	doc_free(&d);
}

static void
question_answer(tui *t)
{
	const sw_node *n = engine_node(t->engine);

	if (t->item < 0 || (size_t)t->item >= n->n_choices)
		return;
	if (engine_answer(t->engine, n->choices[t->item].id) == 0) {
		t->paused = 0;
		t->cancelled = 0;
		tui_view_reset(t);
	}
}

static int
question_request(tui *t, tui_request req, int arg)
{
	const sw_node *n = engine_node(t->engine);
	int last = (int)n->n_choices - 1;

	if (t->focus_path && req != REQ_FOCUS && req != REQ_PICK_ITEM &&
	    req != REQ_ENTER && tui_path_request(t, req, arg))
		return 1;
	switch (req) {
	case REQ_UP:
		if (t->item > 0)
			t->item--;
		return 1;
	case REQ_DOWN:
		if (t->item < last)
			t->item++;
		return 1;
	case REQ_HOME:
		t->item = 0;
		return 1;
	case REQ_END:
		t->item = last;
		return 1;
	case REQ_FOCUS:
		t->focus_path = !t->focus_path;
		return 1;
	case REQ_ENTER:
		if (t->focus_path) {
			t->focus_path = 0;
			return 1;
		}
		question_answer(t);
		return 1;
	case REQ_PICK_ITEM:
		t->focus_path = 0;
		t->item = arg;
		question_answer(t);
		return 1;
	case REQ_PICK_STEP:
		t->focus_path = 1;
		return tui_path_request(t, req, arg);
	case REQ_YANK:
		tui_fact_copy(t, 0);
		return 1;
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
question_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_UP, REQ_ENTER, REQ_BACK,
	    REQ_FOCUS, REQ_RERUN };
	static const tui_request path[] = { REQ_UP, REQ_ENTER, REQ_FOCUS,
	    REQ_BACK };
	const tui_request *w = t->focus_path ? path : v;
	size_t nw = t->focus_path ? sizeof(path) / sizeof(path[0]) :
	    sizeof(v) / sizeof(v[0]);
	size_t i;

	for (i = 0; i < nw && i < max; i++)
		out[i] = w[i];
	return i;
}

const tui_screen_ops tui_screen_question = {
	.name = "question",
	.draw = question_draw,
	.key = NULL,
	.request = question_request,
	.hints = question_hints,
};
