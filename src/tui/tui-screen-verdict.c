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

/* The title of a pane that can take the focus: "> Title" in reverse when
 * it has it, so the focus shows without colour too. */
void
tui_pane_title(tui *t, tui_doc *d, int focused, const char *title)
{
	(void)t;
	doc_newline(d);
	if (focused) {
		doc_add(d, ROLE_SELECTED, "> ");
		doc_add(d, ROLE_SELECTED, title);
		doc_add(d, ROLE_SELECTED, " ");
	} else {
		doc_add(d, ROLE_NORMAL, "  ");
		doc_add(d, ROLE_TITLE, title);
	}
}

static void
verdict_path(tui *t, tui_doc *d)
{
	size_t i, n = engine_n_steps(t->engine);

	doc_newline(d);
	tui_pane_title(t, d, t->focus_path, _("Path"));
	doc_add(d, ROLE_DIM, "  ");
	doc_add(d, ROLE_DIM, _("(Tab, then Enter opens a step)"));
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(t->engine, i);
		int sel = t->focus_path && i == t->path_cur;
		const char *was = tui_before_outcome(t, s->node->id);
		char *line, *lead, *note = NULL;
		size_t first = d->n, k;

		if (t->before != NULL && (was == NULL ||
		    strcmp(was, s->outcome) != 0))
			/* TRANSLATORS: after R, what a step gave the run before
			 * (an outcome id, or "-" when it was not reached). */
			note = xasprintf(_("  (before: %s)"), was ? was : "-");
		/* The whole line, wrapped: a search must find what it shows. */
		line = xasprintf("%s: %s%s", _(s->node->title),
		    tui_step_outcome(t, s), note ? note : "");
		lead = xasprintf("%s%s ", sel ? "> " : "  ",
		    tui_state_symbol(t, s->state));
		doc_wrap_lead(d, tui_state_role(s->state), lead, ROLE_NORMAL, 4,
		    line);
		for (k = first; k < d->n; k++) {
			d->lines[k].hit = REQ_PICK_STEP;
			d->lines[k].arg = (int)i;
			if (sel) {
				size_t j;

				d->lines[k].fill = 1;
				d->lines[k].fill_role = ROLE_SELECTED;
				for (j = 0; j < d->lines[k].n; j++)
					d->lines[k].segs[j].role = ROLE_SELECTED;
			}
		}
		if (sel)
			doc_mark(d);
		free(line);
		free(lead);
		free(note);
	}
}

/* The part that never scrolls: the verdict, its cause, what changed since
 * the run before R, and the facts. */
static void
verdict_head(tui *t, tui_doc *d)
{
	sw_engine *e = t->engine;
	const sw_node *v = engine_node(e);
	int ok = verdict_ok(v);
	char *line, *lead;

	/* TRANSLATORS: before the verdict's title. */
	line = xasprintf("%s %s", _("Verdict:"), _(v->title));
	lead = xasprintf("%s ", tui_state_symbol(t, ok ? SW_STATE_PASS :
	    SW_STATE_FAIL));
	doc_wrap_lead(d, ok ? ROLE_PASS : ROLE_FAIL, lead, ROLE_TITLE, 2, line);
	free(lead);
	free(line);
	/* Who said what decided it: a check from here, the server, or the
	 * user's own answer. */
	switch (engine_verdict_origin(e)) {
	case SW_ORIGIN_SERVER:
		/* TRANSLATORS: the stable cause id (never translated) and
		 * where what decided it was found. */
		line = xasprintf(_("  cause: %s (found on the server)"),
		    v->cause);
		break;
	case SW_ORIGIN_USER: {
		const sw_step *a = engine_verdict_answer(e);

		/* TRANSLATORS: the stable cause id and the answer the user
		 * gave that decided the verdict. */
		line = xasprintf(_("  cause: %s (from your answer: %s)"),
		    v->cause, a ? _(step_answer_label(a)) : "");
		break;
	}
	default:
		line = xasprintf(_("  cause: %s (seen from this machine)"),
		    v->cause);
		break;
	}
	doc_wrap(d, ROLE_DIM, 2, NULL, line + strspn(line, " "));
	free(line);
	/* Behind jump hosts: the host of the path the verdict is about. */
	if (engine_target(e)->n_hops > 0) {
		const sw_target *h = engine_hop_target(e, engine_hop(e));

		/* TRANSLATORS: %s is a host of the path, user@host:port. */
		line = xasprintf(_("Where: %s"), h->display != NULL ?
		    h->display : h->host);
		doc_wrap(d, ROLE_TITLE, 2, NULL, line);
		free(line);
	}
	if (t->before != NULL) {
		const char *was = t->before->title;

		if (t->before->verdict != NULL &&
		    strcmp(t->before->verdict, v->id) == 0)
			line = xstrdup(_("Re-run: the same verdict as before."));
		else
			/* TRANSLATORS: after R, the verdict of the run before. */
			line = xasprintf(_("Re-run: before, the verdict was: %s"),
			    was ? _(was) : "-");
		doc_wrap(d, ROLE_WARN, 2, NULL, line);
		free(line);
	}
}

