/* The nftables back-end: reads `nft -j list ruleset` with jansson and walks
 * a TCP SYN through the base chains on the ingress, prerouting and input
 * hooks in priority order: accept ends one base chain, drop and reject end
 * the walk, jump and goto follow user chains.  Rules are quoted from
 * `nft -a list ruleset` by their handle. */
#include "config.h"

#include "core/util.h"
#include "probes/server.h"
#include "probes/server_fw.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const nft_cmds[] = {
	"nft -j list ruleset",
	"nft -a list ruleset",
	NULL,
};

#define MAX_DEPTH 16

typedef struct nft_chain {
	const char *family, *table, *name;
	const char *hook;	/* NULL for a regular chain */
	const char *policy;
	long prio;
	int order;		/* ingress 0, prerouting 1, input 2 */
} nft_chain;

typedef struct nft_rule {
	const char *family, *table, *chain;
	long handle;
	json_t *expr;
} nft_rule;

typedef struct nft_set {
	const char *family, *table, *name;
	json_t *elem;
} nft_set;

typedef struct nft_rs {
	nft_chain *chains;
	size_t n_chains;
	nft_rule *rules;
	size_t n_rules;
	nft_set *sets;
	size_t n_sets;
	const nft_rule **by_chain;	/* rules sorted by family, table,
					 * chain, then as listed */
} nft_rs;

/* What walking a chain gave, kept so that each chain is walked once per
 * base chain: K jumps per chain cost K times, not K^depth. */
typedef struct nft_memo {
	unsigned gen;		/* the walk it belongs to; another walk's entry
				 * counts as not walked */
	int state;		/* 0 not walked, 1 being walked, 2 walked */
	int res;		/* W_* */
	fw_action act;
	const nft_rule *rule;
} nft_memo;

typedef struct nft_maybe {
	int set;
	fw_action action;
	const nft_rule *rule;
} nft_maybe;

typedef struct nft_walk {
	const nft_rs *rs;
	const fw_query *q;
	const char *family, *table;	/* of the chain being walked */
	nft_maybe maybes[3];
	const char *why;
	nft_memo *memo;		/* per rs->by_chain index of a chain's first
				 * rule */
	unsigned gen;
	unsigned long judged;	/* rules judged */
} nft_walk;

