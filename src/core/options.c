/* Command-line parsing with getopt_long. */
#include "config.h"

#include "core/options.h"
#include "host/host.h"
#include "core/i18n.h"
#include "core/localhost.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_BATCH = 256,
	OPT_VALIDATE,
	OPT_PASSWORD_FILE,
	OPT_KNOWN_HOSTS,
	OPT_TIMEOUT,
	OPT_TREE,
	OPT_LANG,
	OPT_REPORT,
	OPT_ANSWER,
	OPT_FROM_LOG,
	OPT_NO_SSH_CONFIG,
	OPT_SERVER,
	OPT_CLIENT,
	OPT_VIA,
	OPT_VIA_IDENTITY,
	OPT_VIA_PASSWORD_FILE,
	OPT_SUDO,
	OPT_SSHD_CONFIG,
	OPT_KEY,
	OPT_VERSION,
	OPT_LIST,
};

static const struct option long_opts[] = {
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "port", required_argument, NULL, 'p' },
	{ "user", required_argument, NULL, 'l' },
	{ "identity", required_argument, NULL, 'i' },
	{ "config", required_argument, NULL, 'F' },
	{ "jump", required_argument, NULL, 'J' },
	{ "option", required_argument, NULL, 'o' },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "known-hosts", required_argument, NULL, OPT_KNOWN_HOSTS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "tree", required_argument, NULL, OPT_TREE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "answer", required_argument, NULL, OPT_ANSWER },
	{ "from-log", required_argument, NULL, OPT_FROM_LOG },
	{ "no-ssh-config", no_argument, NULL, OPT_NO_SSH_CONFIG },
	{ "server", no_argument, NULL, OPT_SERVER },
	{ "client", required_argument, NULL, OPT_CLIENT },
	{ "via", required_argument, NULL, OPT_VIA },
	{ "via-identity", required_argument, NULL, OPT_VIA_IDENTITY },
	{ "via-password-file", required_argument, NULL, OPT_VIA_PASSWORD_FILE },
	{ "sudo", no_argument, NULL, OPT_SUDO },
	{ "sshd-config", required_argument, NULL, OPT_SSHD_CONFIG },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "list", required_argument, NULL, OPT_LIST },
	{ NULL, 0, NULL, 0 },
};

/* --client: a numeric IPv4 or IPv6 address. */
static int
parse_client(const char *s, sw_options *o, char **errp)
{
	unsigned char bin[16];

	if (inet_pton(AF_INET, s, bin) != 1 && inet_pton(AF_INET6, s, bin) != 1) {
		*errp = xasprintf(_("bad --client '%s': give the client's IP "
		    "address"), s);
		return -1;
	}
	free(o->client_ip);
	o->client_ip = xstrdup(s);
	return 0;
}

/* --via: [user@]host[:port], parsed now (once) so a typo stops before
 * any probe runs. */
static int
parse_via(const char *s, sw_options *o, char **errp)
{
	char *user = NULL, *host = NULL, *err = NULL;
	int port = 0;

	if (target_parse_spec(s, &user, &host, &port, &err) != 0) {
		*errp = xasprintf(_("bad --via '%s': %s"), s, err);
		free(err);
		return -1;
	}
	free(o->via);
	free(o->via_user);
	free(o->via_host);
	o->via = xstrdup(s);
	o->via_user = user;
	o->via_host = host;
	o->via_port = port;
	return 0;
}

static void
push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* Bytes of a --key file read at most. */
#define KEY_FILE_MAX 65536

/* The first line of path that looks like "TYPE BASE64": TYPE made of
 * [a-z0-9@.-], BASE64 of base64 characters.  Returns it as "TYPE BASE64"
 * (caller frees), or NULL. */
static char *
pubkey_line(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf, *line, *save = NULL, *out = NULL;
	size_t n;

	if (f == NULL)
		return NULL;
	buf = xmalloc(KEY_FILE_MAX + 1);
	n = fread(buf, 1, KEY_FILE_MAX, f);
	fclose(f);
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL && out == NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t tl, bl;

		line += strspn(line, " \t");
		tl = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789@.-");
		if (tl == 0 || (line[tl] != ' ' && line[tl] != '\t'))
			continue;
		bl = strspn(line + tl + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
		    "klmnopqrstuvwxyz0123456789+/=");
		if (bl >= 16 && (line[tl + 1 + bl] == '\0' ||
		    line[tl + 1 + bl] == ' ' || line[tl + 1 + bl] == '\t' ||
		    line[tl + 1 + bl] == '\r'))
			out = xasprintf("%.*s %.*s", (int)tl, line, (int)bl,
			    line + tl + 1);
	}
	free(buf);
	return out;
}

