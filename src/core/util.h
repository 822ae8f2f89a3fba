/* Small helpers shared by every module: allocation that never returns NULL,
 * a growable string buffer, monotonic and wall clocks, secrets. */
#ifndef SW_UTIL_H
#define SW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation wrappers: abort with a message on out-of-memory, never return
 * NULL (for size > 0).  xstrdup(NULL) returns NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formats into a new string.  Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable NUL-terminated byte buffer.  Zero-initialise, append, then take
 * the string with sbuf_steal() (caller frees) or release with sbuf_free(). */
typedef struct sbuf {
	char *s;
	size_t len;
	size_t cap;
} sbuf;
void sbuf_add(sbuf *b, const char *s);
void sbuf_addn(sbuf *b, const char *s, size_t n);
void sbuf_addc(sbuf *b, char c);
void sbuf_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sbuf_steal(sbuf *b);
void sbuf_free(sbuf *b);

/* Milliseconds on the monotonic clock. */
int64_t sw_now_ms(void);
/* Milliseconds since the epoch (wall clock). */
int64_t sw_wall_ms(void);
/* Formats epoch milliseconds as ISO 8601 UTC ("2026-11-21T06:30:00Z") into
 * buf of size n. */
void sw_iso8601(int64_t wall_ms, char *buf, size_t n);

/* Overwrites n bytes at p with zeroes in a way the compiler keeps. */
void sw_wipe(void *p, size_t n);

/* Escapes bytes for display: printable ASCII and valid UTF-8 stay, others
 * become \xHH, \r \n \t become \r \n \t.  At most max_in input bytes are
 * read.  Caller frees. */
char *sw_escape_bytes(const unsigned char *p, size_t n, size_t max_in);

/* 1 if s starts with prefix. */
int sw_starts_with(const char *s, const char *prefix);

/* Frees each string of the NULL-ended array v, then v.  NULL is fine. */
void sw_strv_free(char **v);

#endif
