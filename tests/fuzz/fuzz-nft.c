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

/* How many objects of the "nftables" array have key. */
static unsigned long
count(json_t *root, const char *key)
{
	json_t *it;
	unsigned long n = 0;
	size_t i;

	json_array_foreach(json_object_get(root, "nftables"), i, it)
		if (json_object_get(it, key) != NULL)
			n++;
	return n;
}

/* The JSON is read once and judged for the four packets, as the product's
 * fw_nft_eval() reads it once and judges one packet: reading it again per
 * packet ran jansson's parser six times an input, three quarters of the
 * target's time.  Text that is not JSON goes once through fw_nft_eval(),
 * which must call it unreadable. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const skip[] = { "ip f2b-table", NULL };
	char *parts[2];
	size_t n = fuzz_split(data, size, parts, 2), i;
	json_t *root = json_loads(parts[0], 0, NULL);
	unsigned long rules = count(root, "rule"), chains =
	    count(root, "chain");

	for (i = 0; i < N_FW_QUERIES; i++) {
		fw_result r;

		if (root != NULL)
			fw_nft_eval_json(root, n > 1 ? parts[1] : NULL,
			    i % 2 ? skip : NULL, &fw_queries[i], &r);
		else if (i == 0) {
			/* not JSON: the same "unreadable" for any packet */
			if (fw_nft_eval(parts[0], n > 1 ? parts[1] : NULL,
			    NULL, &fw_queries[i], &r) == 0)
				fuzz_fail("text jansson cannot read was "
				    "judged");
		} else
			break;
		if (r.rules_judged > rules * (chains + 1))
			fuzz_fail("%lu rules judged, %lu rules, %lu chains",
			    r.rules_judged, rules, chains);
		fw_result_clear(&r);
	}
	json_decref(root);
	for (i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
