/* The firewall check's one interface and its back-ends (htop's Platform_*
 * pattern): each back-end reads one tool's rules through the host and
 * answers the same question with a pure evaluator: what happens to a TCP
 * SYN from the client's address to the SSH port?
 *
 *   iptables   iptables-save / ip6tables-save   server_fw_iptables.c
 *   nftables   nft -j list ruleset (jansson)    server_fw_nft.c
 *   firewalld  firewall-cmd, runtime and
 *              permanent                        server_fw_firewalld.c
 *   ufw        ufw status verbose               server_fw_ufw.c
 *
 * The evaluators cover the common cases and say "unknown" (never "accept")
 * when a rule they cannot judge could change the answer. */
#ifndef SW_PROBES_SERVER_FW_H
#define SW_PROBES_SERVER_FW_H

#include <stddef.h>

#include "host/host.h"
#include "core/probe.h"

typedef enum fw_action {
	FW_ACCEPT,
	FW_DROP,
	FW_REJECT,
	FW_UNKNOWN,	/* a rule that cannot be judged decides */
} fw_action;

/* The packet asked about: a TCP SYN (connection state NEW). */
typedef struct fw_query {
	int family;		/* AF_INET or AF_INET6 */
	const char *src;	/* client address, NULL when unknown */
	const char *dst;	/* server address it was sent to, or NULL */
	const char *iface;	/* interface it arrives on, or NULL */
	int dport;
} fw_query;

typedef enum fw_status {
	FW_ST_EVALUATED,	/* the rules were read and judged */
	FW_ST_ABSENT,		/* the tool is not installed or not active */
	FW_ST_UNREADABLE,	/* could not read the rules (root needed...) */
} fw_status;

/* Runtime and permanent firewalld configs disagree. */
typedef enum fw_persist {
	FW_PERSIST_SAME,
	FW_PERSIST_RUNTIME_ONLY,	/* allowed now, lost at reload/boot */
	FW_PERSIST_NOT_RELOADED,	/* allowed only in the permanent
					 * config: needs --reload */
} fw_persist;

typedef struct fw_result {
	fw_status status;
	fw_action action;	/* when evaluated */
	int by_policy;		/* decided by a chain policy or zone target */
	char *rule;		/* the deciding rule, quoted as the tool
				 * prints it; NULL when no rule decided */
	char *where;		/* table and chain, or zone */
	char *note;		/* why unknown, or more detail */
	char *owner;		/* "fail2ban" when the rule belongs to a ban
				 * tool's chain, else NULL */
	fw_persist persist;	/* firewalld only */
	int hx_code;		/* FW_ST_UNREADABLE: the HOST_E* code */
	char *raw_note;		/* first line the tool printed on failure */
	unsigned long rules_judged;	/* iptables, nft: rules the evaluator
					 * looked at (linear in the ruleset) */
	long handle;		/* nft: the deciding rule's handle, else 0 */
} fw_result;

void fw_result_clear(fw_result *r);
/* The exact command, each word shell-quoted, that lets port through a block
 * tool ("iptables", "ip6tables", "nftables") decided in r: the deciding rule
 * deleted (iptables -D with its words, nft delete rule ... handle N), or,
 * when a chain policy decided, an accepting rule put first.  NULL when none
 * can be built (another tool, a ban tool's rule, no handle).  Caller frees.
 * (server_fw_fix.c) */
char *fw_fix_cmd(const char *tool, const fw_result *r, int port);
/* "accept", "drop", "reject", "unknown". */
const char *fw_action_name(fw_action a);

/* ---- Pure evaluators (unit-tested on recorded output) ---- */

/* iptables-save (or ip6tables-save) text.  Evaluates raw and mangle
 * PREROUTING, mangle INPUT and filter INPUT, following jumps.  Returns 0, or
 * -1 if the text holds no table at all (r->status FW_ST_ABSENT is set for an
 * empty ruleset: nothing filters). */
int fw_iptables_eval(const char *text, const fw_query *q, fw_result *r);
/* The same in two steps, for a caller judging several packets against one
 * ruleset: fw_iptables_parse() reads the text (never NULL; free it with
 * fw_iptables_free(), which accepts NULL), fw_iptables_eval_parsed() judges
 * a packet against it (the rules are not changed). */
