/* The question screen: the node's explanation and its choices as a menu,
 * beside the path. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

static void
question_draw(tui *t, tui_rect body)
{
	tui_rect side, main;
	tui_doc d;
	const sw_node *n = engine_node(t->engine);
	size_t i;

	tui_diag_layout(t, body, &side, &main);
	if (t->layout >= 2)
		tui_sidebar_draw(t, side);
	else
		tui_breadcrumb_draw(t, side);
	doc_init(&d, main.w);
	doc_wrap(&d, ROLE_TITLE, 0, NULL, _(n->title));
	if (n->explanation != NULL) {
		doc_newline(&d);
		doc_wrap(&d, ROLE_NORMAL, 0, NULL, _(n->explanation));
	}
	doc_newline(&d);
	doc_newline(&d);
	doc_add(&d, ROLE_DIM, _("Choose an answer:"));
	for (i = 0; i < n->n_choices; i++) {
		int sel = (int)i == t->item;

		doc_wrap(&d, sel ? ROLE_TITLE : ROLE_NORMAL, 4,
		    sel ? "  > " : NULL,
		    _(n->choices[i].label));
		doc_hit(&d, REQ_PICK_ITEM, (int)i);
		if (sel && !t->focus_path) {
			doc_highlight(&d, ROLE_SELECTED);
			doc_mark(&d);
		}
	}
	doc_paint(t, &d, main, &t->scroll);
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
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
question_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_UP, REQ_ENTER, REQ_BACK,
	    REQ_FOCUS, REQ_RERUN };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_question = {
	.name = "question",
	.draw = question_draw,
	.key = NULL,
	.request = question_request,
	.hints = question_hints,
};
