/* ssh.witness: does the user's own ssh work on this target?
 *
 * Runs the real ssh client non-interactively with the user's words (the
 * same host, -p, -l, -i, -F and known_hosts as the diagnosis) and -vvv,
 * remote command `true`, bounded in time and output.  The engine starts it
 * early, once the walk's TCP connection succeeded (.early, .early_after),
 * and the walk adopts its result where the tree asks for it: before the
 * verdict "ok", so that "ok" means "your ssh works".  When ssh fails, what it printed is classified with the
 * table of known messages (data/messages.yaml, field `witness`).
 *
 * A password reaches ssh only through an askpass helper that reads it from
 * a FIFO in a private directory (SSH_ASKPASS_REQUIRE=force): never through
 * argv, the environment or a file with content on disk. */
#include "config.h"

#include "core/i18n.h"
#include "core/logmatch.h"
#include "core/paths.h"
#include "core/proc.h"
#include "core/shquote.h"
#include "core/util.h"
#include "probes/probes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What is kept of ssh's output. */
#define OUT_MAX (16 * 1024)
#define ERR_MAX (512 * 1024)
/* Bytes of ssh's own last lines kept in the evidence. */
#define SAID_MAX 600
/* The most words of the command line. */
#define ARGV_MAX 64

static const sw_outcome outcomes[] = {
	{ "works", SW_STATE_PASS, N_("your ssh logs in and runs a command") },
	{ "config", SW_STATE_FAIL,
	  N_("your ssh refuses its configuration or the command line") },
	{ "key", SW_STATE_FAIL, N_("your ssh does not use a key") },
	{ "hostkey", SW_STATE_FAIL,
	  N_("your ssh does not know the server's host key") },
	{ "hostkey_changed", SW_STATE_FAIL,
	  N_("your ssh has another host key for this server") },
	{ "auth", SW_STATE_FAIL, N_("the server refuses your ssh's login") },
	{ "no_shell", SW_STATE_FAIL,
	  N_("your ssh logs in, but the account's shell refuses") },
	{ "session", SW_STATE_FAIL,
	  N_("your ssh logs in, but the session fails") },
	{ "forward", SW_STATE_FAIL,
	  N_("the jump host refuses to forward your ssh's connection") },
	{ "network", SW_STATE_FAIL,
	  N_("your ssh does not get as far as the login") },
	{ "failed", SW_STATE_FAIL,
	  N_("your ssh fails, with a message not recognised") },
	{ "unchecked", SW_STATE_UNCHECKED,
	  N_("your ssh could not be run to the end") },
	{ NULL, 0, NULL },
};

/* A private directory with the askpass helper and its FIFO.  The helper
 * answers only password prompts, with one line read from the FIFO; any
 * other question (a passphrase, an unknown host key) gets no answer, as in
 * BatchMode. */
typedef struct askpass {
	char *dir;
	char *helper;
	char *fifo;
	int fd;			/* our end of the FIFO, held open read-write */
} askpass;

static void
askpass_clear(askpass *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->fifo != NULL)
		unlink(a->fifo);
	if (a->helper != NULL)
		unlink(a->helper);
	if (a->dir != NULL)
		rmdir(a->dir);
	free(a->dir);
	free(a->helper);
	free(a->fifo);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

/* Sets up the helper and writes the secret into the FIFO (the pipe holds
 * it in memory until the helper reads it): a password, or with
 * passphrase set the passphrase of a key typed on screen (ssh.key_unlock),
 * each answering only its own kind of prompt.  Returns 0 or -1. */
