/* Fuzz target: text measured in columns.  Properties: every wrapped line
 * lies inside the text, in order, takes the width it says (as tw_width
 * counts it) and no more than asked unless one character is wider;
 * truncation, padding and centring give at most (padding: exactly) the
 * columns asked. */
#include "config.h"

#include "fuzz.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/textwidth.h"

const char fuzz_name[] = "textwidth";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	int width = size > 0 ? data[0] % 40 : 10, w;
	char *s, *t;
	tw_line *v = NULL;
	size_t n, i, prev_end = 0;

	if (!init) {
		setlocale(LC_CTYPE, "C.UTF-8");
		init = 1;
	}
	s = fuzz_cstr(size > 0 ? data + 1 : data, size > 0 ? size - 1 : 0);
	n = tw_wrap(s, width, &v);
	if (n == 0)
		fuzz_fail("no line");
	for (i = 0; i < n; i++) {
		if (v[i].off < prev_end || v[i].off + v[i].len > strlen(s))
			fuzz_fail("line %zu outside the text or out of order",
			    i);
		prev_end = v[i].off + v[i].len;
		w = tw_width_n(s + v[i].off, v[i].len);
		if (w != v[i].width)
			fuzz_fail("line %zu: width %d, tw_width %d", i,
			    v[i].width, w);
		if (w > (width < 1 ? 1 : width) && w > 2) {
			/* Only a single character wider than the line may
			 * overflow it. */
			uint32_t cp;
			size_t k = tw_decode(s + v[i].off, v[i].len, &cp);

			if (k < v[i].len && tw_width_n(s + v[i].off + k,
			    v[i].len - k) > 0)
				fuzz_fail("line %zu: %d columns for %d", i, w,
				    width);
		}
	}
	free(v);
	t = tw_truncate(s, width, "…");
	if (tw_width(t) > width)
		fuzz_fail("truncated to %d columns for %d", tw_width(t), width);
	free(t);
	t = tw_pad(s, width, "…");
	if (tw_width(t) != width)
		fuzz_fail("padded to %d columns for %d", tw_width(t), width);
	free(t);
	t = tw_center(s, width, NULL);
	if (tw_width(t) != width)
		fuzz_fail("centred in %d columns for %d", tw_width(t), width);
	free(t);
	free(s);
	return 0;
}
