/* The target screen: host (completed from ~/.ssh/config and known_hosts),
 * port, user, how to sign in (agent, key file, or a password typed masked
 * and kept only in a sw_secret), and the error the user saw, which picks
 * where the diagnosis starts.  Values ~/.ssh/config gives are filled in and
 * marked.  A switch at the top turns it into "I am on the server": the
 * port, the client's address and the consent to sudo -n, for the server
 * part of the tree run on this machine. */
#include "config.h"

#include "host/host.h"
#include "core/localhost.h"
#include "core/util.h"
#include "tui/tui-int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	F_MODE,
	F_HOST,
	F_PORT,
	F_USER,
	F_AUTH,
	F_KEY,
	F_PASS,
	F_CLIENT,
	F_SUDO,
	F_LOG,
	F_START,
	F_COUNT
};

enum { AUTH_AGENT, AUTH_KEY, AUTH_PASSWORD, AUTH_COUNT };

/* Caps on what the fields hold. */
#define HOST_CAP 512
#define SHORT_CAP 256
#define PATH_CAP 4096
#define PASS_CAP 1024
#define LOG_CAP (256 * 1024)
/* Completion candidates considered. */
#define COMP_MAX 64

/* Mouse items: auth choices, the two modes, sudo, then completion
 * candidates. */
#define ITEM_AUTH 0
#define ITEM_MODE 8
#define ITEM_SUDO 12
#define ITEM_COMP 16

typedef struct tui_form {
	tui_field host, port, user, key, pass, log, client;
	int server;		/* "I am on the server" */
	int sudo;		/* the user agrees to sudo -n */
	int auth;
	int auth_touched;
	int focus;
	char **hosts;
	/* Completion: what was typed before the first Tab, and the pick. */
	char *comp_prefix;
	int comp_idx;
	/* ~/.ssh/config look-up of the host last left. */
	char *cfg_host;
	int port_cfg, user_cfg, key_cfg;
	char *login;
	int pass_kept;		/* the last target's password is reused */
	/* The pasted text's match, redone when the text changes. */
	unsigned match_gen;
	int match_done;
	char *match_start;
	char *match_summary;
	int scroll;		/* rows scrolled off the top (small screens) */
	int focus_row;		/* where the focused field was drawn */
	/* ssh words the form has no field for (-F, -J, -o), from the
	 * command line or a pasted ssh command; shown under the host. */
	sw_target_words extra;
	char *extra_text;
	/* ssh -G in the background: the look-up when focus leaves the
	 * host, and the resolution of the target on submit. */
	sw_resolve_job *lookup_job;
	sw_resolve_job *submit_job;
} tui_form;

static tui_field *
form_field(tui_form *f, int id)
{
	switch (id) {
	case F_HOST:
		return &f->host;
	case F_PORT:
		return &f->port;
	case F_USER:
		return &f->user;
	case F_KEY:
		return &f->key;
	case F_PASS:
		return &f->pass;
	case F_LOG:
		return &f->log;
	case F_CLIENT:
		return &f->client;
	default:
		return NULL;
	}
}

static int
field_enabled(const tui_form *f, int id)
{
	if (f->server)
		return id == F_MODE || id == F_PORT || id == F_CLIENT ||
		    id == F_SUDO || id == F_START;
	if (id == F_CLIENT || id == F_SUDO)
		return 0;
	if (id == F_KEY)
		return f->auth == AUTH_KEY;
	if (id == F_PASS)
		return f->auth == AUTH_PASSWORD;
	return 1;
}

static tui_form *
form_new(const sw_options *o)
{
	tui_form *f = xcalloc(1, sizeof(*f));
	sw_target *tmp = target_new();

	field_init(&f->host, HOST_CAP, 0, 0);
	field_init(&f->port, SHORT_CAP, 0, 0);
	field_init(&f->user, SHORT_CAP, 0, 0);
	field_init(&f->key, PATH_CAP, 0, 0);
	field_init(&f->pass, PASS_CAP, 1, 0);
	field_init(&f->log, LOG_CAP, 0, 1);
	field_init(&f->client, SHORT_CAP, 0, 0);
	if (o->client_ip != NULL)
		field_set(&f->client, o->client_ip);
	f->sudo = o->sudo;
	f->hosts = tui_hosts_load(NULL);
	f->login = xstrdup(tmp->user);
	target_free(tmp);
	return f;
}

void
tui_form_free(tui *t)
{
	tui_form *f = t->form;

	if (f == NULL)
		return;
	field_free(&f->host);
	field_free(&f->port);
	field_free(&f->user);
	field_free(&f->key);
	field_free(&f->pass);
	field_free(&f->log);
	field_free(&f->client);
	tui_hosts_free(f->hosts);
	free(f->comp_prefix);
	free(f->cfg_host);
	free(f->login);
	free(f->match_start);
	free(f->match_summary);
	target_words_free(&f->extra);
	free(f->extra_text);
	target_resolve_cancel(f->lookup_job);
	target_resolve_cancel(f->submit_job);
	free(f);
	t->form = NULL;
}

