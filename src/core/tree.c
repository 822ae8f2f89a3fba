/* Lookups in, and freeing of, the decision tree. */
#include "config.h"

#include "core/tree.h"

#include <stdlib.h>
#include <string.h>

const sw_node *
tree_find(const sw_tree *t, const char *id)
{
	size_t i;

	if (t == NULL || id == NULL)
		return NULL;
	for (i = 0; i < t->n_nodes; i++)
		if (t->nodes[i]->id != NULL && strcmp(t->nodes[i]->id, id) == 0)
			return t->nodes[i];
	return NULL;
}

const char *
node_next(const sw_node *n, const char *outcome)
{
	size_t i;

	for (i = 0; i < n->n_edges; i++)
		if (strcmp(n->edges[i].outcome, outcome) == 0)
			return n->edges[i].next;
	return NULL;
}

const sw_choice *
node_choice(const sw_node *n, const char *id)
{
	size_t i;

	for (i = 0; i < n->n_choices; i++)
		if (n->choices[i].id != NULL && strcmp(n->choices[i].id, id) == 0)
			return &n->choices[i];
	return NULL;
}

const char *
where_name(sw_where w)
{
	return w == SW_WHERE_SERVER ? "server" : "client";
}

static void
node_free(sw_node *n)
{
	size_t i, j;

	if (n == NULL)
		return;
	free(n->id);
	free(n->title);
	free(n->explanation);
	for (i = 0; i < n->n_facts; i++)
		free(n->facts[i]);
	free(n->facts);
	free(n->fact_pos);
	free(n->probe);
	for (i = 0; i < n->n_edges; i++) {
		free(n->edges[i].outcome);
		free(n->edges[i].next);
	}
	free(n->edges);
	for (i = 0; i < n->n_choices; i++) {
		free(n->choices[i].id);
		free(n->choices[i].label);
		free(n->choices[i].next);
	}
	free(n->choices);
	free(n->default_choice);
	free(n->cause);
	for (i = 0; i < n->n_suggest; i++) {
		free(n->suggest[i].command);
		free(n->suggest[i].why);
		for (j = 0; j < n->suggest[i].n_when; j++) {
			free(n->suggest[i].when[j].key);
			free(n->suggest[i].when[j].value);
		}
		free(n->suggest[i].when);
	}
	free(n->suggest);
	free(n);
}

void
tree_free(sw_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n_nodes; i++)
		node_free(t->nodes[i]);
	free(t->nodes);
	for (i = 0; i < t->n_files; i++)
		free(t->files[i]);
	free(t->files);
	free(t->start);
	free(t);
}
