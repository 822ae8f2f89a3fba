/* Loading the decision tree from YAML files with libyaml's document API,
 * following include: entries and collecting every problem found. */
#include "config.h"

#include "core/i18n.h"
#include "core/loader.h"
#include "core/util.h"

#include <yaml.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Hard caps on what one tree may make us read. */
#define LOADER_MAX_FILE_BYTES	(4 * 1024 * 1024)
#define LOADER_MAX_FILES	256
/* Budgets on one file's document with its aliases expanded (libyaml shares an
 * aliased node; the walk below would visit it once per alias): nodes, bytes
 * of scalars, and nesting depth. */
#define LOADER_MAX_NODES	100000
#define LOADER_MAX_BYTES	(16 * 1024 * 1024)
#define LOADER_MAX_DEPTH	64

/* libyaml's problem texts, marked here so translators see them; the loader
 * passes whatever libyaml reports through _(). */
static const char *const yaml_problems[] __attribute__((unused)) = {
	N_("mapping values are not allowed in this context"),
	N_("block sequence entries are not allowed in this context"),
	N_("found character that cannot start any token"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("could not find expected ':'"),
	N_("did not find expected key"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected node content"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("found unexpected end of stream"),
	N_("found unexpected ':'"),
	N_("found unknown escape character"),
	N_("found undefined alias"),
	N_("found duplicate anchor; first occurrence"),
	N_("control characters are not allowed"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid trailing UTF-8 octet"),
	N_("incomplete UTF-8 octet sequence"),
	N_("while scanning a quoted scalar"),
	N_("while parsing a flow sequence"),
	N_("while parsing a flow mapping"),
};

/* An include: entry waiting to be read once its file is done. */
typedef struct include_ref {
	char *name;		/* as written */
	char *path;		/* joined with the including file's folder */
	sw_pos pos;		/* of the entry */
} include_ref;

typedef struct loader {
	sw_tree *t;
	sw_diags *d;
	char **real;		/* canonical path of each t->files[i] */
	sw_pos *included_at;	/* where t->files[i] was included (file NULL
				 * for the root) */
	size_t *stack;		/* indices of the files being read, root first */
	size_t n_stack;
	size_t nodes_cap;	/* room in t->nodes */
} loader;

/* One file being walked. */
typedef struct fctx {
	loader *ld;
	yaml_document_t *doc;
	const char *file;	/* in ld->t->files */
	int is_root;
	include_ref *incs;
	size_t n_incs;
} fctx;

static const char *const kind_names[] = { "probe", "question", "verdict" };

static void ld_diag(loader *ld, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem(fctx *f, const yaml_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Adds a problem.  Text taken from the file (keys, ids, names) may hold
 * line breaks or control bytes; they are escaped so that every problem
 * stays on one line. */
static void
ld_vdiag(loader *ld, const char *file, int line, int col, const char *fmt,
    va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	char *one = sw_escape_bytes((const unsigned char *)msg, strlen(msg),
	    strlen(msg));

	diags_add(ld->d, file, line, col, "%s", one);
	free(one);
	free(msg);
}

static void
ld_diag(loader *ld, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ld_vdiag(ld, file, line, col, fmt, ap);
	va_end(ap);
}

static void
problem(fctx *f, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ld_vdiag(f->ld, f->file, (int)at->start_mark.line + 1,
	    (int)at->start_mark.column + 1, fmt, ap);
	va_end(ap);
}

static sw_pos
pos_of(const fctx *f, const yaml_node_t *n)
{
	sw_pos p = { f->file, (int)n->start_mark.line + 1,
		(int)n->start_mark.column + 1 };

	return p;
}

static yaml_node_t *
doc_node(const fctx *f, int index)
{
	return yaml_document_get_node(f->doc, index);
}

/* 1 for an absent value: no node, or a plain empty, ~ or null scalar.
 * libyaml resolves no tags, so this is done here. */
static int
is_null(const yaml_node_t *n)
{
	const char *s;

	if (n == NULL)
		return 1;
	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	s = (const char *)n->data.scalar.value;
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* The text of a scalar key, or NULL (reported) for any other key. */
static const char *
key_text(fctx *f, const yaml_node_t *k)
{
	if (k->type != YAML_SCALAR_NODE) {
		problem(f, k, _("a key must be a string"));
		return NULL;
	}
	return (const char *)k->data.scalar.value;
}

/* Reads the string value of field name into *out (and its position into
 * *pos unless NULL).  Returns 1 when set, 0 when the value is absent, -1
 * when it is not a usable string (reported). */
static int
get_string(fctx *f, const char *name, const yaml_node_t *v, char **out,
    sw_pos *pos)
{
	const char *s;

	if (is_null(v))
		return 0;
	if (v->type != YAML_SCALAR_NODE) {
		problem(f, v, _("'%s' must be a string"), name);
		return -1;
	}
	s = (const char *)v->data.scalar.value;
	if (strlen(s) != v->data.scalar.length) {
		problem(f, v, _("'%s' must not contain a NUL character"), name);
		return -1;
	}
	if (*s == '\0') {
		problem(f, v, _("'%s' must not be empty"), name);
		return -1;
	}
	*out = xstrdup(s);
	if (pos != NULL)
		*pos = pos_of(f, v);
	return 1;
}

/* 1 if id matches [a-z0-9_.-]+. */
static int
id_valid(const char *id)
{
	return *id != '\0' &&
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == strlen(id);
}

/* Checks a node or choice id; returns 1 when valid. */
static int
check_id(fctx *f, const yaml_node_t *v, const char *id, int is_choice)
{
	if (id_valid(id))
		return 1;
	if (is_choice)
		problem(f, v, _("invalid choice id '%s': use only a-z, 0-9, '_', "
		    "'.' and '-'"), id);
	else
		problem(f, v, _("invalid node id '%s': use only a-z, 0-9, '_', "
		    "'.' and '-'"), id);
	return 0;
}

/* The keys of a mapping with a fixed set of keys.  kind is the node kind a
 * key belongs to, or -1 for keys every mapping of that sort may have. */
typedef struct key_def {
	const char *name;
	int kind;
} key_def;

/* Sorts the pairs of mapping m into vals[] (and their key nodes into keys[])
 * by the index of their name in defs.  Reports non-string, unknown and
 * duplicate keys; those are left out. */
static void
map_collect(fctx *f, const yaml_node_t *m, const key_def *defs, size_t n_defs,
    yaml_node_t **vals, yaml_node_t **keys)
{
	yaml_node_pair_t *pair;
	size_t i;

	for (i = 0; i < n_defs; i++)
		vals[i] = keys[i] = NULL;
	for (pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top;
	    pair++) {
		yaml_node_t *k = doc_node(f, pair->key);
		yaml_node_t *v = doc_node(f, pair->value);
		const char *name = key_text(f, k);

		if (name == NULL)
			continue;
		for (i = 0; i < n_defs; i++)
			if (strcmp(defs[i].name, name) == 0)
				break;
		if (i == n_defs) {
			problem(f, k, _("unknown key '%s'"), name);
			continue;
		}
		if (keys[i] != NULL) {
			problem(f, k, _("duplicate key '%s' (first at line %d)"),
			    name, (int)keys[i]->start_mark.line + 1);
			continue;
		}
		keys[i] = k;
		vals[i] = v;
	}
}

/* Reports a required field that is absent from a node. */
static void
node_missing(fctx *f, const yaml_node_t *m, const sw_node *n, const char *field)
{
	if (n->id != NULL)
		problem(f, m, _("node '%s' has no '%s'"), n->id, field);
	else
		problem(f, m, _("a node has no '%s'"), field);
}

/* Reports a required field that is absent from a choice. */
static void
choice_missing(fctx *f, const yaml_node_t *m, const char *what_id,
    const char *field)
{
	if (what_id != NULL)
		problem(f, m, _("choice '%s' has no '%s'"), what_id, field);
	else
		problem(f, m, _("a choice has no '%s'"), field);
}

/* Returns the sequence node v, or NULL when v is absent or (reported) not a
 * sequence. */
static yaml_node_t *
get_sequence(fctx *f, const char *name, yaml_node_t *v)
{
	if (is_null(v))
		return NULL;
	if (v->type != YAML_SEQUENCE_NODE) {
		problem(f, v, _("'%s' must be a sequence"), name);
		return NULL;
	}
	return v;
}

typedef struct named {
	const char *name;
	size_t idx;
} named;

static int
named_cmp(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
parse_on(fctx *f, sw_node *n, yaml_node_t *v)
{
	yaml_node_pair_t *pair;
	named *sorted;
	size_t i, count;

	if (is_null(v))
		return;
	if (v->type != YAML_MAPPING_NODE) {
		problem(f, v, _("'%s' must be a mapping"), "on");
		return;
	}
	count = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
	n->edges = xcalloc(count, sizeof(*n->edges));
	for (pair = v->data.mapping.pairs.start; pair < v->data.mapping.pairs.top;
	    pair++) {
		yaml_node_t *k = doc_node(f, pair->key);
		yaml_node_t *t = doc_node(f, pair->value);
		sw_edge *e = &n->edges[n->n_edges];
		char *next = NULL;
		sw_pos next_pos = { 0 };
		const char *outcome = key_text(f, k);
		int r;

		if (outcome == NULL)
			continue;
		if ((r = get_string(f, outcome, t, &next, &next_pos)) == 0)
			problem(f, k, _("outcome '%s' leads nowhere: give a node id"),
			    outcome);
		if (r != 1)
			continue;
		e->outcome = xstrdup(outcome);
		e->pos = pos_of(f, k);
		e->next = next;
		e->next_pos = next_pos;
		n->n_edges++;
	}

	/* An outcome mapped twice: libyaml does not reject duplicate keys. */
	sorted = xcalloc(n->n_edges, sizeof(*sorted));
	for (i = 0; i < n->n_edges; i++) {
		sorted[i].name = n->edges[i].outcome;
		sorted[i].idx = i;
	}
	qsort(sorted, n->n_edges, sizeof(*sorted), named_cmp);
	for (i = 1; i < n->n_edges; i++) {
		size_t first = i - 1;

		if (strcmp(sorted[i].name, sorted[first].name) != 0)
			continue;
		while (first > 0 && strcmp(sorted[first - 1].name,
		    sorted[i].name) == 0)
			first--;
		ld_diag(f->ld, f->file, n->edges[sorted[i].idx].pos.line,
		    n->edges[sorted[i].idx].pos.col,
		    _("duplicate key '%s' (first at line %d)"), sorted[i].name,
		    n->edges[sorted[first].idx].pos.line);
	}
	free(sorted);
}

enum { C_ID, C_LABEL, C_NEXT, C_N };
static const key_def choice_keys[C_N] = {
	{ "id", -1 }, { "label", -1 }, { "next", -1 },
};

static void
parse_choices(fctx *f, sw_node *n, yaml_node_t *v)
{
	yaml_node_item_t *it;
	size_t count;

	if ((v = get_sequence(f, "choices", v)) == NULL)
		return;
	count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	n->choices = xcalloc(count, sizeof(*n->choices));
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		yaml_node_t *m = doc_node(f, *it), *vals[C_N], *keys[C_N];
		sw_choice *c;
		int r_id, r_label, r_next;

		if (m->type != YAML_MAPPING_NODE) {
			problem(f, m, _("a choice must be a mapping"));
			continue;
		}
		c = &n->choices[n->n_choices++];
		c->pos = pos_of(f, m);
		map_collect(f, m, choice_keys, C_N, vals, keys);
		r_id = get_string(f, "id", vals[C_ID], &c->id, NULL);
		if (r_id == 1)
			check_id(f, vals[C_ID], c->id, 1);
		r_label = get_string(f, "label", vals[C_LABEL], &c->label, NULL);
		r_next = get_string(f, "next", vals[C_NEXT], &c->next,
		    &c->next_pos);
		if (r_id == 0)
			choice_missing(f, m, NULL, "id");
		if (r_label == 0)
			choice_missing(f, m, c->id, "label");
		if (r_next == 0)
			choice_missing(f, m, c->id, "next");
	}
}

/* 1 if key is an evidence key: letters, digits, '_' and '.'. */
static int
evidence_key_valid(const char *key)
{
	return *key != '\0' && strspn(key, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == strlen(key);
}

/* Reads a string or a sequence of strings (field name) into a new array of
 * *n strings and their positions.  Reports what is not a usable string. */
static void
get_strings(fctx *f, const char *name, yaml_node_t *v, char ***out,
    sw_pos **pos, size_t *n)
{
	yaml_node_item_t *it;
	size_t count;

	*out = NULL;
	*pos = NULL;
	*n = 0;
	if (is_null(v))
		return;
	if (v->type == YAML_SCALAR_NODE) {
		*out = xcalloc(1, sizeof(**out));
		*pos = xcalloc(1, sizeof(**pos));
		if (get_string(f, name, v, &(*out)[0], &(*pos)[0]) == 1)
			*n = 1;
		return;
	}
	if ((v = get_sequence(f, name, v)) == NULL)
		return;
	count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	*out = xcalloc(count, sizeof(**out));
	*pos = xcalloc(count, sizeof(**pos));
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++)
		if (get_string(f, name, doc_node(f, *it), &(*out)[*n],
		    &(*pos)[*n]) == 1)
			(*n)++;
}

/* facts: a list of evidence keys. */
static void
parse_facts(fctx *f, sw_node *n, yaml_node_t *v)
{
	size_t i;

	size_t k = 0;

	get_strings(f, "facts", v, &n->facts, &n->fact_pos, &n->n_facts);
	for (i = 0; i < n->n_facts; i++) {
		if (!evidence_key_valid(n->facts[i])) {
			ld_diag(f->ld, f->file, n->fact_pos[i].line,
			    n->fact_pos[i].col, _("invalid evidence key '%s': "
			    "use only letters, digits, '_' and '.'"),
			    n->facts[i]);
			free(n->facts[i]);
			continue;
		}
		n->facts[k] = n->facts[i];
		n->fact_pos[k++] = n->fact_pos[i];
	}
	n->n_facts = k;
}

/* when: one condition or a list, each KEY, !KEY, KEY=VALUE or KEY!=VALUE. */
static void
parse_when(fctx *f, sw_suggest *s, yaml_node_t *v)
{
	char **texts;
	sw_pos *pos;
	size_t i, n;

	get_strings(f, "when", v, &texts, &pos, &n);
	s->when = xcalloc(n, sizeof(*s->when));
	for (i = 0; i < n; i++) {
		sw_cond *c = &s->when[s->n_when];
		const char *t = texts[i], *eq;

		memset(c, 0, sizeof(*c));
		c->pos = pos[i];
		if (*t == '!') {
			c->negate = 1;
			t++;
		}
		if ((eq = strchr(t, '=')) != NULL && c->negate) {
			ld_diag(f->ld, f->file, pos[i].line, pos[i].col,
			    _("invalid condition '%s': write KEY, !KEY, "
			    "KEY=VALUE or KEY!=VALUE"), texts[i]);
			continue;
		}
		if (eq != NULL) {
			const char *end = eq;

			if (end > t && end[-1] == '!') {
				c->negate = 1;
				end--;
			}
			c->key = xstrndup(t, (size_t)(end - t));
			c->value = xstrdup(eq + 1);
		} else
			c->key = xstrdup(t);
		if (!evidence_key_valid(c->key)) {
			ld_diag(f->ld, f->file, pos[i].line, pos[i].col,
			    _("invalid evidence key '%s': use only letters, "
			    "digits, '_' and '.'"), c->key);
			free(c->key);
			free(c->value);
			memset(c, 0, sizeof(*c));
			continue;
		}
		s->n_when++;
	}
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(pos);
}

enum { S_WHERE, S_COMMAND, S_WHY, S_WHEN, S_N };
static const key_def suggest_keys[S_N] = {
	{ "where", -1 }, { "command", -1 }, { "why", -1 }, { "when", -1 },
};

static void
parse_suggest(fctx *f, sw_node *n, yaml_node_t *v)
{
	yaml_node_item_t *it;
	size_t count;

	if ((v = get_sequence(f, "suggest", v)) == NULL)
		return;
	count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	n->suggest = xcalloc(count, sizeof(*n->suggest));
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		yaml_node_t *m = doc_node(f, *it), *vals[S_N], *keys[S_N];
		sw_suggest *s;
		char *where = NULL;
		int r;

		if (m->type != YAML_MAPPING_NODE) {
			problem(f, m, _("a suggestion must be a mapping"));
			continue;
		}
		s = &n->suggest[n->n_suggest++];
		s->pos = pos_of(f, m);
		map_collect(f, m, suggest_keys, S_N, vals, keys);
		r = get_string(f, "where", vals[S_WHERE], &where, NULL);
		if (r == 0)
			problem(f, m, _("a suggestion has no '%s'"), "where");
		else if (r == 1 && strcmp(where, "server") == 0)
			s->where = SW_WHERE_SERVER;
		else if (r == 1 && strcmp(where, "client") != 0)
			problem(f, vals[S_WHERE], _("unknown where '%s': use client "
			    "or server"), where);
		free(where);
		r = get_string(f, "command", vals[S_COMMAND], &s->command,
		    &s->pos);
		if (r == 0)
			problem(f, m, _("a suggestion has no '%s'"), "command");
		get_string(f, "why", vals[S_WHY], &s->why, NULL);
		parse_when(f, s, vals[S_WHEN]);
	}
}

enum {
	K_ID, K_KIND, K_TITLE, K_EXPLANATION,
	K_FACTS,			/* question and verdict nodes */
	K_PROBE, K_ON,			/* probe nodes */
	K_DEFAULT, K_CHOICES,		/* question nodes */
	K_CAUSE, K_SUGGEST,		/* verdict nodes */
	K_N
};
static const key_def node_keys[K_N] = {
	{ "id", -1 }, { "kind", -1 }, { "title", -1 }, { "explanation", -1 },
	{ "facts", -1 },
	{ "probe", SW_NODE_PROBE }, { "on", SW_NODE_PROBE },
	{ "default", SW_NODE_QUESTION }, { "choices", SW_NODE_QUESTION },
	{ "cause", SW_NODE_VERDICT }, { "suggest", SW_NODE_VERDICT },
};

static void
tree_add_node(loader *ld, sw_node *n)
{
	sw_tree *t = ld->t;

	if (t->n_nodes == ld->nodes_cap) {
		ld->nodes_cap = ld->nodes_cap ? 2 * ld->nodes_cap : 64;
		t->nodes = xreallocarray(t->nodes, ld->nodes_cap,
		    sizeof(*t->nodes));
	}
	t->nodes[t->n_nodes++] = n;
}

static void
parse_node(fctx *f, yaml_node_t *m)
{
	sw_node *n = xcalloc(1, sizeof(*n));
	yaml_node_t *vals[K_N], *keys[K_N];
	char *kind = NULL;
	int r_id, r_kind, r_title, r, known = 0;
	size_t i;

	n->pos = pos_of(f, m);
	tree_add_node(f->ld, n);
	map_collect(f, m, node_keys, K_N, vals, keys);

	r_id = get_string(f, "id", vals[K_ID], &n->id, NULL);
	if (r_id == 1)
		check_id(f, vals[K_ID], n->id, 0);

	/* The kind; when absent or unknown, guessed from the other keys so
	 * that one mistake does not bring a string of others. */
	r_kind = get_string(f, "kind", vals[K_KIND], &kind, NULL);
	n->kind = SW_NODE_VERDICT;
	if (r_kind == 1) {
		for (i = 0; i < 3; i++)
			if (strcmp(kind, kind_names[i]) == 0) {
				n->kind = (sw_node_kind)i;
				known = 1;
			}
		if (!known)
			problem(f, vals[K_KIND], _("unknown kind '%s': use probe, "
			    "question or verdict"), kind);
	}
	free(kind);
	if (!known)
		for (i = K_PROBE; i < K_N; i++)
			if (vals[i] != NULL) {
				n->kind = (sw_node_kind)node_keys[i].kind;
				break;
			}
	for (i = K_PROBE; i < K_N; i++)
		if (keys[i] != NULL && node_keys[i].kind != (int)n->kind) {
			problem(f, keys[i], _("key '%s' belongs to %s nodes"),
			    node_keys[i].name, kind_names[node_keys[i].kind]);
			vals[i] = NULL;
		}

	r_title = get_string(f, "title", vals[K_TITLE], &n->title, NULL);
	get_string(f, "explanation", vals[K_EXPLANATION], &n->explanation,
	    NULL);
	if (keys[K_FACTS] != NULL && n->kind == SW_NODE_PROBE)
		problem(f, keys[K_FACTS], _("key '%s' belongs to question and "
		    "verdict nodes"), "facts");
	else
		parse_facts(f, n, vals[K_FACTS]);

	switch (n->kind) {
	case SW_NODE_PROBE:
		r = get_string(f, "probe", vals[K_PROBE], &n->probe,
		    &n->probe_pos);
		if (r == 0)
			node_missing(f, m, n, "probe");
		parse_on(f, n, vals[K_ON]);
		break;
	case SW_NODE_QUESTION:
		get_string(f, "default", vals[K_DEFAULT], &n->default_choice,
		    &n->default_pos);
		parse_choices(f, n, vals[K_CHOICES]);
		break;
	case SW_NODE_VERDICT:
		get_string(f, "cause", vals[K_CAUSE], &n->cause, &n->cause_pos);
		parse_suggest(f, n, vals[K_SUGGEST]);
		break;
	}

	if (r_id == 0)
		node_missing(f, m, n, "id");
	if (r_kind == 0)
		node_missing(f, m, n, "kind");
	if (r_title == 0)
		node_missing(f, m, n, "title");
}

/* The path of an include entry: rel joined with the including file's folder. */
static char *
path_join(const char *including, const char *rel)
{
	const char *slash;

	if (rel[0] == '/' || (slash = strrchr(including, '/')) == NULL)
		return xstrdup(rel);
	return xasprintf("%.*s/%s", (int)(slash - including), including, rel);
}

static void
parse_includes(fctx *f, yaml_node_t *v)
{
	yaml_node_item_t *it;
	size_t count;

	if ((v = get_sequence(f, "include", v)) == NULL)
		return;
	count = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	f->incs = xcalloc(count, sizeof(*f->incs));
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	    it++) {
		yaml_node_t *e = doc_node(f, *it);
		char *rel = NULL;
		int r = get_string(f, "include", e, &rel, NULL);

		if (r == 0)
			problem(f, e, _("an 'include' entry must name a file"));
		if (r != 1)
			continue;
		f->incs[f->n_incs].name = rel;
		f->incs[f->n_incs].path = path_join(f->file, rel);
		f->incs[f->n_incs].pos = pos_of(f, e);
		f->n_incs++;
	}
}

enum { T_START, T_INCLUDE, T_NODES, T_N };
static const key_def top_keys[T_N] = {
	{ "start", -1 }, { "include", -1 }, { "nodes", -1 },
};

/* What walking a node costs once its aliases are expanded. */
typedef struct yaml_cost {
	size_t nodes;
	size_t bytes;
} yaml_cost;

/* Per node of a document: 0 not measured, 1 being measured (an alias back
 * to it is a cycle), 2 measured (cost in cost[]). */
typedef struct cost_memo {
	unsigned char *state;
	yaml_cost *cost;
	size_t n;
} cost_memo;

static size_t
sat_add(size_t a, size_t b, size_t cap)
{
	return a > cap || b > cap || a + b > cap ? cap + 1 : a + b;
}

/* Measures node index with its aliases expanded, each distinct node once
 * (memoised, so linear in the document).  Returns 0, or -1 after reporting
 * the node that goes over a budget or holds an alias to itself. */
static int
measure(fctx *f, cost_memo *m, int index, int depth, yaml_cost *out)
{
	yaml_node_t *n = doc_node(f, index);
	yaml_cost c = { 1, 0 }, sub;
	size_t i = (size_t)index - 1;
	yaml_node_item_t *it;
	yaml_node_pair_t *pair;

	if (n == NULL || i >= m->n) {
		out->nodes = 1;
		out->bytes = 0;
		return 0;
	}
	if (m->state[i] == 2) {
		*out = m->cost[i];
		return 0;
	}
	if (m->state[i] == 1) {
		problem(f, n, _("an alias refers to the node that holds it"));
		return -1;
	}
	if (depth > LOADER_MAX_DEPTH) {
		problem(f, n, _("nested more than %d levels deep"),
		    LOADER_MAX_DEPTH);
		return -1;
	}
	m->state[i] = 1;
	if (n->type == YAML_SCALAR_NODE)
		c.bytes = n->data.scalar.length;
	else if (n->type == YAML_SEQUENCE_NODE) {
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			if (measure(f, m, *it, depth + 1, &sub) != 0)
				return -1;
			c.nodes = sat_add(c.nodes, sub.nodes, LOADER_MAX_NODES);
			c.bytes = sat_add(c.bytes, sub.bytes, LOADER_MAX_BYTES);
			if (c.nodes > LOADER_MAX_NODES)
				break;
		}
	} else if (n->type == YAML_MAPPING_NODE) {
		for (pair = n->data.mapping.pairs.start;
		    pair < n->data.mapping.pairs.top; pair++) {
			if (measure(f, m, pair->key, depth + 1, &sub) != 0)
				return -1;
			c.nodes = sat_add(c.nodes, sub.nodes, LOADER_MAX_NODES);
			c.bytes = sat_add(c.bytes, sub.bytes, LOADER_MAX_BYTES);
			if (measure(f, m, pair->value, depth + 1, &sub) != 0)
				return -1;
			c.nodes = sat_add(c.nodes, sub.nodes, LOADER_MAX_NODES);
			c.bytes = sat_add(c.bytes, sub.bytes, LOADER_MAX_BYTES);
			if (c.nodes > LOADER_MAX_NODES)
				break;
		}
	}
	if (c.nodes > LOADER_MAX_NODES) {
		problem(f, n, _("this YAML expands to more than %d nodes "
		    "(aliases included): a tree file may hold at most that"),
		    LOADER_MAX_NODES);
		return -1;
	}
	if (c.bytes > LOADER_MAX_BYTES) {
		problem(f, n, _("this YAML expands to more than %d MB of text "
		    "(aliases included): a tree file may hold at most that"),
		    LOADER_MAX_BYTES / (1024 * 1024));
		return -1;
	}
	m->state[i] = 2;
	m->cost[i] = c;
	*out = c;
	return 0;
}

/* Checks the document against the budgets before it is walked.  Returns 0,
 * or -1 after reporting. */
static int
check_budget(fctx *f, yaml_node_t *root)
{
	cost_memo m;
	yaml_cost c;
	int ret;

	m.n = (size_t)(f->doc->nodes.top - f->doc->nodes.start);
	m.state = xcalloc(m.n + 1, 1);
	m.cost = xcalloc(m.n + 1, sizeof(*m.cost));
	ret = measure(f, &m, (int)(root - f->doc->nodes.start) + 1, 0, &c);
	free(m.state);
	free(m.cost);
	return ret;
}

/* Walks a file's document.  Returns -1 when its top level is unusable. */
static int
parse_file(fctx *f)
{
	yaml_node_t *root = yaml_document_get_root_node(f->doc);
	yaml_node_t *vals[T_N], *keys[T_N], *seq;
	yaml_node_item_t *it;
	sw_tree *t = f->ld->t;

	if (is_null(root))
		return 0;
	if (check_budget(f, root) != 0)
		return -1;
	if (root->type != YAML_MAPPING_NODE) {
		problem(f, root, _("the top level must be a mapping"));
		return -1;
	}
	if (f->is_root)
		t->start_pos = pos_of(f, root);
	map_collect(f, root, top_keys, T_N, vals, keys);
	if (keys[T_START] != NULL && !f->is_root)
		problem(f, keys[T_START], _("'start' is allowed only in the root "
		    "file"));
	else if (get_string(f, "start", vals[T_START], &t->start, &t->start_pos)
	    == 0 && keys[T_START] != NULL)
		t->start_pos = pos_of(f, keys[T_START]);
	parse_includes(f, vals[T_INCLUDE]);
	if ((seq = get_sequence(f, "nodes", vals[T_NODES])) == NULL)
		return 0;
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
	    it++) {
		yaml_node_t *m = doc_node(f, *it);

		if (m->type != YAML_MAPPING_NODE)
			problem(f, m, _("a node must be a mapping"));
		else
			parse_node(f, m);
	}
	return 0;
}

/* Converts a byte offset in buf to a 1-based line and column (in UTF-8
 * characters, as libyaml counts them). */
static void
offset_to_pos(const char *buf, size_t len, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* The byte at a 0-based line and column (in UTF-8 characters) of buf, or
 * NUL past its end. */
static char
char_at(const char *buf, size_t len, size_t line, size_t col)
{
	size_t i = 0;

	for (; line > 0 && i < len; i++)
		if (buf[i] == '\n')
			line--;
	for (; i < len && buf[i] != '\n'; i++) {
		if (((unsigned char)buf[i] & 0xc0) == 0x80)
			continue;
		if (col-- == 0)
			return buf[i];
	}
	return '\0';
}

/* 1 if libyaml's context names something opened earlier that the reader
 * should look for: a quote or bracket left open. */
static int
context_helps(const char *context)
{
	return context != NULL &&
	    (strcmp(context, "while scanning a quoted scalar") == 0 ||
	    strcmp(context, "while parsing a flow sequence") == 0 ||
	    strcmp(context, "while parsing a flow mapping") == 0);
}

static void
report_yaml_error(loader *ld, const char *file, const yaml_parser_t *p,
    const char *buf, size_t len)
{
	const char *what = p->problem != NULL ? p->problem :
	    N_("the YAML parser failed");
	int line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		fputs("sshwizard: out of memory\n", stderr);
		abort();
	}
	if (p->error == YAML_READER_ERROR) {
		offset_to_pos(buf, len, p->problem_offset, &line, &col);
		ld_diag(ld, file, line, col, "%s", _(what));
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	if (strstr(what, "tab") == NULL && char_at(buf, len,
	    p->problem_mark.line, p->problem_mark.column) == '\t')
		ld_diag(ld, file, line, col,
		    _("%s (a tab: indent YAML with spaces)"), _(what));
	else if (context_helps(p->context) &&
	    p->context_mark.line != p->problem_mark.line)
		ld_diag(ld, file, line, col, _("%s (%s at line %d)"), _(what),
		    _(p->context), (int)p->context_mark.line + 1);
	else
		ld_diag(ld, file, line, col, "%s", _(what));
}

/* Parses buf into *doc.  Returns 0, or -1 after reporting a syntax error
 * (*doc is then not to be deleted). */
static int
yaml_parse(loader *ld, const char *file, const char *buf, size_t len,
    yaml_document_t *doc)
{
	yaml_parser_t p;
	yaml_document_t extra;
	int ret = -1;

	if (!yaml_parser_initialize(&p)) {
		fputs("sshwizard: out of memory\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, doc)) {
		report_yaml_error(ld, file, &p, buf, len);
		goto out;
	}
	if (yaml_document_get_root_node(doc) != NULL) {
		if (!yaml_parser_load(&p, &extra)) {
			report_yaml_error(ld, file, &p, buf, len);
			yaml_document_delete(doc);
			goto out;
		}
		if (yaml_document_get_root_node(&extra) != NULL)
			ld_diag(ld, file, (int)extra.start_mark.line + 1,
			    (int)extra.start_mark.column + 1,
			    _("a second YAML document: a tree file holds one"));
		yaml_document_delete(&extra);
	}
	ret = 0;
out:
	yaml_parser_delete(&p);
	return ret;
}

/* Reads a whole file of at most LOADER_MAX_FILE_BYTES.  Returns 0 with *bufp
 * (caller frees) and *lenp, or -1 with errno set.  The buffer grows with
 * what is read: a tree file is a few KB, and the cap is not allocated up
 * front for each file. */
static int
file_slurp(const char *path, char **bufp, size_t *lenp)
{
	sbuf b = { 0 };
	char chunk[16384];
	ssize_t got;
	int fd, saved, ret = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto out;
		if (got == 0)
			break;
		if ((size_t)got > LOADER_MAX_FILE_BYTES - b.len) {
			errno = EFBIG;
			goto out;
		}
		sbuf_addn(&b, chunk, (size_t)got);
	}
	*lenp = b.len;
	*bufp = sbuf_steal(&b);	/* transferred */
	ret = 0;
out:
	saved = errno;
	sbuf_free(&b);
	close(fd);
	errno = saved;
	return ret;
}

/* Reports a file that cannot be read: the root at FILE:0:0, an included
 * file at its include entry, by the name written there. */
static void
report_unreadable(loader *ld, const char *path, const include_ref *from,
    int err)
{
	if (from == NULL)
		ld_diag(ld, path, 0, 0, _("cannot read: %s"), strerror(err));
	else
		ld_diag(ld, from->pos.file, from->pos.line, from->pos.col,
		    _("cannot read '%s': %s"), from->name, strerror(err));
}

/* 1 (reported) if real is a file being read: the include goes round in a
 * circle.  Else 1 (reported) if it was read already, else 0. */
static int
check_included(loader *ld, const char *real, const include_ref *from)
{
	const sw_pos *at = &from->pos, *first;
	size_t i;

	for (i = 0; i < ld->n_stack; i++)
		if (strcmp(ld->real[ld->stack[i]], real) == 0) {
			ld_diag(ld, at->file, at->line, at->col,
			    _("include cycle: '%s' is already being read"),
			    from->name);
			return 1;
		}
	for (i = 0; i < ld->t->n_files; i++) {
		if (strcmp(ld->real[i], real) != 0)
			continue;
		first = &ld->included_at[i];
		if (first->file != NULL && strcmp(first->file, at->file) == 0)
			ld_diag(ld, at->file, at->line, at->col,
			    _("'%s' is included twice (first at line %d)"),
			    from->name, first->line);
		else
			ld_diag(ld, at->file, at->line, at->col,
			    _("'%s' is included twice (first at %s:%d)"),
			    from->name, first->file ? first->file : "-",
			    first->line);
		return 1;
	}
	return 0;
}

/* Reads the file at path, included from *from (NULL for the root), then the
 * files it includes.  Returns -1 when the file could not be read or parsed
 * or its top level is not a mapping. */
static int
load_file(loader *ld, const char *path, const include_ref *from)
{
	sw_tree *t = ld->t;
	yaml_document_t doc;
	fctx f = { 0 };
	char *real = NULL, *buf = NULL;
	size_t len, i, fi;
	int ret = -1;

	if ((real = realpath(path, NULL)) == NULL) {
		report_unreadable(ld, path, from, errno);
		goto out;
	}
	if (from != NULL && check_included(ld, real, from))
		goto out;
	if (from != NULL && t->n_files >= LOADER_MAX_FILES) {
		ld_diag(ld, from->pos.file, from->pos.line, from->pos.col,
		    _("too many files: a tree may have at most %d"),
		    LOADER_MAX_FILES);
		goto out;
	}
	if (file_slurp(path, &buf, &len) != 0) {
		report_unreadable(ld, path, from, errno);
		goto out;
	}

	fi = t->n_files++;
	t->files = xreallocarray(t->files, t->n_files, sizeof(*t->files));
	ld->real = xreallocarray(ld->real, t->n_files, sizeof(*ld->real));
	ld->included_at = xreallocarray(ld->included_at, t->n_files,
	    sizeof(*ld->included_at));
	t->files[fi] = xstrdup(path);
	ld->real[fi] = real;
	real = NULL;	/* transferred */
	if (from != NULL)
		ld->included_at[fi] = from->pos;
	else
		memset(&ld->included_at[fi], 0, sizeof(ld->included_at[fi]));

	f.ld = ld;
	f.doc = &doc;
	f.file = t->files[fi];
	f.is_root = from == NULL;
	if (f.is_root) {
		t->start_pos.file = f.file;
		t->start_pos.line = t->start_pos.col = 1;
	}
	if (yaml_parse(ld, f.file, buf, len, &doc) != 0)
		goto out;
	free(buf);
	buf = NULL;
	ret = parse_file(&f);
	yaml_document_delete(&doc);
	if (ret != 0)
		goto out;

	ld->stack = xreallocarray(ld->stack, ld->n_stack + 1,
	    sizeof(*ld->stack));
	ld->stack[ld->n_stack++] = fi;
	for (i = 0; i < f.n_incs; i++)
		load_file(ld, f.incs[i].path, &f.incs[i]);
	ld->n_stack--;
out:
	for (i = 0; i < f.n_incs; i++) {
		free(f.incs[i].name);
		free(f.incs[i].path);
	}
	free(f.incs);
	free(buf);
	free(real);
	return ret;
}

sw_tree *
tree_load(const char *path, sw_diags *diags)
{
	loader ld = { 0 };
	sw_tree *t = xcalloc(1, sizeof(*t));
	size_t i;
	int failed;

	ld.t = t;
	ld.d = diags;
	failed = load_file(&ld, path, NULL) != 0;
	for (i = 0; i < t->n_files; i++)
		free(ld.real[i]);
	free(ld.real);
	free(ld.included_at);
	free(ld.stack);
	if (failed) {
		tree_free(t);
		return NULL;
	}
	return t;
}
