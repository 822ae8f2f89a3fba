/* Fuzz target: `ssh -G` output, read into a target (against itself as the
 * defaults too) and by key. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>

#include "core/target.h"
#include "core/util.h"

const char fuzz_name[] = "sshg";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *parts[2], *v;
	size_t n = fuzz_split(data, size, parts, 2), i;
	sw_target *t = target_new();

	target_apply_ssh_g(t, parts[0], n > 1 ? parts[1] : NULL);
	target_free(t);
	for (i = 0; i < 3; i++) {
		v = ssh_g_value(parts[0], i == 0 ? "hostname" : i == 1 ?
		    "identityfile" : "port", i);
		free(v);
	}
	for (i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
