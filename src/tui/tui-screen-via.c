/* The consent at a way onto the server.  Where the walk stands at a probe
 * server.way_in and the command line did not say where server checks run,
 * the wizard asks whether the user can still log in to the server another
 * way; on a yes, a form takes that way in ([user@]host[:port]), its own key
 * file or password (masked, held only in a sw_secret and wiped) and the
 * consent to sudo -n, and makes the libssh session the server checks run
 * over (host_new_via); on a no, the probe runs without one, as batch
 * mode runs without --via.  Only host's allow-list ever reaches the
 * remote shell: nothing typed here is sent as a command. */
#include "config.h"

#include "host/host.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { V_SPEC, V_KEY, V_PASS, V_SUDO, V_GO, V_COUNT };
enum { ANSWER_YES, ANSWER_NO, ANSWER_COUNT };

#define SPEC_CAP 512
#define PATH_CAP 4096
#define PASS_CAP 1024

/* Mouse items of the form. */
#define ITEM_SUDO 1

typedef struct tui_via {
	int form;		/* 0: the question; 1: the form after a yes */
	int focus;		/* V_* on the form */
	tui_field spec, key, pass;
	int sudo;
	/* The node and the step it was asked at: a new ask starts at the
	 * question again. */
	const sw_node *node;
	size_t at_step;
	int scroll;		/* form rows scrolled off (small screens) */
	int focus_row;
} tui_via;

int
tui_via_pending(const tui *t)
{
	const sw_node *n;

	if (t->engine == NULL || engine_state(t->engine) != SW_ENG_READY)
		return 0;
	/* --server or --via said where the server checks run, or the
	 * target is this machine and they run here. */
	if (t->cmd_server != NULL && t->target->server == t->cmd_server)
		return 0;
	if (t->target->server != NULL &&
	    host_kind(t->target->server) == SW_HOST_LOCAL)
		return 0;
	n = engine_node(t->engine);
	return n != NULL && n->kind == SW_NODE_PROBE && n->probe != NULL &&
	    strcmp(n->probe, "server.way_in") == 0;
}

static tui_via *
via_get(tui *t)
{
	tui_via *v = t->via;

	if (v == NULL) {
		v = t->via = xcalloc(1, sizeof(*v));
		field_init(&v->spec, SPEC_CAP, 0, 0);
		field_init(&v->key, PATH_CAP, 0, 0);
		field_init(&v->pass, PASS_CAP, 1, 0);
		v->sudo = t->opts->sudo;
	}
	if (v->node != engine_node(t->engine) ||
	    v->at_step != engine_n_steps(t->engine)) {
		v->node = engine_node(t->engine);
		v->at_step = engine_n_steps(t->engine);
		v->form = 0;
		v->scroll = 0;
		field_clear(&v->pass);
		/* The consent is asked for: no is the answer preselected. */
		t->item = ANSWER_NO;
	}
	return v;
}

const tui_screen_ops *
tui_via_screen(tui *t)
{
	return via_get(t)->form ? &tui_screen_via_form : &tui_screen_via_ask;
}

void
tui_via_free(tui *t)
{
	tui_via *v = t->via;

	if (v == NULL)
		return;
	field_free(&v->spec);
	field_free(&v->key);
	field_free(&v->pass);
	free(v);
	t->via = NULL;
}

/* Runs the way-in probe with what the target now holds. */
static void
via_go(tui *t)
{
	t->paused = 0;
	t->cancelled = 0;
	t->via->form = 0;
	/* Coming back to this node asks again, from the question. */
	t->via->node = NULL;
	engine_start(t->engine);
	tui_view_reset(t);
}

/* No: the probe runs without a way in and the walk goes on as batch mode
 * does without --via. */
static void
via_decline(tui *t)
{
	field_clear(&t->via->pass);
	tui_server_set(t, NULL);
	via_go(t);
}

/* Yes: the form, with the host of the target to start from. */
static void
via_accept(tui *t)
{
	tui_via *v = t->via;

	if (v->spec.len == 0 && t->target != NULL && t->target->host != NULL)
		field_set(&v->spec, t->target->host);
	v->form = 1;
	v->focus = V_SPEC;
	v->scroll = 0;
}