static const char *
jstr_get(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
skipped(const char *const *skip, const char *family, const char *table)
{
	size_t i, fl = strlen(family);

	for (i = 0; skip != NULL && skip[i] != NULL; i++)
		if (strncmp(skip[i], family, fl) == 0 && skip[i][fl] == ' ' &&
		    strcmp(skip[i] + fl + 1, table) == 0)
			return 1;
	return 0;
}

static int
hook_order(const char *hook)
{
	if (hook == NULL)
		return -1;
	if (strcmp(hook, "ingress") == 0)
		return 0;
	if (strcmp(hook, "prerouting") == 0)
		return 1;
	if (strcmp(hook, "input") == 0)
		return 2;
	return -1;
}

static void
rs_load(json_t *root, const char *const *skip, nft_rs *rs)
{
	json_t *arr = json_object_get(root, "nftables"), *it;
	size_t i;

	memset(rs, 0, sizeof(*rs));
	json_array_foreach(arr, i, it) {
		json_t *o;
		const char *fam, *tab;

		if ((o = json_object_get(it, "chain")) != NULL) {
			nft_chain *c;

			fam = jstr_get(o, "family");
			tab = jstr_get(o, "table");
			if (fam == NULL || tab == NULL || skipped(skip, fam, tab))
				continue;
			rs->chains = xreallocarray(rs->chains, rs->n_chains + 1,
			    sizeof(*rs->chains));
			c = &rs->chains[rs->n_chains++];
			memset(c, 0, sizeof(*c));
			c->family = fam;
			c->table = tab;
			c->name = jstr_get(o, "name");
			c->hook = jstr_get(o, "hook");
			c->policy = jstr_get(o, "policy");
			c->order = hook_order(c->hook);
			{
				json_t *p = json_object_get(o, "prio");

				c->prio = json_is_integer(p) ?
				    (long)json_integer_value(p) : 0;
			}
			if (c->name == NULL)
				rs->n_chains--;
		} else if ((o = json_object_get(it, "rule")) != NULL) {
			nft_rule *r;

			fam = jstr_get(o, "family");
			tab = jstr_get(o, "table");
			if (fam == NULL || tab == NULL || skipped(skip, fam, tab) ||
			    jstr_get(o, "chain") == NULL)
				continue;
			rs->rules = xreallocarray(rs->rules, rs->n_rules + 1,
			    sizeof(*rs->rules));
			r = &rs->rules[rs->n_rules++];
			r->family = fam;
			r->table = tab;
			r->chain = jstr_get(o, "chain");
			r->handle = json_is_integer(json_object_get(o, "handle")) ?
			    (long)json_integer_value(json_object_get(o,
			    "handle")) : -1;
			r->expr = json_object_get(o, "expr");
		} else if ((o = json_object_get(it, "set")) != NULL ||
		    (o = json_object_get(it, "map")) != NULL) {
			nft_set *s;

			fam = jstr_get(o, "family");
			tab = jstr_get(o, "table");
			if (fam == NULL || tab == NULL)
				continue;
			rs->sets = xreallocarray(rs->sets, rs->n_sets + 1,
			    sizeof(*rs->sets));
			s = &rs->sets[rs->n_sets++];
			s->family = fam;
			s->table = tab;
			s->name = jstr_get(o, "name");
			s->elem = json_object_get(o, "elem");
		}
	}
}

static int
rule_key_cmp(const nft_rule *r, const char *family, const char *table,
    const char *chain)
{
	int c;

	if ((c = strcmp(r->family, family)) != 0)
		return c;
	if ((c = strcmp(r->table, table)) != 0)
		return c;
	return strcmp(r->chain, chain);
}

static int
rule_order_cmp(const void *a, const void *b)
{
	const nft_rule *x = *(const nft_rule *const *)a;
	const nft_rule *y = *(const nft_rule *const *)b;
	int c = rule_key_cmp(x, y->family, y->table, y->chain);

	return c != 0 ? c : x < y ? -1 : x > y;
}

/* Sorts the rules by chain, so a chain's rules are found in log n. */
static void
rs_index(nft_rs *rs)
{
	size_t i;

	if (rs->n_rules == 0)
		return;
	rs->by_chain = xcalloc(rs->n_rules, sizeof(*rs->by_chain));
	for (i = 0; i < rs->n_rules; i++)
		rs->by_chain[i] = &rs->rules[i];
	qsort(rs->by_chain, rs->n_rules, sizeof(*rs->by_chain),
	    rule_order_cmp);
}

/* The by_chain index of the first rule of a chain, or n_rules when it has
 * none. */
static size_t
chain_first_rule(const nft_rs *rs, const char *family, const char *table,
    const char *chain)
{
	size_t lo = 0, hi = rs->n_rules;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rule_key_cmp(rs->by_chain[mid], family, table, chain) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rs->n_rules &&
	    rule_key_cmp(rs->by_chain[lo], family, table, chain) == 0)
		return lo;
	return rs->n_rules;
}

static void
rs_free(nft_rs *rs)
{
	free(rs->by_chain);
	free(rs->chains);
	free(rs->rules);
	free(rs->sets);
	memset(rs, 0, sizeof(*rs));
}

/* ---- Values ---- */

typedef enum vkind {
	V_UNKNOWN,	/* a value this check cannot know */
	V_NONE,		/* the packet has no such field */
	V_INT,
	V_ADDR,
	V_STR,		/* interface name, protocol name */
	V_FLAGS,	/* ct state, tcp flags: names */
	V_NOPKT,	/* a header this packet does not carry: no match */
} vkind;

typedef struct value {
	vkind kind;
	long i;
	const char *s;		/* V_ADDR, V_STR (may be NULL: unknown) */
	const char *flags[4];	/* V_FLAGS */
	unsigned bits;		/* tcp flags */
	int is_tcpflags;
} value;

static unsigned
tcp_flag_bit(const char *n)
{
	static const char *const names[] = { "fin", "syn", "rst", "psh", "ack",
		"urg", "ecn", "cwr", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(n, names[i]) == 0)
			return 1u << i;
	return 0;
}

