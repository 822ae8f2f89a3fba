/* gettext set-up and run-time language switching. */
#include "config.h"

#include "core/i18n.h"
#include "core/paths.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The codes of po/LINGUAS, space-separated (configure.ac). */
#ifndef SW_LINGUAS
#define SW_LINGUAS ""
#endif

/* Room for every language: "en", the codes of SW_LINGUAS, the NULL. */
#define LANGS_MAX (sizeof(SW_LINGUAS) / 2 + 2)
#define LANG_CODE_MAX 16

static char lang_codes[sizeof(SW_LINGUAS) + 3];
static const char *langs[LANGS_MAX + 1];
static char langs_text[sizeof(SW_LINGUAS) * 2 + 8];
static const char *current_lang = "en";

static void catalogue_reload(void);

const char *
sw_gettext(const char *msgid)
{
	if (msgid == NULL || *msgid == '\0')
		return "";
	return dgettext(PACKAGE, msgid);
}

/* Splits SW_LINGUAS into langs[] once. */
static void
langs_fill(void)
{
	char *p, *save = NULL;
	size_t n = 0;

	if (langs[0] != NULL)
		return;
	snprintf(lang_codes, sizeof(lang_codes), "en %s", SW_LINGUAS);
	for (p = strtok_r(lang_codes, " \t", &save); p != NULL && n < LANGS_MAX;
	    p = strtok_r(NULL, " \t", &save)) {
		size_t i;
		int dup = 0;

		for (i = 0; i < n; i++)
			dup |= strcmp(langs[i], p) == 0;
		if (!dup)
			langs[n++] = p;
	}
	langs[n] = NULL;
}

const char *const *
i18n_langs(void)
{
	langs_fill();
	return langs;
}

const char *
i18n_langs_text(void)
{
	size_t i, len = 0;

	langs_fill();
	if (langs_text[0] != '\0')
		return langs_text;
	for (i = 0; langs[i] != NULL; i++)
		len += (size_t)snprintf(langs_text + len, sizeof(langs_text) - len,
		    "%s%s", i > 0 ? ", " : "", langs[i]);
	return langs_text;
}

/* The entry of langs[] equal to lang, or NULL. */
static const char *
lang_find(const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	langs_fill();
	for (i = 0; langs[i] != NULL; i++)
		if (strcmp(langs[i], lang) == 0)
			return langs[i];
	return NULL;
}

int
i18n_known(const char *lang)
{
	return lang_find(lang) != NULL;
}

/* 1 if the locale name names the plain C locale. */
static int
locale_is_c(const char *name)
{
	return strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* The known language a locale or LANGUAGE entry names ("ja_JP.UTF-8" ->
 * "ja", "pt_BR" -> "pt_BR" if known, else "pt"), or NULL. */
static const char *
lang_of_locale(const char *name, size_t len)
{
	char code[LANG_CODE_MAX];
	const char *l;
	size_t n;

	for (n = 0; n < len && name[n] != '.' && name[n] != '@'; n++)
		;
	if (n == 0 || n >= sizeof(code))
		return NULL;
	memcpy(code, name, n);
	code[n] = '\0';
	if (locale_is_c(code))
		return "en";
	if ((l = lang_find(code)) != NULL)
		return l;
	code[strcspn(code, "_")] = '\0';
	return lang_find(code);
}

/* The language the environment asks for, read as gettext reads it: LANGUAGE
 * (a colon list, its first known entry) unless the locale is set to plain C,
 * then the first of LC_ALL, LC_MESSAGES, LANG that is set.  Unlike gettext,
 * LANGUAGE also counts when no locale variable is set at all, as in a bare
 * container, since the program shows any language on a UTF-8 terminal. */
static const char *
env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *locale = NULL, *language = getenv("LANGUAGE"), *l;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]) && locale == NULL; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			locale = v;
	}
	if (language != NULL && *language != '\0' &&
	    (locale == NULL || !locale_is_c(locale))) {
		while (*language != '\0') {
			size_t len = strcspn(language, ":");

			if ((l = lang_of_locale(language, len)) != NULL)
				return l;
			language += len + (language[len] == ':');
		}
		return "en";
	}
	if (locale != NULL && (l = lang_of_locale(locale, strlen(locale))) != NULL)
		return l;
	return "en";
}

