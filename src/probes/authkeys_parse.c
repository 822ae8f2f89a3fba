/* authorized_keys lines, public keys, algorithm lists and from= patterns,
 * read as OpenSSH 9's sshd reads them.  Pure; see authkeys.h. */
#include "config.h"

#include "core/util.h"
#include "probes/authkeys.h"
#include "probes/ssh.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* sshd's own caps (auth-options.h). */
#define AK_ENV_MAX 1024
#define AK_PERMIT_MAX 4096

char *
ak_fingerprint(const unsigned char *blob, size_t len)
{
	unsigned char d[32];
	char *b64, *fp, *eq;

	sshp_sha256(blob, len, d);
	b64 = sshp_b64_encode(d, sizeof(d));
	if ((eq = strchr(b64, '=')) != NULL)
		*eq = '\0';
	fp = xasprintf("SHA256:%s", b64);
	free(b64);
	return fp;
}

/* ------------------------------------------------------------- patterns */

int
ak_glob(const char *s, size_t slen, const char *pat, size_t plen)
{
	return sshp_glob(s, slen, pat, plen, 0);
}

/* match_pattern_list(s, list, dolower). */
static int
match_list(const char *s, const char *list, int dolower)
{
	size_t len = strlen(list), slen = strlen(s), i = 0;
	int got = 0;
	char sub[1024];

	while (i < len) {
		int neg = 0;
		size_t n = 0;

		if (list[i] == '!') {
			neg = 1;
			i++;
		}
		for (; i < len && n < sizeof(sub) - 1 && list[i] != ','; i++)
			sub[n++] = dolower ?
			    (char)tolower((unsigned char)list[i]) : list[i];
		/* sshd: a subpattern this long fails the whole list */
		if (n >= sizeof(sub) - 1)
			return 0;
		if (i < len && list[i] == ',')
			i++;
		if (ak_glob(s, slen, sub, n)) {
			if (neg)
				return -1;
			got = 1;
		}
	}
	return got;
}

int
ak_match_list(const char *s, const char *list)
{
	return s != NULL && list != NULL ? match_list(s, list, 0) : 0;
}

/* ----------------------------------------------------------- algorithms */

#define CERT_SUFFIX "-cert-v01@openssh.com"

static const char *const rsa_algs[] = { "rsa-sha2-512", "rsa-sha2-256",
	"ssh-rsa" };
static const char *const rsa_cert_algs[] = {
	"rsa-sha2-512" CERT_SUFFIX, "rsa-sha2-256" CERT_SUFFIX,
	"ssh-rsa" CERT_SUFFIX };

/* The signature algorithms of a key type, in OpenSSH's default client
 * order.  Returns the count (at most 3), setting v. */
static size_t
sig_algs(const char *type, const char *const **v, const char **one)
{
	if (strcmp(type, "ssh-rsa") == 0) {
		*v = rsa_algs;
		return 3;
	}
	if (strcmp(type, "ssh-rsa" CERT_SUFFIX) == 0) {
		*v = rsa_cert_algs;
		return 3;
	}
	*one = type;
	*v = one;
	return 1;
}

const char *
ak_client_alg(const char *type, const char *client_list, char *buf,
    size_t bufsz)
{
	const char *const *v, *one = NULL, *p;
	size_t n = sig_algs(type, &v, &one), i;

	if (client_list == NULL)
		return v[0];
	/* The first entry of the client's list that names one of them
	 * (OpenSSH's key_sig_algorithm; match_list for plain keys). */
	for (p = client_list; *p != '\0';) {
		size_t wl = strcspn(p, ",");

		for (i = 0; i < n; i++)
			if (strlen(v[i]) == wl && strncmp(p, v[i], wl) == 0) {
				snprintf(buf, bufsz, "%s", v[i]);
				return buf;
			}
		p += wl;
		if (*p == ',')
			p++;
	}
	return NULL;
}

size_t
ak_algs_for_type(const char *type, const char *server_list, char *buf,
    size_t bufsz)
{
	const char *const *v, *one = NULL;
	size_t n = sig_algs(type, &v, &one), i, k = 0, used = 0;

	if (bufsz > 0)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (server_list == NULL || ak_match_list(v[i], server_list) != 1)
			continue;
		if (bufsz > used) {
			int w = snprintf(buf + used, bufsz - used, "%s%s",
			    k > 0 ? "," : "", v[i]);

			if (w > 0)
				used += (size_t)w;
		}
		k++;
	}
	return k;
}