/* Sets the words the form has no field for, and their text. */
static void
form_set_extra(tui_form *f, const sw_target_words *w)
{
	sw_target_words e;
	sbuf b = { 0 };
	size_t i;

	memset(&e, 0, sizeof(e));
	e.config_file = xstrdup(w->config_file);
	e.jump = xstrdup(w->jump);
	for (i = 0; i < w->n_opts; i++) {
		e.opts = xreallocarray(e.opts, e.n_opts + 1, sizeof(char *));
		e.opts[e.n_opts++] = xstrdup(w->opts[i]);
	}
	target_words_free(&f->extra);
	f->extra = e;
	if (e.config_file != NULL)
		sbuf_addf(&b, "-F %s ", e.config_file);
	if (e.jump != NULL)
		sbuf_addf(&b, "-J %s ", e.jump);
	for (i = 0; i < e.n_opts; i++)
		sbuf_addf(&b, "-o %s ", e.opts[i]);
	free(f->extra_text);
	f->extra_text = b.s != NULL ? sbuf_steal(&b) : NULL;
}

void
tui_form_from_target(tui *t, const sw_target *tg)
{
	tui_form *f;
	char buf[16];

	if (t->form == NULL)
		t->form = form_new(t->opts);
	f = t->form;
	f->server = t->server_mode;
	f->focus = f->server ? F_PORT : F_HOST;
	if (t->log_text != NULL && f->log.len == 0)
		field_set(&f->log, t->log_text);
	if (tg == NULL) {
		form_set_extra(f, &t->opts->words);
		return;
	}
	if (f->server) {
		/* The server part: its port and the client's address. */
		if (tg->port_src != SW_SRC_DEFAULT) {
			snprintf(buf, sizeof(buf), "%d", tg->port);
			field_set(&f->port, buf);
			f->port.edited = 1;
		}
		field_set(&f->client, tg->client_ip ? tg->client_ip : "");
		return;
	}
	form_set_extra(f, &tg->words);
	field_set(&f->host, tg->alias ? tg->alias : tg->host);
	if (tg->port_src != SW_SRC_DEFAULT) {
		snprintf(buf, sizeof(buf), "%d", tg->port);
		field_set(&f->port, buf);
		f->port.edited = tg->port_src == SW_SRC_CMDLINE;
		f->port_cfg = tg->port_src == SW_SRC_SSH_CONFIG;
	}
	if (tg->user_src != SW_SRC_DEFAULT) {
		field_set(&f->user, tg->user);
		f->user.edited = tg->user_src == SW_SRC_CMDLINE;
		f->user_cfg = tg->user_src == SW_SRC_SSH_CONFIG;
	}
	if (tg->words.n_identities > 0) {
		field_set(&f->key, tg->words.identities[0]);
		f->key.edited = 1;
		f->key_cfg = 0;
		f->auth = AUTH_KEY;
	} else if (tg->n_identities > 0 &&
	    tg->identities_src == SW_SRC_SSH_CONFIG) {
		field_set(&f->key, tg->identities[0]);
		f->key.edited = 0;
		f->key_cfg = 1;
		f->auth = AUTH_KEY;
	}
	if (tg->password != NULL) {
		f->auth = AUTH_PASSWORD;
		f->pass_kept = 1;
	}
	free(f->cfg_host);
	f->cfg_host = xstrdup(f->host.buf);
}

/* The words of the form: the host field, the fields the user typed in,
 * the words without a field, and the command line's --known-hosts and
 * --no-ssh-config.  full: also port, user and key (else only what picks
 * the configuration: host and the words without a field).  Strings are
 * copies; free w with target_words_free(). */
static void
form_words(tui *t, int full, sw_target_words *w)
{
	tui_form *f = t->form;
	sw_target_words base;

	memset(&base, 0, sizeof(base));
	base.spec = f->host.buf;
	base.config_file = f->extra.config_file;
	base.jump = f->extra.jump;
	base.opts = f->extra.opts;
	base.n_opts = f->extra.n_opts;
	base.known_hosts = t->opts->words.known_hosts;
	base.no_ssh_config = t->opts->words.no_ssh_config;
	target_words_copy(w, &base);
	if (!full)
		return;
	if (f->port.edited && f->port.len > 0)
		w->port = target_parse_port(f->port.buf);
	if (f->user.edited && f->user.len > 0)
		w->user = xstrdup(f->user.buf);
	if (f->auth == AUTH_KEY && f->key.len > 0 && f->key.edited) {
		w->identities = xcalloc(1, sizeof(char *));
		w->identities[0] = xstrdup(f->key.buf);
		w->n_identities = 1;
	}
}

/* A pasted ssh command line in the host field ("ssh -p 2222 -J jump
 * alice@box"): splits it into the fields.  Returns 0, or -1 after
 * showing the error. */
static int
form_take_line(tui *t)
{
	tui_form *f = t->form;
	sw_target_words w;
	char *err = NULL, buf[16];

	if (f->host.len == 0 || strpbrk(f->host.buf, " \t") == NULL)
		return 0;
	if (target_words_from_line(f->host.buf, &w, &err) != 0) {
		tui_status(t, ROLE_ERROR, "%s", err);
		free(err);
		return -1;
	}
	field_set(&f->host, w.spec);
	f->host.edited = 1;
	if (w.port > 0) {
		snprintf(buf, sizeof(buf), "%d", w.port);
		field_set(&f->port, buf);
		f->port.edited = 1;
	}
	if (w.user != NULL) {
		field_set(&f->user, w.user);
		f->user.edited = 1;
	}
	if (w.n_identities > 0) {
		field_set(&f->key, w.identities[0]);
		f->key.edited = 1;
		f->auth = AUTH_KEY;
		f->auth_touched = 1;
	}
	form_set_extra(f, &w);
	target_words_free(&w);
	return 0;
}

