/* Fuzz target: the ban tools' and TCP wrappers' texts: hosts.allow and
 * hosts.deny (the input is "allow%%deny"), `fail2ban-client status` and
 * `status JAIL`, a DenyHosts data file. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>

#include "probes/server.h"

const char fuzz_name[] = "wrappers";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const clients[] = { "198.51.100.7", "2001:db8::7",
		"127.0.0.1", NULL };
	char *parts[2], **jails = NULL;
	size_t n = fuzz_split(data, size, parts, 2), i, nj;
	int banned;

	for (i = 0; i < sizeof(clients) / sizeof(clients[0]); i++) {
		srv_wrap_hit allow = { 0 }, deny = { 0 };
		const srv_wrap_hit *why = NULL;
		int opt = 0, unused = 0, d;

		srv_wrap_eval(parts[0], clients[i], &allow, &opt);
		srv_wrap_eval(n > 1 ? parts[1] : "", clients[i], &deny,
		    &unused);
		d = srv_wrap_decide(&allow, opt, &deny, &why);
		if (d < -1 || d > 1)
			fuzz_fail("decision %d", d);
		free(allow.text);
		free(deny.text);
		if (clients[i] != NULL) {
			(void)srv_parse_f2b_status(parts[0], clients[i],
			    &banned);
			(void)srv_denyhosts_lists(parts[0], clients[i]);
		}
	}
	nj = srv_parse_f2b_jails(parts[0], &jails);
	for (i = 0; i < nj; i++)
		free(jails[i]);
	free(jails);
	for (i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
