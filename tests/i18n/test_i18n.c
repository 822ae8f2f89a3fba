/* The language choice: the known languages, the environment, and switching
 * at run time (the TUI's L key) with the build tree's catalogue. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

/* A msgid of i18n.c whose Japanese the catalogue must hold. */
#define PROBE_MSGID "English"
#define PROBE_JA "日本語"

static void
env_clear(void)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

/* i18n_init() with the environment given as NAME=VALUE pairs, then the
 * catalogue rebound to the build tree (paths_init() would only find it for
 * the sshwizard binary itself). */
static int
init_with(const char *lang, const char *const *env)
{
	int r;

	env_clear();
	for (; env != NULL && *env != NULL; env += 2)
		setenv(env[0], env[1], 1);
	r = i18n_init(lang);
	bindtextdomain(PACKAGE, SW_BUILDDIR "/locale");
	return r;
}

static void
test_known(void **state)
{
	const char *const *l = i18n_langs();

	(void)state;
	assert_true(i18n_known("en"));
	assert_true(i18n_known("ja"));
	assert_false(i18n_known(NULL));
	assert_false(i18n_known(""));
	assert_false(i18n_known("JA"));
	assert_false(i18n_known("ja_JP"));
	assert_false(i18n_known("../ja"));
	assert_string_equal(l[0], "en");
	assert_non_null(l[1]);
	assert_non_null(strstr(i18n_langs_text(), "en, "));
	assert_non_null(strstr(i18n_langs_text(), "ja"));
	assert_int_equal(i18n_set_lang("xx"), -1);
	assert_int_equal(i18n_set_lang(NULL), -1);
}

/* The environment, as gettext reads it: the first variable set decides. */
static void
test_env(void **state)
{
	static const char *const lang_ja[] = { "LANG", "ja_JP.UTF-8", NULL };
	static const char *const language_ja[] = {
		"LANGUAGE", "ja", "LANG", "C.UTF-8", NULL
	};
	static const char *const language_alone[] = { "LANGUAGE", "ja", NULL };
	static const char *const language_c[] = {
		"LANGUAGE", "ja", "LC_ALL", "POSIX", NULL
	};
	static const char *const language_en[] = {
		"LANGUAGE", "en_GB:ja", "LANG", "ja_JP.UTF-8", NULL
	};
	static const char *const list[] = {
		"LANGUAGE", "fr:ja_JP:en", "LANG", "en_US.UTF-8", NULL
	};
	static const char *const lc_all_c[] = {
		"LC_ALL", "C", "LANG", "ja_JP.UTF-8", NULL
	};
	static const char *const lc_messages[] = {
		"LC_MESSAGES", "ja_JP.eucJP", "LANG", "en_GB.UTF-8", NULL
	};
	static const char *const unknown[] = { "LANG", "de_DE.UTF-8", NULL };
	static const char *const modifier[] = { "LANG", "ja@cjknarrow", NULL };

	(void)state;
	assert_int_equal(init_with(NULL, NULL), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_int_equal(init_with(NULL, lang_ja), 0);
	assert_string_equal(i18n_lang(), "ja");
	assert_int_equal(init_with(NULL, language_ja), 0);
	assert_string_equal(i18n_lang(), "ja");
	assert_int_equal(init_with(NULL, language_alone), 0);
	assert_string_equal(i18n_lang(), "ja");
	/* LC_ALL=C is how one asks for English; LANGUAGE does not count. */
	assert_int_equal(init_with(NULL, language_c), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_int_equal(init_with(NULL, language_en), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_int_equal(init_with(NULL, list), 0);
	assert_string_equal(i18n_lang(), "ja");
	assert_int_equal(init_with(NULL, lc_all_c), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_int_equal(init_with(NULL, lc_messages), 0);
	assert_string_equal(i18n_lang(), "ja");
	assert_int_equal(init_with(NULL, unknown), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_int_equal(init_with(NULL, modifier), 0);
	assert_string_equal(i18n_lang(), "ja");
	/* --lang wins over the environment, both ways. */
	assert_int_equal(init_with("en", lang_ja), 0);
	assert_string_equal(i18n_lang(), "en");
	assert_string_equal(_(PROBE_MSGID), PROBE_MSGID);
	assert_int_equal(init_with("ja", NULL), 0);
	assert_string_equal(i18n_lang(), "ja");
	assert_int_equal(init_with("xx", lang_ja), -1);
	assert_string_equal(i18n_lang(), "en");
}

/* --lang ja where no Japanese locale exists (the plain C locale): the
 * message text is Japanese and the character type speaks UTF-8. */
static void
test_no_japanese_locale(void **state)
{
	static const char *const c[] = { "LC_ALL", "C", NULL };
	const char *ctype;

	(void)state;
	assert_int_equal(init_with("ja", c), 0);
	assert_string_equal(_(PROBE_MSGID), PROBE_JA);
	assert_string_equal(i18n_lang_name(), PROBE_JA);
	ctype = setlocale(LC_CTYPE, NULL);
	assert_non_null(ctype);
	assert_true(strstr(ctype, "UTF-8") != NULL || strstr(ctype, "utf8") != NULL);
}

/* The L key: every switch shows on the very next _() call, back and forth,
 * and i18n_next_lang() goes round every language. */
static void
test_switch(void **state)
{
	const char *const *l = i18n_langs();
	size_t n = 0, i;
	int round;

	(void)state;
	assert_int_equal(init_with(NULL, NULL), 0);
	assert_string_equal(_(PROBE_MSGID), PROBE_MSGID);
	/* Each language's own name, whichever is current. */
	assert_string_equal(i18n_lang_name_of("ja"), PROBE_JA);
	assert_string_equal(i18n_lang_name_of("en"), "English");
	assert_string_equal(i18n_lang_name(), "English");
	for (round = 0; round < 3; round++) {
		assert_int_equal(i18n_set_lang("ja"), 0);
		assert_string_equal(i18n_lang(), "ja");
		assert_string_equal(_(PROBE_MSGID), PROBE_JA);
		assert_string_equal(_(PROBE_MSGID), PROBE_JA);
		assert_string_equal(i18n_lang_name(), PROBE_JA);
		assert_string_equal(i18n_lang_name_of("en"), "English");
		assert_int_equal(i18n_set_lang("en"), 0);
		assert_string_equal(i18n_lang(), "en");
		assert_string_equal(_(PROBE_MSGID), PROBE_MSGID);
	}
	for (; l[n] != NULL; n++)
		;
	for (i = 0; i < n; i++) {
		const char *next = i18n_next_lang();

		assert_string_equal(next, l[(i + 1) % n]);
		assert_int_equal(i18n_set_lang(next), 0);
	}
	assert_string_equal(i18n_lang(), "en");
	/* NULL and "" never reach gettext (which would give the header). */
	assert_string_equal(_(NULL), "");
	assert_string_equal(_(""), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_no_japanese_locale),
		cmocka_unit_test(test_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
