/* The parsers of the SSH probes, fed what hostile or broken servers send:
 * the identification-string reader (pre-banner lines, endless lines, junk,
 * byte-at-a-time delivery), the KEXINIT parser (every truncation), the
 * agent answer parser, name-lists, base64, SHA-1 and HMAC-SHA1 against the
 * published test vectors, and known_hosts matching (patterns, negation,
 * [host]:port, hashed entries made by ssh-keygen -H) and scanning. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>
#include <unistd.h>

#include "core/target.h"
#include "core/util.h"
#include "probes/ssh.h"

/* ------------------------------------------------------------- banner */

static sshp_banner_state
feed_str(sshp_banner *b, const char *s, size_t *used)
{
	return sshp_banner_feed(b, (const unsigned char *)s, strlen(s), used);
}

static void
test_banner_openssh(void **state)
{
	sshp_banner b;
	size_t used;
	const char *in = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n\x00\x00\x01";

	(void)state;
	sshp_banner_init(&b);
	assert_int_equal(sshp_banner_feed(&b, (const unsigned char *)in, 43,
	    &used), SSHP_BANNER_SSH);
	assert_int_equal(used, 40);	/* stops after LF: packets follow */
	assert_string_equal(b.ident, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
	assert_string_equal(b.proto, "2.0");
	assert_string_equal(b.software, "OpenSSH_9.2p1");
	assert_string_equal(b.comments, "Debian-2+deb12u3");
	assert_int_equal(b.n_pre, 0);

	/* LF alone, no comments, 1.99 */
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-1.99-Cisco-1.25\n", &used),
	    SSHP_BANNER_SSH);
	assert_string_equal(b.software, "Cisco-1.25");
	assert_string_equal(b.comments, "");

	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-1.5-OldServer\r\n", &used),
	    SSHP_BANNER_SSH1);
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-3.0-Future\r\n", &used),
	    SSHP_BANNER_NOT_SSH);
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-2.0-\r\n", &used),
	    SSHP_BANNER_NOT_SSH);
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-2.0\r\n", &used),
	    SSHP_BANNER_NOT_SSH);
}

static void
test_banner_prelines(void **state)
{
	sshp_banner b;
	size_t used, i;
	const char *in = "Welcome.\r\nNo trespassing.\r\n\r\nSSH-2.0-x\r\n";

	(void)state;
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, in, &used), SSHP_BANNER_SSH);
	assert_int_equal(b.n_pre, 3);
	assert_string_equal(b.pre[0], "Welcome.");
	assert_string_equal(b.pre[1], "No trespassing.");
	assert_string_equal(b.pre[2], "");

	/* one byte at a time gives the same result */
	sshp_banner_init(&b);
	for (i = 0; i < strlen(in); i++) {
		sshp_banner_state st = sshp_banner_feed(&b,
		    (const unsigned char *)in + i, 1, &used);

		assert_int_equal(used, 1);
		if (i + 1 < strlen(in))
			assert_int_equal(st, SSHP_BANNER_MORE);
		else
			assert_int_equal(st, SSHP_BANNER_SSH);
	}
	assert_string_equal(b.software, "x");

	/* too many lines before the banner */
	sshp_banner_init(&b);
	for (i = 0; i <= SSHP_PRE_LINES_MAX; i++)
		feed_str(&b, "hello\n", &used);
	assert_int_equal(b.state, SSHP_BANNER_NOT_SSH);

	/* a partial line is not a decision */
	sshp_banner_init(&b);
	assert_int_equal(feed_str(&b, "SSH-2.", &used), SSHP_BANNER_MORE);
	assert_int_equal(b.total, 6);
}

