/* sw-linewidth: checks captured screen lines for the screen tests.
 *
 *   sw-linewidth [--max COLUMNS] [-v] < screen.txt
 *
 * Measures each line's display width with wcswidth() in a UTF-8 locale (a
 * wide character counts two columns) and reports, one line each, every line
 * that is not valid UTF-8, holds U+FFFD (a character drawn broken), holds a
 * character wcswidth() cannot measure, or is wider than COLUMNS.  With -v it
 * prints "WIDTH<TAB>LINE" for every line.  Exit status: 0 all lines are
 * fine, 1 a line is not, 2 usage or no UTF-8 locale. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define LINE_MAX_BYTES 65536

int
main(int argc, char **argv)
{
	static char line[LINE_MAX_BYTES];
	static wchar_t wide[LINE_MAX_BYTES];
	long max = -1;
	int verbose = 0, i, bad = 0;
	unsigned long n = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
			max = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else {
			fputs("usage: sw-linewidth [--max COLUMNS] [-v]\n", stderr);
			return 2;
		}
	}
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fputs("sw-linewidth: no UTF-8 locale\n", stderr);
		return 2;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		size_t len = strcspn(line, "\n"), nw;
		const char *problem = NULL;
		int w = 0;

		line[len] = '\0';
		n++;
		nw = mbstowcs(wide, line, LINE_MAX_BYTES - 1);
		if (nw == (size_t)-1)
			problem = "not valid UTF-8";
		else if (wcschr(wide, 0xFFFD) != NULL)
			problem = "a broken character (U+FFFD)";
		else if ((w = wcswidth(wide, nw)) < 0)
			problem = "a character of no known width";
		else if (max >= 0 && w > max)
			problem = "wider than the terminal";
		if (verbose)
			printf("%d\t%s\n", w, line);
		if (problem != NULL) {
			printf("line %lu: %s (%d columns): %s\n", n, problem, w,
			    line);
			bad = 1;
		}
	}
	return bad;
}
