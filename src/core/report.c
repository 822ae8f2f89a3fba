/* Session reports: the engine's path and verdict as JSON (built with jansson,
 * schema in doc/report.md and data/report.schema.json) or as Markdown, and
 * the atomic writing of either to a file. */
#include "config.h"

#include "core/cause.h"
#include "core/i18n.h"
#include "core/report.h"
#include "core/shquote.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bumped when a field changes meaning or disappears (adding one does not). */
#define REPORT_VERSION 1

/* ---- Text helpers shared by both formats ---- */

/* Length of the valid UTF-8 sequence at p (1 for ASCII), or 0 when the bytes
 * there are not one.  Strict: no overlong forms, no surrogates, nothing past
 * U+10FFFF.  The NUL terminator stops every continuation check. */
static size_t
utf8_seq(const unsigned char *p)
{
	unsigned c = p[0], lo, hi;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ?
		    3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* s as valid UTF-8: every byte that is not part of a valid sequence becomes
 * the text \xHH.  Caller frees. */
static char *
utf8_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	sbuf b = { 0 };
	size_t n;

	while (*p != '\0') {
		if ((n = utf8_seq(p)) == 0) {
			sbuf_addf(&b, "\\x%02x", *p);
			p++;
			continue;
		}
		sbuf_addn(&b, (const char *)p, n);
		p += n;
	}
	return sbuf_steal(&b);
}

/* The node's title, falling back on the probe's own title. */
static const char *
step_title(const sw_engine *e, const sw_node *n)
{
	const sw_probe_def *def;

	if (n->title != NULL && *n->title != '\0')
		return n->title;
	if (n->kind == SW_NODE_PROBE &&
	    (def = registry_find(engine_registry(e), n->probe)) != NULL &&
	    def->title != NULL)
		return def->title;
	return n->id;
}

/* The English label of a step's outcome (probe outcome or question choice),
 * or NULL when there is none. */
static const char *
step_label(const sw_engine *e, const sw_step *s)
{
	const sw_probe_def *def;
	const sw_outcome *o;
	const sw_choice *c;

	if (s->node->kind == SW_NODE_QUESTION) {
		c = node_choice(s->node, s->outcome);
		return c != NULL ? c->label : NULL;
	}
	def = registry_find(engine_registry(e), s->node->probe);
	o = probe_outcome(def, s->outcome);
	return o != NULL ? o->label : NULL;
}

/* "ok", "problem", "incomplete" or "failed". */
static const char *
report_status(const sw_engine *e)
{
	const sw_node *n = engine_node(e);

	switch (engine_state(e)) {
	case SW_ENG_VERDICT:
		return n->cause != NULL && strcmp(n->cause, "ok") == 0 ?
		    "ok" : "problem";
	case SW_ENG_FAILED:
		return "failed";
	default:
		return "incomplete";
	}
}

static int64_t
report_started(const sw_engine *e, const sw_report_info *info)
{
	if (info != NULL && info->started_wall_ms > 0)
		return info->started_wall_ms;
	if (engine_n_steps(e) > 0)
		return engine_step(e, 0)->started_wall_ms;
	return sw_wall_ms();
}

static int64_t
report_finished(const sw_engine *e, const sw_report_info *info)
{
	int64_t t = info != NULL && info->finished_wall_ms > 0 ?
	    info->finished_wall_ms : sw_wall_ms();
	size_t n = engine_n_steps(e);

	/* A step re-run after the front end noted the end: its end is the
	 * report's, never a time before it. */
	if (n > 0) {
		const sw_step *s = engine_step(e, n - 1);

		if (s->started_wall_ms + s->duration_ms > t)
			t = s->started_wall_ms + s->duration_ms;
	}
	return t;
}

static const char *
report_source(const sw_report_info *info)
{
	return info != NULL && info->source != NULL ? info->source : "client";
}

/* ---- JSON ---- */

/* 1 if an ssh -o option runs a command (which may carry a secret, such as
 * sshpass -p): its value is never written. */
static int
option_runs_command(const char *kv)
{
	static const char *const kws[] = { "proxycommand", "localcommand",
		"remotecommand", "knownhostscommand", NULL };
	size_t i, n = strcspn(kv, "= \t");

	for (i = 0; kws[i] != NULL; i++)
		if (strlen(kws[i]) == n && strncasecmp(kv, kws[i], n) == 0)
			return 1;
	return 0;
}

/* The options the diagnosis used, as ssh words (-F, -J, -p, -l, -i, -o),
 * plus --no-ssh-config; a command-running -o shows only its keyword.
 * Returns the count; *out is a NULL-terminated array of allocated strings
 * (caller frees each and the array). */
static size_t
report_options(const sw_engine *e, char ***out)
{
	const sw_target *t = engine_target(e);
	size_t n = 0, i, k = 0;
	const char *const *w = target_ssh_words(t, &n);
	char **v = xcalloc(n + 2, sizeof(*v));

	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(w[i - 1], "-o") == 0 &&
		    option_runs_command(w[i]))
			v[k++] = xasprintf("%.*s=(not shown)",
			    (int)strcspn(w[i], "= \t"), w[i]);
		else
			v[k++] = xstrdup(w[i]);
	}
	if (t->no_ssh_config)
		v[k++] = xstrdup("--no-ssh-config");
	*out = v;
	return k;
}

/* The options as one shell line (each word quoted), or NULL when there are
 * none.  Caller frees. */
static char *
options_line(const sw_engine *e)
{
	char **opts;
	size_t i, n = report_options(e, &opts);
	sbuf b = { 0 };

	for (i = 0; i < n; i++) {
		char *q = shell_quote(opts[i]);

		sbuf_addf(&b, "%s%s", i > 0 ? " " : "", q);
		free(q);
	}
	sw_strv_free(opts);
	return n > 0 ? sbuf_steal(&b) : NULL;
}

