/* The screen front end's application: terminal set-up and restore on every
 * exit path, the poll loop over the keyboard and the engine, key and mouse
 * dispatch, the frame (header, status line, footer) and the diagnosis
 * life cycle.  Probes run on the engine's worker thread; this thread only
 * polls, so keys answer while a probe runs. */
#include "config.h"

#include "host/host.h"
#include "core/util.h"
#include "tui/tui-int.h"
#include "tui/tui.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

/* The most --from-log text read. */
#define LOG_MAX (1024 * 1024)
/* Keys read in one batch before they are handled. */
#define KEY_BATCH 4096
/* How long a status message stays, in milliseconds. */
#define STATUS_MS 6000

/* ---- Terminal restore on every exit path ---- */

static volatile sig_atomic_t got_signal;
static int sig_pipe[2] = { -1, -1 };
static int curses_on;
static struct termios saved_tio;
static int saved_tio_ok;
/* What puts the terminal back, written from a crash handler, where only
 * write() may be called: leave the alternate screen, show the cursor,
 * reset attributes, stop mouse reports. */
static const char crash_reset[] = "\033[?1000l\033[?1002l\033[?1006l"
    "\033[0m\033[?25h\033[?1049l\r\n";

static void
on_quit_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	got_signal = sig;
	if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
		/* The flag alone still ends the loop at its next tick. */
	}
	errno = saved;
}

static void
on_crash_signal(int sig)
{
	if (curses_on) {
		if (saved_tio_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
		if (write(STDOUT_FILENO, crash_reset, sizeof(crash_reset) - 1) < 0) {
			/* Nothing more can be done from here. */
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Leaves curses; safe to call twice and from atexit. */
static void
screen_end(void)
{
	if (!curses_on)
		return;
	curses_on = 0;
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	fflush(stdout);
}

static void
signals_install(void)
{
	struct sigaction sa;
	static const int quit_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static const int crash_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
	    SIGABRT };
	size_t i;

	if (pipe(sig_pipe) == 0) {
		for (i = 0; i < 2; i++) {
			fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
			fcntl(sig_pipe[i], F_SETFL, O_NONBLOCK);
		}
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;
	for (i = 0; i < sizeof(quit_sigs) / sizeof(quit_sigs[0]); i++)
		sigaction(quit_sigs[i], &sa, NULL);
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof(crash_sigs) / sizeof(crash_sigs[0]); i++)
		sigaction(crash_sigs[i], &sa, NULL);
}

static void
signals_restore(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV,
	    SIGBUS, SIGFPE, SIGILL, SIGABRT };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	for (i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}

/* Starts curses.  Returns 0, or -1 (nothing to restore) when the terminal
 * cannot be used. */
static int
screen_begin(tui *t)
{
	const char *cs;

	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		saved_tio_ok = 1;
	if (newterm(NULL, stdout, stdin) == NULL)
		return -1;
	curses_on = 1;
	atexit(screen_end);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	cs = nl_langinfo(CODESET);
	t->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	tui_draw_init(t);
	return 0;
}

/* ---- Messages ---- */

void
tui_status(tui *t, tui_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof(t->status), fmt, ap);
	va_end(ap);
	t->status_role = role;
	t->status_until = sw_now_ms() + STATUS_MS;
	t->status_view = tui_view_id(t);
}

void
tui_ask(tui *t, int (*answer)(tui *, int), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(t->prompt.text);
	t->prompt.text = xvasprintf(fmt, ap);
	va_end(ap);
	t->prompt.answer = answer;
}

static void
do_quit(tui *t)
{
	t->quit = 1;
}

/* A one-key question: y (or again, the key that asked) does it, e
 * exports first when export is set, n and Esc stay. */
static int
confirm_key(tui *t, int key, int again, void (*yes)(tui *), int export)
{
	if (key == 'y' || key == 'Y' || (again != 0 && key == again)) {
		yes(t);
		return 1;
	}
	if (export && (key == 'e' || key == 'E')) {
		tui_export_open(t);
		return 1;
	}
	return key == 'n' || key == 'N' || key == TUI_KEY_ESC;
}

static int
quit_answer(tui *t, int key)
{
	return confirm_key(t, key, 'q', do_quit, 1);
}

static int
new_answer(tui *t, int key)
{
	return confirm_key(t, key, 0, tui_diag_end, 1);
}

/* The quit question while a check is running or was cancelled: a second
 * Esc must not quit at once. */
static int
quit_running_answer(tui *t, int key)
{
	return confirm_key(t, key, 'q', do_quit, 0);
}

static int
unexported(const tui *t)
{
	return t->engine != NULL && engine_state(t->engine) == SW_ENG_VERDICT &&
	    !t->exported;
}

void
tui_new(tui *t)
{
	if (unexported(t)) {
		/* TRANSLATORS: y, e and n are the keys that answer; keep
		 * them. */
		tui_ask(t, new_answer, "%s", _("Not exported yet. Start a new "
		    "diagnosis?  y: yes  e: export  n: stay"));
		return;
	}
	tui_diag_end(t);
}

void
tui_quit(tui *t, int ask)
{
	if (ask && unexported(t)) {
		/* TRANSLATORS: y, e and n are the keys that answer; keep them. */
		tui_ask(t, quit_answer, "%s", _("Not exported yet. Quit?  "
		    "y: quit  e: export  n: stay"));
		return;
	}
	t->quit = 1;
}

/* ---- The diagnosis life cycle ---- */

uintptr_t
tui_view_id(tui *t)
{
	const tui_screen_ops *s = t->overlay ? t->overlay : t->screen ?
	    t->screen : tui_diag_screen(t);
	uintptr_t id = (uintptr_t)s;

	if (t->overlay == NULL && t->screen == NULL && t->engine != NULL) {
		id ^= (uintptr_t)engine_node(t->engine) * 31u;
		id ^= (uintptr_t)t->sel * 1000003u;
	}
	return id;
}

static void
before_free(tui_before *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->node[i]);
		free(b->outcome[i]);
	}
	free(b->node);
	free(b->outcome);
	free(b->verdict);
	free(b->title);
	free(b);
}

