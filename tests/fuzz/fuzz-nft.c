/* Fuzz target: `nft -j list ruleset` JSON (and, after a "%%" line, the
 * `nft -a list ruleset` text used to quote rules), judged for four packets.
 * Property: no rule is judged more than once per base chain walk. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fw-queries.h"

const char fuzz_name[] = "nft";

/* How many objects of the "nftables" array have key (JSON as jansson
 * reads it, escapes included). */
static unsigned long
count(const char *text, const char *key)
{
	json_t *root = json_loads(text, 0, NULL), *it;
	unsigned long n = 0;
	size_t i;

	json_array_foreach(json_object_get(root, "nftables"), i, it)
		if (json_object_get(it, key) != NULL)
			n++;
	json_decref(root);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const skip[] = { "ip f2b-table", NULL };
	char *parts[2];
	size_t n = fuzz_split(data, size, parts, 2), i;
	unsigned long rules = count(parts[0], "rule"), chains =
	    count(parts[0], "chain");

	for (i = 0; i < N_FW_QUERIES; i++) {
		fw_result r;

		fw_nft_eval(parts[0], n > 1 ? parts[1] : NULL,
		    i % 2 ? skip : NULL, &fw_queries[i], &r);
		if (r.rules_judged > rules * (chains + 1))
			fuzz_fail("%lu rules judged, %lu rules, %lu chains",
			    r.rules_judged, rules, chains);
		fw_result_clear(&r);
	}
	for (i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
