/* authorized_keys lines, public keys, fingerprints, algorithm matching and
 * from= patterns, against what OpenSSH 9 (ssh-keygen -l, sshd) says of the
 * same input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>

#include "unit.h"
#include "probes/authkeys.h"
#include "probes/ssh.h"

/* Made with ssh-keygen; the fingerprints are what ssh-keygen -lf prints. */
#define K1 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqrJ0f8U7THmbqEGSk1Xa6dwiE" \
	"SOfrjclyTxrmk5fPP"
#define K1_FP "SHA256:9iyyvI78Y4+dLTfM9q7nHY5IdgxgiJdxFgDsCDBYJp0"
#define K2 "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCtLsxzn3J9KN+IguEqqF6Kqza" \
	"xGKIKx/5gfNNgpvTY9jSZw+BoJHocBTte3nDwU7rxjK+y0dXZy99IqaSu+PJC+RO+IFX" \
	"OcGhjQuQ5ZSTLBhZm/yt78KzxVqlpEvXDFXlB+KmnbOXyvbjKG3EnLalfOKuTjBY7vkU" \
	"EDKYScoFPiQ=="
#define K2_FP "SHA256:11BgyYABABkezSR8EFUkzikTwZaFPltMs7v30gKh4yo"
#define CA "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINEuME7DTGO8WK+BrUJ0RUxyoQC" \
	"x4paHM2bYn3RrQJZc"