static void
verdict_body(tui *t, tui_doc *d, const tui_fact *f, size_t nf, size_t k0)
{
	sw_engine *e = t->engine;
	const sw_node *v = engine_node(e);
	const sw_target *tg = engine_target(e);
	size_t i, n;

	/* The facts the head had no room for. */
	if (k0 < nf)
		tui_facts_doc(t, d, f + k0, nf - k0, t->focus_facts ?
		    t->fact - (int)k0 : -1);

	if (tg->server != NULL && host_used(tg->server)) {
		char *src = host_kind(tg->server) == SW_HOST_LOCAL ?
		    xstrdup(_("Server-side checks ran on this machine.")) :
		    /* TRANSLATORS: %s is the host the checks logged in to. */
		    xasprintf(_("Server-side checks ran on %s, over SSH."),
		    host_host(tg->server));

		doc_wrap(d, ROLE_NOTICE, 2, NULL, src);
		free(src);
		doc_newline(d);
	}
	if (engine_n_offered(e, v) > 0) {
		tui_pane_title(t, d, !t->focus_path && !t->focus_facts,
		    _("What to do"));
		doc_add(d, ROLE_DIM, "  ");
		doc_add(d, ROLE_DIM, _("(c copies the selected command)"));
	}
	/* Only the commands that apply to what was found (a tool the
	 * evidence says is absent is not offered); item counts those. */
	for (i = 0, n = 0; i < v->n_suggest; i++) {
		const sw_suggest *s = &v->suggest[i];
		char *cmd;
		int sel = !t->focus_path && !t->focus_facts &&
		    (int)n == t->item;
		const char *where = s->where == SW_WHERE_SERVER ?
		    _("on the server") : _("on this machine");
		size_t first, k;

		if (!engine_suggest_applies(e, s))
			continue;
		cmd = engine_expand(e, s->command);

		doc_newline(d);
		doc_add(d, sel ? ROLE_TITLE : ROLE_DIM, sel ? "> " : "  ");
		doc_addf(d, sel ? ROLE_TITLE : ROLE_DIM, "[%s]", where);
		doc_hit(d, REQ_PICK_ITEM, (int)n);
		/* The command whole, wrapped: never cut. */
		first = d->n;
		doc_wrap(d, ROLE_COMMAND, 4, NULL, cmd);
		for (k = first; k < d->n; k++) {
			d->lines[k].hit = REQ_PICK_ITEM;
			d->lines[k].arg = (int)n;
			if (sel) {
				d->lines[k].fill = 1;
				d->lines[k].fill_role = ROLE_SELECTED;
				d->lines[k].segs[d->lines[k].n - 1].role =
				    ROLE_SELECTED;
			}
		}
		if (sel && !t->nofollow) {
			/* Keep the whole command in view: its last line. */
			doc_mark(d);
		}
		if (s->why != NULL)
			doc_wrap(d, ROLE_NORMAL, 6, NULL, _(s->why));
		free(cmd);
		n++;
	}
	doc_newline(d);
	if (v->explanation != NULL) {
		doc_newline(d);
		doc_add(d, ROLE_TITLE, _("What it means"));
		doc_wrap(d, ROLE_NORMAL, 2, NULL, _(v->explanation));
		doc_newline(d);
	}
	verdict_path(t, d);
	doc_newline(d);
	doc_newline(d);
	if (t->exported) {
		char *w = xasprintf(_("Report written: %s"), t->exported_paths ?
		    t->exported_paths : "");

		doc_wrap(d, ROLE_NOTICE, 0, NULL, w);
		free(w);
	} else
		doc_wrap(d, ROLE_DIM, 0, NULL, _("e exports a report; r re-runs "
		    "the last check, R the whole diagnosis; Backspace goes back "
		    "a step."));
}

