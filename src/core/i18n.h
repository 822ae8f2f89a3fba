/* Translation: gettext set-up, the current language, and the _() macros.
 * Every user-visible string goes through _() (or N_() where it is only
 * marked, and translated later with _()). */
#ifndef SW_I18N_H
#define SW_I18N_H

#include <libintl.h>

#define _(s) sw_gettext(s)
#define N_(s) (s)

/* gettext() that is safe for NULL and "" (gettext("") would return the
 * catalogue header).  The result is static; do not free. */
const char *sw_gettext(const char *msgid) __attribute__((format_arg(1)));

/* Sets the locale from the environment, binds the catalogue (from the build
 * tree when run from it, else the installed locale directory) and, when lang
 * is not NULL, overrides the language with i18n_set_lang().  Call once at the
 * top of main.  Returns 0, or -1 if lang names no known language. */
int i18n_init(const char *lang);

/* Switches the language of every later _() to "en" or "ja", even where no
 * Japanese locale is generated (it falls back to C.UTF-8 for the character
 * type).  Returns 0, or -1 for an unknown language. */
int i18n_set_lang(const char *lang);

/* The language in effect: "en" or "ja".  Static string. */
const char *i18n_lang(void);

/* 1 if lang is a language the program knows ("en", "ja"). */
int i18n_known(const char *lang);

#endif
