/* Fuzz target: shell quoting.  Property: for any byte string (up to its
 * first NUL: argv cannot hold one), `sh -c 'printf %s QUOTED'` prints the
 * same bytes back; and a command template expanded with the string as every
 * value runs as one word per placeholder. */
#include "config.h"

#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/proc.h"
#include "core/shquote.h"
#include "core/util.h"

const char fuzz_name[] = "shquote";

/* Runs sh -c cmd through the project's one process runner; returns what
 * it printed (caller frees).  Bounded: 10 s, 64 KiB. */
static char *
run_sh(const char *cmd, size_t *len)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	sw_proc_result r;
	char *out;

	if (proc_capture(argv, sw_now_ms() + 10000, NULL, 65536, 0, &r) != 0
	    || r.status != 0)
		fuzz_fail("sh -c failed (status %d) on: %s", r.status, cmd);
	out = r.out;
	r.out = NULL;
	*len = strlen(out);
	proc_result_free(&r);
	return out;
}

static const char *
same_value(void *arg, const char *key)
{
	(void)key;
	return arg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *q, *cmd, *out, *tmpl, *bad = NULL;
	size_t len, off;
	sw_vars vars;

	if (size > 4096)
		return 0;	/* argv room, not a property */
	s = fuzz_cstr(data, size);
	q = shell_quote(s);
	cmd = xasprintf("printf %%s %s", q);
	out = run_sh(cmd, &len);
	if (len != strlen(s) || memcmp(out, s, len) != 0)
		fuzz_fail("quoted %zu bytes, got %zu back", strlen(s), len);
	free(out);
	free(cmd);
	free(q);

	/* Every placeholder is one word whatever its value. */
	memset(&vars, 0, sizeof(vars));
	vars.host = vars.hostname = vars.known_host_name = vars.port =
	    vars.user = vars.ip = vars.known_hosts = vars.client_ip = s;
	vars.evidence = same_value;
	vars.evidence_arg = s;
	tmpl = xstrdup("printf '<%s>' {host} {port} {ev.x}");
	cmd = placeholders_expand(tmpl, &vars);
	out = run_sh(cmd, &len);
	q = xasprintf("<%s><%s><%s>", s, s, s);
	if (len != strlen(q) || memcmp(out, q, len) != 0)
		fuzz_fail("expanded to other words");
	free(q);
	free(out);
	free(cmd);
	free(tmpl);
	/* The template checker on the input as a template. */
	if (placeholders_check(s, &bad, &off) != 0) {
		if (off > strlen(s))
			fuzz_fail("offset %zu past %zu", off, strlen(s));
		free(bad);
	}
	free(s);
	return 0;
}
