/* The firewalld back-end: reads the zones as firewall-cmd prints them, at
 * runtime and in the permanent configuration, picks the zone the client's
 * packets land in (by source, then interface, then the default zone) and
 * judges the port against its rich rules, ports, services and target.  A
 * port allowed in only one of the two configurations is reported: runtime
 * only is lost at the next reload or boot; permanent only is not applied
 * until `firewall-cmd --reload`. */
#include "config.h"

#include "core/util.h"
#include "probes/server.h"
#include "probes/server_fw.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const firewalld_cmds[] = {
	"firewall-cmd --state",
	"firewall-cmd --get-default-zone",
	"firewall-cmd --list-all-zones",
	"firewall-cmd --permanent --list-all-zones",
	"firewall-cmd --info-service %S",
	"firewall-cmd --permanent --info-service %S",
	NULL,
};

#define MAX_SERVICES 16

typedef struct fwd_zone {
	char *name;
	int is_default, active;
	char *target;
	char *interfaces, *sources, *services, *ports, *protocols;
	char **rich;
	size_t n_rich;
} fwd_zone;

typedef struct fwd_zones {
	fwd_zone *z;
	size_t n;
} fwd_zones;

static void
zones_free(fwd_zones *zs)
{
	size_t i, j;

	for (i = 0; i < zs->n; i++) {
		fwd_zone *z = &zs->z[i];

		free(z->name);
		free(z->target);
		free(z->interfaces);
		free(z->sources);
		free(z->services);
		free(z->ports);
		free(z->protocols);
		for (j = 0; j < z->n_rich; j++)
			free(z->rich[j]);
		free(z->rich);
	}
	free(zs->z);
	memset(zs, 0, sizeof(*zs));
}

static char *
trimmed(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static void
zones_parse(const char *text, fwd_zones *zs)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	fwd_zone *z = NULL;
	int in_rich = 0;

	memset(zs, 0, sizeof(*zs));
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *colon;

		if (*line == '\0')
			continue;
		if (!isspace((unsigned char)*line)) {
			char *paren = strchr(line, '(');

			zs->z = xreallocarray(zs->z, zs->n + 1, sizeof(*zs->z));
			z = &zs->z[zs->n++];
			memset(z, 0, sizeof(*z));
			z->name = paren != NULL ?
			    xstrndup(line, (size_t)(paren - line)) : xstrdup(line);
			{
				char *t = trimmed(z->name);

				free(z->name);
				z->name = t;
			}
			if (paren != NULL) {
				z->is_default = strstr(paren, "default") != NULL;
				z->active = strstr(paren, "active") != NULL;
			}
			in_rich = 0;
			continue;
		}
		if (z == NULL)
			continue;
		if (in_rich) {
			char *t = trimmed(line);

			if (sw_starts_with(t, "rule")) {
				z->rich = xreallocarray(z->rich, z->n_rich + 1,
				    sizeof(char *));
				z->rich[z->n_rich++] = t;
				continue;
			}
			free(t);
			in_rich = 0;
		}
		if ((colon = strchr(line, ':')) == NULL)
			continue;
		*colon = '\0';
		{
			char *key = trimmed(line), *val = trimmed(colon + 1);
			char **dst = NULL;

			if (strcmp(key, "target") == 0)
				dst = &z->target;
			else if (strcmp(key, "interfaces") == 0)
				dst = &z->interfaces;
			else if (strcmp(key, "sources") == 0)
				dst = &z->sources;
			else if (strcmp(key, "services") == 0)
				dst = &z->services;
			else if (strcmp(key, "ports") == 0)
				dst = &z->ports;
			else if (strcmp(key, "protocols") == 0)
				dst = &z->protocols;
			else if (strcmp(key, "rich rules") == 0)
				in_rich = 1;
			if (dst != NULL) {
				free(*dst);
				*dst = val;
				val = NULL;
			}
			free(key);
			free(val);
		}
	}
	free(copy);
}

