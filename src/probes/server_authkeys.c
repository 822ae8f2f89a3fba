/* server.authkeys: would sshd take the client's key for this user?
 * Checked on the server as sshd checks a public key (OpenSSH 9's
 * userauth_pubkey and auth2-pubkeyfile.c), for the keys the client offers:
 *
 *   1. the signature algorithm the user's ssh sends for the key (RSA keys
 *      sign with rsa-sha2-512/256, certificates with the -cert-v01 names)
 *      against the effective PubkeyAcceptedAlgorithms for this connection
 *      (`sshd -T -C user=U,host=H,addr=IP`);
 *   2. every AuthorizedKeysFile of the user (%h, %u, %% expanded, relative
 *      paths from the home folder), read and parsed as sshd reads it, for
 *      the key (a certificate: for its CA on a cert-authority line);
 *   3. the options of the line that holds it: from= against the client's
 *      address, expiry-time against now, a line sshd skips (bad options),
 *      a cert-authority line for a plain key; restrict, command= and no-pty
 *      do not stop a login but change the session, and are said.
 *
 * The keys come from the client's walk (ssh.auth's "client.offered_key",
 * see probe.h) or from --key on the server.  sshd's own log lines for the
 * user are quoted.  The AuthorizedKeysCommand is never run: it is named. */
#include "config.h"

#include "core/i18n.h"
#include "core/shquote.h"
#include "core/util.h"
#include "probes/authkeys.h"
#include "probes/probes.h"
#include "probes/server.h"
#include "probes/ssh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const authkeys_cmds[] = {
	"%D -T -C %C -f %P",
	"%D -T -C %C",
	NULL,
};

