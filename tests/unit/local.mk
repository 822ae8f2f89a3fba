## cmocka unit tests: no terminal, no network.  Each prints TAP.
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LDADD = $(SW_LIBS) $(CMOCKA_LIBS)
UNIT_TESTS = \
	tests/unit/test_loader \
	tests/unit/test_validate \
	tests/unit/test_engine \
	tests/unit/test_report \
	tests/unit/test_options \
	tests/unit/test_target \
	tests/unit/test_proc \
	tests/unit/test_shquote \
	tests/unit/test_sshparse \
	tests/unit/test_textwidth \
	tests/unit/test_logmatch \
	tests/unit/test_host \
	tests/unit/test_server_parse \
	tests/unit/test_server_config \
	tests/unit/test_server_firewall \
	tests/unit/test_tree_compiled \
	tests/unit/test_authkeys
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
tests_unit_test_loader_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_loader_LDADD = $(UNIT_LDADD)
tests_unit_test_validate_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_validate_LDADD = $(UNIT_LDADD)
tests_unit_test_engine_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_engine_LDADD = $(UNIT_LDADD)
tests_unit_test_report_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_report_LDADD = $(UNIT_LDADD)
tests_unit_test_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_options_LDADD = $(UNIT_LDADD)
tests_unit_test_target_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_target_LDADD = $(UNIT_LDADD)
tests_unit_test_proc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_proc_LDADD = $(UNIT_LDADD)
tests_unit_test_shquote_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_shquote_LDADD = $(UNIT_LDADD)
tests_unit_test_textwidth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_textwidth_LDADD = $(UNIT_LDADD)
tests_unit_test_sshparse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sshparse_LDADD = $(UNIT_LDADD)
tests_unit_test_logmatch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_logmatch_LDADD = $(UNIT_LDADD)
tests_unit_test_host_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_host_LDADD = $(UNIT_LDADD)
tests_unit_test_server_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_server_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_server_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_server_config_LDADD = $(UNIT_LDADD)
tests_unit_test_server_firewall_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_server_firewall_LDADD = $(UNIT_LDADD)
tests_unit_test_tree_compiled_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tree_compiled_LDADD = $(UNIT_LDADD)
## The compiled tree the program links (src/local.mk), compared with its YAML.
tests_unit_test_tree_compiled_SOURCES = tests/unit/test_tree_compiled.c
nodist_tests_unit_test_tree_compiled_SOURCES = src/tree-shipped.c
EXTRA_DIST += tests/unit/unit.h tests/unit/fakefs.h tests/trees
EXTRA_DIST += tests/logs
## TAP output from cmocka, read by automake's TAP driver, so each case counts.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' CMOCKA_MESSAGE_OUTPUT=TAP \
	$(SHELL) $(top_srcdir)/build-aux/tap-driver.sh

## The unit tests again under valgrind: any error or leak fails the case.
VALGRIND = valgrind
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(UNIT_TESTS)" \
	    LOG_COMPILER="$(VALGRIND) --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
.PHONY: check-valgrind
tests_unit_test_authkeys_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_authkeys_LDADD = $(UNIT_LDADD)
