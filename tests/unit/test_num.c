/*
 * test_num.c - whole-string integer parsing (core/num), the only way a
 * number typed by a user enters the program: every byte must belong to the
 * number, and the value must lie in the caller's range.
 */
#include "unit.h"
#include "core/num.h"

static void
parses_plain_decimal_integers(void **state)
{
	int64_t v = -1;

	assert_int_equal(num_parse_i64("12", 0, 100, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(num_parse_i64("0", 0, 100, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_parse_i64("-7", -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(num_parse_i64("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
}

static void
accepts_the_range_bounds_inclusive(void **state)
{
	int64_t v;

	assert_int_equal(num_parse_i64("1", 1, 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(num_parse_i64("10", 1, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(num_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
	assert_true(v == INT64_MIN);
}

static void
rejects_values_outside_the_range(void **state)
{
	int64_t v = 42;

	assert_int_equal(num_parse_i64("0", 1, 10, &v), -1);
	assert_int_equal(num_parse_i64("11", 1, 10, &v), -1);
	assert_int_equal(num_parse_i64("-1", 0, 10, &v), -1);
	assert_int_equal(v, 42);	/* untouched on failure */
}

static void
rejects_empty_and_null(void **state)
{
	int64_t v;

	assert_int_equal(num_parse_i64("", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(num_parse_i64(NULL, INT64_MIN, INT64_MAX, &v), -1);
}

static void
rejects_leading_and_trailing_junk(void **state)
{
	static const char *const bad[] = {
		" 12", "12 ", "\t12", "\n12", "12\n", "12a", "a12", "1 2", "1_000",
		"+1", "--1", "-", "- 1", "0x10", "1e3", "1.0", "12abc", "١٢",
	};
	int64_t v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (num_parse_i64(bad[i], INT64_MIN, INT64_MAX, &v) != -1)
			fail_msg("\"%s\" was accepted as %lld", bad[i], (long long)v);
}

static void
rejects_overflow(void **state)
{
	int64_t v;

	assert_int_equal(num_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(num_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(num_parse_i64("99999999999999999999999", INT64_MIN, INT64_MAX, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_plain_decimal_integers),
		cmocka_unit_test(accepts_the_range_bounds_inclusive),
		cmocka_unit_test(rejects_values_outside_the_range),
		cmocka_unit_test(rejects_empty_and_null),
		cmocka_unit_test(rejects_leading_and_trailing_junk),
		cmocka_unit_test(rejects_overflow),
	};

	return cmocka_run_group_tests_name("core/num", tests, NULL, NULL);
}
