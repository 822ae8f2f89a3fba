## The manual pages against --help and the cause vocabulary, and lint.
MAN_TESTS = tests/man/man-pages.sh
TESTS += $(MAN_TESTS)
EXTRA_DIST += $(MAN_TESTS) tests/man/installed.sh
check_SCRIPTS += man/sshwizard.1 man/ja/sshwizard.1