static void
verdict_draw(tui *t, tui_rect body)
{
	tui_rect r = { body.y, body.x + 1, body.h, body.w - 2 };
	tui_fact f[TUI_MAX_FACTS];
	size_t nf = tui_facts(t, f, TUI_MAX_FACTS), k = 0;
	tui_doc head, d;
	int hh, i, zero = 0;

	doc_init(&head, r.w);
	verdict_head(t, &head);
	/* The head holds the first fact always, then those that fit in half
	 * the pane; the rest scroll with the explanation. */
	while (k < nf) {
		tui_doc one;
		int fit;

		doc_init(&one, r.w);
		tui_facts_doc(t, &one, f + k, 1, t->focus_facts &&
		    t->fact == (int)k ? 0 : -1);
		fit = (int)(head.n + one.n) <= r.h / 2;
		doc_free(&one);
		if (k > 0 && !fit)
			break;
		tui_facts_doc(t, &head, f + k, 1, t->focus_facts &&
		    t->fact == (int)k ? 0 : -1);
		k++;
	}
	hh = (int)head.n;
	if (hh > r.h - 4)
		hh = r.h - 4;
	doc_paint(t, &head, (tui_rect){ r.y, r.x, hh, r.w }, &zero);
	for (i = 0; i < r.w; i++)
		tui_put(t, r.y + hh, r.x + i, 1, ROLE_DIM, t->utf8 ?
		    "\xe2\x94\x80" : "-", 0);
	doc_free(&head);
	r.y += hh + 1;
	r.h -= hh + 1;
	t->page = r.h;
	doc_init(&d, r.w);
	d.search = 1;
	verdict_body(t, &d, f, nf, k);
	doc_paint(t, &d, r, &t->scroll);
	doc_free(&d);
}

/* The item-th suggestion that applies, or NULL. */
static const sw_suggest *
verdict_offered(tui *t, int item)
{
	const sw_node *v = engine_node(t->engine);
	size_t i;
	int n = 0;

	for (i = 0; i < v->n_suggest; i++) {
		if (!engine_suggest_applies(t->engine, &v->suggest[i]))
			continue;
		if (n++ == item)
			return &v->suggest[i];
	}
	return NULL;
}

static void
verdict_copy(tui *t)
{
	const sw_suggest *s = verdict_offered(t, t->item);
	char *cmd;

	if (s == NULL) {
		tui_status(t, ROLE_WARN, "%s", _("This verdict has no command "
		    "to copy."));
		return;
	}
	cmd = engine_expand(t->engine, s->command);
	if (tui_clip_copy(cmd) == 0)
		tui_status(t, ROLE_NOTICE, _("Copied to the clipboard: %s"), cmd);
	else
		tui_status(t, ROLE_ERROR, "%s", _("Could not write to the "
		    "terminal to copy."));
	free(cmd);
}

/* Tab: the commands, the facts, the path, in turn (those there are). */
static void
verdict_focus_next(tui *t, size_t nsteps, size_t nfacts, size_t ncmds)
{
	int i, cur = t->focus_path ? 2 : t->focus_facts ? 1 : 0;
	size_t have[3] = { ncmds, nfacts, nsteps };

	for (i = 1; i <= 3; i++) {
		int next = (cur + i) % 3;

		if (have[next] > 0 || next == 0) {
			t->focus_path = next == 2;
			t->focus_facts = next == 1;
			break;
		}
	}
	if (t->path_cur >= nsteps)
		t->path_cur = nsteps ? nsteps - 1 : 0;
	t->nofollow = 0;
}

