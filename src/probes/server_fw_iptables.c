/* The iptables back-end: reads iptables-save (ip6tables-save for IPv6) and
 * follows a TCP SYN through raw/mangle PREROUTING, mangle INPUT and filter
 * INPUT, jumps into user chains included, to the rule or policy that
 * decides.  Matches it cannot judge (an interface it does not know, rate
 * limits, ipsets) make the answer "unknown" when they could change it. */
#include "config.h"

#include "core/util.h"
#include "probes/server.h"
#include "probes/server_fw.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const iptables_cmds[] = {
	"iptables-save",
	"ip6tables-save",
	NULL,
};

#define MAX_WORDS 64
#define MAX_DEPTH 16

typedef struct ipt_rule {
	char *line;		/* as printed, for the evidence */
	char **w;		/* words after "-A CHAIN" */
	size_t n;
} ipt_rule;

typedef struct ipt_chain {
	char *name;
	char *policy;		/* "ACCEPT", "DROP", "-" for user chains */
	char *policy_line;
	ipt_rule *rules;
	size_t n_rules, cap_rules;
} ipt_chain;

/* A table's chains, found by name through a hash index (open addressing:
 * slot i holds a chain's index + 1, 0 when empty; at most half full).  A
 * linear search made a ruleset of C chains cost C times its size to read
 * and walk: 5,000 chains (a Kubernetes node has more) took a quarter of a
 * second per packet judged. */
typedef struct ipt_table {
	char *name;
	ipt_chain *chains;
	size_t n_chains, cap_chains;
	size_t *slots;
	size_t n_slots;		/* 0 or a power of two */
} ipt_table;

typedef struct ipt_set {
	ipt_table *tables;
	size_t n_tables;
	int nft;
} ipt_set;

/* A rule that might have decided otherwise (its match was "maybe"). */
typedef struct maybe {
	int set;
	fw_action action;
	const ipt_rule *rule;
	const char *chain;
} maybe;

/* ---- Parsing ---- */

/* Splits an iptables-save rule line into words; double quotes group and
 * \" escapes.  Returns the number of words. */
static size_t
ipt_split(const char *line, char **w, size_t max)
{
	size_t n = 0;
	const char *p = line;

	while (*p != '\0' && n < max) {
		sbuf b = { 0 };

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (*p == '"') {
			p++;
			while (*p != '\0' && *p != '"') {
				if (*p == '\\' && p[1] != '\0')
					p++;
				sbuf_addc(&b, *p++);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p != '\0' && !isspace((unsigned char)*p))
				sbuf_addc(&b, *p++);
		}
		w[n++] = sbuf_steal(&b);
	}
	return n;
}

/* FNV-1a. */
static size_t
name_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot that holds name, or the empty slot where it would go. */
static size_t *
chain_slot(const ipt_table *t, const char *name)
{
	size_t mask = t->n_slots - 1, i = name_hash(name) & mask;

	while (t->slots[i] != 0 &&
	    strcmp(t->chains[t->slots[i] - 1].name, name) != 0)
		i = (i + 1) & mask;
	return &t->slots[i];
}

static ipt_chain *
chain_find(ipt_table *t, const char *name)
{
	size_t *slot;

	if (t->n_slots == 0)
		return NULL;
	slot = chain_slot(t, name);
	return *slot != 0 ? &t->chains[*slot - 1] : NULL;
}