/* A JSON string of s (made valid UTF-8), or null for NULL. */
static json_t *
jstr(const char *s)
{
	char *c;
	json_t *j;

	if (s == NULL)
		return json_null();
	c = utf8_clean(s);
	j = json_string(c);
	free(c);
	return j != NULL ? j : json_string("");
}

/* A translated JSON string, or null. */
static json_t *
jtr(const char *msgid)
{
	return msgid != NULL ? jstr(_(msgid)) : json_null();
}

static json_t *
jtime(int64_t wall_ms)
{
	char buf[32];

	sw_iso8601(wall_ms, buf, sizeof(buf));
	return json_string(buf);
}

static void
jset(json_t *obj, const char *key, json_t *val)
{
	json_object_set_new(obj, key, val != NULL ? val : json_null());
}

/* The user's -o words; the value of a command-carrying option is left
 * out (it may hold a secret, as sshpass -p does). */
static json_t *
json_target_options(const sw_target *t)
{
	static const char *const commands[] = { "proxycommand",
		"localcommand", "remotecommand", "knownhostscommand", NULL };
	json_t *a = json_array();
	size_t i, j;

	for (i = 0; i < t->words.n_opts; i++) {
		const char *w = t->words.opts[i];
		size_t kl = strcspn(w, "= \t");
		int hide = 0;

		for (j = 0; commands[j] != NULL; j++)
			if (strlen(commands[j]) == kl &&
			    strncasecmp(w, commands[j], kl) == 0)
				hide = 1;
		if (hide) {
			char *k = xasprintf("%.*s=(not shown)", (int)kl, w);

			json_array_append_new(a, jstr(k));
			free(k);
		} else
			json_array_append_new(a, jstr(w));
	}
	return a;
}

static json_t *
json_target(const sw_target *t)
{
	json_t *o = json_object(), *src = json_object(), *ids = json_array();
	size_t i;

	jset(o, "host", jstr(t->host));
	jset(o, "port", json_integer(t->port));
	jset(o, "user", jstr(t->user));
	jset(o, "alias", jstr(t->alias));
	jset(src, "host", json_string(source_name(t->host_src)));
	jset(src, "port", json_string(source_name(t->port_src)));
	jset(src, "user", json_string(source_name(t->user_src)));
	jset(src, "identities", json_string(source_name(t->identities_src)));
	jset(src, "known_hosts", json_string(source_name(t->known_hosts_src)));
	jset(o, "sources", src);
	for (i = 0; i < t->n_identities; i++)
		json_array_append_new(ids, jstr(t->identities[i]));
	jset(o, "identities", ids);
	jset(o, "identities_only", json_boolean(t->identities_only));
	jset(o, "known_hosts", jstr(t->known_hosts));
	jset(o, "known_host_name", jstr(t->known_host_name));
	jset(o, "config_file", jstr(t->words.config_file));
	jset(o, "options", json_target_options(t));
	jset(o, "proxy_jump", jstr(t->proxy_jump));
	{
		json_t *hops = json_array();

		for (i = 0; i < t->n_hops; i++) {
			json_t *h = json_object();

			jset(h, "alias", jstr(t->hops[i]->alias));
			jset(h, "host", jstr(t->hops[i]->host));
			jset(h, "port", json_integer(t->hops[i]->port));
			jset(h, "user", jstr(t->hops[i]->user));
			json_array_append_new(hops, h);
		}
		jset(o, "hops", hops);
	}
	/* A ProxyCommand may carry a secret (sshpass -p ...): only say
	 * whether there is one. */
	jset(o, "proxy_command_set", json_boolean(t->proxy_command != NULL));
	/* Never the password itself. */
	jset(o, "password_given", json_boolean(t->password != NULL));
	jset(o, "timeout_ms", json_integer(t->timeout_ms));
	return o;
}

/* Evidence as an object in first-appearance order; a key that repeats
 * becomes an array of its values, in order. */
static json_t *
json_evidence(const sw_evidence *ev)
{
	json_t *o = json_object(), *old, *arr;
	size_t i;
	char *key;

	for (i = 0; i < ev->n; i++) {
		key = utf8_clean(ev->v[i].key);
		old = json_object_get(o, key);
		if (old == NULL) {
			jset(o, key, jstr(ev->v[i].value));
		} else if (json_is_array(old)) {
			json_array_append_new(old, jstr(ev->v[i].value));
		} else {
			arr = json_array();
			json_array_append(arr, old);
			json_array_append_new(arr, jstr(ev->v[i].value));
			jset(o, key, arr);
		}
		free(key);
	}
	return o;
}

static json_t *
json_step(const sw_engine *e, const sw_step *s, size_t index)
{
	json_t *o = json_object();
	int probe = s->node->kind == SW_NODE_PROBE;

	jset(o, "index", json_integer((json_int_t)index));
	jset(o, "node", jstr(s->node->id));
	jset(o, "kind", json_string(probe ? "probe" : "question"));
	jset(o, "probe", probe ? jstr(s->node->probe) : json_null());
	jset(o, "title", jtr(step_title(e, s->node)));
	jset(o, "outcome", jstr(s->outcome));
	jset(o, "outcome_label", jtr(step_label(e, s)));
	jset(o, "state", json_string(state_name(s->state)));
	jset(o, "origin", json_string(origin_name(engine_step_origin(e, s))));
	jset(o, "evidence", json_evidence(&s->evidence));
	jset(o, "hop", engine_target(e)->n_hops > 0 ?
	    jstr(engine_hop_target(e, s->hop)->display) : json_null());
	jset(o, "started_at", jtime(s->started_wall_ms));
	jset(o, "duration_ms", json_integer(s->duration_ms));
	return o;
}

