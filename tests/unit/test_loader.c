/* The YAML loader: the shipped tree, trees split over files, every field and
 * its position, the loader's own errors, and every broken tree in
 * tests/trees/bad/ against the expectation written in its first lines. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/cause.h"
#include "core/diag.h"
#include "core/loader.h"
#include "core/probe.h"
#include "core/shquote.h"
#include "core/tree.h"
#include "core/util.h"
#include "core/validate.h"
#include "unit.h"

static const sw_registry no_probes = { NULL, 0 };

/* Loads dir/name; the path of the root goes to *rootp (caller frees). */
static sw_tree *
load_text(const char *dir, const char *name, const char *text, sw_diags *d,
    char **rootp)
{
	char *root = unit_write(dir, name, text);
	sw_tree *t = tree_load(root, d);

	if (rootp != NULL)
		*rootp = root;
	else
		free(root);
	return t;
}

static const sw_node *
find(const sw_tree *t, const char *id)
{
	const sw_node *n = tree_find(t, id);

	assert_non_null(n);
	return n;
}

static void
test_shipped_tree(void **state)
{
	char *path = xasprintf("%s/wizard/main.yaml", unit_srcdir());
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	t = tree_load(path, &d);
	assert_non_null(t);
	tree_validate(t, &sw_builtin_probes, &d);
	unit_assert_diags(&d, NULL, "");
	assert_true(t->n_nodes >= 3);
	assert_non_null(tree_find(t, t->start));
	assert_string_equal(t->files[0], path);
	tree_free(t);
	diags_free(&d);
	free(path);
}

/* Reads a whole text file.  Caller frees. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	sbuf b = { 0 };
	char buf[4096];
	size_t got;

	assert_non_null(f);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_addn(&b, buf, got);
	fclose(f);
	return sbuf_steal(&b);
}

/* wizard/README.md stays true: its example tree is valid (give or take
 * outcomes a probe gains), and it documents every cause and placeholder. */
static void
test_readme(void **state)
{
	char *path = xasprintf("%s/wizard/README.md", unit_srcdir());
	char *doc = slurp(path), *start, *end, *example, *dir, *want;
	sw_diags d = { 0 };
	sw_tree *t;
	const char *const *p;
	size_t i;

	(void)state;
	start = strstr(doc, "## A small complete tree");
	assert_non_null(start);
	start = strstr(start, "```yaml\n");
	assert_non_null(start);
	start += 8;
	end = strstr(start, "```");
	assert_non_null(end);
	example = xstrndup(start, (size_t)(end - start));
	dir = unit_tmpdir();
	t = load_text(dir, "example.yaml", example, &d, NULL);
	assert_non_null(t);
	unit_assert_diags(&d, NULL, "");
	tree_validate(t, &sw_builtin_probes, &d);
	for (i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, "has no edge for outcome") == NULL)
			fail_msg("README example: %d:%d: %s", d.v[i].line,
			    d.v[i].col, d.v[i].msg);
	assert_true(t->n_nodes >= 6);
	tree_free(t);
	diags_free(&d);
	unit_rmtree(dir);
	free(example);

	for (i = 0; cause_at(i) != NULL; i++) {
		want = xasprintf("| `%s` ", cause_at(i));
		if (strstr(doc, want) == NULL)
			fail_msg("wizard/README.md does not document cause %s",
			    cause_at(i));
		free(want);
	}
	for (p = sw_placeholder_names; *p != NULL; p++) {
		want = xasprintf("| `{%s}` ", *p);
		if (strstr(doc, want) == NULL)
			fail_msg("wizard/README.md does not document {%s}", *p);
		free(want);
	}
	free(doc);
	free(path);
}