const char *
tui_before_outcome(const tui *t, const char *node)
{
	size_t i;

	if (t->before == NULL)
		return NULL;
	for (i = t->before->n; i > 0; i--)
		if (strcmp(t->before->node[i - 1], node) == 0)
			return t->before->outcome[i - 1];
	return NULL;
}

void
tui_restart(tui *t)
{
	tui_before *b;
	size_t i, n;

	if (t->engine == NULL)
		return;
	b = xcalloc(1, sizeof(*b));
	n = engine_n_steps(t->engine);
	b->node = xcalloc(n ? n : 1, sizeof(*b->node));
	b->outcome = xcalloc(n ? n : 1, sizeof(*b->outcome));
	for (i = 0; i < n; i++) {
		const sw_step *s = engine_step(t->engine, i);

		b->node[i] = xstrdup(s->node->id);
		b->outcome[i] = xstrdup(s->outcome ? s->outcome : "");
	}
	b->n = n;
	if (engine_state(t->engine) == SW_ENG_VERDICT) {
		b->verdict = xstrdup(engine_node(t->engine)->id);
		b->title = xstrdup(engine_node(t->engine)->title);
	}
	tui_diag_begin(t);
	before_free(t->before);
	t->before = b;
	tui_status(t, ROLE_NOTICE, "%s", _("Running the whole diagnosis "
	    "again."));
}

const tui_screen_ops *
tui_diag_screen(tui *t)
{
	if (t->engine == NULL)
		return &tui_screen_target;
	if (t->sel < engine_n_steps(t->engine))
		return &tui_screen_step;
	switch (engine_state(t->engine)) {
	case SW_ENG_QUESTION:
		return &tui_screen_question;
	case SW_ENG_VERDICT:
		return &tui_screen_verdict;
	default:
		if (tui_via_pending(t))
			return tui_via_screen(t);
		return &tui_screen_step;
	}
}

void
tui_view_reset(tui *t)
{
	const sw_node *n;

	t->sel = t->engine ? engine_n_steps(t->engine) : 0;
	t->path_cur = t->sel;
	t->item = 0;
	t->scroll = 0;
	t->focus_path = 0;
	t->focus_facts = 0;
	t->fact = 0;
	t->nofollow = 0;
	t->search_line = -1;
	if (t->engine != NULL && (n = engine_node(t->engine)) != NULL &&
	    n->kind == SW_NODE_QUESTION && n->default_choice != NULL) {
		size_t i;

		for (i = 0; i < n->n_choices; i++)
			if (strcmp(n->choices[i].id, n->default_choice) == 0)
				t->item = (int)i;
	}
}

