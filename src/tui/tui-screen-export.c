/* The export window: Markdown and/or JSON, a default name of
 * sshwizard-HOST-YYYYMMDD-HHMMSS.md in the current folder, an editable
 * path, a question before overwriting, and the written path shown. */
#include "config.h"

#include "host/host.h"
#include "core/report.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { X_MD, X_JSON, X_PATH, X_WRITE, X_COUNT };

typedef struct tui_export {
	int md, json;
	tui_field path;
	int focus;
	char *dir;		/* the current folder, for display */
} tui_export;

/* The host part of the default name: letters, digits, . _ - only. */
static char *
safe_host(const tui *t)
{
	const sw_target *tg = t->target;
	const char *h = tg ? (tg->alias ? tg->alias : tg->host) : "host";
	char *s = xstrdup(h ? h : "host"), *p;

	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_'))
			*p = '_';
	return s;
}

static void
export_default_name(tui *t)
{
	tui_export *x = t->export;
	char stamp[32] = "";
	char *host = safe_host(t), *name;
	int64_t ms = t->finished_wall_ms ? t->finished_wall_ms : sw_wall_ms();
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&secs, &tm) != NULL)
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	name = xasprintf("sshwizard-%s-%s.%s", host, stamp,
	    x->md ? "md" : "json");
	field_set(&x->path, name);
	free(name);
	free(host);
}

void
tui_export_open(tui *t)
{
	tui_export *x = t->export;
	char cwd[PATH_MAX];

	if (x == NULL) {
		x = t->export = xcalloc(1, sizeof(*x));
		field_init(&x->path, PATH_MAX, 0, 0);
		x->md = 1;
	}
	free(x->dir);
	x->dir = xstrdup(getcwd(cwd, sizeof(cwd)) ? cwd : ".");
	if (!x->path.edited)
		export_default_name(t);
	x->focus = X_PATH;
	x->path.cur = x->path.len;
	t->overlay = &tui_screen_export;
}