static void
test_banner_hostile(void **state)
{
	sshp_banner b;
	unsigned char buf[4096];
	uint32_t x = 12345;
	size_t used, i, total = 0;

	(void)state;
	/* an endless line stops at 255 bytes */
	memset(buf, 'a', sizeof(buf));
	sshp_banner_init(&b);
	assert_int_equal(sshp_banner_feed(&b, buf, sizeof(buf), &used),
	    SSHP_BANNER_NOT_SSH);
	assert_true(used <= SSHP_LINE_MAX + 1);
	assert_string_equal(b.why, "a line longer than 255 bytes");

	/* an endless "SSH-" line stops at SSHP_ID_MAX */
	memcpy(buf, "SSH-2.0-", 8);
	sshp_banner_init(&b);
	assert_int_equal(sshp_banner_feed(&b, buf, sizeof(buf), &used),
	    SSHP_BANNER_NOT_SSH);
	assert_true(used <= SSHP_ID_MAX + 1);

	/* a megabyte of junk: decided within the first bytes */
	sshp_banner_init(&b);
	while (total < 1024 * 1024 && b.state == SSHP_BANNER_MORE) {
		for (i = 0; i < sizeof(buf); i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (unsigned char)(x >> 16);
		}
		sshp_banner_feed(&b, buf, sizeof(buf), &used);
		total += sizeof(buf);
	}
	assert_int_equal(b.state, SSHP_BANNER_NOT_SSH);
	assert_true(b.total <= SSHP_PRE_BYTES_MAX + 1);

	/* long printable lines that never end the pre-banner area */
	sshp_banner_init(&b);
	for (i = 0; i < 200 && b.state == SSHP_BANNER_MORE; i++)
		feed_str(&b, "0123456789012345678901234567890123456789"
		    "0123456789012345678901234567890123456789\r\n", &used);
	assert_int_equal(b.state, SSHP_BANNER_NOT_SSH);

	/* other protocols are named */
	sshp_banner_init(&b);
	feed_str(&b, "HTTP/1.1 400 Bad Request\r\n", &used);
	assert_int_equal(b.state, SSHP_BANNER_NOT_SSH);
	assert_string_equal(b.guess, "HTTP");
	sshp_banner_init(&b);
	feed_str(&b, "220 mail.example ESMTP\r\n", &used);
	assert_string_equal(b.guess, "SMTP or FTP");
	sshp_banner_init(&b);
	assert_int_equal(sshp_banner_feed(&b, (const unsigned char *)
	    "\x15\x03\x03\x00\x02\x02\x46", 7, &used), SSHP_BANNER_NOT_SSH);
	assert_string_equal(b.guess, "TLS");
	sshp_banner_init(&b);
	assert_int_equal(sshp_banner_feed(&b, (const unsigned char *)
	    "SSH-2.0-a\0b\r\n", 13, &used), SSHP_BANNER_NOT_SSH);
}

/* ------------------------------------------------------------ KEXINIT */

static void
put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Builds an unencrypted KEXINIT packet into buf; returns its length. */
static size_t
make_kexinit(unsigned char *buf, const char *const lists[10])
{
	size_t n = 5, i, plen, pad = 4;

	buf[n++] = 20;
	memset(buf + n, 0xab, 16);
	n += 16;
	for (i = 0; i < 10; i++) {
		size_t l = strlen(lists[i]);

		put_u32(buf + n, (uint32_t)l);
		memcpy(buf + n + 4, lists[i], l);
		n += 4 + l;
	}
	buf[n++] = 0;
	put_u32(buf + n, 0);
	n += 4;
	memset(buf + n, 0, pad);
	n += pad;
	plen = n - 4;
	put_u32(buf, (uint32_t)plen);
	buf[4] = (unsigned char)pad;
	return n;
}

/* sshp_packet_read on a socket: the packet split between what the caller
 * already read and the socket, a length past the cap, a peer that closes,
 * and one that goes quiet until the caller's own limit. */
static void
test_packet_read(void **state)
{
	static const char *const lists[10] = {
		"curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
		"hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "",
	};
	unsigned char buf[2048], *pkt = NULL, big[4] = { 0, 1, 0, 0 };
	size_t n = make_kexinit(buf, lists), len = 0;
	atomic_int cancel;
	sw_probe_ctx ctx;
	sshp_kexinit k;
	int sv[2];

	(void)state;
	memset(&ctx, 0, sizeof(ctx));
	atomic_init(&cancel, 0);
	ctx.cancel = &cancel;
	ctx.deadline_ms = sw_now_ms() + 20000;

	/* Non-blocking, as the probes' sockets are. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
	    sv), 0);
	assert_int_equal(write(sv[1], buf + 7, n - 7), (ssize_t)(n - 7));
	assert_int_equal(sshp_packet_read(&ctx, sv[0], buf, 7, -1, &pkt,
	    &len), SSHP_OK);
	assert_int_equal(len, n);
	assert_memory_equal(pkt, buf, n);
	assert_int_equal(sshp_kexinit_parse(pkt, len, &k), 0);
	assert_string_equal(k.kex, "curve25519-sha256");
	sshp_kexinit_free(&k);
	free(pkt);

	/* 65536 bytes announced: past SSHP_PACKET_MAX, refused at once. */
	assert_int_equal(sshp_packet_read(&ctx, sv[0], big, 4, -1, &pkt,
	    &len), SSHP_EPROTO);
	assert_null(pkt);

	/* Half a packet, then quiet: the caller's limit ends the wait long
	 * before the probe's deadline. */
	assert_int_equal(write(sv[1], buf, 10), 10);
	assert_int_equal(sshp_packet_read(&ctx, sv[0], NULL, 0,
	    sw_now_ms() + 50, &pkt, &len), SSHP_ETIME);
	assert_null(pkt);
	assert_true(probe_ctx_remaining_ms(&ctx) > 10000);

	/* The peer closes in the middle. */
	close(sv[1]);
	assert_int_equal(sshp_packet_read(&ctx, sv[0], buf, 10, -1, &pkt,
	    &len), SSHP_ECLOSED);
	assert_null(pkt);
	close(sv[0]);
}

