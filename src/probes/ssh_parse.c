/* Parsers and small codecs for what SSH servers, agents and known_hosts files
 * hand us: the identification string, the KEXINIT packet, agent identity
 * lists, name-lists, base64; digests and HMAC-SHA1 (for hashed known_hosts
 * entries) through libcrypto.  Pure functions with fixed caps on everything read from outside;
 * the unit tests and fuzz targets call them directly. */
#include "config.h"

#include "core/util.h"
#include "probes/ssh.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctype.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- lists */

/* Calls fn for each element of a comma-separated list; stops when it
 * returns non-zero and returns that. */
static int
list_each(const char *list, int (*fn)(const char *s, size_t n, void *arg),
    void *arg)
{
	const char *p = list;
	int r;

	if (list == NULL)
		return 0;
	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		if (n > 0 && (r = fn(p, n, arg)) != 0)
			return r;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

typedef struct {
	const char *name;
	size_t n;
} needle;

static int
list_eq(const char *s, size_t n, void *arg)
{
	needle *nd = arg;

	return n == nd->n && memcmp(s, nd->name, n) == 0;
}

static int
list_has_n(const char *list, const char *name, size_t n)
{
	needle nd = { name, n };

	return list_each(list, list_eq, &nd);
}

int
sshp_list_has(const char *list, const char *name)
{
	return name != NULL && list_has_n(list, name, strlen(name));
}

typedef struct {
	const char *other;
	int keep_common;
	sbuf out;
} filter;

static int
list_filter(const char *s, size_t n, void *arg)
{
	filter *f = arg;

	if (list_has_n(f->other, s, n) == f->keep_common) {
		if (f->out.len > 0)
			sbuf_addc(&f->out, ',');
		sbuf_addn(&f->out, s, n);
	}
	return 0;
}

char *
sshp_list_common(const char *a, const char *b)
{
	filter f = { b, 1, { 0 } };

	list_each(a, list_filter, &f);
	return f.out.s != NULL ? sbuf_steal(&f.out) : xstrdup("");
}

char *
sshp_list_minus(const char *a, const char *b)
{
	filter f = { b, 0, { 0 } };

	list_each(a, list_filter, &f);
	return f.out.s != NULL ? sbuf_steal(&f.out) : xstrdup("");
}

/* -------------------------------------------------- identification string */

void
sshp_banner_init(sshp_banner *b)
{
	memset(b, 0, sizeof(*b));
	b->state = SSHP_BANNER_MORE;
}

static sshp_banner_state
banner_not_ssh(sshp_banner *b, const char *why, const char *guess)
{
	b->why = why;
	b->guess = guess;
	return b->state = SSHP_BANNER_NOT_SSH;
}

/* What a first line or first bytes say about the protocol, or NULL. */
static const char *
banner_guess(const unsigned char *p, size_t n)
{
	static const struct {
		const char *prefix;
		const char *name;
	} sigs[] = {
		{ "HTTP/", "HTTP" },
		{ "<!DOCTYPE", "HTTP" },
		{ "<html", "HTTP" },
		{ "<HTML", "HTTP" },
		{ "220 ", "SMTP or FTP" },
		{ "220-", "SMTP or FTP" },
		{ "+OK", "POP3" },
		{ "* OK", "IMAP" },
		{ "RFB ", "VNC" },
		{ "-ERR", "Redis" },
	};
	size_t i;

	if (n >= 2 && (p[0] == 0x15 || p[0] == 0x16) && p[1] == 0x03)
		return "TLS";
	if (n >= 2 && p[0] == 0xff && p[1] >= 0xfb)
		return "Telnet";
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		size_t l = strlen(sigs[i].prefix);

		if (n >= l && memcmp(p, sigs[i].prefix, l) == 0)
			return sigs[i].name;
	}
	return NULL;
}

