/* The exact command that undoes a firewall's block of the SSH port, built
 * from the deciding rule as the tool printed it: the iptables rule deleted
 * word for word, the nft rule deleted by its handle, or, when a chain policy
 * decided, a rule that lets the port in put first.  Every word is
 * shell-quoted, so a hostile rule text (a comment) stays one argument. */
#include "config.h"

#include "core/shquote.h"
#include "core/util.h"
#include "probes/server_fw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends the words of an iptables-save rule line ("-A CHAIN ..."), with
 * -A turned into -D.  iptables-save puts a word with spaces in double
 * quotes, with \" and \\ inside.  Returns 0, or -1 for a line that is not
 * a rule or whose quotes do not close. */
static int
add_iptables_words(sbuf *b, const char *rule)
{
	const char *p = rule;
	sbuf w = { 0 };
	int first = 1;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		w.len = 0;
		if (w.s != NULL)
			w.s[0] = '\0';
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p != '"') {
				sbuf_addc(&w, *p++);
				continue;
			}
			for (p++; *p != '"'; p++) {
				if (*p == '\0') {
					sbuf_free(&w);
					return -1;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				sbuf_addc(&w, *p);
			}
			p++;
		}
		if (first && (w.s == NULL || strcmp(w.s, "-A") != 0)) {
			sbuf_free(&w);
			return -1;
		}
		shell_add_word(b, first ? "-D" : w.s != NULL ? w.s : "");
		first = 0;
	}
	sbuf_free(&w);
	return first ? -1 : 0;
}

char *
fw_fix_cmd(const char *tool, const fw_result *r, int port)
{
	sbuf b = { 0 };
	char ports[16], *where, *sp, *sp2;

	if (tool == NULL || r == NULL || r->where == NULL || r->owner != NULL ||
	    (r->action != FW_DROP && r->action != FW_REJECT))
		return NULL;
	snprintf(ports, sizeof(ports), "%d", port);
	where = xstrdup(r->where);
	sp = strchr(where, ' ');
	if (sp != NULL)
		*sp++ = '\0';
	shell_add_word(&b, "sudo");
	if ((strcmp(tool, "iptables") == 0 || strcmp(tool, "ip6tables") == 0) &&
	    sp != NULL) {
		/* where: "TABLE CHAIN" */
		shell_add_word(&b, tool);
		shell_add_word(&b, "-t");
		shell_add_word(&b, where);
		if (r->by_policy) {
			shell_add_word(&b, "-I");
			shell_add_word(&b, sp);
			shell_add_word(&b, "-p");
			shell_add_word(&b, "tcp");
			shell_add_word(&b, "--dport");
			shell_add_word(&b, ports);
			shell_add_word(&b, "-j");
			shell_add_word(&b, "ACCEPT");
		} else if (r->rule == NULL || add_iptables_words(&b, r->rule) != 0)
			goto none;
	} else if (strcmp(tool, "nftables") == 0 && sp != NULL &&
	    (sp2 = strchr(sp, ' ')) != NULL) {
		/* where: "FAMILY TABLE CHAIN" */
		*sp2++ = '\0';
		shell_add_word(&b, "nft");
		shell_add_word(&b, r->by_policy ? "insert" : "delete");
		shell_add_word(&b, "rule");
		shell_add_word(&b, where);
		shell_add_word(&b, sp);
		shell_add_word(&b, sp2);
		if (r->by_policy) {
			shell_add_word(&b, "tcp");
			shell_add_word(&b, "dport");
			shell_add_word(&b, ports);
			shell_add_word(&b, "accept");
		} else if (r->handle > 0) {
			shell_add_word(&b, "handle");
			sbuf_addf(&b, " %ld", r->handle);
		} else
			goto none;
	} else
		goto none;
	free(where);
	return sbuf_steal(&b);
none:
	free(where);
	sbuf_free(&b);
	return NULL;
}