/* The most keys looked for, and authorized_keys files read. */
#define KEYS_MAX 32
#define FILES_MAX 16

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("sshd would take a key the client offers") },
	{ "no_user", SW_STATE_INFO, N_("no user to check (give -l USER)") },
	{ "no_key", SW_STATE_INFO,
	  N_("no client key to look for (give --key)") },
	{ "type_rejected", SW_STATE_FAIL,
	  N_("sshd does not accept the key's type") },
	{ "not_authorized", SW_STATE_FAIL,
	  N_("the key is not in the user's authorized_keys") },
	{ "from_denied", SW_STATE_FAIL,
	  N_("the key's from= option leaves the client's address out") },
	{ "expired", SW_STATE_FAIL,
	  N_("the key's expiry-time has passed") },
	{ "line_skipped", SW_STATE_FAIL,
	  N_("sshd skips the line that holds the key") },
	{ "ca_line", SW_STATE_FAIL,
	  N_("the key is listed only as a certificate authority") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

/* Why a line that holds the key does not let it in. */
enum block { B_NONE, B_EXPIRED, B_FROM, B_SKIPPED, B_CA };

/* One client key and what was found for it. */
typedef struct want {
	ak_key k;
	const char *alg;	/* what ssh signs with, or NULL */
	char algbuf[128];
	int type_ok;		/* 1 accepted, 0 not, -1 unknown */
	int authorized;		/* a line lets it in */
	char *found_at;		/* FILE:LINE of that line, or of the first
				 * line that holds it */
	const ak_entry *line;	/* that line (points into files) */
	const char *file;
	enum block block;	/* why the first line does not let it in */
} want;

/* One AuthorizedKeysFile. */
typedef struct keyfile {
	char *path;
	ak_file f;
	int read;		/* 0 read, else a HOST_E* code */
} keyfile;

typedef struct state {
	want w[KEYS_MAX];
	size_t n;
	keyfile kf[FILES_MAX];
	size_t nf;
	srv_account a;
	char *T;
	char *config;		/* the daemon's sshd_config, or NULL */
	char *accepted;		/* pubkeyacceptedalgorithms */
	const char *user;
	const char *ip;
	int unreadable;		/* a file could not be read */
} state;

/* ---- The keys to look for ---- */

static void
want_add(sw_probe_ctx *ctx, state *s, const char *line, const char *from)
{
	want *w;

	if (s->n >= KEYS_MAX)
		return;
	w = &s->w[s->n];
	memset(w, 0, sizeof(*w));
	if (ak_key_parse(line, &w->k) != 0) {
		evidence_add(&ctx->evidence, "unusable_key", "%s: not a public "
		    "key this check can read", from);
		return;
	}
	w->type_ok = -1;
	s->n++;
	if (w->k.type == NULL)
		evidence_add(&ctx->evidence, "key", "%s (only the fingerprint "
		    "was given)", w->k.fp);
	else
		evidence_add(&ctx->evidence, "key", "%s: %s %s", w->k.label,
		    w->k.type, w->k.fp);
}

static void
keys_collect(sw_probe_ctx *ctx, state *s)
{
	const sw_target *t = ctx->target;
	size_t i;

	for (i = 0; t != NULL && i < t->n_check_keys; i++)
		want_add(ctx, s, t->check_keys[i], "--key");
	for (i = 0; i < ctx->walk.n; i++)
		if (strcmp(ctx->walk.v[i].key, "client.offered_key") == 0)
			want_add(ctx, s, ctx->walk.v[i].value,
			    "a key ssh offers");
}

/* ---- 1. The algorithm ---- */

static void
check_types(sw_probe_ctx *ctx, state *s)
{
	const char *client = ctx->target != NULL &&
	    host_kind(ctx->target->server) == SW_HOST_VIA ?
	    ctx->target->pubkey_accepted_algorithms : NULL;
	size_t i;

	evidence_add(&ctx->evidence, "accepted_algorithms", "%s", s->accepted);
	for (i = 0; i < s->n; i++) {
		want *w = &s->w[i];

		if (w->k.type == NULL)
			continue;
		w->alg = ak_client_alg(w->k.type, client, w->algbuf,
		    sizeof(w->algbuf));
		if (w->alg == NULL) {
			evidence_add(&ctx->evidence, "note", "%s: the client's "
			    "own PubkeyAcceptedAlgorithms leaves this key out: "
			    "ssh does not offer it", w->k.label);
			continue;
		}
		w->type_ok = ak_match_list(w->alg, s->accepted) == 1;
		evidence_add(&ctx->evidence, "key_alg", "%s: ssh signs with %s%s, "
		    "which %s in PubkeyAcceptedAlgorithms", w->k.label, w->alg,
		    client == NULL && strcmp(w->alg, w->k.type) != 0 ?
		    " (an OpenSSH client's default)" : "",
		    w->type_ok ? "is" : "is not");
	}
}

/* ---- 2. The files ---- */

static void
files_read(sw_probe_ctx *ctx, sw_host *h, state *s, const char *patterns)
{
	char *copy = xstrdup(patterns), *save = NULL, *word;

	for (word = strtok_r(copy, " ", &save); word != NULL &&
	    s->nf < FILES_MAX; word = strtok_r(NULL, " ", &save)) {
		char *path = srv_expand_keys_file(word, s->user, s->a.home);
		keyfile *kf;
		char *text = NULL;
		size_t len = 0;

		if (strcmp(word, "none") == 0) {
			free(path);
			continue;
		}
		if (path == NULL || !host_path_ok(path)) {
			evidence_add(&ctx->evidence, "keys_file", "%s: not read "
			    "(a token or character this check does not "
			    "expand)", word);
			free(path);
			continue;
		}
		kf = &s->kf[s->nf++];
		kf->path = path;
		kf->read = host_read_file(h, ctx, path, SRV_FILE_MAX, &text,
		    &len);
		if (kf->read == 0) {
			ak_parse(text, len, &kf->f);
			evidence_add(&ctx->evidence, "keys_file", "%s: %zu key "
			    "line(s) in %zu line(s)%s%s", path, kf->f.n,
			    kf->f.lines, kf->f.cut ? ", the rest not read" : "",
			    kf->f.long_lines > 0 ? ", overlong lines skipped" :
			    "");
		} else if (kf->read == HOST_ENOENT)
			evidence_add(&ctx->evidence, "keys_file", "%s: does not "
			    "exist", path);
		else {
			char *cmd = xasprintf("sudo cat %s", path);

			s->unreadable = 1;
			srv_unchecked(ctx, path, kf->read, cmd);
			free(cmd);
		}
		free(text);
	}
	free(copy);
}

/* ---- 3. The lines and their options ---- */

/* Does line e let key k in, as auth_check_authkey_line decides?  B_NONE
 * when it does. */
static enum block
line_verdict(const state *s, const ak_entry *e, const ak_key *k, int *holds)
{
	int cert = k->ca_blob != NULL;
	ak_key ca;

	*holds = 0;
	if (cert) {
		memset(&ca, 0, sizeof(ca));
		ca.blob = k->ca_blob;
		ca.blob_len = k->ca_blob_len;
		ca.fp = k->ca_fp;
		if (!ak_entry_is_key(e, &ca))
			return B_NONE;
	} else if (!ak_entry_is_key(e, k))
		return B_NONE;
	*holds = 1;
	if (e->error != NULL)
		return B_SKIPPED;
	if (!cert && e->opts.cert_authority)
		return B_CA;
	if (cert && !e->opts.cert_authority)
		return B_CA;	/* the CA key as a plain key: no use */
	if (e->opts.expiry != 0 && e->opts.expiry < (uint64_t)time(NULL))
		return B_EXPIRED;
	/* With UseDNS no (the default) sshd's host name is the address. */
	if (e->opts.from != NULL &&
	    ak_from_match(s->ip, s->ip, e->opts.from) != 1)
		return B_FROM;
	return B_NONE;
}

static void
find_keys(state *s)
{
	size_t i, f, j;

	for (i = 0; i < s->n; i++) {
		want *w = &s->w[i];

		for (f = 0; f < s->nf && !w->authorized; f++)
			for (j = 0; j < s->kf[f].f.n && !w->authorized; j++) {
				const ak_entry *e = &s->kf[f].f.v[j];
				int holds;
				enum block b = line_verdict(s, e, &w->k, &holds);

				if (!holds)
					continue;
				if (b == B_NONE)
					w->authorized = 1;
				/* the line that lets it in, else the first
				 * that holds it */
				if (b == B_NONE || w->line == NULL) {
					free(w->found_at);
					w->found_at = xasprintf("%s:%zu",
					    s->kf[f].path, e->line);
					w->line = e;
					w->file = s->kf[f].path;
					w->block = b;
				}
			}
	}
}

/* A key known only by its fingerprint (--key SHA256:...) gets its type
 * from the line that holds it. */
static void
types_from_lines(sw_probe_ctx *ctx, state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		want *w = &s->w[i];

		if (w->k.type != NULL || w->line == NULL ||
		    w->line->type == NULL)
			continue;
		w->alg = ak_client_alg(w->line->type, NULL, w->algbuf,
		    sizeof(w->algbuf));
		w->k.type = xstrdup(w->line->type);
		w->type_ok = ak_match_list(w->alg, s->accepted) == 1;
		evidence_add(&ctx->evidence, "key_alg", "%s: a %s key (from "
		    "%s); an OpenSSH client signs with %s, which %s in "
		    "PubkeyAcceptedAlgorithms", w->k.label, w->k.type,
		    w->found_at, w->alg, w->type_ok ? "is" : "is not");
	}
}

