/* Translation: gettext set-up, the current language, and the _() macros.
 * Every user-visible string goes through _() (or N_() where it is only
 * marked, and translated later with _()).
 *
 * The languages are "en" (the msgids themselves) and every language listed
 * in po/LINGUAS, which configure turns into SW_LINGUAS: adding a language is
 * a new po/LL.po and a line in po/LINGUAS, and nothing here changes. */
#ifndef SW_I18N_H
#define SW_I18N_H

#include <libintl.h>

#define _(s) sw_gettext(s)
#define N_(s) (s)

/* gettext() that is safe for NULL and "" (gettext("") would return the
 * catalogue header).  The result is static; do not free. */
const char *sw_gettext(const char *msgid) __attribute__((format_arg(1)));

/* Sets the locale from the environment, binds the catalogue (from the build
 * tree when run from it, else the installed locale directory) and picks the
 * language: lang when not NULL, else what the environment asks for as gettext
 * reads it (LANGUAGE, a colon list, unless LC_ALL, LC_MESSAGES or LANG sets
 * the plain C locale; then the first of those set), "en" when that names no
 * known language.  Call once at the top of main, after paths_init().
 * Returns 0, or -1 if lang names no known language (the language is then
 * "en"). */
int i18n_init(const char *lang);

/* Switches the language of every later _() to lang, also where no locale
 * for it is generated: the message locale falls back to C.UTF-8 (gettext
 * ignores LANGUAGE in the plain C locale) and, for any language but "en",
 * the character type becomes UTF-8 if it was not.  Takes effect on the next
 * _() call.  Not thread-safe: call it only while no other thread translates
 * (it changes the environment).  Returns 0, or -1 for an unknown language
 * (nothing changes). */
int i18n_set_lang(const char *lang);

/* The language in effect: "en" or a code from po/LINGUAS.  Static string,
 * valid until the next i18n_set_lang(). */
const char *i18n_lang(void);

/* 1 if lang is a language the program has: "en" or a code in po/LINGUAS. */
int i18n_known(const char *lang);

/* Every known language, "en" first then po/LINGUAS order; NULL-terminated,
 * static. */
const char *const *i18n_langs(void);

/* The known languages as one string, e.g. "en, ja".  Static. */
const char *i18n_langs_text(void);

/* The language after the current one in i18n_langs(), wrapping round: what
 * a "switch language" key moves to.  Static. */
const char *i18n_next_lang(void);

/* The name of the current language, written in that language ("English",
 * "日本語").  Static. */
const char *i18n_lang_name(void);

/* The name of lang written in lang ("日本語" for "ja"), whatever the current
 * language: what a "switch language" hint shows; lang itself when unknown.
 * The first call after i18n_init() looks every name up (switching LANGUAGE
 * for a moment): the same thread rule as i18n_set_lang().  Static. */
const char *i18n_lang_name_of(const char *lang);

#endif
