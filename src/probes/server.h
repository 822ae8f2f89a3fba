/* What the server-side probes share: how a probe finds the machine to check
 * and the client address to ask about, how it says it could not check
 * something, where the SSH daemon is, and the pure parsers of what the
 * server's files and commands print (unit-tested on recorded output).
 *
 * Every probe reads the server only through host/host.h, so the same
 * code runs on the server itself (--server) and over a session that still
 * works (--via). */
#ifndef SW_PROBES_SERVER_H
#define SW_PROBES_SERVER_H

#include <stddef.h>
#include <sys/socket.h>

#include "host/host.h"
#include "core/probe.h"

/* Bytes read at most from one configuration file, log, or /proc file. */
#define SRV_FILE_MAX (1024u * 1024)

/* ---- The context of a server check ---- */

/* The host of the diagnosis (target->server), or NULL. */
sw_host *srv_host(const sw_probe_ctx *ctx);

/* The client address to ask about: --client, else the address the via
 * session came from, else NULL. */
const char *srv_client_ip(const sw_probe_ctx *ctx);

/* The port the user tries (the target's). */
int srv_port(const sw_probe_ctx *ctx);

/* 1 when the user named the port (-p, a spec, ssh config), 0 for the
 * default 22. */
int srv_port_given(const sw_probe_ctx *ctx);

/* The address the client connects to, when known (a literal target host or
 * the resolved address of the client-side walk), else NULL. */
const char *srv_target_ip(const sw_probe_ctx *ctx);

/* Records that something could not be read: evidence "unchecked" with what
 * and why, and "run_instead" with the exact command to run by hand (with
 * sudo where root is needed). */
void srv_unchecked(sw_probe_ctx *ctx, const char *what, int hx_code,
    const char *run_instead);

/* ---- What the server checks of one walk found ----
 * Each server probe records its finding under a stable check name as
 * evidence "check.NAME" = "STATE: TEXT" on its own step, so Back and a
 * re-run drop it with the step; server.summary reads them from the walk
 * (ctx->walk).  The first probe of a server part records "check.reset":
 * findings before it belong to an earlier server part. */

typedef struct srv_finding {
	const char *check;	/* "daemon.running", "firewall", ... */
	sw_state state;
	const char *text;	/* one English line */
} srv_finding;

/* Records the finding for check (a later one replaces it); text is a
 * printf format. */
