/* The firewall evaluators on recorded output (tests/data/server) and on
 * small rule sets written here: iptables-save, nft -j, firewall-cmd, ufw. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>

#include "unit.h"
#include "probes/server_fw.h"

/* The recorded file name under tests/data/server, read whole.  Caller
 * frees. */
static char *
data(const char *name)
{
	char *path = xasprintf("%s/tests/data/server/%s", unit_srcdir(), name);
	FILE *f = fopen(path, "r");
	sbuf b = { 0 };
	char buf[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_addn(&b, buf, n);
	fclose(f);
	free(path);
	return sbuf_steal(&b);
}

static fw_query
query(const char *src, int port)
{
	fw_query q;

	memset(&q, 0, sizeof(q));
	q.family = src != NULL && strchr(src, ':') != NULL ? AF_INET6 : AF_INET;
	q.src = src;
	q.dport = port;
	q.iface = "eth0";
	return q;
}

/* ---- iptables ---- */

static void
test_ipt_recorded(void **state)
{
	char *text = data("iptables-save-policy-drop.txt");
	fw_query q;
	fw_result r;

	(void)state;
	assert_true(fw_iptables_is_nft(text));
	/* 22 from anywhere: the commented rule. */
	q = query("198.51.100.1", 22);
	assert_int_equal(fw_iptables_eval(text, &q, &r), 0);
	assert_int_equal(r.action, FW_ACCEPT);
	assert_string_equal(r.rule, "-A INPUT -p tcp -m tcp --dport 22 -m "
	    "comment --comment \"ssh from anywhere\" -j ACCEPT");
	fw_result_clear(&r);
	/* The fail2ban chain rejects its banned address. */
	q = query("203.0.113.77", 22);
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	assert_string_equal(r.owner, "fail2ban");
	assert_string_equal(r.where, "filter f2b-sshd");
	fw_result_clear(&r);
	/* 2222 only from 10/8; others fall to the DROP policy. */
	q = query("10.1.2.3", 2222);
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	fw_result_clear(&r);
	q = query("198.51.100.1", 2222);
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_DROP);
	assert_true(r.by_policy);
	assert_string_equal(r.rule, ":INPUT DROP [0:0]");
	fw_result_clear(&r);
	/* 10022: a rate limit may drop before the accept: unknown. */
	q = query("198.51.100.1", 10022);
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_UNKNOWN);
	assert_non_null(strstr(r.rule, "-m recent"));
	assert_non_null(strstr(r.note, "may drop"));
	fw_result_clear(&r);
	/* 8022: rejected with a reset. */
	q = query(NULL, 8022);
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	fw_result_clear(&r);
	free(text);
}

