/* Locating runtime files in the build tree or the installed prefix. */
#include "config.h"

#include "core/paths.h"
#include "platform/platform.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char wizard_dir[PATH_MAX] = SW_PKGDATADIR "/wizard";
static char data_dir[PATH_MAX] = SW_PKGDATADIR "/data";
static char locale_dir[PATH_MAX] = SW_LOCALEDIR;
static char default_tree[PATH_MAX + 16] = SW_PKGDATADIR "/wizard/main.yaml";

/* The folder of the running executable, into buf; 0 or -1. */
static int
exe_dir(const char *argv0, char *buf, size_t n)
{
	char path[PATH_MAX];
	char *slash;

	if (platform_exe_path(path, sizeof(path)) != 0 &&
	    (argv0 == NULL || strchr(argv0, '/') == NULL ||
	    realpath(argv0, path) == NULL))
		return -1;
	if ((slash = strrchr(path, '/')) == NULL)
		return -1;
	*slash = '\0';
	snprintf(buf, n, "%s", path);
	return 0;
}

void
paths_init(const char *argv0)
{
	char dir[PATH_MAX], build[PATH_MAX];
	const char *env = getenv("SSHWIZARD_DATADIR");

	if (exe_dir(argv0, dir, sizeof(dir)) == 0 &&
	    realpath(SW_BUILDDIR, build) != NULL && strcmp(dir, build) == 0) {
		snprintf(wizard_dir, sizeof(wizard_dir), "%s/wizard", SW_SRCDIR);
		snprintf(data_dir, sizeof(data_dir), "%s/data", SW_SRCDIR);
		snprintf(locale_dir, sizeof(locale_dir), "%s/locale", SW_BUILDDIR);
	}
	if (env != NULL && *env != '\0') {
		snprintf(wizard_dir, sizeof(wizard_dir), "%s/wizard", env);
		snprintf(data_dir, sizeof(data_dir), "%s/data", env);
	}
	snprintf(default_tree, sizeof(default_tree), "%s/main.yaml", wizard_dir);
}

const char *
paths_wizard_dir(void)
{
	return wizard_dir;
}

const char *
paths_data_dir(void)
{
	return data_dir;
}

const char *
paths_locale_dir(void)
{
	return locale_dir;
}

const char *
paths_default_tree(void)
{
	return default_tree;
}