void
tui_diag_begin(tui *t)
{
	engine_free(t->engine);
	t->engine = engine_new(t->tree, &sw_builtin_probes, t->target);
	if (t->start_node != NULL &&
	    engine_set_start(t->engine, t->start_node) != 0)
		tui_status(t, ROLE_WARN, _("The tree has no node '%s'; starting "
		    "from the beginning"), t->start_node);
	t->started_wall_ms = sw_wall_ms();
	t->finished_wall_ms = 0;
	t->paused = 0;
	t->cancelled = 0;
	t->exported = 0;
	free(t->exported_paths);
	t->exported_paths = NULL;
	t->details = 0;
	t->screen = NULL;
	t->overlay = NULL;
	before_free(t->before);
	t->before = NULL;
	free(t->exported_file);
	t->exported_file = NULL;
	tui_view_reset(t);
}

void
tui_server_set(tui *t, sw_host *h)
{
	sw_target *tg = t->rw_target;

	if (tg != NULL && tg->server == t->own_server)
		tg->server = NULL;
	host_free(t->own_server);
	t->own_server = h;
	if (tg != NULL)
		tg->server = h;
}

void
tui_server_reset(tui *t)
{
	if (t->main_target != NULL)
		t->main_target->server = t->cmd_server;
	if (t->own_target != NULL && t->own_target->server == t->own_server)
		t->own_target->server = NULL;
	host_free(t->own_server);
	t->own_server = NULL;
}

void
tui_diag_end(tui *t)
{
	if (t->engine != NULL)
		engine_cancel(t->engine);
	engine_free(t->engine);
	t->engine = NULL;
	t->overlay = NULL;
	t->screen = &tui_screen_target;
	tui_form_from_target(t, t->target);
}

/* Starts the current probe by itself unless the user went back or
 * cancelled; notes when the verdict is reached. */
static void
diag_pump(tui *t)
{
	sw_engine_state st;

	if (t->engine == NULL)
		return;
	st = engine_state(t->engine);
	/* At a way onto the server, the user's answer starts the probe. */
	if (st == SW_ENG_READY && !t->paused && !t->cancelled &&
	    !tui_via_pending(t))
		engine_start(t->engine);
	if (st == SW_ENG_VERDICT && t->finished_wall_ms == 0)
		t->finished_wall_ms = sw_wall_ms();
}

/* The engine's descriptor was readable. */
static void
diag_collect(tui *t)
{
	size_t before = engine_n_steps(t->engine);
	int at_current = t->sel >= before;
	int r = engine_collect(t->engine);

	if (engine_n_steps(t->engine) != before && at_current)
		tui_view_reset(t);
	if (r < 0)
		tui_status(t, ROLE_ERROR, _("Internal error: %s"),
		    engine_error(t->engine));
}

/* ---- Requests and keys ---- */

static const tui_screen_ops *
current_screen(tui *t)
{
	if (t->overlay != NULL)
		return t->overlay;
	if (t->screen != NULL)
		return t->screen;
	return tui_diag_screen(t);
}

static void
lang_toggle(tui *t)
{
	/* The next language of po/LINGUAS: no language is named here. */
	i18n_set_lang(i18n_next_lang());
	clearok(curscr, TRUE);
	/* TRANSLATORS: shown just after the user switched to your language;
	 * say that the screens now speak it. */
	tui_status(t, ROLE_NOTICE, "%s", _("Now in English"));
}

/* ---- Search (/): the pattern typed on the status line ---- */

static tui_field search_field;
static int search_field_on;

static void
search_field_reset(tui *t)
{
	if (!search_field_on) {
		field_init(&search_field, sizeof(t->search), 0, 0);
		search_field_on = 1;
	}
	field_clear(&search_field);
}

static void
search_key(tui *t, const tui_key *k)
{
	if (!k->fn && k->ch == TUI_KEY_ESC) {
		t->searching = 0;
		return;
	}
	if ((k->fn && k->ch == KEY_ENTER) || (!k->fn && (k->ch == '\n' ||
	    k->ch == '\r'))) {
		t->searching = 0;
		snprintf(t->search, sizeof(t->search), "%s", search_field.buf);
		t->search_line = -1;
		t->search_go = t->search[0] != '\0' ? 1 : 0;
		return;
	}
	field_key(&search_field, k);
}

