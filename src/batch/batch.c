/* The batch front end: drives the engine to a verdict and prints it. */
#include "config.h"

#include "batch/batch.h"
#include "core/engine.h"
#include "host/host.h"
#include "core/i18n.h"
#include "core/logmatch.h"
#include "core/paths.h"
#include "core/report.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Checks every --answer against the tree.  Returns 0 or prints and returns
 * -1. */
static int
answers_check(const sw_options *o, const sw_tree *tree)
{
	size_t i;

	for (i = 0; i < o->n_answers; i++) {
		const sw_node *n = tree_find(tree, o->answers[i].node);

		if (n == NULL || n->kind != SW_NODE_QUESTION) {
			fprintf(stderr, _("sshwizard: --answer: '%s' is not a "
			    "question node\n"), o->answers[i].node);
			return -1;
		}
		if (node_choice(n, o->answers[i].choice) == NULL) {
			fprintf(stderr, _("sshwizard: --answer: question '%s' has "
			    "no choice '%s'\n"), n->id, o->answers[i].choice);
			return -1;
		}
	}
	return 0;
}

/* Checks before any probe runs that every report can be written: its folder
 * exists and is writable, and the path is not an existing symlink.  Returns
 * 0 or prints and returns -1. */
static int
reports_check(const sw_options *o)
{
	size_t i;

	for (i = 0; i < o->n_reports; i++) {
		const char *path = o->reports[i];
		char *dir, *slash;
		struct stat st;
		int bad = 0, err = 0;

		if (strcmp(path, "-") == 0)
			continue;
		dir = xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash == dir)
			dir[1] = '\0';
		else if (slash != NULL)
			*slash = '\0';
		else {
			free(dir);
			dir = xstrdup(".");
		}
		if (access(dir, W_OK | X_OK) != 0) {
			bad = 1;
			err = errno;
		} else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
			bad = 1;
			err = ELOOP;
		} else if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			bad = 1;
			err = EISDIR;
		}
		free(dir);
		if (bad) {
			fprintf(stderr, _("sshwizard: cannot write report %s: %s\n"),
			    path, err == ELOOP ? _("it is a symbolic link") :
			    strerror(err));
			return -1;
		}
	}
	return 0;
}

/* The choice for the current question, or NULL (and a message). */
static const char *
answer_for(const sw_options *o, const sw_node *n)
{
	size_t i;

	for (i = o->n_answers; i > 0; i--)
		if (strcmp(o->answers[i - 1].node, n->id) == 0)
			return o->answers[i - 1].choice;
	if (n->default_choice != NULL)
		return n->default_choice;
	fprintf(stderr, _("sshwizard: question '%s' needs an answer: "
	    "--answer %s=CHOICE, where CHOICE is one of:"), n->id, n->id);
	for (i = 0; i < n->n_choices; i++)
		fprintf(stderr, " %s", n->choices[i].id);
	fputc('\n', stderr);
	return NULL;
}

static const char *
state_mark(sw_state s)
{
	switch (s) {
	case SW_STATE_PASS:
		return "[ ok ]";
	case SW_STATE_FAIL:
		return "[FAIL]";
	case SW_STATE_WARN:
		return "[warn]";
	case SW_STATE_UNCHECKED:
		return "[ ?? ]";
	default:
		return "[ -- ]";
	}
}

/* The verdict's facts, whole, right under the headline, each with who
 * said it. */
static void
print_facts(const sw_engine *e, const sw_node *v)
{
	sw_fact *f;
	size_t i, n = engine_facts(e, v, &f);
	const sw_step *a = engine_verdict_answer(e);

	if (a != NULL)
		/* TRANSLATORS: %s is the label of the choice the user took. */
		printf(_("  Decided by your answer: %s\n"),
		    _(step_answer_label(a)));
	for (i = 0; i < n; i++)
		/* TRANSLATORS: a fact under the verdict: the evidence key (never
		 * translated), its value, and who said it ("checked live",
		 * "read on the server", "your answer"). */
		printf(_("  %s: %s (%s)\n"), f[i].key, fact_text(&f[i]),
		    _(origin_label(f[i].origin)));
	free(f);
}

/* A hop as the user knows it: user@host:port. */
static const char *
hop_name(const sw_engine *e, int hop)
{
	const sw_target *h = engine_hop_target(e, hop);

	return h->display != NULL ? h->display : h->host;
}