/* ---- Fixes, built from the real values ---- */

/* s escaped for a sed basic regular expression (rep: for the
 * replacement), with '/' as the delimiter.  Caller frees. */
static char *
sed_escape(const char *s, int rep)
{
	sbuf b = { 0 };

	for (; *s != '\0'; s++) {
		if (rep ? strchr("\\/&", *s) != NULL :
		    strchr("\\/.*[]^$", *s) != NULL)
			sbuf_addc(&b, '\\');
		sbuf_addc(&b, *s);
	}
	sbuf_addc(&b, '\0');
	return sbuf_steal(&b);
}

/* sudo sed -i 'LINEs/OLD/NEW/' FILE, recorded as evidence key. */
static void
sed_fix(sw_probe_ctx *ctx, const char *key, const want *w, const char *old,
    const char *new)
{
	char *eo = sed_escape(old, 0), *en = sed_escape(new, 1);
	char *expr = xasprintf("%zus/%s/%s/", w->line->line, eo, en);
	sbuf b = { 0 };

	shell_add_word(&b, "sudo");
	shell_add_word(&b, "sed");
	shell_add_word(&b, "-i");
	shell_add_word(&b, expr);
	shell_add_word(&b, w->file);
	evidence_add(&ctx->evidence, key, "%s", b.s);
	sbuf_free(&b);
	free(expr);
	free(eo);
	free(en);
}

