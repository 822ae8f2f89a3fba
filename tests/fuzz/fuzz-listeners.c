/* Fuzz target: what tells where sshd listens: /proc/net/tcp and tcp6,
 * /proc/PID/cmdline (NUL-separated: the raw input) and /proc/PID/stat.
 * (The checks read /proc, not `ss` output: no ss parser exists.) */
#include "config.h"

#include "fuzz.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/server.h"

const char fuzz_name[] = "listeners";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size), comm[32];
	srv_sock *socks = NULL;
	size_t n = 0, i;
	srv_sshd_proc p;
	long pid, ppid;

	srv_parse_proc_net_tcp(text, AF_INET, &socks, &n);
	srv_parse_proc_net_tcp(text, AF_INET6, &socks, &n);
	for (i = 0; i < n; i++) {
		if (memchr(socks[i].addr, '\0', sizeof(socks[i].addr)) == NULL
		    || memchr(socks[i].raddr, '\0',
		    sizeof(socks[i].raddr)) == NULL)
			fuzz_fail("an address without its NUL");
		if (socks[i].port < 0 || socks[i].port > 65535)
			fuzz_fail("port %d", socks[i].port);
		(void)srv_addr_is_loopback(socks[i].addr);
		(void)srv_addr_is_any(socks[i].addr);
	}
	free(socks);
	srv_parse_sshd_cmdline((const char *)data, size, &p);
	srv_sshd_proc_clear(&p);
	(void)srv_parse_proc_stat(text, &pid, comm, sizeof(comm), &ppid);
	free(text);
	return 0;
}
