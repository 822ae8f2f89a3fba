/* server.health: is the server too busy to answer new SSH connections?
 * Load average against the number of CPUs, available memory, and sshd's
 * MaxStartups: the listener's process title ("[listener] N of B-F
 * startups") says how many connections are still unauthenticated; from B
 * on sshd drops new ones at random, at F it drops them all. */
#include "config.h"

#include "core/i18n.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The commands this file's checks run on the server (see host_allowed). */
static const char *const health_cmds[] = {
	"getconf _NPROCESSORS_ONLN",
	NULL,
};

/* Load per CPU over a minute from which the server counts as overloaded. */
#define LOAD_PER_CPU 10.0
/* Below this share of memory available (or 32 MiB) it is overloaded. */
#define MEM_MIN_PERCENT 2
#define MEM_MIN_KB (32L * 1024)

static const sw_outcome outcomes[] = {
	{ "ok", SW_STATE_PASS, N_("the server has room for new connections") },
	{ "overloaded", SW_STATE_FAIL,
	  N_("the server is too busy for new connections") },
	{ "unchecked", SW_STATE_UNCHECKED, N_("could not be checked") },
	{ NULL, 0, NULL },
};

static int
cpu_count(sw_probe_ctx *ctx, sw_host *h)
{
	static const char *const argv[] = { "getconf", "_NPROCESSORS_ONLN",
		NULL };
	char *text = NULL;
	size_t len;
	int n = -1;
	sw_host_result r;

	if (host_read_file(h, ctx, "/sys/devices/system/cpu/online", 256,
	    &text, &len) == 0)
		n = srv_parse_cpu_list(text);
	free(text);
	if (n > 0)
		return n;
	if (host_run(h, ctx, health_cmds, argv, &r) == 0 && r.status == 0)
		n = atoi(r.out);
	host_result_free(&r);
	return n;
}

static const char *
health_run(sw_probe_ctx *ctx)
{
	sw_host *h;
	char *text = NULL;
	size_t len, i;
	double avg[3];
	long total = -1, avail = -1;
	int cpus, known = 0, bad = 0;
	srv_daemon d;
	sbuf why = { 0 };

	if (srv_open(ctx, &h) != 0)
		return "unchecked";
	cpus = cpu_count(ctx, h);
	if (host_read_file(h, ctx, "/proc/loadavg", 4096, &text, &len) == 0 &&
	    srv_parse_loadavg(text, avg) == 0) {
		known++;
		evidence_add(&ctx->evidence, "load", "%.2f %.2f %.2f on %d CPU(s)",
		    avg[0], avg[1], avg[2], cpus);
		if (cpus > 0 && avg[0] >= LOAD_PER_CPU * cpus &&
		    avg[1] >= LOAD_PER_CPU * cpus) {
			bad = 1;
			sbuf_addf(&why, "load %.1f on %d CPU(s); ", avg[1], cpus);
		}
	}
	free(text);
	text = NULL;
	if (host_read_file(h, ctx, "/proc/meminfo", 65536, &text, &len) == 0 &&
	    srv_parse_meminfo(text, &total, &avail) == 0) {
		known++;
		evidence_add(&ctx->evidence, "memory", "%ld MiB available of "
		    "%ld MiB", avail / 1024, total / 1024);
		if (avail * 100 < total * MEM_MIN_PERCENT || avail < MEM_MIN_KB) {
			bad = 1;
			sbuf_addf(&why, "%ld MiB of memory available; ",
			    avail / 1024);
		}
	}
	free(text);
	srv_find_daemon(ctx, h, &d);
	for (i = 0; i < d.n_procs; i++) {
		const srv_sshd_proc *p = &d.procs[i];

		if (p->startups < 0 || p->startups_begin <= 0)
			continue;
		known++;
		evidence_add(&ctx->evidence, "unauthenticated", "%d open; "
		    "MaxStartups %d (drops begin) to %d (all refused)",
		    p->startups, p->startups_begin, p->startups_full);
		if (p->startups >= p->startups_begin) {
			bad = 1;
			sbuf_addf(&why, "%d unauthenticated connections reach "
			    "MaxStartups %d:%d; ", p->startups,
			    p->startups_begin, p->startups_full);
		}
	}
	srv_daemon_clear(&d);
	if (bad) {
		why.s[why.len - 2] = '\0';
		evidence_add(&ctx->evidence, "overloaded", "%s", why.s);
		srv_note(ctx, "health", SW_STATE_FAIL, "overloaded: %s",
		    why.s);
		sbuf_free(&why);
		return "overloaded";
	}
	sbuf_free(&why);
	if (known == 0) {
		srv_unchecked(ctx, "/proc/loadavg and /proc/meminfo", HOST_EFAIL,
		    "uptime; free -m");
		srv_note(ctx, "health", SW_STATE_UNCHECKED, "the server's load");
		return "unchecked";
	}
	srv_note(ctx, "health", SW_STATE_PASS, "load and memory leave room "
	    "for new connections");
	return "ok";
}

/* The evidence keys the probes of this file may record (probe.h). */
static const char *const evidence_keys[] = {
	"checked_on", "load", "memory", "overloaded", "run_instead",
	"unauthenticated", "unchecked", NULL,
};

const sw_probe_def probe_server_health = {
	.name = "server.health",
	.title = N_("Is the server too busy?"),
	.outcomes = outcomes,
	.run = health_run,
	.evidence = evidence_keys,
	.origin = SW_ORIGIN_SERVER,
};
