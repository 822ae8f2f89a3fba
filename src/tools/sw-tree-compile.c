/* sw-tree-compile: writes a decision tree as C data, for the build.
 *
 *   sw-tree-compile TREE.yaml OUT.c
 *
 * The tree is read with the program's own loader and checked with its own
 * validator against the built-in probe registry (the same library the
 * program links), so the C data is exactly the tree the program would
 * load.  OUT.c defines `sw_tree_shipped` (core/tree_compiled.h): the tree
 * and, for every file it was read from, its name relative to the root
 * file's folder, its size and its hash; the program uses the data only
 * while those files are unchanged.  Source positions keep those relative
 * names.  Strings are written with octal escapes for every byte outside
 * printable ASCII, and for '"', '\\' and '?' (no trigraphs).
 *
 * Exit status: 0; 1 on a usage or write error; 2 when the tree has
 * problems (printed as FILE:LINE:COLUMN: message) or includes a file
 * outside the root file's folder. */
#include "config.h"

#include "core/diag.h"
#include "core/loader.h"
#include "core/probe.h"
#include "core/tree.h"
#include "core/tree_compiled.h"
#include "core/util.h"
#include "core/validate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (4 * 1024 * 1024)

/* The root file's folder with its slash ("" for a bare name). */
static size_t dir_len;
/* t->files[i] relative to the root's folder. */
static const char **rel;

static void
put_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (s == NULL) {
		fputs("NULL", fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' &&
		    *p != '?')
			fputc(*p, fp);
		else
			fprintf(fp, "\\%03o", *p);
	}
	fputc('"', fp);
}

/* Index of the file a position names, in t->files. */
static size_t
file_index(const sw_tree *t, const char *file)
{
	size_t i;

	for (i = 0; i < t->n_files; i++)
		if (t->files[i] == file ||
		    (file != NULL && strcmp(t->files[i], file) == 0))
			return i;
	return 0;
}

static void
put_pos(FILE *fp, const sw_tree *t, const sw_pos *p)
{
	if (p->file == NULL)
		fprintf(fp, "{ NULL, %d, %d }", p->line, p->col);
	else
		fprintf(fp, "{ F%zu, %d, %d }", file_index(t, p->file),
		    p->line, p->col);
}

