/* Between the host layer's interface (host.c) and its back-ends
 * (host_local.c, host_remote.c).  Not for probes. */
#ifndef SW_HOST_INT_H
#define SW_HOST_INT_H

#include "core/util.h"
#include "host/host.h"

/* stderr kept of one command. */
#define HOST_ERR_MAX (16u * 1024)

/* What a back-end does.  run gets argv already checked against the
 * caller's allow-list; the back-end adds `sudo -n` (host_wants_sudo), the
 * C locale and the sbin folders, runs it to its end and fills *r (out and
 * err always set).  The file functions are optional: NULL (or sudo on)
 * means host.c reads through commands. */
typedef struct host_backend {
	int (*open)(sw_host *h, sw_probe_ctx *ctx, char **errp);
	int (*run)(sw_host *h, sw_probe_ctx *ctx, const char *const argv[],
	    sw_host_result *r);
	void (*free_priv)(void *priv);
	int (*read_file)(const char *path, size_t max, char **out,
	    size_t *len);
	int (*list_dir)(const char *path, char ***names, size_t *n);
	int (*readlink)(const char *path, char **target);
	int (*socket_inodes)(long pid, unsigned long **inodes, size_t *n);
	int (*executable)(const char *path);
	void (*stat)(const char *path, sw_host_stat *st);
} host_backend;

struct sw_host {
	sw_host_kind kind;
	const host_backend *be;
	void *priv;		/* the back-end's own state */
	int sudo;
	int used;
	int root;		/* 1, 0, -1 unknown */
	int by_commands;	/* read files through commands (tests) */
	char *label;
	char *peer_ip;
	int peer_port;
	int peer_client_port;
	long session_pid;	/* see host_session_pid, -1 */
};

extern const host_backend host_local_backend;
extern const host_backend host_remote_backend;

/* A host with the given back-end and label; the back-end fills the rest. */
sw_host *host_alloc(sw_host_kind kind, const host_backend *be, void *priv,
    const char *label);
/* 1 when argv runs under `sudo -n` on h. */
int host_wants_sudo(const sw_host *h, const char *const argv[]);
/* Appends n bytes to *b, keeping at most cap; returns 1 when some were
 * dropped. */
int host_cap_add(sbuf *b, const char *p, size_t n, size_t cap);
/* Appends the inode of "socket:[N]" in s, if it is one. */
void host_inode_add(const char *s, unsigned long **inodes, size_t *n);
/* The HOST_E* code for an errno value. */
int host_errno_code(int e);
/* Sets peer_ip, peer_port and peer_client_port from SSH_CONNECTION's
 * value "CLIENT-IP CLIENT-PORT SERVER-IP SERVER-PORT". */
void host_parse_ssh_connection(sw_host *h, const char *s);

#endif
