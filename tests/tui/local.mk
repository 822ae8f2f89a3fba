## Screen tests: the real binary in a private tmux at a fixed size, driven
## with send-keys and checked with capture-pane (tests/tui/tui-lib.sh).
TUI_TESTS = \
	tests/tui/help.sh \
	tests/tui/target.sh \
	tests/tui/target-words.sh \
	tests/tui/fromlog.sh \
	tests/tui/refused.sh \
	tests/tui/question.sh \
	tests/tui/back.sh \
	tests/tui/lang.sh \
	tests/tui/resize.sh \
	tests/tui/copy.sh \
	tests/tui/nocolor.sh \
	tests/tui/signals.sh \
	tests/tui/quit-running.sh \
	tests/tui/healthy.sh \
	tests/tui/jump.sh \
	tests/tui/local-target.sh \
	tests/tui/server.sh \
	tests/tui/via.sh \
	tests/tui/via-key.sh \
	tests/tui/login-consent.sh \
	tests/tui/golden.sh \
	tests/tui/keys.sh \
	tests/tui/grace.sh \
	tests/tui/passphrase.sh \
	tests/tui/bad-target.sh
TESTS += $(TUI_TESTS)
EXTRA_DIST += $(TUI_TESTS) tests/tui/tui-lib.sh tests/tui/trees \
	tests/tui/screenshots.sh tests/tui/ansi2png.py tests/tui/screens