/* --key FILE.pub or SHA256:FP: the client key the server checks look for,
 * kept as "TYPE BASE64 FILE" or "SHA256:FP" (probes/authkeys.h reads
 * both).  A private key file stands for the .pub file beside it. */
static int
parse_key(const char *s, sw_options *o, char **errp)
{
	char *line = NULL, *pub = NULL;

	if (strncmp(s, "SHA256:", 7) == 0) {
		if (strlen(s) != 7 + 43 || strspn(s + 7, "ABCDEFGHIJKLMNOPQRSTUV"
		    "WXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != 43) {
			*errp = xasprintf(_("bad --key '%s': a fingerprint is "
			    "SHA256: and 43 characters, as ssh-keygen -l "
			    "prints it"), s);
			return -1;
		}
		push(&o->keys, &o->n_keys, s);
		return 0;
	}
	if ((line = pubkey_line(s)) == NULL) {
		pub = xasprintf("%s.pub", s);
		line = pubkey_line(pub);
	}
	if (line == NULL) {
		*errp = xasprintf(_("bad --key '%s': not a public key file "
		    "(give KEY.pub, or SHA256:... as ssh-keygen -l prints "
		    "it)"), s);
		free(pub);
		return -1;
	}
	o->keys = xreallocarray(o->keys, o->n_keys + 1, sizeof(*o->keys));
	o->keys[o->n_keys++] = xasprintf("%s %s", line,
	    pub != NULL ? pub : s);
	free(line);
	free(pub);
	return 0;
}

/* --list WHAT: the names shell completion offers. */
static int
parse_list(const char *s, sw_options *o, char **errp)
{
	static const struct {
		const char *name;
		sw_list list;
	} lists[] = {
		{ "questions", SW_LIST_QUESTIONS },
		{ "langs", SW_LIST_LANGS },
		{ "causes", SW_LIST_CAUSES },
	};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(s, lists[i].name) == 0) {
			o->mode = SW_MODE_LIST;
			o->list = lists[i].list;
			return 0;
		}
	*errp = xasprintf(_("bad --list '%s': use questions, langs or causes"),
	    s);
	return -1;
}

static int
parse_timeout(const char *s, int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    v < 0.1 || v > 600)
		return -1;
	*ms = (int)(v * 1000 + 0.5);
	return 0;
}