/* The node's facts: [{key, value, origin, node}], in the node's order. */
static json_t *
json_facts(const sw_engine *e, const sw_node *v)
{
	json_t *a = json_array();
	sw_fact *f;
	size_t i, n = engine_facts(e, v, &f);

	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		jset(o, "key", jstr(f[i].key));
		jset(o, "value", jstr(fact_text(&f[i])));
		jset(o, "origin", json_string(origin_name(f[i].origin)));
		jset(o, "node", jstr(f[i].step->node->id));
		json_array_append_new(a, o);
	}
	free(f);
	return a;
}

static json_t *
json_verdict(const sw_engine *e, const sw_node *v)
{
	json_t *o = json_object(), *list = json_array(), *sg;
	const sw_step *a;
	size_t i;
	char *cmd;

	jset(o, "cause", jstr(v->cause));
	jset(o, "side", jstr(cause_side(v->cause)));
	jset(o, "node", jstr(v->id));
	/* With jump hosts: the hop the walk stood at, where it failed. */
	jset(o, "hop", engine_target(e)->n_hops > 0 ?
	    jstr(engine_hop_target(e, engine_hop(e))->display) : json_null());
	jset(o, "title", jtr(v->title));
	jset(o, "origin", json_string(origin_name(engine_verdict_origin(e))));
	a = engine_verdict_answer(e);
	jset(o, "answer", a != NULL ? jtr(step_answer_label(a)) : json_null());
	jset(o, "facts", json_facts(e, v));
	jset(o, "explanation", jtr(v->explanation));
	for (i = 0; i < v->n_suggest; i++) {
		if (!engine_suggest_applies(e, &v->suggest[i]))
			continue;
		sg = json_object();
		jset(sg, "where", json_string(where_name(v->suggest[i].where)));
		/* Commands are never translated. */
		cmd = engine_expand(e, v->suggest[i].command);
		jset(sg, "command", jstr(cmd));
		free(cmd);
		jset(sg, "why", jtr(v->suggest[i].why));
		json_array_append_new(list, sg);
	}
	jset(o, "suggestions", list);
	return o;
}

/* The user's own ssh, as the witness step (probe ssh.witness) ran it on this
 * path: {outcome, exit, message_id, message, said, ms, command}, or null
 * when the path has no such step.  Read from that step's evidence. */
static json_t *
json_witness(const sw_engine *e)
{
	const sw_step *w = NULL;
	json_t *o;
	const char *v;
	size_t i;

	for (i = 0; i < engine_n_steps(e); i++) {
		const sw_step *s = engine_step(e, i);

		if (s->node->kind == SW_NODE_PROBE &&
		    strcmp(s->node->probe, "ssh.witness") == 0)
			w = s;
	}
	if (w == NULL)
		return json_null();
	o = json_object();
	jset(o, "outcome", jstr(w->outcome));
	v = evidence_get(&w->evidence, "ssh_exit");
	jset(o, "exit", v != NULL && v[strspn(v, "0123456789")] == '\0' &&
	    *v != '\0' ? json_integer(strtol(v, NULL, 10)) : json_null());
	jset(o, "message_id", jstr(evidence_get(&w->evidence,
	    "ssh_message_id")));
	jset(o, "message", jstr(evidence_get(&w->evidence, "ssh_message")));
	jset(o, "said", jstr(evidence_get(&w->evidence, "ssh_said")));
	v = evidence_get(&w->evidence, "ssh_ms");
	jset(o, "ms", v != NULL ? json_integer(strtol(v, NULL, 10)) :
	    json_null());
	jset(o, "command", jstr(evidence_get(&w->evidence, "ssh_command")));
	return o;
}

/* What the pasted log was recognised as: [{id, start, summary, line}]. */
static json_t *
json_from_log(const sw_report_info *info)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; info != NULL && i < info->n_log_matches; i++) {
		const sw_logmatch *m = &info->log_matches[i];
		json_t *o = json_object();

		jset(o, "id", jstr(m->id));
		jset(o, "start", jstr(m->start));
		jset(o, "summary", jstr(_(m->summary)));
		jset(o, "line", jstr(m->line));
		json_array_append_new(a, o);
	}
	return a;
}

char *
report_json(const sw_engine *e, const sw_report_info *info)
{
	json_t *root = json_object(), *tool = json_object();
	json_t *steps = json_array(), *jopts = json_array();
	char **opts;
	size_t n_opts;
	const sw_node *node = engine_node(e);
	const char *status = report_status(e);
	int64_t started = report_started(e, info);
	int64_t finished = report_finished(e, info);
	char *text, *out;
	size_t i;

	jset(root, "report_version", json_integer(REPORT_VERSION));
	jset(tool, "name", json_string(PACKAGE));
	jset(tool, "version", json_string(PACKAGE_VERSION));
	n_opts = report_options(e, &opts);
	for (i = 0; i < n_opts; i++)
		json_array_append_new(jopts, jstr(opts[i]));
	sw_strv_free(opts);
	jset(tool, "options", jopts);
	jset(root, "tool", tool);
	jset(root, "status", json_string(status));
	jset(root, "error", engine_state(e) == SW_ENG_VERDICT ? json_null() :
	    jstr(engine_error(e)));
	jset(root, "lang", json_string(i18n_lang()));
	jset(root, "source", jstr(report_source(info)));
	jset(root, "started_at", jtime(started));
	jset(root, "finished_at", jtime(finished));
	jset(root, "duration_ms", json_integer(finished > started ?
	    finished - started : 0));
	jset(root, "target", json_target(engine_target(e)));
	jset(root, "from_log", json_from_log(info));
	jset(root, "witness", json_witness(e));
	for (i = 0; i < engine_n_steps(e); i++)
		json_array_append_new(steps,
		    json_step(e, engine_step(e, i), i + 1));
	jset(root, "steps", steps);
	jset(root, "current_node", node != NULL ? jstr(node->id) : json_null());
	jset(root, "verdict", engine_state(e) == SW_ENG_VERDICT ?
	    json_verdict(e, node) : json_null());

	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL)	/* only when out of memory */
		abort();
	out = xasprintf("%s\n", text);
	free(text);
	return out;
}

