/* One-line text fields for the forms: UTF-8 editing by character, a hard
 * cap on the bytes held, horizontal scrolling by display width, secret
 * fields drawn as stars and wiped. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <stdlib.h>
#include <string.h>

void
field_init(tui_field *f, size_t cap, int secret, int multiline)
{
	memset(f, 0, sizeof(*f));
	f->cap = cap < 2 ? 2 : cap;
	f->buf = xcalloc(1, f->cap);
	f->secret = secret;
	f->multiline = multiline;
}

void
field_free(tui_field *f)
{
	if (f->buf != NULL) {
		sw_wipe(f->buf, f->cap);
		free(f->buf);
	}
	memset(f, 0, sizeof(*f));
}

void
field_clear(tui_field *f)
{
	sw_wipe(f->buf, f->cap);
	f->len = f->cur = 0;
	f->hscroll = 0;
	f->gen++;
}

void
field_set(tui_field *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	field_clear(f);
	if (n >= f->cap) {
		/* Never keep half a character at the cap. */
		n = f->cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(f->buf, s ? s : "", n);
	f->buf[n] = '\0';
	f->len = f->cur = n;
}

/* Bytes of the character before the cursor. */
static size_t
prev_len(const tui_field *f, size_t at)
{
	size_t i = at;

	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)f->buf[i] & 0xc0) == 0x80)
		i--;
	return at - i;
}

static size_t
next_len(const tui_field *f, size_t at)
{
	uint32_t cp;

	if (at >= f->len)
		return 0;
	return tw_decode(f->buf + at, f->len - at, &cp);
}

static void
field_delete(tui_field *f, size_t at, size_t n)
{
	memmove(f->buf + at, f->buf + at + n, f->len - at - n);
	f->len -= n;
	sw_wipe(f->buf + f->len, n);
	f->buf[f->len] = '\0';
	f->gen++;
}

/* Inserts the UTF-8 form of cp at the cursor, if it fits. */
static void
field_insert(tui_field *f, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			return;
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else if (cp <= 0x10ffff) {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	} else
		return;
	if (f->len + n >= f->cap)
		return;
	memmove(f->buf + f->cur + n, f->buf + f->cur, f->len - f->cur);
	memcpy(f->buf + f->cur, u, n);
	f->len += n;
	f->cur += n;
	f->buf[f->len] = '\0';
	f->edited = 1;
	f->gen++;
	sw_wipe(u, sizeof(u));
}

int
field_key(tui_field *f, const tui_key *k)
{
	size_t n;

	if (k->fn) {
		switch (k->ch) {
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if ((n = next_len(f, f->cur)) > 0)
				field_delete(f, f->cur, n);
			f->edited = 1;
			return 1;
		case KEY_LEFT:
			f->cur -= prev_len(f, f->cur);
			return 1;
		case KEY_RIGHT:
			f->cur += next_len(f, f->cur);
			return 1;
		case KEY_HOME:
			f->cur = 0;
			return 1;
		case KEY_END:
			f->cur = f->len;
			return 1;
		default:
			return 0;
		}
	}
	switch (k->ch) {
	case 0x7f:
	case 0x08:
		goto backspace;
	case TUI_KEY_CTRL('a'):
		f->cur = 0;
		return 1;
	case TUI_KEY_CTRL('e'):
		f->cur = f->len;
		return 1;
	case TUI_KEY_CTRL('u'):
		field_clear(f);
		f->edited = 1;
		return 1;
	case TUI_KEY_CTRL('k'):
		if (f->cur < f->len)
			field_delete(f, f->cur, f->len - f->cur);
		f->edited = 1;
		return 1;
	case TUI_KEY_CTRL('w'):
		while (f->cur > 0 && f->buf[f->cur - 1] == ' ') {
			f->cur--;
			field_delete(f, f->cur, 1);
		}
		while (f->cur > 0 && f->buf[f->cur - 1] != ' ') {
			n = prev_len(f, f->cur);
			f->cur -= n;
			field_delete(f, f->cur, n);
		}
		f->edited = 1;
		return 1;
	case '\r':
	case '\n':
	case '\t':
		/* Inside a paste, line breaks and tabs are text. */
		if (f->multiline && k->more) {
			field_insert(f, k->ch == '\t' ? ' ' : '\n');
			return 1;
		}
		return 0;
	default:
		break;
	}
	if (k->ch < 0x20 || k->ch == 0x7f)
		return 0;
	field_insert(f, (uint32_t)k->ch);
	return 1;
backspace:
	if ((n = prev_len(f, f->cur)) > 0) {
		f->cur -= n;
		field_delete(f, f->cur, n);
	}
	f->edited = 1;
	return 1;
}

/* The display form of the character at i: its text and width. */
static const char *
show_char(tui *t, const tui_field *f, size_t i, size_t *k, int *w)
{
	static char one[8];
	uint32_t cp;

	*k = tw_decode(f->buf + i, f->len - i, &cp);
	if (f->secret) {
		*w = 1;
		return "*";
	}
	if (cp == '\n') {
		*w = 1;
		return t->utf8 ? "\xe2\x8f\x8e" : "|";		/* ⏎ */
	}
	if (cp < 0x20 || cp == 0x7f || cp == 0xfffd) {
		*w = 1;
		return "?";
	}
	*w = tw_char_width(cp);
	if (*k >= sizeof(one))
		return "?";
	memcpy(one, f->buf + i, *k);
	one[*k] = '\0';
	return one;
}

void
field_draw(tui *t, tui_field *f, int y, int x, int w, int focused,
    const char *placeholder)
{
	size_t i, k;
	int col = 0, cur_col = 0, cw;
	sbuf b = { 0 };
	char *shown;

	if (w < 2)
		return;
	tui_put_fill(t, y, x, w, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD, "");
	if (f->len == 0 && placeholder != NULL && !focused)
		tui_put(t, y, x, w, ROLE_DIM, placeholder, 1);
	/* Where the cursor falls, in columns. */
	for (i = 0; i < f->len; i += k) {
		if (i == f->cur)
			cur_col = col;
		show_char(t, f, i, &k, &cw);
		col += cw;
	}
	if (f->cur >= f->len)
		cur_col = col;
	if (cur_col < f->hscroll)
		f->hscroll = cur_col;
	if (cur_col >= f->hscroll + w - 1)
		f->hscroll = cur_col - (w - 1) + 1;
	/* The characters wholly inside [hscroll, hscroll + w - 1). */
	col = 0;
	for (i = 0; i < f->len; i += k) {
		const char *s = show_char(t, f, i, &k, &cw);

		if (col >= f->hscroll && col + cw <= f->hscroll + w - 1)
			sbuf_add(&b, s);
		else if (col < f->hscroll && col + cw > f->hscroll)
			sbuf_add(&b, " ");	/* half a wide char: blank */
		col += cw;
		if (col >= f->hscroll + w)
			break;
	}
	shown = sbuf_steal(&b);
	if (shown != NULL) {
		tui_put(t, y, x, w, focused ? ROLE_FIELD_FOCUS : ROLE_FIELD,
		    shown, 0);
		sw_wipe(shown, strlen(shown));
		free(shown);
	}
	if (focused) {
		t->cur_y = y;
		t->cur_x = x + cur_col - f->hscroll;
	}
}
