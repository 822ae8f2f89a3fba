## The ncurses front end.
sshwizard_SOURCES_TUI = src/tui/tui.c src/tui/tui.h