/* ---- ~/.ssh/config ---- */

/* Fills port, user and key file from the effective ssh configuration of
 * the host (tmp, resolved in the background), where the user did not type
 * them, and marks them. */
static void
lookup_apply(tui_form *f, const sw_target *tmp)
{
	char buf[16];

	if (!f->port.edited) {
		f->port_cfg = tmp->port_src == SW_SRC_SSH_CONFIG;
		snprintf(buf, sizeof(buf), "%d", tmp->port);
		field_set(&f->port, f->port_cfg ? buf : "");
	}
	if (!f->user.edited) {
		f->user_cfg = tmp->user_src == SW_SRC_SSH_CONFIG;
		field_set(&f->user, f->user_cfg ? tmp->user : "");
	}
	if (!f->key.edited) {
		f->key_cfg = tmp->identities_src == SW_SRC_SSH_CONFIG &&
		    tmp->n_identities > 0;
		field_set(&f->key, f->key_cfg ? tmp->identities[0] : "");
		if (!f->auth_touched)
			f->auth = f->key_cfg ? AUTH_KEY : AUTH_AGENT;
	}
}

/* Starts the look-up of the host in the background (no ssh -G on the UI
 * thread); tui_form_collect() fills the fields when it is done. */
static void
form_lookup(tui *t)
{
	tui_form *f = t->form;
	sw_target_words w;

	if (t->opts->words.no_ssh_config || f->host.len == 0 ||
	    (f->cfg_host != NULL && strcmp(f->cfg_host, f->host.buf) == 0))
		return;
	free(f->cfg_host);
	f->cfg_host = xstrdup(f->host.buf);
	form_words(t, 0, &w);
	target_resolve_cancel(f->lookup_job);
	f->lookup_job = target_resolve_start(&w, 0);
	target_words_free(&w);
}

/* ---- The pasted error ---- */

static void
form_match(tui *t)
{
	tui_form *f = t->form;

	if (f->match_done && f->match_gen == f->log.gen)
		return;
	f->match_done = 1;
	f->match_gen = f->log.gen;
	free(f->match_start);
	free(f->match_summary);
	f->match_summary = NULL;
	f->match_start = tui_log_start(t, f->log.buf, &f->match_summary);
}

/* ---- Completion ---- */

/* The candidates for prefix into out (at most max); returns how many. */
static size_t
comp_candidates(tui_form *f, const char *prefix, const char **out,
    size_t max)
{
	size_t i, n = 0, len = strlen(prefix);

	for (i = 0; f->hosts[i] != NULL && n < max; i++)
		if (strncasecmp(f->hosts[i], prefix, len) == 0)
			out[n++] = f->hosts[i];
	return n;
}

/* Tab in the host field: fills in the next candidate.  Returns 1 if it
 * did. */
static int
comp_next(tui_form *f, int step)
{
	const char *c[COMP_MAX];
	size_t n;

	if (f->comp_prefix == NULL) {
		n = comp_candidates(f, f->host.buf, c, COMP_MAX);
		if (n == 0 || (n == 1 && strcmp(c[0], f->host.buf) == 0))
			return 0;
		f->comp_prefix = xstrdup(f->host.buf);
		f->comp_idx = step > 0 ? 0 : (int)n - 1;
	} else {
		n = comp_candidates(f, f->comp_prefix, c, COMP_MAX);
		if (n <= 1)
			return 0;
		f->comp_idx = (int)(((size_t)f->comp_idx + n + (size_t)step) % n);
	}
	field_set(&f->host, c[f->comp_idx]);
	f->host.edited = 1;
	return 1;
}

static void
comp_reset(tui_form *f)
{
	free(f->comp_prefix);
	f->comp_prefix = NULL;
	f->comp_idx = 0;
}

/* ---- Focus and submit ---- */

static void
form_focus(tui *t, int id)
{
	tui_form *f = t->form;

	if (f->focus == F_HOST && id != F_HOST &&
	    form_take_line(t) == 0)
		form_lookup(t);
	comp_reset(f);
	f->focus = id;
}

static void
form_move(tui *t, int step)
{
	tui_form *f = t->form;
	int id = f->focus;

	do
		id = (id + step + F_COUNT) % F_COUNT;
	while (!field_enabled(f, id));
	form_focus(t, id);
}

static void
form_error(tui *t, int field, const char *msg)
{
	tui_status(t, ROLE_ERROR, "%s", msg);
	form_focus(t, field);
}

/* 1 if the key file typed (a leading ~/ is the home ssh uses, the
 * password database's) exists neither as itself nor as its .pub. */
static int
key_gone(const char *typed)
{
	struct passwd *pw = getpwuid(getuid());
	struct stat st;
	char *p, *pub;
	int gone;

	if (typed[0] == '~' && typed[1] == '/' && pw != NULL)
		p = xasprintf("%s%s", pw->pw_dir, typed + 1);
	else
		p = xstrdup(typed);
	pub = xasprintf("%s.pub", p);
	gone = stat(p, &st) != 0 && stat(pub, &st) != 0;
	free(pub);
	free(p);
	return gone;
}

