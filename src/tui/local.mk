## The ncurses front end.
sshwizard_SOURCES_TUI = \
	src/tui/tui.c src/tui/tui.h src/tui/tui-int.h \
	src/tui/tui-keys.c src/tui/tui-keys.h \
	src/tui/tui-draw.c \
	src/tui/tui-field.c \
	src/tui/tui-clip.c \
	src/tui/tui-complete.c \
	src/tui/tui-sidebar.c \
	src/tui/tui-screen-target.c \
	src/tui/tui-screen-step.c \
	src/tui/tui-screen-question.c \
	src/tui/tui-screen-verdict.c \
	src/tui/tui-screen-export.c \
	src/tui/tui-screen-help.c \
	src/tui/tui-screen-via.c \
	src/tui/tui-logmatch.c \
	src/tui/tui-facts.c