static void
test_kexinit(void **state)
{
	static const char *const lists[10] = {
		"curve25519-sha256,ext-info-s", "ssh-ed25519,rsa-sha2-512",
		"aes128-ctr", "aes256-ctr", "hmac-sha2-256", "hmac-sha2-512",
		"none", "none,zlib@openssh.com", "", "",
	};
	unsigned char buf[2048];
	sshp_kexinit k;
	size_t n = make_kexinit(buf, lists), cut;

	(void)state;
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), 0);
	assert_string_equal(k.kex, "curve25519-sha256,ext-info-s");
	assert_string_equal(k.hostkeys, "ssh-ed25519,rsa-sha2-512");
	assert_string_equal(k.ciphers_s2c, "aes256-ctr");
	assert_string_equal(k.macs_c2s, "hmac-sha2-256");
	assert_string_equal(k.comp_s2c, "none,zlib@openssh.com");
	sshp_kexinit_free(&k);

	/* every truncation fails cleanly */
	for (cut = 0; cut < n; cut++)
		assert_int_equal(sshp_kexinit_parse(buf, cut, &k), -1);
	/* a wrong message type, a huge length, padding past the end */
	buf[5] = 21;
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), -1);
	buf[5] = 20;
	put_u32(buf, 0x7fffffff);
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), -1);
	put_u32(buf, (uint32_t)(n - 4));
	buf[4] = 255;
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), -1);
	buf[4] = 4;
	/* a name-list longer than the packet */
	put_u32(buf + 22, 5000);
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), -1);
	/* odd bytes are replaced, never passed on */
	put_u32(buf + 22, (uint32_t)strlen(lists[0]));
	buf[26] = '\n';
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), 0);
	assert_int_equal(k.kex[0], '?');
	sshp_kexinit_free(&k);
	/* a NUL byte too: the list is not silently cut there */
	buf[26] = 'c';
	buf[30] = '\0';
	assert_int_equal(sshp_kexinit_parse(buf, n, &k), 0);
	assert_string_equal(k.kex, "curv?25519-sha256,ext-info-s");
	sshp_kexinit_free(&k);
}

/* -------------------------------------------------------------- lists */

static void
test_lists(void **state)
{
	char *s;

	(void)state;
	assert_true(sshp_list_has("a,bb,c", "bb"));
	assert_false(sshp_list_has("a,bb,c", "b"));
	assert_false(sshp_list_has(NULL, "a"));
	assert_false(sshp_list_has("a", NULL));
	s = sshp_list_common("x,a,b,c", "c,a,z");
	assert_string_equal(s, "a,c");
	free(s);
	s = sshp_list_common("x,y", "z");
	assert_string_equal(s, "");
	free(s);
	s = sshp_list_common(NULL, "z");
	assert_string_equal(s, "");
	free(s);
	s = sshp_list_minus("a,ext-info-s,b,,", "ext-info-s");
	assert_string_equal(s, "a,b");
	free(s);
}

/* ---------------------------------------------------- base64 and hashes */

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void
test_base64(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob",
		"fooba", "foobar" };
	static const char *const enc[] = { "", "Zg==", "Zm8=", "Zm9v",
		"Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	unsigned char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) {
		char *e = sshp_b64_encode((const unsigned char *)plain[i],
		    strlen(plain[i]));

		assert_string_equal(e, enc[i]);
		free(e);
		assert_int_equal(sshp_b64_decode(enc[i], out, sizeof(out)),
		    (long)strlen(plain[i]));
		assert_memory_equal(out, plain[i], strlen(plain[i]));
	}
	assert_int_equal(sshp_b64_decode("Zm9v YmFy", out, sizeof(out)), -1);
	assert_int_equal(sshp_b64_decode("Zm9v=Zm", out, sizeof(out)), -1);
	assert_int_equal(sshp_b64_decode("Zm9vYmFy", out, 3), -1);
	assert_int_equal(sshp_b64_decode("Z", out, sizeof(out)), -1);
}

