/* Painting: colours by role (or attributes alone without colour), state
 * symbols, text clipped by display width, mouse zones, and the document
 * model the panes are built in. */
#include "config.h"

#include "core/textwidth.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Colour pairs by role: foreground, or -1 for the terminal's own. */
static const struct {
	short fg;
	attr_t extra;		/* attributes with colour */
	attr_t mono;		/* attributes without colour */
} roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, 0, 0 },
	[ROLE_TITLE] = { -1, A_BOLD, A_BOLD },
	[ROLE_DIM] = { -1, A_DIM, A_DIM },
	[ROLE_PASS] = { COLOR_GREEN, A_BOLD, A_BOLD },
	[ROLE_FAIL] = { COLOR_RED, A_BOLD, A_BOLD },
	[ROLE_WARN] = { COLOR_YELLOW, A_BOLD, A_BOLD },
	[ROLE_RUNNING] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[ROLE_HEADER] = { -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[ROLE_SELECTED] = { -1, A_REVERSE, A_REVERSE },
	[ROLE_KEY] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[ROLE_COMMAND] = { COLOR_CYAN, 0, A_UNDERLINE },
	[ROLE_ERROR] = { COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_FIELD] = { -1, A_UNDERLINE, A_UNDERLINE },
	[ROLE_FIELD_FOCUS] = { COLOR_CYAN, A_UNDERLINE | A_BOLD, A_REVERSE },
	[ROLE_NOTICE] = { COLOR_GREEN, A_BOLD, A_BOLD },
};

void
tui_draw_init(tui *t)
{
	const char *nc = getenv("NO_COLOR");
	int i;

	t->colour = 0;
	if ((nc == NULL || *nc == '\0') && has_colors() && start_color() == OK) {
		use_default_colors();
		for (i = 0; i < ROLE_COUNT; i++)
			init_pair((short)(i + 1), roles[i].fg, -1);
		t->colour = 1;
	}
}

attr_t
tui_attr(const tui *t, tui_role role)
{
	if (role < 0 || role >= ROLE_COUNT)
		role = ROLE_NORMAL;
	if (!t->colour)
		return roles[role].mono;
	if (roles[role].fg < 0)
		return roles[role].extra;
	return roles[role].extra | COLOR_PAIR(role + 1);
}

const char *
tui_ellipsis(const tui *t)
{
	return t->utf8 ? "\xe2\x80\xa6" : "~";
}

const char *
tui_state_symbol(const tui *t, sw_state s)
{
	switch (s) {
	case SW_STATE_PASS:
		return t->utf8 ? "\xe2\x9c\x94" : "+";		/* ✔ */
	case SW_STATE_FAIL:
		return t->utf8 ? "\xe2\x9c\x98" : "x";		/* ✘ */
	case SW_STATE_WARN:
		return "!";
	case SW_STATE_UNCHECKED:
		return "-";
	default:
		return "*";
	}
}

tui_role
tui_state_role(sw_state s)
{
	switch (s) {
	case SW_STATE_PASS:
		return ROLE_PASS;
	case SW_STATE_FAIL:
		return ROLE_FAIL;
	case SW_STATE_WARN:
		return ROLE_WARN;
	case SW_STATE_UNCHECKED:
		return ROLE_DIM;
	default:
		return ROLE_NORMAL;
	}
}

const char *
tui_spinner(const tui *t)
{
	static const char *const braille[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴",
	    "⠦", "⠧", "⠇", "⠏" };
	static const char *const ascii[] = { "|", "/", "-", "\\" };

	if (t->utf8)
		return braille[t->spin % 10];
	return ascii[t->spin % 4];
}

const char *
tui_step_outcome(const tui *t, const sw_step *s)
{
	if (s->node->kind == SW_NODE_PROBE) {
		const sw_probe_def *p = t->engine == NULL ? NULL :
		    registry_find(engine_registry(t->engine), s->node->probe);
		const sw_outcome *o = p ? probe_outcome(p, s->outcome) : NULL;

		return o != NULL ? _(o->label) : s->outcome;
	}
	if (s->node->kind == SW_NODE_QUESTION) {
		const sw_choice *c = node_choice(s->node, s->outcome);

		return c != NULL ? _(c->label) : s->outcome;
	}
	return "";
}