/* The resolution refused the words: its message, on the field to fix
 * (the key file when that file is not there, else the host). */
static void
form_resolve_error(tui *t, const char *err)
{
	tui_form *f = t->form;

	form_error(t, f->auth == AUTH_KEY && f->key.len > 0 &&
	    key_gone(f->key.buf) ? F_KEY : F_HOST, err);
}

/* "I am on the server": the server part of the tree on this machine, with
 * sudo -n only when the user ticked it. */
static void
form_submit_server(tui *t)
{
	tui_form *f = t->form;
	sw_options o;
	sw_target *tg = NULL;
	unsigned char bin[16];
	char *err = NULL;
	int port = 0;

	if (f->port.len > 0 && (port = target_parse_port(f->port.buf)) < 0) {
		form_error(t, F_PORT, _("The port must be a number from 1 to "
		    "65535."));
		return;
	}
	if (f->client.len > 0 && inet_pton(AF_INET, f->client.buf, bin) != 1 &&
	    inet_pton(AF_INET6, f->client.buf, bin) != 1) {
		form_error(t, F_CLIENT, _("The client address must be an IP "
		    "address, such as 192.0.2.7 or 2001:db8::7."));
		return;
	}
	memset(&o, 0, sizeof(o));
	o.mode = SW_MODE_SERVER;
	o.client_ip = f->client.len > 0 ? f->client.buf : NULL;
	o.sshd_config = t->opts->sshd_config;
	o.words.port = port;
	o.words.known_hosts = t->opts->words.known_hosts;
	o.words.no_ssh_config = t->opts->words.no_ssh_config;
	o.timeout_ms = t->opts->timeout_ms > 0 ? t->opts->timeout_ms : 5000;
	o.sudo = f->sudo;
	if (options_make_target(&o, &tg, &err) != 0) {
		tui_status(t, ROLE_ERROR, "%s", err);
		free(err);
		return;
	}
	/* Nothing logs in: no password, even from $SSHPASS. */
	secret_free(tg->password);
	tg->password = NULL;
	tui_server_reset(t);
	target_free(t->own_target);
	t->own_target = tg;
	t->target = tg;
	t->rw_target = tg;
	t->server_mode = 1;
	tui_server_set(t, host_new_local(f->sudo));
	free(t->start_node);
	t->start_node = xstrdup("server");
	tui_diag_begin(t);
}

static void form_submit_done(tui *t, sw_target *tg);

static void
form_submit(tui *t)
{
	tui_form *f = t->form;
	sw_target_words w;
	sw_target *tg = NULL;
	char *err = NULL;
	int port = 0;

	if (f->submit_job != NULL)
		return;		/* already on its way */
	if (f->server) {
		form_submit_server(t);
		return;
	}
	if (form_take_line(t) != 0)
		return;
	if (f->host.len == 0) {
		form_error(t, F_HOST, _("Type the host to connect to first."));
		return;
	}
	if (f->port.len > 0 && (port = target_parse_port(f->port.buf)) < 0) {
		form_error(t, F_PORT, _("The port must be a number from 1 to "
		    "65535."));
		return;
	}
	if (f->auth == AUTH_KEY && f->key.len == 0) {
		form_error(t, F_KEY, _("Type the path of the key file, or "
		    "choose another way to sign in."));
		return;
	}
	if (f->auth == AUTH_PASSWORD && f->pass.len == 0 && !f->pass_kept) {
		form_error(t, F_PASS, _("Type the password, or choose another "
		    "way to sign in."));
		return;
	}
	form_words(t, 1, &w);
	if (f->auth == AUTH_KEY && w.n_identities == 0 && !f->key_cfg) {
		w.identities = xcalloc(1, sizeof(char *));
		w.identities[0] = xstrdup(f->key.buf);
		w.n_identities = 1;
	}
	/* The look-up is superseded: the target is resolved whole. */
	target_resolve_cancel(f->lookup_job);
	f->lookup_job = NULL;
	if (w.no_ssh_config) {
		/* No ssh -G, nothing to wait for. */
		if (target_resolve(&w, &tg, &err) != 0) {
			form_resolve_error(t, err);
			free(err);
		} else
			form_submit_done(t, tg);
		target_words_free(&w);
		return;
	}
	f->submit_job = target_resolve_start(&w, 1);
	target_words_free(&w);
	if (f->submit_job == NULL) {
		tui_status(t, ROLE_ERROR, "%s", strerror(errno));
		return;
	}
	/* TRANSLATORS: shown while ssh -G reads the configuration for the
	 * host (%s) before the diagnosis starts. */
	tui_status(t, ROLE_NOTICE, _("Reading the ssh configuration for "
	    "%s..."), f->host.buf);
}

