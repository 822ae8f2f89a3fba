/* Display width, wrapping, truncation and padding of UTF-8 text by terminal
 * columns. */
#include "config.h"

#include "core/textwidth.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t
tw_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0];
	size_t need, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		v = c & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (n < need)
		goto bad;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return need;
bad:
	*cp = 0xfffd;
	return 1;
}

typedef struct range {
	uint32_t lo, hi;
} range;

/* East Asian Wide (W) and Fullwidth (F) blocks, for locales where wcwidth()
 * does not know them. */
static const range wide_ranges[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff },
	{ 0x1f900, 0x1f9ff }, { 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd },
	{ 0x30000, 0x3fffd },
};

/* Combining marks and other characters that take no column. */
static const range zero_ranges[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0x302a, 0x302d },
	{ 0x3099, 0x309a }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f },
	{ 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

static int
in_ranges(uint32_t cp, const range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int
tw_char_width(uint32_t cp)
{
	int w;

	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (MB_CUR_MAX > 1 && (w = wcwidth((wchar_t)cp)) >= 0)
		return w > 2 ? 2 : w;
	if (cp == 0xfffd)
		return 1;
	if (in_ranges(cp, zero_ranges, NELEM(zero_ranges)))
		return 0;
	if (in_ranges(cp, wide_ranges, NELEM(wide_ranges)))
		return 2;
	return 1;
}

int
tw_width_n(const char *s, size_t n)
{
	size_t i = 0;
	int w = 0;

	while (i < n && s[i] != '\0') {
		uint32_t cp;

		i += tw_decode(s + i, n - i, &cp);
		w += tw_char_width(cp);
	}
	return w;
}

int
tw_width(const char *s)
{
	return s == NULL ? 0 : tw_width_n(s, strlen(s));
}

size_t
tw_fit(const char *s, size_t n, int cols, int *used)
{
	size_t i = 0;
	int w = 0;

	while (i < n && s[i] != '\0') {
		uint32_t cp;
		size_t k = tw_decode(s + i, n - i, &cp);
		int cw = tw_char_width(cp);

		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used != NULL)
		*used = w;
	return i;
}

/* Characters kept off the start of a line (JIS X 4051 gyoto kinsoku, plus
 * ASCII closing punctuation).  Sorted. */
static const uint32_t no_start[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x00bb, 0x2010, 0x2019, 0x201d, 0x2025, 0x2026, 0x203a, 0x203c,
	0x2047, 0x2048, 0x2049, 0x3001, 0x3002, 0x3005, 0x3009, 0x300b,
	0x300d, 0x300f, 0x3011, 0x3015, 0x3017, 0x3019, 0x301b, 0x301c,
	0x301f, 0x303b, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063,
	0x3083, 0x3085, 0x3087, 0x308e, 0x3095, 0x3096, 0x309b, 0x309c,
	0x309d, 0x309e, 0x30a0, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9,
	0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee, 0x30f5, 0x30f6, 0x30fb,
	0x30fc, 0x30fd, 0x30fe, 0x31f0, 0x31f1, 0x31f2, 0x31f3, 0x31f4,
	0x31f5, 0x31f6, 0x31f7, 0x31f8, 0x31f9, 0x31fa, 0x31fb, 0x31fc,
	0x31fd, 0x31fe, 0x31ff, 0xff01, 0xff09, 0xff0c, 0xff0e, 0xff1a,
	0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff5e, 0xff60, 0xff61, 0xff63,
	0xff64, 0xff65, 0xff70,
};

/* Characters kept off the end of a line (gyomatsu kinsoku).  Sorted. */
static const uint32_t no_end[] = {
	'(', '[', '{', 0x00ab, 0x2018, 0x201c, 0x2039, 0x3008, 0x300a,
	0x300c, 0x300e, 0x3010, 0x3014, 0x3016, 0x3018, 0x301a, 0x301d,
	0xff08, 0xff3b, 0xff5b, 0xff5f, 0xff62,
};

static int
in_set(uint32_t cp, const uint32_t *set, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < set[mid])
			hi = mid;
		else if (cp > set[mid])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
tw_no_line_start(uint32_t cp)
{
	return in_set(cp, no_start, NELEM(no_start));
}

int
tw_no_line_end(uint32_t cp)
{
	return in_set(cp, no_end, NELEM(no_end));
}

/* 1 if a soft line break may fall between prev and cp. */
static int
can_break(uint32_t prev, uint32_t cp)
{
	if (cp == ' ')
		return 0;
	if (tw_no_line_start(cp) || tw_no_line_end(prev))
		return 0;
	if (prev == ' ')
		return 1;
	return tw_char_width(prev) == 2 || tw_char_width(cp) == 2;
}

static void
wrap_emit(tw_line **v, size_t *n, size_t *cap, size_t off, size_t len, int w)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[*n].off = off;
	(*v)[*n].len = len;
	(*v)[*n].width = w;
	(*n)++;
}

size_t
tw_wrap(const char *s, int width, tw_line **out)
{
	tw_line *v = NULL;
	size_t n = 0, cap = 0, len = s ? strlen(s) : 0, p = 0;

	if (width < 1)
		width = 1;
	for (;;) {
		size_t i = p, end_ns = p, brk = 0;
		int col = 0, col_ns = 0, brk_w = 0, have_brk = 0;
		uint32_t prev = 0;

		for (;;) {
			uint32_t cp;
			size_t k;
			int w;

			if (i >= len) {
				wrap_emit(&v, &n, &cap, p, end_ns - p, col_ns);
				*out = v;
				return n;
			}
			k = tw_decode(s + i, len - i, &cp);
			if (cp == '\n') {
				wrap_emit(&v, &n, &cap, p, end_ns - p, col_ns);
				p = i + 1;
				if (p >= len) {
					*out = v;
					return n;
				}
				break;
			}
			w = tw_char_width(cp);	/* as tw_width counts */
			if (i > p && can_break(prev, cp)) {
				have_brk = 1;
				brk = i;
				brk_w = col_ns;
			}
			/* Blanks alone (an indent) never overflow: when what
			 * follows them does not fit, they end an empty line. */
			if (cp != ' ' && cp != '\t' && col + w > width &&
			    i > p) {
				if (end_ns == p) {
					wrap_emit(&v, &n, &cap, p, 0, 0);
					p = i;
				} else if (have_brk) {
					/* brk lies past the last non-space
					 * before it only by spaces. */
					size_t e = brk;

					while (e > p && (s[e - 1] == ' ' ||
					    s[e - 1] == '\t'))
						e--;
					wrap_emit(&v, &n, &cap, p, e - p, brk_w);
					p = brk;
				} else {
					wrap_emit(&v, &n, &cap, p, end_ns - p,
					    col_ns);
					p = i;
				}
				while (p < len && (s[p] == ' ' || s[p] == '\t'))
					p++;
				break;
			}
			col += w;
			i += k;
			if (cp != ' ' && cp != '\t') {
				col_ns = col;
				end_ns = i;
			}
			prev = cp == '\t' ? ' ' : cp;
		}
	}
}

char *
tw_truncate(const char *s, int cols, const char *ellipsis)
{
	size_t n, k;
	int ew, used;
	sbuf b = { 0 };

	if (s == NULL)
		s = "";
	if (cols < 0)
		cols = 0;
	n = strlen(s);
	if (tw_width(s) <= cols)
		return xstrdup(s);
	if (ellipsis == NULL)
		ellipsis = "";
	ew = tw_width(ellipsis);
	if (ew > cols) {
		k = tw_fit(ellipsis, strlen(ellipsis), cols, NULL);
		return xstrndup(ellipsis, k);
	}
	k = tw_fit(s, n, cols - ew, &used);
	sbuf_addn(&b, s, k);
	sbuf_add(&b, ellipsis);
	if (b.s == NULL)
		sbuf_add(&b, "");
	return sbuf_steal(&b);
}

/* t (truncated already) with left spaces before and right after. */
static char *
pad_sides(char *t, int left, int right)
{
	sbuf b = { 0 };

	while (left-- > 0)
		sbuf_addc(&b, ' ');
	sbuf_add(&b, t);
	while (right-- > 0)
		sbuf_addc(&b, ' ');
	free(t);
	if (b.s == NULL)
		sbuf_add(&b, "");
	return sbuf_steal(&b);
}

char *
tw_pad(const char *s, int cols, const char *ellipsis)
{
	char *t = tw_truncate(s, cols, ellipsis);
	int gap = cols - tw_width(t);

	return pad_sides(t, 0, gap > 0 ? gap : 0);
}

char *
tw_center(const char *s, int cols, const char *ellipsis)
{
	char *t = tw_truncate(s, cols, ellipsis);
	int gap = cols - tw_width(t);

	if (gap < 0)
		gap = 0;
	return pad_sides(t, gap / 2, gap - gap / 2);
}