/* The arrays node i points to, then the node. */
static void
put_node(FILE *fp, const sw_tree *t, size_t i)
{
	const sw_node *n = t->nodes[i];
	size_t j, k;

	if (n->n_facts > 0) {
		fprintf(fp, "static char *facts%zu[] = {", i);
		for (j = 0; j < n->n_facts; j++) {
			fputs(j ? ", " : " ", fp);
			put_str(fp, n->facts[j]);
		}
		fprintf(fp, " };\nstatic sw_pos fact_pos%zu[] = {", i);
		for (j = 0; j < n->n_facts; j++) {
			fputs(j ? ", " : " ", fp);
			put_pos(fp, t, &n->fact_pos[j]);
		}
		fputs(" };\n", fp);
	}
	if (n->n_edges > 0) {
		fprintf(fp, "static sw_edge edges%zu[] = {\n", i);
		for (j = 0; j < n->n_edges; j++) {
			fputs("\t{ ", fp);
			put_str(fp, n->edges[j].outcome);
			fputs(", ", fp);
			put_str(fp, n->edges[j].next);
			fputs(", ", fp);
			put_pos(fp, t, &n->edges[j].pos);
			fputs(", ", fp);
			put_pos(fp, t, &n->edges[j].next_pos);
			fputs(" },\n", fp);
		}
		fputs("};\n", fp);
	}
	if (n->n_choices > 0) {
		fprintf(fp, "static sw_choice choices%zu[] = {\n", i);
		for (j = 0; j < n->n_choices; j++) {
			fputs("\t{ ", fp);
			put_str(fp, n->choices[j].id);
			fputs(", ", fp);
			put_str(fp, n->choices[j].label);
			fputs(", ", fp);
			put_str(fp, n->choices[j].next);
			fputs(", ", fp);
			put_pos(fp, t, &n->choices[j].pos);
			fputs(", ", fp);
			put_pos(fp, t, &n->choices[j].next_pos);
			fputs(" },\n", fp);
		}
		fputs("};\n", fp);
	}
	for (j = 0; j < n->n_suggest; j++) {
		if (n->suggest[j].n_when == 0)
			continue;
		fprintf(fp, "static sw_cond when%zu_%zu[] = {\n", i, j);
		for (k = 0; k < n->suggest[j].n_when; k++) {
			const sw_cond *c = &n->suggest[j].when[k];

			fputs("\t{ ", fp);
			put_str(fp, c->key);
			fputs(", ", fp);
			put_str(fp, c->value);
			fprintf(fp, ", %d, ", c->negate);
			put_pos(fp, t, &c->pos);
			fputs(" },\n", fp);
		}
		fputs("};\n", fp);
	}
	if (n->n_suggest > 0) {
		fprintf(fp, "static sw_suggest suggest%zu[] = {\n", i);
		for (j = 0; j < n->n_suggest; j++) {
			const sw_suggest *s = &n->suggest[j];

			fprintf(fp, "\t{ %s, ", s->where == SW_WHERE_SERVER ?
			    "SW_WHERE_SERVER" : "SW_WHERE_CLIENT");
			put_str(fp, s->command);
			fputs(", ", fp);
			put_str(fp, s->why);
			fputs(", ", fp);
			put_pos(fp, t, &s->pos);
			if (s->n_when > 0)
				fprintf(fp, ", when%zu_%zu, %zu },\n", i, j,
				    s->n_when);
			else
				fputs(", NULL, 0 },\n", fp);
		}
		fputs("};\n", fp);
	}

	fprintf(fp, "static sw_node node%zu = {\n\t.id = ", i);
	put_str(fp, n->id);
	fprintf(fp, ",\n\t.kind = %s,\n\t.pos = ",
	    n->kind == SW_NODE_PROBE ? "SW_NODE_PROBE" :
	    n->kind == SW_NODE_QUESTION ? "SW_NODE_QUESTION" :
	    "SW_NODE_VERDICT");
	put_pos(fp, t, &n->pos);
	fputs(",\n\t.title = ", fp);
	put_str(fp, n->title);
	fputs(",\n\t.explanation = ", fp);
	put_str(fp, n->explanation);
	if (n->n_facts > 0)
		fprintf(fp, ",\n\t.facts = facts%zu, .fact_pos = fact_pos%zu, "
		    ".n_facts = %zu", i, i, n->n_facts);
	fputs(",\n\t.probe = ", fp);
	put_str(fp, n->probe);
	fputs(",\n\t.probe_pos = ", fp);
	put_pos(fp, t, &n->probe_pos);
	if (n->n_edges > 0)
		fprintf(fp, ",\n\t.edges = edges%zu, .n_edges = %zu", i,
		    n->n_edges);
	if (n->n_choices > 0)
		fprintf(fp, ",\n\t.choices = choices%zu, .n_choices = %zu", i,
		    n->n_choices);
	fputs(",\n\t.default_choice = ", fp);
	put_str(fp, n->default_choice);
	fputs(",\n\t.default_pos = ", fp);
	put_pos(fp, t, &n->default_pos);
	fputs(",\n\t.cause = ", fp);
	put_str(fp, n->cause);
	fputs(",\n\t.cause_pos = ", fp);
	put_pos(fp, t, &n->cause_pos);
	if (n->n_suggest > 0)
		fprintf(fp, ",\n\t.suggest = suggest%zu, .n_suggest = %zu", i,
		    n->n_suggest);
	fputs(",\n};\n", fp);
}