static void
test_ipt_small(void **state)
{
	static const struct {
		const char *rules;
		const char *src;
		const char *iface;
		int port;
		fw_action want;
	} cases[] = {
		/* empty: nothing filters */
		{ "", "192.0.2.1", NULL, 22, FW_ACCEPT },
		{ "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", "192.0.2.1", NULL,
		  22, FW_ACCEPT },
		/* negated source */
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ! -s 10.0.0.0/8 -p tcp "
		  "--dport 22 -j DROP\nCOMMIT\n", "192.0.2.1", NULL, 22, FW_DROP },
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ! -s 10.0.0.0/8 -p tcp "
		  "--dport 22 -j DROP\nCOMMIT\n", "10.9.9.9", NULL, 22, FW_ACCEPT },
		/* a user chain that returns, then the policy */
		{ "*filter\n:INPUT DROP [0:0]\n:allow - [0:0]\n-A INPUT -j allow\n"
		  "-A allow -p tcp --dport 80 -j ACCEPT\n-A allow -j RETURN\n"
		  "COMMIT\n", "192.0.2.1", NULL, 22, FW_DROP },
		/* --syn and --tcp-flags */
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --syn --dport 22 "
		  "-j REJECT\nCOMMIT\n", "192.0.2.1", NULL, 22, FW_REJECT },
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --tcp-flags "
		  "SYN,ACK ACK --dport 22 -j DROP\nCOMMIT\n", "192.0.2.1", NULL, 22,
		  FW_ACCEPT },
		/* udp and icmp rules never touch a TCP SYN */
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp --dport 22 -j "
		  "DROP\n-A INPUT -p icmp -j DROP\nCOMMIT\n", "192.0.2.1", NULL, 22,
		  FW_ACCEPT },
		/* an interface the check knows */
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -i eth0 -p tcp --dport 22 "
		  "-j ACCEPT\nCOMMIT\n", "192.0.2.1", "eth0", 22, FW_ACCEPT },
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -i eth+ -p tcp --dport 22 "
		  "-j ACCEPT\nCOMMIT\n", "192.0.2.1", "eth1", 22, FW_ACCEPT },
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -i wg0 -p tcp --dport 22 "
		  "-j ACCEPT\nCOMMIT\n", "192.0.2.1", "eth0", 22, FW_DROP },
		/* ... and one it does not: unknown, never accept */
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -i eth0 -p tcp --dport 22 "
		  "-j ACCEPT\nCOMMIT\n", "192.0.2.1", NULL, 22, FW_UNKNOWN },
		/* lo rules never match a remote client */
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n",
		  "192.0.2.1", NULL, 22, FW_DROP },
		/* multiport ranges, states */
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m multiport "
		  "--dports 21,10000:10100 -m state --state NEW -j ACCEPT\nCOMMIT\n",
		  "192.0.2.1", NULL, 10022, FW_ACCEPT },
		{ "*filter\n:INPUT DROP [0:0]\n-A INPUT -m state --state "
		  "ESTABLISHED -j ACCEPT\nCOMMIT\n", "192.0.2.1", NULL, 22,
		  FW_DROP },
		/* a drop in raw PREROUTING wins over filter's accept */
		{ "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 22 "
		  "-j DROP\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp "
		  "--dport 22 -j ACCEPT\nCOMMIT\n", "192.0.2.1", NULL, 22, FW_DROP },
		/* unknown client against a source rule: unknown */
		{ "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 192.0.2.0/24 -j DROP\n"
		  "COMMIT\n", NULL, NULL, 22, FW_UNKNOWN },
		/* LOG is passive; goto returns to the caller's caller */
		{ "*filter\n:INPUT ACCEPT [0:0]\n:a - [0:0]\n-A INPUT -j LOG\n"
		  "-A INPUT -g a\n-A INPUT -j DROP\n-A a -p udp -j ACCEPT\nCOMMIT\n",
		  "192.0.2.1", NULL, 22, FW_ACCEPT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fw_query q = query(cases[i].src, cases[i].port);
		fw_result r;

		q.iface = cases[i].iface;
		assert_int_equal(fw_iptables_eval(cases[i].rules, &q, &r), 0);
		if (r.action != cases[i].want)
			fail_msg("case %zu: %s, want %s", i,
			    fw_action_name(r.action),
			    fw_action_name(cases[i].want));
		fw_result_clear(&r);
	}
}

static void
test_ip6t_recorded(void **state)
{
	char *text = data("ip6tables-save-drop.txt");
	fw_query q = query("2001:db8::1", 10022);
	fw_result r;

	(void)state;
	assert_false(fw_iptables_is_nft(text));
	fw_iptables_eval(text, &q, &r);
	assert_int_equal(r.action, FW_DROP);
	assert_string_equal(r.rule, "-A INPUT -p tcp -m tcp --dport 10022 -j DROP");
	fw_result_clear(&r);
	free(text);
}

/* ---- nftables ---- */

