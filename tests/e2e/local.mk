## End-to-end tests of the real binary on loopback.
TESTS += \
	tests/e2e/validate-shipped.sh \
	tests/e2e/batch-refused.sh \
	tests/e2e/bad-input.sh
EXTRA_DIST += tests/e2e/common.sh tests/e2e/validate-shipped.sh \
	tests/e2e/batch-refused.sh tests/e2e/bad-input.sh
