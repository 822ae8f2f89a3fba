/* sshwizard: find out why ssh does not connect.  Parses options, sets up the
 * language, loads the tree and hands over to a front end. */
#include "config.h"

#include "batch/batch.h"
#include "core/cause.h"
#include "host/host.h"
#include "core/i18n.h"
#include "core/loader.h"
#include "core/options.h"
#include "core/paths.h"
#include "core/probe.h"
#include "core/tree_compiled.h"
#include "core/util.h"
#include "core/validate.h"
#include "tui/tui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The --lang value, looked for before full parsing so that even option
 * errors come out in the chosen language. */
static const char *
prescan_lang(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
	}
	return NULL;
}

/* The tree at path: the one compiled into the program when path and the
 * files it includes are byte for byte those it was compiled from (not for
 * --validate, which reads the YAML whatever it holds), else loaded and
 * validated.  *owned is what the caller frees (NULL for the compiled tree).
 * Returns the tree, or NULL after printing every problem. */
static const sw_tree *
load_tree(const char *path, int validate, sw_tree **owned)
{
	sw_diags d = { 0 };
	const sw_tree *c;
	sw_tree *t;
	size_t i;

	*owned = NULL;
	if (!validate && (c = tree_compiled_match(&sw_tree_shipped, path)) !=
	    NULL)
		return c;
	if ((t = tree_load(path, &d)) != NULL)
		tree_validate(t, &sw_builtin_probes, &d);
	if (d.n == 0 && t != NULL)
		return *owned = t;
	diags_sort(&d);
	for (i = 0; i < d.n; i++) {
		char *line = diags_format(&d, i);

		fprintf(stderr, "%s\n", line);
		free(line);
	}
	if (!validate)
		fprintf(stderr, _("sshwizard: %s: %zu problem(s) in the tree\n"),
		    path, d.n);
	diags_free(&d);
	tree_free(t);
	return NULL;
}

/* --list langs and causes, which need no tree.  "en" is built in; another
 * language counts only when its catalogue is where the program looks. */
static void
list_plain(sw_list what)
{
	const char *const *langs = i18n_langs();
	char path[PATH_MAX];
	const char *id;
	size_t i;

	if (what == SW_LIST_CAUSES) {
		for (i = 0; (id = cause_at(i)) != NULL; i++)
			printf("%s\n", id);
		return;
	}
	for (i = 0; langs[i] != NULL; i++) {
		int n = snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo",
		    paths_locale_dir(), langs[i], PACKAGE);

		if (strcmp(langs[i], "en") == 0 ||
		    (n > 0 && (size_t)n < sizeof(path) &&
		    access(path, R_OK) == 0))
			printf("%s\n", langs[i]);
	}
}

/* --list questions: NODE=CHOICE for every choice of every question. */
static void
list_questions(const sw_tree *t)
{
	size_t i, j;

	for (i = 0; i < t->n_nodes; i++)
		if (t->nodes[i]->kind == SW_NODE_QUESTION)
			for (j = 0; j < t->nodes[i]->n_choices; j++)
				printf("%s=%s\n", t->nodes[i]->id,
				    t->nodes[i]->choices[j].id);
}

int
main(int argc, char **argv)
{
	sw_options o;
	const sw_tree *tree = NULL;
	sw_tree *loaded = NULL;
	sw_target *target = NULL;
	sw_host *server = NULL;
	sw_resolve_job *job = NULL;
	char *err = NULL, *usage;
	const char *lang, *tree_path;
	int status = 2;

	paths_init(argv[0]);
	lang = prescan_lang(argc, argv);
	i18n_init(i18n_known(lang) ? lang : NULL);
	if (options_parse(argc, argv, &o, &err) != 0) {
		fprintf(stderr, "sshwizard: %s\n", err);
		free(err);
		options_free(&o);
		return 2;
	}
	switch (o.mode) {
	case SW_MODE_HELP:
		usage = options_usage("sshwizard");
		fputs(usage, stdout);
		free(usage);
		status = 0;
		goto out;
	case SW_MODE_VERSION:
		printf("sshwizard %s\n", PACKAGE_VERSION);
		status = 0;
		goto out;
	case SW_MODE_LIST:
		if (o.list != SW_LIST_QUESTIONS) {
			list_plain(o.list);
			status = 0;
			goto out;
		}
		break;
	default:
		break;
	}
	/* The target's ssh -G runs while the tree loads. */
	if (o.spec != NULL && (o.mode == SW_MODE_BATCH || o.mode == SW_MODE_TUI))
		job = target_resolve_start(&o.words, 1);
	tree_path = o.mode == SW_MODE_VALIDATE && o.spec != NULL ? o.spec :
	    o.tree != NULL ? o.tree : paths_default_tree();
	if ((tree = load_tree(tree_path, o.mode == SW_MODE_VALIDATE,
	    &loaded)) == NULL)
		goto out;
	if (o.mode == SW_MODE_LIST) {
		list_questions(tree);
		status = 0;
		goto out;
	}
	if (o.mode == SW_MODE_VALIDATE) {
		printf(_("%s: the tree is valid (%zu nodes)\n"), tree_path,
		    tree->n_nodes);
		status = 0;
		goto out;
	}
	if (job != NULL) {
		sw_resolve_job *j = job;

		job = NULL;
		if (target_resolve_finish(j, &target, &err) != 0 ||
		    options_attach(&o, target, &err) != 0) {
			fprintf(stderr, "sshwizard: %s\n", err);
			free(err);
			goto out;
		}
	} else if ((o.spec != NULL || o.mode == SW_MODE_SERVER) &&
	    options_make_target(&o, &target, &err) != 0) {
		fprintf(stderr, "sshwizard: %s\n", err);
		free(err);
		goto out;
	}
	/* Where server-side checks run: --server here, --via over a session
	 * that still works.  The target borrows it. */
	if (options_make_server(&o, target, &server, &err) != 0) {
		fprintf(stderr, "sshwizard: %s\n", err);
		free(err);
		goto out;
	}
	if (target != NULL)
		target->server = server;
	/* --server alone opens the wizard on the server part; with --batch
	 * it prints. */
	if (o.mode == SW_MODE_BATCH || (o.mode == SW_MODE_SERVER && o.batch))
		status = batch_run(&o, tree, target);
	else
		status = tui_run(&o, tree, target);
out:
	target_resolve_cancel(job);
	target_free(target);
	host_free(server);
	tree_free(loaded);
	options_free(&o);
	return status;
}
