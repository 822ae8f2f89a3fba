## Network scenarios: each builds one client-side network fault in the lab
## (tests/lab) and checks the verdict and its key evidence.  Root only; they
## skip (77) with a reason elsewhere.
NET_SCENARIOS = \
	tests/scenarios/net/nxdomain.sh \
	tests/scenarios/net/dns-dead.sh \
	tests/scenarios/net/no-route.sh \
	tests/scenarios/net/route-blocked.sh \
	tests/scenarios/net/vpn-down.sh \
	tests/scenarios/net/vpn-admin-down.sh \
	tests/scenarios/net/link-down.sh \
	tests/scenarios/net/not-listening.sh \
	tests/scenarios/net/wrong-port.sh \
	tests/scenarios/net/reject.sh \
	tests/scenarios/net/host-prohibited.sh \
	tests/scenarios/net/drop.sh \
	tests/scenarios/net/custom-port-dropped.sh \
	tests/scenarios/net/from-log.sh \
	tests/scenarios/net/client-config.sh
TESTS += $(NET_SCENARIOS)
EXTRA_DIST += tests/scenarios/scen-lib.sh tests/scenarios/net/net-lib.sh \
	$(NET_SCENARIOS)
