/* gettext set-up and run-time language switching. */
#include "config.h"

#include "core/i18n.h"
#include "core/paths.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static const char *current_lang = "en";

const char *
sw_gettext(const char *msgid)
{
	if (msgid == NULL || *msgid == '\0')
		return "";
	return dgettext(PACKAGE, msgid);
}

int
i18n_known(const char *lang)
{
	return lang != NULL && (strcmp(lang, "en") == 0 || strcmp(lang, "ja") == 0);
}

/* The language the environment asks for, as gettext would read it. */
static const char *
env_lang(void)
{
	static const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v == NULL || *v == '\0')
			continue;
		return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
	}
	return "en";
}

/* 1 if the character type locale already speaks UTF-8. */
static int
ctype_is_utf8(void)
{
	const char *l = setlocale(LC_CTYPE, NULL);

	return l != NULL && (strstr(l, "UTF-8") != NULL || strstr(l, "utf8") != NULL ||
	    strstr(l, "UTF8") != NULL || strstr(l, "utf-8") != NULL);
}

int
i18n_set_lang(const char *lang)
{
	const char *msgs;

	if (!i18n_known(lang))
		return -1;
	current_lang = strcmp(lang, "ja") == 0 ? "ja" : "en";
	setenv("LANGUAGE", current_lang, 1);
	/* gettext ignores LANGUAGE in the C locale; C.UTF-8 is not "C". */
	msgs = setlocale(LC_MESSAGES, NULL);
	if (msgs == NULL || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (strcmp(current_lang, "ja") == 0 && !ctype_is_utf8())
		setlocale(LC_CTYPE, "C.UTF-8");
	/* Make gettext drop what it cached for the old language. */
	textdomain(PACKAGE);
#ifdef __GLIBC__
	{
		extern int _nl_msg_cat_cntr;

		++_nl_msg_cat_cntr;
	}
#endif
	return 0;
}

const char *
i18n_lang(void)
{
	return current_lang;
}

int
i18n_init(const char *lang)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, paths_locale_dir());
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	if (lang != NULL)
		return i18n_set_lang(lang);
	current_lang = env_lang();
	if (strcmp(current_lang, "ja") == 0)
		return i18n_set_lang("ja");
	return 0;
}
