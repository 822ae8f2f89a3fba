## Fuzz targets, one per parser of outside input (tests/fuzz/fuzz.h).
## Always: tests/fuzz/replay-NAME replays corpus/NAME under `make check`.
## With ./configure --enable-fuzz (clang): tests/fuzz/fuzz-NAME, a libFuzzer
## binary for bench/fuzz.sh.
FUZZ_TARGETS = tree hostread logmatch banner knownhosts sshg iptables nft firewalld ufw listeners sshd wrappers logs textwidth shquote authkeys
FUZZ_COMMON = tests/fuzz/fuzz.h tests/fuzz/fuzz-common.c
FUZZ_REPLAYS = tests/fuzz/replay-tree \
	tests/fuzz/replay-hostread \
	tests/fuzz/replay-logmatch \
	tests/fuzz/replay-banner \
	tests/fuzz/replay-knownhosts \
	tests/fuzz/replay-sshg \
	tests/fuzz/replay-iptables \
	tests/fuzz/replay-nft \
	tests/fuzz/replay-firewalld \
	tests/fuzz/replay-ufw \
	tests/fuzz/replay-listeners \
	tests/fuzz/replay-sshd \
	tests/fuzz/replay-wrappers \
	tests/fuzz/replay-logs \
	tests/fuzz/replay-textwidth \
	tests/fuzz/replay-shquote \
	tests/fuzz/replay-authkeys
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/fw-queries.h tests/fuzz/README.md \
	bench/fuzz.sh tests/soak.sh
tests_fuzz_replay_tree_SOURCES = tests/fuzz/fuzz-tree.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_tree_LDADD = $(SW_LIBS)
tests_fuzz_replay_hostread_SOURCES = tests/fuzz/fuzz-hostread.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_hostread_LDADD = $(SW_LIBS)
tests_fuzz_replay_logmatch_SOURCES = tests/fuzz/fuzz-logmatch.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_logmatch_LDADD = $(SW_LIBS)
tests_fuzz_replay_banner_SOURCES = tests/fuzz/fuzz-banner.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_banner_LDADD = $(SW_LIBS)
tests_fuzz_replay_knownhosts_SOURCES = tests/fuzz/fuzz-knownhosts.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_knownhosts_LDADD = $(SW_LIBS)
tests_fuzz_replay_sshg_SOURCES = tests/fuzz/fuzz-sshg.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_sshg_LDADD = $(SW_LIBS)
tests_fuzz_replay_iptables_SOURCES = tests/fuzz/fuzz-iptables.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_iptables_LDADD = $(SW_LIBS)
tests_fuzz_replay_nft_SOURCES = tests/fuzz/fuzz-nft.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_nft_LDADD = $(SW_LIBS)
tests_fuzz_replay_firewalld_SOURCES = tests/fuzz/fuzz-firewalld.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_firewalld_LDADD = $(SW_LIBS)
tests_fuzz_replay_ufw_SOURCES = tests/fuzz/fuzz-ufw.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_ufw_LDADD = $(SW_LIBS)
tests_fuzz_replay_listeners_SOURCES = tests/fuzz/fuzz-listeners.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_listeners_LDADD = $(SW_LIBS)
tests_fuzz_replay_sshd_SOURCES = tests/fuzz/fuzz-sshd.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_sshd_LDADD = $(SW_LIBS)
tests_fuzz_replay_wrappers_SOURCES = tests/fuzz/fuzz-wrappers.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_wrappers_LDADD = $(SW_LIBS)
tests_fuzz_replay_logs_SOURCES = tests/fuzz/fuzz-logs.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_logs_LDADD = $(SW_LIBS)
tests_fuzz_replay_textwidth_SOURCES = tests/fuzz/fuzz-textwidth.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_textwidth_LDADD = $(SW_LIBS)
tests_fuzz_replay_shquote_SOURCES = tests/fuzz/fuzz-shquote.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_shquote_LDADD = $(SW_LIBS)
tests_fuzz_replay_authkeys_SOURCES = tests/fuzz/fuzz-authkeys.c tests/fuzz/replay.c $(FUZZ_COMMON)
tests_fuzz_replay_authkeys_LDADD = $(SW_LIBS)
if FUZZ
FUZZ_BINS = tests/fuzz/fuzz-tree \
	tests/fuzz/fuzz-hostread \
	tests/fuzz/fuzz-logmatch \
	tests/fuzz/fuzz-banner \
	tests/fuzz/fuzz-knownhosts \
	tests/fuzz/fuzz-sshg \
	tests/fuzz/fuzz-iptables \
	tests/fuzz/fuzz-nft \
	tests/fuzz/fuzz-firewalld \
	tests/fuzz/fuzz-ufw \
	tests/fuzz/fuzz-listeners \
	tests/fuzz/fuzz-sshd \
	tests/fuzz/fuzz-wrappers \
	tests/fuzz/fuzz-logs \
	tests/fuzz/fuzz-textwidth \
	tests/fuzz/fuzz-shquote \
	tests/fuzz/fuzz-authkeys