const char *
ak_keygen_type(const char *server_list)
{
	static const struct {
		const char *alg, *keygen;
	} map[] = {
		{ "ssh-ed25519", "ed25519" },
		{ "ecdsa-sha2-nistp256", "ecdsa" },
		{ "ecdsa-sha2-nistp384", "ecdsa -b 384" },
		{ "ecdsa-sha2-nistp521", "ecdsa -b 521" },
		{ "rsa-sha2-512", "rsa" },
		{ "rsa-sha2-256", "rsa" },
	};
	const char *p;
	size_t i;

	if (server_list == NULL)
		return NULL;
	for (p = server_list; *p != '\0';) {
		size_t wl = strcspn(p, ",");

		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strlen(map[i].alg) == wl &&
			    strncmp(p, map[i].alg, wl) == 0)
				return map[i].keygen;
		p += wl;
		if (*p == ',')
			p++;
	}
	return NULL;
}

/* ---------------------------------------------------------------- from= */

/* addr_pton_cidr: 0 parsed (fam, bin, len set), -1 not an address, -2 a
 * mask sshd refuses (too long, or host bits set). */
static int
cidr_parse(const char *s, int *fam, unsigned char bin[16], int *len)
{
	char buf[128], *slash, *end;
	long l = -1;
	int max, i;

	if (strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		if (*slash == '\0' || !isdigit((unsigned char)*slash))
			return -1;
		l = strtol(slash, &end, 10);
		if (*end != '\0' || l > 128)
			return -1;
	}
	if (inet_pton(AF_INET, buf, bin) == 1)
		*fam = AF_INET;
	else if (inet_pton(AF_INET6, buf, bin) == 1)
		*fam = AF_INET6;
	else
		return -1;
	max = *fam == AF_INET ? 32 : 128;
	if (l < 0)
		l = max;
	if (l > max)
		return -2;
	*len = (int)l;
	/* the host part must be all zero bits */
	for (i = (int)l; i < max; i++)
		if (bin[i / 8] & (0x80 >> (i % 8)))
			return -2;
	return 0;
}

/* addr_match_list(ip, list): 1, 0, -1 negated match, -2 bad entry. */
static int
addr_match(const char *ip, const char *list)
{
	unsigned char a[16], m[16];
	int afam, ret = 0;
	const char *p = list;
	char entry[1100];

	if (inet_pton(AF_INET, ip, a) == 1)
		afam = AF_INET;
	else if (inet_pton(AF_INET6, ip, a) == 1)
		afam = AF_INET6;
	else
		return 0;
	for (;;) {
		size_t wl = strcspn(p, ",");
		int neg = 0, mfam, mlen, r, hit = 0;
		const char *e = p;

		if (*e == '!') {
			neg = 1;
			e++;
			wl--;
		}
		if (wl == 0)
			return -2;
		if (wl >= sizeof(entry))
			hit = 0;	/* no address; too long to match */
		else {
			memcpy(entry, e, wl);
			entry[wl] = '\0';
			r = cidr_parse(entry, &mfam, m, &mlen);
			if (r == -2)
				return -2;
			if (r == 0) {
				int i;

				hit = mfam == afam;
				for (i = 0; hit && i < mlen; i++)
					if ((a[i / 8] ^ m[i / 8]) &
					    (0x80 >> (i % 8)))
						hit = 0;
			} else
				hit = ak_glob(ip, strlen(ip), entry, wl);
		}
		if (hit) {
			if (neg)
				return -1;
			ret = 1;
		}
		p = e + wl;
		if (*p != ',')
			break;
		p++;
	}
	return ret;
}

