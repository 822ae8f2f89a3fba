/* Helpers the fuzz targets share (both builds). */
#include "config.h"

#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);

	return xstrndup((const char *)data, nul != NULL ?
	    (size_t)(nul - data) : size);
}

size_t
fuzz_split(const uint8_t *data, size_t size, char **parts, size_t max)
{
	const char *p = (const char *)data, *end = p + size;
	size_t n = 0;

	while (n < max) {
		const char *sep = NULL, *q = p;

		/* the next "%%" line: at the start or after a '\n' */
		while (q + 2 <= end) {
			if ((q == (const char *)data || q[-1] == '\n') &&
			    q[0] == '%' && q[1] == '%' &&
			    (q + 2 == end || q[2] == '\n')) {
				sep = q;
				break;
			}
			q++;
		}
		if (sep == NULL || n + 1 == max) {
			parts[n++] = fuzz_cstr((const uint8_t *)p,
			    (size_t)(end - p));
			break;
		}
		parts[n++] = fuzz_cstr((const uint8_t *)p, (size_t)(sep - p));
		p = sep + 2 < end ? sep + 3 : end;
	}
	return n;
}

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz-%s: property broken: ", fuzz_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
