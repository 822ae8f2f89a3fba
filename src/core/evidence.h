/* Evidence: an ordered list of key/value strings a probe records about what
 * it sent, what came back and how long it took.  Keys are stable ASCII
 * identifiers (the same in every language); values are plain text, already
 * escaped for display where they came from the network. */
#ifndef SW_EVIDENCE_H
#define SW_EVIDENCE_H

#include <stddef.h>

/* Who said it: where a step's evidence came from. */
typedef enum sw_origin {
	SW_ORIGIN_LIVE,		/* checked live from this machine */
	SW_ORIGIN_SERVER,	/* read on the server (--server, --via) */
	SW_ORIGIN_USER,		/* answered by the user */
} sw_origin;

/* The stable name of an origin: "live", "server" or "user". */
const char *origin_name(sw_origin o);
/* The English msgid saying it ("checked live", "read on the server",
 * "your answer"); show it through _(). */
const char *origin_label(sw_origin o);

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