static unsigned
json_flag_bits(json_t *v)
{
	size_t i;
	json_t *x;
	unsigned b = 0;

	if (json_is_string(v))
		return tcp_flag_bit(json_string_value(v));
	if (json_is_integer(v))
		return (unsigned)json_integer_value(v);
	if (json_is_array(v))
		json_array_foreach(v, i, x)
			b |= json_flag_bits(x);
	if (json_is_object(v) && json_object_get(v, "set") != NULL)
		return json_flag_bits(json_object_get(v, "set"));
	return b;
}

static void
left_value(nft_walk *w, json_t *l, value *v)
{
	const fw_query *q = w->q;
	json_t *o;

	memset(v, 0, sizeof(*v));
	v->kind = V_UNKNOWN;
	if ((o = json_object_get(l, "payload")) != NULL) {
		const char *p = jstr_get(o, "protocol"), *f = jstr_get(o, "field");

		if (p == NULL || f == NULL)
			return;
		if (strcmp(p, "tcp") == 0 || strcmp(p, "th") == 0) {
			if (strcmp(f, "dport") == 0) {
				v->kind = V_INT;
				v->i = q->dport;
			} else if (strcmp(f, "flags") == 0 && p[0] == 't' &&
			    p[1] == 'c') {
				v->kind = V_FLAGS;
				v->is_tcpflags = 1;
				v->bits = tcp_flag_bit("syn");
			}
			return;
		}
		if (strcmp(p, "ip") == 0 || strcmp(p, "ip6") == 0) {
			int fam = p[2] == '6' ? AF_INET6 : AF_INET;

			if (fam != q->family) {
				v->kind = V_NOPKT;
				return;
			}
			if (strcmp(f, "saddr") == 0 || strcmp(f, "daddr") == 0) {
				v->kind = V_ADDR;
				v->s = f[0] == 's' ? q->src : q->dst;
			} else if (strcmp(f, "protocol") == 0 ||
			    strcmp(f, "nexthdr") == 0) {
				v->kind = V_STR;
				v->s = "tcp";
			}
			return;
		}
		if (strcmp(p, "udp") == 0 || strcmp(p, "icmp") == 0 ||
		    strcmp(p, "icmpv6") == 0 || strcmp(p, "sctp") == 0 ||
		    strcmp(p, "dccp") == 0 || strcmp(p, "udplite") == 0 ||
		    strcmp(p, "arp") == 0)
			v->kind = V_NOPKT;
		return;
	}
	if ((o = json_object_get(l, "meta")) != NULL) {
		const char *k = jstr_get(o, "key");

		if (k == NULL)
			return;
		if (strcmp(k, "l4proto") == 0) {
			v->kind = V_STR;
			v->s = "tcp";
		} else if (strcmp(k, "nfproto") == 0 ||
		    strcmp(k, "protocol") == 0) {
			v->kind = V_STR;
			v->s = q->family == AF_INET ? "ipv4" : "ipv6";
			if (strcmp(k, "protocol") == 0)
				v->s = q->family == AF_INET ? "ip" : "ip6";
		} else if (strcmp(k, "iifname") == 0 || strcmp(k, "iif") == 0) {
			v->kind = V_STR;
			v->s = q->src != NULL && srv_addr_is_loopback(q->src) ?
			    "lo" : q->iface;
			if (v->s == NULL && q->src != NULL)
				v->s = NULL;	/* unknown, but not lo */
			/* An unknown client comes over the network. */
			v->i = q->src == NULL || !srv_addr_is_loopback(q->src);
		} else if (strcmp(k, "oifname") == 0 || strcmp(k, "oif") == 0) {
			v->kind = V_NONE;
		} else if (strcmp(k, "pkttype") == 0) {
			v->kind = V_STR;
			v->s = "host";
		}
		return;
	}
	if ((o = json_object_get(l, "ct")) != NULL) {
		const char *k = jstr_get(o, "key");

		if (k != NULL && strcmp(k, "state") == 0) {
			v->kind = V_FLAGS;
			v->flags[0] = "new";
		} else if (k != NULL && strcmp(k, "direction") == 0) {
			v->kind = V_STR;
			v->s = "original";
		}
		return;
	}
	if ((o = json_object_get(l, "&")) != NULL && json_is_array(o) &&
	    json_array_size(o) == 2) {
		value inner;

		left_value(w, json_array_get(o, 0), &inner);
		if (inner.kind == V_FLAGS && inner.is_tcpflags) {
			*v = inner;
			v->bits &= json_flag_bits(json_array_get(o, 1));
		} else if (inner.kind == V_NOPKT)
			v->kind = V_NOPKT;
		return;
	}
	if ((o = json_object_get(l, "fib")) != NULL) {
		const char *res = jstr_get(o, "result");

		if (res != NULL && strcmp(res, "type") == 0) {
			v->kind = V_STR;
			v->s = "local";	/* a packet for this host */
		}
		return;
	}
}