int
ak_from_match(const char *host, const char *ip, const char *patterns)
{
	int mip, mhost;
	char *lower;
	size_t i;

	if (ip == NULL || patterns == NULL)
		return 0;
	if ((mip = addr_match(ip, patterns)) == -2)
		return -1;
	if (host == NULL || mip == -1)
		return 0;
	lower = xstrdup(host);
	for (i = 0; lower[i] != '\0'; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	mhost = match_list(lower, patterns, 1);
	free(lower);
	if (mhost == -1)
		return 0;
	return mhost == 1 || mip == 1;
}

/* ------------------------------------------------------------- options */

/* opt_flag: "opt" or, with allow_negate, "no-opt" (case-insensitive,
 * a prefix as sshd matches it).  1, 0 (negated) or -1. */
static int
opt_flag(const char *opt, int allow_negate, const char **sp)
{
	const char *s = *sp;
	size_t ol = strlen(opt);
	int neg = 0;

	if (allow_negate && strncasecmp(s, "no-", 3) == 0) {
		s += 3;
		neg = 1;
	}
	if (strncasecmp(s, opt, ol) == 0) {
		*sp = s + ol;
		return neg ? 0 : 1;
	}
	return -1;
}

static int
opt_match(const char **sp, const char *term)
{
	size_t tl = strlen(term);

	if (strncasecmp(*sp, term, tl) == 0 && (*sp)[tl] == '=') {
		*sp += tl + 1;
		return 1;
	}
	return 0;
}

/* opt_dequote: "..." with \" inside.  Caller frees. */
static char *
opt_dequote(const char **sp, const char **why)
{
	const char *s = *sp;
	sbuf b = { 0 };

	if (*s != '"') {
		*why = "missing start quote";
		return NULL;
	}
	for (s++; *s != '\0' && *s != '"'; s++) {
		if (s[0] == '\\' && s[1] == '"')
			s++;
		sbuf_addc(&b, *s);
	}
	if (*s == '\0') {
		sbuf_free(&b);
		*why = "missing end quote";
		return NULL;
	}
	*sp = s + 1;
	sbuf_addc(&b, '\0');	/* an empty value is still a value */
	return sbuf_steal(&b);
}

static char *
escaped(const char *s)
{
	return sw_escape_bytes((const unsigned char *)s, strlen(s), 1024);
}

/* parse_absolute_time: YYYYMMDD[HHMM[SS]], optional Z or UTC.  Returns 0
 * and sets *t, or -1. */
static int
parse_time(const char *s, uint64_t *t, int *local)
{
	size_t l = strlen(s), i;
	int f[6] = { 0, 1, 1, 0, 0, 0 }, utc = 0, nf;
	struct tm tm;
	time_t tt;

	if (l > 1 && strcasecmp(s + l - 1, "Z") == 0) {
		utc = 1;
		l--;
	} else if (l > 3 && strcasecmp(s + l - 3, "UTC") == 0) {
		utc = 1;
		l -= 3;
	}
	if (l != 8 && l != 12 && l != 14)
		return -1;
	for (i = 0; i < l; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	f[0] = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	nf = (int)(l - 4) / 2 + 1;
	for (i = 1; i < (size_t)nf; i++)
		f[i] = (s[2 + 2 * i] - '0') * 10 + (s[3 + 2 * i] - '0');
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 ||
	    f[4] > 59 || f[5] > 61)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = f[0] - 1900;
	tm.tm_mon = f[1] - 1;
	tm.tm_mday = f[2];
	tm.tm_hour = f[3];
	tm.tm_min = f[4];
	tm.tm_sec = f[5];
	tm.tm_isdst = -1;
	tt = utc ? timegm(&tm) : mktime(&tm);
	if (tt <= 0)
		return -1;
	*t = (uint64_t)tt;
	*local = !utc;
	return 0;
}

/* permitopen/permitlisten "host:port" (listen: a bare port too). */
static int
permit_ok(const char *v, int allow_bare_port)
{
	const char *colon = strrchr(v, ':'), *port;
	char *end;
	long p;

	if (v[0] == '[') {
		const char *close = strchr(v, ']');

		if (close == NULL || close[1] != ':')
			return 0;
		colon = close + 1;
	}
	if (colon == NULL) {
		if (!allow_bare_port)
			return 0;
		port = v;
	} else {
		if (colon == v)
			return 0;
		port = colon + 1;
	}
	if (strcmp(port, "*") == 0)
		return 1;
	p = strtol(port, &end, 10);
	return *port != '\0' && *end == '\0' && p > 0 && p <= 65535;
}

static int
env_ok(const char *v)
{
	const char *eq = strchr(v, '='), *c;

	if (eq == NULL || eq == v)
		return 0;
	for (c = v; c < eq; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return 0;
	return 1;
}

void
ak_opts_clear(ak_opts *o)
{
	free(o->command);
	free(o->from);
	free(o->principals);
	free(o->expiry_text);
	memset(o, 0, sizeof(*o));
}

int
ak_parse_opts(const char *opts_in, size_t len, ak_opts *o, const char **why)
{
	char *copy = xstrndup(opts_in, len), *v;
	const char *s = copy;
	int r;

	memset(o, 0, sizeof(*o));
	o->pty = o->port_fwd = o->agent_fwd = o->x11_fwd = o->user_rc = 1;
	*why = NULL;
	while (*s != '\0' && *s != ' ' && *s != '\t') {
		if ((r = opt_flag("restrict", 0, &s)) != -1) {
			o->restrict_ = 1;
			o->pty = o->port_fwd = o->agent_fwd = o->x11_fwd =
			    o->user_rc = 0;
		} else if ((r = opt_flag("cert-authority", 0, &s)) != -1)
			o->cert_authority = r;
		else if ((r = opt_flag("port-forwarding", 1, &s)) != -1)
			o->port_fwd = r;
		else if ((r = opt_flag("agent-forwarding", 1, &s)) != -1)
			o->agent_fwd = r;
		else if ((r = opt_flag("x11-forwarding", 1, &s)) != -1)
			o->x11_fwd = r;
		else if ((r = opt_flag("touch-required", 1, &s)) != -1 ||
		    (r = opt_flag("verify-required", 1, &s)) != -1)
			;	/* FIDO keys only */
		else if ((r = opt_flag("pty", 1, &s)) != -1)
			o->pty = r;
		else if ((r = opt_flag("user-rc", 1, &s)) != -1)
			o->user_rc = r;
		else if (opt_match(&s, "command")) {
			if (o->command != NULL) {
				*why = "multiple \"command\" clauses";
				goto fail;
			}
			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			o->command = escaped(v);
			free(v);
		} else if (opt_match(&s, "principals")) {
			if (o->principals != NULL) {
				*why = "multiple \"principals\" clauses";
				goto fail;
			}
			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			o->principals = escaped(v);
			free(v);
		} else if (opt_match(&s, "from")) {
			if (o->from != NULL) {
				*why = "multiple \"from\" clauses";
				goto fail;
			}
			if ((o->from = opt_dequote(&s, why)) == NULL)
				goto fail;
		} else if (opt_match(&s, "expiry-time")) {
			uint64_t t;
			int local;

			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			if (parse_time(v, &t, &local) != 0) {
				free(v);
				*why = "invalid expires time";
				goto fail;
			}
			/* the earliest of several wins */
			if (o->expiry == 0 || t < o->expiry) {
				o->expiry = t;
				o->expiry_local = local;
				free(o->expiry_text);
				o->expiry_text = escaped(v);
			}
			free(v);
		} else if (opt_match(&s, "environment")) {
			if (o->n_env > AK_ENV_MAX) {
				*why = "too many environment strings";
				goto fail;
			}
			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			r = env_ok(v);
			free(v);
			if (!r) {
				*why = "invalid environment string";
				goto fail;
			}
			o->n_env++;
		} else if ((r = opt_match(&s, "permitopen") ? 0 :
		    opt_match(&s, "permitlisten") ? 1 : -1) != -1) {
			if (o->n_permitopen + o->n_permitlisten >
			    AK_PERMIT_MAX) {
				*why = "too many permission directives";
				goto fail;
			}
			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			if (!permit_ok(v, r)) {
				free(v);
				*why = "invalid permission";
				goto fail;
			}
			free(v);
			if (r == 1)
				o->n_permitlisten++;
			else
				o->n_permitopen++;
		} else if (opt_match(&s, "tunnel")) {
			char *end;
			long n;

			if ((v = opt_dequote(&s, why)) == NULL)
				goto fail;
			n = strtol(v, &end, 10);
			r = strcasecmp(v, "any") == 0 || (*v != '\0' &&
			    *end == '\0' && n >= 0 && n <= 0x7fffffff);
			free(v);
			if (!r) {
				*why = "invalid tun device";
				goto fail;
			}
			o->tunnel = 1;
		}
		if (*s == '\0' || *s == ' ' || *s == '\t')
			break;
		if (*s != ',') {
			*why = "unknown key option";
			goto fail;
		}
		s++;
		if (*s == '\0') {
			*why = "unexpected end-of-options";
			goto fail;
		}
	}
	free(copy);
	return 0;
fail:
	ak_opts_clear(o);
	free(copy);
	return -1;
}

/* --------------------------------------------------------------- lines */

/* The key types sshd reads from authorized_keys (sshkey.c's keytypes). */
static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256",
	"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	"sk-ecdsa-sha2-nistp256@openssh.com", "sk-ssh-ed25519@openssh.com",
	"ssh-xmss@openssh.com", "rsa-sha2-256", "rsa-sha2-512",
	"ssh-ed25519" CERT_SUFFIX, "ssh-rsa" CERT_SUFFIX, "ssh-dss" CERT_SUFFIX,
	"ecdsa-sha2-nistp256" CERT_SUFFIX, "ecdsa-sha2-nistp384" CERT_SUFFIX,
	"ecdsa-sha2-nistp521" CERT_SUFFIX,
	"sk-ecdsa-sha2-nistp256" CERT_SUFFIX, "sk-ssh-ed25519" CERT_SUFFIX,
	"ssh-xmss" CERT_SUFFIX,
};

static int
key_type_known(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (strlen(key_types[i]) == n && strncmp(w, key_types[i], n) == 0)
			return 1;
	return 0;
}

static const char *
skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static size_t
word_len(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q != ' ' && *q != '\t')
		q++;
	return (size_t)(q - p);
}