/* A leading "~/" is the home folder, as in a shell.  Caller frees. */
static char *
via_path(const char *p)
{
	const char *home = getenv("HOME");

	if (strncmp(p, "~/", 2) == 0 && home != NULL && *home != '\0')
		return xasprintf("%s/%s", home, p + 2);
	return xstrdup(p);
}

static void
via_error(tui *t, int focus, const char *msg)
{
	tui_status(t, ROLE_ERROR, "%s", msg);
	t->via->focus = focus;
}

static void
via_submit(tui *t)
{
	tui_via *v = t->via;
	const sw_target *tg = t->target;
	char *user = NULL, *host = NULL, *err = NULL, *key = NULL, *msg;
	sw_secret *pw = NULL;
	sw_via_opts o;
	int port = 0;

	if (v->spec.len == 0) {
		via_error(t, V_SPEC, _("Type the way in that works: "
		    "[user@]host[:port]."));
		return;
	}
	if (target_parse_spec(v->spec.buf, &user, &host, &port, &err) != 0) {
		via_error(t, V_SPEC, err);
		free(err);
		return;
	}
	if (v->key.len > 0) {
		key = via_path(v->key.buf);
		if (access(key, R_OK) != 0) {
			/* TRANSLATORS: the key file typed for the way in, then
			 * why it cannot be read. */
			msg = xasprintf(_("Cannot read the key file %s: %s"), key,
			    strerror(errno));
			via_error(t, V_KEY, msg);
			free(msg);
			goto out;
		}
	}
	memset(&o, 0, sizeof(o));
	o.host = host;
	o.port = port;
	o.user = user;
	o.identity = key;
	/* The host key is checked against the same known_hosts as the
	 * target's: an unknown or changed key is refused before any password
	 * is sent. */
	o.known_hosts = tg->known_hosts;
	o.use_ssh_config = !tg->no_ssh_config;
	o.sudo = v->sudo;
	if (v->pass.len > 0)
		pw = secret_new(v->pass.buf);
	field_clear(&v->pass);
	tui_server_set(t, host_new_via(&o, pw));	/* pw transferred */
	via_go(t);
out:
	free(user);
	free(host);
	free(key);
}

/* ---- The question ---- */

static void
ask_draw(tui *t, tui_rect body)
{
	static const char *const answers[ANSWER_COUNT] = {
		N_("Yes: log in another way and check the server"),
		N_("No: go on without the server's side"),
	};
	tui_rect side, main;
	tui_doc d;
	const sw_node *n = engine_node(t->engine);
	int i;

	via_get(t);
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
	doc_wrap(&d, ROLE_NORMAL, 0, NULL, _("Can you still log in to this "
	    "server another way: another port or address, a jump host, other "
	    "credentials? If you agree, sshwizard logs in that way and runs "
	    "the server-side checks there: read-only commands from a fixed "
	    "list. Nothing you type is run as a command."));
	doc_newline(&d);
	doc_newline(&d);
	doc_add(&d, ROLE_DIM, _("Choose an answer:"));
	for (i = 0; i < ANSWER_COUNT; i++) {
		int sel = i == t->item;

		doc_wrap(&d, sel ? ROLE_TITLE : ROLE_NORMAL, 4,
		    sel ? "  > " : NULL, _(answers[i]));
		doc_hit(&d, REQ_PICK_ITEM, i);
		if (sel && !t->focus_path) {
			doc_highlight(&d, ROLE_SELECTED);
			doc_mark(&d);
		}
	}
	doc_paint(t, &d, main, &t->scroll);
	doc_free(&d);
}

static void
ask_answer(tui *t, int item)
{
	via_get(t);
	if (item == ANSWER_YES)
		via_accept(t);
	else if (item == ANSWER_NO)
		via_decline(t);
}