/* ---- Markdown ---- */

/* 1 if the character at p (in the string s) could start Markdown syntax
 * there.  Only those are escaped, so that the text reads as plain text in
 * a mail: known_hosts, $HOME, {port}, a.b-c stay as they are. */
static int
md_needs_escape(const char *s, const char *p, int line_start)
{
	unsigned char ch = (unsigned char)*p;
	int before = p > s && (isalnum((unsigned char)p[-1]) ||
	    (unsigned char)p[-1] >= 0x80);
	int after = isalnum((unsigned char)p[1]) || (unsigned char)p[1] >= 0x80;

	if (strchr("\\`*[]<|", ch) != NULL)
		return 1;
	switch (ch) {
	case '_':		/* intraword underscores emphasise nothing */
		return !(before && after);
	case '!':
		return p[1] == '[';
	case '~':
		return p[1] == '~';
	case '&':		/* an entity: &amp; &#38; */
		return isalpha((unsigned char)p[1]) || p[1] == '#';
	case '#':
	case '>':
	case '-':
	case '+':
	case '=':
		return line_start;
	default:
		return 0;
	}
}

/* Appends s as inline Markdown text: every character Markdown could read as
 * syntax there is backslash-escaped (pipes too, so it is safe in a table cell),
 * control characters are shown as \xHH and line breaks become spaces, or,
 * with multiline, stay line breaks with each line's start defused. */
static void
md_text(sbuf *b, const char *s, int multiline)
{
	char *c = utf8_clean(s);
	const char *p;
	int line_start = 1;

	for (p = c; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n' || ch == '\r') {
			if (multiline && ch == '\n')
				sbuf_addc(b, '\n');
			else if (!multiline)
				sbuf_addc(b, ' ');
			line_start = multiline;
			continue;
		}
		if (line_start && multiline && (ch == ' ' || ch == '\t'))
			continue;	/* no indented code blocks */
		if (ch < 0x20 || ch == 0x7f) {
			sbuf_addf(b, "\\\\x%02x", ch);
		} else if (md_needs_escape(c, p, line_start)) {
			sbuf_addc(b, '\\');
			sbuf_addc(b, (char)ch);
		} else if (line_start && ch >= '0' && ch <= '9') {
			/* "1." or "1)" would start an ordered list. */
			size_t d = strspn(p, "0123456789");

			sbuf_addn(b, p, d);
			p += d - 1;
			if (p[1] == '.' || p[1] == ')') {
				sbuf_addc(b, '\\');
				sbuf_addc(b, *++p);
			}
		} else {
			sbuf_addc(b, (char)ch);
		}
		line_start = 0;
	}
	free(c);
}

/* A step's state in words (N_() text). */
static const char *
state_label(sw_state st)
{
	switch (st) {
	case SW_STATE_PASS:
		return N_("passed");
	case SW_STATE_FAIL:
		return N_("failed");
	case SW_STATE_WARN:
		return N_("warning");
	case SW_STATE_UNCHECKED:
		return N_("not checked");
	default:
		return N_("info");
	}
}