noinst_PROGRAMS += $(FUZZ_BINS)
tests_fuzz_fuzz_tree_SOURCES = tests/fuzz/fuzz-tree.c $(FUZZ_COMMON)
tests_fuzz_fuzz_tree_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_tree_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_hostread_SOURCES = tests/fuzz/fuzz-hostread.c $(FUZZ_COMMON)
tests_fuzz_fuzz_hostread_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_hostread_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_logmatch_SOURCES = tests/fuzz/fuzz-logmatch.c $(FUZZ_COMMON)
tests_fuzz_fuzz_logmatch_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_logmatch_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_banner_SOURCES = tests/fuzz/fuzz-banner.c $(FUZZ_COMMON)
tests_fuzz_fuzz_banner_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_banner_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_knownhosts_SOURCES = tests/fuzz/fuzz-knownhosts.c $(FUZZ_COMMON)
tests_fuzz_fuzz_knownhosts_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_knownhosts_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_sshg_SOURCES = tests/fuzz/fuzz-sshg.c $(FUZZ_COMMON)
tests_fuzz_fuzz_sshg_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_sshg_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_iptables_SOURCES = tests/fuzz/fuzz-iptables.c $(FUZZ_COMMON)
tests_fuzz_fuzz_iptables_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_iptables_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_nft_SOURCES = tests/fuzz/fuzz-nft.c $(FUZZ_COMMON)
tests_fuzz_fuzz_nft_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_nft_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_firewalld_SOURCES = tests/fuzz/fuzz-firewalld.c $(FUZZ_COMMON)
tests_fuzz_fuzz_firewalld_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_firewalld_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ufw_SOURCES = tests/fuzz/fuzz-ufw.c $(FUZZ_COMMON)
tests_fuzz_fuzz_ufw_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_ufw_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_listeners_SOURCES = tests/fuzz/fuzz-listeners.c $(FUZZ_COMMON)
tests_fuzz_fuzz_listeners_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_listeners_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_sshd_SOURCES = tests/fuzz/fuzz-sshd.c $(FUZZ_COMMON)
tests_fuzz_fuzz_sshd_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_sshd_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_wrappers_SOURCES = tests/fuzz/fuzz-wrappers.c $(FUZZ_COMMON)
tests_fuzz_fuzz_wrappers_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_wrappers_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_logs_SOURCES = tests/fuzz/fuzz-logs.c $(FUZZ_COMMON)
tests_fuzz_fuzz_logs_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_logs_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_textwidth_SOURCES = tests/fuzz/fuzz-textwidth.c $(FUZZ_COMMON)
tests_fuzz_fuzz_textwidth_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_textwidth_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_shquote_SOURCES = tests/fuzz/fuzz-shquote.c $(FUZZ_COMMON)
tests_fuzz_fuzz_shquote_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_shquote_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_authkeys_SOURCES = tests/fuzz/fuzz-authkeys.c $(FUZZ_COMMON)
tests_fuzz_fuzz_authkeys_LDADD = $(SW_LIBS)
tests_fuzz_fuzz_authkeys_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
endif
