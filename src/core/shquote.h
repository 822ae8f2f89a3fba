/* Placeholders in suggested commands, and shell quoting of their values so a
 * host named `a;rm -rf ~` yields a harmless command. */
#ifndef SW_SHQUOTE_H
#define SW_SHQUOTE_H

#include <stddef.h>

/* The values a command template may use.  NULL values expand to a visible
 * stand-in in angle brackets (e.g. <ip>), quoted like any other value. */
typedef struct sw_vars {
	const char *host;	/* as the user typed it (an ssh_config alias) */
	const char *hostname;	/* the HostName it stands for */
	const char *known_host_name;	/* as known_hosts names it: hostname,
					 * or [hostname]:port off port 22 */
	const char *port;
	const char *user;
	const char *ip;
	const char *known_hosts;
	const char *client_ip;
	const char *identity;	/* the key file ssh would offer first: -i,
				 * else the first IdentityFile that exists */
	const char *ssh_args;	/* {ssh_args}: the words after `ssh` that
				 * reach the target as the user's ssh does
				 * (-F, -J, -p, -l, -i, -o as given, then the
				 * host), each already shell-quoted: put in as
				 * it is */
	/* {ev.KEY}: a value the diagnosis found, looked up by key in the
	 * evidence of the steps so far (the latest step first).  May be NULL. */
	const char *(*evidence)(void *arg, const char *key);
	void *evidence_arg;
} sw_vars;

/* Quotes s for a POSIX shell: unchanged when it holds only characters that
 * need no quoting (letters, digits, and @%+=:,./-_), else in single quotes
 * with embedded quotes as '\''.  The empty string becomes ''.  Caller frees. */
char *shell_quote(const char *s);

struct sbuf;
/* Appends word to b, shell-quoted, after a space unless b is empty: builds a
 * command line one word at a time. */
void shell_add_word(struct sbuf *b, const char *word);

/* Checks every {name} in tmpl; {ev.KEY} is valid for any KEY of letters,
 * digits, '_' and '.', {sh.KEY} for such a KEY ending in "_cmd" (evidence a
 * probe recorded as a command, each word shell-quoted: it goes in as it
 * is, unquoted).  Returns 0 when all are known, else -1 with
 * *bad set to the first offending placeholder text or a description of the
 * syntax problem (caller frees) and *offset to its byte offset in tmpl.
 * "{{" and "}}" stand for literal braces. */
int placeholders_check(const char *tmpl, char **bad, size_t *offset);

/* Expands tmpl with vars, each value shell-quoted.  Unknown placeholders are
 * left as they are (the validator rejects them).  Caller frees. */
char *placeholders_expand(const char *tmpl, const sw_vars *vars);

/* The known placeholder names, NULL-terminated. */
extern const char *const sw_placeholder_names[];

#endif
