/* Requests of the screen front end, their keys and their help text, in one
 * X-macro: the enum, the key dispatch, the footer hints and the help screen
 * are all generated from it, so they never drift apart (as in tig).
 *
 * X(NAME, HINT, HELP, KEY...): HINT is the short footer label (N_(); NULL:
 * never in the footer), HELP the help-screen line (N_(); NULL: not listed),
 * then every key bound to the request (curses key codes or characters; 0
 * alone: bound to no key, reached by mouse only). */
#ifndef SW_TUI_KEYS_H
#define SW_TUI_KEYS_H

#define TUI_KEY_ESC 27
#define TUI_KEY_CTRL(c) ((c) & 0x1f)

#define TUI_REQUESTS(X) \
	X(ENTER, N_("go on"), \
	    N_("Go on: run the next check, choose the answer, open the step"), \
	    '\n', '\r', KEY_ENTER, KEY_RIGHT, 'l') \
	X(BACK, N_("back"), N_("Go back a step"), \
	    KEY_BACKSPACE, 0x7f, 0x08, KEY_LEFT, 'h') \
	X(UP, N_("move"), N_("Move up"), KEY_UP, 'k') \
	X(DOWN, NULL, N_("Move down"), KEY_DOWN, 'j') \
	X(PAGE_UP, NULL, N_("Scroll the pane up"), KEY_PPAGE) \
	X(PAGE_DOWN, NULL, N_("Scroll the pane down"), KEY_NPAGE, ' ') \
	X(HOME, NULL, N_("Go to the first item"), KEY_HOME, 'g') \
	X(END, NULL, N_("Go to the last item"), KEY_END, 'G') \
	X(FOCUS, N_("switch"), \
	    N_("Switch between the path and the main pane; next field"), \
	    '\t', KEY_BTAB) \
	X(RERUN, N_("re-run"), N_("Re-run the current check"), 'r') \
	X(DETAILS, N_("details"), N_("Show or hide the evidence in detail"), 'd') \
	X(COPY, N_("copy"), \
	    N_("Copy the selected command to the clipboard (OSC 52)"), 'c') \
	X(YANK, N_("copy fact"), \
	    N_("Copy the selected fact of the verdict to the clipboard"), 'y') \
	X(EXPORT, N_("export"), \
	    N_("Export a report as Markdown or JSON"), 'e') \
	X(OPEN, N_("open report"), \
	    N_("Open the exported report in $PAGER"), 'o') \
	X(SEARCH, N_("search"), \
	    N_("Search the pane, the evidence or the help for a text"), '/') \
	X(SEARCH_NEXT, N_("next match"), \
	    N_("Next match (while a search is on: Esc ends it)"), \
	    'n') \
	X(SEARCH_PREV, NULL, N_("Previous match"), 'N') \
	X(RESTART, N_("run all again"), \
	    N_("Run the whole diagnosis again and show what changed"), 'R') \
	X(NEW, N_("new"), N_("Diagnose another connection"), 'n') \
	X(LANG, NULL, N_("Switch to the next language"), 'L', KEY_F(2)) \
	X(HELP, N_("help"), N_("Show this help"), '?', KEY_F(1)) \
	X(CANCEL, N_("cancel"), \
	    N_("Cancel the running check, close a window, or quit"), \
	    TUI_KEY_ESC) \
	X(QUIT, N_("quit"), \
	    N_("Quit (asks first if the diagnosis was not exported)"), 'q') \
	X(REDRAW, NULL, N_("Redraw the screen"), TUI_KEY_CTRL('l')) \
	X(PICK_STEP, NULL, NULL, 0) \
	X(PICK_ITEM, NULL, NULL, 0) \
	X(PICK_FIELD, NULL, NULL, 0)

typedef enum tui_request {
	REQ_NONE,
#define TUI_X_ENUM(name, hint, help, ...) REQ_##name,
	TUI_REQUESTS(TUI_X_ENUM)
#undef TUI_X_ENUM
	REQ_COUNT
} tui_request;

/* The request bound to key (a curses key code when fn, else a character),
 * or REQ_NONE. */
tui_request tui_keys_lookup(int key, int fn);
/* The request bound to key after req in the table (for a key that means
 * one thing in a context and another outside it), or REQ_NONE. */
tui_request tui_keys_lookup_after(int key, int fn, tui_request req);
/* The footer label of req (already translated), or NULL. */
const char *tui_keys_hint(tui_request req);
/* The help line of req (already translated), or NULL. */
const char *tui_keys_help(tui_request req);
/* The keys of req as display text, e.g. "Enter Right l", up to max keys
 * (0: all), into buf of size n.  Returns buf. */
char *tui_keys_names(tui_request req, size_t max, char *buf, size_t n);

#endif
