/* Checking a loaded tree: references, probe outcomes, causes, placeholders,
 * reachability from start and loops that never reach a verdict.  Runs in
 * O((nodes + edges) log nodes) and copes with the NULL fields of a tree that
 * loaded with problems. */
#include "config.h"

#include "core/cause.h"
#include "core/i18n.h"
#include "core/shquote.h"
#include "core/util.h"
#include "core/validate.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_NODE SIZE_MAX

typedef struct named {
	const char *name;
	size_t idx;
} named;

typedef struct vctx {
	const sw_tree *t;
	const sw_registry *reg;
	sw_diags *d;
	size_t added;
	named *ids;		/* nodes with an id, sorted by id, then index */
	size_t n_ids;
	unsigned char *dup;	/* dup[i]: node i repeats an earlier id */
	/* Edges as index lists: node i goes to adj[off[i]] .. adj[off[i+1]-1];
	 * NO_NODE for a target that does not exist. */
	size_t *off;
	size_t *adj;
} vctx;

static void report(vctx *v, const sw_pos *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
report(vctx *v, const sw_pos *at, const char *fmt, ...)
{
	va_list ap;
	char *msg, *one;
	const char *file = at->file;

	if (file == NULL)
		file = v->t->start_pos.file != NULL ? v->t->start_pos.file :
		    v->t->n_files > 0 ? v->t->files[0] : NULL;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Ids and names from the file may hold line breaks: escape them so
	 * that every problem stays on one line. */
	one = sw_escape_bytes((const unsigned char *)msg, strlen(msg),
	    strlen(msg));
	diags_add(v->d, file, at->line, at->col, "%s", one);
	free(one);
	free(msg);
	v->added++;
}

static int
named_cmp(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The index of the first node with that id, or NO_NODE. */
static size_t
node_index(const vctx *v, const char *id)
{
	size_t lo = 0, hi = v->n_ids;

	if (id == NULL)
		return NO_NODE;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v->ids[mid].name, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < v->n_ids && strcmp(v->ids[lo].name, id) == 0)
		return v->ids[lo].idx;
	return NO_NODE;
}

/* "first at line N" when both positions are in the same file, else
 * "first at FILE:N".  Caller frees. */
static char *
first_at(const sw_pos *first, const sw_pos *dup)
{
	if (first->file != NULL && dup->file != NULL &&
	    strcmp(first->file, dup->file) != 0)
		return xasprintf(_("first at %s:%d"), first->file, first->line);
	return xasprintf(_("first at line %d"), first->line);
}

static void
check_ids(vctx *v)
{
	const sw_tree *t = v->t;
	size_t i;

	v->ids = xcalloc(t->n_nodes, sizeof(*v->ids));
	v->dup = xcalloc(t->n_nodes, 1);
	for (i = 0; i < t->n_nodes; i++)
		if (t->nodes[i] != NULL && t->nodes[i]->id != NULL) {
			v->ids[v->n_ids].name = t->nodes[i]->id;
			v->ids[v->n_ids].idx = i;
			v->n_ids++;
		}
	qsort(v->ids, v->n_ids, sizeof(*v->ids), named_cmp);
	for (i = 1; i < v->n_ids; i++) {
		size_t first = i - 1;
		const sw_node *dup, *orig;
		char *where;

		if (strcmp(v->ids[i].name, v->ids[first].name) != 0)
			continue;
		while (first > 0 &&
		    strcmp(v->ids[first - 1].name, v->ids[i].name) == 0)
			first--;
		dup = t->nodes[v->ids[i].idx];
		v->dup[v->ids[i].idx] = 1;
		orig = t->nodes[v->ids[first].idx];
		where = first_at(&orig->pos, &dup->pos);
		report(v, &dup->pos, _("duplicate node id '%s' (%s)"), dup->id,
		    where);
		free(where);
	}
}

static void
check_start(vctx *v, size_t *start)
{
	const sw_tree *t = v->t;

	*start = NO_NODE;
	if (t->start == NULL)
		report(v, &t->start_pos, _("the tree has no 'start'"));
	else if ((*start = node_index(v, t->start)) == NO_NODE)
		report(v, &t->start_pos, _("unknown start node '%s'"), t->start);
}

/* Checks a reference to a node; returns its index or NO_NODE. */
static size_t
check_ref(vctx *v, const char *id, const sw_pos *at)
{
	size_t i = node_index(v, id);

	if (i == NO_NODE && id != NULL)
		report(v, at, _("unknown node '%s'"), id);
	return i;
}

static void
check_probe_node(vctx *v, const sw_node *n)
{
	const sw_probe_def *def;
	const sw_outcome *o;
	size_t i;

	if (n->probe == NULL)
		return;		/* the loader reported it */
	if ((def = registry_find(v->reg, n->probe)) == NULL) {
		report(v, &n->probe_pos, _("unknown probe '%s'"), n->probe);
		return;
	}
	for (i = 0; i < n->n_edges; i++)
		if (n->edges[i].outcome != NULL &&
		    probe_outcome(def, n->edges[i].outcome) == NULL)
			report(v, &n->edges[i].pos,
			    _("probe '%s' has no outcome '%s'"), def->name,
			    n->edges[i].outcome);
	if (n->n_edges == 0) {
		report(v, &n->pos, _("node '%s' has no 'on': map each outcome "
		    "of probe '%s' to a node"), n->id ? n->id : "?", def->name);
		return;
	}
	for (o = def->outcomes; o != NULL && o->name != NULL; o++) {
		for (i = 0; i < n->n_edges; i++)
			if (n->edges[i].outcome != NULL &&
			    strcmp(n->edges[i].outcome, o->name) == 0)
				break;
		if (i == n->n_edges)
			report(v, &n->pos, _("node '%s' has no edge for outcome "
			    "'%s' of probe '%s'"), n->id ? n->id : "?",
			    o->name, def->name);
	}
}

static void
check_question_node(vctx *v, const sw_node *n)
{
	named *sorted;
	size_t i, k = 0;

	if (n->n_choices == 0) {
		if (n->id != NULL)
			report(v, &n->pos, _("node '%s' has no '%s'"), n->id,
			    "choices");
		else
			report(v, &n->pos, _("a node has no '%s'"), "choices");
	}
	sorted = xcalloc(n->n_choices, sizeof(*sorted));
	for (i = 0; i < n->n_choices; i++)
		if (n->choices[i].id != NULL) {
			sorted[k].name = n->choices[i].id;
			sorted[k].idx = i;
			k++;
		}
	qsort(sorted, k, sizeof(*sorted), named_cmp);
	for (i = 1; i < k; i++) {
		size_t first = i - 1;
		const sw_choice *dup;
		char *where;

		if (strcmp(sorted[i].name, sorted[first].name) != 0)
			continue;
		while (first > 0 &&
		    strcmp(sorted[first - 1].name, sorted[i].name) == 0)
			first--;
		dup = &n->choices[sorted[i].idx];
		where = first_at(&n->choices[sorted[first].idx].pos, &dup->pos);
		report(v, &dup->pos, _("duplicate choice id '%s' (%s)"), dup->id,
		    where);
		free(where);
	}
	free(sorted);
	if (n->default_choice != NULL && node_choice(n, n->default_choice) == NULL)
		report(v, &n->default_pos,
		    _("default '%s' is not a choice of node '%s'"),
		    n->default_choice, n->id ? n->id : "?");
}

/* The text shown for a placeholder problem: up to its closing brace when
 * that is near, else its first word. */
static char *
placeholder_excerpt(const char *bad)
{
	size_t n = strcspn(bad, "}");

	if (bad[n] == '}' && n < 32)
		return xstrndup(bad, n + 1);
	n = strcspn(bad, " \t\n");
	return xstrndup(bad, n < 24 ? n : 24);
}

/* The first placeholder of tmpl written inside shell quotes ('...{port}...'
 * or "...{port}..."), as a new string, or NULL.  A placeholder's value is
 * shell-quoted when it is expanded, so inside quotes its quoting would
 * become part of the text, and outside single quotes the user's quoting
 * would be undone. */
static char *
placeholder_in_quotes(const char *tmpl)
{
	const char *p = tmpl;
	char quote = 0;

	while (*p != '\0') {
		if (p[0] == '{' && p[1] == '{') {
			p += 2;
			continue;
		}
		if (p[0] == '{') {
			size_t n = strcspn(p, "}");

			if (quote != 0)
				return xstrndup(p, p[n] == '}' ? n + 1 : n);
			p += p[n] == '}' ? n + 1 : n;
			continue;
		}
		if (*p == '\\' && quote != '\'' && p[1] != '\0')
			p++;
		else if (quote == 0 && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (*p == quote)
			quote = 0;
		p++;
	}
	return NULL;
}

static void
check_verdict_node(vctx *v, const sw_node *n)
{
	size_t i;

	if (n->cause == NULL) {
		if (n->id != NULL)
			report(v, &n->pos, _("node '%s' has no '%s'"), n->id,
			    "cause");
		else
			report(v, &n->pos, _("a node has no '%s'"), "cause");
	} else if (!cause_known(n->cause))
		report(v, &n->cause_pos, _("unknown cause '%s'"), n->cause);

	for (i = 0; i < n->n_suggest; i++) {
		const sw_suggest *s = &n->suggest[i];
		char *bad = NULL, *shown;
		size_t off = 0;

		if (s->command == NULL)
			continue;
		if (placeholders_check(s->command, &bad, &off) == 0) {
			if ((bad = placeholder_in_quotes(s->command)) != NULL)
				report(v, &s->pos, _("placeholder '%s' inside "
				    "quotes in command: its value is quoted "
				    "already, write it outside the quotes"), bad);
			free(bad);
			continue;
		}
		if (strcmp(bad, "}") == 0)
			report(v, &s->pos, _("unmatched '}' in command: write '}}' "
			    "for a literal brace"));
		else if (strchr(bad, '}') == NULL ||
		    strcspn(bad + 1, "{") < strcspn(bad + 1, "}")) {
			shown = xstrndup(bad, strcspn(bad, " \t\n"));
			report(v, &s->pos, _("unclosed placeholder '%s' in command: "
			    "write '{{' for a literal brace"), shown);
			free(shown);
		} else {
			shown = placeholder_excerpt(bad);
			report(v, &s->pos, _("unknown placeholder '%s' in command: "
			    "write '{{' for a literal brace"), shown);
			free(shown);
		}
		free(bad);
	}
}

/* Builds v->off and v->adj from the edges and choices, reporting unknown
 * targets. */
static void
build_edges(vctx *v)
{
	const sw_tree *t = v->t;
	size_t i, j, k = 0, total = 0;

	v->off = xcalloc(t->n_nodes + 1, sizeof(*v->off));
	for (i = 0; i < t->n_nodes; i++) {
		const sw_node *n = t->nodes[i];

		if (n == NULL)
			continue;
		if (n->kind == SW_NODE_PROBE)
			total += n->n_edges;
		else if (n->kind == SW_NODE_QUESTION)
			total += n->n_choices;
	}
	v->adj = xcalloc(total, sizeof(*v->adj));
	for (i = 0; i < t->n_nodes; i++) {
		const sw_node *n = t->nodes[i];

		v->off[i] = k;
		if (n == NULL)
			continue;
		if (n->kind == SW_NODE_PROBE)
			for (j = 0; j < n->n_edges; j++)
				v->adj[k++] = check_ref(v, n->edges[j].next,
				    &n->edges[j].next_pos);
		else if (n->kind == SW_NODE_QUESTION)
			for (j = 0; j < n->n_choices; j++)
				v->adj[k++] = check_ref(v, n->choices[j].next,
				    &n->choices[j].next_pos);
	}
	v->off[t->n_nodes] = k;
}

/* A use of an evidence key: a fact or a suggestion's condition. */
typedef struct key_use {
	const char *key;
	size_t node;
	const sw_pos *pos;
	int is_fact;
} key_use;

static int
key_use_cmp(const void *a, const void *b)
{
	const key_use *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* 1 if node n is a step that may record evidence key key: a probe that
 * declares it, or a question for "answer". */
static int
node_records(const vctx *v, const sw_node *n, const char *key)
{
	if (n == NULL)
		return 0;
	if (n->kind == SW_NODE_QUESTION)
		return strcmp(key, "answer") == 0;
	return n->kind == SW_NODE_PROBE && n->probe != NULL &&
	    probe_has_evidence(registry_find(v->reg, n->probe), key);
}

/* 1 if some probe of the registry declares key (or it is "answer"). */
static int
key_declared(const vctx *v, const char *key)
{
	size_t i;

	if (strcmp(key, "answer") == 0)
		return 1;
	for (i = 0; v->reg != NULL && i < v->reg->n; i++)
		if (probe_has_evidence(v->reg->probes[i], key))
			return 1;
	return 0;
}

static void
report_key_use(vctx *v, const key_use *u)
{
	const sw_node *nd = v->t->nodes[u->node];
	const char *id = nd->id ? nd->id : "?";

	if (u->is_fact)
		report(v, u->pos, _("fact '%s' is not evidence that a step "
		    "before node '%s' records"), u->key, id);
	else
		report(v, u->pos, _("condition on '%s': no step before node "
		    "'%s' records that evidence"), u->key, id);
}

/* Facts and suggestion conditions name evidence keys: each must be one that
 * a probe (or, for "answer", a question) on some path into the node
 * declares.  One forward search per distinct declared key, and the keys
 * probes declare are few, so this stays linear in the tree's size. */
static void
check_evidence_keys(vctx *v)
{
	const sw_tree *t = v->t;
	size_t n = t->n_nodes, n_uses = 0, i, j, k, a, b, head, tail;
	key_use *uses;
	unsigned char *after;
	size_t *queue;

	for (i = 0; i < n; i++)
		if (t->nodes[i] != NULL) {
			n_uses += t->nodes[i]->n_facts;
			for (j = 0; j < t->nodes[i]->n_suggest; j++)
				n_uses += t->nodes[i]->suggest[j].n_when;
		}
	if (n_uses == 0)
		return;
	uses = xcalloc(n_uses, sizeof(*uses));
	n_uses = 0;
	for (i = 0; i < n; i++) {
		const sw_node *nd = t->nodes[i];

		if (nd == NULL)
			continue;
		for (j = 0; j < nd->n_facts; j++) {
			key_use u = { nd->facts[j], i, &nd->fact_pos[j], 1 };

			uses[n_uses++] = u;
		}
		for (j = 0; j < nd->n_suggest; j++)
			for (k = 0; k < nd->suggest[j].n_when; k++) {
				const sw_cond *c = &nd->suggest[j].when[k];
				key_use u = { c->key, i, &c->pos, 0 };

				uses[n_uses++] = u;
			}
	}
	qsort(uses, n_uses, sizeof(*uses), key_use_cmp);
	after = xcalloc(n + 1, 1);
	/* A node enters the queue at most twice: as a step recording the
	 * key, and when first found after one. */
	queue = xcalloc(2 * n + 1, sizeof(*queue));
	for (a = 0; a < n_uses; a = b) {
		const char *key = uses[a].key;

		for (b = a; b < n_uses && strcmp(uses[b].key, key) == 0; b++)
			;
		if (!key_declared(v, key)) {
			for (j = a; j < b; j++)
				report_key_use(v, &uses[j]);
			continue;
		}
		/* after[i]: node i can come after a step recording key. */
		memset(after, 0, n);
		head = tail = 0;
		for (i = 0; i < n; i++)
			if (node_records(v, t->nodes[i], key))
				queue[tail++] = i;
		while (head < tail) {
			size_t u = queue[head++];

			for (k = v->off[u]; k < v->off[u + 1]; k++) {
				size_t w = v->adj[k];

				if (w != NO_NODE && !after[w]) {
					after[w] = 1;
					queue[tail++] = w;
				}
			}
		}
		for (j = a; j < b; j++)
			if (!after[uses[j].node])
				report_key_use(v, &uses[j]);
	}
	free(after);
	free(queue);
	free(uses);
}

/* Marks in seen[] every node reachable from start. */
static void
mark_reachable(const vctx *v, size_t start, unsigned char *seen)
{
	size_t *queue = xcalloc(v->t->n_nodes, sizeof(*queue));
	size_t head = 0, tail = 0, e;

	seen[start] = 1;
	queue[tail++] = start;
	while (head < tail) {
		size_t i = queue[head++];

		for (e = v->off[i]; e < v->off[i + 1]; e++) {
			size_t j = v->adj[e];

			if (j != NO_NODE && !seen[j]) {
				seen[j] = 1;
				queue[tail++] = j;
			}
		}
	}
	free(queue);
}

/* Marks in ends[] every node from which the walk can end: a verdict, or a
 * node already reported as broken (an unknown target, no edges at all). */
static void
mark_ending(const vctx *v, unsigned char *ends)
{
	const sw_tree *t = v->t;
	size_t n = t->n_nodes, i, e, head = 0, tail = 0;
	size_t *roff = xcalloc(n + 1, sizeof(*roff));
	size_t *radj = xcalloc(v->off[n], sizeof(*radj));
	size_t *fill = xcalloc(n, sizeof(*fill));
	size_t *queue = xcalloc(n, sizeof(*queue));

	/* Reverse edges, counted then filled. */
	for (e = 0; e < v->off[n]; e++)
		if (v->adj[e] != NO_NODE)
			roff[v->adj[e] + 1]++;
	for (i = 0; i < n; i++)
		roff[i + 1] += roff[i];
	for (i = 0; i < n; i++)
		for (e = v->off[i]; e < v->off[i + 1]; e++)
			if (v->adj[e] != NO_NODE)
				radj[roff[v->adj[e]] + fill[v->adj[e]]++] = i;

	for (i = 0; i < n; i++) {
		int end = t->nodes[i] == NULL || t->nodes[i]->kind ==
		    SW_NODE_VERDICT || v->off[i] == v->off[i + 1];

		for (e = v->off[i]; !end && e < v->off[i + 1]; e++)
			end = v->adj[e] == NO_NODE;
		if (end) {
			ends[i] = 1;
			queue[tail++] = i;
		}
	}
	while (head < tail) {
		i = queue[head++];
		for (e = roff[i]; e < roff[i + 1]; e++)
			if (!ends[radj[e]]) {
				ends[radj[e]] = 1;
				queue[tail++] = radj[e];
			}
	}
	free(roff);
	free(radj);
	free(fill);
	free(queue);
}

/* Sets on_loop[i] for every node among the doomed ones (ends[i] == 0) that
 * lies on a cycle: Tarjan's strongly connected components, without
 * recursion. */
static void
mark_loops(const vctx *v, const unsigned char *ends, unsigned char *on_loop)
{
	size_t n = v->t->n_nodes, counter = 0, sp = 0, cp = 0, i;
	size_t *index = xcalloc(n, sizeof(*index));	/* 0: not visited */
	size_t *low = xcalloc(n, sizeof(*low));
	size_t *stack = xcalloc(n, sizeof(*stack));
	unsigned char *on_stack = xcalloc(n, 1);
	struct frame {
		size_t node, edge;
	} *call = xcalloc(n, sizeof(*call));

	for (i = 0; i < n; i++) {
		if (ends[i] || index[i] != 0)
			continue;
		call[cp].node = i;
		call[cp].edge = v->off[i];
		cp++;
		index[i] = low[i] = ++counter;
		stack[sp++] = i;
		on_stack[i] = 1;
		while (cp > 0) {
			struct frame *fr = &call[cp - 1];
			size_t u = fr->node;

			if (fr->edge < v->off[u + 1]) {
				size_t w = v->adj[fr->edge++];

				if (w == NO_NODE || ends[w])
					continue;
				if (w == u)
					on_loop[u] = 1;
				if (index[w] == 0) {
					index[w] = low[w] = ++counter;
					stack[sp++] = w;
					on_stack[w] = 1;
					call[cp].node = w;
					call[cp].edge = v->off[w];
					cp++;
				} else if (on_stack[w] && index[w] < low[u])
					low[u] = index[w];
				continue;
			}
			/* u is done. */
			if (low[u] == index[u]) {
				size_t w, size = 0, top = sp;

				do {
					w = stack[--top];
					size++;
				} while (w != u);
				do {
					w = stack[--sp];
					on_stack[w] = 0;
					if (size > 1)
						on_loop[w] = 1;
				} while (w != u);
			}
			cp--;
			if (cp > 0 && low[u] < low[call[cp - 1].node])
				low[call[cp - 1].node] = low[u];
		}
	}
	free(index);
	free(low);
	free(stack);
	free(on_stack);
	free(call);
}

static void
check_graph(vctx *v, size_t start)
{
	const sw_tree *t = v->t;
	size_t n = t->n_nodes, i;
	unsigned char *seen = xcalloc(n, 1);
	unsigned char *ends = xcalloc(n, 1);
	unsigned char *on_loop = xcalloc(n, 1);

	if (start != NO_NODE)
		mark_reachable(v, start, seen);
	mark_ending(v, ends);
	mark_loops(v, ends, on_loop);
	for (i = 0; i < n; i++) {
		const sw_node *nd = t->nodes[i];

		if (nd == NULL || nd->id == NULL || v->dup[i])
			continue;	/* reported already */
		if (start != NO_NODE && !seen[i])
			report(v, &nd->pos,
			    _("node '%s' cannot be reached from start"), nd->id);
		else if (!ends[i] && on_loop[i])
			report(v, &nd->pos, _("node '%s' is on a loop that never "
			    "reaches a verdict"), nd->id);
		else if (!ends[i])
			report(v, &nd->pos, _("node '%s' leads only into a loop "
			    "that never reaches a verdict"), nd->id);
	}
	free(seen);
	free(ends);
	free(on_loop);
}

size_t
tree_validate(const sw_tree *t, const sw_registry *reg, sw_diags *diags)
{
	vctx v = { 0 };
	size_t i, start;

	if (t == NULL)
		return 0;
	v.t = t;
	v.reg = reg;
	v.d = diags;
	check_ids(&v);
	check_start(&v, &start);
	for (i = 0; i < t->n_nodes; i++) {
		const sw_node *n = t->nodes[i];

		if (n == NULL)
			continue;
		switch (n->kind) {
		case SW_NODE_PROBE:
			check_probe_node(&v, n);
			break;
		case SW_NODE_QUESTION:
			check_question_node(&v, n);
			break;
		case SW_NODE_VERDICT:
			check_verdict_node(&v, n);
			break;
		}
	}
	build_edges(&v);
	check_evidence_keys(&v);
	check_graph(&v, start);
	free(v.ids);
	free(v.dup);
	free(v.off);
	free(v.adj);
	return v.added;
}
