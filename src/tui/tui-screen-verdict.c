/* The verdict screen: the whole path (each step opens for review), then the
 * cause, what it means, and the commands to run with where each runs; a
 * command copies to the clipboard. */
#include "config.h"

#include "core/cause.h"
#include "host/host.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

static int
verdict_ok(const sw_node *v)
{
	return v->cause != NULL && strcmp(v->cause, "ok") == 0;
}

static void
verdict_path(tui *t, tui_doc *d)
{
	size_t i, n = engine_n_steps(t->engine);

	doc_newline(d);
	doc_add(d, t->focus_path ? ROLE_KEY : ROLE_TITLE, _("Path"));
	doc_add(d, ROLE_DIM, "  ");
	doc_add(d, ROLE_DIM, _("(Tab, then Enter opens a step)"));
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(t->engine, i);
		int sel = t->focus_path && i == t->path_cur;

		doc_newline(d);
		doc_add(d, ROLE_NORMAL, "  ");
		doc_add(d, tui_state_role(s->state), tui_state_symbol(t, s->state));
		doc_add(d, ROLE_NORMAL, " ");
		doc_add(d, ROLE_NORMAL, _(s->node->title));
		doc_add(d, ROLE_DIM, ": ");
		doc_add(d, tui_state_role(s->state), tui_step_outcome(t, s));
		doc_hit(d, REQ_PICK_STEP, (int)i);
		if (sel) {
			doc_highlight(d, ROLE_SELECTED);
			doc_mark(d);
		}
	}
}

static void
verdict_body(tui *t, tui_doc *d)
{
	sw_engine *e = t->engine;
	const sw_node *v = engine_node(e);
	const sw_target *tg = engine_target(e);
	int ok = verdict_ok(v);
	size_t i;
	char *rule;
	int k;
	sbuf b = { 0 };

	for (k = 0; k < d->width; k++)
		sbuf_add(&b, t->utf8 ? "\xe2\x94\x80" : "-");
	rule = sbuf_steal(&b);
	doc_newline(d);
	doc_add(d, ROLE_DIM, rule);
	free(rule);
	doc_newline(d);
	doc_add(d, ok ? ROLE_PASS : ROLE_FAIL,
	    tui_state_symbol(t, ok ? SW_STATE_PASS : SW_STATE_FAIL));
	doc_add(d, ROLE_NORMAL, " ");
	doc_add(d, ok ? ROLE_PASS : ROLE_FAIL, _("Verdict:"));
	doc_add(d, ROLE_NORMAL, " ");
	doc_add(d, ROLE_TITLE, _(v->title));
	doc_newline(d);
	/* TRANSLATORS: the stable cause id (never translated) and the side
	 * where the fault lies. */
	if (cause_side(v->cause) != NULL &&
	    strcmp(cause_side(v->cause), "server") == 0)
		doc_addf(d, ROLE_DIM, _("  cause: %s (found on the server)"),
		    v->cause);
	else
		doc_addf(d, ROLE_DIM, _("  cause: %s (seen from this machine)"),
		    v->cause);
	if (tg->server != NULL && host_used(tg->server)) {
		char *src = host_kind(tg->server) == SW_HOST_LOCAL ?
		    xstrdup(_("Server-side checks ran on this machine.")) :
		    /* TRANSLATORS: %s is the host the checks logged in to. */
		    xasprintf(_("Server-side checks ran on %s, over SSH."),
		    host_host(tg->server));

		doc_newline(d);
		doc_add(d, ROLE_NOTICE, "  ");
		doc_add(d, ROLE_NOTICE, src);
		free(src);
	}
	if (v->explanation != NULL) {
		doc_newline(d);
		doc_newline(d);
		doc_add(d, ROLE_TITLE, _("What it means"));
		doc_wrap(d, ROLE_NORMAL, 2, NULL, _(v->explanation));
	}
	if (v->n_suggest > 0) {
		doc_newline(d);
		doc_newline(d);
		doc_add(d, ROLE_TITLE, _("What to do"));
		doc_add(d, ROLE_DIM, "  ");
		doc_add(d, ROLE_DIM, _("(c copies the selected command)"));
	}
	for (i = 0; i < v->n_suggest; i++) {
		const sw_suggest *s = &v->suggest[i];
		char *cmd = engine_expand(e, s->command);
		int sel = !t->focus_path && (int)i == t->item;
		const char *where = s->where == SW_WHERE_SERVER ?
		    _("on the server") : _("on this machine");
		char *lead = xasprintf("%s[%s] ", sel ? "> " : "  ", where);

		doc_newline(d);
		doc_add(d, sel ? ROLE_TITLE : ROLE_DIM, lead);
		doc_add(d, ROLE_COMMAND, cmd);
		doc_hit(d, REQ_PICK_ITEM, (int)i);
		if (sel) {
			doc_highlight(d, ROLE_SELECTED);
			doc_mark(d);
		}
		if (s->why != NULL)
			doc_wrap(d, ROLE_NORMAL, 6, NULL, _(s->why));
		free(lead);
		free(cmd);
	}
	doc_newline(d);
	doc_newline(d);
	if (t->exported) {
		char *w = xasprintf(_("Report written: %s"), t->exported_paths ?
		    t->exported_paths : "");

		doc_wrap(d, ROLE_NOTICE, 0, NULL, w);
		free(w);
	} else
		doc_add(d, ROLE_DIM, _("e exports a report; r re-runs the last "
		    "check; Backspace goes back a step."));
}

