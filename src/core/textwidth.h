/* Text measured in terminal columns: the display width of UTF-8 text, line
 * wrapping that never splits a wide character and keeps Japanese closing
 * punctuation (。、」）...) off the start of a line, truncation with an
 * ellipsis, and padding or centring by columns.  No terminal is needed: the
 * screen front end and reports both use these.
 *
 * Widths follow wcwidth() where the locale's character type is UTF-8 (so
 * they agree with what ncursesw draws) and a built-in East Asian Width table
 * otherwise.  Invalid UTF-8 bytes count as one column each (they are drawn as
 * a replacement), control characters as zero. */
#ifndef SW_TEXTWIDTH_H
#define SW_TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the UTF-8 character at s, reading at most n (>= 1) bytes.  Sets
 * *cp to the code point, or to U+FFFD for a byte that starts no valid
 * sequence.  Returns the bytes consumed: 1..4, and 1 for an invalid byte. */
size_t tw_decode(const char *s, size_t n, uint32_t *cp);

/* Columns one code point takes: 0 (control, combining, zero-width), 1 or 2
 * (East Asian Wide and Fullwidth). */
int tw_char_width(uint32_t cp);

/* Columns the first n bytes of s take. */
int tw_width_n(const char *s, size_t n);
/* Columns the NUL-terminated s takes; 0 for NULL. */
int tw_width(const char *s);

/* How many bytes of s (at most n) fit in cols columns without splitting a
 * character, a wide one included: a wide character that would straddle the
 * edge is left out.  Zero-width characters following the last fitting one
 * are kept with it.  Sets *used (may be NULL) to the columns they take. */
size_t tw_fit(const char *s, size_t n, int cols, int *used);

/* 1 if cp must not start a line (。、，．」』）〕】〉》・ー々ぁぃ..ゃゅょっ !?,.:;)]}
 * and the like). */
int tw_no_line_start(uint32_t cp);
/* 1 if cp must not end a line (「『（〔【〈《 ([{ and the like). */
int tw_no_line_end(uint32_t cp);

/* One wrapped line: bytes [off, off + len) of the text, taking width
 * columns.  Trailing spaces at a soft break are not included. */
typedef struct tw_line {
	size_t off;
	size_t len;
	int width;
} tw_line;

/* Wraps s into lines of at most width (>= 1; less is taken as 1) columns.
 * A newline always breaks; otherwise lines break after spaces and between
 * wide characters, never before a tw_no_line_start() character nor after a
 * tw_no_line_end() one; a word longer than the width is cut at a character
 * boundary.  Spaces at the start of a wrapped (not a hard-broken) line are
 * skipped; a final newline adds no empty line.  Returns the number of lines
 * (at least 1, an empty line for an empty s) and sets *out to them (caller
 * frees). */
size_t tw_wrap(const char *s, int width, tw_line **out);

/* s cut to at most cols columns, ending in ellipsis (e.g. "…", or NULL for
 * none) when it was cut; the ellipsis counts in the width and is itself cut
 * when cols is smaller.  Caller frees. */
char *tw_truncate(const char *s, int cols, const char *ellipsis);
/* s truncated as above and padded with spaces to exactly cols columns.
 * Caller frees. */
char *tw_pad(const char *s, int cols, const char *ellipsis);
/* s truncated as above and centred in exactly cols columns (the odd column
 * goes to the right).  Caller frees. */
char *tw_center(const char *s, int cols, const char *ellipsis);

#endif