/* The target is resolved: attach what the form holds and start. */
static void
form_submit_done(tui *t, sw_target *tg)
{
	tui_form *f = t->form;
	sw_options o;
	sw_secret *kept = NULL;
	char *err = NULL;

	memset(&o, 0, sizeof(o));
	o.timeout_ms = t->opts->timeout_ms > 0 ? t->opts->timeout_ms : 5000;
	/* The command line's server-check context holds for every target. */
	o.sshd_config = t->opts->sshd_config;
	o.client_ip = t->opts->client_ip;
	if (f->auth == AUTH_PASSWORD)
		o.password_file = t->opts->password_file;
	if (options_attach(&o, tg, &err) != 0) {
		tui_status(t, ROLE_ERROR, "%s", err);
		free(err);
		target_free(tg);
		form_focus(t, F_HOST);
		return;
	}
	if (f->auth == AUTH_PASSWORD) {
		if (f->pass.len > 0) {
			secret_free(tg->password);
			tg->password = secret_new(f->pass.buf);
		} else if (t->target != NULL && t->target->password != NULL) {
			kept = secret_new(t->target->password->s);
			secret_free(tg->password);
			tg->password = kept;
		}
		field_clear(&f->pass);
		f->pass_kept = tg->password != NULL;
	} else {
		/* Agent or key: no password, even from $SSHPASS. */
		secret_free(tg->password);
		tg->password = NULL;
	}
	tui_status(t, ROLE_NOTICE, "%s", "");
	form_match(t);
	free(t->start_node);
	t->start_node = f->match_start ? xstrdup(f->match_start) : NULL;
	tui_server_reset(t);
	target_free(t->own_target);
	t->own_target = tg;
	t->target = tg;
	t->rw_target = tg;
	t->server_mode = 0;
	/* A --via of the command line stays the way onto the server; a
	 * target that is this machine is checked here directly. */
	if (t->cmd_server != NULL && host_kind(t->cmd_server) == SW_HOST_VIA)
		tg->server = t->cmd_server;
	else if (target_is_this_machine(tg))
		tui_server_set(t, host_new_local(t->opts->sudo));
	tui_diag_begin(t);
}

int
tui_form_fd(const tui *t)
{
	const tui_form *f = t->form;

	if (f == NULL)
		return -1;
	if (f->submit_job != NULL)
		return target_resolve_fd(f->submit_job);
	if (f->lookup_job != NULL)
		return target_resolve_fd(f->lookup_job);
	return -1;
}

void
tui_form_collect(tui *t)
{
	tui_form *f = t->form;
	sw_target *tg = NULL;
	char *err = NULL;

	if (f == NULL)
		return;
	if (f->submit_job != NULL) {
		sw_resolve_job *j = f->submit_job;

		f->submit_job = NULL;
		if (target_resolve_finish(j, &tg, &err) != 0) {
			form_resolve_error(t, err);
			free(err);
			return;
		}
		form_submit_done(t, tg);
		return;
	}
	if (f->lookup_job != NULL) {
		sw_resolve_job *j = f->lookup_job;
		int same = strcmp(target_resolve_words(j)->spec,
		    f->host.buf) == 0;

		f->lookup_job = NULL;
		if (target_resolve_finish(j, &tg, &err) != 0) {
			free(err);	/* the submit says it, if it stays */
			return;
		}
		if (same)
			lookup_apply(f, tg);
		target_free(tg);
	}
}

/* ---- Drawing ---- */

/* A marker after a field: where the value came from. */
static void
draw_source(tui *t, int y, int x, int w, int from_cfg, int empty,
    const char *dflt)
{
	char *s = NULL;

	if (from_cfg)
		s = xasprintf("%s", _("from ~/.ssh/config"));
	else if (empty && dflt != NULL)
		/* TRANSLATORS: the value used when a field is left empty. */
		s = xasprintf(_("default: %s"), dflt);
	if (s != NULL)
		tui_put(t, y, x, w, from_cfg ? ROLE_NOTICE : ROLE_DIM, s, 1);
	free(s);
}

static void
draw_completion(tui *t, tui_form *f, int y, int x, int w)
{
	const char *c[COMP_MAX];
	size_t n, i;
	int cx = x;

	if (f->focus != F_HOST) {
		if (f->extra_text != NULL)
			tui_put(t, y, x, w, ROLE_DIM, f->extra_text, 1);
		return;
	}
	n = comp_candidates(f, f->comp_prefix ? f->comp_prefix : f->host.buf, c,
	    COMP_MAX);
	if (n == 0 || (n == 1 && strcmp(c[0], f->host.buf) == 0)) {
		if (f->hosts[0] == NULL)
			tui_put(t, y, x, w, ROLE_DIM, _("A name, an address, or an "
			    "alias from ~/.ssh/config"), 1);
		return;
	}
	cx += tui_put(t, y, cx, w, ROLE_KEY, "Tab", 0) + 1;
	for (i = 0; i < n && cx < x + w - 4; i++) {
		int sel = f->comp_prefix != NULL && (int)i == f->comp_idx;
		int used = tui_put(t, y, cx, x + w - cx, sel ? ROLE_SELECTED :
		    ROLE_DIM, c[i], 1);

		tui_hit(t, y, cx, cx + used, REQ_PICK_ITEM, ITEM_COMP + (int)i);
		cx += used + 2;
	}
	if (i < n)
		tui_put(t, y, cx, x + w - cx, ROLE_DIM, tui_ellipsis(t), 0);
}