/* The longest run of backticks in s. */
static size_t
longest_backticks(const char *s)
{
	size_t best = 0, run = 0;

	for (; *s != '\0'; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void
md_backticks(sbuf *b, size_t n)
{
	while (n-- > 0)
		sbuf_addc(b, '`');
}

/* Appends s as a code span fenced by more backticks than any run in it.
 * Line breaks and control characters show as \n, \r, \xHH; in a table cell
 * pipes are escaped (GFM splits cells before reading code spans). */
static void
md_code(sbuf *b, const char *s, int table)
{
	char *c = utf8_clean(s);
	size_t n = longest_backticks(c) + 1, len = strlen(c);
	int pad;
	const char *p;

	if (len == 0) {
		sbuf_addc(b, '*');
		md_text(b, _("(empty)"), 0);
		sbuf_addc(b, '*');
		free(c);
		return;
	}
	/* One space each side is stripped when both are there: pad when the
	 * value starts or ends with a backtick or a space. */
	pad = c[0] == '`' || c[len - 1] == '`' || c[0] == ' ' ||
	    c[len - 1] == ' ';
	if (strspn(c, " ") == len)
		pad = 0;
	md_backticks(b, n);
	if (pad)
		sbuf_addc(b, ' ');
	for (p = c; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n')
			sbuf_add(b, "\\n");
		else if (ch == '\r')
			sbuf_add(b, "\\r");
		else if (ch == '\t')
			sbuf_add(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			sbuf_addf(b, "\\x%02x", ch);
		else if (ch == '|' && table)
			sbuf_add(b, "\\|");
		else
			sbuf_addc(b, (char)ch);
	}
	if (pad)
		sbuf_addc(b, ' ');
	md_backticks(b, n);
	free(c);
}

/* Appends cmd as a fenced code block whose fence is longer than any run of
 * backticks in it, so no line of it can close the block. */
static void
md_fence(sbuf *b, const char *cmd)
{
	char *c = utf8_clean(cmd);
	size_t n = longest_backticks(c) + 1;
	const char *p;

	if (n < 3)
		n = 3;
	md_backticks(b, n);
	sbuf_add(b, "sh\n");
	for (p = c; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '\n' || ch == '\t' || (ch >= 0x20 && ch != 0x7f))
			sbuf_addc(b, (char)ch);
		else
			sbuf_addf(b, "\\x%02x", ch);
	}
	if (*c == '\0' || p[-1] != '\n')
		sbuf_addc(b, '\n');
	md_backticks(b, n);
	sbuf_add(b, "\n\n");
	free(c);
}

/* "user@host:port", with an IPv6 literal in brackets.  Caller frees. */
static char *
target_text(const sw_target *t)
{
	const char *host = t->host != NULL ? t->host :
	    (t->alias != NULL ? t->alias : "");
	int v6 = strchr(host, ':') != NULL;

	return xasprintf("%s%s%s%s%s:%d", t->user != NULL ? t->user : "",
	    t->user != NULL ? "@" : "", v6 ? "[" : "", host, v6 ? "]" : "",
	    t->port);
}

static void
md_header(sbuf *b, const sw_engine *e, const sw_report_info *info)
{
	const sw_target *t = engine_target(e);
	char date[32], *tt = target_text(t), *h, *line;

	sw_iso8601(report_started(e, info), date, sizeof(date));
	/* TRANSLATORS: the report's title: target (user@host:port), date and
	 * time (ISO 8601), language code. */
	h = xasprintf(_("SSH diagnosis of %s, %s (%s)"), tt, date, i18n_lang());
	sbuf_add(b, "# ");
	md_text(b, h, 0);
	sbuf_add(b, "\n\n");
	free(h);

	sbuf_add(b, "- ");
	md_text(b, _("Target:"), 0);
	sbuf_addc(b, ' ');
	md_code(b, tt, 0);
	if (t->alias != NULL &&
	    (t->host == NULL || strcmp(t->alias, t->host) != 0)) {
		sbuf_addc(b, ' ');
		/* TRANSLATORS: after the target: the name the user typed. */
		md_text(b, _("as typed:"), 0);
		sbuf_addc(b, ' ');
		md_code(b, t->alias, 0);
	}
	sbuf_add(b, "\n- ");
	md_text(b, _("Started:"), 0);
	sbuf_addf(b, " %s\n- ", date);
	sw_iso8601(report_finished(e, info), date, sizeof(date));
	md_text(b, _("Finished:"), 0);
	sbuf_addf(b, " %s\n- ", date);
	md_text(b, _("Language:"), 0);
	sbuf_addf(b, " %s\n- ", i18n_lang());
	md_text(b, _("Findings from:"), 0);
	sbuf_addc(b, ' ');
	md_code(b, report_source(info), 0);
	sbuf_add(b, "\n- ");
	/* TRANSLATORS: followed by the program's name and version. */
	md_text(b, _("Tool:"), 0);
	sbuf_addc(b, ' ');
	md_code(b, PACKAGE " " PACKAGE_VERSION, 0);
	sbuf_add(b, "\n- ");
	md_text(b, _("Options:"), 0);
	sbuf_addc(b, ' ');
	line = options_line(e);
	if (line != NULL)
		md_code(b, line, 0);
	else
		md_text(b, _("(none)"), 0);
	free(line);
	sbuf_add(b, "\n\n");
	free(tt);
}

/* The verdict's facts as a table: key, value, who said it. */
static void
md_facts(sbuf *b, const sw_engine *e, const sw_node *v)
{
	sw_fact *f;
	size_t i, n = engine_facts(e, v, &f);

	if (n == 0)
		return;
	sbuf_add(b, "| ");
	md_text(b, _("Fact"), 0);
	sbuf_add(b, " | ");
	md_text(b, _("Value"), 0);
	sbuf_add(b, " | ");
	md_text(b, _("From"), 0);
	sbuf_add(b, " |\n| --- | --- | --- |\n");
	for (i = 0; i < n; i++) {
		sbuf_add(b, "| ");
		md_code(b, f[i].key, 1);
		sbuf_add(b, " | ");
		md_code(b, fact_text(&f[i]), 1);
		sbuf_add(b, " | ");
		md_text(b, _(origin_label(f[i].origin)), 0);
		sbuf_add(b, " |\n");
	}
	sbuf_addc(b, '\n');
	free(f);
}

static void
md_verdict(sbuf *b, const sw_engine *e, const sw_node *v)
{
	const sw_step *a;
	size_t i, shown = 0;
	char *cmd;

	sbuf_add(b, "## ");
	md_text(b, _("Verdict:"), 0);
	sbuf_addc(b, ' ');
	md_text(b, _(v->title), 0);
	sbuf_add(b, "\n\n");
	md_text(b, _("Cause:"), 0);
	sbuf_addc(b, ' ');
	md_code(b, v->cause != NULL ? v->cause : "", 0);
	sbuf_add(b, "\n\n");
	if ((a = engine_verdict_answer(e)) != NULL) {
		md_text(b, _("Decided by your answer:"), 0);
		sbuf_addc(b, ' ');
		md_text(b, _(step_answer_label(a)), 0);
		sbuf_add(b, "\n\n");
	}
	md_facts(b, e, v);
	if (v->explanation != NULL && *v->explanation != '\0') {
		md_text(b, _(v->explanation), 1);
		sbuf_add(b, "\n\n");
	}
	if (engine_n_offered(e, v) == 0)
		return;
	sbuf_add(b, "### ");
	md_text(b, _("What to do"), 0);
	sbuf_add(b, "\n\n");
	for (i = 0; i < v->n_suggest; i++) {
		const sw_suggest *sg = &v->suggest[i];

		if (!engine_suggest_applies(e, sg))
			continue;
		sbuf_addf(b, "%zu. **", ++shown);
		md_text(b, sg->where == SW_WHERE_SERVER ? _("On the server") :
		    _("On this machine"), 0);
		sbuf_add(b, "**");
		if (sg->why != NULL && *sg->why != '\0') {
			sbuf_add(b, ": ");
			md_text(b, _(sg->why), 0);
		}
		sbuf_add(b, "\n\n");
		cmd = engine_expand(e, sg->command);
		md_fence(b, cmd);
		free(cmd);
	}
}

static void
md_not_done(sbuf *b, const sw_engine *e)
{
	const char *err = engine_error(e);
	const sw_node *n = engine_node(e);

	sbuf_add(b, "## ");
	md_text(b, engine_state(e) == SW_ENG_FAILED ?
	    _("The diagnosis failed") : _("The diagnosis did not finish"), 0);
	sbuf_add(b, "\n\n");
	if (err != NULL) {
		md_text(b, err, 0);
		sbuf_add(b, "\n\n");
	}
	if (n != NULL) {
		md_text(b, _("Stopped at:"), 0);
		sbuf_addc(b, ' ');
		md_text(b, _(step_title(e, n)), 0);
		sbuf_addc(b, ' ');
		sbuf_addc(b, '(');
		md_code(b, n->id, 0);
		sbuf_add(b, ")\n\n");
	}
}

static void
md_path(sbuf *b, const sw_engine *e)
{
	size_t i, n = engine_n_steps(e), with_evidence = 0;

	sbuf_add(b, "## ");
	md_text(b, _("Path"), 0);
	sbuf_add(b, "\n\n");
	if (n == 0) {
		md_text(b, _("No step was taken."), 0);
		sbuf_add(b, "\n\n");
		return;
	}
	sbuf_add(b, "| ");
	md_text(b, _("Step"), 0);
	sbuf_add(b, " | ");
	md_text(b, _("Check"), 0);
	sbuf_add(b, " | ");
	md_text(b, _("Outcome"), 0);
	sbuf_add(b, " | ");
	md_text(b, _("Duration"), 0);
	sbuf_add(b, " |\n| ---: | --- | --- | ---: |\n");
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(e, i);
		const char *label = step_label(e, s);
		char *dur;

		sbuf_addf(b, "| %zu | ", i + 1);
		md_text(b, _(step_title(e, s->node)), 0);
		if (s->node->kind == SW_NODE_PROBE) {
			sbuf_add(b, " (");
			md_code(b, s->node->probe, 1);
			sbuf_addc(b, ')');
		}
		sbuf_add(b, " | ");
		if (label != NULL) {
			md_text(b, _(label), 0);
			sbuf_addc(b, ' ');
		}
		sbuf_addc(b, '(');
		md_code(b, s->outcome != NULL ? s->outcome : "", 1);
		sbuf_add(b, ", ");
		md_text(b, _(state_label(s->state)), 0);
		sbuf_add(b, ") | ");
		if (s->node->kind == SW_NODE_PROBE) {
			/* TRANSLATORS: a duration in milliseconds. */
			dur = xasprintf(_("%lld ms"),
			    (long long)s->duration_ms);
			md_text(b, dur, 0);
			free(dur);
		}
		sbuf_add(b, " |\n");
		with_evidence += s->evidence.n > 0;
	}
	sbuf_addc(b, '\n');

	sbuf_add(b, "## ");
	md_text(b, _("Evidence"), 0);
	sbuf_add(b, "\n\n");
	if (with_evidence == 0) {
		md_text(b, _("No evidence was recorded."), 0);
		sbuf_add(b, "\n\n");
		return;
	}
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(e, i);
		size_t k;

		if (s->evidence.n == 0)
			continue;
		sbuf_addf(b, "### %zu. ", i + 1);
		md_text(b, _(step_title(e, s->node)), 0);
		sbuf_add(b, "\n\n");
		for (k = 0; k < s->evidence.n; k++) {
			sbuf_add(b, "- ");
			md_code(b, s->evidence.v[k].key, 0);
			sbuf_add(b, ": ");
			md_code(b, s->evidence.v[k].value, 0);
			sbuf_addc(b, '\n');
		}
		sbuf_addc(b, '\n');
	}
}