static const nft_set *
set_find(nft_walk *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->rs->n_sets; i++) {
		const nft_set *s = &w->rs->sets[i];

		if (s->name != NULL && strcmp(s->name, name) == 0 &&
		    strcmp(s->family, w->family) == 0 &&
		    strcmp(s->table, w->table) == 0)
			return s;
	}
	return NULL;
}

static int value_in(nft_walk *w, const value *v, json_t *r);

/* Does v equal the single element r? */
static int
value_eq(nft_walk *w, const value *v, json_t *r)
{
	json_t *o;

	if (json_is_object(r) && (o = json_object_get(r, "elem")) != NULL)
		return value_eq(w, v, json_object_get(o, "val"));
	if (json_is_object(r) && json_object_get(r, "set") != NULL)
		return value_in(w, v, json_object_get(r, "set"));
	if (json_is_string(r) && json_string_value(r)[0] == '@') {
		const nft_set *s = set_find(w, json_string_value(r) + 1);

		return s != NULL ? value_in(w, v, s->elem) : FW_MAYBE;
	}
	switch (v->kind) {
	case V_INT:
		if (json_is_integer(r))
			return json_integer_value(r) == v->i ? FW_YES : FW_NO;
		if (json_is_string(r))
			return strcmp(json_string_value(r), "ssh") == 0 ?
			    (v->i == 22 ? FW_YES : FW_NO) : FW_MAYBE;
		if ((o = json_object_get(r, "range")) != NULL &&
		    json_array_size(o) == 2)
			return v->i >= json_integer_value(json_array_get(o, 0)) &&
			    v->i <= json_integer_value(json_array_get(o, 1)) ?
			    FW_YES : FW_NO;
		return FW_MAYBE;
	case V_ADDR:
		if (json_is_string(r))
			return fw_addr_match(v->s, json_string_value(r));
		if ((o = json_object_get(r, "prefix")) != NULL) {
			char spec[96];

			snprintf(spec, sizeof(spec), "%s/%lld",
			    jstr_get(o, "addr") ? jstr_get(o, "addr") : "",
			    (long long)json_integer_value(json_object_get(o,
			    "len")));
			return fw_addr_match(v->s, spec);
		}
		if ((o = json_object_get(r, "range")) != NULL &&
		    json_array_size(o) == 2 && v->s != NULL) {
			unsigned char x[16], a[16], b[16];
			int fam = strchr(v->s, ':') ? AF_INET6 : AF_INET;
			size_t n = fam == AF_INET ? 4 : 16;
			json_t *ja = json_array_get(o, 0), *jb = json_array_get(o, 1);

			if (json_is_string(ja) && json_is_string(jb) &&
			    inet_pton(fam, v->s, x) == 1 &&
			    inet_pton(fam, json_string_value(ja), a) == 1 &&
			    inet_pton(fam, json_string_value(jb), b) == 1)
				return memcmp(x, a, n) >= 0 &&
				    memcmp(x, b, n) <= 0 ? FW_YES : FW_NO;
		}
		return FW_MAYBE;
	case V_STR:
		if (json_is_string(r)) {
			const char *s = json_string_value(r);
			size_t n = strlen(s);

			if (v->s == NULL)
				return strcmp(s, "lo") == 0 && v->i ? FW_NO :
				    FW_MAYBE;
			if (n > 0 && s[n - 1] == '*')
				return strncmp(v->s, s, n - 1) == 0 ? FW_YES :
				    FW_NO;
			return strcmp(v->s, s) == 0 ? FW_YES : FW_NO;
		}
		if (json_is_integer(r) && v->s != NULL &&
		    strcmp(v->s, "tcp") == 0)
			return json_integer_value(r) == 6 ? FW_YES : FW_NO;
		return FW_MAYBE;
	case V_FLAGS:
		if (v->is_tcpflags)
			return json_flag_bits(r) == v->bits ? FW_YES : FW_NO;
		if (json_is_string(r))
			return strcmp(json_string_value(r), v->flags[0]) == 0 ?
			    FW_YES : FW_NO;
		if (json_is_array(r))
			return value_in(w, v, r);
		return FW_MAYBE;
	default:
		return FW_MAYBE;
	}
}

