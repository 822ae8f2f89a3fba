/* Recognising pasted error messages and logs: the table of known messages
 * (data/messages.yaml, read with libyaml's document API) and the matcher.
 *
 * The table is a mapping with a "messages" sequence; each entry has an id, a
 * literal "text" that must appear on a line, an optional POSIX extended
 * regular expression the same line must match, the tree node to start at and
 * an English summary.  Entries are in order of priority: the first that
 * matches is the best.
 *
 * Matching is linear in the input: each entry's literal is searched with
 * memmem(), only the lines holding it are given to regexec(), each at most
 * LINE_WINDOW bytes around the literal, and each entry tries at most
 * MAX_TRIES such lines. */
#include "config.h"

#include "core/i18n.h"
#include "core/logmatch.h"
#include "core/util.h"

#include <yaml.h>

#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A table is a small file. */
#define TABLE_MAX_BYTES (256 * 1024)
/* The part of the text that is looked at. */
#define TEXT_MAX (1024 * 1024)
/* Bytes of a line on each side of the literal given to the regex. */
#define LINE_WINDOW 2048
/* Lines holding an entry's literal that are tried against its regex. */
#define MAX_TRIES 1000
/* Bytes of a matching line kept for display. */
#define SHOW_MAX 300

typedef struct entry {
	char *id;
	char *text;
	char *summary;
	char *start;
	char *witness;		/* NULL when absent */
	regex_t re;
	int has_re;
	int line;		/* 1-based line of the summary in the file */
} entry;

struct sw_logtable {
	entry *v;
	size_t n;
};

static void
entry_free(entry *e)
{
	free(e->id);
	free(e->text);
	free(e->summary);
	free(e->start);
	free(e->witness);
	if (e->has_re)
		regfree(&e->re);
}

void
logtable_free(sw_logtable *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		entry_free(&t->v[i]);
	free(t->v);
	free(t);
}

/* ---- loading ---- */

typedef struct lctx {
	const char *path;
	yaml_document_t *doc;
	sw_diags *d;
	size_t problems;
} lctx;

static void problem(lctx *c, const yaml_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(lctx *c, const yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(c->d, c->path, at ? (int)at->start_mark.line + 1 : 0,
	    at ? (int)at->start_mark.column + 1 : 0, "%s", msg);
	free(msg);
	c->problems++;
}

/* The text of scalar n, or NULL (reported) when it is not a non-empty
 * string without NUL. */
static const char *
scalar_text(lctx *c, const yaml_node_t *n, const char *field)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE) {
		problem(c, n, _("'%s' must be a string"), field);
		return NULL;
	}
	s = (const char *)n->data.scalar.value;
	if (strlen(s) != n->data.scalar.length || *s == '\0') {
		problem(c, n, _("'%s' must be a non-empty string"), field);
		return NULL;
	}
	return s;
}

/* 1 if s matches [a-z0-9_.-]+, the charset of ids. */
static int
id_chars(const char *s)
{
	return *s != '\0' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == strlen(s);
}

enum { F_ID, F_TEXT, F_REGEX, F_START, F_SUMMARY, F_WITNESS, F_N };
static const char *const field_names[F_N] = { "id", "text", "regex", "start",
	"summary", "witness" };

/* Reads one entry of the messages sequence into e.  Returns 0, or -1 after
 * reporting what is wrong. */
static int
entry_load(lctx *c, const yaml_node_t *m, entry *e)
{
	const yaml_node_t *val[F_N] = { NULL };
	const char *s[F_N] = { NULL };
	yaml_node_pair_t *pair;
	size_t before = c->problems;
	int i, rc;

	memset(e, 0, sizeof(*e));
	if (m->type != YAML_MAPPING_NODE) {
		problem(c, m, _("a message entry must be a mapping"));
		return -1;
	}
	for (pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top;
	    pair++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pair->key);
		yaml_node_t *v = yaml_document_get_node(c->doc, pair->value);
		const char *name = k->type == YAML_SCALAR_NODE ?
		    (const char *)k->data.scalar.value : NULL;

		for (i = 0; name != NULL && i < F_N; i++)
			if (strcmp(name, field_names[i]) == 0)
				break;
		if (name == NULL || i == F_N) {
			problem(c, k, _("unknown key '%s'"), name ? name : "?");
			continue;
		}
		if (val[i] != NULL) {
			problem(c, k, _("duplicate key '%s'"), name);
			continue;
		}
		val[i] = v;
	}
	for (i = 0; i < F_N; i++) {
		if (val[i] == NULL) {
			if (i != F_REGEX && i != F_WITNESS)
				problem(c, m, _("a message entry has no '%s'"),
				    field_names[i]);
			continue;
		}
		s[i] = scalar_text(c, val[i], field_names[i]);
	}
	if (s[F_ID] != NULL && !id_chars(s[F_ID]))
		problem(c, val[F_ID], _("invalid id '%s': use only a-z, 0-9, "
		    "'_', '.' and '-'"), s[F_ID]);
	if (s[F_START] != NULL && !id_chars(s[F_START]))
		problem(c, val[F_START], _("invalid node id '%s': use only a-z, "
		    "0-9, '_', '.' and '-'"), s[F_START]);
	if (s[F_WITNESS] != NULL && !id_chars(s[F_WITNESS]))
		problem(c, val[F_WITNESS], _("invalid outcome '%s': use only "
		    "a-z, 0-9, '_', '.' and '-'"), s[F_WITNESS]);
	if (s[F_TEXT] != NULL && strchr(s[F_TEXT], '\n') != NULL)
		problem(c, val[F_TEXT], _("'%s' must be on one line"), "text");
	if (s[F_REGEX] != NULL) {
		rc = regcomp(&e->re, s[F_REGEX], REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char buf[256];

			regerror(rc, &e->re, buf, sizeof(buf));
			problem(c, val[F_REGEX], _("bad regular expression: %s"),
			    buf);
		} else
			e->has_re = 1;
	}
	if (c->problems != before) {
		entry_free(e);
		memset(e, 0, sizeof(*e));
		return -1;
	}
	e->id = xstrdup(s[F_ID]);
	e->text = xstrdup(s[F_TEXT]);
	e->start = xstrdup(s[F_START]);
	e->summary = xstrdup(s[F_SUMMARY]);
	e->witness = s[F_WITNESS] ? xstrdup(s[F_WITNESS]) : NULL;
	e->line = (int)val[F_SUMMARY]->start_mark.line + 1;
	return 0;
}