/* Every field lands in the tree with the position of its YAML node. */
static void
test_fields(void **state)
{
	char *dir = unit_tmpdir(), *root;
	sw_diags d = { 0 };
	sw_tree *t;
	const sw_node *n;

	(void)state;
	t = load_text(dir, "fields.yaml",
	    "start: p\n"
	    "nodes:\n"
	    "  - id: p\n"
	    "    kind: probe\n"
	    "    title: Probe it\n"
	    "    explanation: >\n"
	    "      Folded\n"
	    "      text.\n"
	    "    probe: test.probe\n"
	    "    on:\n"
	    "      up: q\n"
	    "      \"down\": 'v.x'\n"
	    "  - {id: q, kind: question, title: Ask, default: no,\n"
	    "     choices: [{id: yes, label: Yes, next: v.x},\n"
	    "               {id: no, label: No, next: v.x}]}\n"
	    "  - id: v.x\n"
	    "    kind: verdict\n"
	    "    cause: port.refused\n"
	    "    title: 'It''s refused'\n"
	    "    explanation:\n"
	    "    suggest:\n"
	    "      - where: server\n"
	    "        command: sudo ss -tlnp 'sport = :{port}'\n"
	    "        why: Shows the listener.\n"
	    "      - command: ssh -v {user}@{host}\n"
	    "        where: client\n",
	    &d, &root);
	unit_assert_diags(&d, NULL, "");
	assert_non_null(t);
	assert_int_equal(t->n_files, 1);
	assert_string_equal(t->files[0], root);
	assert_string_equal(t->start, "p");
	assert_ptr_equal(t->start_pos.file, t->files[0]);
	assert_int_equal(t->start_pos.line, 1);
	assert_int_equal(t->start_pos.col, 8);
	assert_int_equal(t->n_nodes, 3);

	n = find(t, "p");
	assert_int_equal(n->kind, SW_NODE_PROBE);
	assert_ptr_equal(n->pos.file, t->files[0]);
	assert_int_equal(n->pos.line, 3);
	assert_int_equal(n->pos.col, 5);
	assert_string_equal(n->title, "Probe it");
	assert_string_equal(n->explanation, "Folded text.\n");
	assert_string_equal(n->probe, "test.probe");
	assert_int_equal(n->probe_pos.line, 9);
	assert_int_equal(n->probe_pos.col, 12);
	assert_int_equal(n->n_edges, 2);
	assert_string_equal(n->edges[0].outcome, "up");
	assert_string_equal(n->edges[0].next, "q");
	assert_int_equal(n->edges[0].pos.line, 11);
	assert_int_equal(n->edges[0].pos.col, 7);
	assert_int_equal(n->edges[0].next_pos.col, 11);
	assert_string_equal(n->edges[1].outcome, "down");
	assert_string_equal(n->edges[1].next, "v.x");
	assert_int_equal(n->edges[1].next_pos.line, 12);
	assert_int_equal(n->edges[1].next_pos.col, 15);

	n = find(t, "q");
	assert_int_equal(n->kind, SW_NODE_QUESTION);
	assert_int_equal(n->pos.line, 13);
	assert_int_equal(n->pos.col, 5);	/* the brace */
	assert_string_equal(n->default_choice, "no");	/* not a boolean */
	assert_int_equal(n->default_pos.line, 13);
	assert_int_equal(n->default_pos.col, 50);
	assert_int_equal(n->n_choices, 2);
	assert_string_equal(n->choices[0].id, "yes");
	assert_string_equal(n->choices[0].label, "Yes");
	assert_string_equal(n->choices[0].next, "v.x");
	assert_int_equal(n->choices[0].pos.line, 14);
	assert_int_equal(n->choices[0].pos.col, 16);
	assert_int_equal(n->choices[1].pos.line, 15);
	assert_int_equal(n->choices[1].next_pos.col, 42);
	assert_ptr_equal(node_choice(n, "no"), &n->choices[1]);

	n = find(t, "v.x");
	assert_int_equal(n->kind, SW_NODE_VERDICT);
	assert_string_equal(n->title, "It's refused");
	assert_null(n->explanation);	/* empty counts as absent */
	assert_string_equal(n->cause, "port.refused");
	assert_int_equal(n->cause_pos.line, 18);
	assert_int_equal(n->cause_pos.col, 12);
	assert_int_equal(n->n_suggest, 2);
	assert_int_equal(n->suggest[0].where, SW_WHERE_SERVER);
	assert_string_equal(n->suggest[0].command,
	    "sudo ss -tlnp 'sport = :{port}'");
	assert_string_equal(n->suggest[0].why, "Shows the listener.");
	assert_int_equal(n->suggest[0].pos.line, 23);
	assert_int_equal(n->suggest[0].pos.col, 18);
	assert_int_equal(n->suggest[1].where, SW_WHERE_CLIENT);
	assert_null(n->suggest[1].why);
	assert_int_equal(n->suggest[1].pos.line, 25);

	tree_free(t);
	diags_free(&d);
	free(root);
	unit_rmtree(dir);
}