/* Is v one of the elements of the array r? */
static int
value_in(nft_walk *w, const value *v, json_t *r)
{
	size_t i;
	json_t *x;
	int acc = FW_NO;

	if (!json_is_array(r))
		return value_eq(w, v, r);
	json_array_foreach(r, i, x) {
		int m = value_eq(w, v, x);

		if (m == FW_YES)
			return FW_YES;
		if (m == FW_MAYBE)
			acc = FW_MAYBE;
	}
	return acc;
}

static int
match_eval(nft_walk *w, json_t *m)
{
	const char *op = jstr_get(m, "op");
	json_t *right = json_object_get(m, "right");
	value v;
	int r;

	left_value(w, json_object_get(m, "left"), &v);
	if (v.kind == V_NOPKT)
		return FW_NO;
	if (v.kind == V_NONE)
		return op != NULL && strcmp(op, "!=") == 0 ? FW_YES : FW_NO;
	if (v.kind == V_UNKNOWN)
		return FW_MAYBE;
	if (v.kind == V_FLAGS && v.is_tcpflags && op != NULL &&
	    strcmp(op, "in") == 0)
		/* "tcp flags syn": any of the listed bits */
		return (v.bits & json_flag_bits(right)) != 0 ? FW_YES : FW_NO;
	if (v.kind == V_INT && op != NULL && json_is_integer(right) &&
	    strchr("<>", op[0]) != NULL) {
		long x = (long)json_integer_value(right);

		if (strcmp(op, "<") == 0)
			return v.i < x ? FW_YES : FW_NO;
		if (strcmp(op, "<=") == 0)
			return v.i <= x ? FW_YES : FW_NO;
		if (strcmp(op, ">") == 0)
			return v.i > x ? FW_YES : FW_NO;
		return v.i >= x ? FW_YES : FW_NO;
	}
	r = value_eq(w, &v, right);
	if (op != NULL && strcmp(op, "!=") == 0 && r != FW_MAYBE)
		r = r == FW_YES ? FW_NO : FW_YES;
	return r;
}

/* ---- Walking ---- */

static int
mcombine(int acc, int m)
{
	if (acc == FW_NO || m == FW_NO)
		return FW_NO;
	if (acc == FW_MAYBE || m == FW_MAYBE)
		return FW_MAYBE;
	return FW_YES;
}

static void
note_maybe(nft_walk *w, fw_action a, const nft_rule *r)
{
	int k = a == FW_ACCEPT ? 0 : a == FW_DROP ? 1 : 2;

	if (a == FW_UNKNOWN || w->maybes[k].set)
		return;
	w->maybes[k].set = 1;
	w->maybes[k].action = a;
	w->maybes[k].rule = r;
}

/* Chain walk results. */
enum { W_FALL, W_ACCEPT, W_FINAL };

static int chain_walk(nft_walk *w, const char *chain, int depth,
    fw_action *act, const nft_rule **rule);

/* Applies a verdict object.  Returns W_* and sets *act and *rule for
 * W_ACCEPT and W_FINAL; sets *ret to 1 for "return". */