static int
verdict_request(tui *t, tui_request req, int arg)
{
	const sw_node *v = engine_node(t->engine);
	size_t n = engine_n_steps(t->engine);
	tui_fact f[TUI_MAX_FACTS];
	size_t nf = tui_facts(t, f, TUI_MAX_FACTS);
	int last = (int)engine_n_offered(t->engine, v) - 1;
	int flast = (int)nf - 1;

	switch (req) {
	case REQ_UP:
		t->nofollow = 0;
		if (t->focus_path) {
			if (t->path_cur > 0)
				t->path_cur--;
		} else if (t->focus_facts) {
			if (t->fact > 0)
				t->fact--;
		} else if (t->item > 0)
			t->item--;
		else {
			t->scroll = 0;
			t->nofollow = 1;
		}
		return 1;
	case REQ_DOWN:
		t->nofollow = 0;
		if (t->focus_path) {
			if (t->path_cur + 1 < n)
				t->path_cur++;
		} else if (t->focus_facts) {
			if (t->fact < flast)
				t->fact++;
		} else if (t->item < last)
			t->item++;
		return 1;
	case REQ_HOME:
		t->nofollow = 0;
		if (t->focus_path)
			t->path_cur = 0;
		else if (t->focus_facts)
			t->fact = 0;
		else
			t->item = 0;
		return 1;
	case REQ_END:
		t->nofollow = 0;
		if (t->focus_path)
			t->path_cur = n ? n - 1 : 0;
		else if (t->focus_facts)
			t->fact = flast > 0 ? flast : 0;
		else
			t->item = last > 0 ? last : 0;
		return 1;
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
		t->nofollow = 1;
		return tui_diag_request(t, req, arg);
	case REQ_FOCUS:
		verdict_focus_next(t, n, nf, engine_n_offered(t->engine, v));
		return 1;
	case REQ_ENTER:
		if (t->focus_path && t->path_cur < n) {
			t->sel = t->path_cur;
			t->scroll = 0;
		} else if (t->focus_facts)
			tui_fact_copy(t, t->fact);
		else
			verdict_copy(t);
		return 1;
	case REQ_PICK_STEP:
		if (arg >= 0 && (size_t)arg < n) {
			t->focus_path = 1;
			t->focus_facts = 0;
			t->path_cur = (size_t)arg;
			t->sel = (size_t)arg;
			t->scroll = 0;
		}
		return 1;
	case REQ_PICK_ITEM:
		t->focus_path = 0;
		t->focus_facts = 0;
		t->item = arg;
		verdict_copy(t);
		return 1;
	case REQ_COPY:
		verdict_copy(t);
		return 1;
	case REQ_YANK:
		tui_fact_copy(t, t->fact);
		return 1;
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
verdict_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request cmds[] = { REQ_UP, REQ_COPY, REQ_EXPORT,
	    REQ_FOCUS, REQ_YANK, REQ_RESTART, REQ_NEW, REQ_BACK };
	static const tui_request facts[] = { REQ_UP, REQ_YANK, REQ_FOCUS,
	    REQ_EXPORT, REQ_RESTART, REQ_NEW, REQ_BACK };
	static const tui_request path[] = { REQ_UP, REQ_ENTER, REQ_FOCUS,
	    REQ_BACK, REQ_RERUN };
	static const tui_request done[] = { REQ_UP, REQ_COPY, REQ_OPEN,
	    REQ_FOCUS, REQ_YANK, REQ_RESTART, REQ_NEW, REQ_BACK };
	const tui_request *v = t->focus_path ? path : t->focus_facts ? facts :
	    t->exported ? done : cmds;
	size_t nv = t->focus_path ? sizeof(path) / sizeof(path[0]) :
	    t->focus_facts ? sizeof(facts) / sizeof(facts[0]) :
	    sizeof(cmds) / sizeof(cmds[0]);
	size_t i;

	for (i = 0; i < nv && i < max; i++)
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
