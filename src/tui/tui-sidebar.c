/* The path of steps beside the step and question screens (a one-line
 * version in the compact layout), the review of a past step, and the
 * requests every diagnosis screen shares. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Sidebar width in the full layout. */
#define SIDE_W 28

void
tui_diag_layout(tui *t, tui_rect body, tui_rect *side, tui_rect *main)
{
	*side = body;
	*main = body;
	if (t->layout >= 2) {
		side->w = SIDE_W;
		main->x = SIDE_W + 1;
		main->w = body.w - SIDE_W - 2;
	} else {
		side->h = 1;
		main->y = body.y + 2;
		main->h = body.h - 2;
		main->x = 1;
		main->w = body.w - 2;
	}
	t->page = main->h;
}

/* The symbol and role of the entry for the engine's current node. */
static const char *
current_symbol(tui *t, tui_role *role)
{
	const sw_node *n = engine_node(t->engine);

	*role = ROLE_RUNNING;
	switch (engine_state(t->engine)) {
	case SW_ENG_RUNNING:
		return tui_spinner(t);
	case SW_ENG_QUESTION:
		*role = ROLE_WARN;
		return "?";
	case SW_ENG_VERDICT:
		if (n != NULL && n->cause != NULL && strcmp(n->cause, "ok") == 0) {
			*role = ROLE_PASS;
			return tui_state_symbol(t, SW_STATE_PASS);
		}
		*role = ROLE_FAIL;
		return tui_state_symbol(t, SW_STATE_FAIL);
	case SW_ENG_FAILED:
		*role = ROLE_ERROR;
		return "#";
	default:
		return ">";
	}
}

void
tui_sidebar_draw(tui *t, tui_rect r)
{
	tui_doc d;
	size_t i, n = engine_n_steps(t->engine);
	const sw_node *cur = engine_node(t->engine);
	tui_rect list = { r.y + 1, r.x, r.h - 1, r.w - 1 };
	tui_role role;
	const char *sym;

	if (t->focus_path) {
		char *title = xasprintf("> %s", _("Path"));

		tui_put_fill(t, r.y, r.x, r.w - 1, ROLE_SELECTED, title);
		free(title);
	} else
		tui_put(t, r.y, r.x + 2, r.w - 3, ROLE_TITLE, _("Path"), 1);
	mvvline(r.y, r.x + r.w - 1, ACS_VLINE, r.h);
	doc_init(&d, list.w);
	for (i = 0; i <= n; i++) {
		const sw_node *node = i < n ? engine_step(t->engine, i)->node : cur;

		if (node == NULL)
			break;
		doc_newline(&d);
		if (i < n) {
			const sw_step *s = engine_step(t->engine, i);

			sym = tui_state_symbol(t, s->state);
			role = tui_state_role(s->state);
		} else
			sym = current_symbol(t, &role);
		doc_add(&d, ROLE_NORMAL, " ");
		doc_add(&d, role, sym);
		doc_add(&d, ROLE_NORMAL, " ");
		doc_add(&d, i == n ? ROLE_TITLE : ROLE_NORMAL, _(node->title));
		doc_hit(&d, REQ_PICK_STEP, (int)i);
		if (i == t->sel) {
			doc_highlight(&d, t->focus_path || i < n ? ROLE_SELECTED :
			    ROLE_FIELD);
			doc_mark(&d);
		}
	}
	doc_paint(t, &d, list, &t->side_scroll);
	doc_free(&d);
}

void
tui_breadcrumb_draw(tui *t, tui_rect r)
{
	size_t i, n = engine_n_steps(t->engine);
	char *label;
	int x = r.x + 1, w;
	tui_role role;
	const char *sym;

	/* TRANSLATORS: the compact layout's path line: "Step 3:" then one
	 * symbol per step. */
	label = xasprintf(_("Step %zu:"), (t->sel < n ? t->sel : n) + 1);
	x += tui_put(t, r.y, x, r.w - 2, ROLE_TITLE, label, 1) + 1;
	free(label);
	/* The newest steps when they do not all fit. */
	i = n + 1 > (size_t)(r.w / 2 - 8) && r.w > 20 ?
	    n + 1 - (size_t)(r.w / 2 - 8) : 0;
	for (; i <= n && x < r.x + r.w - 2; i++) {
		if (i < n) {
			const sw_step *s = engine_step(t->engine, i);

			sym = tui_state_symbol(t, s->state);
			role = tui_state_role(s->state);
		} else
			sym = current_symbol(t, &role);
		if (i == t->sel)
			role = ROLE_SELECTED;
		w = tui_put(t, r.y, x, 1, role, sym, 0);
		tui_hit(t, r.y, x, x + 1, REQ_PICK_STEP, (int)i);
		x += w + 1;
	}
	mvhline(r.y + 1, r.x, ACS_HLINE, r.w);
}

int
tui_path_request(tui *t, tui_request req, int arg)
{
	size_t n = engine_n_steps(t->engine);

	switch (req) {
	case REQ_UP:
		if (t->sel > 0)
			t->sel--;
		break;
	case REQ_DOWN:
		if (t->sel < n)
			t->sel++;
		break;
	case REQ_HOME:
		t->sel = 0;
		break;
	case REQ_END:
		t->sel = n;
		break;
	case REQ_PICK_STEP:
		if (arg >= 0 && (size_t)arg <= n)
			t->sel = (size_t)arg;
		break;
	default:
		return 0;
	}
	t->scroll = 0;
	return 1;
}