static void
search_draw(tui *t, int y)
{
	tui_put_fill(t, y, 0, t->cols, ROLE_NORMAL, "");
	tui_put(t, y, 1, 1, ROLE_KEY, "/", 0);
	field_draw(t, &search_field, y, 2, t->cols - 3, 1, NULL);
}

static void
search_free(void)
{
	if (search_field_on)
		field_free(&search_field);
	search_field_on = 0;
}

/* ---- o: the exported report in $PAGER ---- */

/* Runs the pager on the terminal, which curses gives back for the time:
 * the user's own program, in the foreground, as tig does.  The screen is
 * redrawn after. */
static void
open_report(tui *t)
{
	const char *pager = getenv("PAGER");
	char *argv[6], *cmd;
	pid_t pid;
	int st = 0, r;
	posix_spawnattr_t attr;
	sigset_t dflt;
	struct sigaction ign, old_int, old_quit;

	if (t->exported_file == NULL) {
		tui_status(t, ROLE_WARN, "%s", _("No report yet: e exports one, "
		    "then o opens it."));
		return;
	}
	if (pager == NULL || *pager == '\0')
		pager = "less";
	/* $PAGER is a shell command ("less -R"), as git and man take it;
	 * the file name is an argument of its own, never parsed. */
	cmd = xasprintf("exec %s \"$1\"", pager);
	argv[0] = (char *)"/bin/sh";
	argv[1] = (char *)"-c";
	argv[2] = cmd;
	argv[3] = (char *)"sh";
	argv[4] = t->exported_file;
	argv[5] = NULL;
	/* As system() does: Ctrl-C and Ctrl-\ are the pager's while it runs,
	 * which gets them with their default action. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGQUIT);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	def_prog_mode();
	endwin();
	r = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, environ);
	if (r == 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	posix_spawnattr_destroy(&attr);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	free(cmd);
	if (r != 0)
		tui_status(t, ROLE_ERROR, _("Could not run the pager %s: %s"),
		    pager, strerror(r));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		tui_status(t, ROLE_WARN, _("The pager %s ended with an error."),
		    pager);
}

static void
dispatch_request(tui *t, tui_request req, int arg)
{
	const tui_screen_ops *s = current_screen(t);

	if (s->request != NULL && s->request(t, req, arg))
		return;
	switch (req) {
	case REQ_HELP:
		t->overlay = &tui_screen_help;
		t->help_scroll = 0;
		break;
	case REQ_LANG:
		lang_toggle(t);
		break;
	case REQ_REDRAW:
		clearok(curscr, TRUE);
		break;
	case REQ_QUIT:
		tui_quit(t, 1);
		break;
	case REQ_CANCEL:
		if (t->overlay != NULL)
			t->overlay = NULL;
		else if (t->engine != NULL &&
		    engine_state(t->engine) == SW_ENG_RUNNING) {
			engine_cancel(t->engine);
			t->paused = 1;
			t->cancelled = 1;
			tui_status(t, ROLE_WARN, "%s", _("Check cancelled."));
		} else if (t->search[0] != '\0') {
			/* Esc ends a search before it quits (n is "new"
			 * again). */
			t->search[0] = '\0';
			t->search_line = -1;
			tui_status(t, ROLE_NOTICE, "%s", _("Search ended."));
		} else if (t->engine != NULL && t->screen == NULL &&
		    engine_state(t->engine) != SW_ENG_VERDICT)
			/* TRANSLATORS: y and n are the keys that answer. */
			tui_ask(t, quit_running_answer, "%s", _("Quit the "
			    "diagnosis?  y: quit  n: stay"));
		else
			tui_quit(t, 1);
		break;
	case REQ_SEARCH:
		t->searching = 1;
		search_field_reset(t);
		break;
	case REQ_SEARCH_NEXT:
	case REQ_SEARCH_PREV:
		t->search_go = req == REQ_SEARCH_NEXT ? 1 : -1;
		break;
	case REQ_NEW:
		if (t->engine != NULL)
			tui_new(t);
		break;
	case REQ_RESTART:
		if (t->engine != NULL)
			tui_restart(t);
		break;
	case REQ_OPEN:
		open_report(t);
		break;
	case REQ_EXPORT:
		if (t->engine != NULL &&
		    engine_state(t->engine) == SW_ENG_VERDICT)
			tui_export_open(t);
		else
			tui_status(t, ROLE_WARN, "%s", _("A report can be "
			    "exported once the diagnosis has a verdict."));
		break;
	default:
		break;
	}
}

