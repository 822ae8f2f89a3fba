/* What the files of the screen front end share: the application state, the
 * screen interface every screen implements, the drawing helpers and the
 * small document model the panes are built in before they are painted.
 *
 * The front end only drives the engine and draws a read-only view of it: no
 * file here decides anything about a diagnosis. */
#ifndef SW_TUI_INT_H
#define SW_TUI_INT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "core/engine.h"
#include "core/i18n.h"
#include "core/options.h"
#include "core/textwidth.h"
#include "core/target.h"
#include "core/tree.h"
#include "tui/tui-keys.h"

/* The full layout needs this much; below it, the compact layout (no
 * sidebar) down to the minimum; below the minimum, a message. */
#define TUI_FULL_COLS 80
#define TUI_FULL_ROWS 24
#define TUI_MIN_COLS 44
#define TUI_MIN_ROWS 14
/* The most facts a screen shows. */
#define TUI_MAX_FACTS 16
/* Spinner tick while a probe runs, in milliseconds. */
#define TUI_TICK_MS 80

typedef struct tui tui;

typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;

/* One key as read: a curses key code (fn) or a character, and whether other
 * keys came with it in the same read (a paste: typing comes a key at a
 * time). */
typedef struct tui_key {
	int fn;
	wint_t ch;
	int more;
} tui_key;

/* Attributes by role; tui_attr() maps them to colours or, without colour,
 * to bold/reverse/underline. */
typedef enum tui_role {
	ROLE_NORMAL,
	ROLE_TITLE,
	ROLE_DIM,
	ROLE_PASS,
	ROLE_FAIL,
	ROLE_WARN,
	ROLE_RUNNING,
	ROLE_HEADER,
	ROLE_SELECTED,
	ROLE_KEY,
	ROLE_COMMAND,
	ROLE_ERROR,
	ROLE_FIELD,
	ROLE_FIELD_FOCUS,
	ROLE_NOTICE,
	ROLE_COUNT
} tui_role;

/* A screen, the way tig has views: every slot is called by tui.c only. */
typedef struct tui_screen_ops {
	const char *name;
	/* Draws the screen's body into r (header, status and footer are the
	 * app's).  May register mouse zones with tui_hit(). */
	void (*draw)(tui *t, tui_rect r);
	/* Offered every key before it becomes a request; returns 1 if the
	 * screen consumed it (text fields take printable characters).  NULL:
	 * keys go straight to requests. */
	int (*key)(tui *t, const tui_key *k);
	/* Handles a request (arg: the item of a mouse pick).  Returns 1 if
	 * handled; 0 lets the app apply its global meaning. */
	int (*request)(tui *t, tui_request req, int arg);
	/* Fills out with up to max requests worth showing in the footer now,
	 * most important first; returns how many. */
	size_t (*hints)(tui *t, tui_request *out, size_t max);
} tui_screen_ops;

/* A yes/no style question on the status line, answered by one key. */
typedef struct tui_prompt {
	char *text;			/* translated; owned */
	/* Called with the key; returns 1 to close the prompt. */
	int (*answer)(tui *t, int key);
} tui_prompt;

typedef struct tui_hitzone {
	int y, x0, x1;		/* x1 exclusive */
	tui_request req;
	int arg;
} tui_hitzone;

struct sw_logtable;
struct sw_host;
struct tui_form;
struct tui_export;
struct tui_via;

struct tui {
	const sw_options *opts;
	const sw_tree *tree;
	const sw_target *target;	/* in use: borrowed or own_target */
	sw_target *rw_target;		/* the same, writable: the wizard sets
					 * where server checks run */
	sw_target *main_target;		/* the one tui_run() was given, or
					 * NULL; borrowed */
	sw_target *own_target;		/* built on the target screen */
	int asked_target;		/* the target screen was shown */
	sw_engine *engine;
	int64_t started_wall_ms;
	int64_t finished_wall_ms;
	char *start_node;		/* picked from the pasted error, or
					 * "server"; owned */
	/* Where the server-side checks run (target->server). */
	struct sw_host *cmd_server;	/* --server or --via; borrowed */
	struct sw_host *own_server;	/* made here: this machine ("I am on
					 * the server") or a way in the user
					 * agreed to; freed after the engine */
	int server_mode;		/* the walk is the server part */
	struct tui_via *via;		/* the consent at a way in */
	char *log_text;			/* --from-log text for the form; owned */
	struct sw_logtable *logtable;	/* loaded on first use */
	int logtable_tried;

	const tui_screen_ops *screen;	/* target or diagnosis */
	const tui_screen_ops *overlay;	/* help or export, or NULL */
	tui_prompt prompt;		/* active when text != NULL */