static ipt_chain *
chain_add(ipt_table *t, const char *name)
{
	ipt_chain *c = chain_find(t, name);
	size_t i;

	if (c != NULL)
		return c;
	if (2 * (t->n_chains + 1) > t->n_slots) {
		free(t->slots);
		t->n_slots = t->n_slots != 0 ? 2 * t->n_slots : 16;
		t->slots = xcalloc(t->n_slots, sizeof(*t->slots));
		for (i = 0; i < t->n_chains; i++)
			*chain_slot(t, t->chains[i].name) = i + 1;
	}
	if (t->n_chains == t->cap_chains) {
		t->cap_chains = t->cap_chains != 0 ? 2 * t->cap_chains : 8;
		t->chains = xreallocarray(t->chains, t->cap_chains,
		    sizeof(*t->chains));
	}
	c = &t->chains[t->n_chains++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
	c->policy = xstrdup("-");
	*chain_slot(t, name) = t->n_chains;
	return c;
}

static void
set_free(ipt_set *s)
{
	size_t i, j, k, m;

	for (i = 0; i < s->n_tables; i++) {
		ipt_table *t = &s->tables[i];

		for (j = 0; j < t->n_chains; j++) {
			ipt_chain *c = &t->chains[j];

			for (k = 0; k < c->n_rules; k++) {
				for (m = 0; m < c->rules[k].n; m++)
					free(c->rules[k].w[m]);
				free(c->rules[k].w);
				free(c->rules[k].line);
			}
			free(c->rules);
			free(c->name);
			free(c->policy);
			free(c->policy_line);
		}
		free(t->chains);
		free(t->slots);
		free(t->name);
	}
	free(s->tables);
	memset(s, 0, sizeof(*s));
}

static void
set_parse(const char *text, ipt_set *s)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	ipt_table *t = NULL;

	memset(s, 0, sizeof(*s));
	s->nft = fw_iptables_is_nft(text);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *p = line;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '[') {	/* -c counters: "[0:0] -A ..." */
			char *close = strchr(p, ']');

			if (close != NULL)
				p = close + 1;
			while (isspace((unsigned char)*p))
				p++;
		}
		if (*p == '*') {
			s->tables = xreallocarray(s->tables, s->n_tables + 1,
			    sizeof(*s->tables));
			t = &s->tables[s->n_tables++];
			memset(t, 0, sizeof(*t));
			t->name = xstrdup(p + 1);
		} else if (*p == ':' && t != NULL) {
			char name[64], policy[16];

			if (sscanf(p + 1, "%63s %15s", name, policy) == 2) {
				ipt_chain *c = chain_add(t, name);

				free(c->policy);
				c->policy = xstrdup(policy);
				free(c->policy_line);
				c->policy_line = xstrdup(p);
			}
		} else if (sw_starts_with(p, "-A ") && t != NULL) {
			char *w[MAX_WORDS];
			size_t n = ipt_split(p, w, MAX_WORDS), i;
			ipt_chain *c;
			ipt_rule *r;

			if (n < 2) {
				for (i = 0; i < n; i++)
					free(w[i]);
				continue;
			}
			c = chain_add(t, w[1]);
			if (c->n_rules == c->cap_rules) {
				c->cap_rules = c->cap_rules != 0 ?
				    2 * c->cap_rules : 4;
				c->rules = xreallocarray(c->rules,
				    c->cap_rules, sizeof(*c->rules));
			}
			r = &c->rules[c->n_rules++];
			r->line = xstrdup(p);
			r->n = n - 2;
			r->w = xcalloc(n, sizeof(char *));
			for (i = 2; i < n; i++)
				r->w[i - 2] = w[i];
			free(w[0]);
			free(w[1]);
		}
	}
	free(copy);
}

int
fw_iptables_is_nft(const char *text)
{
	return strstr(text, "(nf_tables)") != NULL ||
	    strstr(text, "iptables-nft-save") != NULL;
}

/* ---- Matching ---- */

static int
combine(int acc, int m)
{
	if (acc == FW_NO || m == FW_NO)
		return FW_NO;
	if (acc == FW_MAYBE || m == FW_MAYBE)
		return FW_MAYBE;
	return FW_YES;
}

static int
negate(int m, int neg)
{
	if (!neg || m == FW_MAYBE)
		return m;
	return m == FW_YES ? FW_NO : FW_YES;
}

/* Does port p fall in "a", "a:b", ":b" or "a:"? */
static int
port_in_range(int p, const char *spec)
{
	const char *colon = strchr(spec, ':');
	long a, b;

	if (colon == NULL)
		return atoi(spec) == p;
	a = colon == spec ? 0 : strtol(spec, NULL, 10);
	b = colon[1] == '\0' ? 65535 : strtol(colon + 1, NULL, 10);
	return p >= a && p <= b;
}

