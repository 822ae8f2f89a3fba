/* Fuzz target: sshd's configuration: `sshd -T` output and `sshd -t`
 * output, and an sshd_config with Includes: the input's "%%"-separated
 * parts are /etc/ssh/sshd_config, then /etc/ssh/sshd_config.d/1.conf, 2.conf,
 * ...  Properties: each file is read once however often it is included, and
 * at most 256 are parsed in all. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "core/util.h"
#include "probes/server.h"

const char fuzz_name[] = "sshd";

#define MAX_PARTS 8

typedef struct fakefs {
	char **parts;
	size_t n;
	size_t reads[MAX_PARTS];
	size_t lists;
} fakefs;

static int
fake_read(void *arg, const char *path, char **text)
{
	fakefs *fs = arg;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		char *name = i == 0 ? xstrdup("/etc/ssh/sshd_config") :
		    xasprintf("/etc/ssh/sshd_config.d/%zu.conf", i);
		int same = strcmp(name, path) == 0;

		free(name);
		if (same)
			break;
	}
	if (i == fs->n)
		return HOST_ENOENT;
	if (++fs->reads[i] > 1)
		fuzz_fail("%s read %zu times", path, fs->reads[i]);
	*text = xstrdup(fs->parts[i]);
	return 0;
}

static int
fake_list(void *arg, const char *dir, char ***names, size_t *n)
{
	fakefs *fs = arg;
	size_t i;

	*names = NULL;
	*n = 0;
	fs->lists++;
	if (strcmp(dir, "/etc/ssh/sshd_config.d") != 0)
		return HOST_ENOENT;
	for (i = 1; i < fs->n; i++) {
		*names = xreallocarray(*names, *n + 1, sizeof(char *));
		(*names)[(*n)++] = xasprintf("%zu.conf", i);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *parts[MAX_PARTS], *line = NULL;
	fakefs fs;
	srv_reader rd = { fake_read, fake_list, &fs };
	srv_sshd_config c;
	size_t i;

	memset(&fs, 0, sizeof(fs));
	fs.parts = parts;
	fs.n = fuzz_split(data, size, parts, MAX_PARTS);
	srv_parse_sshd_config("/etc/ssh/sshd_config", &rd, &c);
	if (c.n_files > 256)
		fuzz_fail("%zu files parsed", c.n_files);
	srv_sshd_config_defaults(&c);
	srv_sshd_config_clear(&c);

	srv_parse_sshd_T(parts[0], &c);
	srv_sshd_config_clear(&c);
	(void)srv_classify_sshd_t(parts[0], 255, 1, &line);
	free(line);
	line = NULL;
	(void)srv_classify_sshd_t(parts[0], 0, 0, &line);
	free(line);
	for (i = 0; i < fs.n; i++)
		free(parts[i]);
	return 0;
}