/* A tree over four files in three folders: paths are joined with the
 * including file's folder, files are listed root first in the order read,
 * and every position points into t->files. */
static void
test_include_split(void **state)
{
	char *dir = unit_tmpdir(), *root, *want;
	sw_diags d = { 0 };
	sw_tree *t;
	size_t i, j;

	(void)state;
	free(unit_write(dir, "parts/questions.yaml",
	    "include:\n"
	    "  - more/last.yaml\n"
	    "nodes:\n"
	    "  - id: q1\n"
	    "    kind: question\n"
	    "    title: First?\n"
	    "    choices:\n"
	    "      - {id: a, label: A, next: q2}\n"));
	free(unit_write(dir, "parts/more/last.yaml",
	    "nodes:\n"
	    "  - id: q2\n"
	    "    kind: question\n"
	    "    title: Second?\n"
	    "    choices:\n"
	    "      - {id: a, label: A, next: v}\n"));
	free(unit_write(dir, "verdicts.yaml",
	    "# Only verdicts here.\n"
	    "nodes:\n"
	    "  - {id: v, kind: verdict, cause: ok, title: Done}\n"));
	t = load_text(dir, "root.yaml",
	    "start: q1\n"
	    "include:\n"
	    "  - parts/questions.yaml\n"
	    "  - verdicts.yaml\n", &d, &root);
	assert_non_null(t);
	tree_validate(t, &no_probes, &d);
	unit_assert_diags(&d, NULL, "");
	assert_int_equal(t->n_files, 4);
	assert_string_equal(t->files[0], root);
	want = xasprintf("%s/parts/questions.yaml", dir);
	assert_string_equal(t->files[1], want);
	free(want);
	want = xasprintf("%s/parts/more/last.yaml", dir);
	assert_string_equal(t->files[2], want);
	free(want);
	want = xasprintf("%s/verdicts.yaml", dir);
	assert_string_equal(t->files[3], want);
	free(want);

	assert_int_equal(t->n_nodes, 3);
	assert_ptr_equal(find(t, "q1")->pos.file, t->files[1]);
	assert_ptr_equal(find(t, "q2")->pos.file, t->files[2]);
	assert_ptr_equal(find(t, "q2")->choices[0].next_pos.file, t->files[2]);
	assert_ptr_equal(find(t, "v")->pos.file, t->files[3]);
	assert_int_equal(find(t, "v")->pos.line, 3);
	assert_int_equal(find(t, "v")->pos.col, 5);
	for (i = 0; i < t->n_nodes; i++) {
		for (j = 0; j < t->n_files; j++)
			if (t->nodes[i]->pos.file == t->files[j])
				break;
		assert_true(j < t->n_files);
	}
	tree_free(t);
	diags_free(&d);
	free(root);
	unit_rmtree(dir);
}

/* The good trees in tests/trees/ load and validate clean; split.yaml's nodes
 * come from the files that hold them. */
static void
test_good_trees(void **state)
{
	char *dir = xasprintf("%s/tests/trees", unit_srcdir()), *path;
	size_t i, n = 0;
	struct dirent *e;
	sw_diags d = { 0 };
	sw_tree *t;
	DIR *dp;

	(void)state;
	assert_non_null(dp = opendir(dir));
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		t = tree_load(path, &d);
		if (t != NULL)
			tree_validate(t, &sw_builtin_probes, &d);
		unit_assert_diags(&d, NULL, "");
		assert_non_null(t);
		tree_free(t);
		free(path);
		n++;
	}
	closedir(dp);
	assert_true(n >= 2);

	path = xasprintf("%s/split.yaml", dir);
	t = tree_load(path, &d);
	assert_non_null(t);
	assert_int_equal(t->n_files, 4);
	assert_string_equal(t->files[0], path);
	free(path);
	{
		static const struct {
			const char *id, *file;
			int line;
		} where[] = {
			{ "q_worked", "split/questions.yaml", 5 },
			{ "q_changed", "split/more.yaml", 3 },
			{ "v_hostkey", "split/verdicts.yaml", 3 },
			{ "v_unknown", "split/verdicts.yaml", 20 },
		};

		for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
			const sw_node *nd = find(t, where[i].id);
			char *want = xasprintf("%s/%s", dir, where[i].file);

			assert_string_equal(nd->pos.file, want);
			assert_int_equal(nd->pos.line, where[i].line);
			assert_int_equal(nd->pos.col, 5);
			free(want);
		}
	}
	assert_string_equal(find(t, "v_hostkey")->suggest[1].command,
	    "ssh-keygen -R {known_host_name} -f {known_hosts}");
	tree_free(t);
	diags_free(&d);
	free(dir);
}