	/* Diagnosis view state (read-only view of the engine). */
	int paused;		/* do not start the current probe by itself */
	int cancelled;		/* the current probe was cancelled */
	size_t sel;		/* selected path entry; == n_steps: current */
	int review;		/* showing step sel instead of the current */
	int focus_path;		/* the path has the focus (else the pane) */
	int item;		/* selected choice or command */
	size_t path_cur;	/* cursor in the verdict's path */
	int scroll;		/* main pane scroll, in lines */
	int side_scroll;	/* sidebar scroll */
	int page;		/* main pane height, for paging */
	int details;		/* evidence in detail */
	int exported;		/* a report was written for this verdict */
	char *exported_paths;	/* where it was written; owned */
	char *exported_file;	/* the first file written, for o; owned */
	int nofollow;		/* the user paged: the selection need not
				 * stay in view */
	int fact;		/* selected fact (y copies it) */
	int focus_facts;	/* the verdict's facts have the focus */
	struct tui_before *before;	/* the run before R, or NULL */
	/* Search (/, n, N) in the pane that has it. */
	int searching;		/* the pattern is being typed */
	char search[128];	/* the pattern; "" none */
	int search_go;		/* +1/-1: jump to the next/previous match */
	int search_line;	/* the line of the last match, -1 none */
	uintptr_t search_view;	/* the view search_line belongs to */
	struct tui_form *form;
	struct tui_export *export;
	int help_scroll;

	/* Terminal. */
	int rows, cols;
	int layout;		/* 0 too small, 1 compact, 2 full */
	int colour;		/* colours in use */
	int utf8;		/* the locale speaks UTF-8 */
	int spin;		/* spinner frame */
	int cur_y, cur_x;	/* where the text cursor shows; -1: hidden */
	int clip_y0, clip_y1;	/* rows tui_put() and tui_hit() may touch */
	tui_hitzone *hits;
	size_t n_hits, cap_hits;
	char status[512];
	tui_role status_role;
	int64_t status_until;	/* sw_now_ms(); 0: stays */
	uintptr_t status_view;	/* the view it was said on: cleared when the
				 * screen changes */

	int quit;
	int status_code;	/* exit status */
	char *fatal;		/* printed after the screen is restored */
};

/* Screens (tui-screen-*.c). */
extern const tui_screen_ops tui_screen_target;
extern const tui_screen_ops tui_screen_step;
extern const tui_screen_ops tui_screen_question;
extern const tui_screen_ops tui_screen_verdict;
extern const tui_screen_ops tui_screen_export;
extern const tui_screen_ops tui_screen_help;
extern const tui_screen_ops tui_screen_via_ask;
extern const tui_screen_ops tui_screen_via_form;

/* tui.c: the app. */
/* The screen for the engine's state (step, question or verdict). */
const tui_screen_ops *tui_diag_screen(tui *t);
/* Starts a diagnosis of t->target; leaves the target screen. */
void tui_diag_begin(tui *t);
/* Puts the selection, cursor and scroll back at the engine's current node
 * (after a step was taken or undone). */