/* What the pasted log was recognised as, when there was one. */
static void
md_from_log(sbuf *b, const sw_report_info *info)
{
	size_t i;

	if (info == NULL || info->n_log_matches == 0)
		return;
	sbuf_add(b, "## ");
	md_text(b, _("Recognised in the log"), 0);
	sbuf_add(b, "\n\n");
	for (i = 0; i < info->n_log_matches; i++) {
		const sw_logmatch *m = &info->log_matches[i];

		sbuf_add(b, "- ");
		md_text(b, _(m->summary), 0);
		sbuf_addc(b, ' ');
		md_code(b, m->id, 0);
		sbuf_add(b, "\n  ");
		md_code(b, m->line != NULL ? m->line : "", 0);
		sbuf_addc(b, '\n');
	}
	sbuf_addc(b, '\n');
}

char *
report_markdown(const sw_engine *e, const sw_report_info *info)
{
	sbuf b = { 0 };

	md_header(&b, e, info);
	md_from_log(&b, info);
	if (engine_state(e) == SW_ENG_VERDICT)
		md_verdict(&b, e, engine_node(e));
	else
		md_not_done(&b, e);
	md_path(&b, e);
	/* One trailing newline. */
	while (b.len > 1 && b.s[b.len - 1] == '\n' && b.s[b.len - 2] == '\n')
		b.s[--b.len] = '\0';
	return sbuf_steal(&b);
}