/* 1 if the locale name l speaks UTF-8. */
static int
locale_is_utf8(const char *l)
{
	return l != NULL && (strstr(l, "UTF-8") != NULL ||
	    strstr(l, "utf8") != NULL || strstr(l, "UTF8") != NULL ||
	    strstr(l, "utf-8") != NULL);
}

/* Sets category to the first UTF-8 locale that exists on every system that
 * has one at all.  Returns 0 or -1. */
static int
set_utf8_locale(int category)
{
	static const char *const names[] = {
		"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (setlocale(category, names[i]) != NULL)
			return 0;
	return -1;
}

int
i18n_set_lang(const char *lang)
{
	const char *l = lang_find(lang), *msgs;

	if (l == NULL)
		return -1;
	current_lang = l;
	setenv("LANGUAGE", l, 1);
	/* gettext ignores LANGUAGE in the C locale; C.UTF-8 is not "C". */
	msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs == NULL || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
		set_utf8_locale(LC_MESSAGES);
	/* Translated text is UTF-8; wcwidth() and curses must read it so. */
	if (strcmp(l, "en") != 0 && !locale_is_utf8(setlocale(LC_CTYPE, NULL)))
		set_utf8_locale(LC_CTYPE);
	catalogue_reload();
	return 0;
}

const char *
i18n_lang(void)
{
	return current_lang;
}

const char *
i18n_next_lang(void)
{
	size_t i;

	langs_fill();
	for (i = 0; langs[i] != NULL; i++)
		if (strcmp(langs[i], current_lang) == 0 && langs[i + 1] != NULL)
			return langs[i + 1];
	return langs[0];
}

/* Makes gettext drop what it cached for the old language. */
static void
catalogue_reload(void)
{
	textdomain(PACKAGE);
#ifdef __GLIBC__
	{
		extern int _nl_msg_cat_cntr;

		++_nl_msg_cat_cntr;
	}
#endif
}

/* TRANSLATORS: the name of your language, written in it: "日本語" for
 * Japanese.  Shown where the user switches languages. */
static const char lang_name_msgid[] = N_("English");

/* The name of each language of langs[], in itself (same index); looked up
 * on first use after i18n_init(). */
static char *lang_names[LANGS_MAX + 1];
static int lang_names_filled;

/* Looks up every language's name in its own catalogue, switching only
 * LANGUAGE for the time of the lookups; the current language stays. */
static void
lang_names_fill(void)
{
	size_t i;

	for (i = 0; langs[i] != NULL; i++) {
		free(lang_names[i]);
		setenv("LANGUAGE", langs[i], 1);
		catalogue_reload();
		lang_names[i] = strdup(dgettext(PACKAGE, lang_name_msgid));
	}
	setenv("LANGUAGE", current_lang, 1);
	catalogue_reload();
	lang_names_filled = 1;
}

const char *
i18n_lang_name_of(const char *lang)
{
	size_t i;

	langs_fill();
	if (!lang_names_filled)
		lang_names_fill();
	for (i = 0; lang != NULL && langs[i] != NULL; i++)
		if (strcmp(langs[i], lang) == 0)
			return lang_names[i] != NULL ? lang_names[i] : langs[i];
	return lang != NULL ? lang : "";
}

const char *
i18n_lang_name(void)
{
	return i18n_lang_name_of(current_lang);
}

int
i18n_init(const char *lang)
{
	int r = 0;

	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, paths_locale_dir());
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	if (lang != NULL && !i18n_known(lang)) {
		r = -1;
		lang = "en";
	}
	i18n_set_lang(lang != NULL ? lang : env_lang());
	lang_names_filled = 0;
	return r;
}
