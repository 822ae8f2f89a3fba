/* Fuzz target: the host layer's framed reads of remote files (the output of
 * `sed -s -n '1F;l 0' -- PATHS`, host_parse_sed_l()).  Two ways:
 *   - the input as sed's output: any bytes, no crash, each text within max;
 *   - the input as the contents of two files (the first two bytes give the
 *     first file's length), encoded as GNU sed does and parsed back.
 *     Property: each file comes back as it was (less a final newline, which
 *     `l` does not show): no content can pass for another file's name. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "host/host.h"

const char fuzz_name[] = "hostread";

#define MAX_TEXT 65536

static const char *const paths[] = { "/etc/ssh/sshd_config",
	"/etc/ssh/sshd_config.d/a.conf", "/etc/never/printed" };
#define N_PATHS (sizeof(paths) / sizeof(paths[0]))

/* What `sed -s -n '1F;l 0'` prints for one file (C locale). */
static void
sed_l(sbuf *out, const char *path, const uint8_t *p, size_t n)
{
	static const char from[] = "\\\a\b\f\r\t\v", to[] = "\\abfrtv";
	size_t i;
	int at_start = 1;

	if (n == 0)
		return;		/* no line 1: no name either */
	sbuf_addf(out, "%s\n", path);
	for (i = 0; i < n; i++) {
		const char *k;

		at_start = 0;
		if (p[i] == '\n') {
			sbuf_add(out, "$\n");
			at_start = 1;
		} else if (p[i] != '\0' && (k = memchr(from, p[i],
		    sizeof(from) - 1)) != NULL)
			sbuf_addf(out, "\\%c", to[k - from]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			sbuf_addc(out, (char)p[i]);
		else
			sbuf_addf(out, "\\%03o", p[i]);
	}
	if (!at_start)
		sbuf_add(out, "$\n");
}

static void
check_file(char *text, size_t len, const uint8_t *want, size_t n, size_t k)
{
	if (n > 0 && want[n - 1] == '\n')
		n--;		/* `l` does not show a final newline */
	if (n == 0 && text == NULL)
		return;
	if (text == NULL)
		fuzz_fail("file %zu came back as nothing", k);
	if (len != n || memcmp(text, want, n) != 0)
		fuzz_fail("file %zu: %zu bytes back for %zu", k, len, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *texts[N_PATHS];
	size_t lens[N_PATHS], i, cut;
	sbuf out = { 0 };

	/* Any bytes as sed's output. */
	memset(texts, 0, sizeof(texts));
	memset(lens, 0, sizeof(lens));
	host_parse_sed_l((const char *)data, size, paths, N_PATHS, 64, texts,
	    lens);
	for (i = 0; i < N_PATHS; i++) {
		if (texts[i] != NULL && (lens[i] > 64 || texts[i][lens[i]]))
			fuzz_fail("text %zu: %zu bytes for 64", i, lens[i]);
		free(texts[i]);
	}

	/* Two files, encoded and read back. */
	if (size < 2 || size > MAX_TEXT)
		return 0;
	cut = ((size_t)data[0] << 8 | data[1]) % (size - 1);
	data += 2;
	size -= 2;
	sed_l(&out, paths[0], data, cut);
	sed_l(&out, paths[1], data + cut, size - cut);
	memset(texts, 0, sizeof(texts));
	memset(lens, 0, sizeof(lens));
	host_parse_sed_l(out.s != NULL ? out.s : "", out.len, paths, N_PATHS,
	    MAX_TEXT, texts, lens);
	check_file(texts[0], lens[0], data, cut, 0);
	check_file(texts[1], lens[1], data + cut, size - cut, 1);
	if (texts[2] != NULL)
		fuzz_fail("a file never printed came back");
	for (i = 0; i < N_PATHS; i++)
		free(texts[i]);
	sbuf_free(&out);
	return 0;
}