static void
copy_nothing(tui *t)
{
	tui_status(t, ROLE_WARN, "%s", _("Nothing to copy here: commands come "
	    "with the verdict."));
}

int
tui_diag_request(tui *t, tui_request req, int arg)
{
	sw_engine *e = t->engine;
	size_t n = engine_n_steps(e);
	int reviewing = t->sel < n;

	(void)arg;
	switch (req) {
	case REQ_BACK:
		if (reviewing) {
			/* Back where the diagnosis stands, the focus with it. */
			t->sel = n;
			t->scroll = 0;
			t->focus_path = 0;
			return 1;
		}
		if (n == 0) {
			tui_diag_end(t);
			return 1;
		}
		engine_back(e);
		t->paused = 1;
		t->cancelled = 0;
		tui_view_reset(t);
		tui_status(t, ROLE_NOTICE, _("Back at: %s"),
		    _(engine_node(e)->title));
		return 1;
	case REQ_CANCEL:
		if (reviewing) {
			t->sel = n;
			t->scroll = 0;
			t->focus_path = 0;
			return 1;
		}
		return 0;
	case REQ_RERUN:
		if (engine_rerun(e) != 0) {
			tui_status(t, ROLE_WARN, "%s", _("There is no check to "
			    "run again yet."));
			return 1;
		}
		t->paused = 0;
		t->cancelled = 0;
		tui_view_reset(t);
		tui_status(t, ROLE_NOTICE, _("Running again: %s"),
		    _(engine_node(e)->title));
		return 1;
	case REQ_DETAILS:
		t->details = !t->details;
		tui_status(t, ROLE_NOTICE, "%s", t->details ?
		    _("Showing every piece of evidence.") :
		    _("Showing the evidence in short."));
		return 1;
	case REQ_PAGE_UP:
		t->scroll -= t->page > 2 ? t->page - 1 : 1;
		if (t->scroll < 0)
			t->scroll = 0;
		return 1;
	case REQ_PAGE_DOWN:
		t->scroll += t->page > 2 ? t->page - 1 : 1;
		return 1;
	case REQ_NEW:
		tui_new(t);
		return 1;
	case REQ_COPY:
		copy_nothing(t);
		return 1;
	default:
		return 0;
	}
}

/* The evidence of a step: in short (the first few) or every entry. */
static void
review_evidence(tui *t, tui_doc *d, const sw_evidence *ev)
{
	tui_step_evidence(t, d, ev, _("Evidence"));
}

void
tui_step_evidence(tui *t, tui_doc *d, const sw_evidence *ev,
    const char *heading)
{
	size_t i, shown = t->details ? ev->n : (ev->n < 4 ? ev->n : 4);

	if (ev->n == 0)
		return;
	doc_newline(d);
	doc_newline(d);
	doc_add(d, ROLE_TITLE, heading);
	for (i = 0; i < shown; i++)
		doc_keyval(d, ROLE_NORMAL, "  ", ev->v[i].key, ev->v[i].value,
		    NULL);
	if (shown < ev->n) {
		doc_newline(d);
		doc_addf(d, ROLE_DIM, _("  ... %zu more (d shows them)"),
		    ev->n - shown);
	}
}

void
tui_step_review(tui *t, tui_doc *d, size_t i)
{
	const sw_step *s = engine_step(t->engine, i);
	char when[32] = "";
	time_t secs;
	struct tm tm;

	if (s == NULL)
		return;
	doc_wrap(d, ROLE_TITLE, 0, NULL, _(s->node->title));
	doc_newline(d);
	doc_add(d, tui_state_role(s->state), tui_state_symbol(t, s->state));
	doc_add(d, ROLE_NORMAL, " ");
	doc_add(d, tui_state_role(s->state), tui_step_outcome(t, s));
	secs = (time_t)(s->started_wall_ms / 1000);
	if (s->started_wall_ms > 0 && localtime_r(&secs, &tm) != NULL)
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	if (s->node->kind == SW_NODE_PROBE)
		/* TRANSLATORS: when a check ran and how long it took. */
		doc_addf(d, ROLE_DIM, _("  (at %s, %lld ms)"), when,
		    (long long)s->duration_ms);
	if (t->details && s->node->kind == SW_NODE_PROBE) {
		doc_newline(d);
		doc_addf(d, ROLE_DIM, "%s: %s / %s", _("probe"), s->node->probe,
		    s->outcome);
	}
	if (s->node->explanation != NULL) {
		doc_newline(d);
		doc_wrap(d, ROLE_NORMAL, 0, NULL, _(s->node->explanation));
	}
	if (s->node->kind == SW_NODE_QUESTION) {
		doc_newline(d);
		doc_newline(d);
		doc_addf(d, ROLE_NORMAL, _("Your answer: %s"),
		    tui_step_outcome(t, s));
	}
	review_evidence(t, d, &s->evidence);
	doc_newline(d);
	doc_wrap(d, ROLE_DIM, 0, NULL, _("Reviewing a past step.  Enter or "
	    "Backspace returns to where the diagnosis stands."));
}