static int
word_in(const char *list, const char *w)
{
	char *copy, *save = NULL, *t;
	int hit = 0;

	if (list == NULL)
		return 0;
	copy = xstrdup(list);
	for (t = strtok_r(copy, " \t", &save); t != NULL && !hit;
	    t = strtok_r(NULL, " \t", &save))
		hit = strcmp(t, w) == 0;
	free(copy);
	return hit;
}

/* Does "22/tcp 1000-2000/tcp 53/udp" hold dport for tcp? */
static int
ports_have(const char *list, int dport)
{
	char *copy, *save = NULL, *t;
	int hit = 0;

	if (list == NULL)
		return 0;
	copy = xstrdup(list);
	for (t = strtok_r(copy, " \t", &save); t != NULL && !hit;
	    t = strtok_r(NULL, " \t", &save)) {
		char *slash = strchr(t, '/');
		long a, b;
		char *end;

		if (slash == NULL || strcmp(slash + 1, "tcp") != 0)
			continue;
		a = strtol(t, &end, 10);
		b = *end == '-' ? strtol(end + 1, NULL, 10) : a;
		hit = dport >= a && dport <= b;
	}
	free(copy);
	return hit;
}

/* The ports of service name: from the info texts, or ssh's 22/tcp. */
static int
service_has(const char *name, const char *const *services, int dport,
    int *known)
{
	size_t i;

	*known = 1;
	for (i = 0; services != NULL && services[i] != NULL &&
	    services[i + 1] != NULL; i += 2) {
		if (strcmp(services[i], name) == 0) {
			const char *p = strstr(services[i + 1], "ports:");
			char *line;
			int hit;

			if (p == NULL)
				return 0;
			line = xstrndup(p + 6, strcspn(p + 6, "\n"));
			hit = ports_have(line, dport);
			free(line);
			return hit;
		}
	}
	if (strcmp(name, "ssh") == 0)
		return dport == 22;
	*known = 0;
	return 0;
}