static void
test_sha1_hmac(void **state)
{
	unsigned char d[20], key[80];
	char h[41];
	char *million = xmalloc(1000000);

	(void)state;
	sshp_sha1("abc", 3, d);
	hex(d, 20, h);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sshp_sha1("", 0, d);
	hex(d, 20, h);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sshp_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, d);
	hex(d, 20, h);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	memset(million, 'a', 1000000);
	sshp_sha1(million, 1000000, d);
	hex(d, 20, h);
	assert_string_equal(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);

	/* RFC 2202 test cases 1, 2 and 6 */
	memset(key, 0x0b, 20);
	sshp_hmac_sha1(key, 20, "Hi There", 8, d);
	hex(d, 20, h);
	assert_string_equal(h, "b617318655057264e28bc0b6fb378c8ef146be00");
	sshp_hmac_sha1((const unsigned char *)"Jefe", 4,
	    "what do ya want for nothing?", 28, d);
	hex(d, 20, h);
	assert_string_equal(h, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(key, 0xaa, 80);
	sshp_hmac_sha1(key, 80, "Test Using Larger Than Block-Size Key - "
	    "Hash Key First", 54, d);
	hex(d, 20, h);
	assert_string_equal(h, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

/* --------------------------------------------------------- known_hosts */

/* Writes text to a new temporary file.  Caller unlinks and frees. */
static char *
temp_file(const char *text)
{
	const char *base = getenv("TMPDIR");
	char *path = xasprintf("%s/sw-sshparse-XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	return path;
}

/* Made with ssh-keygen -H from "example.org" and "[example.org]:2222". */
#define HASHED_22 "|1|9u1wIOLzKnTQLTon9S9jZQ5hpB8=|CapHTlqCOyUABp+XPdC0zqhSuqE="
#define HASHED_2222 "|1|VKDVS/0tzIT3DcEK5oktHvqoEJ0=|ylH64RJaV6A9t1EeKnWL+onSO6g="
#define KEY "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

static void
test_kh_match(void **state)
{
	char *n;

	(void)state;
	assert_true(sshp_kh_host_matches("example.org", "example.org"));
	assert_true(sshp_kh_host_matches("EXAMPLE.org", "example.ORG"));
	assert_true(sshp_kh_host_matches("a,example.org,b", "example.org"));
	assert_false(sshp_kh_host_matches("example.orgx", "example.org"));
	assert_true(sshp_kh_host_matches("*.org", "example.org"));
	assert_true(sshp_kh_host_matches("ex?mple.*", "example.org"));
	assert_false(sshp_kh_host_matches("*.net", "example.org"));
	assert_false(sshp_kh_host_matches("*.org,!example.org", "example.org"));
	assert_false(sshp_kh_host_matches("!example.org,*", "example.org"));
	assert_true(sshp_kh_host_matches("!other.org,*", "example.org"));
	assert_false(sshp_kh_host_matches("!*", "example.org"));
	assert_true(sshp_kh_host_matches("[example.org]:2222",
	    "[example.org]:2222"));
	assert_false(sshp_kh_host_matches("example.org", "[example.org]:2222"));
	assert_true(sshp_kh_host_matches(HASHED_22, "example.org"));
	assert_true(sshp_kh_host_matches(HASHED_22, "Example.Org"));
	assert_false(sshp_kh_host_matches(HASHED_22, "example.net"));
	assert_true(sshp_kh_host_matches(HASHED_2222, "[example.org]:2222"));
	assert_false(sshp_kh_host_matches(HASHED_2222, "example.org"));
	assert_false(sshp_kh_host_matches("|1|bad|bad", "example.org"));
	assert_false(sshp_kh_host_matches("|1|", "example.org"));
	assert_false(sshp_kh_host_matches("", "example.org"));

	n = sshp_kh_lookup_name("example.org", 22);
	assert_string_equal(n, "example.org");
	free(n);
	n = sshp_kh_lookup_name("2001:db8::2", 2222);
	assert_string_equal(n, "[2001:db8::2]:2222");
	free(n);
}

static void
test_kh_scan(void **state)
{
	char *path, *long_line;
	sshp_kh_result r = { 0 };
	sbuf text = { 0 };

	(void)state;
	long_line = xmalloc(SSHP_KH_LINE_MAX + 100);
	memset(long_line, 'x', SSHP_KH_LINE_MAX + 99);
	long_line[SSHP_KH_LINE_MAX + 99] = '\0';
	sbuf_add(&text, "# a comment\n\n");				/* 1-2 */
	sbuf_addf(&text, "other.org ssh-ed25519 %s\n", KEY);		/* 3 */
	sbuf_addf(&text, "example.org %s ssh-ed25519 %s\n", long_line,
	    KEY);							/* 4 */
	sbuf_addf(&text, HASHED_22 " ssh-ed25519 %s\n", KEY);		/* 5 */
	sbuf_addf(&text, "@cert-authority *.org ssh-ed25519 %s\n", KEY); /* 6 */
	sbuf_addf(&text, "@revoked example.org ssh-rsa %s\n", KEY);	/* 7 */
	sbuf_add(&text, "example.org ssh-ed25519\n");			/* 8 */
	sbuf_addf(&text, "  example.org,10.0.0.1\tecdsa-sha2-nistp256 %s "
	    "comment here\n", KEY);					/* 9 */
	sbuf_addf(&text, "@bogus example.org ssh-ed25519 %s\n", KEY);	/* 10 */
	sbuf_addf(&text, "example.org ssh-ed25519 %s", KEY);		/* 11 */
	path = temp_file(text.s);

	assert_int_equal(sshp_kh_scan(NULL, path, "example.org", &r), 0);
	assert_int_equal(r.files_read, 1);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.v[0].line, 5);
	assert_true(r.v[0].hashed);
	assert_false(r.v[0].cert_authority);
	assert_string_equal(r.v[0].keytype, "ssh-ed25519");
	assert_string_equal(r.v[0].key_b64, KEY);
	assert_int_equal(r.v[1].line, 6);
	assert_true(r.v[1].cert_authority);
	assert_false(r.v[1].revoked);
	assert_int_equal(r.v[2].line, 7);
	assert_true(r.v[2].revoked);
	assert_int_equal(r.v[3].line, 9);
	assert_string_equal(r.v[3].keytype, "ecdsa-sha2-nistp256");
	assert_false(r.v[3].hashed);
	assert_int_equal(r.v[4].line, 11);
	assert_int_equal(r.skipped, 3);	/* too long, no key, bad marker */
	sshp_kh_result_free(&r);

	assert_int_equal(sshp_kh_scan(NULL, "/nonexistent/known_hosts",
	    "example.org", &r), 1);
	assert_int_equal(r.n, 0);

	/* A NUL byte ends its line as ssh reads it (getline, then a C
	 * string); it does not hide the next line. */
	{
		static const char nul[] = "other.org ssh-rsa AAAA\0junk\n"
		    "example.org ssh-ed25519 " KEY "\n"
		    "exam\0ple.org ssh-ed25519 " KEY "\n";
		FILE *f = fmemopen((void *)nul, sizeof(nul) - 1, "r");

		assert_non_null(f);
		assert_int_equal(sshp_kh_scan_stream(NULL, f, "mem",
		    "example.org", &r), 0);
		fclose(f);
		assert_int_equal(r.n, 1);
		assert_int_equal(r.v[0].line, 2);
		assert_int_equal(r.skipped, 1);	/* "exam" alone */
		sshp_kh_result_free(&r);
	}

	free(long_line);
	sbuf_free(&text);
	unlink(path);
	free(path);
}

/* --------------------------------------------------------------- agent */

static void
test_agent_parse(void **state)
{
	unsigned char msg[512], blob[64];
	sshp_agent_keys k;
	size_t n = 0, bl = 0, cut;

	(void)state;
	put_u32(blob, 11);
	memcpy(blob + 4, "ssh-ed25519", 11);
	put_u32(blob + 15, 4);
	memcpy(blob + 19, "abcd", 4);
	bl = 23;
	msg[n++] = 12;
	put_u32(msg + n, 2);
	n += 4;
	put_u32(msg + n, (uint32_t)bl);
	memcpy(msg + n + 4, blob, bl);
	n += 4 + bl;
	put_u32(msg + n, 5);
	memcpy(msg + n + 4, "first", 5);
	n += 9;
	put_u32(msg + n, (uint32_t)bl);
	memcpy(msg + n + 4, blob, bl);
	n += 4 + bl;
	put_u32(msg + n, 6);
	memcpy(msg + n + 4, "se\ncnd", 6);
	n += 10;

	assert_int_equal(sshp_agent_parse(msg, n, &k), 0);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.v[0].type, "ssh-ed25519");
	assert_string_equal(k.v[0].comment, "first");
	assert_string_equal(k.v[1].comment, "se\\ncnd");
	assert_non_null(k.v[0].b64);
	sshp_agent_keys_free(&k);

	for (cut = 0; cut < n; cut++)
		assert_int_equal(sshp_agent_parse(msg, cut, &k), -1);
	put_u32(msg + 1, 100000);
	assert_int_equal(sshp_agent_parse(msg, n, &k), -1);
	msg[0] = 5;	/* SSH_AGENT_FAILURE */
	assert_int_equal(sshp_agent_parse(msg, n, &k), -1);
}

/* Random bytes into every parser: no crash, no leak (valgrind). */
/* An OpenSSH private key file whose body starts with the magic and the
 * cipher name cipher (then junk).  Caller frees. */
static char *
openssh_file(const char *cipher, size_t cut)
{
	unsigned char body[200];
	size_t n = 0, cl = strlen(cipher);
	char *b64, *out;

	memcpy(body, "openssh-key-v1", 15);
	n = 15;
	put_u32(body + n, (uint32_t)cl);
	n += 4;
	memcpy(body + n, cipher, cl);
	n += cl;
	memset(body + n, 'x', 60);
	n += 60;
	b64 = sshp_b64_encode(body, cut > 0 && cut < n ? cut : n);
	out = xasprintf("-----BEGIN OPENSSH PRIVATE KEY-----\n%.*s\n%s\n"
	    "-----END OPENSSH PRIVATE KEY-----\n", 70, b64,
	    strlen(b64) > 70 ? b64 + 70 : "");
	free(b64);
	return out;
}

static void
test_keyfile(void **state)
{
	static const char ppk[] = "PuTTY-User-Key-File-3: ssh-ed25519\n"
	    "Encryption: none\nComment: k\n";
	static const char ppk_enc[] = "PuTTY-User-Key-File-2: ssh-rsa\n"
	    "Encryption: aes256-cbc\nComment: k\n";
	static const char pub[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE "
	    "me@host\n";
	static const char pem[] = "-----BEGIN RSA PRIVATE KEY-----\n"
	    "MIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
	static const char pem_enc[] = "-----BEGIN RSA PRIVATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIE\n"
	    "-----END RSA PRIVATE KEY-----\n";
	static const char p8_enc[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
	    "MIIE\n-----END ENCRYPTED PRIVATE KEY-----\n";
	static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIE\n";
	char *f;
	int enc;

	(void)state;
	assert_int_equal(sshp_keyfile_classify("", 0, &enc), SSHP_KEYFILE_EMPTY);
	assert_int_equal(sshp_keyfile_classify(" \n\t", 3, &enc),
	    SSHP_KEYFILE_EMPTY);
	assert_int_equal(sshp_keyfile_classify(ppk, strlen(ppk), &enc),
	    SSHP_KEYFILE_PPK);
	assert_int_equal(enc, 0);
	assert_int_equal(sshp_keyfile_classify(ppk_enc, strlen(ppk_enc), &enc),
	    SSHP_KEYFILE_PPK);
	assert_int_equal(enc, 1);
	assert_int_equal(sshp_keyfile_classify(pub, strlen(pub), &enc),
	    SSHP_KEYFILE_PUBLIC);
	assert_int_equal(sshp_keyfile_classify(pem, strlen(pem), &enc),
	    SSHP_KEYFILE_PEM);
	assert_int_equal(enc, 0);
	assert_int_equal(sshp_keyfile_classify(pem_enc, strlen(pem_enc), &enc),
	    SSHP_KEYFILE_PEM);
	assert_int_equal(enc, 1);
	assert_int_equal(sshp_keyfile_classify(p8_enc, strlen(p8_enc), &enc),
	    SSHP_KEYFILE_PEM);
	assert_int_equal(enc, 1);
	assert_int_equal(sshp_keyfile_classify(cert, strlen(cert), &enc),
	    SSHP_KEYFILE_OTHER);
	assert_int_equal(sshp_keyfile_classify("hello", 5, &enc),
	    SSHP_KEYFILE_OTHER);

	f = openssh_file("none", 0);
	assert_int_equal(sshp_keyfile_classify(f, strlen(f), &enc),
	    SSHP_KEYFILE_OPENSSH);
	assert_int_equal(enc, 0);
	free(f);
	f = openssh_file("aes256-ctr", 0);
	assert_int_equal(sshp_keyfile_classify(f, strlen(f), &enc),
	    SSHP_KEYFILE_OPENSSH);
	assert_int_equal(enc, 1);
	free(f);
	/* cut inside the cipher name, or only the BEGIN line left */
	f = openssh_file("aes256-ctr", 21);
	assert_int_equal(sshp_keyfile_classify(f, strlen(f), &enc),
	    SSHP_KEYFILE_DAMAGED);
	free(f);
	assert_int_equal(sshp_keyfile_classify(
	    "-----BEGIN OPENSSH PRIVATE KEY-----\n", 36, &enc),
	    SSHP_KEYFILE_DAMAGED);
	assert_int_equal(sshp_keyfile_classify(
	    "-----BEGIN OPENSSH PRIVATE KEY-----", 35, &enc),
	    SSHP_KEYFILE_DAMAGED);
	assert_string_equal(sshp_keyfile_kind_name(SSHP_KEYFILE_PPK),
	    "PuTTY .ppk");
}

/* Made by ssh-keygen -s ca -I test-id -h -n a.example,b.example
 * -V 20200101000000:20300101000000 -z 42 hk.pub (ed25519 keys). */
#define CERT_B64 "AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29tAAAAIIMY4Pot" \
	"QU+49CKpRJ03vBfP/uV8dI/Yfm5trZCuFH1LAAAAIA+QGb13cV4r4DCDc8oycEo0HQw83Q" \
	"f2T6h4rPkJUFZVAAAAAAAAACoAAAACAAAAB3Rlc3QtaWQAAAAaAAAACWEuZXhhbXBsZQAA" \
	"AAliLmV4YW1wbGUAAAAAXgvhAAAAAABw29iAAAAAAAAAAAAAAAAAAAAAMwAAAAtzc2gtZW" \
	"QyNTUxOQAAACCn0NzriUTDzPLoT33u1lv8NrqVszeV5K3OY/7FgTB2WQAAAFMAAAALc3No" \
	"LWVkMjU1MTkAAABAtvVaPP0SVMlSGhLEHtO3+hORLuvrXdFICb1HFe8kN6/eQkZTSIHuZp" \
	"5NDW6yo+RX+JGOcGMbe3R6xT6jr7wPBg=="
#define CERT_CA "AAAAC3NzaC1lZDI1NTE5AAAAIKfQ3OuJRMPM8uhPfe7WW/w2upWzN5Xkrc5j/sWBMHZZ"
#define CERT_PLAIN "AAAAC3NzaC1lZDI1NTE5AAAAIA+QGb13cV4r4DCDc8oycEo0HQw83Qf2T6h4rPkJUFZV"

static void
test_cert(void **state)
{
	unsigned char blob[1024];
	long n = sshp_b64_decode(CERT_B64, blob, sizeof(blob));
	sshp_cert c;
	char *t;
	long cut;

	(void)state;
	assert_true(n > 100);
	assert_int_equal(sshp_cert_parse(blob, (size_t)n, &c), 0);
	assert_string_equal(c.type, "ssh-ed25519-cert-v01@openssh.com");
	assert_int_equal(c.cert_type, SSHP_CERT_HOST);
	assert_int_equal(c.serial, 42);
	assert_string_equal(c.key_id, "test-id");
	assert_int_equal(c.n_principals, 2);
	assert_string_equal(c.principals[0], "a.example");
	assert_string_equal(c.principals[1], "b.example");
	assert_int_equal(c.valid_after, 1577836800);
	assert_int_equal(c.valid_before, 1893456000);
	assert_string_equal(c.ca_b64, CERT_CA);
	assert_string_equal(c.ca_type, "ssh-ed25519");
	assert_string_equal(c.plain_b64, CERT_PLAIN);
	assert_true(sshp_cert_principal_ok(&c, "b.example"));
	assert_false(sshp_cert_principal_ok(&c, "c.example"));
	assert_false(sshp_cert_principal_ok(&c, "A.EXAMPLE"));
	assert_int_equal(sshp_cert_time_ok(&c, 1577836799), -1);
	assert_int_equal(sshp_cert_time_ok(&c, 1700000000), 0);
	assert_int_equal(sshp_cert_time_ok(&c, 1893456000), 1);
	t = sshp_cert_time_text(c.valid_after);
	assert_string_equal(t, "2020-01-01 00:00:00 UTC");
	free(t);
	t = sshp_cert_time_text(UINT64_MAX);
	assert_string_equal(t, "forever");
	free(t);
	sshp_cert_free(&c);
	sshp_cert_free(NULL);
	/* every cut is malformed, never a crash */
	for (cut = 0; cut < n; cut++)
		assert_int_equal(sshp_cert_parse(blob, (size_t)cut, &c), -1);
	/* a plain key is not a certificate */
	n = sshp_b64_decode(CERT_PLAIN, blob, sizeof(blob));
	assert_int_equal(sshp_cert_parse(blob, (size_t)n, &c), -1);
}

/* ProxyCommand tokens as ssh's expand_proxy_command fills them. */
static void
test_proxy_expand(void **state)
{
	sw_target *t = target_new();
	char *s, *err = NULL;

	(void)state;
	free(t->host);
	t->host = xstrdup("192.0.2.2");
	t->alias = xstrdup("box");
	t->port = 2222;
	free(t->user);
	t->user = xstrdup("alice");
	t->proxy_command = xstrdup("ssh -W %h:%p -l %r jump # %n %k %%h");
	s = sshp_proxy_expand(t, &err);
	assert_non_null(s);
	assert_null(err);
	assert_string_equal(s, "exec ssh -W 192.0.2.2:2222 -l alice jump # "
	    "box box %h");
	free(s);
	t->host_key_alias = xstrdup("kalias");
	free(t->proxy_command);
	t->proxy_command = xstrdup("nc %h %p %k");
	s = sshp_proxy_expand(t, &err);
	assert_string_equal(s, "exec nc 192.0.2.2 2222 kalias");
	free(s);
	/* A token ssh does not know stops it, as it stops ssh. */
	free(t->proxy_command);
	t->proxy_command = xstrdup("nc %h %x");
	assert_null(sshp_proxy_expand(t, &err));
	assert_non_null(strstr(err, "%x"));
	free(err);
	free(t->proxy_command);
	t->proxy_command = xstrdup("nc %h %");
	assert_null(sshp_proxy_expand(t, &err));
	assert_non_null(err);
	free(err);
	target_free(t);
}

static void
test_random_inputs(void **state)
{
	unsigned char buf[600];
	uint32_t x = 42;
	int round;
	size_t i, used;

	(void)state;
	for (round = 0; round < 3000; round++) {
		sshp_banner b;
		sshp_kexinit k;
		sshp_agent_keys a;
		size_t n = (size_t)(round % (int)sizeof(buf));

		for (i = 0; i < n; i++) {
			x = x * 1664525u + 1013904223u;
			buf[i] = (unsigned char)(x >> 24);
		}
		if (round % 3 == 0 && n > 5) {	/* plausible headers */
			put_u32(buf, (uint32_t)(n - 4));
			buf[4] = 4;
			buf[5] = 20;
		}
		sshp_banner_init(&b);
		sshp_banner_feed(&b, buf, n, &used);
		if (sshp_kexinit_parse(buf, n, &k) == 0)
			sshp_kexinit_free(&k);
		if (n > 0)
			buf[0] = 12;
		if (sshp_agent_parse(buf, n, &a) == 0)
			sshp_agent_keys_free(&a);
		buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
		(void)sshp_kh_host_matches((char *)buf, "example.org");
		{
			static const char begin[] =
			    "-----BEGIN OPENSSH PRIVATE KEY-----\n";
			int enc;

			if (n > sizeof(begin))
				memcpy(buf, begin, sizeof(begin) - 1);
			(void)sshp_keyfile_classify((char *)buf, n, &enc);
		}
		{
			static const char ctype[] =
			    "ssh-ed25519-cert-v01@openssh.com";
			sshp_cert c;

			if (n > 40) {
				put_u32(buf, sizeof(ctype) - 1);
				memcpy(buf + 4, ctype, sizeof(ctype) - 1);
			}
			if (sshp_cert_parse(buf, n, &c) == 0)
				sshp_cert_free(&c);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_banner_openssh),
		cmocka_unit_test(test_banner_prelines),
		cmocka_unit_test(test_banner_hostile),
		cmocka_unit_test(test_kexinit),
		cmocka_unit_test(test_packet_read),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_sha1_hmac),
		cmocka_unit_test(test_kh_match),
		cmocka_unit_test(test_kh_scan),
		cmocka_unit_test(test_agent_parse),
		cmocka_unit_test(test_keyfile),
		cmocka_unit_test(test_cert),
		cmocka_unit_test(test_proxy_expand),
		cmocka_unit_test(test_random_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
