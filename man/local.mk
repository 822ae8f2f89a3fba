## The manual page sshwizard(1), in English and Japanese.  Built from
## man/*.1.in with the version and the data directory filled in; the
## Japanese one also gets line-break points (man/ja-breaks.pl), since groff
## breaks lines only at spaces.  tests/man/ checks both against --help and
## the cause vocabulary and lints them.
man1_MANS = man/sshwizard.1
jaman1dir = $(mandir)/ja/man1
jaman1_DATA = man/ja/sshwizard.1
EXTRA_DIST += man/sshwizard.1.in man/ja/sshwizard.1.in man/ja-breaks.pl
CLEANFILES += man/sshwizard.1 man/ja/sshwizard.1

SW_MAN_SUBST = sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@pkgdatadir@|$(pkgdatadir)|g'

man/sshwizard.1: $(top_srcdir)/man/sshwizard.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && \
	$(SW_MAN_SUBST) $(top_srcdir)/man/sshwizard.1.in >$@.tmp && mv $@.tmp $@
man/ja/sshwizard.1: $(top_srcdir)/man/ja/sshwizard.1.in $(top_srcdir)/man/ja-breaks.pl Makefile
	$(AM_V_GEN)$(MKDIR_P) man/ja && \
	$(SW_MAN_SUBST) $(top_srcdir)/man/ja/sshwizard.1.in | \
	  $(PERL) $(top_srcdir)/man/ja-breaks.pl >$@.tmp && mv $@.tmp $@