/* "22,80,1000:2000" */
static int
port_in_list(int p, const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *w;
	int hit = 0;

	for (w = strtok_r(copy, ",", &save); w != NULL && !hit;
	    w = strtok_r(NULL, ",", &save))
		hit = port_in_range(p, w);
	free(copy);
	return hit;
}

static int
list_has(const char *list, const char *word)
{
	char *copy = xstrdup(list), *save = NULL, *w;
	int hit = 0;

	for (w = strtok_r(copy, ",", &save); w != NULL && !hit;
	    w = strtok_r(NULL, ",", &save))
		hit = strcasecmp(w, word) == 0;
	free(copy);
	return hit;
}

int
fw_addr_match(const char *ip, const char *spec)
{
	char net[64];
	int len, fam;

	if (spec == NULL)
		return FW_YES;
	if ((fam = srv_parse_prefix(spec, net, sizeof(net), &len)) == 0)
		return FW_MAYBE;	/* a host name */
	if (len == 0)
		return FW_YES;
	if (ip == NULL)
		return FW_MAYBE;
	return srv_addr_in(ip, net, len) ? FW_YES : FW_NO;
}

/* TCP flag names as bits. */
static unsigned
flag_bits(const char *list)
{
	static const struct { const char *name; unsigned bit; } f[] = {
		{ "FIN", 1 }, { "SYN", 2 }, { "RST", 4 }, { "PSH", 8 },
		{ "ACK", 16 }, { "URG", 32 }, { "ECE", 64 }, { "CWR", 128 },
		{ "ALL", 255 }, { "NONE", 0 },
	};
	char *copy = xstrdup(list), *save = NULL, *w;
	unsigned bits = 0;
	size_t i;

	for (w = strtok_r(copy, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save))
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			if (strcasecmp(w, f[i].name) == 0)
				bits |= f[i].bit;
	free(copy);
	return bits;
}

/* A SYN (flags == SYN) against "--tcp-flags MASK COMP". */
static int
syn_flags_match(const char *mask, const char *comp)
{
	return (2u & flag_bits(mask)) == flag_bits(comp) ? FW_YES : FW_NO;
}

static int
iface_match(const fw_query *q, const char *spec)
{
	size_t n = strlen(spec);
	int lo = strcmp(spec, "lo") == 0;

	/* An unknown client is taken to come over the network, not lo. */
	if (lo)
		return q->src != NULL && srv_addr_is_loopback(q->src) ?
		    FW_YES : FW_NO;
	if (q->iface == NULL)
		return FW_MAYBE;
	if (n > 0 && spec[n - 1] == '+')
		return strncmp(q->iface, spec, n - 1) == 0 ? FW_YES : FW_NO;
	return strcmp(q->iface, spec) == 0 ? FW_YES : FW_NO;
}

/* Matches rule words [0, *target_at) against q.  Sets *target_at to the
 * index of the -j/-g word (or n).  Sets *why to a word that made it
 * "maybe". */
