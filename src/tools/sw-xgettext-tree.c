/* sw-xgettext-tree: writes the translatable strings of a decision tree as a
 * PO template fragment, for po/Rules-tree and the i18n tests.
 *
 *   sw-xgettext-tree [--root DIR] [--messages TABLE] [-o FILE] TREE.yaml
 *
 * The tree is read with the program's own loader (tree_load), so every file
 * it includes is covered and nothing is read differently from the wizard.
 * Extracted: each node's title and explanation, each choice label and each
 * suggestion's why.  Never extracted: commands, ids, causes, probe names.
 * Each entry carries "#: FILE:LINE" (FILE relative to DIR, the current
 * folder by default) and "#. node: ID" for the translators.  A msgid used in
 * several places appears once, with every place.
 *
 * With --messages, the summaries of the table of known messages
 * (data/messages.yaml, read with logtable_load) are extracted too, each with
 * "#. message: ID"; its texts and patterns are not.
 *
 * Exit status: 0, 1 on a usage or write error, 2 when the tree has problems
 * (printed as FILE:LINE:COLUMN: message). */
#include "config.h"

#include "core/diag.h"
#include "core/loader.h"
#include "core/logmatch.h"
#include "core/tree.h"
#include "core/util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One place a msgid is used: a reference and a translator comment. */
typedef struct use {
	char *ref;		/* "wizard/x.yaml:12" */
	char *note;		/* "node: ID\nfield: title" */
} use;

/* A msgid and every place it is used, in tree order. */
typedef struct entry {
	const char *msgid;	/* owned by the tree */
	use *uses;
	size_t n_uses;
} entry;

typedef struct catalogue {
	entry *v;
	size_t n;
	char root[PATH_MAX];	/* canonical, no trailing slash */
} catalogue;

/* file relative to the root when it lies under it, else as given.  Caller
 * frees. */
static char *
ref_file(const catalogue *c, const char *file)
{
	char real[PATH_MAX];
	size_t n = strlen(c->root);

	if (realpath(file, real) != NULL && strncmp(real, c->root, n) == 0 &&
	    real[n] == '/')
		return xstrdup(real + n + 1);
	return xstrdup(file);
}

/* Records that msgid is used at pos with the translator note (one or more
 * lines).  NULL and empty msgids are skipped. */
static void
catalogue_add_note(catalogue *c, const char *msgid, const sw_pos *pos,
    char *note);

/* Records that msgid is used at pos by node id as field. */
static void
catalogue_add(catalogue *c, const char *msgid, const sw_pos *pos,
    const char *id, const char *field)
{
	catalogue_add_note(c, msgid, pos,
	    xasprintf("node: %s\nfield: %s", id, field));
}

static void
catalogue_add_note(catalogue *c, const char *msgid, const sw_pos *pos,
    char *note)
{
	entry *e = NULL;
	char *file, *ref;
	size_t i;

	if (msgid == NULL || *msgid == '\0') {
		free(note);
		return;
	}
	for (i = 0; i < c->n && e == NULL; i++)
		if (strcmp(c->v[i].msgid, msgid) == 0)
			e = &c->v[i];
	if (e == NULL) {
		c->v = xreallocarray(c->v, c->n + 1, sizeof(*c->v));
		e = &c->v[c->n++];
		memset(e, 0, sizeof(*e));
		e->msgid = msgid;
	}
	file = ref_file(c, pos->file != NULL ? pos->file : "-");
	ref = xasprintf("%s:%d", file, pos->line);
	free(file);
	for (i = 0; i < e->n_uses; i++) {
		if (strcmp(e->uses[i].ref, ref) == 0 &&
		    strcmp(e->uses[i].note, note) == 0) {
			free(ref);
			free(note);
			return;
		}
	}
	e->uses = xreallocarray(e->uses, e->n_uses + 1, sizeof(*e->uses));
	e->uses[e->n_uses].ref = ref;
	e->uses[e->n_uses].note = note;
	e->n_uses++;
}

/* Every translatable text of the tree, in file order. */
static void
catalogue_fill(catalogue *c, const sw_tree *t)
{
	size_t i, j;

	for (i = 0; i < t->n_nodes; i++) {
		const sw_node *n = t->nodes[i];

		catalogue_add(c, n->title, &n->pos, n->id, "title");
		catalogue_add(c, n->explanation, &n->pos, n->id, "explanation");
		for (j = 0; j < n->n_choices; j++) {
			const sw_choice *ch = &n->choices[j];
			char *field = xasprintf("label of choice %s", ch->id);

			catalogue_add(c, ch->label, &ch->pos, n->id, field);
			free(field);
		}
		for (j = 0; j < n->n_suggest; j++) {
			const sw_suggest *sg = &n->suggest[j];
			char *field = xasprintf("why of a suggestion run on the %s",
			    where_name(sg->where));

			catalogue_add(c, sg->why, &sg->pos, n->id, field);
			free(field);
		}
	}
}

