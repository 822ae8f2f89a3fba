/* Host names to complete on the target screen: the Host entries of
 * ~/.ssh/config that name one host (no * ? ! patterns) and the plain names
 * of ~/.ssh/known_hosts (hashed entries cannot be read back). */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Hard caps on what is read. */
#define HOSTS_MAX 2000
#define LINE_MAX_LEN 4096

typedef struct hostlist {
	char **v;
	size_t n, cap;
} hostlist;

static void
hosts_add(hostlist *h, const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 255 || h->n >= HOSTS_MAX)
		return;
	for (i = 0; i < len; i++)
		if (s[i] == '*' || s[i] == '?' || s[i] == '!' ||
		    isspace((unsigned char)s[i]) || (unsigned char)s[i] < 0x20)
			return;
	if (h->n + 1 >= h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	h->v[h->n++] = xstrndup(s, len);
	h->v[h->n] = NULL;
}

/* Reads the Host lines of an ssh_config file. */
static void
read_ssh_config(hostlist *h, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[LINE_MAX_LEN];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line, *e;

		while (isspace((unsigned char)*p))
			p++;
		if (strncasecmp(p, "host", 4) != 0 ||
		    !(isspace((unsigned char)p[4]) || p[4] == '='))
			continue;
		p += 4;
		while (isspace((unsigned char)*p) || *p == '=')
			p++;
		while (*p != '\0' && *p != '#') {
			int quoted = *p == '"';

			if (quoted)
				p++;
			e = p;
			while (*e != '\0' && (quoted ? *e != '"' :
			    !isspace((unsigned char)*e)))
				e++;
			hosts_add(h, p, (size_t)(e - p));
			p = *e == '"' ? e + 1 : e;
			while (isspace((unsigned char)*p))
				p++;
		}
	}
	fclose(f);
}

/* Reads the plain host names of a known_hosts file: "name,name key..." or
 * "[name]:port key...", skipping hashed (|1|...) and @marker lines. */
static void
read_known_hosts(hostlist *h, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[LINE_MAX_LEN];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line, *end;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#' || *p == '|' || *p == '@' || *p == '\0')
			continue;
		end = p;
		while (*end != '\0' && !isspace((unsigned char)*end))
			end++;
		*end = '\0';
		while (*p != '\0') {
			char *comma = strchr(p, ','), *name = p;
			size_t len;

			if (comma != NULL)
				*comma = '\0';
			len = strlen(name);
			if (name[0] == '[') {
				char *close = strchr(name, ']');

				name++;
				len = close ? (size_t)(close - name) : 0;
			}
			hosts_add(h, name, len);
			if (comma == NULL)
				break;
			p = comma + 1;
		}
	}
	fclose(f);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
tui_hosts_load(const char *home)
{
	hostlist h = { 0 };
	char *path;
	size_t i, j;

	if (home == NULL)
		home = getenv("HOME");
	if (home != NULL && *home != '\0') {
		path = xasprintf("%s/.ssh/config", home);
		read_ssh_config(&h, path);
		free(path);
		path = xasprintf("%s/.ssh/known_hosts", home);
		read_known_hosts(&h, path);
		free(path);
	}
	if (h.n == 0) {
		h.v = xcalloc(1, sizeof(*h.v));
		return h.v;
	}
	qsort(h.v, h.n, sizeof(*h.v), cmp_str);
	for (i = 0, j = 0; i < h.n; i++) {
		if (j > 0 && strcmp(h.v[j - 1], h.v[i]) == 0) {
			free(h.v[i]);
			continue;
		}
		h.v[j++] = h.v[i];
	}
	h.v[j] = NULL;
	return h.v;
}

void
tui_hosts_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