/* s with control characters (tabs, newlines) as spaces, for painting. */
static char *
clean_controls(const char *s)
{
	char *c = xstrdup(s ? s : "");
	unsigned char *p;

	for (p = (unsigned char *)c; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

int
tui_put(tui *t, int y, int x, int w, tui_role role, const char *s,
    int ellipsis)
{
	char *c, *cut;
	int used;
	size_t k;

	if (w <= 0 || y < 0 || y >= t->rows || x >= t->cols ||
	    y < t->clip_y0 || y >= t->clip_y1)
		return 0;
	if (x + w > t->cols)
		w = t->cols - x;
	c = clean_controls(s);
	cut = ellipsis ? tw_truncate(c, w, tui_ellipsis(t)) : NULL;
	if (cut != NULL) {
		free(c);
		c = cut;
	}
	k = tw_fit(c, strlen(c), w, &used);
	attrset(tui_attr(t, role));
	if (k > 0)
		mvaddnstr(y, x, c, (int)k);
	attrset(A_NORMAL);
	free(c);
	return used;
}

void
tui_put_fill(tui *t, int y, int x, int w, tui_role role, const char *s)
{
	int used = tui_put(t, y, x, w, role, s, 1), i;

	if (y < t->clip_y0 || y >= t->clip_y1 || y < 0 || y >= t->rows)
		return;
	if (x + w > t->cols)
		w = t->cols - x;
	attrset(tui_attr(t, role));
	for (i = used; i < w; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

int
tui_put_wrap(tui *t, int y, int x, int w, tui_role role, const char *s)
{
	tw_line *lines = NULL;
	size_t n = tw_wrap(s, w, &lines), i;

	for (i = 0; i < n; i++) {
		char *line = xstrndup(s + lines[i].off, lines[i].len);

		tui_put(t, y + (int)i, x, w, role, line, 0);
		free(line);
	}
	free(lines);
	return n > 0 ? (int)n : 1;
}

int
tui_checkbox(tui *t, int y, int x, int w, int on, int focused,
    const char *label, int arg)
{
	int rows, i;

	tui_put(t, y, x, 3, focused ? ROLE_FIELD_FOCUS : ROLE_NORMAL,
	    on ? "[x]" : "[ ]", 0);
	rows = tui_put_wrap(t, y, x + 4, w - 4, focused ? ROLE_KEY :
	    ROLE_NORMAL, label);
	for (i = 0; i < rows; i++)
		tui_hit(t, y + i, x, x + w, REQ_PICK_ITEM, arg);
	return rows;
}

void
tui_hit_clear(tui *t)
{
	t->n_hits = 0;
}

void
tui_hit(tui *t, int y, int x0, int x1, tui_request req, int arg)
{
	if (x1 <= x0 || y < t->clip_y0 || y >= t->clip_y1)
		return;
	if (t->n_hits == t->cap_hits) {
		t->cap_hits = t->cap_hits ? t->cap_hits * 2 : 32;
		t->hits = xreallocarray(t->hits, t->cap_hits, sizeof(*t->hits));
	}
	t->hits[t->n_hits].y = y;
	t->hits[t->n_hits].x0 = x0;
	t->hits[t->n_hits].x1 = x1;
	t->hits[t->n_hits].req = req;
	t->hits[t->n_hits].arg = arg;
	t->n_hits++;
}

const tui_hitzone *
tui_hit_find(const tui *t, int y, int x)
{
	size_t i;

	/* The last zone drawn is on top (overlays come last). */
	for (i = t->n_hits; i > 0; i--) {
		const tui_hitzone *h = &t->hits[i - 1];

		if (h->y == y && x >= h->x0 && x < h->x1)
			return h;
	}
	return NULL;
}

void
tui_box(tui *t, tui_rect r, const char *title)
{
	int i;

	if (r.h < 2 || r.w < 2)
		return;
	for (i = 0; i < r.h; i++) {
		move(r.y + i, r.x);
		hline(' ', r.w);
	}
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	if (title != NULL && r.w > 6) {
		int w = tui_put(t, r.y, r.x + 2, r.w - 4, ROLE_TITLE, " ", 0);

		w += tui_put(t, r.y, r.x + 2 + w, r.w - 5 - w, ROLE_TITLE,
		    title, 1);
		tui_put(t, r.y, r.x + 2 + w, 1, ROLE_TITLE, " ", 0);
	}
}

/* ---- The document model ---- */

void
doc_init(tui_doc *d, int width)
{
	memset(d, 0, sizeof(*d));
	d->width = width < 1 ? 1 : width;
	d->mark = -1;
}

void
doc_free(tui_doc *d)
{
	size_t i, j;

	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->lines[i].n; j++)
			free(d->lines[i].segs[j].text);
		free(d->lines[i].segs);
	}
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

void
doc_newline(tui_doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xreallocarray(d->lines, d->cap, sizeof(*d->lines));
	}
	memset(&d->lines[d->n], 0, sizeof(d->lines[d->n]));
	d->n++;
}

void
doc_add(tui_doc *d, tui_role role, const char *s)
{
	tui_dline *l;

	if (d->n == 0)
		doc_newline(d);
	l = &d->lines[d->n - 1];
	l->segs = xreallocarray(l->segs, l->n + 1, sizeof(*l->segs));
	l->segs[l->n].text = xstrdup(s ? s : "");
	l->segs[l->n].role = role;
	l->n++;
}

void
doc_addf(tui_doc *d, tui_role role, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	doc_add(d, role, s);
	free(s);
}

void
doc_wrap(tui_doc *d, tui_role role, int indent, const char *lead,
    const char *s)
{
	doc_wrap_lead(d, role, lead, role, indent, s);
}

void
doc_wrap_lead(tui_doc *d, tui_role lead_role, const char *lead,
    tui_role role, int indent, const char *s)
{
	tw_line *v = NULL;
	size_t n, i;
	int w = d->width - indent;
	char pad[64];

	if (indent < 0)
		indent = 0;
	if (indent > (int)sizeof(pad) - 1)
		indent = (int)sizeof(pad) - 1;
	memset(pad, ' ', (size_t)indent);
	pad[indent] = '\0';
	n = tw_wrap(s ? s : "", w < 8 ? 8 : w, &v);
	for (i = 0; i < n; i++) {
		char *line = xstrndup(s + v[i].off, v[i].len);

		doc_newline(d);
		if (indent > 0)
			doc_add(d, i == 0 && lead ? lead_role : ROLE_NORMAL,
			    i == 0 && lead ? lead : pad);
		doc_add(d, role, line);
		free(line);
	}
	free(v);
}

/* The widest run of non-spaces in s, in columns. */
static int
widest_word(const char *s)
{
	int best = 0;
	const char *p = s;

	while (*p != '\0') {
		size_t n = strcspn(p, " \n\t");
		int w = tw_width_n(p, n);

		if (w > best)
			best = w;
		p += n;
		p += strspn(p, " \n\t");
	}
	return best;
}

void
doc_keyval(tui_doc *d, tui_role role, const char *lead, const char *key,
    const char *value, const char *note)
{
	char *line = note != NULL ? xasprintf("%s: %s  (%s)", key, value,
	    note) : xasprintf("%s: %s", key, value);
	int ww = widest_word(value), indent;

	if (tw_width(line) <= d->width - 2 || strchr(value, '\n') != NULL) {
		doc_wrap_lead(d, ROLE_DIM, lead, role, 2, line);
		free(line);
		return;
	}
	free(line);
	/* The note goes with the key, so the value has its lines alone. */
	line = note != NULL ? xasprintf("%s:  (%s)", key, note) :
	    xasprintf("%s:", key);
	doc_wrap_lead(d, ROLE_DIM, lead, role, 2, line);
	free(line);
	indent = ww <= d->width - 4 ? 4 : ww <= d->width - 2 ? 2 : 0;
	line = xstrdup(value);
	if (indent > 0)
		doc_wrap(d, role, indent, NULL, line);
	else {
		/* doc_wrap() keeps 8 columns at least; at no indent, plain. */
		tw_line *v = NULL;
		size_t n = tw_wrap(line, d->width, &v), i;

		for (i = 0; i < n; i++) {
			char *l = xstrndup(line + v[i].off, v[i].len);

			doc_newline(d);
			doc_add(d, role, l);
			free(l);
		}
		free(v);
	}
	free(line);
}

void
doc_hit(tui_doc *d, tui_request req, int arg)
{
	if (d->n == 0)
		doc_newline(d);
	d->lines[d->n - 1].hit = req;
	d->lines[d->n - 1].arg = arg;
}

void
doc_highlight(tui_doc *d, tui_role role)
{
	size_t i;
	tui_dline *l;

	if (d->n == 0)
		doc_newline(d);
	l = &d->lines[d->n - 1];
	l->fill = 1;
	l->fill_role = role;
	for (i = 0; i < l->n; i++)
		l->segs[i].role = role;
}

void
doc_mark(tui_doc *d)
{
	if (d->n == 0)
		doc_newline(d);
	d->mark = (int)d->n - 1;
}

/* The byte offset of the first match of pat in s at or after from, ASCII
 * letters in either case; -1 when none. */
static long
search_find(const char *s, size_t from, const char *pat)
{
	size_t n = strlen(s), m = strlen(pat), i, j;

	if (m == 0 || n < m)
		return -1;
	for (i = from; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			unsigned char a = (unsigned char)s[i + j];
			unsigned char b = (unsigned char)pat[j];

			if (a >= 'A' && a <= 'Z')
				a = (unsigned char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == m)
			return (long)i;
	}
	return -1;
}

/* 1 if line l holds the pattern (within one segment). */
static int
line_matches(const tui_dline *l, const char *pat)
{
	size_t j;

	for (j = 0; j < l->n; j++)
		if (search_find(l->segs[j].text, 0, pat) >= 0)
			return 1;
	return 0;
}

/* Moves the search to the next (dir > 0) or previous match from the last
 * one (or from the top of the view); returns the line or -1. */
static int
search_jump(tui *t, const tui_doc *d, int top, int dir)
{
	int from = t->search_line >= 0 && t->search_line < (int)d->n ?
	    t->search_line : (dir > 0 ? top - 1 : top);
	int i, k;

	for (k = 1; k <= (int)d->n; k++) {
		i = ((from + dir * k) % (int)d->n + (int)d->n) % (int)d->n;
		if (line_matches(&d->lines[i], t->search))
			return i;
	}
	return -1;
}

/* Paints one segment, the matches of the search in reverse. */
static int
put_seg(tui *t, int y, int x, int w, const tui_seg *g, int search)
{
	long at;
	size_t from = 0, m = strlen(t->search);
	int used = 0;

	if (!search || m == 0 || search_find(g->text, 0, t->search) < 0)
		return tui_put(t, y, x, w, g->role, g->text, 1);
	while (used < w && (at = search_find(g->text, from, t->search)) >= 0) {
		char *pre = xstrndup(g->text + from, (size_t)at - from);
		char *hit = xstrndup(g->text + at, m);

		used += tui_put(t, y, x + used, w - used, g->role, pre, 0);
		used += tui_put(t, y, x + used, w - used, ROLE_SELECTED, hit, 0);
		free(pre);
		free(hit);
		from = (size_t)at + m;
	}
	if (used < w)
		used += tui_put(t, y, x + used, w - used, g->role, g->text + from,
		    1);
	return used;
}

void
doc_paint(tui *t, const tui_doc *d, tui_rect r, int *scroll)
{
	int s = *scroll, i, max, searching = d->search && t->search[0] != '\0';
	int jumped = 0;

	if (r.h <= 0 || r.w <= 0)
		return;
	max = (int)d->n - r.h;
	if (max < 0)
		max = 0;
	if (searching && t->search_go != 0 && d->n > 0) {
		int at = search_jump(t, d, s, t->search_go);

		t->search_go = 0;
		if (at < 0) {
			tui_status(t, ROLE_WARN, _("Not found: %s"), t->search);
		} else {
			int k, nth = 0, total = 0;

			for (k = 0; k < (int)d->n; k++)
				if (line_matches(&d->lines[k], t->search)) {
					total++;
					if (k <= at)
						nth = total;
				}
			t->search_line = at;
			if (at < s || at >= s + r.h)
				s = at - r.h / 3;
			jumped = 1;
			/* TRANSLATORS: the search went to the line with the
			 * nth of total matches of the text. */
			tui_status(t, ROLE_NOTICE, _("Match %d of %d: %s"), nth,
			    total, t->search);
		}
	}
	if (d->mark >= 0 && !jumped) {
		if (d->mark < s)
			s = d->mark;
		else if (d->mark >= s + r.h)
			s = d->mark - r.h + 1;
	}
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	*scroll = s;
	for (i = 0; i < r.h && s + i < (int)d->n; i++) {
		const tui_dline *l = &d->lines[s + i];
		int x = 0;
		size_t j;

		for (j = 0; j < l->n && x < r.w; j++)
			x += put_seg(t, r.y + i, r.x + x, r.w - x, &l->segs[j],
			    searching);
		if (l->fill)
			tui_put_fill(t, r.y + i, r.x + x, r.w - x, l->fill_role,
			    "");
		if (l->hit != REQ_NONE)
			tui_hit(t, r.y + i, r.x, r.x + r.w, l->hit, l->arg);
	}
	/* Scroll marks: there is more above or below.  They go in the column
	 * beside the text (the margin every pane keeps), never over it. */
	if (r.x + r.w < t->cols) {
		if (s > 0)
			tui_put(t, r.y, r.x + r.w, 1, ROLE_KEY, "^", 0);
		if (s + r.h < (int)d->n)
			tui_put(t, r.y + r.h - 1, r.x + r.w, 1, ROLE_KEY, "v", 0);
	}
}
