/* Fuzz target: iptables-save text, judged for four packets.  Property: the
 * walk is linear: no rule is judged more than once per table walk (four
 * walks at most). */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "fw-queries.h"

const char fuzz_name[] = "iptables";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	unsigned long lines = 1;
	const char *p;
	size_t i;
	struct ipt_set *s;

	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	(void)fw_iptables_is_nft(text);
	/* Read once, judged for each packet (fw_iptables_eval() per packet
	 * parsed the same text four times). */
	s = fw_iptables_parse(text);
	for (i = 0; i < N_FW_QUERIES; i++) {
		fw_result r;

		fw_iptables_eval_parsed(s, &fw_queries[i], &r);
		if (r.rules_judged > 4 * lines)
			fuzz_fail("%lu rules judged in %lu lines",
			    r.rules_judged, lines);
		if (r.status == FW_ST_EVALUATED && r.action > FW_UNKNOWN)
			fuzz_fail("action %d", (int)r.action);
		fw_result_clear(&r);
	}
	fw_iptables_free(s);
	free(text);
	return 0;
}
