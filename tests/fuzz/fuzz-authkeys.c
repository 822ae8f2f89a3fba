/* Fuzz target: an authorized_keys file read as sshd reads it (options with
 * quoted strings, key type, base64 blob), the key it may hold read as a
 * client key, and the pattern matchers (from=, algorithm lists) on a
 * second part after a line "%%". */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "probes/authkeys.h"

const char fuzz_name[] = "authkeys";

static void
check_fp(const char *fp)
{
	if (fp == NULL || strncmp(fp, "SHA256:", 7) != 0 ||
	    strlen(fp) != 7 + 43)
		fuzz_fail("a fingerprint that is not SHA256:<43 characters>");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *parts[2] = { NULL, NULL }, buf[256];
	size_t np = fuzz_split(data, size, parts, 2), i, k;
	ak_file f;
	ak_key key;

	ak_parse((const char *)data, size, &f);
	if (f.lines > AK_LINES_MAX || f.n > f.lines)
		fuzz_fail("more entries or lines than read");
	for (i = 0; i < f.n; i++) {
		const ak_entry *e = &f.v[i];

		if (e->line == 0 || e->line > f.lines ||
		    (i > 0 && e->line <= f.v[i - 1].line))
			fuzz_fail("an entry out of line order");
		if (e->type == NULL && e->error == NULL)
			fuzz_fail("a usable entry without a type");
		if (e->error == NULL) {
			if (e->blob == NULL || e->blob_len == 0 ||
			    e->blob_len > AK_BLOB_MAX)
				fuzz_fail("a usable entry without a key");
			check_fp(e->fp);
			if (e->opts.from != NULL)
				(void)ak_from_match("198.51.100.1",
				    "198.51.100.1", e->opts.from);
		}
		if (ak_entry_is_key(e, &(ak_key){ 0 }))
			fuzz_fail("an entry matches an empty key");
	}
	/* The first part's first line as a client key. */
	if (np > 0) {
		parts[0][strcspn(parts[0], "\n")] = '\0';
		if (ak_key_parse(parts[0], &key) == 0) {
			check_fp(key.fp);
			if (key.label == NULL)
				fuzz_fail("a key without a label");
			for (k = 0; k < f.n; k++)
				(void)ak_entry_is_key(&f.v[k], &key);
			if (key.type != NULL) {
				(void)ak_client_alg(key.type, parts[np - 1],
				    buf, sizeof(buf));
				(void)ak_algs_for_type(key.type, parts[np - 1],
				    buf, sizeof(buf));
			}
			ak_key_clear(&key);
		}
	}
	/* The last part as a pattern list. */
	if (np > 1) {
		int r = ak_match_list("ssh-ed25519", parts[1]);

		if (r < -1 || r > 1)
			fuzz_fail("match_list out of range");
		r = ak_from_match("client.example", "2001:db8::1", parts[1]);
		if (r < -1 || r > 1)
			fuzz_fail("from= out of range");
		(void)ak_keygen_type(parts[1]);
	}
	ak_file_clear(&f);
	for (i = 0; i < np; i++)
		free(parts[i]);
	return 0;
}