/* An unreadable root yields no tree and FILE:0:0; an unreadable include is
 * reported at its entry and the rest still loads. */
static void
test_unreadable(void **state)
{
	char *dir = unit_tmpdir(), *path, *want;
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	path = xasprintf("%s/nothing-here.yaml", dir);
	assert_null(tree_load(path, &d));
	want = xasprintf("%s:0:0: cannot read: %s\n", path, strerror(ENOENT));
	unit_assert_diags(&d, NULL, want);
	free(want);
	free(path);
	diags_free(&d);

	assert_null(tree_load(dir, &d));	/* a folder */
	want = xasprintf("%s:0:0: cannot read: %s\n", dir, strerror(EISDIR));
	unit_assert_diags(&d, NULL, want);
	free(want);
	diags_free(&d);

	path = xasprintf("%s/", dir);
	t = load_text(dir, "root.yaml",
	    "start: v\n"
	    "include: [gone.yaml]\n"
	    "nodes:\n"
	    "  - {id: v, kind: verdict, cause: ok, title: Done}\n", &d, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_nodes, 1);
	want = xasprintf("root.yaml:2:11: cannot read 'gone.yaml': %s\n",
	    strerror(ENOENT));
	unit_assert_diags(&d, path, want);
	free(want);
	tree_free(t);
	diags_free(&d);
	free(path);
	unit_rmtree(dir);
}

/* A file over the size cap is refused before parsing. */
static void
test_too_large(void **state)
{
	char *dir = unit_tmpdir(), *big = xmalloc(5 * 1024 * 1024 + 1), *want;
	char *path;
	sw_diags d = { 0 };

	(void)state;
	memset(big, '#', 5 * 1024 * 1024);
	big[5 * 1024 * 1024] = '\0';
	path = unit_write(dir, "big.yaml", big);
	assert_null(tree_load(path, &d));
	want = xasprintf("%s:0:0: cannot read: %s\n", path, strerror(EFBIG));
	unit_assert_diags(&d, NULL, want);
	free(want);
	free(path);
	free(big);
	diags_free(&d);
	unit_rmtree(dir);
}

/* Anchors and aliases cannot make the loader expand without bound: the
 * document is measured with its aliases expanded, each distinct node once,
 * before it is walked (the "billion laughs" tree of the fuzz campaign). */
