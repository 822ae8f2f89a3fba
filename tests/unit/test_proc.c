/* The local command runner: capture, caps, exit status, deadline, cancel. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/proc.h"
#include "core/util.h"

static void
test_stdout_and_status(void **state)
{
	const char *const ok[] = { "sh", "-c", "printf 'a b\\n'; exit 3", NULL };
	sw_proc_result r;

	(void)state;
	assert_int_equal(proc_capture(ok, sw_now_ms() + 5000, NULL, 1024, 0,
	    &r), 0);
	assert_string_equal(r.out, "a b\n");
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 3);
	assert_int_equal(r.truncated, 0);
	proc_result_free(&r);
}

/* No shell is involved: an argument with metacharacters stays one word. */
static void
test_no_shell(void **state)
{
	const char *const argv[] = { "printf", "%s", "x;echo pwned $(id)", NULL };
	sw_proc_result r;

	(void)state;
	assert_int_equal(proc_capture(argv, sw_now_ms() + 5000, NULL, 1024, 0,
	    &r), 0);
	assert_string_equal(r.out, "x;echo pwned $(id)");
	proc_result_free(&r);
}

static void
test_stderr_and_caps(void **state)
{
	const char *const argv[] = { "sh", "-c",
		"head -c 100000 /dev/zero | tr '\\0' x; echo oops >&2", NULL };
	sw_proc_result r;

	(void)state;
	assert_int_equal(proc_capture(argv, sw_now_ms() + 5000, NULL, 10, 3,
	    &r), 0);
	assert_int_equal(strlen(r.out), 10);
	assert_string_equal(r.err, "oop");
	assert_int_equal(r.truncated, 1);
	assert_int_equal(r.status, 0);
	proc_result_free(&r);
}

static void
test_not_found(void **state)
{
	const char *const argv[] = { "sw-no-such-program-here", NULL };
	sw_proc_result r;

	(void)state;
	assert_null(proc_find("sw-no-such-program-here"));
	assert_int_equal(proc_capture(argv, sw_now_ms() + 5000, NULL, 10, 10,
	    &r), -1);
	assert_int_equal(r.status, -1);
	assert_string_equal(r.out, "");
	proc_result_free(&r);
}

/* A program that outlives the deadline is killed; the call returns soon
 * after the deadline, never after the program's own time. */
static void
test_deadline(void **state)
{
	const char *const argv[] = { "sleep", "10", NULL };
	sw_proc_result r;
	int64_t t0 = sw_now_ms();

	(void)state;
	assert_int_equal(proc_capture(argv, t0 + 200, NULL, 10, 10, &r), -1);
	assert_true(sw_now_ms() - t0 < 5000);
	assert_int_equal(r.status, -1);
	proc_result_free(&r);
}

static void
test_cancel(void **state)
{
	const char *const argv[] = { "sleep", "10", NULL };
	sw_proc_result r;
	atomic_int cancel;
	int64_t t0 = sw_now_ms();

	(void)state;
	atomic_init(&cancel, 1);
	assert_int_equal(proc_capture(argv, t0 + 8000, &cancel, 10, 10, &r), -1);
	assert_true(sw_now_ms() - t0 < 5000);
	proc_result_free(&r);
}

/* proc_capture_env sets variables for the child only, replacing inherited
 * ones of the same name. */
static void
test_env(void **state)
{
	const char *const argv[] = { "sh", "-c",
	    "printf '%s|%s' \"$SW_T_ONE\" \"${PATH:+set}\"", NULL };
	const char *const env[] = { "SW_T_ONE=new value", NULL };
	sw_proc_result r;

	(void)state;
	setenv("SW_T_ONE", "old", 1);
	assert_int_equal(proc_capture_env(argv, env, sw_now_ms() + 5000, NULL,
	    1024, 0, &r), 0);
	assert_string_equal(r.out, "new value|set");
	assert_string_equal(getenv("SW_T_ONE"), "old");
	proc_result_free(&r);
	unsetenv("SW_T_ONE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stdout_and_status),
		cmocka_unit_test(test_no_shell),
		cmocka_unit_test(test_stderr_and_caps),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