/* The line with the key appended to the first AuthorizedKeysFile, with the
 * owner and mode sshd wants. */
static void
append_fix(sw_probe_ctx *ctx, const state *s, const want *w)
{
	const char *file = s->nf > 0 ? s->kf[0].path : NULL;
	char *line, *slash, *dir, *owner, uid[24], gid[24];
	sbuf b = { 0 };

	if (file == NULL || w->k.b64 == NULL || !s->a.found)
		return;
	if (w->k.ca_blob != NULL) {
		/* a certificate: its authority, marked as one (sshd then
		 * checks the certificate's principals against the user) */
		char *ca = sshp_b64_encode(w->k.ca_blob, w->k.ca_blob_len);

		line = xasprintf("cert-authority %s %s", w->k.ca_type, ca);
		free(ca);
	} else
		line = xasprintf("%s %s", w->k.type, w->k.b64);
	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir)
		*slash = '\0';
	snprintf(uid, sizeof(uid), "%ld", s->a.uid);
	snprintf(gid, sizeof(gid), "%ld", s->a.gid);
	owner = xasprintf("%s:%s", uid, gid);
	/* The folder when it is missing, as ssh-copy-id makes it. */
	if (s->kf[0].read == HOST_ENOENT) {
		shell_add_word(&b, "sudo");
		shell_add_word(&b, "install");
		shell_add_word(&b, "-d");
		shell_add_word(&b, "-m");
		shell_add_word(&b, "700");
		shell_add_word(&b, "-o");
		shell_add_word(&b, uid);
		shell_add_word(&b, "-g");
		shell_add_word(&b, gid);
		shell_add_word(&b, dir);
		sbuf_add(&b, " &&");
	}
	shell_add_word(&b, "printf");
	shell_add_word(&b, "%s\\n");
	shell_add_word(&b, line);
	sbuf_add(&b, " | sudo tee -a");
	shell_add_word(&b, file);
	sbuf_add(&b, " >/dev/null && sudo chown");
	shell_add_word(&b, owner);
	shell_add_word(&b, file);
	sbuf_add(&b, " && sudo chmod 600");
	shell_add_word(&b, file);
	evidence_add(&ctx->evidence, "append_cmd", "%s", b.s);
	evidence_add(&ctx->evidence, "fix_file", "%s", file);
	sbuf_free(&b);
	free(owner);
	free(dir);
	free(line);
}

/* The path of a key's .pub file on the client, when the label is one. */
static char *
pub_path(const want *w)
{
	const char *l = w->k.label;
	size_t n = l != NULL ? strlen(l) : 0;

	if (n == 0 || l[0] != '/' || strchr(l, ' ') != NULL)
		return NULL;
	if (n > 4 && strcmp(l + n - 4, ".pub") == 0)
		return xstrdup(l);
	return xasprintf("%s.pub", l);
}

/* ssh-copy-id from the client, to the target the client walk checks
 * (--via only): into the user's first AuthorizedKeysFile, with -t when it
 * is not ~/.ssh/authorized_keys, where ssh-copy-id writes by default. */