static void
test_alias_budget(void **state)
{
	char *dir = unit_tmpdir(), *prefix = xasprintf("%s/", dir);
	sw_diags d = { 0 };
	sbuf b = { 0 };
	sw_tree *t;
	int i, k;
	char *text;

	(void)state;
	sbuf_add(&b, "x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++) {
		sbuf_addf(&b, "x%d: &a%d [", i, i);
		for (k = 0; k < 10; k++)
			sbuf_addf(&b, "%s*a%d", k ? ", " : "", i - 1);
		sbuf_add(&b, "]\n");
	}
	sbuf_add(&b, "nodes: *a8\n");
	text = sbuf_steal(&b);
	assert_null(load_text(dir, "laughs.yaml", text, &d, NULL));
	unit_assert_diags(&d, prefix,
	    "laughs.yaml:5:5: this YAML expands to more than 100000 nodes "
	    "(aliases included): a tree file may hold at most that\n");
	diags_free(&d);
	free(text);

	/* One long scalar, aliased many times. */
	sbuf_add(&b, "s: &s '");
	for (i = 0; i < 1024 * 1024; i++)
		sbuf_addc(&b, 'x');
	sbuf_add(&b, "'\nnodes: [");
	for (i = 0; i < 20; i++)
		sbuf_addf(&b, "%s*s", i ? ", " : "");
	sbuf_add(&b, "]\n");
	text = sbuf_steal(&b);
	assert_null(load_text(dir, "long.yaml", text, &d, NULL));
	unit_assert_diags(&d, prefix,
	    "long.yaml:2:8: this YAML expands to more than 16 MB of text "
	    "(aliases included): a tree file may hold at most that\n");
	diags_free(&d);
	free(text);

	/* An alias to the sequence that holds it. */
	assert_null(load_text(dir, "self.yaml", "nodes: &a [x, *a]\n", &d,
	    NULL));
	unit_assert_diags(&d, prefix,
	    "self.yaml:1:8: an alias refers to the node that holds it\n");
	diags_free(&d);

	/* Nesting deeper than any tree needs. */
	sbuf_add(&b, "nodes: ");
	for (i = 0; i < 100; i++)
		sbuf_addc(&b, '[');
	for (i = 0; i < 100; i++)
		sbuf_addc(&b, ']');
	sbuf_addc(&b, '\n');
	text = sbuf_steal(&b);
	assert_null(load_text(dir, "deep.yaml", text, &d, NULL));
	unit_assert_diags(&d, prefix,
	    "deep.yaml:1:72: nested more than 64 levels deep\n");
	diags_free(&d);
	free(text);

	/* Aliases within the budget still load. */
	t = load_text(dir, "ok.yaml",
	    "start: v\n"
	    "nodes:\n"
	    "  - &v {id: v, kind: verdict, cause: ok, title: Done}\n"
	    "x: [*v, *v]\n", &d, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_nodes, 1);
	unit_assert_diags(&d, prefix, "ok.yaml:4:1: unknown key 'x'\n");
	tree_free(t);
	diags_free(&d);
	free(prefix);
	unit_rmtree(dir);
}

/* A syntax error in an included file stops that file only. */
static void
test_syntax_error_in_include(void **state)
{
	char *dir = unit_tmpdir(), *prefix = xasprintf("%s/", dir);
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	free(unit_write(dir, "broken.yaml",
	    "nodes:\n"
	    "  - id: x\n"
	    "    title: \"open quote\n"));
	t = load_text(dir, "root.yaml",
	    "start: v\n"
	    "include: [broken.yaml]\n"
	    "nodes:\n"
	    "  - {id: v, kind: verdict, cause: ok, title: Done}\n", &d, NULL);
	assert_non_null(t);
	assert_int_equal(t->n_nodes, 1);
	assert_int_equal(t->n_files, 2);
	unit_assert_diags(&d, prefix,
	    "broken.yaml:4:1: found unexpected end of stream (while scanning "
	    "a quoted scalar at line 3)\n");
	tree_free(t);
	diags_free(&d);

	/* In the root: no tree at all. */
	assert_null(load_text(dir, "flow.yaml", "nodes: [1, 2\n", &d, NULL));
	unit_assert_diags(&d, prefix,
	    "flow.yaml:2:1: did not find expected ',' or ']' (while parsing a "
	    "flow sequence at line 1)\n");
	diags_free(&d);
	assert_null(load_text(dir, "tab.yaml", "nodes:\n\t- id: x\n", &d, NULL));
	unit_assert_diags(&d, prefix,
	    "tab.yaml:2:1: found character that cannot start any token "
	    "(a tab: indent YAML with spaces)\n");
	diags_free(&d);
	assert_null(load_text(dir, "utf8.yaml", "start: \xc3\x28\n", &d, NULL));
	unit_assert_diags(&d, prefix,
	    "utf8.yaml:1:9: invalid trailing UTF-8 octet\n");
	diags_free(&d);
	free(prefix);
	unit_rmtree(dir);
}

