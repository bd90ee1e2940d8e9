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

static void
parses_real_iso_dates_only(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(num_parse_date("2026-11-23", 1900, &y, &m, &d), 0);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(d, 23);
	assert_int_equal(num_parse_date("2024-02-29", 1900, &y, &m, &d), 0);	/* leap year */
	assert_int_equal(num_parse_date("2000-02-29", 1900, &y, &m, &d), 0);	/* 400 rule */
	assert_int_equal(num_parse_date("1900-02-29", 1900, &y, &m, &d), -1);	/* 100 rule */
	assert_int_equal(num_parse_date("2026-02-29", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-02-30", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-04-31", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-13-01", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-00-10", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-1-10", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-01-10 ", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("23.11.2026", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2026-0a-10", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("", 1900, &y, &m, &d), -1);
	assert_int_equal(num_parse_date(NULL, 1900, &y, &m, &d), -1);
	/* The lower bound is the caller's. */
	assert_int_equal(num_parse_date("1999-12-31", 2000, &y, &m, &d), -1);
	assert_int_equal(num_parse_date("2000-01-01", 2000, &y, &m, &d), 0);
}

static void
counts_days_from_the_epoch(void **state)
{
	(void)state;
	assert_int_equal(num_day_number(1970, 1, 1), 0);
	assert_int_equal(num_day_number(1970, 1, 2), 1);
	assert_int_equal(num_day_number(1969, 12, 31), -1);
	assert_int_equal(num_day_number(2000, 3, 1) - num_day_number(2000, 2, 28), 2);
	assert_int_equal(num_day_number(2026, 11, 23), 20780);	/* date -d 2026-11-23 +%s / 86400 */
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
		cmocka_unit_test(parses_real_iso_dates_only),
		cmocka_unit_test(counts_days_from_the_epoch),
	};

	return cmocka_run_group_tests_name("core/num", tests, NULL, NULL);
}