void
tui_export_free(tui *t)
{
	if (t->export == NULL)
		return;
	field_free(&t->export->path);
	free(t->export->dir);
	free(t->export);
	t->export = NULL;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The files to write: out[0..2), returns how many.  Caller frees each. */
static int
export_files(const tui_export *x, char **out)
{
	const char *p = x->path.buf;
	size_t base = strlen(p);
	int n = 0;

	if (ends_with(p, ".md"))
		base -= 3;
	else if (ends_with(p, ".json"))
		base -= 5;
	if (x->md)
		out[n++] = x->json || !ends_with(p, ".md") ?
		    xasprintf("%.*s.md", (int)base, p) : xstrdup(p);
	if (x->json)
		out[n++] = !x->md && ends_with(p, ".json") ? xstrdup(p) :
		    xasprintf("%.*s.json", (int)base, p);
	return n;
}

static void
export_write(tui *t)
{
	tui_export *x = t->export;
	sw_report_info info = { 0 };
	const sw_target *tg = engine_target(t->engine);
	char *files[2], *err = NULL, shown[1024] = "";
	int n = export_files(x, files), i, ok = 1, w;
	size_t used = 0;

	info.started_wall_ms = t->started_wall_ms;
	info.finished_wall_ms = t->finished_wall_ms ? t->finished_wall_ms :
	    sw_wall_ms();
	/* Where the findings came from, as batch_run() says it: "server" or
	 * "via HOST" once a server check ran, else the client (NULL). */
	if (tg->server != NULL && host_used(tg->server))
		info.source = host_label(tg->server);
	for (i = 0; i < n; i++) {
		char real[PATH_MAX];

		if (ok && report_write(t->engine, &info, files[i], &err) != 0) {
			tui_status(t, ROLE_ERROR, "%s", err);
			free(err);
			err = NULL;
			ok = 0;
		} else if (ok) {
			const char *p = realpath(files[i], real) ? real : files[i];

			if (i == 0) {
				free(t->exported_file);
				t->exported_file = xstrdup(p);
			}
			w = snprintf(shown + used, sizeof(shown) - used, "%s%s",
			    used ? ", " : "", p);

			if (w > 0 && (size_t)w < sizeof(shown) - used)
				used += (size_t)w;
		}
		free(files[i]);
	}
	if (!ok)
		return;
	t->exported = 1;
	free(t->exported_paths);
	t->exported_paths = xstrdup(shown);
	t->overlay = NULL;
	tui_status(t, ROLE_NOTICE, _("Report written: %s"), shown);
}

static int
overwrite_answer(tui *t, int key)
{
	if (key == 'y' || key == 'Y') {
		export_write(t);
		return 1;
	}
	if (key == 'n' || key == 'N' || key == TUI_KEY_ESC) {
		tui_status(t, ROLE_WARN, "%s", _("Not written: choose another "
		    "name."));
		return 1;
	}
	return 0;
}

static void
export_start(tui *t)
{
	tui_export *x = t->export;
	char *files[2];
	int n, i, exists = -1;
	struct stat st;

	if (!x->md && !x->json) {
		tui_status(t, ROLE_ERROR, "%s", _("Choose Markdown, JSON or "
		    "both."));
		return;
	}
	if (x->path.len == 0) {
		tui_status(t, ROLE_ERROR, "%s", _("Type a file name."));
		x->focus = X_PATH;
		return;
	}
	n = export_files(x, files);
	for (i = 0; i < n; i++) {
		if (exists < 0 && lstat(files[i], &st) == 0)
			exists = i;
	}
	if (exists >= 0)
		/* TRANSLATORS: y and n are the keys that answer; keep them. */
		tui_ask(t, overwrite_answer, _("%s exists.  Overwrite it?  "
		    "y: yes  n: no"), files[exists]);
	for (i = 0; i < n; i++)
		free(files[i]);
	if (exists < 0)
		export_write(t);
}

/* Keeps the default name's extension in step with the formats. */
static void
export_formats_changed(tui *t)
{
	if (!t->export->path.edited)
		export_default_name(t);
}

static void
export_draw(tui *t, tui_rect body)
{
	tui_export *x = t->export;
	tui_rect box;
	int lw = 0, fx, fw, y;
	char *s;
	const char *l_fmt = _("Format"), *l_file = _("File");

	box.w = body.w - 4 > 76 ? 76 : body.w - 4;
	box.h = body.h > 13 ? 13 : body.h;
	box.x = (body.w - box.w) / 2;
	box.y = body.y + (body.h - box.h) / 2;
	tui_box(t, box, _("Export a report"));
	lw = tw_width(l_fmt) > tw_width(l_file) ? tw_width(l_fmt) :
	    tw_width(l_file);
	lw += 2;
	fx = box.x + 2 + lw;
	fw = box.w - 4 - lw;
	y = box.y + 2;
	tui_put(t, y, box.x + 2, lw, ROLE_NORMAL, l_fmt, 1);
	s = xasprintf("[%s] Markdown", x->md ? "x" : " ");
	tui_put(t, y, fx, 16, x->focus == X_MD ? ROLE_FIELD_FOCUS : ROLE_NORMAL,
	    s, 0);
	tui_hit(t, y, fx, fx + 14, REQ_PICK_ITEM, X_MD);
	free(s);
	s = xasprintf("[%s] JSON", x->json ? "x" : " ");
	tui_put(t, y, fx + 16, 12, x->focus == X_JSON ? ROLE_FIELD_FOCUS :
	    ROLE_NORMAL, s, 0);
	tui_hit(t, y, fx + 16, fx + 26, REQ_PICK_ITEM, X_JSON);
	free(s);
	y += 2;
	tui_put(t, y, box.x + 2, lw, ROLE_NORMAL, l_file, 1);
	field_draw(t, &x->path, y, fx, fw, x->focus == X_PATH, NULL);
	tui_hit(t, y, fx, fx + fw, REQ_PICK_FIELD, X_PATH);
	y++;
	if (x->md && x->json) {
		s = xasprintf(_("and the same name ending in .json, in %s"),
		    x->dir);
		tui_put(t, y, fx, fw, ROLE_DIM, s, 1);
		free(s);
	} else if (x->path.buf[0] != '/') {
		s = xasprintf(_("in %s"), x->dir);
		tui_put(t, y, fx, fw, ROLE_DIM, s, 1);
		free(s);
	}
	y += 2;
	s = xasprintf("[ %s ]", _("Write"));
	tui_put(t, y, fx, fw, x->focus == X_WRITE ? ROLE_SELECTED : ROLE_TITLE,
	    s, 1);
	tui_hit(t, y, fx, fx + tw_width(s), REQ_ENTER, 0);
	free(s);
	y += 2;
	if (y < box.y + box.h - 1)
		tui_put(t, y, box.x + 2, box.w - 4, ROLE_DIM, _("Space ticks a "
		    "format, Tab moves, Enter writes, Esc closes."), 1);
}

static int
export_key(tui *t, const tui_key *k)
{
	tui_export *x = t->export;

	if (k->fn && k->ch == KEY_BTAB) {
		x->focus = (x->focus + X_COUNT - 1) % X_COUNT;
		return 1;
	}
	if (x->focus == X_PATH)
		return field_key(&x->path, k);
	if (!k->fn && k->ch == ' ' && (x->focus == X_MD || x->focus == X_JSON)) {
		if (x->focus == X_MD)
			x->md = !x->md;
		else
			x->json = !x->json;
		export_formats_changed(t);
		return 1;
	}
	if (k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT) &&
	    (x->focus == X_MD || x->focus == X_JSON)) {
		x->focus = x->focus == X_MD ? X_JSON : X_MD;
		return 1;
	}
	return 0;
}

static int
export_request(tui *t, tui_request req, int arg)
{
	tui_export *x = t->export;

	switch (req) {
	case REQ_UP:
		x->focus = (x->focus + X_COUNT - 1) % X_COUNT;
		return 1;
	case REQ_DOWN:
	case REQ_FOCUS:
		x->focus = (x->focus + 1) % X_COUNT;
		return 1;
	case REQ_ENTER:
		export_start(t);
		return 1;
	case REQ_PICK_ITEM:
		if (arg == X_MD)
			x->md = !x->md;
		else if (arg == X_JSON)
			x->json = !x->json;
		x->focus = arg;
		export_formats_changed(t);
		return 1;
	case REQ_PICK_FIELD:
		x->focus = X_PATH;
		return 1;
	case REQ_CANCEL:
	case REQ_QUIT:
		t->overlay = NULL;
		return 1;
	case REQ_HELP:
	case REQ_LANG:
	case REQ_REDRAW:
		return 0;
	default:
		return 1;
	}
}

static size_t
export_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_ENTER, REQ_FOCUS, REQ_CANCEL,
	    REQ_LANG };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_export = {
	.name = "export",
	.draw = export_draw,
	.key = export_key,
	.request = export_request,
	.hints = export_hints,
};
