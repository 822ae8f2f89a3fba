/* Reading and wiping passwords. */
#include "config.h"

#include "core/secret.h"
#include "core/i18n.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SECRET_MAX 4096

sw_secret *
secret_new(const char *s)
{
	sw_secret *sec = xcalloc(1, sizeof(*sec));

	sec->len = strlen(s);
	sec->s = xmalloc(sec->len + 1);
	memcpy(sec->s, s, sec->len + 1);
	return sec;
}

int
secret_read_file(const char *path, sw_secret **out, char **errp)
{
	char buf[SECRET_MAX + 1];
	size_t got = 0;
	ssize_t r;
	int fd, ret = -1;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*errp = xasprintf(_("cannot read password file %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	while (got < SECRET_MAX) {
		r = read(fd, buf + got, SECRET_MAX - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*errp = xasprintf(_("cannot read password file %s: %s"),
			    path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	*out = secret_new(buf);
	ret = 0;
out:
	sw_wipe(buf, sizeof(buf));
	close(fd);
	return ret;
}

sw_secret *
secret_from_env(const char *name)
{
	const char *v = getenv(name);
	sw_secret *s;

	if (v == NULL)
		return NULL;
	s = secret_new(v);
	sw_wipe((void *)v, strlen(v));
	unsetenv(name);
	return s;
}

void
secret_free(sw_secret *s)
{
	if (s == NULL)
		return;
	sw_wipe(s->s, s->len);
	free(s->s);
	free(s);
}