/* Copies at most cap-1 bytes of s[0..n) into dst, NUL-terminated. */
static void
copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The line in b->line (without CR LF) is complete. */
static sshp_banner_state
banner_line(sshp_banner *b)
{
	const char *l = b->line, *dash, *sp;
	size_t n = b->len;
	const char *g;

	if (n > 0 && l[n - 1] == '\r')
		n--;
	b->line[n] = '\0';
	if (n >= 4 && memcmp(l, "SSH-", 4) == 0) {
		copy_field(b->ident, sizeof(b->ident), l, n);
		dash = strchr(l + 4, '-');
		if (dash == NULL || dash == l + 4 || dash[1] == '\0' ||
		    dash[1] == ' ')
			return banner_not_ssh(b, "malformed identification "
			    "string", NULL);
		copy_field(b->proto, sizeof(b->proto), l + 4,
		    (size_t)(dash - (l + 4)));
		sp = strchr(dash + 1, ' ');
		copy_field(b->software, sizeof(b->software), dash + 1,
		    sp ? (size_t)(sp - dash - 1) : strlen(dash + 1));
		if (sp != NULL)
			copy_field(b->comments, sizeof(b->comments), sp + 1,
			    strlen(sp + 1));
		if (strcmp(b->proto, "2.0") == 0 || strcmp(b->proto, "1.99") == 0)
			return b->state = SSHP_BANNER_SSH;
		if (b->proto[0] == '1' && b->proto[1] == '.')
			return b->state = SSHP_BANNER_SSH1;
		return banner_not_ssh(b, "unknown SSH protocol version", NULL);
	}
	if (b->n_pre == 0 && (g = banner_guess((const unsigned char *)l, n)))
		return banner_not_ssh(b, "the first line belongs to another "
		    "protocol", g);
	if (b->n_pre < sizeof(b->pre) / sizeof(b->pre[0]))
		copy_field(b->pre[b->n_pre], sizeof(b->pre[0]), l, n);
	b->n_pre++;
	b->len = 0;
	if (b->n_pre > SSHP_PRE_LINES_MAX)
		return banner_not_ssh(b, "too many lines before the "
		    "identification string", NULL);
	return b->state;
}

sshp_banner_state
sshp_banner_feed(sshp_banner *b, const unsigned char *p, size_t n,
    size_t *used)
{
	size_t i;

	for (i = 0; i < n && b->state == SSHP_BANNER_MORE; i++) {
		unsigned char c = p[i];
		int ssh_line;

		if (b->n_first < sizeof(b->first))
			b->first[b->n_first++] = c;
		b->total++;
		if (c == '\n') {
			banner_line(b);
			continue;
		}
		if (c == 0 || c == 0x7f || (c < 0x20 && c != '\r' && c != '\t')) {
			size_t j;

			/* Keep what follows for display and for the guess. */
			for (j = i + 1; j < n && b->n_first < sizeof(b->first);
			    j++)
				b->first[b->n_first++] = p[j];
			banner_not_ssh(b, "binary data where text was expected",
			    banner_guess(b->first, b->n_first));
			continue;
		}
		ssh_line = b->len >= 4 && memcmp(b->line, "SSH-", 4) == 0;
		if (b->len >= (ssh_line ? SSHP_ID_MAX : SSHP_LINE_MAX)) {
			banner_not_ssh(b, ssh_line ? "identification string "
			    "too long" : "a line longer than 255 bytes",
			    banner_guess(b->first, b->n_first));
			continue;
		}
		b->line[b->len++] = (char)c;
		if (b->total > SSHP_PRE_BYTES_MAX)
			banner_not_ssh(b, "too much data before the "
			    "identification string", NULL);
	}
	*used = i;
	return b->state;
}

/* ---------------------------------------------------------------- KEXINIT */

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Reads a name-list at *pp (before end) into a new string, with any byte
 * outside the algorithm-name alphabet replaced by '?'.  Returns NULL when
 * malformed or longer than SSHP_NAMELIST_MAX. */
static char *
get_namelist(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	uint32_t n;
	char *s;
	size_t i;

	if (end - p < 4)
		return NULL;
	n = get_u32(p);
	p += 4;
	if (n > SSHP_NAMELIST_MAX || (size_t)(end - p) < n)
		return NULL;
	s = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		s[i] = (char)(isalnum(c) || (c != '\0' &&
		    strchr("@.,_+-=", c) != NULL) ? c : '?');
	}
	s[n] = '\0';
	*pp = p + n;
	return s;
}

