## The platform back-end configure picked, on loopback.
check_PROGRAMS += tests/platform/test_platform
TESTS += tests/platform/test_platform
tests_platform_test_platform_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_platform_test_platform_LDADD = $(SW_LIBS) $(CMOCKA_LIBS)
