/* The batch front end: drives the engine to a verdict and prints it. */
#include "config.h"

#include "batch/batch.h"
#include "core/engine.h"
#include "core/i18n.h"
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

static void
print_summary(const sw_engine *e)
{
	const sw_target *t = engine_target(e);
	const sw_node *v = engine_node(e);
	size_t i;

	printf(_("Diagnosis of %s@%s port %d\n\n"), t->user,
	    t->alias ? t->alias : t->host, t->port);
	for (i = 0; i < engine_n_steps(e); i++) {
		const sw_step *s = engine_step(e, i);
		const char *what = s->outcome;

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
	if (v->explanation != NULL)
		printf("\n%s\n", _(v->explanation));
	if (v->n_suggest > 0)
		printf("\n%s\n", _("What to do:"));
	for (i = 0; i < v->n_suggest; i++) {
		char *cmd = engine_expand(e, v->suggest[i].command);

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

int
batch_run(const sw_options *o, const sw_tree *tree, const sw_target *target)
{
	sw_engine *e;
	sw_report_info info = { 0 };
	int status = 3, to_stdout = 0;
	size_t i;

	if (answers_check(o, tree) != 0 || reports_check(o) != 0)
		return 2;
	for (i = 0; i < o->n_reports; i++)
		to_stdout |= strcmp(o->reports[i], "-") == 0;
	info.started_wall_ms = sw_wall_ms();
	e = engine_new(tree, &sw_builtin_probes, target);
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
	engine_free(e);
	return status;
}