int
options_parse(int argc, char **argv, sw_options *o, char **errp)
{
	int c, p;
	const char *eq;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = 5000;
	/* Out of the environment at once, so no child (ssh -G) inherits
	 * it. */
	o->env_password = secret_from_env("SSHPASS");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:l:i:F:J:o:h", long_opts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_BATCH:
			/* --server --batch, in either order, is the server
			 * walk in batch. */
			o->batch = 1;
			if (o->mode != SW_MODE_SERVER)
				o->mode = SW_MODE_BATCH;
			break;
		case OPT_VALIDATE:
			o->mode = SW_MODE_VALIDATE;
			break;
		case 'p':
			if ((p = target_parse_port(optarg)) < 0) {
				*errp = xasprintf(_("bad port '%s': give a number "
				    "from 1 to 65535"), optarg);
				return -1;
			}
			o->words.port = p;
			break;
		case 'l':
			if (*optarg == '\0') {
				*errp = xstrdup(_("empty user name"));
				return -1;
			}
			free(o->words.user);
			o->words.user = xstrdup(optarg);
			break;
		case 'i':
			push(&o->words.identities, &o->words.n_identities,
			    optarg);
			break;
		case 'F':
			if (*optarg == '\0') {
				*errp = xstrdup(_("empty -F: give the ssh "
				    "configuration file"));
				return -1;
			}
			free(o->words.config_file);
			o->words.config_file = xstrdup(optarg);
			break;
		case 'J':
			if (*optarg == '\0') {
				*errp = xstrdup(_("empty -J: give the jump "
				    "host as [user@]host[:port]"));
				return -1;
			}
			free(o->words.jump);
			o->words.jump = xstrdup(optarg);
			break;
		case 'o':
			if (strchr(optarg, '=') == NULL &&
			    strchr(optarg, ' ') == NULL) {
				*errp = xasprintf(_("bad -o '%s': use -o "
				    "Keyword=value, as with ssh"), optarg);
				return -1;
			}
			push(&o->words.opts, &o->words.n_opts, optarg);
			break;
		case OPT_PASSWORD_FILE:
			free(o->password_file);
			o->password_file = xstrdup(optarg);
			break;
		case OPT_KNOWN_HOSTS:
			free(o->words.known_hosts);
			o->words.known_hosts = xstrdup(optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &o->timeout_ms) != 0) {
				*errp = xasprintf(_("bad timeout '%s': give "
				    "seconds from 0.1 to 600"), optarg);
				return -1;
			}
			break;
		case OPT_TREE:
			free(o->tree);
			o->tree = xstrdup(optarg);
			break;
		case OPT_LANG:
			if (!i18n_known(optarg)) {
				/* TRANSLATORS: the second %s lists the
				 * language codes, e.g. "en, ja". */
				*errp = xasprintf(_("unknown language '%s': use "
				    "one of %s"), optarg, i18n_langs_text());
				return -1;
			}
			free(o->lang);
			o->lang = xstrdup(optarg);
			break;
		case OPT_REPORT:
			if (*optarg == '\0') {
				*errp = xstrdup(_("empty report path"));
				return -1;
			}
			o->reports = xreallocarray(o->reports, o->n_reports + 1,
			    sizeof(char *));
			o->reports[o->n_reports++] = xstrdup(optarg);
			break;
		case OPT_ANSWER:
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg || eq[1] == '\0') {
				*errp = xasprintf(_("bad answer '%s': use "
				    "--answer NODE=CHOICE"), optarg);
				return -1;
			}
			o->answers = xreallocarray(o->answers, o->n_answers + 1,
			    sizeof(*o->answers));
			o->answers[o->n_answers].node =
			    xstrndup(optarg, (size_t)(eq - optarg));
			o->answers[o->n_answers].choice = xstrdup(eq + 1);
			o->n_answers++;
			break;
		case OPT_FROM_LOG:
			free(o->from_log);
			o->from_log = xstrdup(optarg);
			break;
		case OPT_NO_SSH_CONFIG:
			o->words.no_ssh_config = 1;
			break;
		case OPT_SERVER:
			o->mode = SW_MODE_SERVER;
			break;
		case OPT_CLIENT:
			if (parse_client(optarg, o, errp) != 0)
				return -1;
			break;
		case OPT_VIA:
			if (parse_via(optarg, o, errp) != 0)
				return -1;
			break;
		case OPT_VIA_IDENTITY:
			free(o->via_identity);
			o->via_identity = xstrdup(optarg);
			break;
		case OPT_VIA_PASSWORD_FILE:
			free(o->via_password_file);
			o->via_password_file = xstrdup(optarg);
			break;
		case OPT_SUDO:
			o->sudo = 1;
			break;
		case OPT_SSHD_CONFIG:
			if (!host_path_ok(optarg)) {
				*errp = xasprintf(_("bad --sshd-config '%s': give "
				    "an absolute path"), optarg);
				return -1;
			}
			free(o->sshd_config);
			o->sshd_config = xstrdup(optarg);
			break;
		case OPT_KEY:
			if (parse_key(optarg, o, errp) != 0)
				return -1;
			break;
		case 'h':
			o->mode = SW_MODE_HELP;
			return 0;
		case OPT_VERSION:
			o->mode = SW_MODE_VERSION;
			return 0;
		case OPT_LIST:
			if (parse_list(optarg, o, errp) != 0)
				return -1;
			break;
		case ':':
			*errp = xasprintf(_("option '%s' needs a value"),
			    argv[optind - 1]);
			return -1;
		default:
			*errp = xasprintf(_("unknown option '%s' (see --help)"),
			    argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		o->spec = xstrdup(argv[optind++]);
		o->words.spec = xstrdup(o->spec);
	}
	if (optind < argc) {
		*errp = xasprintf(_("unexpected argument '%s' (see --help)"),
		    argv[optind]);
		return -1;
	}
	if (o->mode == SW_MODE_BATCH && o->spec == NULL) {
		*errp = xstrdup(_("--batch needs a target: [user@]host[:port]"));
		return -1;
	}
	if (o->mode == SW_MODE_SERVER && o->spec != NULL) {
		*errp = xasprintf(_("--server checks this machine (or the --via "
		    "one) and takes no target: '%s'"), o->spec);
		return -1;
	}
	if ((o->via_identity != NULL || o->via_password_file != NULL) &&
	    o->via == NULL) {
		*errp = xstrdup(_("--via-identity and --via-password-file need "
		    "--via"));
		return -1;
	}
	return 0;
}

