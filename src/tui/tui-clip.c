/* Copying to the clipboard with OSC 52: the terminal (or tmux, or the
 * terminal at the far end of an SSH session) sets its clipboard from an
 * escape sequence, so it works where no X display or pasteboard is near. */
#include "config.h"

#include "core/util.h"
#include "tui/tui-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest text sent; terminals cap OSC 52 around 100 KB. */
#define CLIP_MAX (64 * 1024)

char *
tui_base64(const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = tab[p[i] >> 2];
		*o++ = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = tab[p[i + 2] & 63];
	}
	if (i < n) {
		*o++ = tab[p[i] >> 2];
		if (i + 1 < n) {
			*o++ = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			*o++ = tab[(p[i + 1] & 15) << 2];
		} else {
			*o++ = tab[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
tui_clip_copy(const char *text)
{
	size_t n = strlen(text);
	char *b64, *seq = NULL;
	int rc;

	if (n > CLIP_MAX)
		n = CLIP_MAX;
	b64 = tui_base64((const unsigned char *)text, n);
	/* Plain OSC 52 (tmux takes it with set-clipboard on) and, inside tmux,
	 * the same wrapped for pass-through to the outer terminal. */
	if (getenv("TMUX") != NULL)
		seq = xasprintf("\033]52;c;%s\a\033Ptmux;\033\033]52;c;%s\a\033\\",
		    b64, b64);
	else
		seq = xasprintf("\033]52;c;%s\a", b64);
	fflush(stdout);
	rc = write_all(STDOUT_FILENO, seq, strlen(seq));
	free(seq);
	free(b64);
	return rc;
}
