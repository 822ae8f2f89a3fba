/* The decision tree in memory: nodes of three kinds, with the source position
 * of every field the validator may complain about.  Built by tree_load()
 * (loader.h), checked by tree_validate() (validate.h), read by the engine. */
#ifndef SW_TREE_H
#define SW_TREE_H

#include <stddef.h>

typedef struct sw_pos {
	const char *file;	/* owned by the tree (sw_tree.files) */
	int line;		/* 1-based */
	int col;		/* 1-based */
} sw_pos;

typedef enum sw_node_kind {
	SW_NODE_PROBE,
	SW_NODE_QUESTION,
	SW_NODE_VERDICT,
} sw_node_kind;

typedef enum sw_where {
	SW_WHERE_CLIENT,
	SW_WHERE_SERVER,
} sw_where;

/* A probe node's edge: when the probe answers `outcome`, go to `next`. */
typedef struct sw_edge {
	char *outcome;
	char *next;
	sw_pos pos;		/* of the outcome key */
	sw_pos next_pos;	/* of the target id */
} sw_edge;

/* A question node's choice. */
typedef struct sw_choice {
	char *id;
	char *label;		/* English msgid */
	char *next;
	sw_pos pos;
	sw_pos next_pos;
} sw_choice;

/* A suggested command.  command is a template with {placeholders}; it is
 * never translated.  why is an English msgid. */
/* A condition on the evidence (a suggestion's `when:`): KEY holds when the
 * path recorded a non-empty value for KEY, !KEY when it did not, KEY=VALUE
 * and KEY!=VALUE compare the latest value. */
typedef struct sw_cond {
	char *key;		/* an evidence key */
	char *value;		/* NULL for presence tests */
	int negate;		/* !KEY, KEY!=VALUE */
	sw_pos pos;
} sw_cond;

typedef struct sw_suggest {
	sw_where where;
	char *command;
	char *why;
	sw_pos pos;		/* of the command */
	sw_cond *when;		/* all must hold for the command to be offered */
	size_t n_when;
} sw_suggest;

typedef struct sw_node {
	char *id;
	sw_node_kind kind;
	sw_pos pos;		/* of the node mapping */
	char *title;		/* English msgid */
	char *explanation;	/* English msgid, may be NULL */
	/* Question and verdict nodes: the evidence keys whose values the
	 * front ends show right under the title (engine_facts()). */
	char **facts;
	sw_pos *fact_pos;
	size_t n_facts;

	/* SW_NODE_PROBE */
	char *probe;
	sw_pos probe_pos;
	sw_edge *edges;
	size_t n_edges;

	/* SW_NODE_QUESTION */
	sw_choice *choices;
	size_t n_choices;
	char *default_choice;	/* choice id or NULL */
	sw_pos default_pos;

	/* SW_NODE_VERDICT */
	char *cause;
	sw_pos cause_pos;
	sw_suggest *suggest;
	size_t n_suggest;
} sw_node;

typedef struct sw_tree {
	char *start;		/* id of the first node */
	sw_pos start_pos;
	sw_node **nodes;	/* in file order */
	size_t n_nodes;
	char **files;		/* every file read, root first; owned */
	size_t n_files;
} sw_tree;

/* The node with that id, or NULL. */
const sw_node *tree_find(const sw_tree *t, const char *id);
/* Where a probe node goes on outcome, or NULL if it has no such edge. */
const char *node_next(const sw_node *n, const char *outcome);
/* The choice with that id, or NULL. */
const sw_choice *node_choice(const sw_node *n, const char *id);
/* "client" or "server". */
const char *where_name(sw_where w);
/* Frees the tree and everything in it.  NULL is fine. */
void tree_free(sw_tree *t);

#endif