void
sshp_kexinit_free(sshp_kexinit *k)
{
	if (k == NULL)
		return;
	free(k->kex);
	free(k->hostkeys);
	free(k->ciphers_c2s);
	free(k->ciphers_s2c);
	free(k->macs_c2s);
	free(k->macs_s2c);
	free(k->comp_c2s);
	free(k->comp_s2c);
	memset(k, 0, sizeof(*k));
}

int
sshp_kexinit_parse(const unsigned char *buf, size_t len, sshp_kexinit *k)
{
	const unsigned char *p, *end;
	char **fields[8];
	char *lang = NULL;
	uint32_t plen;
	size_t i;

	memset(k, 0, sizeof(*k));
	if (len < 5)
		return -1;
	plen = get_u32(buf);
	if (plen < 2 || plen > SSHP_PACKET_MAX || len - 4 < plen ||
	    buf[4] >= plen - 1)
		return -1;
	p = buf + 5;
	end = buf + 4 + plen - buf[4];	/* the padding is not payload */
	if (end - p < 17 || p[0] != 20)	/* SSH_MSG_KEXINIT, cookie */
		return -1;
	p += 17;
	fields[0] = &k->kex;
	fields[1] = &k->hostkeys;
	fields[2] = &k->ciphers_c2s;
	fields[3] = &k->ciphers_s2c;
	fields[4] = &k->macs_c2s;
	fields[5] = &k->macs_s2c;
	fields[6] = &k->comp_c2s;
	fields[7] = &k->comp_s2c;
	for (i = 0; i < 8; i++)
		if ((*fields[i] = get_namelist(&p, end)) == NULL)
			goto bad;
	for (i = 0; i < 2; i++) {	/* languages, unused */
		if ((lang = get_namelist(&p, end)) == NULL)
			goto bad;
		free(lang);
	}
	if (end - p < 5)		/* first_kex_packet_follows, reserved */
		goto bad;
	return 0;
bad:
	sshp_kexinit_free(k);
	return -1;
}

/* ------------------------------------------------------------------ agent */

void
sshp_agent_keys_free(sshp_agent_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n; i++) {
		free(k->v[i].type);
		free(k->v[i].b64);
		free(k->v[i].comment);
	}
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

/* Reads an SSH string at *pp; sets *s and *n.  Returns 0 or -1. */
static int
get_string(const unsigned char **pp, const unsigned char *end,
    const unsigned char **s, uint32_t *n)
{
	const unsigned char *p = *pp;

	if (end - p < 4)
		return -1;
	*n = get_u32(p);
	p += 4;
	if ((size_t)(end - p) < *n)
		return -1;
	*s = p;
	*pp = p + *n;
	return 0;
}

int
sshp_agent_parse(const unsigned char *p, size_t n, sshp_agent_keys *k)
{
	const unsigned char *end = p + n, *blob, *comment, *tp, *bp;
	uint32_t nkeys, bl, cl, tl, i;

	memset(k, 0, sizeof(*k));
	if (n < 5 || p[0] != 12)	/* SSH2_AGENT_IDENTITIES_ANSWER */
		return -1;
	nkeys = get_u32(p + 1);
	p += 5;
	if (nkeys > SSHP_AGENT_KEYS_MAX)
		return -1;
	k->v = nkeys > 0 ? xcalloc(nkeys, sizeof(*k->v)) : NULL;
	for (i = 0; i < nkeys; i++) {
		if (get_string(&p, end, &blob, &bl) != 0 || bl > 16384 ||
		    get_string(&p, end, &comment, &cl) != 0)
			goto bad;
		bp = blob;
		if (get_string(&bp, blob + bl, &tp, &tl) != 0 || tl == 0 ||
		    tl > 64)
			goto bad;
		k->v[i].type = sw_escape_bytes(tp, tl, 64);
		k->v[i].b64 = sshp_b64_encode(blob, bl);
		k->v[i].comment = sw_escape_bytes(comment, cl, 256);
		k->n = i + 1;
	}
	return 0;
bad:
	sshp_agent_keys_free(k);
	return -1;
}