static void
verdict_draw(tui *t, tui_rect body)
{
	tui_rect r = { body.y, body.x + 1, body.h, body.w - 2 };
	tui_doc d;

	t->page = r.h;
	doc_init(&d, r.w);
	verdict_path(t, &d);
	verdict_body(t, &d);
	doc_paint(t, &d, r, &t->scroll);
	doc_free(&d);
}

static void
verdict_copy(tui *t)
{
	const sw_node *v = engine_node(t->engine);
	char *cmd;

	if (v->n_suggest == 0 || t->item < 0 || (size_t)t->item >= v->n_suggest) {
		tui_status(t, ROLE_WARN, "%s", _("This verdict has no command "
		    "to copy."));
		return;
	}
	cmd = engine_expand(t->engine, v->suggest[t->item].command);
	if (tui_clip_copy(cmd) == 0)
		tui_status(t, ROLE_NOTICE, _("Copied to the clipboard: %s"), cmd);
	else
		tui_status(t, ROLE_ERROR, "%s", _("Could not write to the "
		    "terminal to copy."));
	free(cmd);
}

static int
verdict_request(tui *t, tui_request req, int arg)
{
	const sw_node *v = engine_node(t->engine);
	size_t n = engine_n_steps(t->engine);
	int last = (int)v->n_suggest - 1;

	switch (req) {
	case REQ_UP:
		if (t->focus_path) {
			if (t->path_cur > 0)
				t->path_cur--;
		} else if (t->item > 0)
			t->item--;
		else
			t->scroll = 0;
		return 1;
	case REQ_DOWN:
		if (t->focus_path) {
			if (t->path_cur + 1 < n)
				t->path_cur++;
		} else if (t->item < last)
			t->item++;
		return 1;
	case REQ_HOME:
		if (t->focus_path)
			t->path_cur = 0;
		else
			t->item = 0;
		return 1;
	case REQ_END:
		if (t->focus_path)
			t->path_cur = n ? n - 1 : 0;
		else
			t->item = last > 0 ? last : 0;
		return 1;
	case REQ_FOCUS:
		if (n == 0)
			return 1;
		t->focus_path = !t->focus_path;
		if (t->path_cur >= n)
			t->path_cur = n - 1;
		return 1;
	case REQ_ENTER:
		if (t->focus_path && t->path_cur < n) {
			t->sel = t->path_cur;
			t->scroll = 0;
		} else
			verdict_copy(t);
		return 1;
	case REQ_PICK_STEP:
		if (arg >= 0 && (size_t)arg < n) {
			t->focus_path = 1;
			t->path_cur = (size_t)arg;
			t->sel = (size_t)arg;
			t->scroll = 0;
		}
		return 1;
	case REQ_PICK_ITEM:
		t->focus_path = 0;
		t->item = arg;
		verdict_copy(t);
		return 1;
	case REQ_COPY:
		verdict_copy(t);
		return 1;
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
verdict_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_UP, REQ_COPY, REQ_EXPORT,
	    REQ_FOCUS, REQ_BACK, REQ_RERUN, REQ_NEW };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_verdict = {
	.name = "verdict",
	.draw = verdict_draw,
	.key = NULL,
	.request = verdict_request,
	.hints = verdict_hints,
};