static void
copy_id_fix(sw_probe_ctx *ctx, const state *s, const char *pub)
{
	const sw_target *t = ctx->target;
	char port[16], *dest, *dflt;
	sbuf b = { 0 };

	if (pub == NULL || t == NULL || t->host == NULL || t->user == NULL ||
	    host_kind(t->server) != SW_HOST_VIA || s->nf == 0 || !s->a.found)
		return;
	snprintf(port, sizeof(port), "%d", t->port);
	dest = xasprintf("%s@%s", t->user, t->host);
	dflt = xasprintf("%s/.ssh/authorized_keys", s->a.home);
	shell_add_word(&b, "ssh-copy-id");
	shell_add_word(&b, "-i");
	shell_add_word(&b, pub);
	if (strcmp(s->kf[0].path, dflt) != 0) {
		shell_add_word(&b, "-t");
		shell_add_word(&b, s->kf[0].path);
	}
	shell_add_word(&b, "-p");
	shell_add_word(&b, port);
	shell_add_word(&b, dest);
	evidence_add(&ctx->evidence, "copy_id_cmd", "%s", b.s);
	sbuf_free(&b);
	free(dflt);
	free(dest);
}

/* ---- Verdicts ---- */

/* Where PubkeyAcceptedAlgorithms is set for this connection ("config_line",
 * FILE:LINE as sshd reads its files) and the command that adds alg to it
 * there ("sshd_fix_cmd"). */
static void
say_config_line(sw_probe_ctx *ctx, sw_host *h, const state *s,
    const char *new_text)
{
	srv_sshd_config cfg;
	srv_conn conn;
	const srv_cfg_line *l;
	int have = -1;

	memset(&cfg, 0, sizeof(cfg));
	memset(&conn, 0, sizeof(conn));
	conn.user = s->user;
	conn.host = conn.addr = s->ip;
	conn.laddr = srv_target_ip(ctx);
	conn.lport = srv_port(ctx);
	if (s->config != NULL && host_path_ok(s->config))
		have = srv_sshd_config_read(ctx, h, s->config, &cfg);
	l = srv_config_note_where(ctx, "config_line", have == 0 ? &cfg : NULL,
	    "PubkeyAcceptedAlgorithms", &conn, s->accepted);
	if (l != NULL) {
		char *cmd = srv_config_edit_cmd(&cfg, l, new_text);

		if (cmd != NULL)
			evidence_add(&ctx->evidence, "sshd_fix_cmd", "%s", cmd);
		free(cmd);
	}
	srv_sshd_config_clear(&cfg);
}

static const char *
say_type_rejected(sw_probe_ctx *ctx, sw_host *h, const state *s,
    const want *w)
{
	const char *kt = ak_keygen_type(s->accepted);
	char *dir = NULL, *newkey, *slash, *line;
	sbuf b = { 0 };

	evidence_add(&ctx->evidence, "rejected_key", "%s (%s %s)", w->k.label,
	    w->k.type, w->k.fp);
	evidence_add(&ctx->evidence, "rejected_alg", "%s", w->alg);
	line = xasprintf("PubkeyAcceptedAlgorithms %s%s%s", s->accepted,
	    *s->accepted != '\0' ? "," : "", w->alg);
	evidence_add(&ctx->evidence, "new_config_line", "%s", line);
	say_config_line(ctx, h, s, line);
	free(line);
	if (w->found_at != NULL && w->block == B_NONE)
		evidence_add(&ctx->evidence, "found_at", "%s", w->found_at);
	if (kt == NULL)
		return "type_rejected";
	/* A new key beside the refused one (the client's ~/.ssh). */
	if (w->k.label != NULL && w->k.label[0] == '/' &&
	    (slash = strrchr(w->k.label, '/')) != NULL)
		dir = xstrndup(w->k.label, (size_t)(slash - w->k.label));
	newkey = xasprintf("%s/id_%.*s", dir != NULL ? dir : "~/.ssh",
	    (int)strcspn(kt, " "), kt);
	sbuf_addf(&b, "ssh-keygen -t %s -f ", kt);
	if (dir != NULL) {
		char *q = shell_quote(newkey);

		sbuf_add(&b, q);
		free(q);
	} else
		sbuf_add(&b, newkey);	/* ~ for the shell to expand */
	evidence_add(&ctx->evidence, "keygen_cmd", "%s", b.s);
	evidence_add(&ctx->evidence, "new_key", "%s", newkey);
	if (dir != NULL) {
		char *pub = xasprintf("%s.pub", newkey);

		copy_id_fix(ctx, s, pub);
		free(pub);
	}
	sbuf_free(&b);
	free(newkey);
	free(dir);
	return "type_rejected";
}