static void
mouse_event(tui *t)
{
	MEVENT ev;
	const tui_hitzone *h;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		dispatch_request(t, REQ_UP, 0);
		return;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		dispatch_request(t, REQ_DOWN, 0);
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if ((h = tui_hit_find(t, ev.y, ev.x)) != NULL)
		dispatch_request(t, h->req, h->arg);
}

static void
dispatch_key(tui *t, const tui_key *k)
{
	const tui_screen_ops *s;
	tui_request req;

	if (k->fn && k->ch == KEY_RESIZE)
		return;		/* the next frame lays out anew */
	if (t->prompt.text != NULL) {
		int key = k->fn ? -1 : (int)k->ch;

		if (t->prompt.answer(t, key)) {
			free(t->prompt.text);
			t->prompt.text = NULL;
		}
		return;
	}
	if (t->searching) {
		search_key(t, k);
		return;
	}
	if (k->fn && k->ch == KEY_MOUSE) {
		mouse_event(t);
		return;
	}
	s = current_screen(t);
	if (t->layout > 0 && s->key != NULL && s->key(t, k))
		return;
	req = tui_keys_lookup((int)k->ch, k->fn);
	/* n and N move in a search while one is on; else n is "new". */
	while ((req == REQ_SEARCH_NEXT || req == REQ_SEARCH_PREV) &&
	    t->search[0] == '\0')
		req = tui_keys_lookup_after((int)k->ch, k->fn, req);
	if (req != REQ_NONE)
		dispatch_request(t, req, 0);
}

/* ---- The frame ---- */

static void
draw_header(tui *t)
{
	const sw_target *tg = t->target;
	char *who = NULL, *what, lang[16];
	size_t i;
	int x, w;

	/* "[EN]", "[JA]": the language code in capitals. */
	snprintf(lang, sizeof(lang), "[%s]", i18n_lang());
	for (i = 0; lang[i] != '\0'; i++)
		lang[i] = (char)toupper((unsigned char)lang[i]);

	tui_put_fill(t, 0, 0, t->cols, ROLE_HEADER, "");
	x = tui_put(t, 0, 1, t->cols - 8, ROLE_HEADER, "sshwizard", 0) + 1;
	if (t->engine != NULL && tg != NULL && t->server_mode &&
	    tg->server != NULL && host_kind(tg->server) == SW_HOST_VIA)
		/* TRANSLATORS: the header of the server checks run over
		 * another machine's session: its host and the SSH port. */
		what = xasprintf(_("The server %s, SSH port %d"),
		    tg->alias ? tg->alias : tg->host, tg->port);
	else if (t->engine != NULL && tg != NULL && t->server_mode)
		/* TRANSLATORS: the header of the server checks run on the
		 * machine the wizard runs on; %d is the SSH port. */
		what = xasprintf(_("This server, SSH port %d"), tg->port);
	else if (t->engine != NULL && tg != NULL)
		what = xstrdup(tg->display);
	else
		what = xstrdup(_("New diagnosis"));
	who = xasprintf(" %s", what);
	free(what);
	tui_put(t, 0, x + 1, t->cols - x - 8, ROLE_HEADER, who, 1);
	free(who);
	w = (int)strlen(lang);
	tui_put(t, 0, t->cols - w - 1, w, ROLE_HEADER, lang, 0);
	tui_hit(t, 0, t->cols - w - 1, t->cols - 1, REQ_LANG, 0);
}

/* The key to show for req: the first one that works on a screen that takes
 * typed text (a function key there), else the first one. */
static void
hint_key(tui *t, tui_request req, int text_screen, char *buf, size_t n)
{
	if (req == REQ_UP) {
		snprintf(buf, n, "%s", text_screen ? "Up/Down" : "j/k");
		return;
	}
	if (text_screen) {
		char all[128], *tok, *save = NULL;

		tui_keys_names(req, 0, all, sizeof(all));
		for (tok = strtok_r(all, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save))
			if (strlen(tok) > 1) {
				snprintf(buf, n, "%s", tok);
				return;
			}
	}
	tui_keys_names(req, 1, buf, n);
	(void)t;
}