void srv_note(sw_probe_ctx *ctx, const char *check, sw_state state,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Starts a server part: earlier findings no longer count. */
void srv_notes_reset(sw_probe_ctx *ctx);
/* The latest finding for check in this probe's evidence or the walk's
 * steps since the last reset.  Returns 1 and fills *f (pointing into the
 * evidence), or 0. */
int srv_note_get(const sw_probe_ctx *ctx, const char *check, srv_finding *f);
/* Every finding since the last reset, in the order the checks were first
 * recorded, each with its latest value.  Sets *v (caller frees the array,
 * not the strings) and returns the count. */
size_t srv_notes(const sw_probe_ctx *ctx, srv_finding **v);

/* The latest sshd log lines about ip (every sshd line when NULL), at most
 * max, from the journal, auth.log/secure and the daemon's -E file; adds
 * "source" evidence for each source read.  Sets *lines (caller frees each
 * and the array), *read_any (some source could be read) and *denied (one
 * needed root).  Returns the count. */
size_t srv_log_collect(sw_probe_ctx *ctx, sw_host *h, const char *ip,
    char ***lines, size_t max, int *read_any, int *denied);

/* sshd's log lines about one connection of user, quoted as evidence
 * "sshd_said", oldest first: the newest of the last SRV_LOG_LINES sshd
 * lines that names user and holds one of why picks the connection; its
 * lines that hold one of why (and name user) or one of near (may be NULL;
 * reasons sshd logs without the user) are quoted, at most SRV_LOG_QUOTED.
 * A connection's lines are those of the same sshd process (sshd[PID]), or
 * in a log without process ids (sshd -E) those since its "Connection from
 * ... port P" line, at most SRV_LOG_NEAR back.  Says so when the logs
 * could not be read or nothing says why. */
#define SRV_LOG_LINES 200
#define SRV_LOG_QUOTED 4
#define SRV_LOG_NEAR 20
void srv_quote_log(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const char *const *why, const char *const *near);

/* Runs `sshd -T -C user=USER[,host=IP,addr=IP]` (with the daemon's own
 * binary and -f config, found with srv_find_daemon) through allow, the
 * calling probe's command list, which must hold "%D -T -C %C -f %P" and
 * "%D -T -C %C".  Adds evidence "effective_config" with the command, or
 * "unchecked" and "run_instead".  Sets *config (when config is not NULL;
 * caller frees) to the daemon's config file (see srv_daemon.config), or
 * NULL.  Returns the output (caller frees) or NULL. */
char *srv_sshd_T(sw_probe_ctx *ctx, sw_host *h, const char *user,
    const char *const *allow, char **config);

/* The user the login checks look at: -l USER, or the target's user on the
 * client's walk.  Opens the host.  Returns NULL and sets *hp and *userp
 * (the target's string; evidence "user" added), or the outcome to return:
 * "no_user" (none given to --server; evidence "note") or "unchecked" (the
 * host cannot be opened, or the name has characters no command gets). */
const char *srv_login_user(sw_probe_ctx *ctx, sw_host **hp,
    const char **userp);

/* Opens the host; on failure adds evidence and returns -1. */
int srv_open(sw_probe_ctx *ctx, sw_host **hp);

/* ---- /proc/net/tcp and tcp6 ---- */

#define SRV_TCP_LISTEN 0x0A
#define SRV_TCP_ESTABLISHED 0x01
#define SRV_TCP_SYN_RECV 0x03

typedef struct srv_sock {
	int family;		/* AF_INET or AF_INET6 */
	char addr[64];		/* local address, numeric */
	int port;		/* local port */
	char raddr[64];		/* remote address */
	int rport;
	int state;		/* SRV_TCP_* */
	unsigned long inode;
} srv_sock;

/* Appends the sockets of a /proc/net/tcp (family AF_INET) or tcp6
 * (AF_INET6) text to *socks (grown; caller frees) and *n.  Lines that do not
 * parse are skipped.  Returns how many were added. */
size_t srv_parse_proc_net_tcp(const char *text, int family, srv_sock **socks,
    size_t *n);

/* 1 if addr (numeric) is a loopback address (127.0.0.0/8, ::1,
 * ::ffff:127.x). */
int srv_addr_is_loopback(const char *addr);
/* 1 if addr is the wildcard address (0.0.0.0 or ::). */
int srv_addr_is_any(const char *addr);

/* ---- The SSH daemon's process ---- */

typedef struct srv_sshd_proc {
	long pid;
	int listener;		/* 1 the daemon's listener, 0 a session */
	char *cmdline;		/* arguments joined by spaces, escaped */
	char *binary;		/* absolute argv[0], or NULL */
	char *config;		/* -f FILE, or NULL for the default */
	char *logfile;		/* -E FILE, or NULL */
	int startups;		/* "[listener] N of B-F startups": N, or -1 */
	int startups_begin;
	int startups_full;
} srv_sshd_proc;

/* Parses an sshd command line (NUL-separated as in /proc/PID/cmdline, len
 * bytes) into p (zeroed first; free with srv_sshd_proc_clear()).  Returns 1
 * when it is an sshd process (a listener or a session), 0 if not. */
int srv_parse_sshd_cmdline(const char *cmdline, size_t len,
    srv_sshd_proc *p);
void srv_sshd_proc_clear(srv_sshd_proc *p);

/* Parses a /proc/PID/stat line: pid, the command name (in parentheses,
 * may hold spaces) and the parent pid.  Returns 0 or -1. */
int srv_parse_proc_stat(const char *line, long *pid, char *comm,
    size_t commsz, long *ppid);

/* What srv_find_daemon() learned. */
typedef struct srv_daemon {
	srv_sshd_proc *procs;	/* listeners that run with the config asked
				 * for, in this network namespace as far as
				 * can be told */
	size_t n_procs;
	int n_others;		/* sshd listeners skipped (other config or
				 * other network namespace) */
	int proc_unreadable;	/* 1 if the process table could not be read */
	srv_sock *socks;	/* every TCP socket of this network
				 * namespace (/proc/net/tcp, tcp6) */
	size_t n_socks;
	int socks_unreadable;
	unsigned long *inodes;	/* socket inodes the daemon holds */
	size_t n_inodes;
	int fds_read;		/* 1 if the daemon's fds could be read
				 * (inodes is complete), 0 if not (no root) */
	const char *how;	/* how the daemon was told from others:
				 * static English text, or NULL */
	int ambiguous;		/* several listeners, and without root
				 * nothing tells which serves this network
				 * namespace: procs[0] is a guess */
	char *config;		/* the config it runs with: --sshd-config,
				 * else its -f, else the default */
	int config_given;	/* 1 if from --sshd-config */
} srv_daemon;

/* Finds the SSH daemon the checks are about, reading the server's process
 * table and TCP sockets.  sshd_config: the --sshd-config path or NULL.
 * Other sshd instances (another config, another network namespace) are
 * skipped, never taken for this one.  Fills *d (free with
 * srv_daemon_clear()).  Adds evidence.  Never fails: what could not be read
 * is flagged in *d. */
void srv_find_daemon(sw_probe_ctx *ctx, sw_host *h, srv_daemon *d);
void srv_daemon_clear(srv_daemon *d);

/* The --sshd-config path of the diagnosis, or NULL. */
const char *srv_sshd_config_opt(const sw_probe_ctx *ctx);

/* ---- sshd's configuration ---- */

typedef struct srv_listen {
	char addr[64];		/* as written; "" for every address */
	int port;		/* 0: every Port */
} srv_listen;

typedef struct srv_sshd_config {
	int *ports;
	size_t n_ports;
	srv_listen *listen;
	size_t n_listen;
	int ms_begin, ms_rate, ms_full;	/* MaxStartups, -1 unset */
	char *address_family;	/* "any", "inet", "inet6", NULL unset */
	char **files;		/* every file read, in order */
	size_t n_files;
	char **problems;	/* "FILE line N: ..." for unreadable Includes
				 * and the like */
	size_t n_problems;
	struct srv_cfg_line *lines;	/* every other keyword line, in the
				 * order sshd reads them */
	size_t n_lines;
	struct srv_cfg_match *matches;	/* every Match line */
	size_t n_matches;
	size_t lines_dropped;	/* past SRV_CFG_LINES_MAX */
} srv_sshd_config;

/* One keyword line of sshd_config or a file it includes. */
typedef struct srv_cfg_line {
	size_t file;		/* index into files[] */
	int line;		/* 1-based */
	char *keyword;		/* as written */
	char *value;		/* the words after it, joined by one space
				 * (quotes and a trailing comment dropped) */
	char *text;		/* the line as written, trimmed, escaped for
				 * display, at most SRV_CFG_TEXT_MAX bytes */
	int match;		/* index into matches[] of the Match block it
				 * is in, or -1 */
} srv_cfg_line;

/* A Match line.  Lines of a file included inside a Match block are under
 * that block too: parent is the block in force at the Include (or -1). */
typedef struct srv_cfg_match {
	size_t file;
	int line;
	char *criteria;		/* the words after "Match", joined */
	char *text;		/* as srv_cfg_line.text */
	int parent;
} srv_cfg_match;

#define SRV_CFG_TEXT_MAX 400
/* Keyword lines kept from one configuration; more are counted in
 * problems. */
#define SRV_CFG_LINES_MAX 20000

/* How the config parser reads files: read returns 0 and sets *text
 * (caller frees) or a negative HOST_E* code; list sets the names in a folder
 * (caller frees) or returns a negative code. */
typedef struct srv_reader {
	int (*read)(void *arg, const char *path, char **text);
	int (*list)(void *arg, const char *dir, char ***names, size_t *n);
	void *arg;
} srv_reader;

/* Parses sshd_config at path and its Includes (globs in the last path
 * component; relative names are under /etc/ssh; an Include inside a Match
 * block is followed and its lines are under that block), keeping what
 * decides where sshd listens: Port, ListenAddress, AddressFamily,
 * MaxStartups (first value wins; Port and ListenAddress add up; Match
 * blocks are skipped), and every keyword and Match line with its file and
 * line number (lines[], matches[]; see srv_config_where()).  Returns 0, or
 * the reader's code when path itself cannot be read.  Free *c with
 * srv_sshd_config_clear(). */
int srv_parse_sshd_config(const char *path, const srv_reader *rd,
    srv_sshd_config *c);

/* Parses `sshd -T` output into c.  Returns 0, -1 if it has no port line. */
int srv_parse_sshd_T(const char *text, srv_sshd_config *c);

/* Fills the defaults sshd uses for what the config leaves unset (Port 22,
 * every address, MaxStartups 10:30:100). */
void srv_sshd_config_defaults(srv_sshd_config *c);
void srv_sshd_config_clear(srv_sshd_config *c);

/* Parses a ListenAddress value ("host", "host:port", "[v6]:port", bare
 * v6, optional " rdomain X") into l.  Returns 0 or -1. */
int srv_parse_listen_address(const char *value, srv_listen *l);

/* What `sshd -t` said. */
typedef enum srv_cfgcheck {
	SRV_CFG_VALID,
	SRV_CFG_INVALID,	/* a real fault in the config or set-up */
	SRV_CFG_UNREADABLE,	/* it could not read what it needs (no root) */
} srv_cfgcheck;

/* Classifies `sshd -t` output (stdout and stderr together) and status.
 * as_root: 1 if it ran as root.  Sets *line to the first telling line
 * (caller frees; NULL when none). */
srv_cfgcheck srv_classify_sshd_t(const char *output, int status, int as_root,
    char **line);

/* ---- sshd_config: the line that decides (server_config.c) ---- */

typedef enum srv_match {
	SRV_NO,
	SRV_YES,
	SRV_MAYBE,	/* depends on what cannot be known here (host
			 * names, netgroups, an unknown client) */
} srv_match;

/* The connection sshd's Match blocks are evaluated for; NULL or 0 fields
 * are not known here (a criterion on them gives SRV_MAYBE). */
typedef struct srv_conn {
	const char *user;
	const char *const *groups;	/* the user's groups, NULL-ended */
	const char *host;	/* the client's name as sshd sees it (with
				 * UseDNS no: its address) */
	const char *addr;	/* the client's address */
	const char *laddr;	/* the address it connects to */
	int lport;		/* the port it connects to */
} srv_conn;

/* Whether a Match line's criteria (the words after "Match") apply to conn,
 * as sshd's match_cfg_line() decides: All, User, Group, Host, Address,
 * LocalAddress, LocalPort (pattern lists with '!' and CIDR addresses);
 * RDomain, unknown criteria and unknown connection fields give
 * SRV_MAYBE. */
srv_match srv_match_eval(const char *criteria, const srv_conn *conn);

/* 1 if the value written on a line (value) gives what `sshd -T` prints
 * (effective), 0 if it clearly does not, 1 also when the two cannot be
 * compared (+/-/^ list modifiers, time units). */
int srv_config_value_agrees(const char *keyword, const char *value,
    const char *effective);

/* The lines of keyword (any case; old names such as
 * ChallengeResponseAuthentication count as the new one) in force for conn,
 * in the order sshd reads them: the lines in Match blocks that apply (with
 * maybe: also those that may apply) when there are any, else the lines
 * outside every Match block.  For most keywords the first one decides;
 * AllowUsers, DenyUsers, AllowGroups and DenyGroups add up over all of
 * them.  Sets *idx (caller frees; indexes into c->lines) and returns the
 * count. */
size_t srv_config_lines(const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn, int maybe, size_t **idx);

/* The line that decides keyword for conn, as sshd reads its files: the
 * first line in a Match block that applies, else the first line outside
 * every Match block.  effective (what `sshd -T -C` printed, or NULL) is the
 * authority: a line whose value disagrees with it is passed over, and a
 * line in a Match block that only may apply is taken only when it agrees
 * (*maybe is set then).  Returns the line (pointing into c) or NULL when
 * no file sets the keyword for this connection: the compiled-in default
 * decides. */
const srv_cfg_line *srv_config_where(const srv_sshd_config *c,
    const char *keyword, const srv_conn *conn, const char *effective,
    int *maybe);

/* "FILE:LINE: TEXT", plus " (in the Match block at FILE:LINE: TEXT)"
 * when the line is in one.  Caller frees. */
char *srv_config_line_str(const srv_sshd_config *c, const srv_cfg_line *l);

/* Reads the sshd configuration at path (and its Includes) through the
 * host layer, into *c (free with srv_sshd_config_clear()).  Returns 0 or a
 * HOST_E* code (path itself unreadable; *c is then empty). */
int srv_sshd_config_read(sw_probe_ctx *ctx, sw_host *h, const char *path,
    srv_sshd_config *c);

/* Records as evidence evkey where keyword is decided for conn
 * (srv_config_where): "FILE:LINE: TEXT" (srv_config_line_str), or
 * "KEYWORD is not set in any file; the default is EFFECTIVE"; c NULL
 * (the files could not be read): says so.  Returns the line or NULL. */
const srv_cfg_line *srv_config_note_where(sw_probe_ctx *ctx,
    const char *evkey, const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn, const char *effective);

/* The command that rewrites line l of its file to new_text ("sudo sed -i
 * 'Nc\ TEXT' FILE", each word shell-quoted), or NULL when new_text holds
 * what sed would read as more than text (a backslash, a newline).
 * Caller frees. */
char *srv_config_edit_cmd(const srv_sshd_config *c, const srv_cfg_line *l,
    const char *new_text);

/* ---- TCP wrappers and ban tools ---- */

typedef struct srv_wrap_hit {
	srv_match match;	/* SRV_NO: no line applies */
	int line;		/* 1-based line of the deciding rule */
	char *text;		/* the rule as written (continuations
				 * joined); caller frees */
	int denyhosts;		/* 1 if a "# DenyHosts:" note marks it */
} srv_wrap_hit;

/* The first rule of a hosts.allow/hosts.deny text that applies to daemon
 * "sshd" and the client address (NULL: unknown), as hosts_access(5) reads
 * it: daemon and client lists, ALL, EXCEPT, LOCAL, address prefixes
 * ("10.1."), net/mask, CIDR, [v6]/len.  In hosts.allow, a rule ending in
 * ": deny" denies (hosts_options(5)); *deny_option is set for it.  Fills
 * *hit (free hit->text). */
void srv_wrap_eval(const char *text, const char *client, srv_wrap_hit *hit,
    int *deny_option);

/* The verdict of both files: 1 denied, 0 allowed, -1 unknown; *why points to
 * the deciding hit (in allow or deny). */
int srv_wrap_decide(const srv_wrap_hit *allow, int allow_deny_opt,
    const srv_wrap_hit *deny, const srv_wrap_hit **why);

/* Parses `fail2ban-client status` output: the jail names (caller frees each
 * and the array).  Returns how many. */
size_t srv_parse_f2b_jails(const char *text, char ***jails);

/* Parses `fail2ban-client status JAIL` output.  Returns 1 if ip is in the
 * banned list, 0 if not, -1 if the text is not a jail status.  Sets
 * *n_banned to the "Currently banned" count (or -1). */
int srv_parse_f2b_status(const char *text, const char *ip, int *n_banned);

/* 1 if a DenyHosts data file text (one address per line, maybe with
 * ":count:date" after it) lists ip. */
int srv_denyhosts_lists(const char *text, const char *ip);

/* ---- Health ---- */

/* Parses /proc/loadavg.  Returns 0 and sets the three averages, or -1. */
int srv_parse_loadavg(const char *text, double avg[3]);
/* MemTotal and MemAvailable in kB from /proc/meminfo.  Returns 0 or -1. */
int srv_parse_meminfo(const char *text, long *total_kb, long *avail_kb);
/* Number of CPUs in /sys/devices/system/cpu/online ("0-3,6").  -1 if bad. */
int srv_parse_cpu_list(const char *text);

/* ---- Login (server_login.c) ---- */

/* One /etc/passwd entry. */
typedef struct srv_account {
	int found;
	long uid, gid;
	char *home;
	char *shell;
} srv_account;

/* The value of keyword key (lowercase, as `sshd -T` prints it) in sshd -T
 * output, or NULL.  Caller frees. */
char *srv_T_value(const char *text, const char *key);
/* 1 if user matches a pattern of the space-separated list as sshd matches
 * AllowUsers/DenyUsers: wildcards * and ?, USER@HOST patterns also need the
 * client address ip to match (ip NULL: not known, the user part decides). */
int srv_user_list_match(const char *list, const char *user, const char *ip);
/* Finds user in /etc/passwd text.  Returns 0 and fills *a (free with
 * srv_account_clear), or -1. */
int srv_passwd_find(const char *text, const char *user, srv_account *a);
void srv_account_clear(srv_account *a);
/* Finds user in /etc/shadow text: *locked when the password field starts
 * with '!' (or is *LK*), *expire_day the account expiry in days since
 * 1970 or -1.  Returns 0, or -1 when the user is not there. */
int srv_shadow_find(const char *text, const char *user, int *locked,
    long *expire_day);
/* An AuthorizedKeysFile word with %h, %u and %% expanded, relative to home
 * when not absolute; NULL for tokens not expanded here.  Caller frees. */
char *srv_expand_keys_file(const char *pattern, const char *user,
    const char *home);
/* The SELinux type of the first context ("user:role:type:level") in `ls
 * -Zd PATH` output, short or long form, into type (n bytes).  Returns 0, or
 * -1 when there is none (no SELinux: "?"). */
int srv_parse_ls_Z(const char *out, char *type, size_t n);
/* 1 if shell ends every login at once: nologin or false, wherever it
 * lives. */
int srv_shell_refuses(const char *shell);
/* 1 if an /etc/shells text lists shell (a whole line). */
int srv_shells_lists(const char *text, const char *shell);
/* The paths sshd's StrictModes checks for file: the file, then each folder
 * above it up to and including home (or / when file is not under home).
 * Sets *parts (caller frees each and the array); returns the count. */
size_t srv_safe_path_parts(const char *file, const char *home, char ***parts);

/* ---- Disk space (server_disk.c) ---- */

/* One line of `df -P` (KiB) or `df -Pi` (inodes). */
typedef struct srv_df {
	char fs[128];
	long long total, used, avail;
	int pct;		/* the Capacity/IUse% column */
	char mount[256];
} srv_df;

/* Parses df -P or -Pi output (a header, then one line per path; the mount
 * point may hold spaces).  Sets *rows (caller frees) and returns the
 * count, at most 64.  Lines that do not parse are skipped. */
size_t srv_parse_df(const char *text, srv_df **rows);
/* Whether a filesystem is full: 1 no space (under 1 MiB free), 2 no inodes
 * left, 3 both, 0 neither.  Either row may be NULL; a filesystem that
 * reports no inodes at all never counts as out of them. */
int srv_df_full(const srv_df *blocks, const srv_df *inodes);

/* ---- Logs ---- */

/* Appends to *lines (grown, caller frees each and the array) the lines of
 * text that come from sshd and name ip as a whole address (any sshd line
 * when ip is NULL; every line when any_program), keeping only the last max.
 * Each line is escaped for display.  Returns the number kept. */
size_t srv_log_filter(const char *text, const char *ip, int any_program,
    char ***lines, size_t *n, size_t max);

/* ---- Small helpers ---- */

/* 1 if the numeric address ip lies in net/len (IPv4 or IPv6; ::ffff:
 * mapped IPv4 compares as IPv4). */
int srv_addr_in(const char *ip, const char *net, int len);
/* Parses "a.b.c.d", "a.b.c.d/len", "a.b.c.d/m.m.m.m", "v6", "v6/len" into
 * net and len.  Returns the family or 0 when it is not an address. */
int srv_parse_prefix(const char *s, char *net, size_t netsz, int *len);

#endif