static void
draw_auth(tui *t, tui_form *f, int y, int x, int w)
{
	static const char *const names[AUTH_COUNT] = {
		N_("agent"), N_("key file"), N_("password"),
	};
	int i, cx = x, all = 0;
	char *s;

	for (i = 0; i < AUTH_COUNT; i++)
		all += tw_width(_(names[i])) + 4 + 3;
	if (all > w) {
		/* Narrow: only the choice, Left and Right change it. */
		s = xasprintf("< %s >", _(names[f->auth]));
		cx += tui_put(t, y, cx, w, f->focus == F_AUTH ?
		    ROLE_FIELD_FOCUS : ROLE_TITLE, s, 1);
		tui_hit(t, y, x, cx, REQ_PICK_ITEM,
		    ITEM_AUTH + (f->auth + 1) % AUTH_COUNT);
		free(s);
		return;
	}
	for (i = 0; i < AUTH_COUNT; i++) {
		int used;

		s = xasprintf("(%s) %s", f->auth == i ? "*" : " ", _(names[i]));
		used = tui_put(t, y, cx, x + w - cx,
		    f->focus == F_AUTH && f->auth == i ? ROLE_FIELD_FOCUS :
		    f->auth == i ? ROLE_TITLE : ROLE_NORMAL, s, 1);
		tui_hit(t, y, cx, cx + used, REQ_PICK_ITEM, ITEM_AUTH + i);
		cx += used + 3;
		free(s);
	}
}

static void
draw_match(tui *t, tui_form *f, int y, int x, int w)
{
	char *s;
	const sw_node *n;

	form_match(t);
	if (f->log.len == 0) {
		tui_put(t, y, x, w, ROLE_DIM, _("Optional: a known message "
		    "picks where the diagnosis starts."), 1);
		return;
	}
	if (f->match_start == NULL) {
		tui_put(t, y, x, w, ROLE_DIM, _("Not recognised: the diagnosis "
		    "starts from the beginning."), 1);
		return;
	}
	n = tree_find(t->tree, f->match_start);
	/* TRANSLATORS: the first step the pasted message leads to, then what
	 * the message means. */
	s = xasprintf(_("Recognised: starts at \"%s\". %s"),
	    n ? _(n->title) : f->match_start, _(f->match_summary));
	tui_put(t, y, x, w, ROLE_NOTICE, s, 1);
	free(s);
}

/* The switch between diagnosing from here and "I am on the server". */
static void
draw_mode(tui *t, tui_form *f, int y, int x, int w)
{
	static const char *const names[2] = {
		N_("Diagnose from this machine"),
		/* TRANSLATORS: the other way to use the wizard: it runs on
		 * the SSH server itself (logged in, or at its console). */
		N_("I am on the server"),
	};
	int i, cx = x, all = 0;
	char *s;

	for (i = 0; i < 2; i++)
		all += tw_width(_(names[i])) + 4 + 3;
	if (all > w) {
		s = xasprintf("< %s >", _(names[f->server]));
		cx += tui_put(t, y, cx, w, f->focus == F_MODE ?
		    ROLE_FIELD_FOCUS : ROLE_TITLE, s, 1);
		tui_hit(t, y, x, cx, REQ_PICK_ITEM, ITEM_MODE + !f->server);
		free(s);
		return;
	}
	for (i = 0; i < 2; i++) {
		int used;

		s = xasprintf("(%s) %s", f->server == i ? "*" : " ", _(names[i]));
		used = tui_put(t, y, cx, x + w - cx,
		    f->focus == F_MODE && f->server == i ? ROLE_FIELD_FOCUS :
		    f->server == i ? ROLE_TITLE : ROLE_NORMAL, s, 1);
		tui_hit(t, y, cx, cx + used, REQ_PICK_ITEM, ITEM_MODE + i);
		cx += used + 3;
		free(s);
	}
}

/* The width of the label column for the labels shown. */
static int
label_width(const char *const *labels, size_t n)
{
	size_t i;
	int lw = 0;

	for (i = 0; i < n; i++)
		if (tw_width(_(labels[i])) > lw)
			lw = tw_width(_(labels[i]));
	return lw > 14 ? 16 : lw + 2;
}

/* "I am on the server": the port, the client's address, sudo.  Returns
 * the next row. */
static int
paint_server(tui *t, tui_form *f, int y, int x, int w, int roomy)
{
	static const char *const labels[] = {
		N_("Port"), N_("Client"), N_("sudo"),
	};
	int lw = label_width(labels, 3), fx = x + lw, fw = w - lw, fwid;
	const char *note;

	tui_put(t, y++, x, w, ROLE_TITLE, _("Check the SSH server on this "
	    "machine"), 1);
	if (roomy)
		y += tui_put_wrap(t, y, x, w, ROLE_DIM, _("For when you are "
		    "logged in on the server or at its console. The checks "
		    "read its daemon, firewall, access rules, load and logs; "
		    "nothing is changed."));
	y++;
	if (f->focus == F_PORT)
		f->focus_row = y;
	tui_put(t, y, x, lw, f->focus == F_PORT ? ROLE_KEY : ROLE_NORMAL,
	    _(labels[0]), 1);
	tui_hit(t, y, x, x + lw, REQ_PICK_FIELD, F_PORT);
	fwid = fw < 8 ? fw : 8;
	field_draw(t, &f->port, y, fx, fwid, f->focus == F_PORT, NULL);
	tui_hit(t, y, fx, fx + fwid, REQ_PICK_FIELD, F_PORT);
	/* TRANSLATORS: beside the port field of "I am on the server". */
	note = f->port.len == 0 ? _("the port clients connect to; default: 22") :
	    _("the port clients connect to");
	tui_put(t, y, fx + fwid + 2, fw - fwid - 2, ROLE_DIM, note, 1);
	y++;
	if (f->focus == F_CLIENT)
		f->focus_row = y;
	tui_put(t, y, x, lw, f->focus == F_CLIENT ? ROLE_KEY : ROLE_NORMAL,
	    _(labels[1]), 1);
	tui_hit(t, y, x, x + lw, REQ_PICK_FIELD, F_CLIENT);
	fwid = fw < 40 ? fw : 40;
	field_draw(t, &f->client, y, fx, fwid, f->focus == F_CLIENT, NULL);
	tui_hit(t, y, fx, fx + fwid, REQ_PICK_FIELD, F_CLIENT);
	y++;
	y += tui_put_wrap(t, y, fx, fw, ROLE_DIM, _("Optional: the IP address "
	    "the failing client connects from"));
	if (f->focus == F_SUDO)
		f->focus_row = y;
	tui_put(t, y, x, lw, f->focus == F_SUDO ? ROLE_KEY : ROLE_NORMAL,
	    _(labels[2]), 1);
	tui_hit(t, y, x, x + lw, REQ_PICK_ITEM, ITEM_SUDO);
	y += tui_checkbox(t, y, fx, fw, f->sudo, f->focus == F_SUDO,
	    _("Use sudo -n where a check needs root (it never prompts)"),
	    ITEM_SUDO);
	return y;
}