/* One footer item: the key and its label. */
typedef struct hint_item {
	tui_request req;
	char key[32];
	const char *label;
	int w;
} hint_item;

/* tail: the always-shown items, where Esc on a form reads "quit". */
static size_t
hints_collect(tui *t, const tui_request *reqs, size_t n, int text_screen,
    int tail, hint_item *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const char *label = reqs[i] == REQ_LANG ?
		    i18n_lang_name_of(i18n_next_lang()) :
		    reqs[i] == REQ_CANCEL && text_screen && tail &&
		    t->engine == NULL ? _("quit") :
		    tui_keys_hint(reqs[i]);

		if (label == NULL)
			continue;
		out[k].req = reqs[i];
		out[k].label = label;
		hint_key(t, reqs[i], text_screen, out[k].key,
		    sizeof(out[k].key));
		out[k].w = (int)strlen(out[k].key) + 1 + tw_width(label);
		k++;
	}
	return k;
}

static int
hint_draw(tui *t, int y, int x, const hint_item *h)
{
	int kw = (int)strlen(h->key);

	tui_put(t, y, x, kw, ROLE_KEY, h->key, 0);
	tui_put(t, y, x + kw + 1, h->w - kw - 1, ROLE_NORMAL, h->label, 0);
	tui_hit(t, y, x, x + h->w, h->req, 0);
	return x + h->w + 2;
}

/* The screen's hints from the left, as many as fit; help, language and
 * quit always, on the right. */
static void
draw_footer(tui *t)
{
	const tui_screen_ops *s = current_screen(t);
	tui_request reqs[16], tail_reqs[3];
	hint_item items[16], tail[3];
	size_t n = 0, nt = 0, i;
	int x = 1, y = t->rows - 1, text_screen = s->key != NULL, tail_w = 0;

	if (t->search[0] != '\0')
		reqs[n++] = REQ_SEARCH_NEXT;
	if (s->hints != NULL)
		n += s->hints(t, reqs + n, 12);
	n = hints_collect(t, reqs, n, text_screen, 0, items);
	if (t->overlay == NULL) {
		tail_reqs[0] = REQ_HELP;
		tail_reqs[1] = REQ_LANG;
		tail_reqs[2] = text_screen ? REQ_CANCEL : REQ_QUIT;
		nt = hints_collect(t, tail_reqs, 3, text_screen, 1, tail);
	}
	for (i = 0; i < nt; i++)
		tail_w += tail[i].w + 2;
	if (tail_w > t->cols - 1)
		nt = tail_w = 0;
	for (i = 0; i < n; i++) {
		if (x + items[i].w > t->cols - 1 - tail_w)
			break;
		x = hint_draw(t, y, x, &items[i]);
	}
	x = t->cols - tail_w + 1;
	for (i = 0; i < nt; i++)
		x = hint_draw(t, y, x, &tail[i]);
}

static void
draw_status(tui *t)
{
	int y = t->rows - 2;

	if (t->searching) {
		search_draw(t, y);
		return;
	}
	if (t->prompt.text != NULL) {
		tui_put_fill(t, y, 0, t->cols, ROLE_SELECTED, "");
		tui_put(t, y, 1, t->cols - 2, ROLE_SELECTED, t->prompt.text, 1);
		return;
	}
	/* A status said on another screen is old news. */
	if (t->status[0] != '\0' && t->status_view != tui_view_id(t)) {
		t->status[0] = '\0';
		t->status_until = 0;
	}
	if (t->status[0] != '\0')
		tui_put(t, y, 1, t->cols - 2, t->status_role, t->status, 1);
}

static void
draw_too_small(tui *t)
{
	char *msg = xasprintf(_("Make the terminal at least %d\xc3\x97%d "
	    "(it is %d\xc3\x97%d now)."), TUI_MIN_COLS, TUI_MIN_ROWS, t->cols,
	    t->rows);
	char *line;
	int y = t->rows / 2;

	if (t->cols > 0 && t->rows > 0) {
		tw_line *v = NULL;
		size_t n = tw_wrap(msg, t->cols, &v), i;

		if (y + (int)n > t->rows)
			y = t->rows - (int)n;
		for (i = 0; i < n; i++) {
			line = xstrndup(msg + v[i].off, v[i].len);
			tui_put(t, (y < 0 ? 0 : y) + (int)i,
			    (t->cols - v[i].width) / 2, t->cols, ROLE_WARN, line,
			    0);
			free(line);
		}
		free(v);
	}
	free(msg);
}