/* ---- HTML ---- */

/* Appends s as HTML text: & < > " ' as entities, control characters other
 * than line breaks shown as \xHH, invalid UTF-8 replaced. */
static void
html_text(sbuf *b, const char *s)
{
	char *c = utf8_clean(s != NULL ? s : "");
	const char *p;

	for (p = c; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		switch (ch) {
		case '&':
			sbuf_add(b, "&amp;");
			break;
		case '<':
			sbuf_add(b, "&lt;");
			break;
		case '>':
			sbuf_add(b, "&gt;");
			break;
		case '"':
			sbuf_add(b, "&quot;");
			break;
		case '\'':
			sbuf_add(b, "&#39;");
			break;
		default:
			if ((ch < 0x20 && ch != '\n') || ch == 0x7f)
				sbuf_addf(b, "\\x%02x", ch);
			else
				sbuf_addc(b, (char)ch);
		}
	}
	free(c);
}

/* <tag>text</tag> with the text escaped. */
static void
html_el(sbuf *b, const char *tag, const char *text)
{
	sbuf_addf(b, "<%s>", tag);
	html_text(b, text);
	sbuf_addf(b, "</%s>", tag);
}

/* The style sheet: inline, so the file needs nothing else. */
static const char html_style[] =
    "body{font-family:sans-serif;max-width:60em;margin:1em auto;"
    "padding:0 1em;line-height:1.4}"
    "pre,code{font-family:monospace;white-space:pre-wrap;"
    "overflow-wrap:anywhere}"
    "pre{background:#f4f4f4;border:1px solid #ccc;padding:.5em}"
    "table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;"
    "vertical-align:top}"
    ".fail{color:#a00}.pass{color:#070}";

static void
html_facts(sbuf *b, const sw_engine *e, const sw_node *v)
{
	sw_fact *f;
	size_t i, n = engine_facts(e, v, &f);

	if (n == 0)
		return;
	sbuf_add(b, "<table class=\"facts\">\n<tr>");
	html_el(b, "th", _("Fact"));
	html_el(b, "th", _("Value"));
	html_el(b, "th", _("From"));
	sbuf_add(b, "</tr>\n");
	for (i = 0; i < n; i++) {
		sbuf_add(b, "<tr><td><code>");
		html_text(b, f[i].key);
		sbuf_add(b, "</code></td><td><code>");
		html_text(b, fact_text(&f[i]));
		sbuf_add(b, "</code></td>");
		html_el(b, "td", _(origin_label(f[i].origin)));
		sbuf_add(b, "</tr>\n");
	}
	sbuf_add(b, "</table>\n");
	free(f);
}

static void
html_verdict(sbuf *b, const sw_engine *e, const sw_node *v)
{
	const sw_step *a;
	size_t i;
	char *cmd, *h;

	h = xasprintf("%s %s", _("Verdict:"), _(v->title));
	sbuf_add(b, "<h2 class=\"verdict\">");
	html_text(b, h);
	sbuf_add(b, "</h2>\n<p>");
	free(h);
	html_text(b, _("Cause:"));
	sbuf_add(b, " <code>");
	html_text(b, v->cause);
	sbuf_add(b, "</code></p>\n");
	if ((a = engine_verdict_answer(e)) != NULL) {
		sbuf_add(b, "<p>");
		html_text(b, _("Decided by your answer:"));
		sbuf_addc(b, ' ');
		html_text(b, _(step_answer_label(a)));
		sbuf_add(b, "</p>\n");
	}
	html_facts(b, e, v);
	if (v->explanation != NULL)
		html_el(b, "p", _(v->explanation));
	if (engine_n_offered(e, v) == 0)
		return;
	sbuf_add(b, "\n");
	html_el(b, "h3", _("What to do"));
	sbuf_add(b, "\n<ol>\n");
	for (i = 0; i < v->n_suggest; i++) {
		const sw_suggest *sg = &v->suggest[i];

		if (!engine_suggest_applies(e, sg))
			continue;
		sbuf_add(b, "<li><p><strong>");
		html_text(b, sg->where == SW_WHERE_SERVER ? _("On the server") :
		    _("On this machine"));
		sbuf_add(b, "</strong>");
		if (sg->why != NULL) {
			sbuf_add(b, ": ");
			html_text(b, _(sg->why));
		}
		sbuf_add(b, "</p>\n<pre><code>");
		cmd = engine_expand(e, sg->command);
		html_text(b, cmd);
		free(cmd);
		sbuf_add(b, "</code></pre></li>\n");
	}
	sbuf_add(b, "</ol>\n");
}

static void
html_path(sbuf *b, const sw_engine *e)
{
	size_t i, k, n = engine_n_steps(e);

	html_el(b, "h2", _("Path"));
	sbuf_add(b, "\n<table>\n<tr>");
	html_el(b, "th", _("Step"));
	html_el(b, "th", _("Check"));
	html_el(b, "th", _("Outcome"));
	html_el(b, "th", _("Duration"));
	sbuf_add(b, "</tr>\n");
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(e, i);
		const char *label = step_label(e, s);
		char *dur;

		sbuf_addf(b, "<tr><td>%zu</td><td>", i + 1);
		html_text(b, _(step_title(e, s->node)));
		sbuf_add(b, "</td><td class=\"");
		sbuf_add(b, state_name(s->state));
		sbuf_add(b, "\">");
		if (label != NULL)
			html_text(b, _(label));
		sbuf_add(b, " (<code>");
		html_text(b, s->outcome);
		sbuf_add(b, "</code>, ");
		html_text(b, _(state_label(s->state)));
		sbuf_add(b, ")</td><td>");
		if (s->node->kind == SW_NODE_PROBE) {
			dur = xasprintf(_("%lld ms"), (long long)s->duration_ms);
			html_text(b, dur);
			free(dur);
		}
		sbuf_add(b, "</td></tr>\n");
	}
	sbuf_add(b, "</table>\n");
	html_el(b, "h2", _("Evidence"));
	sbuf_addc(b, '\n');
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(e, i);
		char *h;

		if (s->evidence.n == 0)
			continue;
		h = xasprintf("%zu. %s", i + 1, _(step_title(e, s->node)));
		html_el(b, "h3", h);
		free(h);
		sbuf_add(b, "\n<ul>\n");
		for (k = 0; k < s->evidence.n; k++) {
			sbuf_add(b, "<li><code>");
			html_text(b, s->evidence.v[k].key);
			sbuf_add(b, "</code>: <code>");
			html_text(b, s->evidence.v[k].value);
			sbuf_add(b, "</code></li>\n");
		}
		sbuf_add(b, "</ul>\n");
	}
}