static void
print_hop(const sw_engine *e, int hop)
{
	const sw_target *t = engine_target(e);

	if ((size_t)hop < t->n_hops)
		/* TRANSLATORS: %d is the jump host's place in the path (1 is
		 * the first), %s is user@host:port. */
		printf(_("-- jump host %d: %s\n"), hop + 1, hop_name(e, hop));
	else
		printf(_("-- the target, through the jump hosts: %s\n"),
		    hop_name(e, hop));
}

static void
print_summary(const sw_engine *e)
{
	const sw_target *t = engine_target(e);
	const sw_node *v = engine_node(e);
	size_t i;

	printf(_("Diagnosis of %s@%s port %d\n\n"), t->user,
	    t->alias ? t->alias : t->host, t->port);
	if (t->server != NULL && host_used(t->server)) {
		if (host_kind(t->server) == SW_HOST_LOCAL)
			printf("%s\n\n", _("Server-side checks ran on this "
			    "machine."));
		else
			/* TRANSLATORS: %s is the host the checks logged in
			 * to. */
			printf(_("Server-side checks ran on %s, over SSH.\n\n"),
			    host_host(t->server));
	}
	for (i = 0; i < engine_n_steps(e); i++) {
		const sw_step *s = engine_step(e, i);
		const char *what = s->outcome;

		/* With jump hosts, each run of steps says which hop it
		 * checked. */
		if (t->n_hops > 0 && (i == 0 || engine_step(e, i - 1)->hop !=
		    s->hop))
			print_hop(e, s->hop);

		if (s->node->kind == SW_NODE_PROBE) {
			const sw_probe_def *p = registry_find(&sw_builtin_probes,
			    s->node->probe);
			const sw_outcome *o = probe_outcome(p, s->outcome);

			if (o != NULL)
				what = _(o->label);
			printf("%s %s: %s (%lld ms)\n", state_mark(s->state),
			    _(s->node->title), what, (long long)s->duration_ms);
		} else {
			const sw_choice *c = node_choice(s->node, s->outcome);

			printf("%s %s: %s\n", state_mark(s->state),
			    _(s->node->title), c ? _(c->label) : what);
		}
	}
	printf("\n%s %s (%s)\n", _("Verdict:"), _(v->title), v->cause);
	if (t->n_hops > 0)
		/* TRANSLATORS: %s is a host of the path, user@host:port. */
		printf(_("  Where: %s\n"), hop_name(e, engine_hop(e)));
	print_facts(e, v);
	if (v->explanation != NULL)
		printf("\n%s\n", _(v->explanation));
	if (engine_n_offered(e, v) > 0)
		printf("\n%s\n", _("What to do:"));
	for (i = 0; i < v->n_suggest; i++) {
		char *cmd;

		if (!engine_suggest_applies(e, &v->suggest[i]))
			continue;
		cmd = engine_expand(e, v->suggest[i].command);
		printf("  [%s] %s\n",
		    v->suggest[i].where == SW_WHERE_SERVER ? _("on the server") :
		    _("on this machine"), cmd);
		if (v->suggest[i].why != NULL)
			printf("      %s\n", _(v->suggest[i].why));
		free(cmd);
	}
}

static int
write_reports(const sw_options *o, const sw_engine *e,
    const sw_report_info *info)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n_reports; i++) {
		char *err = NULL;

		if (strcmp(o->reports[i], "-") == 0) {
			char *json = report_json(e, info);

			fputs(json, stdout);
			free(json);
			continue;
		}
		if (report_write(e, info, o->reports[i], &err) != 0) {
			fprintf(stderr, "sshwizard: %s\n", err);
			free(err);
			rc = -1;
		}
	}
	return rc;
}

/* The most of a pasted log that is read, and the most matches shown. */
#define FROM_LOG_MAX (1024 * 1024)
#define FROM_LOG_SHOWN 8

/* Reads at most FROM_LOG_MAX bytes of path ("-": stdin).  Returns the bytes
 * (caller frees) with *len, or NULL with errno set. */