/* The value of key="..." in a rich rule, or NULL (caller frees). */
static char *
rich_attr(const char *rule, const char *key)
{
	char pat[64];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "%s=\"", key);
	if ((p = strstr(rule, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	if ((end = strchr(p, '"')) == NULL)
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}

/* Judges one rich rule: FW_YES (it applies, *a set), FW_NO, FW_MAYBE. */
static int
rich_eval(const char *rule, const fw_query *q, const char *const *services,
    fw_action *a)
{
	char *fam = rich_attr(rule, "family"), *v;
	int m = FW_YES, known;

	if (fam != NULL) {
		if ((strcmp(fam, "ipv4") == 0) != (q->family == AF_INET))
			m = FW_NO;
		free(fam);
	}
	if (strstr(rule, "forward-port") != NULL ||
	    strstr(rule, "masquerade") != NULL ||
	    strstr(rule, "icmp-") != NULL)
		m = FW_NO;
	if (m != FW_NO && strstr(rule, "source ") != NULL) {
		if ((v = rich_attr(rule, "address")) != NULL) {
			int r = fw_addr_match(q->src, v);

			if (strstr(rule, "invert=\"True\"") != NULL ||
			    strstr(rule, "invert=\"true\"") != NULL)
				r = r == FW_MAYBE ? r : r == FW_YES ? FW_NO :
				    FW_YES;
			if (r == FW_NO)
				m = FW_NO;
			else if (r == FW_MAYBE)
				m = FW_MAYBE;
			free(v);
		} else
			m = FW_MAYBE;	/* ipset, mac */
	}
	if (m != FW_NO && strstr(rule, "destination ") != NULL)
		m = FW_MAYBE;
	if (m != FW_NO && strstr(rule, " port port=") != NULL) {
		char *port = rich_attr(rule, "port"), *proto =
		    rich_attr(rule, "protocol");

		if (proto == NULL || strcmp(proto, "tcp") != 0)
			m = FW_NO;
		else if (port != NULL) {
			char spec[80];

			snprintf(spec, sizeof(spec), "%s/tcp", port);
			if (!ports_have(spec, q->dport))
				m = FW_NO;
		}
		free(port);
		free(proto);
	}
	if (m != FW_NO && strstr(rule, "service name=") != NULL) {
		char *name = rich_attr(rule, "name");

		if (name != NULL && !service_has(name, services, q->dport,
		    &known))
			m = known ? FW_NO : FW_MAYBE;
		free(name);
	}
	if (strstr(rule, " limit value=") != NULL && m == FW_YES)
		m = FW_MAYBE;
	if (strstr(rule, " accept") != NULL)
		*a = FW_ACCEPT;
	else if (strstr(rule, " reject") != NULL)
		*a = FW_REJECT;
	else if (strstr(rule, " drop") != NULL)
		*a = FW_DROP;
	else
		return FW_NO;	/* log or audit only */
	return m;
}

static fw_action
target_action(const char *target)
{
	if (target == NULL || strcmp(target, "default") == 0 ||
	    strstr(target, "REJECT") != NULL)
		return FW_REJECT;
	if (strcmp(target, "DROP") == 0)
		return FW_DROP;
	if (strcmp(target, "ACCEPT") == 0)
		return FW_ACCEPT;
	return FW_REJECT;
}

/* The zone the packet lands in. */
static const fwd_zone *
zone_pick(const fwd_zones *zs, const char *default_zone, const fw_query *q,
    const char **how)
{
	size_t i;

	for (i = 0; q->src != NULL && i < zs->n; i++) {
		char *copy, *save = NULL, *t;
		int hit = 0;

		if (zs->z[i].sources == NULL)
			continue;
		copy = xstrdup(zs->z[i].sources);
		for (t = strtok_r(copy, " ", &save); t != NULL && !hit;
		    t = strtok_r(NULL, " ", &save))
			hit = fw_addr_match(q->src, t) == FW_YES;
		free(copy);
		if (hit) {
			*how = "by the client's address";
			return &zs->z[i];
		}
	}
	for (i = 0; q->iface != NULL && i < zs->n; i++)
		if (word_in(zs->z[i].interfaces, q->iface)) {
			*how = "by the interface";
			return &zs->z[i];
		}
	for (i = 0; i < zs->n; i++)
		if ((default_zone != NULL && strcmp(zs->z[i].name,
		    default_zone) == 0) ||
		    (default_zone == NULL && zs->z[i].is_default)) {
			*how = "the default zone";
			return &zs->z[i];
		}
	return NULL;
}

/* Judges the port in the zones.  Returns 0 and fills action, rule,
 * where; -1 if no zone fits. */
static int
zone_eval(const fwd_zones *zs, const char *default_zone,
    const char *const *services, const fw_query *q, fw_action *action,
    char **rule, char **where, int *by_target, char **note)
{
	const fwd_zone *z;
	const char *how = NULL;
	size_t i, pass;
	char *copy, *save = NULL, *t;
	int maybe = 0;

	*rule = *where = *note = NULL;
	*by_target = 0;
	if ((z = zone_pick(zs, default_zone, q, &how)) == NULL)
		return -1;
	*where = xasprintf("zone %s (%s)", z->name, how);
	/* Deny rich rules, then allow rich rules. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < z->n_rich; i++) {
			fw_action a = FW_ACCEPT;
			int m = rich_eval(z->rich[i], q, services, &a);

			if (m == FW_NO || (pass == 0) != (a != FW_ACCEPT))
				continue;
			if (m == FW_MAYBE) {
				maybe = 1;
				if (*note == NULL)
					*note = xasprintf("rich rule may decide: "
					    "%s", z->rich[i]);
				continue;
			}
			*action = a;
			*rule = xstrdup(z->rich[i]);
			goto out;
		}
	}
	if (ports_have(z->ports, q->dport)) {
		*action = FW_ACCEPT;
		*rule = xasprintf("ports: %s", z->ports);
		goto out;
	}
	if (word_in(z->protocols, "tcp")) {
		*action = FW_ACCEPT;
		*rule = xasprintf("protocols: %s", z->protocols);
		goto out;
	}
	copy = xstrdup(z->services != NULL ? z->services : "");
	for (t = strtok_r(copy, " ", &save); t != NULL;
	    t = strtok_r(NULL, " ", &save)) {
		int known;

		if (service_has(t, services, q->dport, &known)) {
			*action = FW_ACCEPT;
			*rule = xasprintf("services: %s (%s covers port %d)",
			    z->services, t, q->dport);
			free(copy);
			goto out;
		}
		if (!known) {
			maybe = 1;
			if (*note == NULL)
				*note = xasprintf("the ports of service %s are "
				    "not known", t);
		}
	}
	free(copy);
	*action = target_action(z->target);
	*by_target = 1;
	*rule = xasprintf("services: %s; ports: %s; target: %s",
	    z->services != NULL && *z->services ? z->services : "(none)",
	    z->ports != NULL && *z->ports ? z->ports : "(none)",
	    z->target != NULL ? z->target : "default");
	if (maybe && *action != FW_ACCEPT)
		*action = FW_UNKNOWN;
out:
	return 0;
}

size_t
fw_firewalld_services(const char *zones, char ***names)
{
	fwd_zones zs;
	size_t i, n = 0;

	*names = NULL;
	zones_parse(zones, &zs);
	for (i = 0; i < zs.n; i++) {
		char *copy, *save = NULL, *t;

		if (zs.z[i].services == NULL)
			continue;
		copy = xstrdup(zs.z[i].services);
		for (t = strtok_r(copy, " ", &save); t != NULL;
		    t = strtok_r(NULL, " ", &save)) {
			size_t k;
			int dup = 0;

			for (k = 0; k < n; k++)
				dup |= strcmp((*names)[k], t) == 0;
			if (!dup) {
				*names = xreallocarray(*names, n + 2,
				    sizeof(char *));
				(*names)[n++] = xstrdup(t);
				(*names)[n] = NULL;
			}
		}
		free(copy);
	}
	zones_free(&zs);
	return n;
}

struct fwd_zones *
fw_firewalld_parse(const char *zones)
{
	fwd_zones *zs = xmalloc(sizeof(*zs));

	zones_parse(zones, zs);
	return zs;
}

void
fw_firewalld_free(struct fwd_zones *zs)
{
	if (zs == NULL)
		return;
	zones_free(zs);
	free(zs);
}

int
fw_firewalld_eval(const char *runtime, const char *permanent,
    const char *default_zone, const char *const *services,
    const fw_query *q, fw_result *r)
{
	fwd_zones *rz = runtime != NULL ? fw_firewalld_parse(runtime) : NULL;
	fwd_zones *pz = permanent != NULL ? fw_firewalld_parse(permanent) :
	    NULL;
	int ret = fw_firewalld_eval_parsed(rz, pz, default_zone, services, q,
	    r);

	fw_firewalld_free(rz);
	fw_firewalld_free(pz);
	return ret;
}

int
fw_firewalld_eval_parsed(const struct fwd_zones *runtime,
    const struct fwd_zones *permanent, const char *default_zone,
    const char *const *services, const fw_query *q, fw_result *r)
{
	fw_action ra = FW_UNKNOWN, pa = FW_UNKNOWN;
	char *rrule = NULL, *rwhere = NULL, *rnote = NULL;
	char *prule = NULL, *pwhere = NULL, *pnote = NULL;
	int rt = 0, pt = 0, have_p;

	memset(r, 0, sizeof(*r));
	if (runtime == NULL || zone_eval(runtime, default_zone, services, q,
	    &ra, &rrule, &rwhere, &rt, &rnote) != 0) {
		r->status = FW_ST_UNREADABLE;
		r->note = xstrdup("no firewalld zone fits");
		return -1;
	}
	have_p = permanent != NULL && zone_eval(permanent, default_zone,
	    services, q, &pa, &prule, &pwhere, &pt, &pnote) == 0;
	r->status = FW_ST_EVALUATED;
	r->action = ra;
	r->rule = rrule;
	r->where = rwhere;
	r->note = rnote;
	r->by_policy = rt;
	if (have_p && ra == FW_ACCEPT && pa != FW_ACCEPT && pa != FW_UNKNOWN)
		r->persist = FW_PERSIST_RUNTIME_ONLY;
	else if (have_p && ra != FW_ACCEPT && ra != FW_UNKNOWN &&
	    pa == FW_ACCEPT) {
		r->persist = FW_PERSIST_NOT_RELOADED;
		free(r->note);
		r->note = xasprintf("the permanent configuration allows it "
		    "(%s) but it was not loaded", prule);
	}
	if (r->persist == FW_PERSIST_RUNTIME_ONLY) {
		free(r->note);
		r->note = xasprintf("allowed only at runtime: the permanent "
		    "configuration has %s", prule);
	}
	free(prule);
	free(pwhere);
	free(pnote);
	return 0;
}

/* ---- The back-end ---- */

static void
fwd_check(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
    const char *const *skip, fw_result *res)
{
	static const char *const state[] = { "firewall-cmd", "--state", NULL };
	static const char *const defz[] = { "firewall-cmd",
		"--get-default-zone", NULL };
	static const char *const rt[] = { "firewall-cmd", "--list-all-zones",
		NULL };
	static const char *const perm[] = { "firewall-cmd", "--permanent",
		"--list-all-zones", NULL };
	sw_host_result s, d, a, p;
	char **names = NULL, *dz = NULL;
	const char **svc = NULL;
	size_t n = 0, i, k = 0;
	sw_host_result infos[MAX_SERVICES];

	(void)skip;
	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	memset(res, 0, sizeof(*res));
	if (host_run(h, ctx, firewalld_cmds, state, &s) == HOST_ENOENT) {
		res->status = FW_ST_ABSENT;
		res->note = xstrdup("not installed");
		host_result_free(&s);
		return;
	}
	if (s.status != 0 || !sw_starts_with(s.out, "running")) {
		res->status = strstr(s.out, "not running") != NULL ||
		    s.status == 252 ? FW_ST_ABSENT : FW_ST_UNREADABLE;
		res->hx_code = HOST_EPERM;
		res->note = xstrdup(strstr(s.out, "not running") != NULL ||
		    s.status == 252 ? "installed, not running" :
		    "its state could not be read");
		host_result_free(&s);
		return;
	}
	host_result_free(&s);
	if (fw_run(ctx, h, firewalld_cmds, rt, &a, res) != 0)
		return;
	if (host_run(h, ctx, firewalld_cmds, defz, &d) == 0 && d.status == 0) {
		d.out[strcspn(d.out, "\n")] = '\0';
		dz = d.out;
	}
	if (host_run(h, ctx, firewalld_cmds, perm, &p) != 0 || p.status != 0) {
		host_result_free(&p);
		p.out = NULL;
	}
	fw_firewalld_services(a.out, &names);
	for (i = 0; names != NULL && names[i] != NULL; i++)
		n++;
	svc = xcalloc(2 * MAX_SERVICES + 1, sizeof(char *));
	for (i = 0; i < n && k < MAX_SERVICES; i++) {
		const char *argv[] = { "firewall-cmd", "--info-service",
			names[i], NULL };

		if (strcmp(names[i], "ssh") == 0)
			continue;
		if (host_run(h, ctx, firewalld_cmds, argv, &infos[k]) == 0 &&
		    infos[k].status == 0) {
			svc[2 * k] = names[i];
			svc[2 * k + 1] = infos[k].out;
			k++;
		} else
			host_result_free(&infos[k]);
	}
	fw_firewalld_eval(a.out, p.out, dz, svc, q, res);
	for (i = 0; i < k; i++)
		host_result_free(&infos[i]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(svc);
	host_result_free(&a);
	host_result_free(&d);
	host_result_free(&p);
}

const fw_backend fw_backend_firewalld = {
	.name = "firewalld",
	.family = 0,
	.check = fwd_check,
	.by_hand = "sudo firewall-cmd --list-all",
};