char *
report_html(const sw_engine *e, const sw_report_info *info)
{
	sbuf b = { 0 };
	const sw_target *t = engine_target(e);
	char date[32], *tt = target_text(t), *h, *line;

	sw_iso8601(report_started(e, info), date, sizeof(date));
	h = xasprintf(_("SSH diagnosis of %s, %s (%s)"), tt, date, i18n_lang());
	sbuf_add(&b, "<!DOCTYPE html>\n<html lang=\"");
	html_text(&b, i18n_lang());
	sbuf_add(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n");
	/* No script, no style or image from elsewhere, no form. */
	sbuf_add(&b, "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
	html_el(&b, "title", h);
	sbuf_addf(&b, "\n<style>%s</style>\n</head>\n<body>\n", html_style);
	html_el(&b, "h1", h);
	free(h);
	sbuf_add(&b, "\n<ul>\n<li>");
	html_text(&b, _("Target:"));
	sbuf_add(&b, " <code>");
	html_text(&b, tt);
	sbuf_add(&b, "</code></li>\n<li>");
	html_text(&b, _("Started:"));
	sbuf_addf(&b, " %s</li>\n<li>", date);
	sw_iso8601(report_finished(e, info), date, sizeof(date));
	html_text(&b, _("Finished:"));
	sbuf_addf(&b, " %s</li>\n<li>", date);
	html_text(&b, _("Findings from:"));
	sbuf_add(&b, " <code>");
	html_text(&b, report_source(info));
	sbuf_add(&b, "</code></li>\n<li>");
	html_text(&b, _("Tool:"));
	sbuf_add(&b, " <code>" PACKAGE " " PACKAGE_VERSION "</code></li>\n<li>");
	html_text(&b, _("Options:"));
	line = options_line(e);
	sbuf_add(&b, " <code>");
	html_text(&b, line != NULL ? line : "");
	sbuf_add(&b, "</code></li>\n</ul>\n");
	free(line);
	free(tt);
	if (engine_state(e) == SW_ENG_VERDICT)
		html_verdict(&b, e, engine_node(e));
	else {
		html_el(&b, "h2", engine_state(e) == SW_ENG_FAILED ?
		    _("The diagnosis failed") :
		    _("The diagnosis did not finish"));
		if (engine_error(e) != NULL)
			html_el(&b, "p", engine_error(e));
	}
	sbuf_addc(&b, '\n');
	html_path(&b, e);
	sbuf_add(&b, "</body>\n</html>\n");
	return sbuf_steal(&b);
}

/* ---- Writing ---- */

/* Sets *errp to "cannot write PATH: REASON" (path shown on one line). */
static void
write_error(char **errp, const char *path, const char *reason)
{
	char *p;

	if (errp == NULL)
		return;
	p = sw_escape_bytes((const unsigned char *)path, strlen(path), 4096);
	*errp = xasprintf(_("cannot write %s: %s"), p, reason);
	free(p);
}

/* 1 if path exists and is a symbolic link. */
static int
is_symlink(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* Flushes the directory entry of path to disk, as far as possible. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
report_write_file(const char *path, const char *data, char **errp)
{
	char *tmp = NULL;
	size_t len, off = 0;
	ssize_t w;
	int fd = -1, ret = -1;

	if (errp != NULL)
		*errp = NULL;
	if (data == NULL)
		data = "";
	if (is_symlink(path)) {
		write_error(errp, path, _("it is a symbolic link"));
		goto out;
	}
	/* mkostemp creates with O_EXCL: it never opens through a link. */
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		write_error(errp, path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0600) != 0) {
		write_error(errp, path, strerror(errno));
		goto out;
	}
	len = strlen(data);
	while (off < len) {
		w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			write_error(errp, path, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0) {
		write_error(errp, path, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		write_error(errp, path, strerror(errno));
		goto out;
	}
	fd = -1;
	/* Checked again: the link may have appeared meanwhile.  rename()
	 * would replace a link, never follow it, but a link there means
	 * someone expects the report elsewhere. */
	if (is_symlink(path)) {
		write_error(errp, path, _("it is a symbolic link"));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		write_error(errp, path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;	/* it is path now */
	sync_dir(path);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	return ret;
}

/* 1 if path names a Markdown file. */
/* 1 if path ends in suffix, in any case. */
static int
has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

int
report_write(const sw_engine *e, const sw_report_info *info, const char *path,
    char **errp)
{
	char *data;
	int ret;

	data = has_suffix(path, ".md") ? report_markdown(e, info) :
	    has_suffix(path, ".html") ? report_html(e, info) :
	    report_json(e, info);
	ret = report_write_file(path, data, errp);
	free(data);
	return ret;
}
