/* The validator on small trees written to scratch files, checked against a
 * registry of probes defined here; partial trees built by hand; and a large
 * tree to show it stays linear and free of recursion. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "core/loader.h"
#include "core/probe.h"
#include "core/tree.h"
#include "core/util.h"
#include "core/validate.h"
#include "unit.h"

/* The test's probes: a door that is open or locked, a lamp that is on, off
 * or could not be checked.  Their run functions return fixed outcomes. */
static const sw_outcome door_outcomes[] = {
	{ "open", SW_STATE_PASS, "the door is open" },
	{ "locked", SW_STATE_FAIL, "the door is locked" },
	{ NULL, 0, NULL },
};

static const char *
door_run(sw_probe_ctx *ctx)
{
	(void)ctx;
	return "locked";
}

static const sw_probe_def probe_door = {
	.name = "test.door",
	.title = "Try the door",
	.outcomes = door_outcomes,
	.run = door_run,
};

static const sw_outcome lamp_outcomes[] = {
	{ "on", SW_STATE_PASS, "the lamp is on" },
	{ "off", SW_STATE_FAIL, "the lamp is off" },
	{ "unchecked", SW_STATE_UNCHECKED, "could not look" },
	{ NULL, 0, NULL },
};

static const char *
lamp_run(sw_probe_ctx *ctx)
{
	(void)ctx;
	return "unchecked";
}

static const sw_probe_def probe_lamp = {
	.name = "test.lamp",
	.title = "Look at the lamp",
	.outcomes = lamp_outcomes,
	.run = lamp_run,
};

static const sw_probe_def *const test_probes[] = { &probe_door, &probe_lamp };
static const sw_registry test_reg = { test_probes, 2 };

/* Nodes every test tree may end in. */
#define VERDICTS \
	"  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n" \
	"  - {id: v_bad, kind: verdict, cause: unknown, title: Not fine}\n"

typedef struct fixture {
	char *dir;
	char *prefix;	/* dir + "/" */
	sw_diags d;
	sw_tree *t;
	size_t returned;
} fixture;

static int
setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));

	f->dir = unit_tmpdir();
	f->prefix = xasprintf("%s/", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	tree_free(f->t);
	diags_free(&f->d);
	free(f->prefix);
	unit_rmtree(f->dir);
	free(f);
	return 0;
}

/* Writes text to dir/name, loads it (the load must succeed without a
 * problem) and validates it against the test registry. */
static void
run(fixture *f, const char *name, const char *text)
{
	char *path = unit_write(f->dir, name, text);

	tree_free(f->t);
	diags_free(&f->d);
	f->t = tree_load(path, &f->d);
	free(path);
	assert_non_null(f->t);
	unit_assert_diags(&f->d, f->prefix, "");
	f->returned = tree_validate(f->t, &test_reg, &f->d);
	assert_int_equal(f->returned, f->d.n);
}

static void
test_registry(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < test_reg.n; i++) {
		const sw_probe_def *p = test_reg.probes[i];

		assert_non_null(probe_outcome(p, p->run(NULL)));
		assert_ptr_equal(registry_find(&test_reg, p->name), p);
	}
	assert_null(registry_find(&test_reg, "dns.resolve"));
}

static void
test_clean(void **state)
{
	fixture *f = *state;

	run(f, "t.yaml",
	    "start: door\n"
	    "nodes:\n"
	    "  - id: door\n"
	    "    kind: probe\n"
	    "    title: Try the door\n"
	    "    probe: test.door\n"
	    "    on: {open: v_ok, locked: q}\n"
	    "  - id: q\n"
	    "    kind: question\n"
	    "    title: Have you got the key?\n"
	    "    default: \"no\"\n"
	    "    choices:\n"
	    "      - {id: \"yes\", label: Yes, next: door}\n"
	    "      - {id: \"no\", label: No, next: v_bad}\n"
	    "  - id: v_bad\n"
	    "    kind: verdict\n"
	    "    cause: unknown\n"
	    "    title: Locked out\n"
	    "    suggest:\n"
	    "      - where: client\n"
	    "        command: ssh -p {port} {user}@{host} # {{literal}}\n"
	    "      - where: server\n"
	    "        command: grep {ip} {known_hosts}; echo {client_ip}\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n");
	assert_int_equal(f->returned, 0);
}

