/* State the probes of one diagnosis share: the addresses a name resolved to,
 * which of them answered, and the one libssh session every SSH-level probe
 * reuses.  Owned by the engine; probes run one at a time, so a probe may read
 * and write it without locking.  A probe that fills a field first resets it,
 * so a re-run never sees stale data from the last run. */
#ifndef SW_SESSION_H
#define SW_SESSION_H

#include <stddef.h>
#include <sys/socket.h>

#define SW_ADDR_TEXT 64

typedef struct sw_addr {
	struct sockaddr_storage sa;
	socklen_t len;
	char text[SW_ADDR_TEXT];	/* numeric form, no brackets */
} sw_addr;

struct ssh_session_struct;

typedef struct sw_session {
	sw_addr *addrs;		/* resolved addresses, in the order ssh tries */
	size_t n_addrs;
	int resolved;		/* 1 once addrs is filled */
	int open_addr;		/* index into addrs of the first open one, -1 */
	char *banner;		/* the server's identification string */
	unsigned char *kexinit;	/* the server's KEXINIT packet as read on
				 * ssh.banner's connection (length, then
				 * the rest), or NULL; owned */
	size_t kexinit_len;
	int kexinit_hop;	/* the hop it was read from */
	struct ssh_session_struct *ssh;	/* the shared libssh session, or NULL */
	void (*ssh_free)(struct ssh_session_struct *);	/* how to free it */
	int ssh_auth_used;	/* authentication requests other than "none"
				 * sent on ssh; 0 for a new connection */
	int ssh_logged_in;	/* 1 once a login completed on ssh */
	char *ssh_locked_key;	/* the key file ssh.auth found the server
				 * would take but that needs a passphrase;
				 * NULL when none; owned */
	char *ssh_hostkey;	/* the server's host key (base64) on the last
				 * connection set up; a reconnect must find
				 * the same; owned */
	const char *ssh_login_note;	/* why the login check stopped short
				 * of logging in (English, static), or NULL */
	int hop;		/* the hop the walk checks: 0 the first host ssh
				 * connects to, i the one reached through the
				 * i-th jump host (target.h: hops) */
	void *jump;		/* the logged-in sessions of the jump hosts
				 * passed (probes/jump.c), or NULL */
	void (*jump_free)(void *);	/* frees jump */
	void (*jump_rewind)(struct sw_session *, int hop);	/* back to
				 * hop: drops what lies beyond it */
	void *proxy;		/* the ProxyCommand runs of this diagnosis
				 * (probes/proxy.c), or NULL */
	void (*proxy_free)(void *);	/* stops, reaps and frees proxy */
} sw_session;

/* Initialises an empty session. */
void session_init(sw_session *s);
/* Replaces the address list (copies n entries). */
void session_set_addrs(sw_session *s, const sw_addr *a, size_t n);
/* Frees everything the session holds and empties it. */
void session_clear(sw_session *s);
/* The numeric text of the address to show in commands ({ip}): the first
 * open address, else the first resolved, else NULL. */
const char *session_ip(const sw_session *s);

#endif
