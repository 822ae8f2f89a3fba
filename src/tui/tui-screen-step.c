/* The step screen: the path beside, and the current probe (its title,
 * explanation and live state with a spinner) or a past step under review. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

/* What the step before this one found, with its evidence. */
static void
step_last(tui *t, tui_doc *d)
{
	size_t n = engine_n_steps(t->engine);
	const sw_step *s;

	if (n == 0)
		return;
	s = engine_step(t->engine, n - 1);
	doc_newline(d);
	doc_newline(d);
	doc_add(d, ROLE_TITLE, _("Last step"));
	doc_newline(d);
	doc_add(d, tui_state_role(s->state), tui_state_symbol(t, s->state));
	doc_add(d, ROLE_NORMAL, " ");
	doc_add(d, ROLE_NORMAL, _(s->node->title));
	doc_add(d, ROLE_DIM, ": ");
	doc_add(d, tui_state_role(s->state), tui_step_outcome(t, s));
	if (s->node->kind == SW_NODE_PROBE)
		doc_addf(d, ROLE_DIM, " (%lld ms)", (long long)s->duration_ms);
	tui_step_evidence(t, d, &s->evidence, t->details ?
	    _("Its evidence (d shows less)") : _("Its evidence (d shows all)"));
}

static void
step_current(tui *t, tui_doc *d)
{
	sw_engine *e = t->engine;
	const sw_node *n = engine_node(e);
	const sw_probe_def *p = engine_probe(e);
	sw_engine_state st = engine_state(e);

	if (st == SW_ENG_FAILED) {
		doc_wrap(d, ROLE_ERROR, 0, NULL, _("The diagnosis stopped on an "
		    "internal error"));
		doc_newline(d);
		doc_wrap(d, ROLE_NORMAL, 0, NULL, engine_error(e));
		doc_newline(d);
		doc_wrap(d, ROLE_DIM, 0, NULL, _("Backspace goes back a step; "
		    "q quits."));
		return;
	}
	if (n == NULL)
		return;
	doc_wrap(d, ROLE_TITLE, 0, NULL, _(n->title));
	doc_newline(d);
	/* TRANSLATORS: "Step 2 · check tcp.connect": the step number and the
	 * internal name of the check. */
	doc_addf(d, ROLE_DIM, _("Step %zu \xc2\xb7 check %s"),
	    engine_n_steps(e) + 1, p ? p->name : n->probe ? n->probe : "");
	if (p != NULL && p->title != NULL &&
	    strcmp(_(p->title), _(n->title)) != 0) {
		doc_newline(d);
		doc_wrap(d, ROLE_DIM, 0, NULL, _(p->title));
	}
	if (n->explanation != NULL) {
		doc_newline(d);
		doc_wrap(d, ROLE_NORMAL, 0, NULL, _(n->explanation));
	}
	doc_newline(d);
	doc_newline(d);
	if (st == SW_ENG_RUNNING || (st == SW_ENG_READY && !t->paused &&
	    !t->cancelled)) {
		int64_t ms = engine_elapsed_ms(e);
		const sw_target *tg = engine_target(e);

		doc_add(d, ROLE_RUNNING, tui_spinner(t));
		doc_add(d, ROLE_NORMAL, " ");
		doc_add(d, ROLE_RUNNING, _("Checking..."));
		/* TRANSLATORS: elapsed and maximum seconds of a running check. */
		doc_addf(d, ROLE_NORMAL, _("  %.1f s of at most %d s"),
		    (double)ms / 1000.0, tg ? (tg->timeout_ms + 999) / 1000 : 0);
		doc_newline(d);
		doc_add(d, ROLE_DIM, _("Esc cancels the check."));
	} else if (t->cancelled) {
		doc_wrap(d, ROLE_WARN, 0, NULL, _("Cancelled.  Enter or r runs "
		    "this check again."));
	} else {
		doc_wrap(d, ROLE_NORMAL, 0, NULL, _("This check has not run yet.  "
		    "Enter runs it."));
	}
	step_last(t, d);
}

static void
step_draw(tui *t, tui_rect body)
{
	tui_rect side, main;
	tui_doc d;

	tui_diag_layout(t, body, &side, &main);
	if (t->layout >= 2)
		tui_sidebar_draw(t, side);
	else
		tui_breadcrumb_draw(t, side);
	doc_init(&d, main.w);
	d.search = 1;
	if (t->sel < engine_n_steps(t->engine))
		tui_step_review(t, &d, t->sel);
	else
		step_current(t, &d);
	doc_paint(t, &d, main, &t->scroll);
	doc_free(&d);
}

static int
step_request(tui *t, tui_request req, int arg)
{
	sw_engine *e = t->engine;

	switch (req) {
	case REQ_ENTER:
		if (t->sel < engine_n_steps(e)) {
			t->sel = engine_n_steps(e);
			t->scroll = 0;
		} else if (engine_state(e) == SW_ENG_READY) {
			t->paused = 0;
			t->cancelled = 0;
		}
		return 1;
	case REQ_FOCUS:
		return 1;
	case REQ_UP:
	case REQ_DOWN:
	case REQ_HOME:
	case REQ_END:
	case REQ_PICK_STEP:
		t->focus_path = 1;
		return tui_path_request(t, req, arg);
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
step_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request running[] = { REQ_CANCEL, REQ_UP, REQ_BACK };
	static const tui_request ready[] = { REQ_ENTER, REQ_UP, REQ_BACK,
	    REQ_RERUN };
	static const tui_request review[] = { REQ_ENTER, REQ_UP, REQ_DETAILS,
	    REQ_SEARCH, REQ_RERUN };
	const tui_request *v;
	size_t n, i;

	if (t->sel < engine_n_steps(t->engine)) {
		v = review;
		n = sizeof(review) / sizeof(review[0]);
	} else if (engine_state(t->engine) == SW_ENG_RUNNING) {
		v = running;
		n = sizeof(running) / sizeof(running[0]);
	} else {
		v = ready;
		n = sizeof(ready) / sizeof(ready[0]);
	}
	for (i = 0; i < n && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_step = {
	.name = "step",
	.draw = step_draw,
	.key = NULL,
	.request = step_request,
	.hints = step_hints,
};
