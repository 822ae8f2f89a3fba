## The program.
bin_PROGRAMS += sshwizard
sshwizard_SOURCES = src/main.c $(sshwizard_SOURCES_BATCH) $(sshwizard_SOURCES_TUI)
sshwizard_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
sshwizard_LDADD = $(SW_LIBS) $(NCURSES_LIBS)
