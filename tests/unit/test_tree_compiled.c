/* The compiled tree (core/tree_compiled.h): it is field for field the tree
 * the loader reads from wizard/main.yaml, and it stands in for that YAML
 * only while every file it came from is byte for byte unchanged. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/loader.h"
#include "core/tree.h"
#include "core/tree_compiled.h"
#include "core/util.h"
#include "unit.h"

static void
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Positions: the compiled tree names files relative to the root's folder,
 * the loader as it opened them (ROOTDIR/NAME). */
static void
same_pos(const sw_pos *c, const sw_pos *l, size_t dir_len)
{
	assert_int_equal(c->line, l->line);
	assert_int_equal(c->col, l->col);
	if (c->file == NULL || l->file == NULL)
		assert_ptr_equal(c->file, l->file);
	else
		assert_string_equal(c->file, l->file + dir_len);
}

static void
same_node(const sw_node *c, const sw_node *l, size_t dl)
{
	size_t i, j;

	same_str(c->id, l->id);
	assert_int_equal(c->kind, l->kind);
	same_pos(&c->pos, &l->pos, dl);
	same_str(c->title, l->title);
	same_str(c->explanation, l->explanation);
	assert_int_equal(c->n_facts, l->n_facts);
	for (i = 0; i < c->n_facts; i++) {
		same_str(c->facts[i], l->facts[i]);
		same_pos(&c->fact_pos[i], &l->fact_pos[i], dl);
	}
	same_str(c->probe, l->probe);
	same_pos(&c->probe_pos, &l->probe_pos, dl);
	assert_int_equal(c->n_edges, l->n_edges);
	for (i = 0; i < c->n_edges; i++) {
		same_str(c->edges[i].outcome, l->edges[i].outcome);
		same_str(c->edges[i].next, l->edges[i].next);
		same_pos(&c->edges[i].pos, &l->edges[i].pos, dl);
		same_pos(&c->edges[i].next_pos, &l->edges[i].next_pos, dl);
	}
	assert_int_equal(c->n_choices, l->n_choices);
	for (i = 0; i < c->n_choices; i++) {
		same_str(c->choices[i].id, l->choices[i].id);
		same_str(c->choices[i].label, l->choices[i].label);
		same_str(c->choices[i].next, l->choices[i].next);
		same_pos(&c->choices[i].pos, &l->choices[i].pos, dl);
		same_pos(&c->choices[i].next_pos, &l->choices[i].next_pos, dl);
	}
	same_str(c->default_choice, l->default_choice);
	same_pos(&c->default_pos, &l->default_pos, dl);
	same_str(c->cause, l->cause);
	same_pos(&c->cause_pos, &l->cause_pos, dl);
	assert_int_equal(c->n_suggest, l->n_suggest);
	for (i = 0; i < c->n_suggest; i++) {
		const sw_suggest *cs = &c->suggest[i], *ls = &l->suggest[i];

		assert_int_equal(cs->where, ls->where);
		same_str(cs->command, ls->command);
		same_str(cs->why, ls->why);
		same_pos(&cs->pos, &ls->pos, dl);
		assert_int_equal(cs->n_when, ls->n_when);
		for (j = 0; j < cs->n_when; j++) {
			same_str(cs->when[j].key, ls->when[j].key);
			same_str(cs->when[j].value, ls->when[j].value);
			assert_int_equal(cs->when[j].negate, ls->when[j].negate);
			same_pos(&cs->when[j].pos, &ls->when[j].pos, dl);
		}
	}
}