/* Diagnosing from here: host, port, user, how to sign in, the pasted
 * error.  Returns the next row. */
static int
paint_client(tui *t, tui_form *f, int y, int x, int w, int roomy)
{
	static const char *const labels[] = {
		N_("Host"), N_("Port"), N_("User"), N_("Sign in"),
		N_("Key file"), N_("Password"),
	};
	int lw = label_width(labels, sizeof(labels) / sizeof(labels[0]));
	int i, fx = x + lw, fw = w - lw;

	tui_put(t, y++, x, w, ROLE_TITLE, _("Which SSH connection fails?"), 1);
	if (roomy)
		tui_put(t, y++, x, w, ROLE_DIM, _("Type the host as you would "
		    "give it to ssh; everything else is optional."), 1);
	y++;

	for (i = F_HOST; i <= F_PASS; i++) {
		int row = y, on = field_enabled(f, i), fwid = fw;
		tui_field *fld = form_field(f, i);

		if (f->focus == i)
			f->focus_row = row;
		tui_put(t, row, x, lw, on ? (f->focus == i ? ROLE_KEY :
		    ROLE_NORMAL) : ROLE_DIM, _(labels[i - F_HOST]), 1);
		tui_hit(t, row, x, x + lw, REQ_PICK_FIELD, i);
		if (i == F_PORT)
			fwid = fw < 8 ? fw : 8;
		else if (i == F_USER)
			fwid = fw < 20 ? fw : 20;
		if (i == F_AUTH)
			draw_auth(t, f, row, fx, fw);
		else if (on) {
			field_draw(t, fld, row, fx, fwid, f->focus == i,
			    i == F_PASS && f->pass_kept ?
			    _("(the password given before)") : NULL);
			tui_hit(t, row, fx, fx + fwid, REQ_PICK_FIELD, i);
		} else
			tui_put(t, row, fx, fw, ROLE_DIM, "-", 0);
		if (i == F_PORT)
			draw_source(t, row, fx + fwid + 2, fw - fwid - 2,
			    f->port_cfg && !f->port.edited, f->port.len == 0,
			    "22");
		if (i == F_USER)
			draw_source(t, row, fx + fwid + 2, fw - fwid - 2,
			    f->user_cfg && !f->user.edited, f->user.len == 0,
			    f->login);
		y++;
		if (i == F_HOST) {
			draw_completion(t, f, y, fx, fw);
			y++;
		}
		if (i == F_KEY && f->key_cfg && !f->key.edited && on)
			tui_put(t, row, fx + fwid - 20 > fx ? fx + fwid - 20 : fx,
			    20, ROLE_NOTICE, _("from ~/.ssh/config"), 1);
	}
	y++;
	tui_put(t, y, x, w, f->focus == F_LOG ? ROLE_KEY : ROLE_NORMAL,
	    _("What did ssh say? Paste the error or the ssh -vvv output:"), 1);
	tui_hit(t, y, x, x + w, REQ_PICK_FIELD, F_LOG);
	y++;
	if (f->focus == F_LOG)
		f->focus_row = y;
	field_draw(t, &f->log, y, x, w, f->focus == F_LOG, NULL);
	tui_hit(t, y, x, x + w, REQ_PICK_FIELD, F_LOG);
	y++;
	draw_match(t, f, y++, x, w);
	return y;
}

static void
form_paint(tui *t, tui_rect r)
{
	tui_form *f = t->form;
	int i, y = r.y - f->scroll, x = r.x + 2, w = r.w - 4, roomy;
	char *s;

	roomy = r.h >= 19;
	if (roomy)
		y++;
	if (f->focus == F_MODE)
		f->focus_row = y;
	draw_mode(t, f, y++, x, w);
	y++;
	if (f->server)
		y = paint_server(t, f, y, x, w, roomy);
	else
		y = paint_client(t, f, y, x, w, roomy);
	if (roomy)
		y++;
	if (f->focus == F_START)
		f->focus_row = y;
	s = xasprintf("[ %s ]", _("Start the diagnosis"));
	i = tw_width(s);
	tui_put(t, y, x + (w - i) / 2, i, f->focus == F_START ?
	    ROLE_SELECTED : ROLE_TITLE, s, 1);
	tui_hit(t, y, x + (w - i) / 2, x + (w - i) / 2 + i, REQ_ENTER, 0);
	free(s);
}