/* Reads the whole file (at most TABLE_MAX_BYTES).  Returns the bytes
 * (caller frees) or NULL with a problem reported. */
static char *
table_read(lctx *c, size_t *len)
{
	FILE *f = fopen(c->path, "re");
	char *buf;

	if (f == NULL) {
		diags_add(c->d, c->path, 0, 0, "%s", strerror(errno));
		c->problems++;
		return NULL;
	}
	buf = xmalloc(TABLE_MAX_BYTES + 1);
	*len = fread(buf, 1, TABLE_MAX_BYTES + 1, f);
	fclose(f);
	if (*len > TABLE_MAX_BYTES) {
		diags_add(c->d, c->path, 0, 0, _("the file is larger than %d "
		    "bytes"), TABLE_MAX_BYTES);
		c->problems++;
		free(buf);
		return NULL;
	}
	return buf;
}

sw_logtable *
logtable_load(const char *path, sw_diags *diags)
{
	lctx c = { path, NULL, diags, 0 };
	yaml_parser_t p;
	yaml_document_t doc;
	yaml_node_t *root, *seq = NULL;
	yaml_node_pair_t *pair;
	yaml_node_item_t *item;
	sw_logtable *t = NULL;
	char *buf;
	size_t len = 0, j;
	int have_doc = 0;

	if ((buf = table_read(&c, &len)) == NULL)
		return NULL;
	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		diags_add(diags, path, (int)p.problem_mark.line + 1,
		    (int)p.problem_mark.column + 1, "%s",
		    _(p.problem ? p.problem : "the YAML parser failed"));
		c.problems++;
		goto out;
	}
	have_doc = 1;
	c.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		problem(&c, root, _("the table must be a mapping with a "
		    "'messages' sequence"));
		goto out;
	}
	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&doc, pair->key);
		const char *name = k->type == YAML_SCALAR_NODE ?
		    (const char *)k->data.scalar.value : "?";

		if (strcmp(name, "messages") == 0)
			seq = yaml_document_get_node(&doc, pair->value);
		else if (strcmp(name, "version") != 0)
			problem(&c, k, _("unknown key '%s'"), name);
	}
	if (seq == NULL || seq->type != YAML_SEQUENCE_NODE) {
		problem(&c, seq ? seq : root, _("'%s' must be a sequence"),
		    "messages");
		goto out;
	}
	t = xcalloc(1, sizeof(*t));
	t->v = xcalloc((size_t)(seq->data.sequence.items.top -
	    seq->data.sequence.items.start) + 1, sizeof(*t->v));
	for (item = seq->data.sequence.items.start;
	    item < seq->data.sequence.items.top; item++) {
		yaml_node_t *m = yaml_document_get_node(&doc, *item);

		if (entry_load(&c, m, &t->v[t->n]) != 0)
			continue;
		for (j = 0; j < t->n; j++)
			if (strcmp(t->v[j].id, t->v[t->n].id) == 0)
				break;
		if (j < t->n) {
			problem(&c, m, _("duplicate id '%s'"), t->v[t->n].id);
			entry_free(&t->v[t->n]);
			continue;
		}
		t->n++;
	}
	if (t->n == 0 && c.problems == 0)
		problem(&c, seq, _("the table has no messages"));
out:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	free(buf);
	if (c.problems > 0) {
		logtable_free(t);
		return NULL;
	}
	return t;
}

/* ---- matching ---- */