static int
rule_match(const ipt_rule *r, const fw_query *q, size_t *target_at,
    const char **why)
{
	size_t i = 0;
	int acc = FW_YES, neg = 0;
	const char *module = NULL;

	*why = NULL;
	while (i < r->n) {
		const char *o = r->w[i], *v = i + 1 < r->n ? r->w[i + 1] : "";
		int m = -1, consumed = 2;

		if (strcmp(o, "!") == 0) {
			neg = 1;
			i++;
			continue;
		}
		if (strcmp(o, "-j") == 0 || strcmp(o, "--jump") == 0 ||
		    strcmp(o, "-g") == 0 || strcmp(o, "--goto") == 0)
			break;
		if (strcmp(o, "-s") == 0 || strcmp(o, "--source") == 0)
			m = fw_addr_match(q->src, v);
		else if (strcmp(o, "-d") == 0 || strcmp(o, "--destination") == 0)
			m = fw_addr_match(q->dst, v);
		else if (strcmp(o, "-i") == 0 || strcmp(o, "--in-interface") == 0)
			m = iface_match(q, v);
		else if (strcmp(o, "-o") == 0 ||
		    strcmp(o, "--out-interface") == 0)
			m = FW_NO;
		else if (strcmp(o, "-p") == 0 || strcmp(o, "--protocol") == 0)
			m = strcasecmp(v, "tcp") == 0 || strcmp(v, "6") == 0 ||
			    strcasecmp(v, "all") == 0 || strcmp(v, "0") == 0 ?
			    FW_YES : FW_NO;
		else if (strcmp(o, "-f") == 0 || strcmp(o, "--fragment") == 0) {
			m = FW_NO;
			consumed = 1;
		} else if (strcmp(o, "-m") == 0 || strcmp(o, "--match") == 0) {
			module = v;
			if (strcmp(v, "icmp") == 0 || strcmp(v, "icmp6") == 0 ||
			    strcmp(v, "udp") == 0 || strcmp(v, "owner") == 0)
				m = FW_NO;
			else if (strcmp(v, "limit") == 0 ||
			    strcmp(v, "recent") == 0 ||
			    strcmp(v, "hashlimit") == 0 ||
			    strcmp(v, "connlimit") == 0 ||
			    strcmp(v, "set") == 0 || strcmp(v, "mac") == 0 ||
			    strcmp(v, "physdev") == 0 || strcmp(v, "time") == 0 ||
			    strcmp(v, "string") == 0 || strcmp(v, "u32") == 0 ||
			    strcmp(v, "geoip") == 0 || strcmp(v, "mark") == 0 ||
			    strcmp(v, "connmark") == 0 ||
			    strcmp(v, "socket") == 0 || strcmp(v, "length") == 0 ||
			    strcmp(v, "bpf") == 0 || strcmp(v, "statistic") == 0 ||
			    strcmp(v, "policy") == 0 || strcmp(v, "rpfilter") == 0)
			{
				m = FW_MAYBE;
				if (*why == NULL)
					*why = v;
			} else
				m = FW_YES;
		} else if (strcmp(o, "--dport") == 0 ||
		    strcmp(o, "--destination-port") == 0)
			m = port_in_range(q->dport, v) ? FW_YES : FW_NO;
		else if (strcmp(o, "--dports") == 0 ||
		    strcmp(o, "--destination-ports") == 0)
			m = port_in_list(q->dport, v) ? FW_YES : FW_NO;
		else if (strcmp(o, "--ports") == 0)
			m = port_in_list(q->dport, v) ? FW_YES : FW_MAYBE;
		else if (strcmp(o, "--sport") == 0 ||
		    strcmp(o, "--source-port") == 0 ||
		    strcmp(o, "--sports") == 0 ||
		    strcmp(o, "--source-ports") == 0)
			m = strcmp(v, "0:65535") == 0 || strcmp(v, "1:65535") == 0 ?
			    FW_YES : FW_MAYBE;
		else if (strcmp(o, "--syn") == 0) {
			m = FW_YES;
			consumed = 1;
		} else if (strcmp(o, "--tcp-flags") == 0) {
			const char *comp = i + 2 < r->n ? r->w[i + 2] : "";

			m = syn_flags_match(v, comp);
			consumed = 3;
		} else if (strcmp(o, "--state") == 0 ||
		    strcmp(o, "--ctstate") == 0)
			m = list_has(v, "NEW") ? FW_YES : FW_NO;
		else if (strcmp(o, "--comment") == 0)
			m = FW_YES;
		else if (strcmp(o, "--dst-type") == 0)
			m = list_has(v, "LOCAL") ? FW_YES :
			    list_has(v, "UNICAST") ? FW_YES : FW_NO;
		else if (strcmp(o, "--pkt-type") == 0)
			m = strcasecmp(v, "unicast") == 0 ? FW_YES : FW_NO;
		else if (strcmp(o, "--src-range") == 0 && q->src != NULL) {
			char a[64], b[64];
			const char *dash = strchr(v, '-');
			unsigned char x[16], lo[16], hi[16];
			int fam = q->family;

			m = FW_MAYBE;
			if (dash != NULL && (size_t)(dash - v) < sizeof(a)) {
				snprintf(a, sizeof(a), "%.*s", (int)(dash - v), v);
				snprintf(b, sizeof(b), "%s", dash + 1);
				if (inet_pton(fam, q->src, x) == 1 &&
				    inet_pton(fam, a, lo) == 1 &&
				    inet_pton(fam, b, hi) == 1) {
					size_t len = fam == AF_INET ? 4 : 16;

					m = memcmp(x, lo, len) >= 0 &&
					    memcmp(x, hi, len) <= 0 ? FW_YES :
					    FW_NO;
				}
			}
		} else if (strncmp(o, "--", 2) == 0) {
			/* An option of a module we do not judge, or one that
			 * does not change the answer for a plain SYN.  Take
			 * its value words too. */
			size_t j = i + 1;

			while (j < r->n && r->w[j][0] != '-' &&
			    strcmp(r->w[j], "!") != 0)
				j++;
			consumed = (int)(j - i);
			if (module != NULL && (strcmp(module, "tcp") == 0 ||
			    strcmp(module, "multiport") == 0 ||
			    strcmp(module, "state") == 0 ||
			    strcmp(module, "conntrack") == 0 ||
			    strcmp(module, "comment") == 0 ||
			    strcmp(module, "addrtype") == 0)) {
				m = FW_MAYBE;
				if (*why == NULL)
					*why = o;
			} else
				m = -2;	/* the module already said */
		} else {
			m = FW_MAYBE;
			consumed = 1;
			if (*why == NULL)
				*why = o;
		}
		if (m >= 0)
			acc = combine(acc, negate(m, neg));
		neg = 0;
		i += (size_t)consumed;
	}
	*target_at = i;
	return acc;
}