static void
draw(tui *t)
{
	tui_rect body;
	int go;

	erase();
	tui_hit_clear(t);
	getmaxyx(stdscr, t->rows, t->cols);
	t->layout = t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS ? 0 :
	    t->cols < TUI_FULL_COLS || t->rows < TUI_FULL_ROWS ? 1 : 2;
	t->cur_y = t->cur_x = -1;
	t->clip_y0 = 0;
	t->clip_y1 = t->rows;
	if (t->layout == 0) {
		draw_too_small(t);
		curs_set(0);
		refresh();
		return;
	}
	body.y = 1;
	body.x = 0;
	body.h = t->rows - 3;
	body.w = t->cols;
	draw_header(t);
	t->clip_y0 = body.y;
	t->clip_y1 = body.y + body.h;
	/* A search jump is for the window on top, not the screen under it;
	 * the last match is forgotten when the view changes. */
	if (tui_view_id(t) != t->search_view) {
		t->search_view = tui_view_id(t);
		t->search_line = -1;
		t->search[0] = '\0';
	}
	go = t->search_go;
	if (t->overlay != NULL)
		t->search_go = 0;
	(t->screen ? t->screen : tui_diag_screen(t))->draw(t, body);
	if (t->overlay != NULL) {
		t->search_go = go;
		t->overlay->draw(t, body);
	}
	t->clip_y0 = 0;
	t->clip_y1 = t->rows;
	draw_status(t);
	draw_footer(t);
	if (t->cur_y >= 0 && t->prompt.text == NULL) {
		curs_set(1);
		move(t->cur_y, t->cur_x);
	} else
		curs_set(0);
	refresh();
}

/* ---- The loop ---- */

static void
read_keys(tui *t)
{
	tui_key *keys = xcalloc(KEY_BATCH, sizeof(*keys));
	size_t n = 0, i;
	wint_t ch;
	int r;

	while (n < KEY_BATCH && (r = get_wch(&ch)) != ERR) {
		keys[n].fn = r == KEY_CODE_YES;
		keys[n].ch = ch;
		n++;
	}
	for (i = 0; i < n && !t->quit; i++) {
		keys[i].more = n > 1;
		dispatch_key(t, &keys[i]);
	}
	sw_wipe(keys, KEY_BATCH * sizeof(*keys));	/* may hold a password */
	free(keys);
}

static void
loop(tui *t)
{
	int64_t next_tick = 0;

	while (!t->quit && !got_signal) {
		struct pollfd p[4];
		int n = 0, timeout = -1, efd, ffd, fi = -1, ei = -1, r;
		int64_t now;

		diag_pump(t);
		draw(t);
		now = sw_now_ms();
		if (t->engine != NULL &&
		    engine_state(t->engine) == SW_ENG_RUNNING) {
			if (next_tick <= now)
				next_tick = now + TUI_TICK_MS;
			timeout = (int)(next_tick - now);
		}
		if (t->status_until > 0) {
			int left = (int)(t->status_until - now);

			if (left < 0)
				left = 0;
			if (timeout < 0 || left < timeout)
				timeout = left;
		}
		p[n].fd = STDIN_FILENO;
		p[n++].events = POLLIN;
		if (sig_pipe[0] >= 0) {
			p[n].fd = sig_pipe[0];
			p[n++].events = POLLIN;
		}
		efd = t->engine ? engine_fd(t->engine) : -1;
		if (efd >= 0) {
			ei = n;
			p[n].fd = efd;
			p[n++].events = POLLIN;
		}
		/* The target form's ssh -G, run in the background. */
		ffd = tui_form_fd(t);
		if (ffd >= 0) {
			fi = n;
			p[n].fd = ffd;
			p[n++].events = POLLIN;
		}
		r = poll(p, (nfds_t)n, timeout);
		if (r < 0 && errno != EINTR) {
			t->fatal = xasprintf(_("sshwizard: poll: %s"),
			    strerror(errno));
			t->status_code = 3;
			break;
		}
		now = sw_now_ms();
		if (now >= next_tick && next_tick > 0) {
			t->spin++;
			next_tick = now + TUI_TICK_MS;
		}
		if (t->status_until > 0 && now >= t->status_until) {
			t->status[0] = '\0';
			t->status_until = 0;
		}
		if (fi >= 0 && r > 0 && (p[fi].revents & POLLIN))
			tui_form_collect(t);
		if (ei >= 0 && r > 0 && (p[ei].revents & POLLIN))
			diag_collect(t);
		/* Keys (and KEY_RESIZE after an interrupted poll). */
		read_keys(t);
	}
	if (got_signal)
		t->status_code = 128 + got_signal;
}

