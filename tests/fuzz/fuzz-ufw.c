/* Fuzz target: `ufw status verbose` text, judged for four packets. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>

#include "fw-queries.h"

const char fuzz_name[] = "ufw";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	size_t i;

	for (i = 0; i < N_FW_QUERIES; i++) {
		fw_result r;

		fw_ufw_eval(text, &fw_queries[i], &r);
		fw_result_clear(&r);
	}
	free(text);
	return 0;
}