/* ---- Walking the chains ---- */

/* What walking a chain gave, kept so each chain is walked once per table:
 * K jumps per chain cost K times, not K^depth. */
typedef struct chain_memo {
	int state;		/* 0 not walked, 1 being walked, 2 walked */
	int decided;
	fw_action act;
	const ipt_rule *rule;
	const char *chain;
} chain_memo;

typedef struct walk {
	ipt_table *t;
	const fw_query *q;
	maybe maybes[3];	/* first maybe per action */
	const char *why;
	chain_memo *memo;	/* per chain of t */
	unsigned long judged;	/* rules judged */
} walk;

static int
is_builtin_target(const char *t)
{
	static const char *const passive[] = { "LOG", "NFLOG", "ULOG",
		"AUDIT", "TRACE", "MARK", "CONNMARK", "CT", "NOTRACK",
		"CLASSIFY", "TCPMSS", "DSCP", "TOS", "TTL", "HL", "SET",
		"CHECKSUM", "LED", "IDLETIMER", "SECMARK", "CONNSECMARK",
		"HMARK", "RATEEST", "SYNPROXY", NULL };
	size_t i;

	for (i = 0; passive[i] != NULL; i++)
		if (strcmp(t, passive[i]) == 0)
			return 1;
	return 0;
}

static void
note_maybe(walk *wk, fw_action a, const ipt_rule *r, const char *chain)
{
	int k = a == FW_ACCEPT ? 0 : a == FW_DROP ? 1 : 2;

	if (a == FW_UNKNOWN || wk->maybes[k].set)
		return;
	wk->maybes[k].set = 1;
	wk->maybes[k].action = a;
	wk->maybes[k].rule = r;
	wk->maybes[k].chain = chain;
}

/* Walks chain c.  Returns 1 when a rule decided (*act, *rule, *chain set),
 * 0 when the walk fell off the end or hit RETURN.  probing: a what-if walk
 * of a "maybe" jump: decisions are noted as maybes by the caller. */
static int chain_walk_rules(walk *wk, ipt_chain *c, int depth,
    fw_action *act, const ipt_rule **rule, const char **chain);

/* Walks chain c once per table walk: the outcome of a chain does not depend
 * on where it was jumped from, and the maybes and the first "why" it notes
 * are noted the first time already, so a second jump reuses the outcome.  A
 * jump back into a chain being walked (a loop the kernel refuses to load)
 * falls through, as does one nested deeper than MAX_DEPTH. */