static int
verdict_apply(nft_walk *w, json_t *stmt, const nft_rule *r, int depth,
    int m, fw_action *act, const nft_rule **rule, int *ret, int *handled)
{
	json_t *j;
	int res = W_FALL;
	fw_action a;

	*handled = 1;
	if (json_object_get(stmt, "accept") != NULL)
		a = FW_ACCEPT;
	else if (json_object_get(stmt, "drop") != NULL)
		a = FW_DROP;
	else if (json_object_get(stmt, "reject") != NULL)
		a = FW_REJECT;
	else if (json_object_get(stmt, "queue") != NULL)
		a = FW_UNKNOWN;
	else if (json_object_get(stmt, "return") != NULL) {
		if (m == FW_YES)
			*ret = 1;
		return W_FALL;
	} else if (json_object_get(stmt, "continue") != NULL) {
		return W_FALL;
	} else if ((j = json_object_get(stmt, "jump")) != NULL ||
	    (j = json_object_get(stmt, "goto")) != NULL) {
		const char *target = jstr_get(j, "target");
		int go = json_object_get(stmt, "goto") != NULL, sub;
		fw_action sa = FW_ACCEPT;
		const nft_rule *sr = NULL;

		if (target == NULL)
			return W_FALL;
		sub = chain_walk(w, target, depth + 1, &sa, &sr);
		if (m == FW_YES) {
			if (sub != W_FALL) {
				*act = sa;
				*rule = sr;
				return sub;
			}
			if (go)
				*ret = 1;
			return W_FALL;
		}
		if (sub != W_FALL)
			note_maybe(w, sa, sr);
		return W_FALL;
	} else {
		*handled = 0;
		return W_FALL;
	}
	if (m == FW_MAYBE) {
		note_maybe(w, a, r);
		return W_FALL;
	}
	*act = a;
	*rule = r;
	res = a == FW_ACCEPT ? W_ACCEPT : W_FINAL;
	return res;
}

static int chain_walk_rules(nft_walk *w, size_t first, int depth,
    fw_action *act, const nft_rule **rule);

/* Walks a chain once per base chain walk: its outcome does not depend on
 * where it was jumped from, and the maybes and the first "why" it notes are
 * noted the first time already, so a second jump reuses the outcome.  A
 * jump back into a chain being walked (a loop nft refuses to load) falls
 * through, as does one nested deeper than MAX_DEPTH. */
static int
chain_walk(nft_walk *w, const char *chain, int depth, fw_action *act,
    const nft_rule **rule)
{
	size_t first = chain_first_rule(w->rs, w->family, w->table, chain);
	nft_memo *m;

	if (first >= w->rs->n_rules || depth > MAX_DEPTH)
		return W_FALL;
	m = &w->memo[first];
	if (m->gen != w->gen) {
		memset(m, 0, sizeof(*m));
		m->gen = w->gen;
	}
	if (m->state == 1)
		return W_FALL;
	if (m->state == 0) {
		m->state = 1;
		m->res = chain_walk_rules(w, first, depth, &m->act, &m->rule);
		m->state = 2;
	}
	if (m->res != W_FALL) {
		*act = m->act;
		*rule = m->rule;
	}
	return m->res;
}

static int
chain_walk_rules(nft_walk *w, size_t first, int depth, fw_action *act,
    const nft_rule **rule)
{
	const nft_rule *head = w->rs->by_chain[first];
	size_t i;

	for (i = first; i < w->rs->n_rules; i++) {
		const nft_rule *r = w->rs->by_chain[i];
		json_t *stmt;
		size_t k;
		int m = FW_YES, ret = 0, res = W_FALL, done = 0;

		if (rule_key_cmp(r, head->family, head->table, head->chain) != 0)
			break;
		w->judged++;
		json_array_foreach(r->expr, k, stmt) {
			json_t *o;
			int handled;

			if ((o = json_object_get(stmt, "match")) != NULL) {
				m = mcombine(m, match_eval(w, o));
				if (m == FW_NO)
					break;
				continue;
			}
			if ((o = json_object_get(stmt, "vmap")) != NULL) {
				json_t *data = json_object_get(
				    json_object_get(o, "data"), "set"), *pair;
				value v;
				size_t pi;
				int hit = 0;

				left_value(w, json_object_get(o, "key"), &v);
				json_array_foreach(data, pi, pair) {
					int pm = v.kind == V_UNKNOWN ? FW_MAYBE :
					    value_eq(w, &v, json_array_get(pair,
					    0));

					if (pm == FW_NO)
						continue;
					res = verdict_apply(w, json_array_get(pair,
					    1), r, depth, mcombine(m, pm), act,
					    rule, &ret, &handled);
					if (res != W_FALL || ret) {
						hit = 1;
						break;
					}
				}
				(void)hit;
				done = 1;
				break;
			}
			res = verdict_apply(w, stmt, r, depth, m, act, rule,
			    &ret, &handled);
			if (handled) {
				done = 1;
				break;
			}
			if (json_object_get(stmt, "limit") != NULL ||
			    json_object_get(stmt, "quota") != NULL ||
			    json_object_get(stmt, "xt") != NULL ||
			    json_object_get(stmt, "meter") != NULL ||
			    json_object_get(stmt, "ct count") != NULL) {
				m = mcombine(m, FW_MAYBE);
				if (w->why == NULL)
					w->why = json_object_get(stmt,
					    "limit") ? "limit" : "a statement "
					    "this check does not judge";
			}
		}
		(void)done;
		if (res != W_FALL)
			return res;
		if (ret)
			return W_FALL;
	}
	return W_FALL;
}

