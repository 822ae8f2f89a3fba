## Server-side scenarios: each builds one fault on the lab's server (its
## sshd, firewall, access rules, load) and checks that --server, run in the
## server namespace, or --via, run from the client over a port that still
## works, diagnoses it, with its evidence.  Root only; they skip (77) with a
## reason elsewhere.
SERVER_SCENARIOS = \
	tests/scenarios/server/daemon-not-running.sh \
	tests/scenarios/server/daemon-not-installed.sh \
	tests/scenarios/server/listen-other-port.sh \
	tests/scenarios/server/listen-loopback.sh \
	tests/scenarios/server/config-invalid.sh \
	tests/scenarios/server/iptables-reject.sh \
	tests/scenarios/server/iptables-drop.sh \
	tests/scenarios/server/nft-drop.sh \
	tests/scenarios/server/firewalld-allowlist.sh \
	tests/scenarios/server/firewalld-reload.sh \
	tests/scenarios/server/hosts-deny.sh \
	tests/scenarios/server/ban-denyhosts.sh \
	tests/scenarios/server/ban-fail2ban.sh \
	tests/scenarios/server/overloaded.sh \
	tests/scenarios/server/healthy.sh \
	tests/scenarios/server/via-custom-port.sh \
	tests/scenarios/server/via-no-root.sh \
	tests/scenarios/server/login-file-modes.sh \
	tests/scenarios/server/login-not-allowed.sh \
	tests/scenarios/server/login-config-line.sh \
	tests/scenarios/server/via-login-denied.sh \
	tests/scenarios/server/login-key-not-authorized.sh \
	tests/scenarios/server/login-key-from.sh \
	tests/scenarios/server/login-key-expired.sh \
	tests/scenarios/server/via-key-type-rejected.sh \
	tests/scenarios/server/login-shell-home.sh \
	tests/scenarios/server/disk-full.sh \
	tests/scenarios/server/local-target.sh
TESTS += $(SERVER_SCENARIOS)
EXTRA_DIST += tests/scenarios/server/server-lib.sh $(SERVER_SCENARIOS) \
	tests/scenarios/server/fake/firewalld/firewall-cmd \
	tests/scenarios/server/fake/fail2ban/fail2ban-client \
	tests/data/server