static void
test_start(void **state)
{
	fixture *f = *state;

	run(f, "none.yaml", "# no start\nnodes:\n" VERDICTS);
	unit_assert_diags(&f->d, f->prefix,
	    "none.yaml:2:1: the tree has no 'start'\n");
	run(f, "null.yaml", "start:\nnodes:\n" VERDICTS);
	unit_assert_diags(&f->d, f->prefix,
	    "null.yaml:1:1: the tree has no 'start'\n");
	run(f, "unknown.yaml", "start: v_okay\nnodes:\n" VERDICTS);
	unit_assert_diags(&f->d, f->prefix,
	    "unknown.yaml:1:8: unknown start node 'v_okay'\n");
	run(f, "empty.yaml", "");
	unit_assert_diags(&f->d, f->prefix,
	    "empty.yaml:1:1: the tree has no 'start'\n");
}

/* Duplicates are reported at the second, naming the first; references go to
 * the first and the second is not called unreachable. */
static void
test_duplicate_ids(void **state)
{
	fixture *f = *state;
	char *want;

	run(f, "dup.yaml",
	    "start: v_ok\n"
	    "nodes:\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Twice}\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Thrice}\n");
	unit_assert_diags(&f->d, f->prefix,
	    "dup.yaml:4:5: duplicate node id 'v_ok' (first at line 3)\n"
	    "dup.yaml:5:5: duplicate node id 'v_ok' (first at line 3)\n");

	/* In another file, the message names the first one's file. */
	free(unit_write(f->dir, "more.yaml",
	    "nodes:\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Again}\n"));
	run(f, "dup2.yaml",
	    "start: v_ok\n"
	    "include: [more.yaml]\n"
	    "nodes:\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n");
	want = xasprintf("more.yaml:2:5: duplicate node id 'v_ok' (first at "
	    "%sdup2.yaml:4)\n", f->prefix);
	unit_assert_diags(&f->d, f->prefix, want);
	free(want);
}

static void
test_references(void **state)
{
	fixture *f = *state;

	run(f, "refs.yaml",
	    "start: door\n"
	    "nodes:\n"
	    "  - id: door\n"
	    "    kind: probe\n"
	    "    title: Door\n"
	    "    probe: test.door\n"
	    "    on:\n"
	    "      open: v_okk\n"
	    "      locked: q\n"
	    "  - id: q\n"
	    "    kind: question\n"
	    "    title: Q\n"
	    "    choices:\n"
	    "      - id: a\n"
	    "        label: A\n"
	    "        next: v_bad\n"
	    "      - id: b\n"
	    "        label: B\n"
	    "        next:   nowhere\n"
	    VERDICTS);
	/* v_ok is unreachable: its only way in was misspelt. */
	unit_assert_diags(&f->d, f->prefix,
	    "refs.yaml:8:13: unknown node 'v_okk'\n"
	    "refs.yaml:19:17: unknown node 'nowhere'\n"
	    "refs.yaml:20:5: node 'v_ok' cannot be reached from start\n");
}