void tui_view_reset(tui *t);
/* Ends the diagnosis and shows the target screen again. */
void tui_diag_end(tui *t);
/* Sets the status line (printf format, already translated text). */
void tui_status(tui *t, tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Opens a one-key prompt on the status line. */
void tui_ask(tui *t, int (*answer)(tui *, int), const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Quits, asking first when a verdict was not exported. */
void tui_quit(tui *t, int ask);
/* Starts a new diagnosis (the target screen), asking first when a verdict
 * was not exported. */
void tui_new(tui *t);
/* Runs the whole diagnosis again on the same target, keeping what the last
 * run found to show what changed. */
void tui_restart(tui *t);
/* What the run before R found: each step's node and outcome, and its
 * verdict. */
typedef struct tui_before {
	char **node, **outcome;		/* node ids, outcomes; owned */
	size_t n;
	char *verdict;			/* node id of its verdict, or NULL */
	char *title;			/* its English title, or NULL */
} tui_before;
/* The outcome node id had in the run before R, or NULL (not reached, or
 * no run before). */
const char *tui_before_outcome(const tui *t, const char *node);
/* An identity of the view now (screen, node, step): a status line said on
 * another view is not shown. */
uintptr_t tui_view_id(tui *t);
/* Makes h (taken over; NULL: none) where the server checks of the target
 * in use run, freeing the one the wizard made before.  No probe may run. */
void tui_server_set(tui *t, struct sw_host *h);
/* Frees the server the wizard made and gives the command line's back to
 * the target that had it.  No probe may run. */
void tui_server_reset(tui *t);

/* tui-draw.c: colours, symbols and painting. */
void tui_draw_init(tui *t);
attr_t tui_attr(const tui *t, tui_role role);
/* Paints s at (y, x) in at most w columns, cut at a character boundary
 * (with an ellipsis when cut and ellipsis is set).  Control characters are
 * drawn as spaces.  Rows outside [clip_y0, clip_y1) are left alone.
 * Returns the columns painted. */
int tui_put(tui *t, int y, int x, int w, tui_role role, const char *s,
    int ellipsis);
/* tui_put, then spaces up to w columns. */
void tui_put_fill(tui *t, int y, int x, int w, tui_role role, const char *s);
/* Paints s wrapped to w columns from (y, x) down, a line a row.  Returns
 * the rows used (at least 1). */
int tui_put_wrap(tui *t, int y, int x, int w, tui_role role, const char *s);
/* A check box "[x] label" in w columns at (y, x), the label wrapped under
 * itself; a click anywhere on it is REQ_PICK_ITEM with arg.  Returns the
 * rows used. */
int tui_checkbox(tui *t, int y, int x, int w, int on, int focused,
    const char *label, int arg);
/* The ellipsis for this terminal ("…" or "~"). */
const char *tui_ellipsis(const tui *t);
/* The symbol of a step state, and its role. */
const char *tui_state_symbol(const tui *t, sw_state s);
tui_role tui_state_role(sw_state s);
/* The current spinner frame. */
const char *tui_spinner(const tui *t);
/* The text of a step's outcome (translated label, or the choice). */
const char *tui_step_outcome(const tui *t, const sw_step *s);
/* Registers a mouse zone for this frame. */
void tui_hit(tui *t, int y, int x0, int x1, tui_request req, int arg);
/* Clears the zones (start of a frame). */
void tui_hit_clear(tui *t);
/* The zone at (y, x), or NULL. */
const tui_hitzone *tui_hit_find(const tui *t, int y, int x);
/* Draws a box border around r with an optional title. */
void tui_box(tui *t, tui_rect r, const char *title);

/* A document: lines of styled segments, built for a width, then painted
 * with a scroll offset.  The model/render split of the panes. */
typedef struct tui_seg {
	char *text;
	tui_role role;
} tui_seg;

typedef struct tui_dline {
	tui_seg *segs;
	size_t n;
	int fill;		/* paint the rest of the line in fill_role */
	tui_role fill_role;
	tui_request hit;	/* REQ_NONE: not clickable */
	int arg;
} tui_dline;

typedef struct tui_doc {
	tui_dline *lines;
	size_t n, cap;
	int width;
	int mark;		/* a line to keep visible, -1 for none */
	int search;		/* / searches this document */
} tui_doc;

void doc_init(tui_doc *d, int width);
void doc_free(tui_doc *d);
/* Starts a new empty line. */
void doc_newline(tui_doc *d);
/* Appends a segment to the current line (no wrapping). */
void doc_add(tui_doc *d, tui_role role, const char *s);
void doc_addf(tui_doc *d, tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Wraps s to the width less indent and adds it as new lines, each starting
 * with indent spaces; the first line starts with lead instead when lead is
 * not NULL (e.g. a bullet), which must be indent columns wide. */
void doc_wrap(tui_doc *d, tui_role role, int indent, const char *lead,
    const char *s);
/* doc_wrap() with the lead in its own role. */
void doc_wrap_lead(tui_doc *d, tui_role lead_role, const char *lead,
    tui_role role, int indent, const char *s);
/* Adds "key: value" (and "  (note)" when note is not NULL) at indent 2;
 * when it does not fit, the value goes under "key:  (note)", as much as
 * lets its longest word fit whole (4, 2 or 0 columns), so a fingerprint or
 * a path is never broken where it could be shown whole. */
void doc_keyval(tui_doc *d, tui_role role, const char *lead,
    const char *key, const char *value, const char *note);
/* Marks the current line: clickable, highlighted, kept visible. */
void doc_hit(tui_doc *d, tui_request req, int arg);
void doc_highlight(tui_doc *d, tui_role role);
void doc_mark(tui_doc *d);
/* Paints lines [*scroll, ...) into r, clamping *scroll and moving it so the
 * mark is visible (or, in a searched document, to the match n or N asked
 * for; matches are highlighted).  Registers mouse zones.  Scroll marks go
 * in the column right of r when the terminal has it, never over text. */
void doc_paint(tui *t, const tui_doc *d, tui_rect r, int *scroll);

/* tui-sidebar.c: the path of steps, shared by the step and question
 * screens; the compact layout's one-line version. */
void tui_sidebar_draw(tui *t, tui_rect r);
void tui_breadcrumb_draw(tui *t, tui_rect r);
/* Splits the body into the sidebar and the main pane (in the compact
 * layout, side is the one line of the breadcrumb). */
void tui_diag_layout(tui *t, tui_rect body, tui_rect *side, tui_rect *main);
/* Handles the path requests (moving the selection, picking a step). */
int tui_path_request(tui *t, tui_request req, int arg);
/* Handles what every diagnosis screen shares: back, re-run, details,
 * paging, a new diagnosis, leaving a review.  Returns 1 if handled. */
int tui_diag_request(tui *t, tui_request req, int arg);
/* Adds a step's evidence under heading: the first few entries, or all of
 * them when t->details is set. */
void tui_step_evidence(tui *t, tui_doc *d, const sw_evidence *ev,
    const char *heading);
/* Draws a past step for review (the step screen and the verdict use it). */
void tui_step_review(tui *t, tui_doc *d, size_t i);

/* tui-field.c: a one-line text field (UTF-8, a hard cap, optionally
 * secret: drawn as stars and wiped when cleared or freed). */
typedef struct tui_field {
	char *buf;		/* NUL-terminated, cap bytes allocated once */
	size_t len, cap;
	size_t cur;		/* cursor, a byte offset on a character start */
	int hscroll;		/* first column shown */
	int secret;
	int multiline;		/* keeps pasted newlines */
	int edited;		/* typed into by the user */
	unsigned gen;		/* bumped on every change */
} tui_field;

void field_init(tui_field *f, size_t cap, int secret, int multiline);
/* Wipes and frees the buffer. */
void field_free(tui_field *f);
/* Replaces the text (not marked as edited). */
void field_set(tui_field *f, const char *s);
/* Wipes the text. */
void field_clear(tui_field *f);
/* Edits the field with k.  Returns 1 if the key was consumed. */
int field_key(tui_field *f, const tui_key *k);
/* Paints the field in w columns at (y, x); focused: the cursor goes there.
 * placeholder (may be NULL) shows dimmed while the field is empty. */
void field_draw(tui *t, tui_field *f, int y, int x, int w, int focused,
    const char *placeholder);

/* tui-clip.c: OSC 52.  Returns 0, or -1 when the terminal cannot be
 * written. */
int tui_clip_copy(const char *text);
/* The base64 of n bytes of p.  Caller frees. */
char *tui_base64(const unsigned char *p, size_t n);

/* The facts of the current question or verdict, as the engine gives them
 * (tui-facts.c): key, value and who said it. */
typedef struct tui_fact {
	const char *key;
	const char *value;
	const char *origin;		/* English msgid, may be NULL */
} tui_fact;
/* Fills out with up to max facts of the engine's current node; returns
 * how many.  Values are borrowed from the engine. */
size_t tui_facts(tui *t, tui_fact *out, size_t max);
/* Adds the facts as "key: value" lines (values wrapped without breaking
 * inside a word that fits; the selected one highlighted when sel >= 0). */
void tui_facts_doc(tui *t, tui_doc *d, const tui_fact *f, size_t n, int sel);
/* Copies fact k (the first when out of range) to the clipboard and says
 * so on the status line. */
void tui_fact_copy(tui *t, int k);
/* Adds the title of a pane that can take the focus: "> Title" in reverse
 * when it has it, so the focus shows without colour too. */
void tui_pane_title(tui *t, tui_doc *d, int focused, const char *title);

/* tui-screen-export.c */
void tui_export_open(tui *t);
void tui_export_free(tui *t);

/* tui-screen-target.c */
void tui_form_free(tui *t);
/* The descriptor that becomes readable when the form's background look-up
 * or target resolution finishes, or -1; and taking its result. */
int tui_form_fd(const tui *t);
void tui_form_collect(tui *t);

/* tui-screen-via.c: the consent to run the server-side checks over
 * another way in, asked where the walk stands at a probe server.way_in
 * and the command line did not say where server checks run. */
/* 1 when the current node waits for that answer (the probe must not start
 * by itself). */
int tui_via_pending(const tui *t);
/* The screen for it: the question, or the form after a yes. */
const tui_screen_ops *tui_via_screen(tui *t);
/* Wipes and frees the form.  NULL-safe. */
void tui_via_free(tui *t);

/* tui-logmatch.c: the pasted error.  Matches text against the table of
 * known messages (loaded on first use from the data folder).  Returns the
 * id of the node to start at and sets *summary to the English msgid of what
 * the message means (both caller frees), or NULL when nothing was
 * recognised. */
char *tui_log_start(tui *t, const char *text, char **summary);
/* Frees the table.  NULL-safe. */
void tui_log_free(tui *t);
/* Fills the form from a target (going back to the target screen). */
void tui_form_from_target(tui *t, const sw_target *target);

/* tui-complete.c: host names for completion from ~/.ssh/config (Host
 * entries without patterns) and known_hosts (unhashed names).  home may be
 * NULL ($HOME).  Returns a NULL-terminated sorted unique list (caller frees
 * with tui_hosts_free()). */
char **tui_hosts_load(const char *home);
void tui_hosts_free(char **v);

#endif
