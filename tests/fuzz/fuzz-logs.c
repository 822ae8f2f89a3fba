/* Fuzz target: the server's logs (journal, auth.log, secure) filtered for
 * sshd lines about a client, and the small /proc readers of the health
 * check. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "probes/server.h"

const char fuzz_name[] = "logs";

#define KEEP 20

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ips[] = { "198.51.100.7", "2001:db8::7",
		NULL };
	char *text = fuzz_cstr(data, size), **lines = NULL, net[64];
	size_t n = 0, i, k;
	double avg[3];
	long total, avail;
	int len;

	for (i = 0; i < sizeof(ips) / sizeof(ips[0]); i++) {
		srv_log_filter(text, ips[i], (int)i == 2, &lines, &n, KEEP);
		if (n > KEEP)
			fuzz_fail("%zu lines kept of %d", n, KEEP);
		for (k = 0; k < n; k++) {
			if (strchr(lines[k], '\n') != NULL)
				fuzz_fail("a kept line spans lines");
			free(lines[k]);
		}
		free(lines);
		lines = NULL;
		n = 0;
	}
	(void)srv_parse_loadavg(text, avg);
	(void)srv_parse_meminfo(text, &total, &avail);
	(void)srv_parse_cpu_list(text);
	if (size < 128) {
		(void)srv_parse_prefix(text, net, sizeof(net), &len);
		(void)srv_addr_in("198.51.100.7", text, 24);
	}
	free(text);
	return 0;
}