static void
test_probe_nodes(void **state)
{
	fixture *f = *state;

	run(f, "p.yaml",
	    "start: door\n"
	    "nodes:\n"
	    "  - id: door\n"
	    "    kind: probe\n"
	    "    title: Door\n"
	    "    probe: test.door\n"
	    "    on:\n"
	    "      open: lamp\n"
	    "      ajar: v_ok\n"
	    "  - id: lamp\n"
	    "    kind: probe\n"
	    "    title: Lamp\n"
	    "    probe: test.lamp\n"
	    "    on: {}\n"
	    "  - id: dns\n"
	    "    kind: probe\n"
	    "    title: DNS\n"
	    "    probe: dns.resolve\n"
	    "    on: {resolved: v_ok}\n"
	    "  - id: lamp2\n"
	    "    kind: probe\n"
	    "    title: Lamp again\n"
	    "    probe: test.lamp\n"
	    "    on: {on: v_ok, unchecked: v_bad}\n"
	    VERDICTS);
	unit_assert_diags(&f->d, f->prefix,
	    "p.yaml:3:5: node 'door' has no edge for outcome 'locked' of probe "
	    "'test.door'\n"
	    "p.yaml:9:7: probe 'test.door' has no outcome 'ajar'\n"
	    "p.yaml:10:5: node 'lamp' has no 'on': map each outcome of probe "
	    "'test.lamp' to a node\n"
	    "p.yaml:15:5: node 'dns' cannot be reached from start\n"
	    "p.yaml:18:12: unknown probe 'dns.resolve'\n"
	    "p.yaml:20:5: node 'lamp2' has no edge for outcome 'off' of probe "
	    "'test.lamp'\n"
	    "p.yaml:20:5: node 'lamp2' cannot be reached from start\n"
	    "p.yaml:26:5: node 'v_bad' cannot be reached from start\n");
}

static void
test_questions(void **state)
{
	fixture *f = *state;

	run(f, "q.yaml",
	    "start: q\n"
	    "nodes:\n"
	    "  - id: q\n"
	    "    kind: question\n"
	    "    title: Q\n"
	    "    default: c\n"
	    "    choices:\n"
	    "      - {id: a, label: A, next: q2}\n"
	    "      - {id: b, label: B, next: v_ok}\n"
	    "      - {id: a, label: A again, next: v_bad}\n"
	    "      - {id: a, label: A thrice, next: v_bad}\n"
	    "  - id: q2\n"
	    "    kind: question\n"
	    "    title: Nothing to choose\n"
	    "    choices: []\n"
	    VERDICTS);
	unit_assert_diags(&f->d, f->prefix,
	    "q.yaml:6:14: default 'c' is not a choice of node 'q'\n"
	    "q.yaml:10:9: duplicate choice id 'a' (first at line 8)\n"
	    "q.yaml:11:9: duplicate choice id 'a' (first at line 8)\n"
	    "q.yaml:12:5: node 'q2' has no 'choices'\n");
}