static int
chain_walk(walk *wk, ipt_chain *c, int depth, fw_action *act,
    const ipt_rule **rule, const char **chain)
{
	chain_memo *m = &wk->memo[c - wk->t->chains];

	if (m->state == 1 || depth > MAX_DEPTH)
		return 0;
	if (m->state == 0) {
		m->state = 1;
		m->decided = chain_walk_rules(wk, c, depth, &m->act, &m->rule,
		    &m->chain);
		m->state = 2;
	}
	if (m->decided) {
		*act = m->act;
		*rule = m->rule;
		*chain = m->chain;
	}
	return m->decided;
}

static int
chain_walk_rules(walk *wk, ipt_chain *c, int depth, fw_action *act,
    const ipt_rule **rule, const char **chain)
{
	size_t i;

	for (i = 0; i < c->n_rules; i++) {
		const ipt_rule *r = &c->rules[i];
		size_t ti;
		const char *why = NULL, *target;
		int m = rule_match(r, wk->q, &ti, &why);
		int go;
		fw_action a;
		ipt_chain *sub;

		wk->judged++;

		if (m == FW_NO || ti + 1 >= r->n)
			continue;
		go = strcmp(r->w[ti], "-g") == 0 ||
		    strcmp(r->w[ti], "--goto") == 0;
		target = r->w[ti + 1];
		if (m == FW_MAYBE && wk->why == NULL)
			wk->why = why;
		if (strcmp(target, "ACCEPT") == 0)
			a = FW_ACCEPT;
		else if (strcmp(target, "DROP") == 0)
			a = FW_DROP;
		else if (strcmp(target, "REJECT") == 0)
			a = FW_REJECT;
		else if (strcmp(target, "RETURN") == 0) {
			if (m == FW_YES)
				return 0;
			continue;
		} else if ((sub = chain_find(wk->t, target)) != NULL) {
			fw_action sa;
			const ipt_rule *sr = NULL;
			const char *sc = NULL;
			int decided = chain_walk(wk, sub, depth + 1, &sa, &sr,
			    &sc);

			if (m == FW_YES) {
				if (decided) {
					*act = sa;
					*rule = sr;
					*chain = sc;
					return 1;
				}
				if (go)
					return 0;
			} else if (decided)
				note_maybe(wk, sa, sr, sc);
			continue;
		} else if (strcmp(target, "NFQUEUE") == 0 ||
		    strcmp(target, "QUEUE") == 0) {
			a = FW_UNKNOWN;
		} else if (is_builtin_target(target)) {
			continue;
		} else
			continue;	/* a target we do not know: passive */
		if (m == FW_MAYBE) {
			note_maybe(wk, a, r, c->name);
			continue;
		}
		*act = a;
		*rule = r;
		*chain = c->name;
		return 1;
	}
	return 0;
}

static void
result_set(fw_result *res, fw_action a, const char *rule, const char *table,
    const char *chain)
{
	res->status = FW_ST_EVALUATED;
	res->action = a;
	free(res->rule);
	res->rule = rule != NULL ? xstrdup(rule) : NULL;
	free(res->where);
	res->where = xasprintf("%s %s", table, chain);
	free(res->owner);
	res->owner = chain != NULL && (sw_starts_with(chain, "f2b-") ||
	    sw_starts_with(chain, "fail2ban")) ? xstrdup("fail2ban") : NULL;
}

struct ipt_set *
fw_iptables_parse(const char *text)
{
	ipt_set *s = xmalloc(sizeof(*s));

	set_parse(text, s);
	return s;
}

void
fw_iptables_free(struct ipt_set *s)
{
	if (s == NULL)
		return;
	set_free(s);
	free(s);
}

int
fw_iptables_eval(const char *text, const fw_query *q, fw_result *res)
{
	ipt_set s;

	set_parse(text, &s);
	fw_iptables_eval_parsed(&s, q, res);
	set_free(&s);
	return 0;
}