static int
askpass_setup(askpass *a, const sw_secret *pw, int passphrase)
{
	static const char script_pw[] =
	    "#!/bin/sh\n"
	    "# sshwizard: answers ssh's password prompt from a pipe, once.\n"
	    "case $1 in *assword*) ;; *) exit 1 ;; esac\n"
	    "IFS= read -r pw <\"${0%/*}/pw\" || exit 1\n"
	    "printf '%s\\n' \"$pw\"\n";
	static const char script_pp[] =
	    "#!/bin/sh\n"
	    "# sshwizard: answers ssh's key passphrase prompt from a pipe, once.\n"
	    "case $1 in *assphrase*) ;; *) exit 1 ;; esac\n"
	    "IFS= read -r pw <\"${0%/*}/pw\" || exit 1\n"
	    "printf '%s\\n' \"$pw\"\n";
	const char *script = passphrase ? script_pp : script_pw;
	const char *tmp = getenv("TMPDIR");
	char tmpl[4096];
	FILE *f;
	int fd;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	if (pw == NULL || pw->len >= 4000 || memchr(pw->s, '\n', pw->len))
		return -1;
	snprintf(tmpl, sizeof(tmpl), "%s/sshwizard-askpass.XXXXXX",
	    tmp && *tmp == '/' && strlen(tmp) < 3000 ? tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL)
		return -1;
	a->dir = xstrdup(tmpl);
	a->helper = xasprintf("%s/askpass", a->dir);
	a->fifo = xasprintf("%s/pw", a->dir);
	if ((fd = open(a->helper, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0700)) < 0 || (f = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	fputs(script, f);
	if (fclose(f) != 0)
		goto fail;
	if (mkfifo(a->fifo, 0600) != 0)
		goto fail;
	/* Read-write: never blocks, and the helper's read finds the line
	 * already waiting in the pipe. */
	if ((a->fd = open(a->fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
		goto fail;
	if (write(a->fd, pw->s, pw->len) != (ssize_t)pw->len ||
	    write(a->fd, "\n", 1) != 1)
		goto fail;
	return 0;
fail:
	askpass_clear(a);
	return -1;
}

/* The command line of the user's ssh for this target, into argv (at most
 * ARGV_MAX words; strings made here are owned by *hold): the user's own
 * words (target_ssh_words: -F, -J, -p, -l, -i, -o), -F /dev/null for
 * --no-ssh-config and the known_hosts file given to the wizard.  Returns
 * the count. */
static size_t
witness_argv(const sw_target *t, int batch, const char *argv[], char **hold,
    size_t *n_hold)
{
	size_t n = 0, i, nw = 0;
	const char *const *w = target_ssh_words(t, &nw);
	int secs = t->timeout_ms > 2000 ? (t->timeout_ms - 1000) / 1000 : 1;
	int has_f = 0;

#define HOLD(s) (hold[(*n_hold)++] = (s))
	argv[n++] = "ssh";
	argv[n++] = "-vvv";
	argv[n++] = "-n";
	argv[n++] = batch ? "-oBatchMode=yes" : "-oBatchMode=no";
	argv[n++] = HOLD(xasprintf("-oConnectTimeout=%d", secs));
	if (!batch)
		argv[n++] = "-oNumberOfPasswordPrompts=1";
	for (i = 0; w != NULL && i < nw; i++)
		has_f |= strcmp(w[i], "-F") == 0;
	if (t->no_ssh_config && !has_f) {
		argv[n++] = "-F";
		argv[n++] = "/dev/null";
	}
	if (t->known_hosts != NULL && t->known_hosts_src == SW_SRC_CMDLINE)
		argv[n++] = HOLD(xasprintf("-oUserKnownHostsFile=%s",
		    t->known_hosts));
	for (i = 0; w != NULL && i < nw && n + 4 < ARGV_MAX; i++)
		argv[n++] = w[i];
	argv[n++] = "--";
	argv[n++] = t->alias ? t->alias : t->host;
	argv[n++] = "true";
	argv[n] = NULL;
#undef HOLD
	return n;
}

/* The last lines ssh printed that are not debug output (its own error
 * message), joined by " / ", escaped, at most SAID_MAX bytes.  Caller
 * frees. */
static char *
witness_said(const char *err)
{
	const char *lines[4];
	size_t lens[4], k = 0, i;
	const char *p = err;
	sbuf b = { 0 };
	char *out;

	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		/* Not debug output, the channel dump or the statistics of
		 * -vvv. */
		if (len > 0 && strncmp(p, "debug", 5) != 0 &&
		    strncmp(p, "OpenSSH_", 8) != 0 && *p != ' ' &&
		    *p != '\t' && strncmp(p, "Transferred:", 12) != 0 &&
		    strncmp(p, "Bytes per second:", 17) != 0 &&
		    strncmp(p, "The following connections", 25) != 0) {
			lines[k % 4] = p;
			lens[k % 4] = len;
			k++;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	for (i = k > 4 ? k - 4 : 0; i < k; i++) {
		size_t len = lens[i % 4];

		if (len > 0 && lines[i % 4][len - 1] == '\r')
			len--;
		if (b.len > 0)
			sbuf_add(&b, " / ");
		sbuf_addn(&b, lines[i % 4], len);
	}
	sbuf_add(&b, "");
	out = sw_escape_bytes((const unsigned char *)b.s, b.len, SAID_MAX);
	sbuf_free(&b);
	return out;
}

/* argv as one shell-quoted line (no secret is ever in it).  Caller
 * frees. */
static char *
witness_cmdline(const char *const argv[])
{
	sbuf b = { 0 };
	size_t i;

	for (i = 0; argv[i] != NULL; i++) {
		char *q = shell_quote(argv[i]);

		sbuf_addf(&b, "%s%s", i ? " " : "", q);
		free(q);
	}
	sbuf_add(&b, "");
	return sbuf_steal(&b);
}

/* The declared outcome named name when it is a failing one (not "works"),
 * else NULL.  Static: outlives the table the name was read from. */
static const char *
outcome_failing(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && outcomes[i].name != NULL; i++)
		if (strcmp(outcomes[i].name, name) == 0)
			return strcmp(name, "works") != 0 ? outcomes[i].name :
			    NULL;
	return NULL;
}

/* Classifies ssh's stderr with the table of known messages.  Records the
 * best match in the evidence and returns its witness outcome, or NULL. */
static const char *
witness_classify(sw_probe_ctx *ctx, const char *err)
{
	sw_diags d = { 0 };
	sw_logtable *table;
	sw_logmatch m[8];
	char *path = xasprintf("%s/messages.yaml", paths_data_dir());
	const char *res = NULL;
	size_t n, i;

	table = logtable_load(path, &d);
	diags_free(&d);
	free(path);
	if (table == NULL) {
		evidence_add(&ctx->evidence, "ssh_message_id", "%s",
		    "(the table of known messages cannot be read)");
		return NULL;
	}
	n = logtable_match(table, err, strlen(err), m, 8);
	/* The first entry that says what a failure of ssh means wins; the
	 * others (progress lines) only say how far it got. */
	for (i = 0; i < n; i++) {
		if (res == NULL && outcome_failing(m[i].witness) != NULL) {
			res = outcome_failing(m[i].witness);
			evidence_add(&ctx->evidence, "ssh_message_id", "%s",
			    m[i].id);
			evidence_add(&ctx->evidence, "ssh_message", "%s",
			    m[i].line);
		}
	}
	for (i = 0; i < n; i++)
		logmatch_clear(&m[i]);
	logtable_free(table);
	return res;
}

static const char *
witness_run(sw_probe_ctx *ctx)
{
	const sw_target *t = ctx->root != NULL ? ctx->root : ctx->target;
	const char *argv[ARGV_MAX + 1];
	char *hold[ARGV_MAX], *cmd = NULL, *said = NULL;
	size_t n_hold = 0, i;
	const char *env_pw[4] = { NULL };
	const char *env_c[] = { "LC_ALL=C", NULL };
	const char *res;
	askpass ap;
	sw_proc_result r;
	int64_t t0;
	/* a key's passphrase typed on screen goes first: ssh offers the
	 * key before it asks for a password */
	const sw_secret *secret = t->key_passphrase ? t->key_passphrase :
	    t->password;
	int rc, with_pw = secret != NULL;

	memset(&ap, 0, sizeof(ap));
	ap.fd = -1;
	if (with_pw && askpass_setup(&ap, secret,
	    t->key_passphrase != NULL) != 0) {
		evidence_add(&ctx->evidence, "ssh_error", "%s",
		    _("cannot hand the password to ssh through a pipe"));
		return "unchecked";
	}
	if (with_pw) {
		hold[n_hold++] = xasprintf("SSH_ASKPASS=%s", ap.helper);
		env_pw[0] = hold[n_hold - 1];
		env_pw[1] = "SSH_ASKPASS_REQUIRE=force";
		env_pw[2] = "LC_ALL=C";
	}
	witness_argv(t, !with_pw, argv, hold, &n_hold);
	cmd = witness_cmdline(argv);
	evidence_add(&ctx->evidence, "ssh_command", "%s", cmd);
	if (with_pw)
		evidence_add(&ctx->evidence, "ssh_password", "%s",
		    t->key_passphrase != NULL ? "the key's passphrase, given "
		    "through an askpass helper reading a pipe" :
		    _("given through an askpass helper reading a pipe"));
	t0 = sw_now_ms();
	rc = proc_capture_env(argv, with_pw ? env_pw : env_c,
	    ctx->deadline_ms, ctx->cancel, OUT_MAX, ERR_MAX, &r);
	evidence_add(&ctx->evidence, "ssh_ms", "%lld",
	    (long long)(sw_now_ms() - t0));
	askpass_clear(&ap);
	if (rc != 0) {
		evidence_add(&ctx->evidence, "ssh_exit", "%s",
		    probe_ctx_cancelled(ctx) ? "cancelled" :
		    sw_now_ms() >= ctx->deadline_ms ? "timeout" :
		    "did not run");
		res = "unchecked";
		goto out;
	}
	evidence_add(&ctx->evidence, "ssh_exit", "%d", r.status);
	if (r.status == 0) {
		res = "works";
		goto out;
	}
	said = witness_said(r.err);
	if (*said != '\0')
		evidence_add(&ctx->evidence, "ssh_said", "%s", said);
	res = witness_classify(ctx, r.err);
	if (res == NULL && r.out[0] != '\0') {
		/* What the remote side printed, e.g. a shell that refuses. */
		res = witness_classify(ctx, r.out);
	}
	if (res == NULL)
		/* 255 is ssh's own failure; anything else is the status of
		 * the remote command. */
		res = r.status == 255 ? "failed" : "session";
out:
	proc_result_free(&r);
	free(said);
	free(cmd);
	for (i = 0; i < n_hold; i++)
		free(hold[i]);
	return res;
}

/* The evidence keys this probe may record (probe.h). */
static const char *const evidence_keys[] = {
	"ssh_command", "ssh_password", "ssh_ms", "ssh_exit", "ssh_said",
	"ssh_message_id", "ssh_message", "ssh_error", NULL,
};

const sw_probe_def probe_ssh_witness = {
	.name = "ssh.witness",
	.title = N_("Run your own ssh on the same target"),
	.outcomes = outcomes,
	.run = witness_run,
	.independent = 1,
	.early = 1,
	.early_after = "tcp.connect",
	.per_connection = 1,
	.evidence = evidence_keys,
};
