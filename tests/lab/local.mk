## The fault lab (see tests/lab/README.md): network namespaces with a real
## sshd, dnsmasq and firewall rules, plus a hostile fake server.  lab.sh is
## sourced by test scripts; lab-selftest.sh proves every fault is real.
check_PROGRAMS += tests/lab/fakeserver
tests_lab_fakeserver_SOURCES = tests/lab/fakeserver.c
tests_lab_fakeserver_LDADD = $(LIBSSH_LIBS)
LAB_TESTS = tests/lab/lab-selftest.sh
TESTS += $(LAB_TESTS)
EXTRA_DIST += $(LAB_TESTS) tests/lab/lab.sh tests/lab/README.md
