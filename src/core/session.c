/* Shared per-diagnosis probe state. */
#include "config.h"

#include "core/session.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

void
session_init(sw_session *s)
{
	memset(s, 0, sizeof(*s));
	s->open_addr = -1;
}

void
session_set_addrs(sw_session *s, const sw_addr *a, size_t n)
{
	free(s->addrs);
	s->addrs = NULL;
	s->n_addrs = 0;
	s->open_addr = -1;
	if (n > 0) {
		s->addrs = xcalloc(n, sizeof(*a));
		memcpy(s->addrs, a, n * sizeof(*a));
		s->n_addrs = n;
	}
	s->resolved = 1;
}

void
session_clear(sw_session *s)
{
	free(s->addrs);
	free(s->banner);
	free(s->kexinit);
	free(s->ssh_hostkey);
	free(s->ssh_locked_key);
	if (s->ssh != NULL && s->ssh_free != NULL)
		s->ssh_free(s->ssh);
	/* After the session that reads through it. */
	if (s->jump != NULL && s->jump_free != NULL)
		s->jump_free(s->jump);
	if (s->proxy != NULL && s->proxy_free != NULL)
		s->proxy_free(s->proxy);
	session_init(s);
}

const char *
session_ip(const sw_session *s)
{
	if (s->open_addr >= 0 && (size_t)s->open_addr < s->n_addrs)
		return s->addrs[s->open_addr].text;
	if (s->n_addrs > 0)
		return s->addrs[0].text;
	return NULL;
}
