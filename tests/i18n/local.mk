## Translation tests: the catalogues, the tree's strings, the language
## choice, Japanese reports and screens.  po/ and these tests belong together.
I18N_SH_TESTS = \
	tests/i18n/catalogue.sh \
	tests/i18n/tree-strings.sh \
	tests/i18n/program-strings.sh \
	tests/i18n/lang-choice.sh \
	tests/i18n/batch-ja.sh \
	tests/i18n/tui-ja.sh
I18N_TESTS = tests/i18n/test_i18n $(I18N_SH_TESTS)
check_PROGRAMS += tests/i18n/test_i18n tests/i18n/sw-linewidth
TESTS += $(I18N_TESTS)
EXTRA_DIST += tests/i18n/i18n-lib.sh $(I18N_SH_TESTS)
## test_i18n prints TAP, read by build-aux/tap-driver.sh (LOG_DRIVER), which
## automake does not distribute by itself.
EXTRA_DIST += build-aux/tap-driver.sh
tests_i18n_test_i18n_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_i18n_test_i18n_LDADD = $(SW_LIBS) $(CMOCKA_LIBS)
## Display width of each line of its input (wcswidth), for the screen tests.
tests_i18n_sw_linewidth_SOURCES = tests/i18n/sw-linewidth.c

## After "make install" (distcheck runs installcheck) the installed program
## finds its installed catalogue.
installcheck-local: installcheck-i18n
installcheck-i18n:
	@if test -n "$(DESTDIR)"; then \
	  echo "installcheck-i18n: skipped under DESTDIR (the catalogue is looked for in $(localedir))"; \
	else \
	  LANGUAGE= LC_ALL= LC_MESSAGES= LANG=C.UTF-8 \
	    $(bindir)/sshwizard --lang ja --help >installcheck-i18n.out && \
	  if grep -q '^Usage:' installcheck-i18n.out; then \
	    echo "installcheck-i18n: the installed sshwizard --lang ja --help is not in Japanese"; \
	    cat installcheck-i18n.out; rm -f installcheck-i18n.out; exit 1; \
	  fi; \
	  rm -f installcheck-i18n.out; \
	  echo "installcheck-i18n: the installed catalogue is found"; \
	fi
.PHONY: installcheck-i18n
