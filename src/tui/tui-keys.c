/* Key dispatch, footer labels and help text, generated from TUI_REQUESTS. */
#include "config.h"

#include "tui/tui-int.h"

#include <stdio.h>
#include <string.h>

typedef struct tui_binding {
	const char *hint;
	const char *help;
	const int *keys;	/* ends with 0 */
} tui_binding;

#define TUI_X_KEYS(name, hint, help, ...) \
	static const int keys_##name[] = { __VA_ARGS__, 0 };
TUI_REQUESTS(TUI_X_KEYS)
#undef TUI_X_KEYS

static const tui_binding bindings[REQ_COUNT] = {
#define TUI_X_BIND(name, hint, help, ...) \
	[REQ_##name] = { hint, help, keys_##name },
	TUI_REQUESTS(TUI_X_BIND)
#undef TUI_X_BIND
};

/* 1 if key is a curses function-key code (as opposed to a character). */
static int
is_fn_code(int key)
{
	return key >= KEY_MIN && key <= KEY_MAX;
}

tui_request
tui_keys_lookup(int key, int fn)
{
	return tui_keys_lookup_after(key, fn, REQ_NONE);
}

tui_request
tui_keys_lookup_after(int key, int fn, tui_request after)
{
	int r;
	const int *k;

	for (r = (int)after + 1; r < REQ_COUNT; r++)
		for (k = bindings[r].keys; *k != 0; k++)
			if (*k == key && is_fn_code(*k) == !!fn)
				return (tui_request)r;
	return REQ_NONE;
}

const char *
tui_keys_hint(tui_request req)
{
	if (req <= REQ_NONE || req >= REQ_COUNT || bindings[req].hint == NULL)
		return NULL;
	return _(bindings[req].hint);
}

const char *
tui_keys_help(tui_request req)
{
	if (req <= REQ_NONE || req >= REQ_COUNT || bindings[req].help == NULL)
		return NULL;
	return _(bindings[req].help);
}

/* The display name of one key.  Key names stay in English, as on the
 * keyboard. */
static const char *
tui_key_name(int k, char *buf, size_t n)
{
	switch (k) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		return "Enter";
	case KEY_UP:
		return "Up";
	case KEY_DOWN:
		return "Down";
	case KEY_LEFT:
		return "Left";
	case KEY_RIGHT:
		return "Right";
	case KEY_PPAGE:
		return "PgUp";
	case KEY_NPAGE:
		return "PgDn";
	case KEY_HOME:
		return "Home";
	case KEY_END:
		return "End";
	case KEY_BACKSPACE:
	case 0x7f:
	case 0x08:
		return "Bksp";
	case '\t':
		return "Tab";
	case KEY_BTAB:
		return "S-Tab";
	case TUI_KEY_ESC:
		return "Esc";
	case ' ':
		return "Space";
	default:
		break;
	}
	if (k >= KEY_F(1) && k <= KEY_F(12))
		snprintf(buf, n, "F%d", k - KEY_F(0));
	else if (k < 0x20)
		snprintf(buf, n, "Ctrl-%c", k + '@');
	else
		snprintf(buf, n, "%c", k);
	return buf;
}

char *
tui_keys_names(tui_request req, size_t max, char *buf, size_t n)
{
	const int *k;
	size_t used = 0, count = 0;
	const char *last = NULL;

	buf[0] = '\0';
	if (req <= REQ_NONE || req >= REQ_COUNT)
		return buf;
	for (k = bindings[req].keys; *k != 0 && (max == 0 || count < max);
	    k++) {
		char one[16];
		const char *name = tui_key_name(*k, one, sizeof(one));
		int w;

		/* Enter, Return and KEY_ENTER all read "Enter": once. */
		if (last != NULL && strcmp(last, name) == 0)
			continue;
		w = snprintf(buf + used, n - used, "%s%s", used ? " " : "", name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
		count++;
		last = name == one ? NULL : name;
	}
	return buf;
}