void
options_free(sw_options *o)
{
	size_t i;

	if (o == NULL)
		return;
	free(o->spec);
	secret_free(o->env_password);
	target_words_free(&o->words);
	free(o->password_file);
	free(o->tree);
	free(o->lang);
	for (i = 0; i < o->n_reports; i++)
		free(o->reports[i]);
	free(o->reports);
	for (i = 0; i < o->n_answers; i++) {
		free(o->answers[i].node);
		free(o->answers[i].choice);
	}
	free(o->answers);
	free(o->from_log);
	free(o->client_ip);
	free(o->via);
	free(o->via_user);
	free(o->via_host);
	free(o->via_identity);
	free(o->via_password_file);
	free(o->sshd_config);
	for (i = 0; i < o->n_keys; i++)
		free(o->keys[i]);
	free(o->keys);
	memset(o, 0, sizeof(*o));
}

char *
options_usage(const char *progname)
{
	sbuf b = { 0 };

	sbuf_addf(&b, _("Usage: %s [OPTIONS] [[user@]host[:port]]\n"), progname);
	sbuf_addf(&b, _("       %s --batch [OPTIONS] [user@]host[:port]\n"), progname);
	sbuf_addf(&b, _("       %s --validate [FILE]\n"), progname);
	sbuf_addf(&b, _("       %s --server [-p PORT] [--client IP] "
	    "[--via [user@]host[:port]]\n"
	    "                [-l USER] [--key FILE.pub|SHA256:FP]\n"), progname);
	sbuf_add(&b, "\n");
	sbuf_add(&b, _("Find out why ssh does not connect: a guided diagnosis with "
	    "live checks.\n"));
	sbuf_add(&b, "\n");
	sbuf_add(&b, _("  --batch               diagnose without the screen UI and "
	    "print a summary\n"));
	sbuf_add(&b, _("  --validate [FILE]     check a decision tree (default: the "
	    "shipped one)\n"));
	sbuf_add(&b, _("  -p, --port PORT       port to connect to\n"));
	sbuf_add(&b, _("  -l, --user USER       user to log in as\n"));
	sbuf_add(&b, _("  -i, --identity FILE   private key to try (may repeat)\n"));
	sbuf_add(&b, _("  -F FILE               ssh configuration file to use "
	    "instead of ~/.ssh/config\n"));
	sbuf_add(&b, _("  -J [user@]host[:port][,...]  jump hosts, as with "
	    "ssh -J\n"));
	sbuf_add(&b, _("  -o Keyword=value      an ssh option, as with ssh -o "
	    "(may repeat)\n"));
	sbuf_add(&b, _("  --password-file FILE  read the password from FILE (or set "
	    "SSHPASS)\n"));
	sbuf_add(&b, _("  --known-hosts FILE    known_hosts file to check the host "
	    "key against\n"));
	sbuf_add(&b, _("  --timeout SECONDS     time limit of each check (default 5)\n"));
	sbuf_add(&b, _("  --tree FILE           use another decision tree\n"));
	/* TRANSLATORS: %s lists the language codes, e.g. "en, ja". */
	sbuf_addf(&b, _("  --lang LANG           language of screens and reports "
	    "(%s)\n"), i18n_langs_text());
	sbuf_add(&b, _("  --report FILE         write a report (.md: Markdown, "
	    ".html: HTML, else JSON; -: stdout)\n"));
	sbuf_add(&b, _("  --answer NODE=CHOICE  answer a question in batch mode\n"));
	sbuf_add(&b, _("  --from-log FILE       start from a pasted error or ssh -vvv "
	    "log (-: stdin)\n"));
	sbuf_add(&b, _("  --no-ssh-config       do not read ~/.ssh/config (ssh -G)\n"));
	sbuf_add(&b, _("  --server              check the SSH server on this machine "
	    "(daemon, firewall,\n"
	    "                        access rules, load, logs)\n"));
	sbuf_add(&b, _("  --client IP           the client address the server checks "
	    "ask about\n"));
	sbuf_add(&b, _("  --via [user@]host[:port]  run the server checks over a "
	    "connection that still\n"
	    "                        works (read-only commands from a fixed "
	    "list)\n"));
	sbuf_add(&b, _("  --via-identity FILE   private key for the --via "
	    "connection\n"));
	sbuf_add(&b, _("  --via-password-file FILE  password for the --via "
	    "connection\n"));
	sbuf_add(&b, _("  --sudo                let server checks use sudo -n "
	    "where root is needed\n"));
	sbuf_add(&b, _("  --sshd-config FILE    the SSH daemon's config file on the "
	    "server\n"));
	sbuf_add(&b, _("  --key FILE.pub|SHA256:FP  the client key the server checks "
	    "look for in\n"
	    "                        authorized_keys (may repeat)\n"));
	sbuf_add(&b, _("  -h, --help            show this help\n"));
	sbuf_add(&b, _("  --version             show the version\n"));
	sbuf_add(&b, "\n");
	sbuf_add(&b, _("Exit status: 0 the connection works, 1 a problem was "
	    "diagnosed,\n2 a usage or tree error, 3 an internal error.\n"));
	return sbuf_steal(&b);
}