/* Every summary of the table of known messages, in table order. */
static void
catalogue_fill_messages(catalogue *c, const sw_logtable *t, const char *path)
{
	size_t i;

	for (i = 0; i < logtable_count(t); i++) {
		const char *id = NULL;
		sw_pos pos = { path, 0, 1 };
		const char *summary = logtable_summary(t, i, &id, &pos.line);

		catalogue_add_note(c, summary, &pos,
		    xasprintf("message: %s\nfield: summary", id));
	}
}

static void
catalogue_free(catalogue *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->v[i].n_uses; j++) {
			free(c->v[i].uses[j].ref);
			free(c->v[i].uses[j].note);
		}
		free(c->v[i].uses);
	}
	free(c->v);
}

/* s as the body of a PO string: quotes, backslashes and control characters
 * escaped; a newline also ends the output line, as xgettext does. */
static void
po_string(FILE *fp, const char *kw, const char *s)
{
	fprintf(fp, "%s \"", kw);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs(s[1] != '\0' ? "\\n\"\n\"" : "\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		default:
			if ((unsigned char)*s < 0x20)
				fprintf(fp, "\\%03o", (unsigned char)*s);
			else
				fputc(*s, fp);
		}
	}
	fputs("\"\n", fp);
}

static void
catalogue_write(const catalogue *c, FILE *fp)
{
	size_t i, j;

	fputs("# Strings of the sshwizard decision tree, written by "
	    "sw-xgettext-tree.\n"
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\"Content-Transfer-Encoding: 8bit\\n\"\n", fp);
	for (i = 0; i < c->n; i++) {
		const entry *e = &c->v[i];

		fputc('\n', fp);
		for (j = 0; j < e->n_uses; j++) {
			const char *p = e->uses[j].note;
			const char *nl;

			while ((nl = strchr(p, '\n')) != NULL) {
				fprintf(fp, "#. %.*s\n", (int)(nl - p), p);
				p = nl + 1;
			}
			fprintf(fp, "#. %s\n", p);
		}
		for (j = 0; j < e->n_uses; j++)
			fprintf(fp, "#: %s\n", e->uses[j].ref);
		po_string(fp, "msgid", e->msgid);
		fputs("msgstr \"\"\n", fp);
	}
}

static void
usage(FILE *fp)
{
	fputs("usage: sw-xgettext-tree [--root DIR] [--messages TABLE] "
	    "[-o FILE] TREE.yaml\n", fp);
}

int
main(int argc, char **argv)
{
	catalogue c;
	sw_diags d = { 0 };
	sw_tree *t = NULL;
	sw_logtable *table = NULL;
	const char *root = ".", *out = NULL, *path = NULL, *messages = NULL;
	char *tmp = NULL;
	FILE *fp = NULL;
	size_t i;
	int i_arg, status = 1;

	memset(&c, 0, sizeof(c));
	for (i_arg = 1; i_arg < argc; i_arg++) {
		if (strcmp(argv[i_arg], "--root") == 0 && i_arg + 1 < argc)
			root = argv[++i_arg];
		else if (strcmp(argv[i_arg], "-o") == 0 && i_arg + 1 < argc)
			out = argv[++i_arg];
		else if (strcmp(argv[i_arg], "--messages") == 0 &&
		    i_arg + 1 < argc)
			messages = argv[++i_arg];
		else if (strcmp(argv[i_arg], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i_arg][0] == '-' || path != NULL) {
			usage(stderr);
			return 1;
		} else
			path = argv[i_arg];
	}
	if (path == NULL) {
		usage(stderr);
		return 1;
	}
	if (realpath(root, c.root) == NULL) {
		fprintf(stderr, "sw-xgettext-tree: %s: cannot resolve\n", root);
		return 1;
	}
	t = tree_load(path, &d);
	if (messages != NULL)
		table = logtable_load(messages, &d);
	if (t == NULL || d.n > 0 || (messages != NULL && table == NULL)) {
		diags_sort(&d);
		for (i = 0; i < d.n; i++) {
			char *line = diags_format(&d, i);

			fprintf(stderr, "%s\n", line);
			free(line);
		}
		fprintf(stderr, "sw-xgettext-tree: the tree or the table has "
		    "problems\n");
		status = 2;
		goto out;
	}
	catalogue_fill(&c, t);
	if (table != NULL)
		catalogue_fill_messages(&c, table, messages);
	if (out == NULL) {
		catalogue_write(&c, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			perror("sw-xgettext-tree: stdout");
			goto out;
		}
	} else {
		/* Written aside and renamed, so make never sees half a file. */
		tmp = xasprintf("%s.tmp", out);
		if ((fp = fopen(tmp, "w")) == NULL) {
			perror(tmp);
			goto out;
		}
		catalogue_write(&c, fp);
		if (fclose(fp) != 0) {
			fp = NULL;
			perror(tmp);
			goto out;
		}
		fp = NULL;
		if (rename(tmp, out) != 0) {
			perror(out);
			goto out;
		}
	}
	status = 0;
out:
	if (fp != NULL)
		fclose(fp);
	if (tmp != NULL && status != 0)
		remove(tmp);
	free(tmp);
	catalogue_free(&c);
	diags_free(&d);
	tree_free(t);
	logtable_free(table);
	return status;
}