/* The rule's line in `nft -a list ruleset`, found by family, table, chain
 * and handle.  Caller frees; NULL when not found. */
static char *
rule_text(const char *text, const nft_rule *r)
{
	char *copy, *line, *save = NULL, *found = NULL;
	char want[48];
	int in_table = 0, in_chain = 0;

	if (text == NULL || r == NULL)
		return NULL;
	snprintf(want, sizeof(want), "# handle %ld", r->handle);
	copy = xstrdup(text);
	for (line = strtok_r(copy, "\n", &save); line != NULL && found == NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *p = line, fam[32], name[128];
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		if (sscanf(p, "table %31s %127s", fam, name) == 2) {
			in_table = strcmp(fam, r->family) == 0 &&
			    strcmp(name, r->table) == 0;
			in_chain = 0;
			continue;
		}
		if (sscanf(p, "chain %127s", name) == 1) {
			in_chain = in_table && strcmp(name, r->chain) == 0;
			continue;
		}
		if (!in_chain)
			continue;
		n = strlen(p);
		if (n > strlen(want) && strcmp(p + n - strlen(want), want) == 0) {
			p[n - strlen(want)] = '\0';
			n = strlen(p);
			while (n > 0 && p[n - 1] == ' ')
				p[--n] = '\0';
			found = xstrdup(p);
		}
	}
	free(copy);
	return found;
}

static int
chain_cmp(const void *a, const void *b)
{
	const nft_chain *x = a, *y = b;

	if (x->order != y->order)
		return x->order - y->order;
	return x->prio < y->prio ? -1 : x->prio > y->prio;
}

static char *
describe_rule(const char *text, const nft_rule *r)
{
	char *t = rule_text(text, r);

	if (t != NULL)
		return t;
	return xasprintf("rule handle %ld", r->handle);
}

int
fw_nft_eval(const char *json, const char *text_rules,
    const char *const *skip, const fw_query *q, fw_result *res)
{
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);
	int ret;

	if (root == NULL) {
		memset(res, 0, sizeof(*res));
		res->status = FW_ST_UNREADABLE;
		res->note = xasprintf("not nft JSON: %s", jerr.text);
		return -1;
	}
	ret = fw_nft_eval_json(root, text_rules, skip, q, res);
	json_decref(root);
	return ret;
}

