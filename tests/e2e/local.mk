## End-to-end tests of the real binary on loopback.
E2E_TESTS = \
	tests/e2e/validate-shipped.sh \
	tests/e2e/batch-refused.sh \
	tests/e2e/bad-input.sh \
	tests/e2e/report-html.sh \
	tests/e2e/tree-compiled.sh \
	tests/e2e/potfiles.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += tests/e2e/common.sh $(E2E_TESTS)