static int
put_tree(FILE *fp, const sw_tree *t)
{
	size_t i;

	fputs("/* Generated by sw-tree-compile from the decision tree: do not "
	    "edit. */\n#include \"config.h\"\n\n"
	    "#include \"core/tree_compiled.h\"\n\n", fp);
	for (i = 0; i < t->n_files; i++) {
		fprintf(fp, "static char F%zu[] = ", i);
		put_str(fp, rel[i]);
		fputs(";\n", fp);
	}
	for (i = 0; i < t->n_nodes; i++)
		put_node(fp, t, i);
	fputs("static sw_node *nodes[] = {\n", fp);
	for (i = 0; i < t->n_nodes; i++)
		fprintf(fp, "\t&node%zu,\n", i);
	fputs("};\nstatic char *files[] = {", fp);
	for (i = 0; i < t->n_files; i++)
		fprintf(fp, "%sF%zu", i ? ", " : " ", i);
	fputs(" };\nstatic const sw_tree tree = {\n\t.start = ", fp);
	put_str(fp, t->start);
	fputs(",\n\t.start_pos = ", fp);
	put_pos(fp, t, &t->start_pos);
	fprintf(fp, ",\n\t.nodes = nodes, .n_nodes = %zu,\n"
	    "\t.files = files, .n_files = %zu,\n};\n", t->n_nodes, t->n_files);

	fputs("static const sw_tree_source sources[] = {\n", fp);
	for (i = 0; i < t->n_files; i++) {
		uint64_t size, hash;

		if (tree_compiled_hash_file(t->files[i], MAX_FILE_BYTES, &size,
		    &hash) != 0) {
			perror(t->files[i]);
			return -1;
		}
		fputs("\t{ ", fp);
		put_str(fp, rel[i]);
		fprintf(fp, ", %" PRIu64 ", UINT64_C(0x%016" PRIx64 ") },\n",
		    size, hash);
	}
	fprintf(fp, "};\nconst sw_tree_compiled sw_tree_shipped = "
	    "{ &tree, sources, %zu };\n", t->n_files);
	return 0;
}

int
main(int argc, char **argv)
{
	sw_diags d = { 0 };
	sw_tree *t = NULL;
	const char *slash;
	char *tmp = NULL;
	FILE *fp = NULL;
	size_t i;
	int status = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: sw-tree-compile TREE.yaml OUT.c\n");
		return 1;
	}
	t = tree_load(argv[1], &d);
	if (t != NULL)
		tree_validate(t, &sw_builtin_probes, &d);
	if (t == NULL || d.n > 0) {
		diags_sort(&d);
		for (i = 0; i < d.n; i++) {
			char *line = diags_format(&d, i);

			fprintf(stderr, "%s\n", line);
			free(line);
		}
		fprintf(stderr, "sw-tree-compile: the tree has problems\n");
		status = 2;
		goto out;
	}
	slash = strrchr(argv[1], '/');
	dir_len = slash != NULL ? (size_t)(slash - argv[1]) + 1 : 0;
	rel = xcalloc(t->n_files, sizeof(*rel));
	for (i = 0; i < t->n_files; i++) {
		if (strncmp(t->files[i], argv[1], dir_len) != 0 ||
		    strstr(t->files[i] + dir_len, "..") != NULL) {
			fprintf(stderr, "sw-tree-compile: %s is outside the "
			    "root file's folder\n", t->files[i]);
			status = 2;
			goto out;
		}
		rel[i] = t->files[i] + dir_len;
	}
	/* Written aside and renamed, so make never sees half a file. */
	tmp = xasprintf("%s.tmp", argv[2]);
	if ((fp = fopen(tmp, "w")) == NULL) {
		perror(tmp);
		goto out;
	}
	if (put_tree(fp, t) != 0)
		goto out;
	if (fclose(fp) != 0) {
		fp = NULL;
		perror(tmp);
		goto out;
	}
	fp = NULL;
	if (rename(tmp, argv[2]) != 0) {
		perror(argv[2]);
		goto out;
	}
	status = 0;
out:
	if (fp != NULL) {
		fclose(fp);
		remove(tmp);
	}
	free(tmp);
	free(rel);
	diags_free(&d);
	tree_free(t);
	return status;
}