int
options_make_target(const sw_options *o, sw_target **out, char **errp)
{
	sw_target_words w;
	sw_target *t = NULL;
	int rc;

	*out = NULL;
	if (o->spec == NULL && o->mode == SW_MODE_SERVER) {
		/* The server checks look at this machine or the --via one:
		 * no ssh -G, no jump host. */
		memset(&w, 0, sizeof(w));
		w.spec = o->via_host != NULL ? o->via_host : "localhost";
		w.port = o->words.port;
		w.user = o->words.user;	/* -l: the user the login checks look at */
		w.known_hosts = o->words.known_hosts;
		w.no_ssh_config = 1;
		rc = target_resolve(&w, &t, errp);
		if (rc == 0)
			t->no_ssh_config = o->words.no_ssh_config;
	} else
		rc = target_resolve(&o->words, &t, errp);
	if (rc != 0)
		return -1;
	if (options_attach(o, t, errp) != 0) {
		target_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int
options_attach(const sw_options *o, sw_target *t, char **errp)
{
	t->timeout_ms = o->timeout_ms;
	secret_free(t->password);
	t->password = NULL;
	/* SSHPASS is never left in the environment for a child. */
	secret_free(secret_from_env("SSHPASS"));
	if (o->password_file != NULL) {
		if (secret_read_file(o->password_file, &t->password, errp) != 0)
			return -1;
	} else if (o->env_password != NULL)
		t->password = secret_new(o->env_password->s);
	free(t->client_ip);
	t->client_ip = xstrdup(o->client_ip);
	free(t->sshd_config);
	t->sshd_config = xstrdup(o->sshd_config);
	target_set_check_keys(t, (const char *const *)o->keys, o->n_keys);
	return 0;
}

int
options_make_server(const sw_options *o, const sw_target *t,
    sw_host **out, char **errp)
{
	sw_via_opts v;
	sw_secret *pw = NULL;

	*out = NULL;
	if (o->via == NULL) {
		/* --server, or a target that is this machine: the server
		 * checks run here directly. */
		if (o->mode == SW_MODE_SERVER || target_is_this_machine(t))
			*out = host_new_local(o->sudo);
		return 0;
	}
	if (o->via_password_file != NULL &&
	    secret_read_file(o->via_password_file, &pw, errp) != 0)
		return -1;
	memset(&v, 0, sizeof(v));
	v.host = o->via_host;
	v.port = o->via_port;
	v.user = o->via_user;
	v.identity = o->via_identity;
	v.known_hosts = t != NULL ? t->known_hosts : o->words.known_hosts;
	v.use_ssh_config = !o->words.no_ssh_config;
	v.sudo = o->sudo;
	*out = host_new_via(&v, pw);	/* pw transferred */
	return 0;
}