static const char *
say_blocked(sw_probe_ctx *ctx, const state *s, const want *w)
{
	const ak_entry *e = w->line;
	char *opts = e->opts_text != NULL ? sw_escape_bytes(
	    (const unsigned char *)e->opts_text, strlen(e->opts_text), 1024) :
	    NULL;

	evidence_add(&ctx->evidence, "found_at", "%s", w->found_at);
	evidence_add(&ctx->evidence, "blocked_key", "%s (%s)", w->k.label,
	    w->k.fp);
	if (opts != NULL)
		evidence_add(&ctx->evidence, "key_options", "%s", opts);
	free(opts);
	switch (w->block) {
	case B_EXPIRED: {
		char when[64];
		time_t t = (time_t)e->opts.expiry;
		struct tm tm;

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
		    gmtime_r(&t, &tm));
		evidence_add(&ctx->evidence, "expiry", "expiry-time=\"%s\": "
		    "%s, passed%s", e->opts.expiry_text, when,
		    e->opts.expiry_local ? " (no Z: read in the server's "
		    "local time)" : "");
		if (e->opts.expiry_text != NULL &&
		    strchr(e->opts_text, '\\') == NULL) {
			char *opt = xasprintf("expiry-time=\"%s\"",
			    e->opts.expiry_text), *with;

			/* one option among others, or the only one */
			with = xasprintf("%s,", opt);
			if (strstr(e->opts_text, with) != NULL)
				sed_fix(ctx, "fix_cmd", w, with, "");
			else {
				free(with);
				with = xasprintf(",%s", opt);
				if (strstr(e->opts_text, with) != NULL)
					sed_fix(ctx, "fix_cmd", w, with, "");
				else if (strcmp(e->opts_text, opt) == 0) {
					free(with);
					with = xasprintf("%s ", opt);
					sed_fix(ctx, "fix_cmd", w, with, "");
				}
			}
			free(with);
			free(opt);
		}
		return "expired";
	}
	case B_FROM: {
		char *from = sw_escape_bytes((const unsigned char *)e->opts.from,
		    strlen(e->opts.from), 1024);

		evidence_add(&ctx->evidence, "from", "from=\"%s\" does not "
		    "let %s in", from, s->ip != NULL ? s->ip :
		    "the client's address (unknown: give --client)");
		if (s->ip != NULL && strcmp(from, e->opts.from) == 0 &&
		    strpbrk(e->opts.from, "\"\\") == NULL) {
			char *old = xasprintf("from=\"%s\"", e->opts.from);
			char *new = xasprintf("from=\"%s,%s\"", e->opts.from,
			    s->ip);

			sed_fix(ctx, "fix_cmd", w, old, new);
			free(old);
			free(new);
		}
		free(from);
		return "from_denied";
	}
	case B_SKIPPED: {
		char *expr = xasprintf("%zup", e->line);
		sbuf b = { 0 };

		evidence_add(&ctx->evidence, "line_error", "%s", e->error);
		shell_add_word(&b, "sudo");
		shell_add_word(&b, "sed");
		shell_add_word(&b, "-n");
		shell_add_word(&b, expr);
		shell_add_word(&b, w->file);
		evidence_add(&ctx->evidence, "show_cmd", "%s", b.s);
		sbuf_free(&b);
		free(expr);
		return "line_skipped";
	}
	case B_CA:
	default:
		append_fix(ctx, s, w);
		return "ca_line";
	}
}