/* Reads --from-log: a file, or "-" for standard input (then the terminal
 * is reopened as input).  Returns the text (caller frees) or NULL after
 * setting *errp. */
static char *
log_read(const char *path, char **errp)
{
	FILE *f;
	sbuf b = { 0 };
	char buf[8192];
	size_t n;
	int is_stdin = strcmp(path, "-") == 0;

	f = is_stdin ? stdin : fopen(path, "r");
	if (f == NULL) {
		*errp = xasprintf(_("sshwizard: --from-log: %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	while (b.len < LOG_MAX && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_addn(&b, buf, b.len + n > LOG_MAX ? LOG_MAX - b.len : n);
	if (!is_stdin)
		fclose(f);
	else if (freopen("/dev/tty", "r", stdin) == NULL) {
		sbuf_free(&b);
		*errp = xasprintf(_("sshwizard: --from-log -: no terminal left "
		    "to read keys from"));
		return NULL;
	}
	if (b.s == NULL)
		sbuf_add(&b, "");
	return sbuf_steal(&b);
}

int
tui_run(const sw_options *o, const sw_tree *tree, sw_target *target)
{
	tui t;
	int status;

	memset(&t, 0, sizeof(t));
	t.opts = o;
	t.tree = tree;
	t.target = target;
	t.rw_target = target;
	t.main_target = target;
	t.cmd_server = target != NULL ? target->server : NULL;
	t.server_mode = o->mode == SW_MODE_SERVER && target != NULL;
	t.cur_y = t.cur_x = -1;
	t.search_line = -1;
	if (o->from_log != NULL) {
		char *err = NULL;

		if ((t.log_text = log_read(o->from_log, &err)) == NULL) {
			fprintf(stderr, "%s\n", err);
			free(err);
			return 2;
		}
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("sshwizard: the screen wizard needs a "
		    "terminal; use --batch to diagnose without one"));
		free(t.log_text);
		return 2;
	}
	if (t.server_mode)
		t.start_node = xstrdup("server");
	else if (target != NULL && t.log_text != NULL) {
		char *summary = NULL;

		t.start_node = tui_log_start(&t, t.log_text, &summary);
		free(summary);
	}
	signals_install();
	if (screen_begin(&t) != 0) {
		signals_restore();
		fprintf(stderr, "%s\n", _("sshwizard: cannot use this terminal "
		    "(is TERM set?); use --batch to diagnose without it"));
		free(t.log_text);
		return 2;
	}
	if (target != NULL)
		tui_diag_begin(&t);
	else {
		t.asked_target = 1;
		t.screen = &tui_screen_target;
		tui_form_from_target(&t, NULL);
	}
	loop(&t);
	/* Restore the terminal first: a cancelled probe may take a moment to
	 * return, and the screen must not wait for it. */
	if (t.engine != NULL)
		engine_cancel(t.engine);
	screen_end();
	signals_restore();
	if (t.fatal != NULL)
		fprintf(stderr, "%s\n", t.fatal);
	status = t.status_code;
	if (!got_signal && t.fatal == NULL && t.engine != NULL &&
	    engine_state(t.engine) == SW_ENG_VERDICT)
		status = strcmp(engine_node(t.engine)->cause, "ok") == 0 ? 0 : 1;
	engine_free(t.engine);
	tui_server_reset(&t);
	target_free(t.own_target);
	tui_form_free(&t);
	tui_via_free(&t);
	tui_export_free(&t);
	tui_log_free(&t);
	free(t.start_node);
	free(t.log_text);
	free(t.prompt.text);
	free(t.hits);
	free(t.exported_paths);
	free(t.exported_file);
	before_free(t.before);
	search_free();
	free(t.fatal);
	got_signal = 0;
	return status;
}