static void
test_same_as_yaml(void **state)
{
	char *path = xasprintf("%s/wizard/main.yaml", unit_srcdir());
	const sw_tree *c = sw_tree_shipped.tree;
	size_t dl = strlen(path) - strlen("main.yaml"), i;
	sw_diags d = { 0 };
	sw_tree *l;

	(void)state;
	l = tree_load(path, &d);
	assert_non_null(l);
	assert_int_equal(d.n, 0);
	same_str(c->start, l->start);
	same_pos(&c->start_pos, &l->start_pos, dl);
	assert_int_equal(c->n_files, l->n_files);
	assert_int_equal(sw_tree_shipped.n_sources, l->n_files);
	for (i = 0; i < c->n_files; i++) {
		assert_string_equal(c->files[i], l->files[i] + dl);
		assert_string_equal(sw_tree_shipped.sources[i].name, c->files[i]);
	}
	assert_int_equal(c->n_nodes, l->n_nodes);
	for (i = 0; i < c->n_nodes; i++)
		same_node(c->nodes[i], l->nodes[i], dl);
	/* The source tree is the one it was compiled from. */
	assert_ptr_equal(tree_compiled_match(&sw_tree_shipped, path), c);
	tree_free(l);
	diags_free(&d);
	free(path);
}

/* Copies every source file of the compiled tree into dir. */
static void
copy_tree(const char *dir)
{
	size_t i;

	for (i = 0; i < sw_tree_shipped.n_sources; i++) {
		char *from = xasprintf("%s/wizard/%s", unit_srcdir(),
		    sw_tree_shipped.sources[i].name);
		char *cmd = xasprintf("cp '%s' '%s/'", from, dir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
		free(from);
	}
}

/* Flips the lowest bit of byte `at` of dir/name (from its end when at < 0):
 * the same size, other contents. */
static void
poke(const char *dir, const char *name, long at)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "r+");
	int c;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	assert_int_not_equal(c = fgetc(fp), EOF);
	assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	assert_int_not_equal(fputc(c ^ 1, fp), EOF);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static void
test_changed_yaml_rejected(void **state)
{
	char *dir = unit_tmpdir(), *root = xasprintf("%s/main.yaml", dir);
	char *other, *moved;
	const char *last;

	(void)state;
	assert_true(sw_tree_shipped.n_sources > 1);
	last = sw_tree_shipped.sources[sw_tree_shipped.n_sources - 1].name;
	copy_tree(dir);
	/* An identical copy anywhere is the same tree. */
	assert_ptr_equal(tree_compiled_match(&sw_tree_shipped, root),
	    sw_tree_shipped.tree);

	/* One byte changed in an included file, same size: rejected. */
	poke(dir, last, 0);
	assert_null(tree_compiled_match(&sw_tree_shipped, root));
	copy_tree(dir);
	assert_non_null(tree_compiled_match(&sw_tree_shipped, root));

	/* A line added to the root: rejected. */
	other = xasprintf("echo '# more' >> '%s'", root);
	assert_int_equal(system(other), 0);
	free(other);
	assert_null(tree_compiled_match(&sw_tree_shipped, root));
	copy_tree(dir);

	/* An included file missing: rejected. */
	other = xasprintf("%s/%s", dir, last);
	moved = xasprintf("%s/%s.away", dir, last);
	assert_int_equal(rename(other, moved), 0);
	assert_null(tree_compiled_match(&sw_tree_shipped, root));
	assert_int_equal(rename(moved, other), 0);
	assert_non_null(tree_compiled_match(&sw_tree_shipped, root));

	/* The last byte of the root changed: rejected. */
	poke(dir, "main.yaml", -1);
	assert_null(tree_compiled_match(&sw_tree_shipped, root));

	/* No such root, or nothing compiled. */
	assert_null(tree_compiled_match(&sw_tree_shipped, "/nonexistent/x"));
	assert_null(tree_compiled_match(NULL, root));
	free(other);
	free(moved);
	free(root);
	unit_rmtree(dir);
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a 64 of "a", and the same fed in two pieces. */
	assert_true(tree_compiled_hash(TREE_HASH_INIT, "a", 1) ==
	    UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(tree_compiled_hash(tree_compiled_hash(TREE_HASH_INIT,
	    "fo", 2), "o", 1) == tree_compiled_hash(TREE_HASH_INIT, "foo", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_yaml),
		cmocka_unit_test(test_changed_yaml_rejected),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