static const char *
say_not_found(sw_probe_ctx *ctx, sw_host *h, const state *s)
{
	const want *w = &s->w[0];
	char *cmd = srv_T_value(s->T, "authorizedkeyscommand");
	char *cmd_user = srv_T_value(s->T, "authorizedkeyscommanduser");
	const char *res = "not_authorized";
	char *pub;
	size_t i;

	(void)h;
	for (i = 0; i < s->n; i++)
		evidence_add(&ctx->evidence, "missing_key", "%s (%s)",
		    s->w[i].k.label, s->w[i].k.fp);
	if (cmd != NULL && strcmp(cmd, "none") != 0) {
		evidence_add(&ctx->evidence, "keys_command", "sshd also runs "
		    "AuthorizedKeysCommand %s (as %s) for the keys; it is "
		    "not run here, so it may still hold the key", cmd,
		    cmd_user != NULL ? cmd_user : "?");
		res = "unchecked";
	} else if (s->unreadable)
		res = "unchecked";
	/* The first key ssh offers whose public line is known. */
	for (i = 0; i < s->n; i++)
		if (s->w[i].k.b64 != NULL && s->w[i].type_ok != 0) {
			w = &s->w[i];
			break;
		}
	append_fix(ctx, s, w);
	pub = pub_path(w);
	copy_id_fix(ctx, s, pub);
	if (pub != NULL)
		evidence_add(&ctx->evidence, "key_pub", "%s", pub);
	free(pub);
	free(cmd);
	free(cmd_user);
	return res;
}

/* What an authorized line does to the session (restrict, command=). */
static void
say_session(sw_probe_ctx *ctx, const want *w)
{
	const ak_opts *o = &w->line->opts;

	evidence_add(&ctx->evidence, "found_at", "%s", w->found_at);
	if (o->command != NULL)
		evidence_add(&ctx->evidence, "key_options", "command=\"%s\": "
		    "every login with this key runs that command instead of "
		    "the shell", o->command);
	if (o->restrict_)
		evidence_add(&ctx->evidence, "key_options", "restrict: no "
		    "forwarding%s with this key", o->pty ? "" : " and no "
		    "terminal");
	else if (!o->pty)
		evidence_add(&ctx->evidence, "key_options", "no-pty: logins "
		    "with this key get no terminal");
	if (!o->restrict_ && (!o->port_fwd || !o->agent_fwd || !o->x11_fwd))
		evidence_add(&ctx->evidence, "key_options", "some forwarding "
		    "is turned off for this key");
}

static const char *
decide(sw_probe_ctx *ctx, sw_host *h, state *s)
{
	size_t i;

	/* sshd takes the first key ssh offers that passes both checks. */
	for (i = 0; i < s->n; i++)
		if (s->w[i].authorized && s->w[i].type_ok != 0) {
			say_session(ctx, &s->w[i]);
			evidence_add(&ctx->evidence, "accepted_key", "%s (%s)",
			    s->w[i].k.label, s->w[i].k.fp);
			return "ok";
		}
	/* A key the file lets in, refused for its type; else every key of a
	 * type sshd refuses. */
	for (i = 0; i < s->n; i++)
		if (s->w[i].authorized && s->w[i].type_ok == 0)
			return say_type_rejected(ctx, h, s, &s->w[i]);
	for (i = 0; i < s->n; i++)
		if (s->w[i].type_ok != 0)
			break;
	if (i == s->n && s->n > 0 && s->w[0].type_ok == 0)
		return say_type_rejected(ctx, h, s, &s->w[0]);
	/* A line that holds the key but does not let it in. */
	for (i = 0; i < s->n; i++)
		if (s->w[i].line != NULL && s->w[i].type_ok != 0)
			return say_blocked(ctx, s, &s->w[i]);
	return say_not_found(ctx, h, s);
}

static void
state_clear(state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		ak_key_clear(&s->w[i].k);
		free(s->w[i].found_at);
	}
	for (i = 0; i < s->nf; i++) {
		free(s->kf[i].path);
		ak_file_clear(&s->kf[i].f);
	}
	srv_account_clear(&s->a);
	free(s->T);
	free(s->config);
	free(s->accepted);
}