/* ----------------------------------------------------------------- base64 */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
sshp_b64_encode(const unsigned char *p, size_t n)
{
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 |
		    p[i + 2];

		*o++ = b64chars[v >> 18 & 63];
		*o++ = b64chars[v >> 12 & 63];
		*o++ = b64chars[v >> 6 & 63];
		*o++ = b64chars[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 |
		    (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		*o++ = b64chars[v >> 18 & 63];
		*o++ = b64chars[v >> 12 & 63];
		*o++ = i + 1 < n ? b64chars[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

long
sshp_b64_decode(const char *s, unsigned char *out, size_t cap)
{
	uint32_t v = 0;
	size_t n = 0, bits = 0;
	const char *c;

	for (; *s != '\0' && *s != '='; s++) {
		if ((c = strchr(b64chars, *s)) == NULL)
			return -1;
		v = v << 6 | (uint32_t)(c - b64chars);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap)
				return -1;
			out[n++] = (unsigned char)(v >> bits);
			v &= (1u << bits) - 1;
		}
	}
	while (*s == '=')
		s++;
	if (*s != '\0' || bits >= 6)
		return -1;
	return (long)n;
}

/* ---------------------------------------------------- digests and HMAC */

/* OpenSSL's libcrypto does the hashing; a failure there (out of memory)
 * leaves a zero digest, which matches nothing. */

void
sshp_sha1(const void *p, size_t n, unsigned char out[20])
{
	if (EVP_Digest(p, n, out, NULL, EVP_sha1(), NULL) != 1)
		memset(out, 0, 20);
}

void
sshp_sha256(const void *p, size_t n, unsigned char out[32])
{
	if (EVP_Digest(p, n, out, NULL, EVP_sha256(), NULL) != 1)
		memset(out, 0, 32);
}

void
sshp_hmac_sha1(const unsigned char *key, size_t klen, const void *msg,
    size_t mlen, unsigned char out[20])
{
	/* Keys here are known_hosts salts (20 bytes); longer is refused. */
	if (klen > 1024 || HMAC(EVP_sha1(), key, (int)klen, msg, mlen, out,
	    NULL) == NULL)
		memset(out, 0, 20);
}

/* ---------------------------------------------------- known_hosts names */

char *
sshp_kh_lookup_name(const char *host, int port)
{
	if (port == 22 || port <= 0)
		return xstrdup(host);
	return xasprintf("[%s]:%d", host, port);
}

int
sshp_glob(const char *s, size_t slen, const char *pat, size_t plen,
    int nocase)
{
	size_t si = 0, pi = 0, star = (size_t)-1, mark = 0;

	/* Greedy with one backtrack point: O(slen * plen) at worst, where a
	 * recursive matcher is exponential in the stars. */
	while (si < slen) {
		if (pi < plen && pat[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (pi < plen && (pat[pi] == '?' || pat[pi] == s[si] ||
		    (nocase && tolower((unsigned char)pat[pi]) ==
		    tolower((unsigned char)s[si])))) {
			si++;
			pi++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else
			return 0;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/* Wildcard match of s against pat (* and ?), case-insensitive; pat has
 * plen bytes. */
static int
wild_match(const char *s, const char *pat, size_t plen)
{
	return sshp_glob(s, strlen(s), pat, plen, 1);
}

/* 1 if the hashed field "|1|salt|hash" is the HMAC of name. */
static int
hashed_match(const char *field, size_t flen, const char *name)
{
	unsigned char salt[64], hash[32], mac[20];
	char buf[256], *bar;
	long sl, hl;
	char *lname;
	size_t i;

	if (flen < 4 || flen >= sizeof(buf))
		return 0;
	memcpy(buf, field + 3, flen - 3);
	buf[flen - 3] = '\0';
	if ((bar = strchr(buf, '|')) == NULL)
		return 0;
	*bar = '\0';
	if ((sl = sshp_b64_decode(buf, salt, sizeof(salt))) != 20 ||
	    (hl = sshp_b64_decode(bar + 1, hash, sizeof(hash))) != 20)
		return 0;
	lname = xstrdup(name);
	for (i = 0; lname[i] != '\0'; i++)
		lname[i] = (char)tolower((unsigned char)lname[i]);
	sshp_hmac_sha1(salt, (size_t)sl, lname, strlen(lname), mac);
	free(lname);
	return memcmp(mac, hash, 20) == 0;
}

int
sshp_kh_host_matches(const char *field, const char *name)
{
	const char *p = field;
	int matched = 0;

	if (field == NULL || name == NULL)
		return 0;
	if (strncmp(field, "|1|", 3) == 0)
		return hashed_match(field, strlen(field), name);
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		int neg = n > 0 && p[0] == '!';

		if (n > (size_t)neg && wild_match(name, p + neg, n - neg)) {
			if (neg)
				return 0;
			matched = 1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return matched;
}

/* --------------------------------------------------- private key files */

/* The base64 body between the first line starting with "-----BEGIN" and
 * the next "-----END" in buf, without white space, decoded into out (at
 * most cap bytes, enough for the header fields read here: a longer body is
 * cut at a multiple of 4 characters).  Returns the decoded length or -1. */
static long
pem_body(const char *buf, size_t n, unsigned char *out, size_t cap)
{
	const char *p = buf, *end = buf + n, *nl;
	char text[4 * 64 + 1];
	size_t len = 0;

	/* skip the BEGIN line and RFC 1421 headers ("Key: value" lines) */
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return -1;
	p = nl + 1;
	while (p < end) {
		size_t ll;

		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (ll >= 5 && memcmp(p, "-----", 5) == 0)
			break;
		if (memchr(p, ':', ll) == NULL) {
			size_t i;

			for (i = 0; i < ll && len < sizeof(text) - 1; i++)
				if (!isspace((unsigned char)p[i]))
					text[len++] = p[i];
		}
		if (nl == NULL || len >= sizeof(text) - 1)
			break;
		p = nl + 1;
	}
	len -= len % 4;
	text[len] = '\0';
	if (len == 0)
		return -1;
	/* a cut body has no padding inside; decode what we kept */
	return sshp_b64_decode(text, out, cap);
}

sshp_keyfile_kind
sshp_keyfile_classify(const char *buf, size_t n, int *encrypted)
{
	static const char *const pubtypes[] = {
		"ssh-ed25519 ", "ssh-rsa ", "ssh-dss ", "ecdsa-sha2-nistp",
		"sk-ssh-ed25519@openssh.com ", "sk-ecdsa-sha2-nistp256@openssh.com ",
		"ssh-ed25519-cert-v01@openssh.com ", "ssh-rsa-cert-v01@openssh.com ",
		"ecdsa-sha2-nistp256-cert-v01@openssh.com ",
	};
	const char *p = buf, *end = buf + n;
	unsigned char bin[192];
	long blen;
	size_t i;

	*encrypted = 0;
	while (p < end && isspace((unsigned char)*p))
		p++;
	n = (size_t)(end - p);
	if (n == 0)
		return SSHP_KEYFILE_EMPTY;
	if (n >= 20 && memcmp(p, "PuTTY-User-Key-File-", 20) == 0) {
		const char *nl = memchr(p, '\n', n);
		const char *enc = nl ? memchr(nl, 'E', (size_t)(end - nl)) : NULL;

		/* "Encryption: none" on the second line */
		if (enc != NULL && (size_t)(end - enc) >= 16 &&
		    memcmp(enc, "Encryption: ", 12) == 0 &&
		    memcmp(enc + 12, "none", 4) != 0)
			*encrypted = 1;
		return SSHP_KEYFILE_PPK;
	}
	for (i = 0; i < sizeof(pubtypes) / sizeof(pubtypes[0]); i++) {
		size_t l = strlen(pubtypes[i]);

		if (n >= l && memcmp(p, pubtypes[i], l) == 0)
			return SSHP_KEYFILE_PUBLIC;
	}
	if (n >= 35 && memcmp(p, "-----BEGIN OPENSSH PRIVATE KEY-----", 35)
	    == 0) {
		/* "openssh-key-v1\0", then string ciphername */
		blen = pem_body(p, n, bin, sizeof(bin));
		if (blen < 19 || memcmp(bin, "openssh-key-v1", 15) != 0)
			return SSHP_KEYFILE_DAMAGED;
		{
			uint32_t cl = get_u32(bin + 15);

			if (cl == 0 || cl > 64 || (long)(19 + cl) > blen)
				return SSHP_KEYFILE_DAMAGED;
			if (!(cl == 4 && memcmp(bin + 19, "none", 4) == 0))
				*encrypted = 1;
		}
		return SSHP_KEYFILE_OPENSSH;
	}
	if (n >= 11 && memcmp(p, "-----BEGIN ", 11) == 0) {
		const char *nl = memchr(p, '\n', n);
		size_t fl = nl ? (size_t)(nl - p) : n;
		char first[96];

		if (fl >= sizeof(first))
			fl = sizeof(first) - 1;
		memcpy(first, p, fl);
		first[fl] = '\0';
		if (strstr(first, "PRIVATE KEY-----") == NULL)
			return SSHP_KEYFILE_OTHER;
		if (strstr(first, "ENCRYPTED PRIVATE KEY") != NULL)
			*encrypted = 1;
		else {
			/* "Proc-Type: 4,ENCRYPTED" in the headers */
			const char *q = p;
			size_t k;

			for (k = 0; k < 4 && q < end; k++) {
				const char *e = memchr(q, '\n',
				    (size_t)(end - q));
				size_t ll = e ? (size_t)(e - q) :
				    (size_t)(end - q);

				if (ll >= 22 && memcmp(q, "Proc-Type: 4,ENCRYPTED",
				    22) == 0)
					*encrypted = 1;
				if (e == NULL)
					break;
				q = e + 1;
			}
		}
		return SSHP_KEYFILE_PEM;
	}
	return SSHP_KEYFILE_OTHER;
}

const char *
sshp_keyfile_kind_name(sshp_keyfile_kind k)
{
	switch (k) {
	case SSHP_KEYFILE_EMPTY:
		return "empty";
	case SSHP_KEYFILE_PPK:
		return "PuTTY .ppk";
	case SSHP_KEYFILE_PUBLIC:
		return "a public key";
	case SSHP_KEYFILE_OPENSSH:
		return "OpenSSH private key";
	case SSHP_KEYFILE_PEM:
		return "PEM private key";
	case SSHP_KEYFILE_DAMAGED:
		return "a damaged OpenSSH private key";
	case SSHP_KEYFILE_OTHER:
		break;
	}
	return "not a key ssh knows";
}

/* --------------------------------------------------------- certificates */

void
sshp_cert_free(sshp_cert *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->type);
	free(c->key_id);
	for (i = 0; i < c->n_principals; i++)
		free(c->principals[i]);
	free(c->principals);
	free(c->plain_b64);
	free(c->ca_b64);
	free(c->ca_type);
	memset(c, 0, sizeof(*c));
}

static uint64_t
get_u64(const unsigned char *p)
{
	return (uint64_t)get_u32(p) << 32 | get_u32(p + 4);
}

/* A printable copy of n bytes (control and non-ASCII bytes escaped). */
static char *
cert_text(const unsigned char *s, uint32_t n)
{
	return sw_escape_bytes(s, n, 256);
}

int
sshp_cert_parse(const unsigned char *blob, size_t len, sshp_cert *c)
{
	/* the public key fields that follow the nonce, per plain type */
	static const struct {
		const char *suffix;	/* cert type without -cert-v01@... */
		int fields;		/* SSH strings (mpints are strings) */
	} kinds[] = {
		{ "ssh-ed25519", 1 },
		{ "ssh-rsa", 2 },
		{ "ecdsa-sha2-nistp256", 2 },
		{ "ecdsa-sha2-nistp384", 2 },
		{ "ecdsa-sha2-nistp521", 2 },
		{ "ssh-dss", 4 },
		{ "sk-ssh-ed25519@openssh.com", 2 },
		{ "sk-ecdsa-sha2-nistp256@openssh.com", 3 },
	};
	const unsigned char *p = blob, *end = blob + len, *s, *kstart, *pl;
	const unsigned char *tend;
	uint32_t n, plen;
	unsigned char *plain = NULL;
	size_t i, k = 0, tlen, plainlen;
	int fields = -1;
	char *base = NULL;

	memset(c, 0, sizeof(*c));
	if (get_string(&p, end, &s, &n) != 0 || n == 0 || n > 128)
		goto bad;
	c->type = cert_text(s, n);
	tlen = strlen(c->type);
	if (tlen <= 21 || strcmp(c->type + tlen - 21,
	    "-cert-v01@openssh.com") != 0)
		goto bad;
	base = xstrndup(c->type, tlen - 21);
	if (strcmp(base, "sk-ssh-ed25519") == 0 ||
	    strcmp(base, "sk-ecdsa-sha2-nistp256") == 0) {
		char *b = xasprintf("%s@openssh.com", base);

		free(base);
		base = b;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(base, kinds[i].suffix) == 0)
			fields = kinds[i].fields;
	if (fields < 0)
		goto bad;
	if (get_string(&p, end, &s, &n) != 0)	/* nonce */
		goto bad;
	kstart = p;
	for (k = 0; k < (size_t)fields; k++)
		if (get_string(&p, end, &s, &n) != 0)
			goto bad;
	/* the plain key: string type, then the same fields */
	plainlen = 4 + strlen(base) + (size_t)(p - kstart);
	plain = xmalloc(plainlen);
	plain[0] = (unsigned char)(strlen(base) >> 24);
	plain[1] = (unsigned char)(strlen(base) >> 16);
	plain[2] = (unsigned char)(strlen(base) >> 8);
	plain[3] = (unsigned char)strlen(base);
	memcpy(plain + 4, base, strlen(base));
	memcpy(plain + 4 + strlen(base), kstart, (size_t)(p - kstart));
	c->plain_b64 = sshp_b64_encode(plain, plainlen);
	if (end - p < 12)
		goto bad;
	c->serial = get_u64(p);
	c->cert_type = get_u32(p + 8);
	p += 12;
	if (get_string(&p, end, &s, &n) != 0)
		goto bad;
	c->key_id = cert_text(s, n);
	if (get_string(&p, end, &s, &n) != 0)
		goto bad;
	pl = s;
	tend = s + n;
	while (pl < tend) {
		if (get_string(&pl, tend, &s, &plen) != 0 ||
		    c->n_principals >= SSHP_CERT_PRINCIPALS_MAX)
			goto bad;
		c->principals = xreallocarray(c->principals,
		    c->n_principals + 1, sizeof(char *));
		c->principals[c->n_principals++] = cert_text(s, plen);
	}
	if (end - p < 16)
		goto bad;
	c->valid_after = get_u64(p);
	c->valid_before = get_u64(p + 8);
	p += 16;
	/* critical options, extensions, reserved */
	for (k = 0; k < 3; k++)
		if (get_string(&p, end, &s, &n) != 0)
			goto bad;
	if (get_string(&p, end, &s, &n) != 0 || n < 4)	/* signature key */
		goto bad;
	c->ca_b64 = sshp_b64_encode(s, n);
	{
		const unsigned char *q = s;
		const unsigned char *tp;
		uint32_t tn;

		if (get_string(&q, s + n, &tp, &tn) != 0 || tn == 0 ||
		    tn > 128)
			goto bad;
		c->ca_type = cert_text(tp, tn);
	}
	if (get_string(&p, end, &s, &n) != 0)	/* signature */
		goto bad;
	free(plain);
	free(base);
	return 0;
bad:
	free(plain);
	free(base);
	sshp_cert_free(c);
	return -1;
}

int
sshp_cert_principal_ok(const sshp_cert *c, const char *name)
{
	size_t i;

	if (c->n_principals == 0)
		return 1;
	for (i = 0; i < c->n_principals; i++)
		if (strcmp(c->principals[i], name) == 0)
			return 1;
	return 0;
}

int
sshp_cert_time_ok(const sshp_cert *c, uint64_t now)
{
	if (now < c->valid_after)
		return -1;
	if (now >= c->valid_before)
		return 1;
	return 0;
}

char *
sshp_cert_time_text(uint64_t t)
{
	time_t tt;
	struct tm tm;
	char buf[64];

	if (t == 0)
		return xstrdup("always");
	if (t == UINT64_MAX)
		return xstrdup("forever");
	if (t > (uint64_t)INT64_MAX / 2)
		return xstrdup("far in the future");
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		return xstrdup("?");
	return xstrdup(buf);
}
