/* Which sshd_config line decides a setting for one connection, with its
 * file and line number.  The lines come from the one config reader
 * (srv_parse_sshd_config in server_daemon.c: Includes, globs, cycles and
 * sshd's depth limit); this file only weighs them as sshd does: a line in
 * a Match block that applies to the connection beats every line outside,
 * the first line wins, and `sshd -T -C` (the effective value) has the last
 * word.  The file:line is for the human who has to change it. */
#include "config.h"

#include "core/shquote.h"
#include "core/util.h"
#include "probes/probes.h"
#include "probes/server.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Match criteria ---- */

/* sshd's match_pattern_list(): a comma-separated list of patterns, each
 * maybe negated with '!'.  1 a positive pattern matches and no negated
 * one does, 0 none matches, -1 a negated one matches. */
static int
pattern_list(const char *s, const char *list, int lower)
{
	char *copy = xstrdup(list), *save = NULL, *p, *low = xstrdup(s);
	int got = 0;
	size_t i;

	if (lower)
		for (i = 0; low[i] != '\0'; i++)
			low[i] = (char)tolower((unsigned char)low[i]);
	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		int neg = *p == '!';

		if (neg)
			p++;
		if (lower)
			for (i = 0; p[i] != '\0'; i++)
				p[i] = (char)tolower((unsigned char)p[i]);
		if (fnmatch(p, low, FNM_NOESCAPE) == 0) {
			if (neg) {
				got = -1;
				break;
			}
			got = 1;
		}
	}
	free(copy);
	free(low);
	return got;
}

/* sshd's addr_match_list(): addresses, CIDR blocks or wildcards. */
static int
addr_list(const char *addr, const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *p;
	int got = 0;

	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		char net[64];
		int neg = *p == '!', len, hit;

		if (neg)
			p++;
		if (strchr(p, '/') != NULL &&
		    srv_parse_prefix(p, net, sizeof(net), &len) != 0)
			hit = srv_addr_in(addr, net, len);
		else
			hit = fnmatch(p, addr, FNM_NOESCAPE) == 0;
		if (hit) {
			if (neg) {
				got = -1;
				break;
			}
			got = 1;
		}
	}
	free(copy);
	return got;
}

srv_match
srv_match_eval(const char *criteria, const srv_conn *conn)
{
	char *copy = xstrdup(criteria), *save = NULL, *attr, *arg;
	srv_match res = SRV_YES;
	int n = 0;

	/* Attribute and value are split on spaces or '=', as sshd's
	 * strdelim() does. */
	for (attr = strtok_r(copy, " \t=", &save); attr != NULL &&
	    res != SRV_NO; attr = strtok_r(NULL, " \t=", &save)) {
		srv_match m = SRV_MAYBE;
		int hit = 0;

		n++;
		if (strcasecmp(attr, "all") == 0)
			continue;
		arg = strtok_r(NULL, " \t=", &save);
		if (arg == NULL) {
			res = SRV_MAYBE;	/* sshd refuses it */
			break;
		}
		if (strcasecmp(attr, "user") == 0 && conn->user != NULL)
			hit = pattern_list(conn->user, arg, 0), m = SRV_NO;
		else if (strcasecmp(attr, "group") == 0 &&
		    conn->groups != NULL) {
			size_t i;

			m = SRV_NO;
			for (i = 0; conn->groups[i] != NULL && hit >= 0; i++) {
				int g = pattern_list(conn->groups[i], arg, 0);

				if (g != 0)
					hit = g;
			}
		} else if (strcasecmp(attr, "host") == 0 &&
		    conn->host != NULL)
			hit = pattern_list(conn->host, arg, 1), m = SRV_NO;
		else if (strcasecmp(attr, "address") == 0 &&
		    conn->addr != NULL)
			hit = addr_list(conn->addr, arg), m = SRV_NO;
		else if (strcasecmp(attr, "localaddress") == 0 &&
		    conn->laddr != NULL)
			hit = addr_list(conn->laddr, arg), m = SRV_NO;
		else if (strcasecmp(attr, "localport") == 0 &&
		    conn->lport > 0) {
			char port[16];

			snprintf(port, sizeof(port), "%d", conn->lport);
			hit = pattern_list(port, arg, 0);
			m = SRV_NO;
		}
		if (m == SRV_NO && hit == 1)
			m = SRV_YES;
		if (m == SRV_NO)
			res = SRV_NO;
		else if (m == SRV_MAYBE)
			res = SRV_MAYBE;
	}
	free(copy);
	return n == 0 ? SRV_MAYBE : res;
}

/* A Match block and every block around it (through Includes). */
static srv_match
block_applies(const srv_sshd_config *c, int m, const srv_conn *conn)
{
	srv_match res = SRV_YES;
	int hops = 0;

	while (m >= 0 && (size_t)m < c->n_matches && hops++ < 64) {
		srv_match one = srv_match_eval(c->matches[m].criteria, conn);

		if (one == SRV_NO)
			return SRV_NO;
		if (one == SRV_MAYBE)
			res = SRV_MAYBE;
		/* A parent comes before its child: no loop is possible. */
		if (c->matches[m].parent >= m)
			break;
		m = c->matches[m].parent;
	}
	return res;
}

/* ---- Keywords and values ---- */

/* Old names sshd still reads, and the name `sshd -T` prints. */
static const char *const aliases[][2] = {
	{ "challengeresponseauthentication", "kbdinteractiveauthentication" },
	{ "skeyauthentication", "kbdinteractiveauthentication" },
	{ "pubkeyacceptedkeytypes", "pubkeyacceptedalgorithms" },
	{ "hostbasedacceptedkeytypes", "hostbasedacceptedalgorithms" },
	{ "dsaauthentication", "pubkeyauthentication" },
	{ "authorizedkeysfile2", "authorizedkeysfile" },
};

