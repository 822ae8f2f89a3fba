/* Fuzz target: firewall-cmd output: runtime zones, "%%", permanent zones,
 * "%%", the default zone, then "%%"-separated `--info-service` texts of
 * the services the zones name, judged for four packets. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fw-queries.h"

const char fuzz_name[] = "firewalld";

#define MAX_PARTS 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *parts[MAX_PARTS], **names = NULL;
	const char *services[2 * MAX_PARTS + 1];
	size_t n = fuzz_split(data, size, parts, MAX_PARTS), i, k, ns = 0,
	    nn;
	struct fwd_zones *rz, *pz;

	nn = fw_firewalld_services(parts[0], &names);
	for (i = 3; i < n && ns < nn; i++, ns++) {
		services[2 * ns] = names[ns];
		services[2 * ns + 1] = parts[i];
	}
	services[2 * ns] = NULL;
	/* The zones are read once and judged for the four packets
	 * (fw_firewalld_eval() per packet read both texts four times). */
	rz = fw_firewalld_parse(parts[0]);
	pz = n > 1 ? fw_firewalld_parse(parts[1]) : NULL;
	for (k = 0; k < N_FW_QUERIES; k++) {
		fw_result r;

		fw_firewalld_eval_parsed(rz, pz, n > 2 ? parts[2] : NULL,
		    services, &fw_queries[k], &r);
		fw_result_clear(&r);
	}
	fw_firewalld_free(rz);
	fw_firewalld_free(pz);
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	for (i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
