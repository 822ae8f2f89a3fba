/* The platform back-end configure picked (src/platform/), against this
 * machine's loopback, which every system has: no packet is sent. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "platform/platform.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sw_addr
addr_of(const char *text)
{
	sw_addr a;

	memset(&a, 0, sizeof(a));
	if (strchr(text, ':') != NULL) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a.sa;

		s6->sin6_family = AF_INET6;
		assert_int_equal(inet_pton(AF_INET6, text, &s6->sin6_addr), 1);
		a.len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a.sa;

		s4->sin_family = AF_INET;
		assert_int_equal(inet_pton(AF_INET, text, &s4->sin_addr), 1);
		a.len = sizeof(*s4);
	}
	snprintf(a.text, sizeof(a.text), "%s", text);
	return a;
}

static void
lookup(const char *text, sw_route *r)
{
	atomic_int cancel = 0;
	sw_probe_ctx ctx;
	sw_route_handle *h;
	sw_addr a = addr_of(text);
	int err = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.deadline_ms = sw_now_ms() + 5000;
	ctx.cancel = &cancel;
	h = platform_route_open(&err);
	assert_non_null(h);
	platform_route_get(h, &a, r, &ctx);
	platform_route_close(h);
}

/* 127.0.0.1 is on this machine: a local route, up, from 127.0.0.1. */
static void
test_loopback_v4(void **state)
{
	sw_route r;

	(void)state;
	lookup("127.0.0.1", &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.type, SW_ROUTE_LOCAL);
	assert_true(r.have_link);
	assert_true(r.flags & IFF_UP);
	assert_string_equal(r.ifname, "lo");
}

/* Another address of 127/8 is local too (Linux answers for the whole
 * block), and the route never names a gateway. */
static void
test_loopback_block(void **state)
{
	sw_route r;

	(void)state;
	lookup("127.0.0.2", &r);
	assert_int_equal(r.err, 0);
	assert_int_equal(r.type, SW_ROUTE_LOCAL);
	assert_string_equal(r.gateway, "");
}

/* What each back-end says it can tell. */
static void
test_knows(void **state)
{
	(void)state;
	if (strcmp(platform_name(), "linux") == 0)
		assert_int_equal(platform_route_knows(), SW_PLAT_GATEWAY |
		    SW_PLAT_ROUTE_TYPE | SW_PLAT_ROUTE_DEV | SW_PLAT_LINK_KIND);
	else {
		assert_string_equal(platform_name(), "portable");
		assert_int_equal(platform_route_knows(), 0);
	}
}

/* The program's path: the test binary itself, or -1 where the system
 * cannot tell (portable). */
static void
test_exe_path(void **state)
{
	char path[PATH_MAX], small[4];

	(void)state;
	if (platform_exe_path(path, sizeof(path)) != 0) {
		assert_string_equal(platform_name(), "portable");
		return;
	}
	assert_true(path[0] == '/');
	assert_non_null(strstr(path, "test_platform"));
	assert_int_equal(access(path, X_OK), 0);
	assert_int_equal(platform_exe_path(small, sizeof(small)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback_v4),
		cmocka_unit_test(test_loopback_block),
		cmocka_unit_test(test_knows),
		cmocka_unit_test(test_exe_path),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