/* Values of the wrong shape, each reported once where it stands. */
static void
test_wrong_types(void **state)
{
	char *dir = unit_tmpdir(), *prefix = xasprintf("%s/", dir);
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	t = load_text(dir, "types.yaml",
	    "start: [p]\n"
	    "include: other.yaml\n"
	    "nodes:\n"
	    "  - just a string\n"
	    "  - id: p\n"
	    "    kind: probe\n"
	    "    title: {a: b}\n"
	    "    probe: x\n"
	    "    on: [a, b]\n"
	    "  - id: q\n"
	    "    kind: question\n"
	    "    title: Q\n"
	    "    choices: \"yes, no\"\n"
	    "  - id: q2\n"
	    "    kind: question\n"
	    "    title: Q2\n"
	    "    choices:\n"
	    "      - plain\n"
	    "      - {id: Bad Id, label: [x], next: ''}\n"
	    "      - {id: ok, next: v, extra: 1}\n"
	    "  - id: v\n"
	    "    kind: verdict\n"
	    "    title: V\n"
	    "    cause: ok\n"
	    "    suggest: {where: client}\n"
	    "  - id: v2\n"
	    "    kind: verdict\n"
	    "    title: V2\n"
	    "    cause: ok\n"
	    "    suggest:\n"
	    "      - 42\n"
	    "      - {why: Because}\n"
	    "      - {where: [client], command: \"a\\0b\"}\n"
	    "  - ? [complex]\n"
	    "    : key\n"
	    "    id: k\n", &d, NULL);
	assert_non_null(t);
	unit_assert_diags(&d, prefix,
	    "types.yaml:1:8: 'start' must be a string\n"
	    "types.yaml:2:10: 'include' must be a sequence\n"
	    "types.yaml:4:5: a node must be a mapping\n"
	    "types.yaml:7:12: 'title' must be a string\n"
	    "types.yaml:9:9: 'on' must be a mapping\n"
	    "types.yaml:13:14: 'choices' must be a sequence\n"
	    "types.yaml:18:9: a choice must be a mapping\n"
	    "types.yaml:19:14: invalid choice id 'Bad Id': use only a-z, 0-9, "
	    "'_', '.' and '-'\n"
	    "types.yaml:19:29: 'label' must be a string\n"
	    "types.yaml:19:40: 'next' must not be empty\n"
	    "types.yaml:20:9: choice 'ok' has no 'label'\n"
	    "types.yaml:20:27: unknown key 'extra'\n"
	    "types.yaml:25:14: 'suggest' must be a sequence\n"
	    "types.yaml:31:9: a suggestion must be a mapping\n"
	    "types.yaml:32:9: a suggestion has no 'where'\n"
	    "types.yaml:32:9: a suggestion has no 'command'\n"
	    "types.yaml:33:17: 'where' must be a string\n"
	    "types.yaml:33:36: 'command' must not contain a NUL character\n"
	    "types.yaml:34:5: node 'k' has no 'kind'\n"
	    "types.yaml:34:5: node 'k' has no 'title'\n"
	    "types.yaml:34:7: a key must be a string\n");
	tree_free(t);
	diags_free(&d);

	/* The top level must be a mapping: no tree. */
	assert_null(load_text(dir, "list.yaml", "- a\n- b\n", &d, NULL));
	unit_assert_diags(&d, prefix,
	    "list.yaml:1:1: the top level must be a mapping\n");
	diags_free(&d);
	free(prefix);
	unit_rmtree(dir);
}

/* Keys: unknown, repeated (libyaml keeps both), for another kind, and the
 * kind guessed from them when it is missing or unknown. */
static void
test_keys(void **state)
{
	char *dir = unit_tmpdir(), *prefix = xasprintf("%s/", dir);
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	t = load_text(dir, "keys.yaml",
	    "start: p\n"
	    "strat: p\n"
	    "nodes:\n"
	    "  - id: p\n"
	    "    kind: probe\n"
	    "    title: P\n"
	    "    probe: x\n"
	    "    cause: ok\n"
	    "    on:\n"
	    "      a: v\n"
	    "      b: v\n"
	    "      a: w\n"
	    "      c:\n"
	    "  - id: v\n"
	    "    title: V\n"
	    "    suggest: []\n"
	    "    id: w\n"
	    "  - id: w\n"
	    "    kind: verdikt\n"
	    "    title: W\n"
	    "    choices: []\n"
	    "  - id: x\n"
	    "    kind: probe\n"
	    "    title: X\n", &d, NULL);
	assert_non_null(t);
	unit_assert_diags(&d, prefix,
	    "keys.yaml:2:1: unknown key 'strat'\n"
	    "keys.yaml:8:5: key 'cause' belongs to verdict nodes\n"
	    "keys.yaml:12:7: duplicate key 'a' (first at line 10)\n"
	    "keys.yaml:13:7: outcome 'c' leads nowhere: give a node id\n"
	    "keys.yaml:14:5: node 'v' has no 'kind'\n"
	    "keys.yaml:17:5: duplicate key 'id' (first at line 14)\n"
	    "keys.yaml:19:11: unknown kind 'verdikt': use probe, question or "
	    "verdict\n"
	    "keys.yaml:22:5: node 'x' has no 'probe'\n");
	assert_int_equal(find(t, "v")->kind, SW_NODE_VERDICT);
	assert_int_equal(find(t, "w")->kind, SW_NODE_QUESTION);
	assert_int_equal(find(t, "p")->n_edges, 3);
	assert_string_equal(node_next(find(t, "p"), "a"), "v");
	tree_free(t);
	diags_free(&d);
	free(prefix);
	unit_rmtree(dir);
}

