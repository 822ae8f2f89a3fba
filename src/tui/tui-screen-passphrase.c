/* The passphrase of a key.  Where the walk stands at a probe
 * ssh.key_unlock (the server would take a key whose file needs its
 * passphrase and no agent holds it), the wizard asks for the passphrase as
 * ssh would: typed masked, kept only in a sw_secret on the target (wiped
 * when freed), never drawn, logged or written.  Enter runs the probe with
 * it; Esc runs it without one, as the batch mode does. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

#define PASS_CAP 1024

typedef struct tui_pass {
	tui_field pass;
	size_t at_step;		/* the step it was asked at */
	int asked;		/* answered (or declined) at at_step */
} tui_pass;

static tui_pass *
pass_get(tui *t)
{
	if (t->pass == NULL) {
		t->pass = xcalloc(1, sizeof(*t->pass));
		field_init(&t->pass->pass, PASS_CAP, 1, 0);
	}
	return t->pass;
}

int
tui_pass_pending(const tui *t)
{
	const sw_node *n;

	if (t->engine == NULL || engine_state(t->engine) != SW_ENG_READY ||
	    t->rw_target == NULL)
		return 0;
	n = engine_node(t->engine);
	if (n == NULL || n->kind != SW_NODE_PROBE || n->probe == NULL ||
	    strcmp(n->probe, "ssh.key_unlock") != 0)
		return 0;
	return !(t->pass != NULL && t->pass->asked &&
	    t->pass->at_step == engine_n_steps(t->engine));
}

void
tui_pass_free(tui *t)
{
	if (t->pass == NULL)
		return;
	field_free(&t->pass->pass);	/* wipes */
	free(t->pass);
	t->pass = NULL;
}

/* Runs the probe with what the target now holds. */
static void
pass_go(tui *t, int with)
{
	tui_pass *p = pass_get(t);
	sw_target *tg = t->rw_target;

	secret_free(tg->key_passphrase);
	tg->key_passphrase = with && p->pass.len > 0 ?
	    secret_new(p->pass.buf) : NULL;
	field_clear(&p->pass);
	p->asked = 1;
	p->at_step = engine_n_steps(t->engine);
	/* The witness started with the diagnosis ran without the key. */
	engine_target_changed(t->engine);
	t->paused = 0;
	t->cancelled = 0;
	engine_start(t->engine);
	tui_view_reset(t);
}

static void
pass_draw(tui *t, tui_rect body)
{
	tui_pass *p = pass_get(t);
	const sw_node *n = engine_node(t->engine);
	tui_rect side, main;
	char *key, *s;
	int y, x, w, lw;

	tui_diag_layout(t, body, &side, &main);
	if (t->layout >= 2)
		tui_sidebar_draw(t, side);
	else
		tui_breadcrumb_draw(t, side);
	x = main.x + 1;
	w = main.w - 2;
	y = main.y + 1;
	y += tui_put_wrap(t, y, x, w, ROLE_TITLE, _(n->title));
	y++;
	if (n->explanation != NULL)
		y += tui_put_wrap(t, y, x, w, ROLE_NORMAL, _(n->explanation));
	y++;
	key = engine_expand(t->engine, "{ev.needs_passphrase}");
	/* TRANSLATORS: %s is the key file, quoted for the shell. */
	s = xasprintf(_("Passphrase of %s:"), key);
	y += tui_put_wrap(t, y, x, w, ROLE_NORMAL, s);
	free(s);
	free(key);
	lw = 2;
	field_draw(t, &p->pass, y, x + lw, w - lw, !t->focus_path, NULL);
	y += 2;
	tui_put_wrap(t, y, x, w, ROLE_DIM, _("Enter: log in with it. Esc: go on "
	    "without it. Kept in memory only, never shown or saved."));
}

static int
pass_key(tui *t, const tui_key *k)
{
	if (t->focus_path)
		return 0;
	return field_key(&pass_get(t)->pass, k);
}

static int
pass_request(tui *t, tui_request req, int arg)
{
	pass_get(t);
	if (t->focus_path && req != REQ_FOCUS && tui_path_request(t, req, arg))
		return 1;
	switch (req) {
	case REQ_ENTER:
		if (t->focus_path) {
			t->focus_path = 0;
			return 1;
		}
		pass_go(t, 1);
		return 1;
	case REQ_CANCEL:
		pass_go(t, 0);
		return 1;
	case REQ_FOCUS:
		t->focus_path = !t->focus_path;
		return 1;
	case REQ_RERUN:
		/* The check runs once the passphrase is typed. */
		return 1;
	default:
		return tui_diag_request(t, req, arg);
	}
}

static size_t
pass_hints(tui *t, tui_request *out, size_t max)
{
	static const tui_request v[] = { REQ_ENTER, REQ_CANCEL, REQ_FOCUS };
	size_t i;

	(void)t;
	for (i = 0; i < sizeof(v) / sizeof(v[0]) && i < max; i++)
		out[i] = v[i];
	return i;
}

const tui_screen_ops tui_screen_passphrase = {
	.name = "passphrase",
	.draw = pass_draw,
	.key = pass_key,
	.request = pass_request,
	.hints = pass_hints,
};
