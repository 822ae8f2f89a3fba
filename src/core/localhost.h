/* Is a host this very machine?  Then the server-side checks can run here,
 * directly, without asking for a way in. */
#ifndef SW_LOCALHOST_H
#define SW_LOCALHOST_H

/* 1 when host (a numeric address or a name, as typed or as HostName) is
 * this machine: an address in 127.0.0.0/8, ::1 (also IPv4-mapped), an
 * address configured on one of this machine's interfaces, "localhost" or
 * this machine's own host name.  Names are never looked up: no DNS, safe on
 * any thread.  0 otherwise, and for NULL. */
int host_is_this_machine(const char *host);

#endif