static void
test_nft_recorded(void **state)
{
	char *json = data("nft-policy-drop.json");
	char *text = data("nft-policy-drop.txt");
	fw_query q;
	fw_result r;

	(void)state;
	q = query("198.51.100.1", 22);
	assert_int_equal(fw_nft_eval(json, text, NULL, &q, &r), 0);
	assert_int_equal(r.action, FW_ACCEPT);
	assert_string_equal(r.rule, "tcp dport 22 accept");
	fw_result_clear(&r);
	/* The named set lets 198.51.100.7 in on 10022, not .1. */
	q = query("198.51.100.7", 10022);
	fw_nft_eval(json, text, NULL, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	assert_string_equal(r.rule, "ip saddr @ssh_admins tcp dport 10022 accept");
	fw_result_clear(&r);
	q = query("192.0.2.200", 10022);
	fw_nft_eval(json, text, NULL, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	fw_result_clear(&r);
	q = query("198.51.100.1", 10022);
	fw_nft_eval(json, text, NULL, &q, &r);
	assert_int_equal(r.action, FW_DROP);
	assert_true(r.by_policy);
	assert_string_equal(r.rule, "policy drop");
	assert_string_equal(r.where, "inet filter input");
	fw_result_clear(&r);
	/* A limit may stop matching: unknown. */
	q = query("198.51.100.1", 2222);
	fw_nft_eval(json, text, NULL, &q, &r);
	assert_int_equal(r.action, FW_UNKNOWN);
	assert_string_equal(r.rule, "tcp dport 2222 limit rate 3/minute accept");
	fw_result_clear(&r);
	q = query("198.51.100.1", 8022);
	fw_nft_eval(json, text, NULL, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	fw_result_clear(&r);
	/* Skipping the table leaves only iptables-nft's empty chains. */
	{
		static const char *const skip[] = { "inet filter", NULL };

		q = query("198.51.100.1", 10022);
		fw_nft_eval(json, text, skip, &q, &r);
		assert_int_equal(r.action, FW_ACCEPT);
		fw_result_clear(&r);
	}
	/* Not JSON at all. */
	assert_int_equal(fw_nft_eval("Error: nope", NULL, NULL, &q, &r), -1);
	assert_int_equal(r.status, FW_ST_UNREADABLE);
	fw_result_clear(&r);
	free(json);
	free(text);
}

static void
test_nft_small(void **state)
{
	/* A firewalld-like structure: jump, goto, a final reject. */
	static const char *json =
	    "{\"nftables\": ["
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"fw\", \"name\": "
	    "\"in\", \"type\": \"filter\", \"hook\": \"input\", \"prio\": 10, "
	    "\"policy\": \"accept\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"fw\", \"name\": "
	    "\"zones\"}},"
	    "{\"chain\": {\"family\": \"inet\", \"table\": \"fw\", \"name\": "
	    "\"pub\"}},"
	    "{\"rule\": {\"family\": \"inet\", \"table\": \"fw\", \"chain\": \"in\","
	    " \"handle\": 5, \"expr\": [{\"match\": {\"op\": \"in\", \"left\": "
	    "{\"ct\": {\"key\": \"state\"}}, \"right\": [\"established\", "
	    "\"related\"]}}, {\"accept\": null}]}},"
	    "{\"rule\": {\"family\": \"inet\", \"table\": \"fw\", \"chain\": \"in\","
	    " \"handle\": 6, \"expr\": [{\"jump\": {\"target\": \"zones\"}}]}},"
	    "{\"rule\": {\"family\": \"inet\", \"table\": \"fw\", \"chain\": \"in\","
	    " \"handle\": 7, \"expr\": [{\"reject\": {\"type\": \"icmpx\", "
	    "\"expr\": \"admin-prohibited\"}}]}},"
	    "{\"rule\": {\"family\": \"inet\", \"table\": \"fw\", \"chain\": "
	    "\"zones\", \"handle\": 8, \"expr\": [{\"goto\": {\"target\": "
	    "\"pub\"}}]}},"
	    "{\"rule\": {\"family\": \"inet\", \"table\": \"fw\", \"chain\": \"pub\","
	    " \"handle\": 9, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
	    "{\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, "
	    "\"right\": {\"set\": [22, {\"range\": [8000, 8099]}]}}}, "
	    "{\"accept\": null}]}},"
	    "{\"chain\": {\"family\": \"ip\", \"table\": \"raw\", \"name\": \"pre\","
	    " \"type\": \"filter\", \"hook\": \"prerouting\", \"prio\": -300, "
	    "\"policy\": \"accept\"}},"
	    "{\"rule\": {\"family\": \"ip\", \"table\": \"raw\", \"chain\": \"pre\","
	    " \"handle\": 2, \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
	    "{\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, "
	    "\"right\": {\"prefix\": {\"addr\": \"203.0.113.0\", \"len\": 24}}}}, "
	    "{\"counter\": {\"packets\": 0, \"bytes\": 0}}, {\"drop\": null}]}}"
	    "]}";
	static const struct {
		const char *src;
		int port;
		fw_action want;
		const char *rule;
	} cases[] = {
		{ "192.0.2.1", 22, FW_ACCEPT, "rule handle 9" },
		{ "192.0.2.1", 8050, FW_ACCEPT, "rule handle 9" },
		{ "192.0.2.1", 10022, FW_REJECT, "rule handle 7" },
		{ "203.0.113.5", 22, FW_DROP, "rule handle 2" },
		/* IPv6: the ip family's raw chain does not apply */
		{ "2001:db8::5", 22, FW_ACCEPT, "rule handle 9" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fw_query q = query(cases[i].src, cases[i].port);
		fw_result r;

		assert_int_equal(fw_nft_eval(json, NULL, NULL, &q, &r), 0);
		if (r.action != cases[i].want)
			fail_msg("case %zu: %s", i, fw_action_name(r.action));
		assert_string_equal(r.rule, cases[i].rule);
		fw_result_clear(&r);
	}
}

/* ---- firewalld ---- */

static void
test_firewalld(void **state)
{
	char *ssh_only = data("firewalld-zones-ssh-only.txt");
	char *added = data("firewalld-zones-port-added.txt");
	char *rich = data("firewalld-zones-rich-reject.txt");
	char *dhcp = data("firewalld-service-dhcpv6-client.txt");
	const char *services[] = { "dhcpv6-client", dhcp, NULL };
	char **names = NULL;
	fw_query q;
	fw_result r;

	(void)state;
	assert_int_equal(fw_firewalld_services(ssh_only, &names), 2);
	assert_string_equal(names[0], "dhcpv6-client");
	assert_string_equal(names[1], "ssh");
	free(names[0]);
	free(names[1]);
	free(names);

	/* Only ssh: 22 passes, 10022 meets the default target (reject). */
	q = query("198.51.100.1", 22);
	q.iface = NULL;
	fw_firewalld_eval(ssh_only, ssh_only, "public", services, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	fw_result_clear(&r);
	q = query("198.51.100.1", 10022);
	q.iface = NULL;
	fw_firewalld_eval(ssh_only, ssh_only, "public", services, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	assert_true(r.by_policy);
	assert_string_equal(r.where, "zone public (the default zone)");
	assert_string_equal(r.rule, "services: dhcpv6-client ssh; ports: "
	    "(none); target: default");
	assert_int_equal(r.persist, FW_PERSIST_SAME);
	fw_result_clear(&r);
	/* --permanent without --reload. */
	fw_firewalld_eval(ssh_only, added, "public", services, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	assert_int_equal(r.persist, FW_PERSIST_NOT_RELOADED);
	fw_result_clear(&r);
	/* Without --permanent. */
	fw_firewalld_eval(added, ssh_only, "public", services, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	assert_int_equal(r.persist, FW_PERSIST_RUNTIME_ONLY);
	assert_string_equal(r.rule, "ports: 10022/tcp");
	fw_result_clear(&r);
	/* A rich rule rejecting the client's network comes first... */
	fw_firewalld_eval(rich, rich, "public", services, &q, &r);
	assert_int_equal(r.action, FW_REJECT);
	assert_non_null(strstr(r.rule, "source address=\"198.51.100.0/24\""));
	fw_result_clear(&r);
	/* ... for that network only. */
	q = query("192.0.2.9", 10022);
	fw_firewalld_eval(rich, rich, "public", services, &q, &r);
	assert_int_equal(r.action, FW_ACCEPT);
	fw_result_clear(&r);
	/* The zone of an interface; the default zone named by the header. */
	q = query("192.0.2.9", 10022);
	q.iface = "eth0";
	fw_firewalld_eval(ssh_only, NULL, NULL, services, &q, &r);
	assert_string_equal(r.where, "zone public (by the interface)");
	fw_result_clear(&r);
	q.iface = "wlan0";
	fw_firewalld_eval(ssh_only, NULL, NULL, services, &q, &r);
	assert_string_equal(r.where, "zone public (the default zone)");
	fw_result_clear(&r);
	/* A zone by source, with a target of DROP. */
	{
		const char *zones = "drop\n  target: DROP\n  sources: "
		    "198.51.100.0/24\n  services: \n  ports: \n\npublic (default, "
		    "active)\n  target: default\n  services: ssh\n  ports: \n";

		q = query("198.51.100.1", 22);
		fw_firewalld_eval(zones, zones, NULL, NULL, &q, &r);
		assert_int_equal(r.action, FW_DROP);
		assert_string_equal(r.where, "zone drop (by the client's address)");
		fw_result_clear(&r);
		/* An unknown service's ports: unknown, not reject. */
		zones = "public (default, active)\n  target: default\n  "
		    "services: ssh-custom\n  ports: \n";
		q = query("198.51.100.1", 10022);
		fw_firewalld_eval(zones, zones, NULL, NULL, &q, &r);
		assert_int_equal(r.action, FW_UNKNOWN);
		fw_result_clear(&r);
		services[0] = "ssh-custom";
		services[1] = "ssh-custom\n  ports: 10022/tcp\n";
		fw_firewalld_eval(zones, zones, NULL, services, &q, &r);
		assert_int_equal(r.action, FW_ACCEPT);
		fw_result_clear(&r);
	}
	assert_int_equal(fw_firewalld_eval("", NULL, NULL, NULL, &q, &r), -1);
	fw_result_clear(&r);
	free(ssh_only);
	free(added);
	free(rich);
	free(dhcp);
}

/* ---- Linear evaluation ---- */

#define FAN 8		/* jumps per chain */
#define LEVELS 16	/* chains deep */

/* Each chain jumps FAN times to the next, none decides: without memoising a
 * chain's outcome that is FAN^LEVELS rule visits (the fuzz campaign's 929
 * byte iptables-save took seconds); with it each rule is judged once. */
static void
test_ipt_fanout(void **state)
{
	sbuf b = { 0 };
	fw_result r;
	fw_query q = query("198.51.100.1", 22);
	unsigned long rules = 0;
	int i, k;

	(void)state;
	sbuf_add(&b, "*filter\n:INPUT DROP [0:0]\n");
	for (i = 0; i <= LEVELS; i++)
		sbuf_addf(&b, ":C%d - [0:0]\n", i);
	sbuf_add(&b, "-A INPUT -p tcp -j C0\n");
	rules++;
	for (i = 0; i < LEVELS; i++)
		for (k = 0; k < FAN; k++, rules++)
			sbuf_addf(&b, "-A C%d -p tcp -j C%d\n", i, i + 1);
	sbuf_addf(&b, "-A C%d -p udp -j ACCEPT\nCOMMIT\n", LEVELS);
	rules++;
	assert_int_equal(fw_iptables_eval(b.s, &q, &r), 0);
	assert_int_equal(r.action, FW_DROP);
	assert_true(r.by_policy);
	if (r.rules_judged > rules)
		fail_msg("%lu rules judged for %lu rules", r.rules_judged, rules);
	assert_true(r.rules_judged >= LEVELS);
	fw_result_clear(&r);
	sbuf_free(&b);
}

static void
test_nft_fanout(void **state)
{
	sbuf b = { 0 };
	fw_result r;
	fw_query q = query("198.51.100.1", 22);
	unsigned long rules = 0;
	int i, k;

	(void)state;
	sbuf_add(&b, "{\"nftables\": [{\"table\": {\"family\": \"inet\", "
	    "\"name\": \"t\"}}, {\"chain\": {\"family\": \"inet\", \"table\": "
	    "\"t\", \"name\": \"input\", \"type\": \"filter\", \"hook\": "
	    "\"input\", \"prio\": 0, \"policy\": \"drop\"}}");
	for (i = 0; i <= LEVELS; i++)
		sbuf_addf(&b, ", {\"chain\": {\"family\": \"inet\", \"table\": "
		    "\"t\", \"name\": \"c%d\"}}", i);
	sbuf_add(&b, ", {\"rule\": {\"family\": \"inet\", \"table\": \"t\", "
	    "\"chain\": \"input\", \"expr\": [{\"jump\": {\"target\": "
	    "\"c0\"}}]}}");
	rules++;
	for (i = 0; i < LEVELS; i++)
		for (k = 0; k < FAN; k++, rules++)
			sbuf_addf(&b, ", {\"rule\": {\"family\": \"inet\", "
			    "\"table\": \"t\", \"chain\": \"c%d\", \"expr\": "
			    "[{\"jump\": {\"target\": \"c%d\"}}]}}", i, i + 1);
	sbuf_add(&b, "]}");
	assert_int_equal(fw_nft_eval(b.s, NULL, NULL, &q, &r), 0);
	assert_int_equal(r.action, FW_DROP);
	assert_true(r.by_policy);
	if (r.rules_judged > rules)
		fail_msg("%lu rules judged for %lu rules", r.rules_judged, rules);
	assert_true(r.rules_judged >= LEVELS);
	fw_result_clear(&r);
	sbuf_free(&b);
}

/* ---- ufw ---- */

static void
test_ufw(void **state)
{
	static const char *status =
	    "Status: active\n"
	    "Logging: on (low)\n"
	    "Default: deny (incoming), allow (outgoing), disabled (routed)\n"
	    "New profiles: skip\n"
	    "\n"
	    "To                         Action      From\n"
	    "--                         ------      ----\n"
	    "22/tcp                     ALLOW IN    Anywhere\n"
	    "10022/tcp                  DENY IN     203.0.113.0/24\n"
	    "10022/tcp                  LIMIT IN    Anywhere                   # ssh\n"
	    "2222                       REJECT IN   Anywhere\n"
	    "8000:8100/tcp on wg0       ALLOW IN    Anywhere\n"
	    "OpenSSH                    ALLOW IN    192.0.2.0/24\n"
	    "22/tcp (v6)                ALLOW IN    Anywhere (v6)\n";
	static const struct {
		const char *src;
		const char *iface;
		int port;
		fw_action want;
	} cases[] = {
		{ "198.51.100.1", NULL, 22, FW_ACCEPT },
		{ "203.0.113.9", NULL, 10022, FW_DROP },
		{ "198.51.100.1", NULL, 10022, FW_ACCEPT },
		{ "198.51.100.1", NULL, 2222, FW_REJECT },
		{ "198.51.100.1", "wg0", 8050, FW_ACCEPT },
		{ "198.51.100.1", "eth0", 8050, FW_DROP },
		{ "198.51.100.1", NULL, 8050, FW_UNKNOWN },
		{ "198.51.100.1", NULL, 3000, FW_DROP },
		{ "2001:db8::1", NULL, 22, FW_ACCEPT },
		{ "2001:db8::1", NULL, 10022, FW_DROP },
	};
	size_t i;
	fw_result r;
	fw_query q;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q = query(cases[i].src, cases[i].port);
		q.iface = cases[i].iface;
		assert_int_equal(fw_ufw_eval(status, &q, &r), 0);
		if (r.action != cases[i].want)
			fail_msg("case %zu: %s", i, fw_action_name(r.action));
		fw_result_clear(&r);
	}
	q = query("198.51.100.1", 10022);
	fw_ufw_eval(status, &q, &r);
	assert_non_null(strstr(r.rule, "LIMIT IN"));
	assert_non_null(r.note);
	fw_result_clear(&r);
	q = query("198.51.100.1", 3000);
	fw_ufw_eval(status, &q, &r);
	assert_true(r.by_policy);
	assert_string_equal(r.rule, "Default: deny (incoming)");
	fw_result_clear(&r);
	assert_int_equal(fw_ufw_eval("Status: inactive\n", &q, &r), 0);
	assert_int_equal(r.status, FW_ST_ABSENT);
	fw_result_clear(&r);
	/* "inactive" after a rule that might match: nothing leaks (run under
	 * ASan or valgrind). */
	q = query("198.51.100.1", 8050);
	q.iface = NULL;
	assert_int_equal(fw_ufw_eval("Status: active\n"
	    "--                         ------      ----\n"
	    "8000:8100/tcp on wg0       ALLOW IN    Anywhere\n"
	    "Status: inactive\n", &q, &r), 0);
	assert_int_equal(r.status, FW_ST_ABSENT);
	fw_result_clear(&r);
	assert_int_equal(fw_ufw_eval("ERROR: You need to be root to run this "
	    "script\n", &q, &r), -1);
	fw_result_clear(&r);
}

static void
test_addr_match(void **state)
{
	(void)state;
	assert_int_equal(fw_addr_match("10.1.2.3", "10.0.0.0/8"), FW_YES);
	assert_int_equal(fw_addr_match("11.1.2.3", "10.0.0.0/8"), FW_NO);
	assert_int_equal(fw_addr_match("10.1.2.3", "10.1.2.3/32"), FW_YES);
	assert_int_equal(fw_addr_match("10.1.2.3", "10.0.0.0/255.0.0.0"),
	    FW_YES);
	assert_int_equal(fw_addr_match("2001:db8::1", "2001:db8::/32"), FW_YES);
	assert_int_equal(fw_addr_match("2001:db9::1", "2001:db8::/32"), FW_NO);
	assert_int_equal(fw_addr_match("10.1.2.3", "2001:db8::/32"), FW_NO);
	assert_int_equal(fw_addr_match(NULL, "10.0.0.0/8"), FW_MAYBE);
	assert_int_equal(fw_addr_match(NULL, "0.0.0.0/0"), FW_YES);
	assert_int_equal(fw_addr_match("10.1.2.3", "host.example"), FW_MAYBE);
}

/* The exact fix: the deciding iptables rule deleted word for word (a
 * hostile comment stays one quoted word), a policy answered with an
 * accepting rule first, an nft rule deleted by handle; none for a ban
 * tool's rule, an accept, or another tool. */
static void
test_fix_cmd(void **state)
{
	fw_result r;
	char *c;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.action = FW_DROP;
	r.where = "filter INPUT";
	r.rule = "-A INPUT -p tcp -m comment --comment \"x $(id) \\\"q\\\"\" "
	    "--dport 22 -j DROP";
	c = fw_fix_cmd("iptables", &r, 22);
	assert_string_equal(c, "sudo iptables -t filter -D INPUT -p tcp -m "
	    "comment --comment 'x $(id) \"q\"' --dport 22 -j DROP");
	free(c);
	r.rule = "-A INPUT --comment \"open";
	assert_null(fw_fix_cmd("iptables", &r, 22));
	r.rule = ":INPUT DROP [0:0]";
	assert_null(fw_fix_cmd("iptables", &r, 22));
	r.by_policy = 1;
	c = fw_fix_cmd("ip6tables", &r, 2222);
	assert_string_equal(c, "sudo ip6tables -t filter -I INPUT -p tcp "
	    "--dport 2222 -j ACCEPT");
	free(c);
	r.by_policy = 0;
	r.where = "inet filter input";
	r.rule = "tcp dport 22 drop";
	assert_null(fw_fix_cmd("nftables", &r, 22));	/* no handle */
	r.handle = 17;
	c = fw_fix_cmd("nftables", &r, 22);
	assert_string_equal(c, "sudo nft delete rule inet filter input handle 17");
	free(c);
	r.by_policy = 1;
	c = fw_fix_cmd("nftables", &r, 22);
	assert_string_equal(c, "sudo nft insert rule inet filter input tcp dport "
	    "22 accept");
	free(c);
	assert_null(fw_fix_cmd("ufw", &r, 22));
	r.owner = "fail2ban";
	assert_null(fw_fix_cmd("nftables", &r, 22));
	r.owner = NULL;
	r.action = FW_ACCEPT;
	assert_null(fw_fix_cmd("nftables", &r, 22));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipt_recorded),
		cmocka_unit_test(test_ipt_small),
		cmocka_unit_test(test_ip6t_recorded),
		cmocka_unit_test(test_nft_recorded),
		cmocka_unit_test(test_nft_small),
		cmocka_unit_test(test_firewalld),
		cmocka_unit_test(test_ufw),
		cmocka_unit_test(test_addr_match),
		cmocka_unit_test(test_ipt_fanout),
		cmocka_unit_test(test_nft_fanout),
		cmocka_unit_test(test_fix_cmd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
