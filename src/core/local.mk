## The core: tree, loader, validator, engine, reports, i18n.  No ncurses.
noinst_LIBRARIES += libsshwizard.a
libsshwizard_a_SOURCES = \
	src/core/cause.c src/core/cause.h \
	src/core/diag.c src/core/diag.h \
	src/core/engine.c src/core/engine.h \
	src/core/evidence.c src/core/evidence.h \
	src/core/i18n.c src/core/i18n.h \
	src/core/loader.c src/core/loader.h \
	src/core/localhost.c src/core/localhost.h \
	src/core/logmatch.c src/core/logmatch.h \
	src/core/options.c src/core/options.h \
	src/core/paths.c src/core/paths.h \
	src/core/probe.c src/core/probe.h \
	src/core/proc.c src/core/proc.h \
	src/core/report.c src/core/report.h \
	src/core/secret.c src/core/secret.h \
	src/core/session.c src/core/session.h \
	src/core/shquote.c src/core/shquote.h \
	src/core/target.c src/core/target.h \
	src/core/textwidth.c src/core/textwidth.h \
	src/core/tree.c src/core/tree.h \
	src/core/tree_compiled.c src/core/tree_compiled.h \
	src/core/util.c src/core/util.h \
	src/core/validate.c src/core/validate.h