struct ipt_set;
struct ipt_set *fw_iptables_parse(const char *text);
int fw_iptables_eval_parsed(struct ipt_set *s, const fw_query *q,
    fw_result *r);
void fw_iptables_free(struct ipt_set *s);
/* 1 if the text came from the nf_tables variant of iptables. */
int fw_iptables_is_nft(const char *text);

/* nft -j list ruleset JSON.  Base chains on the prerouting and input hooks
 * of families inet, ip/ip6 and netdev are judged in priority order.  Tables
 * whose "family name" is listed in skip (NULL-terminated, may be NULL) are
 * left out (those another back-end judged).  text_rules: the output of
 * `nft -a list ruleset`, used to quote a rule by its handle (may be NULL).
 * Returns 0, or -1 with r->note set when the JSON cannot be read. */
int fw_nft_eval(const char *json, const char *text_rules,
    const char *const *skip, const fw_query *q, fw_result *r);
/* The same on JSON jansson has read (root: the document; not changed).
 * fw_nft_eval() is this after json_loads(); a caller judging several
 * packets against one ruleset reads it once. */
struct json_t;
int fw_nft_eval_json(struct json_t *root, const char *text_rules,
    const char *const *skip, const fw_query *q, fw_result *r);

/* firewalld: runtime and permanent `--list-all-zones` texts, the default
 * zone, and `--info-service` texts of the services the zones name
 * (services: NULL-terminated pairs name, text; may be NULL; "ssh" is known
 * without it).  Fills r including r->persist.  Returns 0 or -1 when no zone
 * could be read. */
int fw_firewalld_eval(const char *runtime, const char *permanent,
    const char *default_zone, const char *const *services,
    const fw_query *q, fw_result *r);
/* The service names the zone texts mention (caller frees each and the
 * array). */
size_t fw_firewalld_services(const char *zones, char ***names);
/* fw_firewalld_eval() in two steps, for a caller judging several packets:
 * fw_firewalld_parse() reads a zones text (never NULL; free it with
 * fw_firewalld_free(), which accepts NULL), fw_firewalld_eval_parsed()
 * judges a packet against the runtime and permanent zones so read (either
 * may be NULL, as the texts may; they are not changed). */
struct fwd_zones;
struct fwd_zones *fw_firewalld_parse(const char *zones);
void fw_firewalld_free(struct fwd_zones *zs);
int fw_firewalld_eval_parsed(const struct fwd_zones *runtime,
    const struct fwd_zones *permanent, const char *default_zone,
    const char *const *services, const fw_query *q, fw_result *r);

/* ufw status verbose text.  r->status FW_ST_ABSENT when inactive. */
int fw_ufw_eval(const char *text, const fw_query *q, fw_result *r);

/* ---- Back-ends ---- */

typedef struct fw_backend {
	const char *name;	/* "iptables", "ip6tables", "nftables",
				 * "firewalld", "ufw" */
	int family;		/* AF_INET, AF_INET6, or 0 for both */
	/* Reads the rules through h and judges q.  skip: tables to leave out
	 * (nftables only).  Fills r. */
	void (*check)(sw_probe_ctx *ctx, sw_host *h, const fw_query *q,
	    const char *const *skip, fw_result *r);
	const char *by_hand;	/* the command to run with sudo instead */
} fw_backend;

extern const fw_backend fw_backend_iptables;
extern const fw_backend fw_backend_ip6tables;
extern const fw_backend fw_backend_nft;
extern const fw_backend fw_backend_firewalld;
extern const fw_backend fw_backend_ufw;

/* Helpers the back-ends share (server_firewall.c). */

/* Runs argv; on success returns 0 with *r filled and status 0.  Otherwise
 * fills res: ABSENT when the tool is missing, UNREADABLE with the code and
 * the tool's first error line, and returns -1. */
int fw_run(sw_probe_ctx *ctx, sw_host *h, const char *const *allow,
    const char *const argv[],
    sw_host_result *r, fw_result *res);

/* Three-valued match helper: 1 yes, 0 no, 2 maybe. */
enum { FW_NO = 0, FW_YES = 1, FW_MAYBE = 2 };

/* Does address ip match "addr[/mask]" spec (iptables and nft forms)?  ip
 * NULL gives FW_MAYBE. */
int fw_addr_match(const char *ip, const char *spec);

#endif