int
fw_iptables_eval_parsed(struct ipt_set *s, const fw_query *q,
    fw_result *res)
{
	static const char *const order[][2] = { { "raw", "PREROUTING" },
		{ "mangle", "PREROUTING" }, { "mangle", "INPUT" },
		{ "filter", "INPUT" } };
	size_t i, k;
	int decided_any = 0;
	fw_action final = FW_ACCEPT;

	memset(res, 0, sizeof(*res));
	res->status = FW_ST_EVALUATED;
	res->action = FW_ACCEPT;
	if (s->n_tables == 0) {
		res->note = xstrdup("no rules");
		return 0;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		ipt_table *t = NULL;
		ipt_chain *c;
		walk wk;
		fw_action a;
		const ipt_rule *r = NULL;
		const char *chain = NULL;
		int decided;

		for (k = 0; k < s->n_tables; k++)
			if (strcmp(s->tables[k].name, order[i][0]) == 0)
				t = &s->tables[k];
		if (t == NULL || (c = chain_find(t, order[i][1])) == NULL)
			continue;
		memset(&wk, 0, sizeof(wk));
		wk.t = t;
		wk.q = q;
		wk.memo = xcalloc(t->n_chains, sizeof(*wk.memo));
		decided = chain_walk(&wk, c, 0, &a, &r, &chain);
		free(wk.memo);
		res->rules_judged += wk.judged;
		if (!decided) {
			a = strcmp(c->policy, "DROP") == 0 ? FW_DROP : FW_ACCEPT;
			chain = c->name;
		}
		/* A rule that only might match and would decide otherwise
		 * makes the answer unknown. */
		for (k = 0; k < 3; k++) {
			if (wk.maybes[k].set && wk.maybes[k].action != a &&
			    a != FW_UNKNOWN) {
				result_set(res, FW_UNKNOWN,
				    wk.maybes[k].rule->line, t->name,
				    wk.maybes[k].chain);
				free(res->note);
				res->note = xasprintf("this rule may %s the "
				    "connection, depending on what the check "
				    "cannot see (%s)",
				    fw_action_name(wk.maybes[k].action),
				    wk.why != NULL ? wk.why : "a match it does "
				    "not judge");
				final = FW_UNKNOWN;
				break;
			}
		}
		if (final == FW_UNKNOWN)
			break;
		if (a == FW_ACCEPT) {
			if (!decided_any || strcmp(t->name, "filter") == 0) {
				result_set(res, FW_ACCEPT, decided ? r->line :
				    NULL, t->name, chain);
				res->by_policy = !decided;
				if (!decided) {
					free(res->rule);
					res->rule = xstrdup(c->policy_line ?
					    c->policy_line : c->name);
				}
			}
			decided_any = 1;
			continue;
		}
		result_set(res, a, decided ? r->line : c->policy_line, t->name,
		    chain);
		res->by_policy = !decided;
		final = a;
		break;
	}
	if (res->where == NULL)
		res->note = xstrdup("no INPUT chain: nothing filters");
	return 0;
}

/* ---- The back-end ---- */

static void
ipt_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res, int v6)
{
	static const char *const v4[] = { "iptables-save", NULL };
	static const char *const v6a[] = { "ip6tables-save", NULL };
	sw_host_result r;

	(void)skip;
	if (fw_run(ctx, h, iptables_cmds, v6 ? v6a : v4, &r, res) != 0)
		return;
	fw_iptables_eval(r.out, q, res);
	if (fw_iptables_is_nft(r.out)) {
		free(res->raw_note);
		res->raw_note = xstrdup("nf_tables");
	}
	host_result_free(&r);
}

static void
ipt4_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res)
{
	ipt_check(ctx, h, q, skip, res, 0);
}

static void
ipt6_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res)
{
	ipt_check(ctx, h, q, skip, res, 1);
}

const fw_backend fw_backend_iptables = {
	.name = "iptables",
	.family = AF_INET,
	.check = ipt4_check,
	.by_hand = "sudo iptables-save",
};

const fw_backend fw_backend_ip6tables = {
	.name = "ip6tables",
	.family = AF_INET6,
	.check = ipt6_check,
	.by_hand = "sudo ip6tables-save",
};
