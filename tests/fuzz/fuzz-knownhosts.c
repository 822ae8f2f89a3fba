/* Fuzz target: a known_hosts file, read as ssh reads it, for a plain name
 * and a [name]:port one; and the host-field matcher on its first line. */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "probes/ssh.h"

const char fuzz_name[] = "knownhosts";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "example.org",
		"[example.org]:2222", "10.0.0.1" };
	size_t i, k;
	char *s;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sshp_kh_result r = { 0 };
		FILE *f = size > 0 ? fmemopen((void *)data, size, "r") :
		    fopen("/dev/null", "r");

		if (f == NULL)
			fuzz_fail("fmemopen");
		sshp_kh_scan_stream(NULL, f, "known_hosts", names[i], &r);
		fclose(f);
		for (k = 0; k < r.n; k++) {
			if (r.v[k].line == 0 || r.v[k].keytype == NULL ||
			    r.v[k].key_b64 == NULL)
				fuzz_fail("an entry without line or key");
			if (strchr(r.v[k].key_b64, '\0') !=
			    r.v[k].key_b64 + strlen(r.v[k].key_b64) ||
			    strpbrk(r.v[k].key_b64, " \t\n") != NULL)
				fuzz_fail("a key with blanks");
		}
		sshp_kh_result_free(&r);
	}
	s = fuzz_cstr(data, size);
	s[strcspn(s, " \n")] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)sshp_kh_host_matches(s, names[i]);
	free(s);
	return 0;
}