static int
ask_request(tui *t, tui_request req, int arg)
{
	via_get(t);
	if (t->focus_path && req != REQ_FOCUS && req != REQ_PICK_ITEM &&
	    req != REQ_ENTER && tui_path_request(t, req, arg))
		return 1;
	switch (req) {
	case REQ_UP:
	case REQ_HOME:
		t->item = ANSWER_YES;
		return 1;
	case REQ_DOWN:
	case REQ_END:
		t->item = ANSWER_NO;
		return 1;
	case REQ_FOCUS:
		t->focus_path = !t->focus_path;
		return 1;
	case REQ_ENTER:
		if (t->focus_path) {
			t->focus_path = 0;
			return 1;
		}
		ask_answer(t, t->item);
		return 1;
	case REQ_PICK_ITEM:
		t->focus_path = 0;
		t->item = arg;
		ask_answer(t, arg);
		return 1;
	case REQ_PICK_STEP:
		t->focus_path = 1;
		return tui_path_request(t, req, arg);
	case REQ_RERUN:
		/* The check runs once the question is answered. */
		return 1;
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
ask_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_UP, REQ_ENTER, REQ_BACK,
	    REQ_FOCUS };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_via_ask = {
	.name = "via-ask",
	.draw = ask_draw,
	.key = NULL,
	.request = ask_request,
	.hints = ask_hints,
};

/* ---- The form ---- */

static tui_field *
form_field(tui_via *v, int id)
{
	switch (id) {
	case V_SPEC:
		return &v->spec;
	case V_KEY:
		return &v->key;
	case V_PASS:
		return &v->pass;
	default:
		return NULL;
	}
}

static void
form_paint(tui *t, tui_rect r)
{
	static const char *const labels[] = {
		N_("Way in"), N_("Key file"), N_("Password"), N_("sudo"),
	};
	static const char *const notes[] = {
		/* TRANSLATORS: how to write the way in that still works. */
		N_("[user@]host[:port], port 22 when none is given"),
		N_("Empty: the agent and the default keys"),
		N_("Empty: none. Kept in memory only, never shown or saved."),
	};
	tui_via *v = t->via;
	const sw_node *n = engine_node(t->engine);
	int y = r.y - v->scroll, x = r.x + 2, w = r.w - 4, lw = 0, fx, fw, i;
	const char *kh;
	char *s;

	for (i = 0; i < (int)(sizeof(labels) / sizeof(labels[0])); i++)
		if (tw_width(_(labels[i])) > lw)
			lw = tw_width(_(labels[i]));
	lw = lw > 14 ? 16 : lw + 2;
	fx = x + lw;
	fw = w - lw;
	y++;
	tui_put(t, y++, x, w, ROLE_TITLE, _(n->title), 1);
	tui_put(t, y++, x, w, ROLE_NORMAL, _("How do you log in the way that "
	    "still works?"), 1);
	y++;
	for (i = V_SPEC; i <= V_PASS; i++) {
		tui_field *f = form_field(v, i);

		if (v->focus == i)
			v->focus_row = y;
		tui_put(t, y, x, lw, v->focus == i ? ROLE_KEY : ROLE_NORMAL,
		    _(labels[i]), 1);
		tui_hit(t, y, x, x + lw, REQ_PICK_FIELD, i);
		field_draw(t, f, y, fx, fw, v->focus == i, NULL);
		tui_hit(t, y, fx, fx + fw, REQ_PICK_FIELD, i);
		y++;
		y += tui_put_wrap(t, y, fx, fw, ROLE_DIM, _(notes[i]));
	}
	if (v->focus == V_SUDO)
		v->focus_row = y;
	tui_put(t, y, x, lw, v->focus == V_SUDO ? ROLE_KEY : ROLE_NORMAL,
	    _(labels[V_SUDO]), 1);
	tui_hit(t, y, x, x + lw, REQ_PICK_ITEM, ITEM_SUDO);
	y += tui_checkbox(t, y, fx, fw, v->sudo, v->focus == V_SUDO,
	    _("Use sudo -n where a check needs root (it never prompts)"),
	    ITEM_SUDO);
	y++;
	kh = t->target->known_hosts;	/* resolved: the file ssh reads */
	/* TRANSLATORS: %s is the known_hosts file the host key is checked
	 * against. */
	s = xasprintf(_("The server's host key must already be in %s: an "
	    "unknown or changed key is refused before any password is sent."),
	    kh);
	y += tui_put_wrap(t, y, x, w, ROLE_DIM, s);
	free(s);
	y++;
	if (v->focus == V_GO)
		v->focus_row = y;
	s = xasprintf("[ %s ]", _("Log in and check the server"));
	i = tw_width(s);
	tui_put(t, y, x + (w - i) / 2, i, v->focus == V_GO ? ROLE_SELECTED :
	    ROLE_TITLE, s, 1);
	tui_hit(t, y, x + (w - i) / 2, x + (w - i) / 2 + i, REQ_ENTER, 0);
	free(s);
	y++;
	tui_put(t, y, x, w, ROLE_DIM, _("Esc goes back to the question."), 1);
}

/* Paints the form scrolled so the focused row shows: a first pass with
 * nothing drawn finds where it falls (as the target screen does). */
static void
form_draw(tui *t, tui_rect r)
{
	tui_via *v = via_get(t);
	int y0 = t->clip_y0, y1 = t->clip_y1;

	t->page = r.h;
	t->clip_y0 = t->clip_y1 = 0;
	v->focus_row = r.y;
	form_paint(t, r);
	if (v->focus_row < r.y)
		v->scroll -= r.y - v->focus_row;
	else if (v->focus_row >= r.y + r.h)
		v->scroll += v->focus_row - (r.y + r.h - 1);
	if (v->focus == V_SPEC)
		v->scroll = 0;
	if (v->scroll < 0)
		v->scroll = 0;
	t->clip_y0 = y0;
	t->clip_y1 = y1;
	t->cur_y = t->cur_x = -1;
	form_paint(t, r);
}

static void
form_move(tui_via *v, int step)
{
	v->focus = (v->focus + step + V_COUNT) % V_COUNT;
}

static int
form_key(tui *t, const tui_key *k)
{
	tui_via *v = via_get(t);
	tui_field *f = form_field(v, v->focus);

	if (k->fn && k->ch == KEY_BTAB) {
		form_move(v, -1);
		return 1;
	}
	if (!k->fn && k->ch == '\t') {
		form_move(v, 1);
		return 1;
	}
	if (v->focus == V_SUDO) {
		if ((!k->fn && k->ch == ' ') || (k->fn && (k->ch == KEY_LEFT ||
		    k->ch == KEY_RIGHT))) {
			v->sudo = !v->sudo;
			return 1;
		}
		return 0;
	}
	if (v->focus == V_GO) {
		if (!k->fn && k->ch == ' ') {
			via_submit(t);
			return 1;
		}
		return 0;
	}
	return f != NULL && field_key(f, k);
}

static int
form_request(tui *t, tui_request req, int arg)
{
	tui_via *v = via_get(t);

	switch (req) {
	case REQ_UP:
		form_move(v, -1);
		return 1;
	case REQ_DOWN:
	case REQ_FOCUS:
		form_move(v, 1);
		return 1;
	case REQ_ENTER:
		via_submit(t);
		return 1;
	case REQ_PICK_FIELD:
		if (arg >= 0 && arg < V_COUNT)
			v->focus = arg;
		return 1;
	case REQ_PICK_ITEM:
		if (arg == ITEM_SUDO) {
			v->sudo = !v->sudo;
			v->focus = V_SUDO;
		}
		return 1;
	case REQ_CANCEL:
		/* Back to the question; the password is not kept. */
		field_clear(&v->pass);
		v->form = 0;
		t->item = ANSWER_YES;
		return 1;
	case REQ_BACK:
	case REQ_RERUN:
	case REQ_DETAILS:
	case REQ_COPY:
	case REQ_NEW:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
	case REQ_HOME:
	case REQ_END:
		return 1;
	default:
		return 0;
	}
}

static size_t
form_hints(tui *t, tui_request *out, size_t max)
{
	size_t n = 0;

	(void)t;
	if (max >= 3) {
		out[n++] = REQ_ENTER;
		out[n++] = REQ_FOCUS;
		out[n++] = REQ_UP;
	}
	return n;
}

const tui_screen_ops tui_screen_via_form = {
	.name = "via-form",
	.draw = form_draw,
	.key = form_key,
	.request = form_request,
	.hints = form_hints,
};