static void
test_verdicts(void **state)
{
	fixture *f = *state;

	run(f, "v.yaml",
	    "start: q\n"
	    "nodes:\n"
	    "  - id: q\n"
	    "    kind: question\n"
	    "    title: Q\n"
	    "    choices:\n"
	    "      - {id: a, label: A, next: v1}\n"
	    "      - {id: b, label: B, next: v2}\n"
	    "      - {id: c, label: C, next: v3}\n"
	    "  - {id: v1, kind: verdict, title: No cause}\n"
	    "  - {id: v2, kind: verdict, title: Odd cause, cause: port.closed}\n"
	    "  - id: v3\n"
	    "    kind: verdict\n"
	    "    title: Commands\n"
	    "    cause: hostkey.changed\n"
	    "    suggest:\n"
	    "      - where: client\n"
	    "        command: ssh-keygen -R {hostnam}\n"
	    "      - where: client\n"
	    "        command: ssh -p {port {host}\n"
	    "      - where: server\n"
	    "        command: awk '{print $1}' /etc/hosts\n"
	    "      - where: server\n"
	    "        command: awk '{{print $1}}' {known_hosts}\n"
	    "      - where: client\n"
	    "        command: echo {}\n"
	    "      - where: client\n"
	    "        command: >-\n"
	    "          echo {user}\n"
	    "          {bad}\n");
	unit_assert_diags(&f->d, f->prefix,
	    "v.yaml:10:5: node 'v1' has no 'cause'\n"
	    "v.yaml:11:54: unknown cause 'port.closed'\n"
	    "v.yaml:18:18: unknown placeholder '{hostnam}' in command: "
	    "write '{{' for a literal brace\n"
	    "v.yaml:20:18: unclosed placeholder '{port' in command: write '{{' "
	    "for a literal brace\n"
	    "v.yaml:22:18: unknown placeholder '{print $1}' in command: "
	    "write '{{' for a literal brace\n"
	    "v.yaml:26:18: unknown placeholder '{}' in command: "
	    "write '{{' for a literal brace\n"
	    "v.yaml:28:18: unknown placeholder '{bad}' in command: "
	    "write '{{' for a literal brace\n");

	/* A placeholder inside shell quotes: its value is quoted when it is
	 * expanded, so the validator refuses it. */
	run(f, "quoted.yaml",
	    "start: v\n"
	    "nodes:\n"
	    "  - id: v\n"
	    "    kind: verdict\n"
	    "    title: Quotes\n"
	    "    cause: ok\n"
	    "    suggest:\n"
	    "      - where: server\n"
	    "        command: sudo ss -tnp 'sport = :{port}'\n"
	    "      - where: server\n"
	    "        command: echo \"user {user}\"\n"
	    "      - where: server\n"
	    "        command: echo 'it'\\''s' {user} \"a\\\"b\" {port}\n"
	    "      - where: server\n"
	    "        command: awk '{{print $1}}' {known_hosts}\n"
	    "      - where: server\n"
	    "        command: \"printf 'sshd: %s\\\\n' {client_ip}\"\n"
	    "      - where: server\n"
	    "        command: echo \\'{host}\\'\n");
	unit_assert_diags(&f->d, f->prefix,
	    "quoted.yaml:9:18: placeholder '{port}' inside quotes in command: "
	    "its value is quoted already, write it outside the quotes\n"
	    "quoted.yaml:11:18: placeholder '{user}' inside quotes in command: "
	    "its value is quoted already, write it outside the quotes\n");

	run(f, "brace.yaml",
	    "start: v\n"
	    "nodes:\n"
	    "  - id: v\n"
	    "    kind: verdict\n"
	    "    title: Braces\n"
	    "    cause: ok\n"
	    "    suggest:\n"
	    "      - {where: client, command: 'echo {host'}\n"
	    "      - {where: client, command: 'echo }'}\n"
	    "      - {where: client, command: 'echo {{host}}'}\n"
	    "      - {where: client, command: 'echo {{host}'}\n");
	unit_assert_diags(&f->d, f->prefix,
	    "brace.yaml:8:34: unclosed placeholder '{host' in command: write "
	    "'{{' for a literal brace\n"
	    "brace.yaml:9:34: unmatched '}' in command: write '}}' for a "
	    "literal brace\n"
	    "brace.yaml:11:34: unmatched '}' in command: write '}}' for a "
	    "literal brace\n");
}

/* Loops: each node that cannot reach a verdict is reported once, as on the
 * loop or as leading into it.  Unreachable nodes are reported as that only,
 * and a node whose edges are already broken does not count as a loop. */
static void
test_loops(void **state)
{
	fixture *f = *state;

	run(f, "loop.yaml",
	    "start: door\n"
	    "nodes:\n"
	    "  - id: door\n"
	    "    kind: probe\n"
	    "    title: Door\n"
	    "    probe: test.door\n"
	    "    on: {open: v_ok, locked: entry}\n"
	    "  - {id: entry, kind: question, title: E, choices: [{id: x, "
	    "label: X, next: ring1}]}\n"
	    "  - {id: ring1, kind: question, title: R1, choices: [{id: x, "
	    "label: X, next: ring2}]}\n"
	    "  - {id: ring2, kind: question, title: R2, choices: [{id: x, "
	    "label: X, next: ring1}, {id: y, label: Y, next: self}]}\n"
	    "  - id: self\n"
	    "    kind: probe\n"
	    "    title: Self\n"
	    "    probe: test.door\n"
	    "    on: {open: self, locked: self}\n"
	    "  - {id: broken, kind: question, title: B, choices: [{id: x, "
	    "label: X, next: gone}]}\n"
	    "  - {id: island1, kind: question, title: I1, choices: [{id: x, "
	    "label: X, next: island2}]}\n"
	    "  - {id: island2, kind: question, title: I2, choices: [{id: x, "
	    "label: X, next: island1}]}\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n");
	unit_assert_diags(&f->d, f->prefix,
	    "loop.yaml:8:5: node 'entry' leads only into a loop that never "
	    "reaches a verdict\n"
	    "loop.yaml:9:5: node 'ring1' is on a loop that never reaches a "
	    "verdict\n"
	    "loop.yaml:10:5: node 'ring2' is on a loop that never reaches a "
	    "verdict\n"
	    "loop.yaml:11:5: node 'self' is on a loop that never reaches a "
	    "verdict\n"
	    "loop.yaml:16:5: node 'broken' cannot be reached from start\n"
	    "loop.yaml:16:78: unknown node 'gone'\n"
	    "loop.yaml:17:5: node 'island1' cannot be reached from start\n"
	    "loop.yaml:18:5: node 'island2' cannot be reached from start\n");

	/* Without a usable start, loops are still found everywhere. */
	run(f, "nostart.yaml",
	    "start: nope\n"
	    "nodes:\n"
	    "  - {id: a, kind: question, title: A, choices: [{id: x, "
	    "label: X, next: a}]}\n"
	    "  - {id: b, kind: question, title: B, choices: [{id: x, "
	    "label: X, next: v_ok}]}\n"
	    "  - {id: v_ok, kind: verdict, cause: ok, title: Fine}\n");
	unit_assert_diags(&f->d, f->prefix,
	    "nostart.yaml:1:8: unknown start node 'nope'\n"
	    "nostart.yaml:3:5: node 'a' is on a loop that never reaches a "
	    "verdict\n");
}

