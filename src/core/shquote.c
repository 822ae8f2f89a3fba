/* Placeholder expansion with shell quoting. */
#include "config.h"

#include "core/shquote.h"
#include "core/util.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const sw_placeholder_names[] = {
	"host", "hostname", "known_host_name", "port", "user", "ip", "known_hosts", "client_ip",
	"identity", "ssh_args", NULL
};

char *
shell_quote(const char *s)
{
	static const char safe[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	    "@%+=:,./-_";
	sbuf b = { 0 };
	const char *p;

	if (*s != '\0' && strspn(s, safe) == strlen(s))
		return xstrdup(s);
	sbuf_addc(&b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			sbuf_add(&b, "'\\''");
		else
			sbuf_addc(&b, *p);
	}
	sbuf_addc(&b, '\'');
	return sbuf_steal(&b);
}

/* 1 if the len bytes at s are all letters, digits, '_' or '.'. */
static int
key_chars(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

/* 1 if name (len bytes) is "ev." followed by an evidence key. */
static int
name_is_evidence(const char *name, size_t len)
{
	return len > 3 && strncmp(name, "ev.", 3) == 0 &&
	    key_chars(name + 3, len - 3);
}

void
shell_add_word(sbuf *b, const char *word)
{
	char *q = shell_quote(word);

	if (b->len > 0)
		sbuf_addc(b, ' ');
	sbuf_add(b, q);
	free(q);
}

/* 1 if name (len bytes) is "sh." followed by an evidence key ending in
 * "_cmd": a command a probe recorded with every word already quoted, put
 * in as it is. */
static int
name_is_command(const char *name, size_t len)
{
	return len > 3 + 4 && strncmp(name, "sh.", 3) == 0 &&
	    strncmp(name + len - 4, "_cmd", 4) == 0 &&
	    key_chars(name + 3, len - 3);
}

static int
name_known(const char *name, size_t len)
{
	const char *const *n;

	if (name_is_evidence(name, len) || name_is_command(name, len))
		return 1;
	for (n = sw_placeholder_names; *n != NULL; n++)
		if (strlen(*n) == len && strncmp(*n, name, len) == 0)
			return 1;
	return 0;
}

int
placeholders_check(const char *tmpl, char **bad, size_t *offset)
{
	const char *p = tmpl, *close;

	while ((p = strpbrk(p, "{}")) != NULL) {
		if (p[0] == p[1]) {	/* "{{" or "}}" */
			p += 2;
			continue;
		}
		if (*p == '}') {
			*bad = xstrdup("}");
			*offset = (size_t)(p - tmpl);
			return -1;
		}
		close = strchr(p, '}');
		if (close == NULL) {
			*bad = xstrdup(p);
			*offset = (size_t)(p - tmpl);
			return -1;
		}
		if (!name_known(p + 1, (size_t)(close - p - 1))) {
			*bad = xstrndup(p, (size_t)(close - p + 1));
			*offset = (size_t)(p - tmpl);
			return -1;
		}
		p = close + 1;
	}
	return 0;
}

static const char *
var_value(const sw_vars *v, const char *name, size_t len)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
		{ "host", offsetof(sw_vars, host) },
		{ "hostname", offsetof(sw_vars, hostname) },
		{ "known_host_name", offsetof(sw_vars, known_host_name) },
		{ "port", offsetof(sw_vars, port) },
		{ "user", offsetof(sw_vars, user) },
		{ "ip", offsetof(sw_vars, ip) },
		{ "known_hosts", offsetof(sw_vars, known_hosts) },
		{ "client_ip", offsetof(sw_vars, client_ip) },
		{ "identity", offsetof(sw_vars, identity) },
		{ "ssh_args", offsetof(sw_vars, ssh_args) },
	};
	size_t i;

	if (name_is_evidence(name, len) || name_is_command(name, len)) {
		char *key;
		const char *val;

		if (v->evidence == NULL)
			return NULL;
		key = xstrndup(name + 3, len - 3);
		val = v->evidence(v->evidence_arg, key);
		free(key);
		return val;
	}
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strlen(map[i].name) == len &&
		    strncmp(map[i].name, name, len) == 0)
			return *(const char *const *)((const char *)v + map[i].off);
	return NULL;
}

char *
placeholders_expand(const char *tmpl, const sw_vars *vars)
{
	sbuf b = { 0 };
	const char *p = tmpl, *close;

	while (*p != '\0') {
		if ((p[0] == '{' || p[0] == '}') && p[1] == p[0]) {
			sbuf_addc(&b, p[0]);
			p += 2;
			continue;
		}
		if (*p == '{' && (close = strchr(p, '}')) != NULL &&
		    name_known(p + 1, (size_t)(close - p - 1))) {
			size_t len = (size_t)(close - p - 1);
			const char *v = var_value(vars, p + 1, len);
			char *stand_in = NULL, *q;

			if (v != NULL && (name_is_command(p + 1, len) ||
			    (len == 8 && strncmp(p + 1, "ssh_args", 8) == 0))) {
				sbuf_add(&b, v);	/* quoted word by word */
				p = close + 1;
				continue;
			}
			if (v == NULL)
				v = stand_in = name_is_evidence(p + 1, len) ||
				    name_is_command(p + 1, len) ?
				    xasprintf("<%.*s>", (int)len - 3, p + 4) :
				    xasprintf("<%.*s>", (int)len, p + 1);
			q = shell_quote(v);
			sbuf_add(&b, q);
			free(q);
			free(stand_in);
			p = close + 1;
			continue;
		}
		sbuf_addc(&b, *p++);
	}
	return sbuf_steal(&b);
}
