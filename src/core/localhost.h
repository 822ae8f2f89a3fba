/* Is a host this very machine?  Then the server-side checks can run here,
 * directly, without asking for a way in. */
#ifndef SW_LOCALHOST_H
#define SW_LOCALHOST_H

#include <stddef.h>

/* 1 when host (a numeric address or a name, as typed or as HostName) is
 * this machine: an address in 127.0.0.0/8, ::1 (also IPv4-mapped), an
 * address configured on one of this machine's interfaces, "localhost" or
 * this machine's own host name.  Names are never looked up: no DNS, safe on
 * any thread.  0 otherwise, and for NULL. */
int host_is_this_machine(const char *host);

struct sw_target;

/* 1 when ssh would connect to this machine for t: no jump host, no
 * ProxyCommand, and its HostName is this machine's (host_is_this_machine).
 * Then the server-side checks run here directly. */
int target_is_this_machine(const struct sw_target *t);

/* The source address this machine would use towards the numeric address
 * ip (IPv4 or IPv6, no brackets), in numeric form into buf (n bytes): a
 * connected UDP socket's own address; nothing is sent.  Returns 0, or -1
 * when ip is not numeric or no route leads there. */
int localhost_source_addr(const char *ip, char *buf, size_t n);

#endif