static const char *
canonical(const char *kw)
{
	size_t i;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(kw, aliases[i][0]) == 0)
			return aliases[i][1];
	return kw;
}

static int
same_keyword(const char *a, const char *b)
{
	return strcasecmp(canonical(a), canonical(b)) == 0;
}

/* Splits into lowercase words on spaces and commas, with sshd's aliases
 * of values made one.  Returns the words joined by one space. */
static char *
value_words(const char *v)
{
	char *copy = xstrdup(v), *save = NULL, *w;
	sbuf b = { 0 };
	size_t i;

	for (i = 0; copy[i] != '\0'; i++)
		copy[i] = (char)tolower((unsigned char)copy[i]);
	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		if (b.len > 0)
			sbuf_addc(&b, ' ');
		sbuf_add(&b, strcmp(w, "prohibit-password") == 0 ?
		    "without-password" : w);
	}
	free(copy);
	return b.s != NULL ? sbuf_steal(&b) : xstrdup("");
}

int
srv_config_value_agrees(const char *keyword, const char *value,
    const char *effective)
{
	char *a, *b;
	int same;

	(void)keyword;
	if (value == NULL || effective == NULL)
		return 1;
	/* "+ssh-rsa", "-ssh-dss", "^...": changes the default list; "2m":
	 * printed as seconds. */
	if (strchr("+-^", value[0]) != NULL && value[0] != '\0')
		return 1;
	if (isdigit((unsigned char)value[0]) &&
	    strpbrk(value, "sSmMhHdDwW") != NULL)
		return 1;
	a = value_words(value);
	b = value_words(effective);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* ---- Which lines ---- */

size_t
srv_config_lines(const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn, int maybe, size_t **idx)
{
	size_t i, n = 0;
	int pass;

	*idx = NULL;
	/* First the lines in Match blocks that apply; only when there are
	 * none, the lines outside. */
	for (pass = 0; pass < 2 && n == 0; pass++)
		for (i = 0; i < c->n_lines; i++) {
			const srv_cfg_line *l = &c->lines[i];

			if (!same_keyword(l->keyword, keyword))
				continue;
			if (pass == 0) {
				srv_match m;

				if (l->match < 0)
					continue;
				m = block_applies(c, l->match, conn);
				if (m == SRV_NO || (m == SRV_MAYBE && !maybe))
					continue;
			} else if (l->match >= 0)
				continue;
			*idx = xreallocarray(*idx, n + 1, sizeof(**idx));
			(*idx)[n++] = i;
		}
	return n;
}

const srv_cfg_line *
srv_config_where(const srv_sshd_config *c, const char *keyword,
    const srv_conn *conn, const char *effective, int *maybe)
{
	size_t i;
	int pass;

	if (maybe != NULL)
		*maybe = 0;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < c->n_lines; i++) {
			const srv_cfg_line *l = &c->lines[i];
			srv_match m = SRV_YES;

			if (!same_keyword(l->keyword, keyword) ||
			    (pass == 0) != (l->match >= 0))
				continue;
			if (pass == 0) {
				m = block_applies(c, l->match, conn);
				if (m == SRV_NO ||
				    (m == SRV_MAYBE && effective == NULL))
					continue;
			}
			if (!srv_config_value_agrees(keyword, l->value,
			    effective))
				continue;
			if (m == SRV_MAYBE && maybe != NULL)
				*maybe = 1;
			return l;
		}
	return NULL;
}

char *
srv_config_line_str(const srv_sshd_config *c, const srv_cfg_line *l)
{
	sbuf b = { 0 };

	sbuf_addf(&b, "%s:%d: %s", c->files[l->file], l->line, l->text);
	if (l->match >= 0 && (size_t)l->match < c->n_matches) {
		const srv_cfg_match *m = &c->matches[l->match];

		sbuf_addf(&b, " (in the Match block at %s:%d: %s)",
		    c->files[m->file], m->line, m->text);
	}
	return sbuf_steal(&b);
}

const srv_cfg_line *
srv_config_note_where(sw_probe_ctx *ctx, const char *evkey,
    const srv_sshd_config *c, const char *keyword, const srv_conn *conn,
    const char *effective)
{
	const srv_cfg_line *l;
	int maybe = 0;
	char *s;

	if (c == NULL) {
		evidence_add(&ctx->evidence, evkey, "%s: the configuration "
		    "files could not be read to find the line", keyword);
		return NULL;
	}
	l = srv_config_where(c, keyword, conn, effective, &maybe);
	if (l == NULL) {
		if (effective != NULL)
			evidence_add(&ctx->evidence, evkey, "%s is not set in "
			    "any file; the default is %s", keyword,
			    effective);
		else
			evidence_add(&ctx->evidence, evkey, "%s is not set in "
			    "any file", keyword);
		return NULL;
	}
	s = srv_config_line_str(c, l);
	evidence_add(&ctx->evidence, evkey, "%s%s", s, maybe ?
	    " (the block's conditions could not all be checked here; its "
	    "value is the one in effect)" : "");
	free(s);
	return l;
}

char *
srv_config_edit_cmd(const srv_sshd_config *c, const srv_cfg_line *l,
    const char *new_text)
{
	sbuf b = { 0 };
	char *script;
	const char *p;

	for (p = new_text; *p != '\0'; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return NULL;
	/* GNU sed's one-line "c": the whole line becomes the text. */
	script = xasprintf("%dc\\%s", l->line, new_text);
	shell_add_word(&b, "sudo");
	shell_add_word(&b, "sed");
	shell_add_word(&b, "-i");
	shell_add_word(&b, script);
	shell_add_word(&b, c->files[l->file]);
	free(script);
	return sbuf_steal(&b);
}
