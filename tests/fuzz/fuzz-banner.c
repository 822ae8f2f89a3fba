/* Fuzz target: what an SSH server sends first: the identification line
 * parser fed in chunks, then the bytes after it as a KEXINIT packet; also
 * the ssh-agent key list reply. */
#include "config.h"

#include "fuzz.h"

#include <string.h>

#include "probes/ssh.h"

const char fuzz_name[] = "banner";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sshp_banner b;
	sshp_banner_state st = SSHP_BANNER_MORE;
	sshp_kexinit k;
	sshp_agent_keys ak;
	size_t off = 0, chunk = size > 0 ? (size_t)data[0] % 17 + 1 : 1;

	sshp_banner_init(&b);
	while (off < size && st == SSHP_BANNER_MORE) {
		size_t n = size - off < chunk ? size - off : chunk, used = 0;

		st = sshp_banner_feed(&b, data + off, n, &used);
		if (used > n)
			fuzz_fail("banner used %zu of %zu bytes", used, n);
		if (st == SSHP_BANNER_MORE && used != n)
			fuzz_fail("banner wants more but left bytes");
		off += used;
	}
	if (strlen(b.line) > SSHP_ID_MAX || strlen(b.ident) > SSHP_ID_MAX)
		fuzz_fail("identification past its bound");
	if (st == SSHP_BANNER_NOT_SSH && b.why == NULL)
		fuzz_fail("not SSH without a reason");
	if (sshp_kexinit_parse(data + off, size - off, &k) == 0) {
		const char *lists[] = { k.kex, k.hostkeys, k.ciphers_c2s,
			k.ciphers_s2c, k.macs_c2s, k.macs_s2c };
		size_t i;

		for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
			if (lists[i] == NULL ||
			    strspn(lists[i], "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.,_+-=?") !=
			    strlen(lists[i]))
				fuzz_fail("a name-list passed odd bytes");
		sshp_kexinit_free(&k);
	}
	memset(&ak, 0, sizeof(ak));
	if (sshp_agent_parse(data, size, &ak) == 0)
		sshp_agent_keys_free(&ak);
	return 0;
}