/* The type name a key blob starts with, into buf; 0 or -1. */
static int
blob_type(const unsigned char *b, size_t n, char *buf, size_t bufsz)
{
	uint32_t l;

	if (n < 4)
		return -1;
	l = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
	    b[3];
	if (l == 0 || l > n - 4 || l >= bufsz)
		return -1;
	memcpy(buf, b + 4, l);
	buf[l] = '\0';
	return strlen(buf) == l ? 0 : -1;
}

/* Decodes the base64 word w (n bytes) into *blob.  0 or -1. */
static int
decode_blob(const char *w, size_t n, unsigned char **blob, size_t *len)
{
	char *copy;
	long r;

	if (n == 0 || n > AK_BLOB_MAX / 3 * 4 + 4)
		return -1;
	copy = xstrndup(w, n);
	*blob = xmalloc(n);
	r = sshp_b64_decode(copy, *blob, n);
	free(copy);
	if (r <= 0) {
		free(*blob);
		*blob = NULL;
		return -1;
	}
	*len = (size_t)r;
	return 0;
}

/* Reads "TYPE BASE64 [comment]" at p into e.  0, or -1 when there is no
 * key type word there (sshkey_read fails). */
static int
read_key(const char *p, const char *end, ak_entry *e)
{
	size_t tl = word_len(p, end), bl;
	const char *b;
	char bt[64];

	if (tl == 0 || !key_type_known(p, tl))
		return -1;
	e->type = sw_escape_bytes((const unsigned char *)p, tl, tl);
	b = skip_blank(p + tl, end);
	bl = word_len(b, end);
	if (decode_blob(b, bl, &e->blob, &e->blob_len) != 0) {
		e->error = "the key's base64 text does not decode";
		return 0;
	}
	e->fp = ak_fingerprint(e->blob, e->blob_len);
	if (blob_type(e->blob, e->blob_len, bt, sizeof(bt)) != 0 ||
	    (strcmp(bt, e->type) != 0 &&
	    !(strcmp(bt, "ssh-rsa") == 0 && sw_starts_with(e->type, "rsa-sha2-"))))
		e->error = "the key does not match its type word";
	b = skip_blank(b + bl, end);
	if (b < end)
		e->comment = sw_escape_bytes((const unsigned char *)b,
		    (size_t)(end - b), 256);
	return 0;
}

