/* Evidence: an ordered list of key/value strings a probe records about what
 * it sent, what came back and how long it took.  Keys are stable ASCII
 * identifiers (the same in every language); values are plain text, already
 * escaped for display where they came from the network. */
#ifndef SW_EVIDENCE_H
#define SW_EVIDENCE_H

#include <stddef.h>

typedef struct sw_kv {
	char *key;
	char *value;
} sw_kv;

typedef struct sw_evidence {
	sw_kv *v;
	size_t n;
} sw_evidence;

/* Appends key=value (printf format).  A key may repeat. */
void evidence_add(sw_evidence *e, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Replaces the first value of key, or appends it. */
void evidence_set(sw_evidence *e, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The first value of key, or NULL.  Owned by e. */
const char *evidence_get(const sw_evidence *e, const char *key);
/* Frees every entry; e may be reused. */
void evidence_free(sw_evidence *e);

#endif
