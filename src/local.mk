## The program.
bin_PROGRAMS += sshwizard
sshwizard_SOURCES = src/main.c $(sshwizard_SOURCES_BATCH) $(sshwizard_SOURCES_TUI)
nodist_sshwizard_SOURCES = src/tree-shipped.c
sshwizard_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
sshwizard_LDADD = $(SW_LIBS) $(NCURSES_LIBS)

## The shipped tree compiled to C data by src/tools/sw-tree-compile, which
## loads and validates it with the program's own code; a tree that does not
## validate stops the build.  The program checks at run time that the YAML
## it was compiled from is unchanged (core/tree_compiled.h).
src/tree-shipped.c: src/tools/sw-tree-compile$(EXEEXT) $(SW_TREE_YAML)
	$(AM_V_GEN)$(MKDIR_P) src && \
	src/tools/sw-tree-compile $(srcdir)/wizard/main.yaml $@
CLEANFILES += src/tree-shipped.c
