/* Command-line options shared by every front end. */
#ifndef SW_OPTIONS_H
#define SW_OPTIONS_H

#include <stddef.h>

#include "core/target.h"

typedef enum sw_mode {
	SW_MODE_TUI,		/* the ncurses wizard (default) */
	SW_MODE_BATCH,		/* --batch */
	SW_MODE_VALIDATE,	/* --validate [FILE] */
	SW_MODE_HELP,		/* --help */
	SW_MODE_VERSION,	/* --version */
	SW_MODE_SERVER,		/* --server: the server-side checks, here or
				 * --via another machine: in batch with
				 * --batch, else the wizard opens on them */
	SW_MODE_LIST,		/* --list WHAT (not in --help): names for
				 * shell completion and the manual's tests */
} sw_mode;

/* What --list prints, one item a line. */
typedef enum sw_list {
	SW_LIST_QUESTIONS = 1,	/* NODE=CHOICE of every question of the tree */
	SW_LIST_LANGS,		/* languages whose catalogue is installed */
	SW_LIST_CAUSES,		/* the cause vocabulary (core/cause.h) */
} sw_list;

typedef struct sw_answer {
	char *node;
	char *choice;
} sw_answer;

typedef struct sw_options {
	sw_mode mode;
	int batch;		/* --batch was given (with --server, the mode
				 * stays SW_MODE_SERVER) */
	char *spec;		/* [user@]host[:port], or the file for
				 * --validate; NULL if not given */
	sw_target_words words;	/* the target as typed: spec, -p, -l, -i,
				 * -F, -J, -o, --known-hosts,
				 * --no-ssh-config */
	char *password_file;
	sw_secret *env_password;	/* $SSHPASS, taken out of the
				 * environment by options_parse() before
				 * any child process starts; NULL: unset */
	int timeout_ms;		/* per probe; default 5000 */
	char *tree;		/* NULL: the shipped tree */
	char *lang;		/* a code i18n_known() accepts, or NULL */
	char **reports;		/* --report, may repeat */
	size_t n_reports;
	sw_answer *answers;
	size_t n_answers;
	char *from_log;		/* --from-log FILE or "-" */
	char *client_ip;	/* --client IP: the address server checks
				 * ask about (a validated literal) */
	char *via;		/* --via [user@]host[:port] as given */
	char *via_user;		/* its parts, parsed once; user NULL when */
	char *via_host;		/* absent, port 0 when absent */
	int via_port;
	char *via_identity;	/* --via-identity FILE */
	char *via_password_file;	/* --via-password-file FILE */
	int sudo;		/* --sudo: server commands may use sudo -n */
	char *sshd_config;	/* --sshd-config FILE (absolute) */
	char **keys;		/* --key, may repeat: "TYPE BASE64 FILE" read
				 * from the file, or "SHA256:FP" */
	size_t n_keys;
	sw_list list;		/* --list WHAT, with SW_MODE_LIST */
} sw_options;

/* Parses argv into o (zeroed first).  Returns 0, or -1 with *errp set to a
 * one-line translated message (caller frees) for an unknown option, a
 * missing or bad value (port out of range, bad timeout, bad --answer, unknown
 * language) or a stray argument. */
int options_parse(int argc, char **argv, sw_options *o, char **errp);
/* Frees what o holds.  NULL is fine. */
void options_free(sw_options *o);
/* The translated --help text.  Caller frees. */
char *options_usage(const char *progname);

/* Builds the target from o: resolves o->words with target_resolve()
 * (--server: the --via host or localhost, without ssh -G), then attaches
 * the time limit, --client, --sshd-config and the password (--password-file
 * or $SSHPASS, removed from the environment).  Returns 0, or -1 with *errp
 * set (see target_resolve; an unreadable password file).  Caller frees
 * *out with target_free(). */
int options_make_target(const sw_options *o, sw_target **out, char **errp);
/* The second half of options_make_target(), for a target resolved
 * elsewhere (the form resolves in the background): attaches o's time
 * limit, --client, --sshd-config and the password (--password-file or
 * $SSHPASS, removed from the environment).  Returns 0, or -1 with *errp
 * set (an unreadable password file). */
int options_attach(const sw_options *o, sw_target *t, char **errp);

struct sw_host;

/* Makes where the server checks run: this machine for --server or when t
 * is this machine (target_is_this_machine), a libssh
 * session (not yet connected) for --via with its own credentials
 * (--via-identity, --via-password-file, else the agent and default keys;
 * host keys checked against t's known_hosts), or none (*out NULL).
 * Returns 0, or -1 with *errp set (bad --via, unreadable password file).
 * Caller frees *out with host_free() after the engine. */
int options_make_server(const sw_options *o, const sw_target *t,
    struct sw_host **out, char **errp);

#endif