/* A tree the loader left half built (or built by hand): NULL fields, NULL
 * nodes, no positions.  Nothing crashes and what can be said is said. */
static void
test_partial_tree(void **state)
{
	sw_tree t = { 0 };
	sw_node nodes[5], *ptrs[6];
	sw_edge edges[2];
	sw_choice choices[2];
	sw_suggest sug[1];
	char *files[1] = { "hand.yaml" };
	sw_diags d = { 0 };
	size_t n;

	(void)state;
	assert_int_equal(tree_validate(NULL, &test_reg, &d), 0);

	memset(nodes, 0, sizeof(nodes));
	memset(edges, 0, sizeof(edges));
	memset(choices, 0, sizeof(choices));
	memset(sug, 0, sizeof(sug));
	t.files = files;
	t.n_files = 1;
	t.nodes = ptrs;
	t.n_nodes = 6;
	ptrs[0] = &nodes[0];
	ptrs[1] = NULL;
	ptrs[2] = &nodes[1];
	ptrs[3] = &nodes[2];
	ptrs[4] = &nodes[3];
	ptrs[5] = &nodes[4];

	/* A probe node without id or probe, edges without outcome or next. */
	nodes[0].kind = SW_NODE_PROBE;
	nodes[0].edges = edges;
	nodes[0].n_edges = 2;
	edges[1].outcome = "open";
	/* A question with choices missing everything, and a default. */
	nodes[1].id = "q";
	nodes[1].kind = SW_NODE_QUESTION;
	nodes[1].choices = choices;
	nodes[1].n_choices = 2;
	nodes[1].default_choice = "x";
	/* A verdict without cause, a suggestion without command. */
	nodes[2].id = "v";
	nodes[2].kind = SW_NODE_VERDICT;
	nodes[2].suggest = sug;
	nodes[2].n_suggest = 1;
	/* A probe node with a known probe and no edges. */
	nodes[3].id = "p";
	nodes[3].kind = SW_NODE_PROBE;
	nodes[3].probe = "test.lamp";
	/* A question node without choices and without id. */
	nodes[4].kind = SW_NODE_QUESTION;

	n = tree_validate(&t, &test_reg, &d);
	assert_int_equal(n, d.n);
	unit_assert_diags(&d, NULL,
	    "hand.yaml:0:0: the tree has no 'start'\n"
	    "hand.yaml:0:0: default 'x' is not a choice of node 'q'\n"
	    "hand.yaml:0:0: node 'v' has no 'cause'\n"
	    "hand.yaml:0:0: node 'p' has no 'on': map each outcome of probe "
	    "'test.lamp' to a node\n"
	    "hand.yaml:0:0: a node has no 'choices'\n");
	diags_free(&d);

	/* No registry at all: every probe is unknown. */
	t.nodes = ptrs + 4;
	t.n_nodes = 1;
	t.start = "p";
	nodes[3].probe_pos.file = "hand.yaml";
	nodes[3].probe_pos.line = 3;
	nodes[3].probe_pos.col = 12;
	assert_int_equal(tree_validate(&t, NULL, &d), 1);
	unit_assert_diags(&d, NULL,
	    "hand.yaml:3:12: unknown probe 'test.lamp'\n");
	diags_free(&d);
}