static const char *
check(sw_probe_ctx *ctx, sw_host *h, state *s)
{
	char *text = NULL, *v = NULL;
	size_t len;
	int rc;

	rc = host_read_file(h, ctx, "/etc/passwd", 4u << 20, &text, &len);
	if (rc != 0 || srv_passwd_find(text, s->user, &s->a) != 0) {
		if (rc != 0)
			srv_unchecked(ctx, "/etc/passwd", rc, NULL);
		else
			evidence_add(&ctx->evidence, "unchecked", "%s is not in "
			    "/etc/passwd", s->user);
		free(text);
		return "unchecked";
	}
	free(text);
	if ((s->T = srv_sshd_T(ctx, h, s->user, authkeys_cmds, &s->config)) == NULL)
		return "unchecked";
	if ((v = srv_T_value(s->T, "pubkeyauthentication")) != NULL &&
	    strcmp(v, "no") == 0) {
		evidence_add(&ctx->evidence, "unchecked", "PubkeyAuthentication "
		    "is no for this connection: sshd takes no key at all");
		free(v);
		return "unchecked";
	}
	free(v);
	s->accepted = srv_T_value(s->T, "pubkeyacceptedalgorithms");
	if (s->accepted == NULL)
		s->accepted = xstrdup("");
	check_types(ctx, s);
	if ((v = srv_T_value(s->T, "usedns")) != NULL && strcmp(v, "yes") == 0)
		evidence_add(&ctx->evidence, "note", "UseDNS yes: from= host "
		    "name patterns are matched against the address only here");
	free(v);
	if ((v = srv_T_value(s->T, "authorizedkeysfile")) != NULL)
		files_read(ctx, h, s, v);
	free(v);
	find_keys(s);
	types_from_lines(ctx, s);
	return decide(ctx, h, s);
}

static const char *
authkeys_run(sw_probe_ctx *ctx)
{
	static const char *const why[] = { "Failed publickey for",
		"Authentication tried for",
		"Connection closed by authenticating user", NULL };
	static const char *const near[] = { "not in PubkeyAccepted",
		"Refused by key options", "bad key options",
		"Authentication refused", NULL };
	state s;
	sw_host *h;
	const char *res;

	memset(&s, 0, sizeof(s));
	if ((res = srv_login_user(ctx, &h, &s.user)) != NULL)
		return res;
	s.ip = srv_client_ip(ctx);
	keys_collect(ctx, &s);
	if (s.n == 0) {
		evidence_add(&ctx->evidence, "note", "no client key to look "
		    "for: on the server, give the key with --key FILE.pub or "
		    "--key SHA256:...");
		srv_note(ctx, "authkeys", SW_STATE_WARN, "no client key was "
		    "given: authorized_keys was not searched (--key)");
		return "no_key";
	}
	res = check(ctx, h, &s);
	if (strcmp(res, "ok") != 0 && strcmp(res, "no_key") != 0)
		srv_quote_log(ctx, h, s.user, why, near);
	if (strcmp(res, "ok") == 0)
		srv_note(ctx, "authkeys", SW_STATE_PASS, "sshd would take a "
		    "key %s offers", s.user);
	else if (strcmp(res, "unchecked") == 0)
		srv_note(ctx, "authkeys", SW_STATE_UNCHECKED, "whether sshd "
		    "takes the key of %s", s.user);
	else
		srv_note(ctx, "authkeys", SW_STATE_FAIL, "%s: %s", s.user, res);
	state_clear(&s);
	return res;
}

static const char *const evidence_keys[] = {
	"user", "note", "unchecked", "run_instead", "effective_config",
	"checked_on", "key", "unusable_key", "accepted_algorithms", "key_alg",
	"keys_file", "rejected_key", "rejected_alg", "config_line",
	"new_config_line", "sshd_fix_cmd", "config_note",
	"keygen_cmd", "new_key", "copy_id_cmd", "append_cmd", "fix_file",
	"found_at", "blocked_key", "key_options", "expiry", "from",
	"fix_cmd", "line_error", "missing_key", "keys_command", "key_pub",
	"accepted_key", "sshd_said", "show_cmd", NULL,
};

const sw_probe_def probe_server_authkeys = {
	.name = "server.authkeys",
	.title = N_("Would sshd take the client's key?"),
	.outcomes = outcomes,
	.run = authkeys_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