#define CA_FP "SHA256:e9pejFm0fegytqt29ricgK8UmXGiYP9ReOHiWmgI3+k"
/* K1 signed by CA for principal alice. */
#define K1_CERT "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNl" \
	"cnQtdjAxQG9wZW5zc2guY29tAAAAIFiR2PC6Yb8+wGnBMdDa0TszEnMYZXm8feQVX2e+" \
	"Ws5ZAAAAIAqrJ0f8U7THmbqEGSk1Xa6dwiESOfrjclyTxrmk5fPPAAAAAAAAAAAAAAAB" \
	"AAAAAmlkAAAACQAAAAVhbGljZQAAAABrF1I9AAAAAGz3NWkAAAAAAAAAggAAABVwZXJt" \
	"aXQtWDExLWZvcndhcmRpbmcAAAAAAAAAF3Blcm1pdC1hZ2VudC1mb3J3YXJkaW5nAAAA" \
	"AAAAABZwZXJtaXQtcG9ydC1mb3J3YXJkaW5nAAAAAAAAAApwZXJtaXQtcHR5AAAAAAAA" \
	"AA5wZXJtaXQtdXNlci1yYwAAAAAAAAAAAAAAMwAAAAtzc2gtZWQyNTUxOQAAACDRLjBO" \
	"w0xjvFivga1CdEVMcqEAseKWhzNm2J90a0CWXAAAAFMAAAALc3NoLWVkMjU1MTkAAABA" \
	"XfGsNiv7zNKLlVyKrNvVseJD8HVDj0wONDgkwyjL+boeaCKJ/1csb/w7i+NypFyMRcS1" \
	"1BHjEUAJPY1NvFuBCw=="

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void
test_sha256(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} v[] = {
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		/* 55 and 64 bytes: the padding edges */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		  "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	};
	unsigned char d[32];
	char h[65], *million;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sshp_sha256(v[i].in, strlen(v[i].in), d);
		hex(d, 32, h);
		assert_string_equal(h, v[i].out);
	}
	million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	sshp_sha256(million, 1000000, d);
	hex(d, 32, h);
	assert_string_equal(h,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void
test_key_parse(void **state)
{
	ak_key k;

	(void)state;
	assert_int_equal(ak_key_parse(K1 " alice@client", &k), 0);
	assert_string_equal(k.type, "ssh-ed25519");
	assert_string_equal(k.fp, K1_FP);
	assert_string_equal(k.label, "alice@client");
	assert_null(k.ca_fp);
	ak_key_clear(&k);

	assert_int_equal(ak_key_parse(K2, &k), 0);
	assert_string_equal(k.fp, K2_FP);
	assert_string_equal(k.label, K2_FP);	/* no label: the fingerprint */
	ak_key_clear(&k);

	/* A certificate: the fingerprint of its key (as ssh-keygen -l and
	 * sshd print it) and its CA's. */
	assert_int_equal(ak_key_parse(K1_CERT " /home/a/.ssh/id-cert.pub", &k), 0);
	assert_string_equal(k.type, "ssh-ed25519-cert-v01@openssh.com");
	assert_string_equal(k.fp, K1_FP);
	assert_non_null(k.ca_fp);
	assert_string_equal(k.ca_fp, CA_FP);
	assert_string_equal(k.ca_type, "ssh-ed25519");
	ak_key_clear(&k);

	/* Only a fingerprint. */
	assert_int_equal(ak_key_parse(K1_FP, &k), 0);
	assert_null(k.type);
	assert_null(k.blob);
	assert_string_equal(k.fp, K1_FP);
	ak_key_clear(&k);

	/* Not keys: an unknown type, a type word that lies about the blob,
	 * bad base64, a short fingerprint. */
	assert_int_equal(ak_key_parse("ssh-foo AAAA", &k), -1);
	assert_int_equal(ak_key_parse("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAqrJ0f8U7"
	    "THmbqEGSk1Xa6dwiESOfrjclyTxrmk5fPP", &k), -1);
	assert_int_equal(ak_key_parse("ssh-ed25519 AAA!AAA", &k), -1);
	assert_int_equal(ak_key_parse("SHA256:abc", &k), -1);
	assert_int_equal(ak_key_parse("", &k), -1);
}

static void
test_lines(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "   \t\n"
	    K2 " r\n"
	    "from=\"10.0.0.0/8,!10.9.9.9\",no-pty,command=\"echo \\\"hi\\\"\" "
	    K1 " alice@client\r\n"
	    "restrict,pty " K1 "\n"
	    "expiry-time=\"20200101Z\" " K1 "\n"
	    "bogus-option " K1 "\n"
	    "from=\"unterminated " K1 "\n"
	    "cert-authority,principals=\"alice,bob\" " CA " the CA\n"
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqrJ0f8U7THmbq!!!\n"
	    "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAqrJ0f8U7THmbqEGSk1Xa6dwiESOfrjcly"
	    "Txrmk5fPP\n"
	    "no key on this line at all\n"
	    "environment=\"A=1\",environment=\"A-B=2\" " K1 "\n"
	    "permitopen=\"host:22\",permitlisten=\"8080\",tunnel=\"0\" " K1 "\n"
	    "restrict," K1 "\n";
	ak_file f;
	const ak_entry *e;

	(void)state;
	ak_parse(text, sizeof(text) - 1, &f);
	assert_int_equal(f.lines, 16);
	assert_int_equal(f.cut, 0);
	/* "no key on this line" and "restrict,<key>" (the key is read as
	 * part of the options, and no key follows): no key, as for sshd */
	assert_int_equal(f.n, 11);

	e = &f.v[0];			/* a plain key */
	assert_int_equal(e->line, 4);
	assert_false(e->has_opts);
	assert_null(e->error);
	assert_string_equal(e->fp, K2_FP);
	assert_string_equal(e->comment, "r");
	assert_int_equal(e->opts.pty, 1);

	e = &f.v[1];			/* options with quotes and escapes */
	assert_int_equal(e->line, 5);
	assert_null(e->error);
	assert_true(e->has_opts);
	assert_string_equal(e->opts.from, "10.0.0.0/8,!10.9.9.9");
	assert_string_equal(e->opts_text, "from=\"10.0.0.0/8,!10.9.9.9\",no-pty,"
	    "command=\"echo \\\"hi\\\"\"");
	assert_string_equal(e->opts.command, "echo \"hi\"");
	assert_int_equal(e->opts.pty, 0);
	assert_int_equal(e->opts.port_fwd, 1);
	assert_string_equal(e->fp, K1_FP);
	assert_string_equal(e->comment, "alice@client");

	e = &f.v[2];			/* restrict, then pty back on */
	assert_null(e->error);
	assert_true(e->opts.restrict_);
	assert_int_equal(e->opts.pty, 1);
	assert_int_equal(e->opts.port_fwd, 0);
	assert_int_equal(e->opts.agent_fwd, 0);

	e = &f.v[3];			/* expiry-time in UTC */
	assert_null(e->error);
	assert_int_equal(e->opts.expiry, 1577836800);
	assert_false(e->opts.expiry_local);
	assert_string_equal(e->opts.expiry_text, "20200101Z");

	e = &f.v[4];			/* sshd: "unknown key option" */
	assert_string_equal(e->error, "unknown key option");
	assert_string_equal(e->fp, K1_FP);

	e = &f.v[5];			/* unterminated quote */
	assert_string_equal(e->error, "invalid key option string");

	e = &f.v[6];			/* a CA line */
	assert_null(e->error);
	assert_true(e->opts.cert_authority);
	assert_string_equal(e->opts.principals, "alice,bob");
	assert_string_equal(e->fp, CA_FP);

	e = &f.v[7];
	assert_string_equal(e->error, "the key's base64 text does not decode");
	e = &f.v[8];
	assert_string_equal(e->error, "the key does not match its type word");

	e = &f.v[9];			/* a name is [A-Za-z0-9_] only */
	assert_int_equal(e->line, 14);
	assert_string_equal(e->error, "invalid environment string");

	e = &f.v[10];
	assert_int_equal(e->line, 15);
	assert_null(e->error);
	assert_int_equal(e->opts.n_permitopen, 1);
	assert_int_equal(e->opts.n_permitlisten, 1);
	assert_true(e->opts.tunnel);

	ak_file_clear(&f);
}

static void
test_options(void **state)
{
	static const struct {
		const char *opts;
		const char *why;	/* NULL: parses */
	} v[] = {
		{ "no-port-forwarding,no-agent-forwarding,no-X11-forwarding", NULL },
		{ "NO-PTY,No-User-Rc", NULL },
		{ "command=\"a\",command=\"b\"", "multiple \"command\" clauses" },
		{ "from=\"a\",from=\"b\"", "multiple \"from\" clauses" },
		{ "from=a", "missing start quote" },
		{ "command=\"", "missing end quote" },
		{ "expiry-time=\"2020\"", "invalid expires time" },
		{ "expiry-time=\"20201301\"", "invalid expires time" },
		{ "expiry-time=\"202001011200\"", NULL },
		{ "expiry-time=\"20200101120000UTC\"", NULL },
		{ "permitopen=\"nocolon\"", "invalid permission" },
		{ "permitopen=\"[::1]:22\"", NULL },
		{ "permitopen=\"h:0\"", "invalid permission" },
		{ "tunnel=\"x\"", "invalid tun device" },
		{ "pty,", "unexpected end-of-options" },
		{ "restrictx", "unknown key option" },
		{ "verify-required,no-touch-required", NULL },
	};
	ak_opts o;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int rc = ak_parse_opts(v[i].opts, strlen(v[i].opts), &o, &why);

		if (v[i].why == NULL) {
			assert_int_equal(rc, 0);
			assert_null(why);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(why, v[i].why);
		}
		ak_opts_clear(&o);
	}
	assert_int_equal(ak_parse_opts("no-pty,no-user-rc", 17, &o, &why), 0);
	assert_int_equal(o.pty, 0);
	assert_int_equal(o.user_rc, 0);
	assert_int_equal(o.x11_fwd, 1);
	ak_opts_clear(&o);
	/* The earliest expiry-time wins. */
	assert_int_equal(ak_parse_opts("expiry-time=\"20300101Z\","
	    "expiry-time=\"20200101Z\"", 48, &o, &why), 0);
	assert_int_equal(o.expiry, 1577836800);
	ak_opts_clear(&o);
}