int
fw_nft_eval_json(struct json_t *root, const char *text_rules,
    const char *const *skip, const fw_query *q, fw_result *res)
{
	nft_rs rs;
	nft_chain *base = NULL;
	nft_memo *memo;
	size_t n_base = 0, i;
	int any_base = 0;

	memset(res, 0, sizeof(*res));
	if (!json_is_array(json_object_get(root, "nftables"))) {
		res->status = FW_ST_UNREADABLE;
		res->note = xstrdup("not nft JSON: no \"nftables\" array");
		return -1;
	}
	rs_load(root, skip, &rs);
	rs_index(&rs);
	memo = xcalloc(rs.n_rules + 1, sizeof(*memo));
	for (i = 0; i < rs.n_chains; i++) {
		nft_chain *c = &rs.chains[i];
		int fam_ok = strcmp(c->family, "inet") == 0 ||
		    strcmp(c->family, "netdev") == 0 ||
		    (strcmp(c->family, "ip") == 0 && q->family == AF_INET) ||
		    (strcmp(c->family, "ip6") == 0 && q->family == AF_INET6);

		if (c->order < 0 || !fam_ok)
			continue;
		base = xreallocarray(base, n_base + 1, sizeof(*base));
		base[n_base++] = *c;
	}
	if (n_base > 1)
		qsort(base, n_base, sizeof(*base), chain_cmp);
	res->status = FW_ST_EVALUATED;
	res->action = FW_ACCEPT;
	for (i = 0; i < n_base; i++) {
		nft_walk w;
		fw_action a = FW_ACCEPT;
		const nft_rule *r = NULL;
		int wres, k, unknown = 0;

		memset(&w, 0, sizeof(w));
		w.rs = &rs;
		w.q = q;
		w.family = base[i].family;
		w.table = base[i].table;
		w.memo = memo;
		w.gen = (unsigned)i + 1;
		wres = chain_walk(&w, base[i].name, 0, &a, &r);
		res->rules_judged += w.judged;
		any_base = 1;
		if (wres == W_FALL) {
			a = base[i].policy != NULL &&
			    strcmp(base[i].policy, "drop") == 0 ? FW_DROP :
			    FW_ACCEPT;
			r = NULL;
		}
		for (k = 0; k < 3; k++) {
			if (w.maybes[k].set && w.maybes[k].action != a) {
				free(res->rule);
				res->rule = describe_rule(text_rules,
				    w.maybes[k].rule);
				res->action = FW_UNKNOWN;
				res->note = xasprintf("this rule may %s the "
				    "connection, depending on what the check "
				    "cannot see (%s)",
				    fw_action_name(w.maybes[k].action),
				    w.why != NULL ? w.why : "a match it does "
				    "not judge");
				free(res->where);
				res->where = xasprintf("%s %s %s",
				    w.maybes[k].rule->family,
				    w.maybes[k].rule->table,
				    w.maybes[k].rule->chain);
				unknown = 1;
				break;
			}
		}
		if (unknown)
			break;
		if (a == FW_ACCEPT && wres != W_FINAL) {
			free(res->where);
			res->where = xasprintf("%s %s %s", base[i].family,
			    base[i].table, r != NULL ? r->chain : base[i].name);
			free(res->rule);
			res->rule = r != NULL ? describe_rule(text_rules, r) :
			    xasprintf("policy %s", base[i].policy ?
			    base[i].policy : "accept");
			res->by_policy = r == NULL;
			continue;
		}
		res->action = a;
		free(res->where);
		res->where = xasprintf("%s %s %s", base[i].family, base[i].table,
		    r != NULL ? r->chain : base[i].name);
		free(res->rule);
		res->rule = r != NULL ? describe_rule(text_rules, r) :
		    xasprintf("policy %s", base[i].policy);
		res->by_policy = r == NULL;
		res->handle = r != NULL ? r->handle : 0;
		if (r != NULL && (sw_starts_with(r->table, "f2b") ||
		    sw_starts_with(r->chain, "f2b") ||
		    strstr(r->table, "fail2ban") != NULL))
			res->owner = xstrdup("fail2ban");
		break;
	}
	if (!any_base)
		res->note = xstrdup("no base chain on the input path: nothing "
		    "filters");
	free(base);
	free(memo);
	rs_free(&rs);
	return 0;
}

/* ---- The back-end ---- */

static void
nft_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res)
{
	static const char *const json_argv[] = { "nft", "-j", "list", "ruleset",
		NULL };
	static const char *const text_argv[] = { "nft", "-a", "list",
		"ruleset", NULL };
	sw_host_result r, t;

	if (fw_run(ctx, h, nft_cmds, json_argv, &r, res) != 0)
		return;
	memset(&t, 0, sizeof(t));
	if (host_run(h, ctx, nft_cmds, text_argv, &t) != 0 || t.status != 0) {
		host_result_free(&t);
		t.out = NULL;
	}
	if (r.out_len == 0) {
		res->status = FW_ST_EVALUATED;
		res->action = FW_ACCEPT;
		res->note = xstrdup("no nftables rules");
	} else
		fw_nft_eval(r.out, t.out, skip, q, res);
	host_result_free(&r);
	host_result_free(&t);
}

const fw_backend fw_backend_nft = {
	.name = "nftables",
	.family = 0,
	.check = nft_check,
	.by_hand = "sudo nft list ruleset",
};
