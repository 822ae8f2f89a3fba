## SSH-level scenarios: each builds one banner, key exchange, host key or
## login fault in the lab (tests/lab) with a real sshd or the fake server,
## runs sshwizard --batch in the client namespace and checks the verdict and
## its key evidence.  Root only; they skip (77) with a reason elsewhere.
SSH_SCENARIOS = \
	tests/scenarios/ssh/ok-password.sh \
	tests/scenarios/ssh/ok-key.sh \
	tests/scenarios/ssh/witness.sh \
	tests/scenarios/ssh/jump-healthy.sh \
	tests/scenarios/ssh/proxy-command.sh \
	tests/scenarios/ssh/jump-target-refused.sh \
	tests/scenarios/ssh/jump-prohibited.sh \
	tests/scenarios/ssh/jump-host-refused.sh \
	tests/scenarios/ssh/jump-target-silent.sh \
	tests/scenarios/ssh/ssh-g-count.sh \
	tests/scenarios/ssh/banner-closed.sh \
	tests/scenarios/ssh/banner-silent.sh \
	tests/scenarios/ssh/banner-slow.sh \
	tests/scenarios/ssh/banner-http.sh \
	tests/scenarios/ssh/banner-endless.sh \
	tests/scenarios/ssh/banner-junk.sh \
	tests/scenarios/ssh/banner-prelines.sh \
	tests/scenarios/ssh/reset.sh \
	tests/scenarios/ssh/kex-no-common.sh \
	tests/scenarios/ssh/kex-libssh-only.sh \
	tests/scenarios/ssh/hostkey-changed.sh \
	tests/scenarios/ssh/hostkey-changed-hashed.sh \
	tests/scenarios/ssh/hostkey-type-change.sh \
	tests/scenarios/ssh/hostkey-unknown.sh \
	tests/scenarios/ssh/hostkey-cert.sh \
	tests/scenarios/ssh/auth-wrong-password.sh \
	tests/scenarios/ssh/auth-password-disabled.sh \
	tests/scenarios/ssh/auth-key-rejected.sh \
	tests/scenarios/ssh/auth-too-many-keys.sh \
	tests/scenarios/ssh/auth-no-credentials.sh \
	tests/scenarios/ssh/auth-two-steps.sh \
	tests/scenarios/ssh/auth-kbdint.sh \
	tests/scenarios/ssh/auth-key-perms.sh \
	tests/scenarios/ssh/auth-key-format.sh \
	tests/scenarios/ssh/auth-key-passphrase.sh \
	tests/scenarios/ssh/auth-key-missing.sh \
	tests/scenarios/ssh/auth-cert.sh \
	tests/scenarios/ssh/auth-agent-cert.sh \
	tests/scenarios/ssh/auth-agent-stale.sh \
	tests/scenarios/ssh/session-nologin.sh \
	tests/scenarios/ssh/session-failed.sh \
	tests/scenarios/ssh/auth-endless-banners.sh \
	tests/scenarios/ssh/auth-huge-packet.sh
TESTS += $(SSH_SCENARIOS)
EXTRA_DIST += tests/scenarios/ssh/ssh-lib.sh $(SSH_SCENARIOS)
