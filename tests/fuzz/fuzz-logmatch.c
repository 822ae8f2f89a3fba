/* Fuzz target: the pasted-log classifier (an error message or an ssh -vvv /
 * PuTTY log matched against data/messages.yaml). */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/logmatch.h"

const char fuzz_name[] = "logmatch";

static sw_logtable *table;

static void
cleanup(void)
{
	logtable_free(table);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_logmatch m[8];
	size_t n, i;

	if (table == NULL) {
		sw_diags d = { 0 };

		table = logtable_load(SW_SRCDIR "/data/messages.yaml", &d);
		if (table == NULL || d.n > 0)
			fuzz_fail("cannot load data/messages.yaml");
		diags_free(&d);
		atexit(cleanup);
	}
	n = logtable_match(table, (const char *)data, size, m, 8);
	if (n > 8)
		fuzz_fail("%zu matches for 8 slots", n);
	for (i = 0; i < n; i++) {
		if (m[i].id == NULL || m[i].start == NULL)
			fuzz_fail("a match without id or start");
		if (m[i].line != NULL && strchr(m[i].line, '\n') != NULL)
			fuzz_fail("a quoted line spans lines");
		logmatch_clear(&m[i]);
	}
	return 0;
}