static char *
log_read(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	char *buf;
	int saved;

	if (f == NULL)
		return NULL;
	buf = xmalloc(FROM_LOG_MAX + 1);
	*len = fread(buf, 1, FROM_LOG_MAX, f);
	saved = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (saved != 0) {
		free(buf);
		errno = saved;
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* --from-log: prints on out what the table of known messages recognises in
 * the pasted text and starts the walk at the best match's node (the probes
 * from there still check everything live).  Returns 0, or -1 after printing
 * why the log or the table could not be read. */
static int
from_log_start(const sw_options *o, sw_engine *e, FILE *out, sw_logmatch *m,
    size_t *n_out, sw_logtable **table_out)
{
	sw_diags d = { 0 };
	sw_logtable *table;
	char *path, *text;
	size_t len = 0, n, i;

	if ((text = log_read(o->from_log, &len)) == NULL) {
		fprintf(stderr, _("sshwizard: cannot read %s: %s\n"),
		    o->from_log, strerror(errno));
		return -1;
	}
	path = xasprintf("%s/messages.yaml", paths_data_dir());
	if ((table = logtable_load(path, &d)) == NULL) {
		diags_sort(&d);
		for (i = 0; i < d.n; i++) {
			char *line = diags_format(&d, i);

			fprintf(stderr, "%s\n", line);
			free(line);
		}
		fprintf(stderr, _("sshwizard: the table of known messages "
		    "cannot be used\n"));
		diags_free(&d);
		free(path);
		free(text);
		return -1;
	}
	n = logtable_match(table, text, len, m, FROM_LOG_SHOWN);
	if (n == 0)
		fprintf(out, "%s\n\n", _("Nothing in the log was recognised; "
		    "the whole diagnosis runs."));
	else
		fprintf(out, "%s\n", _("Recognised in the log:"));
	for (i = 0; i < n; i++)
		fprintf(out, "  [%s] %s\n      > %s\n", m[i].id, _(m[i].summary),
		    m[i].line);
	if (n > 0 && engine_set_start(e, m[0].start) == 0)
		fprintf(out, _("Starting at the step '%s'; what the log says "
		    "is checked again live.\n\n"), m[0].start);
	else if (n > 0)
		fprintf(out, _("The tree has no step '%s'; the whole diagnosis "
		    "runs.\n\n"), m[0].start);
	/* The matches point into the table: both live until the report is
	 * written. */
	*n_out = n;
	*table_out = table;
	free(path);
	free(text);
	return 0;
}

int
batch_run(const sw_options *o, const sw_tree *tree, const sw_target *target)
{
	sw_engine *e;
	sw_report_info info = { 0 };
	sw_logmatch log_matches[FROM_LOG_SHOWN];
	sw_logtable *log_table = NULL;
	int status = 3, to_stdout = 0;
	size_t i;

	info.log_matches = log_matches;

	if (answers_check(o, tree) != 0 || reports_check(o) != 0)
		return 2;
	for (i = 0; i < o->n_reports; i++)
		to_stdout |= strcmp(o->reports[i], "-") == 0;
	info.started_wall_ms = sw_wall_ms();
	e = engine_new(tree, &sw_builtin_probes, target);
	/* --server walks only the server-side part of the tree. */
	if (o->mode == SW_MODE_SERVER && engine_set_start(e, "server") != 0) {
		fprintf(stderr, _("sshwizard: the tree has no node 'server' "
		    "for --server\n"));
		status = 2;
		goto out;
	}
	if (o->from_log != NULL && from_log_start(o, e, to_stdout ? stderr :
	    stdout, log_matches, &info.n_log_matches, &log_table) != 0) {
		status = 2;
		goto out;
	}
	for (;;) {
		sw_engine_state st = engine_state(e);
		const char *choice;

		if (st == SW_ENG_VERDICT || st == SW_ENG_FAILED)
			break;
		if (st == SW_ENG_READY && engine_start(e) != 0)
			continue;
		if (st == SW_ENG_RUNNING || engine_state(e) == SW_ENG_RUNNING) {
			engine_wait(e, -1);
			engine_collect(e);
			continue;
		}
		if (st == SW_ENG_QUESTION) {
			if ((choice = answer_for(o, engine_node(e))) == NULL) {
				status = 2;
				goto out;
			}
			engine_answer(e, choice);
		}
	}
	info.finished_wall_ms = sw_wall_ms();
	/* Where the findings came from: "server" or "via HOST" once a server
	 * check ran, else the client (NULL). */
	if (target != NULL && target->server != NULL &&
	    host_used(target->server))
		info.source = host_label(target->server);
	if (engine_state(e) == SW_ENG_FAILED) {
		fprintf(stderr, _("sshwizard: internal error: %s\n"),
		    engine_error(e));
		/* The report says "failed" and keeps the steps that ran. */
		write_reports(o, e, &info);
		goto out;
	}
	if (!to_stdout)
		print_summary(e);
	status = strcmp(engine_node(e)->cause, "ok") == 0 ? 0 : 1;
	if (write_reports(o, e, &info) != 0)
		status = 3;
out:
	for (i = 0; i < info.n_log_matches; i++)
		logmatch_clear(&log_matches[i]);
	logtable_free(log_table);
	engine_free(e);
	return status;
}