void
ak_entry_clear(ak_entry *e)
{
	ak_opts_clear(&e->opts);
	free(e->opts_text);
	free(e->type);
	free(e->blob);
	free(e->fp);
	free(e->comment);
	memset(e, 0, sizeof(*e));
}

int
ak_parse_line(const char *line, size_t len, size_t lineno, ak_entry *e)
{
	const char *end, *p, *q, *why = NULL;
	int quoted = 0;

	memset(e, 0, sizeof(*e));
	e->line = lineno;
	end = memchr(line, '\0', len);
	if (end == NULL)
		end = line + len;
	while (end > line && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	p = skip_blank(line, end);
	if (p == end || *p == '#')
		return 0;
	if (read_key(p, end, e) == 0) {
		e->opts.pty = e->opts.port_fwd = e->opts.agent_fwd =
		    e->opts.x11_fwd = e->opts.user_rc = 1;
		return 1;
	}
	/* Options first: up to the first blank outside quotes
	 * (sshkey_advance_past_options). */
	for (q = p; q < end && (quoted || (*q != ' ' && *q != '\t')); q++) {
		if (*q == '\\' && q + 1 < end && q[1] == '"')
			q++;
		else if (*q == '"')
			quoted = !quoted;
	}
	e->has_opts = 1;
	if (q == end && quoted) {
		e->error = "invalid key option string";
		return 1;
	}
	if (read_key(skip_blank(q, end), end, e) != 0) {
		ak_entry_clear(e);
		return 0;	/* sshd reads no key here */
	}
	e->opts_text = xstrndup(p, (size_t)(q - p));
	/* A key that does not decode stays the reason; the options' own
	 * error is the next one (sshd skips the line either way). */
	if (ak_parse_opts(p, (size_t)(q - p), &e->opts, &why) != 0 &&
	    e->error == NULL)
		e->error = why != NULL ? why : "bad key options";
	return 1;
}

void
ak_file_clear(ak_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		ak_entry_clear(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void
ak_parse(const char *text, size_t len, ak_file *f)
{
	const char *p = text, *end = text + len;

	memset(f, 0, sizeof(*f));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		ak_entry e;

		if (f->lines >= AK_LINES_MAX) {
			f->cut = 1;
			break;
		}
		f->lines++;
		if (ll > AK_LINE_MAX)
			f->long_lines++;
		else if (ak_parse_line(p, ll, f->lines, &e) == 1) {
			f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
			f->v[f->n++] = e;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* ---------------------------------------------------------------- keys */

void
ak_key_clear(ak_key *k)
{
	free(k->type);
	free(k->blob);
	free(k->b64);
	free(k->fp);
	free(k->label);
	free(k->ca_fp);
	free(k->ca_type);
	free(k->ca_blob);
	memset(k, 0, sizeof(*k));
}

static int
fp_ok(const char *w, size_t n)
{
	size_t i;

	if (n != 7 + 43 || strncmp(w, "SHA256:", 7) != 0)
		return 0;
	for (i = 7; i < n; i++)
		if (!isalnum((unsigned char)w[i]) && w[i] != '+' && w[i] != '/')
			return 0;
	return 1;
}

int
ak_key_parse(const char *s, ak_key *k)
{
	const char *end = s + strlen(s), *p = skip_blank(s, end), *b, *l;
	size_t tl = word_len(p, end), bl;
	char bt[64];

	memset(k, 0, sizeof(*k));
	if (fp_ok(p, tl)) {
		k->fp = xstrndup(p, tl);
		l = skip_blank(p + tl, end);
		k->label = l < end ? sw_escape_bytes((const unsigned char *)l,
		    (size_t)(end - l), 512) : xstrdup(k->fp);
		return 0;
	}
	if (tl == 0 || !key_type_known(p, tl))
		return -1;
	k->type = xstrndup(p, tl);
	b = skip_blank(p + tl, end);
	bl = word_len(b, end);
	if (decode_blob(b, bl, &k->blob, &k->blob_len) != 0 ||
	    blob_type(k->blob, k->blob_len, bt, sizeof(bt)) != 0 ||
	    strcmp(bt, k->type) != 0) {
		ak_key_clear(k);
		return -1;
	}
	k->b64 = xstrndup(b, bl);
	k->fp = ak_fingerprint(k->blob, k->blob_len);
	l = skip_blank(b + bl, end);
	k->label = l < end ? sw_escape_bytes((const unsigned char *)l,
	    (size_t)(end - l), 512) : xstrdup(k->fp);
	if (strstr(k->type, CERT_SUFFIX) != NULL) {
		sshp_cert c;

		/* ssh-keygen -l and sshd name a certificate by its key */
		if (sshp_cert_parse(k->blob, k->blob_len, &c) == 0) {
			unsigned char *plain;
			size_t pl;

			if (c.plain_b64 != NULL && decode_blob(c.plain_b64,
			    strlen(c.plain_b64), &plain, &pl) == 0) {
				free(k->fp);
				k->fp = ak_fingerprint(plain, pl);
				free(plain);
			}
			if (c.ca_b64 != NULL && decode_blob(c.ca_b64,
			    strlen(c.ca_b64), &k->ca_blob, &k->ca_blob_len) == 0) {
				k->ca_fp = ak_fingerprint(k->ca_blob,
				    k->ca_blob_len);
				k->ca_type = xstrdup(c.ca_type != NULL ?
				    c.ca_type : "?");
			}
			sshp_cert_free(&c);
		}
	}
	return 0;
}

int
ak_entry_is_key(const ak_entry *e, const ak_key *k)
{
	if (e->blob != NULL && k->blob != NULL)
		return e->blob_len == k->blob_len &&
		    memcmp(e->blob, k->blob, k->blob_len) == 0;
	return e->fp != NULL && k->fp != NULL && strcmp(e->fp, k->fp) == 0;
}