/* Includes: a cycle through two files, a file included twice, start in an
 * included file, an empty file, an absolute path. */
static void
test_includes(void **state)
{
	char *dir = unit_tmpdir(), *prefix = xasprintf("%s/", dir), *abs;
	char *text;
	sw_diags d = { 0 };
	sw_tree *t;

	(void)state;
	free(unit_write(dir, "a/one.yaml", "include: [../b/two.yaml]\n"));
	free(unit_write(dir, "b/two.yaml", "include: [../a/one.yaml]\n"
	    "start: v\n"));
	free(unit_write(dir, "empty.yaml", ""));
	abs = unit_write(dir, "abs.yaml",
	    "nodes: [{id: v, kind: verdict, cause: ok, title: V}]\n");
	text = xasprintf(
	    "start: v\n"
	    "include:\n"
	    "  - a/one.yaml\n"
	    "  - empty.yaml\n"
	    "  - ./empty.yaml\n"
	    "  - %s\n"
	    "  - root.yaml\n"
	    "  -\n", abs);
	t = load_text(dir, "root.yaml", text, &d, NULL);
	assert_non_null(t);
	unit_assert_diags(&d, prefix,
	    "a/../b/two.yaml:1:11: include cycle: '../a/one.yaml' is already "
	    "being read\n"
	    "a/../b/two.yaml:2:1: 'start' is allowed only in the root file\n"
	    "root.yaml:5:5: './empty.yaml' is included twice (first at line 4)\n"
	    "root.yaml:7:5: include cycle: 'root.yaml' is already being read\n"
	    "root.yaml:8:4: an 'include' entry must name a file\n");
	assert_int_equal(t->n_files, 5);
	assert_int_equal(t->n_nodes, 1);
	assert_string_equal(t->files[4], abs);
	assert_string_equal(t->start, "v");
	tree_free(t);
	diags_free(&d);

	/* Twice, from two files: the message names the first file. */
	free(unit_write(dir, "c.yaml", "include: [empty.yaml]\n"));
	t = load_text(dir, "root2.yaml",
	    "start: v\n"
	    "include: [empty.yaml, c.yaml, abs.yaml]\n", &d, NULL);
	assert_non_null(t);
	free(text);
	text = xasprintf("c.yaml:1:11: 'empty.yaml' is included twice (first at "
	    "%sroot2.yaml:2)\n", prefix);
	unit_assert_diags(&d, prefix, text);
	tree_free(t);
	diags_free(&d);
	free(text);
	free(abs);
	free(prefix);
	unit_rmtree(dir);
}

/* What a broken tree's first lines say: "# expect: " lines, each a problem
 * the file must produce, and "# allow: " lines, text that marks a further
 * problem as tolerated (a probe that gains outcomes). */
typedef struct expectation {
	char **want;		/* "FILE:LINE:COLUMN: message" */
	size_t n_want;
	char **allow;
	size_t n_allow;
} expectation;