static void
test_match_list(void **state)
{
	char *many;
	size_t i;

	(void)state;
	assert_int_equal(ak_match_list("ssh-ed25519", "ssh-ed25519,rsa-sha2-512"), 1);
	assert_int_equal(ak_match_list("ssh-ed25519", "rsa-sha2-512"), 0);
	assert_int_equal(ak_match_list("ssh-ed25519", "ssh-*,!ssh-ed25519"), -1);
	assert_int_equal(ak_match_list("ssh-rsa", "ssh-*,!ssh-ed25519"), 1);
	assert_int_equal(ak_match_list("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp???"), 1);
	assert_int_equal(ak_match_list("abc", ""), 0);
	assert_int_equal(ak_match_list("abc", "*"), 1);
	assert_int_equal(ak_match_list("abc", "a*b*c*"), 1);
	assert_int_equal(ak_match_list("abc", "a*b*d"), 0);
	assert_int_equal(ak_match_list("ABC", "abc"), 0);	/* case matters */
	/* Many stars against a long string stay fast (no backtracking
	 * explosion). */
	many = xmalloc(4001);
	for (i = 0; i < 4000; i++)
		many[i] = i % 2 ? '*' : 'a';
	many[4000] = '\0';
	assert_int_equal(ak_glob("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	    46, many, 4000), 0);
	free(many);
	/* a subpattern of 1023 bytes or more fails the whole list, as in
	 * sshd */
	many = xmalloc(1100);
	memset(many, '*', 1099);
	many[1099] = '\0';
	assert_int_equal(ak_match_list("abc", many), 0);
	free(many);
}

static void
test_algorithms(void **state)
{
	static const char server_default[] =
	    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,"
	    "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,"
	    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
	    "ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";
	char buf[256];
	const char *a;

	(void)state;
	/* What the client sends. */
	assert_string_equal(ak_client_alg("ssh-ed25519", NULL, buf, sizeof(buf)),
	    "ssh-ed25519");
	assert_string_equal(ak_client_alg("ssh-rsa", NULL, buf, sizeof(buf)),
	    "rsa-sha2-512");
	a = ak_client_alg("ssh-rsa", "ssh-ed25519,rsa-sha2-256,rsa-sha2-512",
	    buf, sizeof(buf));
	assert_string_equal(a, "rsa-sha2-256");
	assert_null(ak_client_alg("ssh-rsa", "ssh-ed25519", buf, sizeof(buf)));
	assert_null(ak_client_alg("ssh-ed25519", "rsa-sha2-512", buf, sizeof(buf)));
	assert_string_equal(ak_client_alg("ssh-rsa-cert-v01@openssh.com",
	    server_default, buf, sizeof(buf)), "rsa-sha2-512-cert-v01@openssh.com");

	/* What the server takes. */
	assert_int_equal(ak_algs_for_type("ssh-rsa", server_default, buf,
	    sizeof(buf)), 2);
	assert_string_equal(buf, "rsa-sha2-512,rsa-sha2-256");
	assert_int_equal(ak_algs_for_type("ssh-ed25519", "rsa-sha2-512", buf,
	    sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(ak_algs_for_type("ssh-dss", server_default, buf,
	    sizeof(buf)), 0);

	assert_string_equal(ak_keygen_type(server_default), "ed25519");
	assert_string_equal(ak_keygen_type("rsa-sha2-256"), "rsa");
	assert_string_equal(ak_keygen_type("sk-ssh-ed25519@openssh.com,"
	    "ecdsa-sha2-nistp384"), "ecdsa -b 384");
	assert_null(ak_keygen_type("ssh-dss"));
}

static void
test_from(void **state)
{
	(void)state;
	/* With UseDNS no, sshd's host is the address. */
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "198.51.100.0/24"), 1);
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "203.0.113.0/24"), 0);
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "198.51.100.*,!198.51.100.1"), 0);
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "198.51.100.?"), 1);
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "10.0.0.1,198.51.100.1"), 1);
	/* Host bits set under the mask: sshd calls the list invalid. */
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "198.51.100.1/24"), -1);
	assert_int_equal(ak_from_match("198.51.100.1", "198.51.100.1",
	    "a,,b"), -1);
	assert_int_equal(ak_from_match("2001:db8::1", "2001:db8::1",
	    "2001:db8::/32"), 1);
	assert_int_equal(ak_from_match("2001:db8::1", "2001:db8::1",
	    "198.51.100.0/24"), 0);
	/* Host names match the host, case-insensitively. */
	assert_int_equal(ak_from_match("Client.Example", "198.51.100.1",
	    "*.example"), 1);
	assert_int_equal(ak_from_match("client.example", "198.51.100.1",
	    "*.example,!client.*"), 0);
	assert_int_equal(ak_from_match(NULL, NULL, "*"), 0);
}

