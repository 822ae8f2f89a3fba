/* Unit tests of the display-width functions (src/core/textwidth.c), on
 * English and Japanese text. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/textwidth.h"

/* Widths must agree with wcwidth() in a UTF-8 locale and with the built-in
 * table in the C locale: every test runs its body under both. */
static void
run_both(void (*body)(void))
{
	setlocale(LC_CTYPE, "C");
	body();
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		body();
	setlocale(LC_CTYPE, "C");
}

#define BOTH_LOCALES(name) \
	static void name##_body(void); \
	static void name(void **state) \
	{ \
		(void)state; \
		run_both(name##_body); \
	} \
	static void name##_body(void)

/* Line i of the wrapped text as a new string. */
static char *
line_str(const char *s, const tw_line *l)
{
	return strndup(s + l->off, l->len);
}

/* Wraps s to width and checks the lines against want (NULL-terminated) and
 * that no line is wider than width. */
static void
check_wrap(const char *s, int width, const char *const *want)
{
	tw_line *v = NULL;
	size_t n = tw_wrap(s, width, &v), i, nwant = 0;

	while (want[nwant] != NULL)
		nwant++;
	for (i = 0; i < n && i < nwant; i++) {
		char *got = line_str(s, &v[i]);

		if (strcmp(got, want[i]) != 0)
			fail_msg("width %d line %zu: got '%s', want '%s'", width,
			    i, got, want[i]);
		assert_int_equal(v[i].width, tw_width(got));
		assert_true(v[i].width <= (width < 1 ? 1 : width));
		free(got);
	}
	assert_int_equal(n, nwant);
	free(v);
}

BOTH_LOCALES(test_decode)
{
	uint32_t cp;

	assert_int_equal(tw_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(tw_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(tw_decode("あ", 3, &cp), 3);
	assert_int_equal(cp, 0x3042);
	assert_int_equal(tw_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	/* Invalid: lone continuation, overlong, surrogate, truncated. */
	assert_int_equal(tw_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(tw_decode("\xc0\xaf", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(tw_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(tw_decode("\xe3\x81", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(tw_decode("\xe3\x81\x82", 2, &cp), 1);
}

BOTH_LOCALES(test_width)
{
	assert_int_equal(tw_width(NULL), 0);
	assert_int_equal(tw_width(""), 0);
	assert_int_equal(tw_width("ssh"), 3);
	assert_int_equal(tw_width("接続"), 4);
	assert_int_equal(tw_width("ポート22"), 8);
	assert_int_equal(tw_width("ｱｲｳ"), 3);		/* halfwidth kana */
	assert_int_equal(tw_width("ＡＢ"), 4);		/* fullwidth Latin */
	assert_int_equal(tw_width("e\xcc\x81"), 1);	/* e + combining acute */
	assert_int_equal(tw_width("a\tb"), 2);		/* control: 0 */
	assert_int_equal(tw_width("\xff\xfe"), 2);	/* invalid bytes */
	assert_int_equal(tw_width_n("接続できません", 6), 4);
	assert_int_equal(tw_char_width(0x3000), 2);	/* ideographic space */
	assert_int_equal(tw_char_width(0x1f600), 2);
	assert_int_equal(tw_char_width(0x200b), 0);
}

BOTH_LOCALES(test_fit)
{
	int used;
	const char *s = "あいう";

	/* A wide character straddling the edge is left out. */
	assert_int_equal(tw_fit(s, strlen(s), 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(tw_fit(s, strlen(s), 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(tw_fit(s, strlen(s), 6, &used), 9);
	assert_int_equal(used, 6);
	assert_int_equal(tw_fit("abc", 3, 10, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(tw_fit("abc", 2, 10, NULL), 2);
	/* The combining mark stays with its base. */
	assert_int_equal(tw_fit("e\xcc\x81x", 4, 1, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(tw_fit("", 0, 3, &used), 0);
}

BOTH_LOCALES(test_kinsoku_sets)
{
	static const uint32_t start[] = { 0x3002, 0x3001, 0x300d, 0xff09,
	    0x30fc, 0x3063, 0x30c3, 0x3005, 0xff01, 0xff1f, '.', ')', 0xff70 };
	static const uint32_t end[] = { 0x300c, 0xff08, 0x300e, 0x3010, '(' };
	size_t i;

	for (i = 0; i < sizeof(start) / sizeof(start[0]); i++) {
		assert_true(tw_no_line_start(start[i]));
		assert_false(tw_no_line_end(start[i]));
	}
	for (i = 0; i < sizeof(end) / sizeof(end[0]); i++) {
		assert_true(tw_no_line_end(end[i]));
		assert_false(tw_no_line_start(end[i]));
	}
	assert_false(tw_no_line_start(0x3042));
	assert_false(tw_no_line_start('a'));
	assert_false(tw_no_line_end(0x3042));
}

BOTH_LOCALES(test_wrap_english)
{
	check_wrap("", 10, (const char *const[]){ "", NULL });
	check_wrap("one two three", 20, (const char *const[]){ "one two three", NULL });
	check_wrap("one two three", 7, (const char *const[]){ "one two", "three", NULL });
	check_wrap("one two three", 6, (const char *const[]){ "one", "two", "three", NULL });
	/* Spaces at a soft break disappear. */
	check_wrap("aaa    bbb", 5, (const char *const[]){ "aaa", "bbb", NULL });
	/* A word longer than the width is cut. */
	check_wrap("abcdefghij", 4, (const char *const[]){ "abcd", "efgh", "ij", NULL });
	/* Newlines always break; indentation after one is kept. */
	check_wrap("a\n  b\n\nc", 10, (const char *const[]){ "a", "  b", "", "c", NULL });
	check_wrap("a\n", 10, (const char *const[]){ "a", NULL });
	/* No line starts with closing punctuation. */
	check_wrap("see port 22 !", 11, (const char *const[]){ "see port", "22 !", NULL });
	check_wrap("x", 0, (const char *const[]){ "x", NULL });
	/* A TAB takes the columns tw_width gives it (none), and breaks like
	 * a space. */
	check_wrap("a\tb c", 3, (const char *const[]){ "a\tb", "c", NULL });
	check_wrap("a\t\t\t\tb", 2, (const char *const[]){ "a\t\t\t\tb", NULL });
	/* Leading blanks wider than the line break before the word: no line
	 * comes out wider than asked. */
	check_wrap("      word", 4, (const char *const[]){ "", "word", NULL });
	check_wrap("  ab", 3, (const char *const[]){ "", "ab", NULL });
	check_wrap("x\n\t   \t  yz", 3, (const char *const[]){ "x", "", "yz", NULL });
	/* ... also before a character that may not start a line (found by
	 * tests/fuzz/fuzz-textwidth). */
	check_wrap("   ! ab", 2, (const char *const[]){ "", "!", "ab", NULL });
}

BOTH_LOCALES(test_wrap_japanese)
{
	/* Breaks between any two wide characters. */
	check_wrap("あいうえお", 4, (const char *const[]){ "あい", "うえ", "お", NULL });
	/* Odd width: a wide character never straddles the edge. */
	check_wrap("あいうえお", 5, (const char *const[]){ "あい", "うえ", "お", NULL });
	/* 。 is pushed off the start of a line: its neighbour comes down with it. */
	check_wrap("あいうえ。", 8, (const char *const[]){ "あいう", "え。", NULL });
	check_wrap("接続が拒否されました。", 20,
	    (const char *const[]){ "接続が拒否されまし", "た。", NULL });
	/* 、 」 ） too. */
	check_wrap("あいう、え", 6, (const char *const[]){ "あい", "う、え", NULL });
	check_wrap("「ポート」です", 9, (const char *const[]){ "「ポー", "ト」です", NULL });
	check_wrap("「ポート」です", 10, (const char *const[]){ "「ポート」", "です", NULL });
	check_wrap("あいう（え）", 8, (const char *const[]){ "あいう", "（え）", NULL });
	/* 「 stays with what follows it. */
	check_wrap("あいう「え」", 8, (const char *const[]){ "あいう", "「え」", NULL });
	/* Small kana and the prolonged sound mark stay off the start too. */
	check_wrap("サーバー", 4, (const char *const[]){ "サー", "バー", NULL });
	check_wrap("ちょっと", 6, (const char *const[]){ "ちょっ", "と", NULL });
	check_wrap("ちょっと", 5, (const char *const[]){ "ちょ", "っと", NULL });
	/* Mixed scripts: a break between a wide and a narrow character. */
	check_wrap("ポート22に接続できません", 12,
	    (const char *const[]){ "ポート22に接", "続できません", NULL });
	check_wrap("ポート22に接続", 7,
	    (const char *const[]){ "ポート", "22に接", "続", NULL });
	check_wrap("sshd が動いていません", 11,
	    (const char *const[]){ "sshd が動い", "ていません", NULL });
	/* A line of nothing but closing marks is still cut, never overflows. */
	check_wrap("。。。。", 4, (const char *const[]){ "。。", "。。", NULL });
}

BOTH_LOCALES(test_truncate)
{
	char *s;

	s = tw_truncate("hello", 10, "…");
	assert_string_equal(s, "hello");
	free(s);
	s = tw_truncate("hello world", 8, "…");
	assert_string_equal(s, "hello w…");
	free(s);
	s = tw_truncate("hello world", 8, "...");
	assert_string_equal(s, "hello...");
	free(s);
	/* Never half a wide character: 5 columns hold two of them + "…". */
	s = tw_truncate("あいうえお", 6, "…");
	assert_string_equal(s, "あい…");
	assert_true(tw_width(s) <= 6);
	free(s);
	s = tw_truncate("あいうえお", 5, "…");
	assert_string_equal(s, "あい…");
	free(s);
	s = tw_truncate("あいうえお", 1, "…");
	assert_string_equal(s, "…");
	free(s);
	s = tw_truncate("abc", 2, "...");
	assert_string_equal(s, "..");
	free(s);
	s = tw_truncate("abc", 0, "…");
	assert_string_equal(s, "");
	free(s);
	s = tw_truncate("abcdef", 3, NULL);
	assert_string_equal(s, "abc");
	free(s);
	s = tw_truncate(NULL, 3, NULL);
	assert_string_equal(s, "");
	free(s);
}

BOTH_LOCALES(test_pad_center)
{
	char *s;

	s = tw_pad("ab", 5, "…");
	assert_string_equal(s, "ab   ");
	free(s);
	s = tw_pad("日本語", 8, "…");
	assert_string_equal(s, "日本語  ");
	assert_int_equal(tw_width(s), 8);
	free(s);
	/* Truncated to 4 columns ("日" + "…" = 3) then padded to exactly 4. */
	s = tw_pad("日本語", 4, "…");
	assert_int_equal(tw_width(s), 4);
	assert_string_equal(s, "日… ");
	free(s);
	s = tw_pad("", 0, "…");
	assert_string_equal(s, "");
	free(s);
	s = tw_center("ab", 6, "…");
	assert_string_equal(s, "  ab  ");
	free(s);
	s = tw_center("ab", 5, "…");
	assert_string_equal(s, " ab  ");
	free(s);
	s = tw_center("英語", 7, "…");
	assert_string_equal(s, " 英語  ");
	assert_int_equal(tw_width(s), 7);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_kinsoku_sets),
		cmocka_unit_test(test_wrap_english),
		cmocka_unit_test(test_wrap_japanese),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_pad_center),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