static void
expectation_read(expectation *x, const char *path, const char *dir_prefix)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	assert_non_null(f);
	memset(x, 0, sizeof(*x));
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "# allow: ", 9) == 0) {
			x->allow = xreallocarray(x->allow, x->n_allow + 1,
			    sizeof(*x->allow));
			x->allow[x->n_allow++] = xstrdup(line + 9);
		} else if (strncmp(line, "# expect: ", 10) == 0) {
			const char *e = line + 10;

			x->want = xreallocarray(x->want, x->n_want + 1,
			    sizeof(*x->want));
			/* LINE:COL: in the file itself, else a path relative to
			 * its folder. */
			if (*e >= '0' && *e <= '9')
				x->want[x->n_want++] = xasprintf("%s:%s", path, e);
			else
				x->want[x->n_want++] = xasprintf("%s%s",
				    dir_prefix, e);
		} else
			break;
	}
	fclose(f);
}

static void
expectation_free(expectation *x)
{
	size_t i;

	for (i = 0; i < x->n_want; i++)
		free(x->want[i]);
	for (i = 0; i < x->n_allow; i++)
		free(x->allow[i]);
	free(x->want);
	free(x->allow);
}

/* 1 if the problems in d are exactly the expected ones, plus any that an
 * allow line tolerates. */
static int
expectation_met(const expectation *x, const sw_diags *d)
{
	unsigned char *used = xcalloc(x->n_want, 1);
	size_t i, j;
	int ok = x->n_want > 0;

	for (i = 0; i < d->n; i++) {
		char *got = diags_format(d, i);

		for (j = 0; j < x->n_want; j++)
			if (!used[j] && strcmp(x->want[j], got) == 0)
				break;
		if (j < x->n_want)
			used[j] = 1;
		else {
			for (j = 0; j < x->n_allow; j++)
				if (strstr(got, x->allow[j]) != NULL)
					break;
			if (j == x->n_allow)
				ok = 0;
		}
		free(got);
	}
	for (j = 0; j < x->n_want; j++)
		if (!used[j])
			ok = 0;
	free(used);
	return ok;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every tests/trees/bad/NAME.yaml: loading and validating against the built-in
 * probes gives exactly the problems its "# expect:" lines list (plus those
 * an "# allow:" line tolerates), in any order. */
static void
test_bad_trees(void **state)
{
	/* Each problem the task calls for, by the file that shows it. */
	static const char *const required[] = {
		"syntax-error", "tab-indentation", "unreadable-include",
		"include-cycle", "unknown-key", "wrong-type", "missing-title",
		"missing-kind", "unknown-kind", "bad-where", "start-in-include",
		"duplicate-id", "unknown-reference", "unknown-probe",
		"missing-outcome-edge", "undeclared-outcome-edge",
		"unreachable-node", "endless-loop", "verdict-without-cause",
		"unknown-cause", "bad-placeholder", "unclosed-placeholder",
		"question-without-choices", "unknown-default",
		"duplicate-choice-id", "no-start", "unknown-start",
	};
	char *dir = xasprintf("%s/tests/trees/bad", unit_srcdir());
	char *prefix = xasprintf("%s/", dir);
	char **names = NULL;
	size_t n = 0, i, j, failed = 0;
	struct dirent *e;
	DIR *dp;

	(void)state;
	assert_non_null(dp = opendir(dir));
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), name_cmp);
	assert_true(n >= 20);

	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]), *got;
		expectation x;
		sw_diags d = { 0 };
		sw_tree *t = tree_load(path, &d);

		if (t != NULL)
			tree_validate(t, &sw_builtin_probes, &d);
		expectation_read(&x, path, prefix);
		if (!expectation_met(&x, &d)) {
			got = unit_diags_text(&d, NULL);
			print_error("%s: found:\n%s", names[i], got);
			for (j = 0; j < x.n_want; j++)
				print_error("  wanted: %s\n", x.want[j]);
			free(got);
			failed++;
		}
		expectation_free(&x);
		tree_free(t);
		diags_free(&d);
		free(path);
	}
	for (j = 0; j < sizeof(required) / sizeof(required[0]); j++) {
		char *file = xasprintf("%s.yaml", required[j]);

		for (i = 0; i < n; i++)
			if (strcmp(names[i], file) == 0)
				break;
		if (i == n) {
			print_error("missing broken tree %s\n", file);
			failed++;
		}
		free(file);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(prefix);
	free(dir);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tree),
		cmocka_unit_test(test_readme),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_include_split),
		cmocka_unit_test(test_good_trees),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_syntax_error_in_include),
		cmocka_unit_test(test_alias_budget),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_bad_trees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
