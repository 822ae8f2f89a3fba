## Shell completion driven without a terminal.
COMPLETION_TESTS = tests/completion/bash-completion.sh \
	tests/completion/zsh-completion.sh
TESTS += $(COMPLETION_TESTS)
EXTRA_DIST += $(COMPLETION_TESTS)