/* Found by fuzz-authkeys: a line with options whose key does not decode
 * was taken as usable, because parsing the options cleared the key's
 * error. */
static void
test_options_keep_key_error(void **state)
{
	static const char line[] = "no-pty ssh-ed25519 AAAAC3NzaC1lZDNgpvTY9j"
	    "e=\"x\" ssh-ed25519 AAAA";
	ak_entry e;

	(void)state;
	assert_int_equal(ak_parse_line(line, sizeof(line) - 1, 1, &e), 1);
	assert_non_null(e.error);
	assert_null(e.fp);
	ak_entry_clear(&e);
}

static void
test_entry_is_key(void **state)
{
	ak_file f;
	ak_key k1, fp_only, k2;
	static const char text[] = "from=\"10.0.0.1\" " K1 "\n" K2 "\n";

	(void)state;
	ak_parse(text, sizeof(text) - 1, &f);
	assert_int_equal(f.n, 2);
	assert_int_equal(ak_key_parse(K1, &k1), 0);
	assert_int_equal(ak_key_parse(K1_FP " given", &fp_only), 0);
	assert_int_equal(ak_key_parse(K2, &k2), 0);
	assert_true(ak_entry_is_key(&f.v[0], &k1));
	assert_true(ak_entry_is_key(&f.v[0], &fp_only));
	assert_false(ak_entry_is_key(&f.v[1], &k1));
	assert_true(ak_entry_is_key(&f.v[1], &k2));
	ak_key_clear(&k1);
	ak_key_clear(&fp_only);
	ak_key_clear(&k2);
	ak_file_clear(&f);
}