/* Text saved by a Windows program as UTF-16 (little-endian): every other
 * byte is NUL.  Returns an ASCII copy (other characters become '?') of at
 * most half of len bytes, or NULL when the text does not look like that. */
static char *
utf16_to_ascii(const char *text, size_t len, size_t *out_len)
{
	size_t i, start = 0, zeros = 0, sample = len < 512 ? len : 512;
	char *out;

	if (len >= 2 && (unsigned char)text[0] == 0xff &&
	    (unsigned char)text[1] == 0xfe)
		start = 2;
	else {
		if (sample < 8)
			return NULL;
		for (i = 1; i < sample; i += 2)
			zeros += text[i] == '\0';
		/* Nearly all odd bytes NUL: UTF-16LE with mostly ASCII. */
		if (zeros * 10 < (sample / 2) * 9)
			return NULL;
	}
	out = xmalloc((len - start) / 2 + 1);
	*out_len = 0;
	for (i = start; i + 1 < len; i += 2) {
		unsigned char lo = (unsigned char)text[i];

		out[(*out_len)++] = text[i + 1] == '\0' && lo < 0x80 ? (char)lo :
		    '?';
	}
	out[*out_len] = '\0';
	return out;
}

/* Does the line around the literal at [at, at+tlen) match e's regex?
 * line_start..line_end bound the window given to regexec. */
static int
regex_on_line(const entry *e, const char *line, size_t len)
{
	char *copy = xmalloc(len + 1);
	size_t i;
	int ok;

	for (i = 0; i < len; i++)
		copy[i] = line[i] == '\0' ? ' ' : line[i];
	copy[len] = '\0';
	ok = regexec(&e->re, copy, 0, NULL, 0) == 0;
	free(copy);
	return ok;
}

/* Finds the first line of text where e matches; fills *line_at and
 * *line_len with the line (bounded to a window around the literal).
 * Returns 1 if found. */
static int
entry_find(const entry *e, const char *text, size_t len, const char **line_at,
    size_t *line_len)
{
	size_t tlen = strlen(e->text), pos = 0, tries = 0;

	while (pos < len && tries < MAX_TRIES) {
		const char *hit = memmem(text + pos, len - pos, e->text, tlen);
		const char *lo, *hi, *limit_lo, *limit_hi;

		if (hit == NULL)
			return 0;
		limit_lo = hit - text > LINE_WINDOW ? hit - LINE_WINDOW : text;
		limit_hi = (size_t)(text + len - hit) > LINE_WINDOW + tlen ?
		    hit + tlen + LINE_WINDOW : text + len;
		for (lo = hit; lo > limit_lo && lo[-1] != '\n'; lo--)
			;
		hi = memchr(hit + tlen, '\n', (size_t)(limit_hi - hit - tlen));
		if (hi == NULL)
			hi = limit_hi;
		if (hi > lo && hi[-1] == '\r')
			hi--;
		tries++;
		if (!e->has_re || regex_on_line(e, lo, (size_t)(hi - lo))) {
			*line_at = lo;
			*line_len = (size_t)(hi - lo);
			return 1;
		}
		/* The next line: a regex has no reason to match this one
		 * again further along. */
		hi = memchr(hit + tlen, '\n', len - (size_t)(hit + tlen - text));
		if (hi == NULL)
			return 0;
		pos = (size_t)(hi + 1 - text);
	}
	return 0;
}

size_t
logtable_match(const sw_logtable *t, const char *text, size_t len,
    sw_logmatch *out, size_t max)
{
	char *ascii = NULL;
	size_t alen = 0, found = 0, i;

	if (t == NULL || text == NULL || max == 0)
		return 0;
	if (len > TEXT_MAX)
		len = TEXT_MAX;
	if ((ascii = utf16_to_ascii(text, len, &alen)) != NULL) {
		text = ascii;
		len = alen;
	}
	for (i = 0; i < t->n && found < max; i++) {
		const char *line;
		size_t line_len;

		if (!entry_find(&t->v[i], text, len, &line, &line_len))
			continue;
		out[found].id = t->v[i].id;
		out[found].start = t->v[i].start;
		out[found].summary = t->v[i].summary;
		out[found].witness = t->v[i].witness;
		out[found].line = sw_escape_bytes((const unsigned char *)line,
		    line_len, SHOW_MAX);
		found++;
	}
	free(ascii);
	return found;
}

void
logmatch_clear(sw_logmatch *m)
{
	if (m == NULL)
		return;
	free(m->line);
	memset(m, 0, sizeof(*m));
}

size_t
logtable_count(const sw_logtable *t)
{
	return t != NULL ? t->n : 0;
}

const char *
logtable_summary(const sw_logtable *t, size_t i, const char **id, int *line)
{
	if (t == NULL || i >= t->n)
		return NULL;
	if (id != NULL)
		*id = t->v[i].id;
	if (line != NULL)
		*line = t->v[i].line;
	return t->v[i].summary;
}