typedef struct big_run {
	const sw_tree *t;
	sw_diags *d;
	size_t n;
} big_run;

static void *
big_validate(void *arg)
{
	big_run *r = arg;

	r->n = tree_validate(r->t, &test_reg, r->d);
	return NULL;
}

/* Validates t on a thread with a 256 KiB stack, where a recursive walk of a
 * long chain would overflow. */
static size_t
validate_small_stack(const sw_tree *t, sw_diags *d)
{
	big_run r = { t, d, 0 };
	pthread_attr_t attr;
	pthread_t th;

	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
	assert_int_equal(pthread_create(&th, &attr, big_validate, &r), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	pthread_attr_destroy(&attr);
	return r.n;
}

/* A chain of n question nodes n0 -> n1 -> ..., listed in a scrambled order,
 * ending in a verdict or, with loop set, back at n0. */
static sw_tree *
big_chain(size_t n, int loop)
{
	sw_tree *t = xcalloc(1, sizeof(*t));
	size_t i;

	t->files = xcalloc(1, sizeof(*t->files));
	t->files[0] = xstrdup("big.yaml");
	t->n_files = 1;
	t->nodes = xcalloc(n, sizeof(*t->nodes));
	t->n_nodes = n;
	for (i = 0; i < n; i++) {
		size_t k = (i * 7919) % n;	/* n is not a multiple of 7919 */
		sw_node *nd = xcalloc(1, sizeof(*nd));

		t->nodes[i] = nd;
		nd->id = xasprintf("n%zu", k);
		nd->pos.file = t->files[0];
		nd->pos.line = (int)k + 1;
		nd->pos.col = 1;
		if (k == n - 1 && !loop) {
			nd->kind = SW_NODE_VERDICT;
			nd->cause = xstrdup("ok");
			continue;
		}
		nd->kind = SW_NODE_QUESTION;
		nd->choices = xcalloc(1, sizeof(*nd->choices));
		nd->n_choices = 1;
		nd->choices[0].id = xstrdup("next");
		nd->choices[0].label = xstrdup("Next");
		nd->choices[0].next = xasprintf("n%zu", (k + 1) % n);
	}
	t->start = xstrdup("n0");
	return t;
}

/* A chain of 200 000 nodes and a loop of 30 000: linear work, and no
 * recursion (the check runs on a small stack).  The loop is smaller only
 * because adding each problem to a list costs more under valgrind. */
static void
test_large(void **state)
{
	enum { CHAIN = 200000, LOOP = 30000 };
	sw_diags d = { 0 };
	sw_tree *t;
	struct timespec t0, t1;
	double secs;
	size_t i;

	(void)state;
	t = big_chain(CHAIN, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(validate_small_stack(t, &d), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tree_free(t);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* Generous, for valgrind; a quadratic check takes many minutes. */
	assert_true(secs < 60.0);

	t = big_chain(LOOP, 1);
	assert_int_equal(validate_small_stack(t, &d), LOOP);
	/* Each node once, in tree order (diags_sort would be quadratic). */
	for (i = 0; i < LOOP; i++) {
		char *want = xasprintf("node '%s' is on a loop that never "
		    "reaches a verdict", t->nodes[i]->id);

		assert_string_equal(d.v[i].msg, want);
		assert_int_equal(d.v[i].line, t->nodes[i]->pos.line);
		free(want);
	}
	tree_free(t);
	diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test_setup_teardown(test_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_ids, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probe_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loops, setup, teardown),
		cmocka_unit_test(test_partial_tree),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