static void
test_bounds(void **state)
{
	size_t n = AK_LINE_MAX + 100, i;
	char *big = xmalloc(n + 1), *many;
	ak_file f;

	(void)state;
	/* An overlong line is skipped and counted. */
	memset(big, 'x', n);
	big[n] = '\0';
	ak_parse(big, n, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(f.long_lines, 1);
	ak_file_clear(&f);
	free(big);
	/* A NUL ends the line, as for sshd's string functions. */
	ak_parse(K1 "\0garbage\n" K2, sizeof(K1 "\0garbage\n" K2) - 1, &f);
	assert_int_equal(f.n, 2);
	assert_null(f.v[0].error);
	ak_file_clear(&f);
	/* Past AK_LINES_MAX lines the rest is not read. */
	n = (AK_LINES_MAX + 10) * 2;
	many = xmalloc(n);
	for (i = 0; i < n; i += 2) {
		many[i] = '#';
		many[i + 1] = '\n';
	}
	ak_parse(many, n, &f);
	assert_int_equal(f.lines, AK_LINES_MAX);
	assert_int_equal(f.cut, 1);
	ak_file_clear(&f);
	free(many);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_match_list),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_from),
		cmocka_unit_test(test_options_keep_key_error),
		cmocka_unit_test(test_entry_is_key),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