/* Paints the form scrolled so the focused field shows: a first pass with
 * nothing drawn finds where it falls. */
static void
target_draw(tui *t, tui_rect r)
{
	tui_form *f = t->form;
	int y0 = t->clip_y0, y1 = t->clip_y1;

	t->clip_y0 = t->clip_y1 = 0;
	f->focus_row = r.y;
	form_paint(t, r);
	if (f->focus_row < r.y)
		f->scroll -= r.y - f->focus_row;
	else if (f->focus_row >= r.y + r.h)
		f->scroll += f->focus_row - (r.y + r.h - 1);
	if (f->focus == F_HOST || f->focus == F_MODE)
		f->scroll = 0;
	if (f->scroll < 0)
		f->scroll = 0;
	t->clip_y0 = y0;
	t->clip_y1 = y1;
	t->cur_y = t->cur_x = -1;
	form_paint(t, r);
}

/* ---- Keys ---- */

static int
target_key(tui *t, const tui_key *k)
{
	tui_form *f = t->form;
	tui_field *fld = form_field(f, f->focus);

	if (f->submit_job != NULL)
		return 1;	/* the target is being resolved */
	if (k->fn && k->ch == KEY_BTAB) {
		if (f->focus == F_HOST && f->comp_prefix != NULL &&
		    comp_next(f, -1))
			return 1;
		form_move(t, -1);
		return 1;
	}
	if (!k->fn && k->ch == '\t' && !(f->focus == F_LOG && k->more)) {
		if (f->focus == F_HOST && comp_next(f, 1))
			return 1;
		form_move(t, 1);
		return 1;
	}
	if (f->focus == F_MODE || f->focus == F_SUDO) {
		int *v = f->focus == F_MODE ? &f->server : &f->sudo;

		if ((k->fn && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) ||
		    (!k->fn && k->ch == ' ')) {
			*v = !*v;
			return 1;
		}
		return 0;
	}
	if (f->focus == F_AUTH) {
		int a = -1;

		if (k->fn && k->ch == KEY_LEFT)
			a = (f->auth + AUTH_COUNT - 1) % AUTH_COUNT;
		else if ((k->fn && k->ch == KEY_RIGHT) || (!k->fn && k->ch == ' '))
			a = (f->auth + 1) % AUTH_COUNT;
		else if (!k->fn && (k->ch == 'a' || k->ch == 'k' || k->ch == 'p'))
			a = k->ch == 'a' ? AUTH_AGENT : k->ch == 'k' ?
			    AUTH_KEY : AUTH_PASSWORD;
		if (a < 0)
			return 0;
		f->auth = a;
		f->auth_touched = 1;
		return 1;
	}
	if (f->focus == F_START) {
		if (!k->fn && k->ch == ' ') {
			form_submit(t);
			return 1;
		}
		return 0;
	}
	if (fld == NULL)
		return 0;
	if (field_key(fld, k)) {
		if (f->focus == F_HOST)
			comp_reset(f);
		return 1;
	}
	return 0;
}

static int
target_request(tui *t, tui_request req, int arg)
{
	tui_form *f = t->form;

	if (f->submit_job != NULL)
		return 1;	/* the target is being resolved */
	switch (req) {
	case REQ_UP:
		form_move(t, -1);
		return 1;
	case REQ_DOWN:
	case REQ_FOCUS:
		form_move(t, 1);
		return 1;
	case REQ_ENTER:
		form_submit(t);
		return 1;
	case REQ_PICK_FIELD:
		if (arg >= 0 && arg < F_COUNT && field_enabled(f, arg))
			form_focus(t, arg);
		return 1;
	case REQ_PICK_ITEM:
		if (arg >= ITEM_COMP) {
			const char *c[COMP_MAX];
			size_t n = comp_candidates(f, f->comp_prefix ?
			    f->comp_prefix : f->host.buf, c, COMP_MAX);

			if ((size_t)(arg - ITEM_COMP) < n) {
				field_set(&f->host, c[arg - ITEM_COMP]);
				f->host.edited = 1;
				comp_reset(f);
			}
		} else if (arg >= ITEM_AUTH && arg < ITEM_AUTH + AUTH_COUNT) {
			f->auth = arg - ITEM_AUTH;
			f->auth_touched = 1;
			form_focus(t, F_AUTH);
		} else if (arg == ITEM_MODE || arg == ITEM_MODE + 1) {
			f->server = arg - ITEM_MODE;
			form_focus(t, F_MODE);
		} else if (arg == ITEM_SUDO) {
			f->sudo = !f->sudo;
			form_focus(t, F_SUDO);
		}
		return 1;
	case REQ_BACK:
	case REQ_RERUN:
	case REQ_DETAILS:
	case REQ_COPY:
	case REQ_NEW:
		return 1;
	default:
		return 0;
	}
}

static size_t
target_hints(tui *t, tui_request *out, size_t max)
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

const tui_screen_ops tui_screen_target = {
	.name = "target",
	.draw = target_draw,
	.key = target_key,
	.request = target_request,
	.hints = target_hints,
};
