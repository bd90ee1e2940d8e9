/*
 * test_inventory.c - the inventory's value checks and its per-row access
 * rule, without a database. The form and the CSV import both rely on these,
 * so a value accepted here is what gets stored: grades normalised ("1,2,3"
 * -> "1-3", 1..13 only), real calendar dates, keys from the catalogue's
 * lists, and school leaders limited to their own schools' rows.
 */
#include "unit.h"
#include "domain/authz.h"
#include "domain/inventory.h"

static struct arena A;

static int
setup(void **state)
{
	(void)state;
	arena_init(&A, 8u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static const char *
grades(const char *in)
{
	const char *out = NULL, *err = NULL;

	if (inv_parse_grades(&A, in, &out, &err)) {
		assert_non_null(err);
		return NULL;
	}
	assert_null(err);
	return out;
}

static void
grades_are_normalised(void **state)
{
	(void)state;
	assert_str(grades("1-4"), "1-4");
	assert_str(grades("1,2,3"), "1-3");
	assert_str(grades(" 8 , 9 ,10 "), "8-10");
	assert_str(grades("1,3"), "1,3");
	assert_str(grades("5,6"), "5,6");
	assert_str(grades("1-4,3,7"), "1-4,7");
	assert_str(grades("11-13"), "11-13");
	assert_str(grades("1\xe2\x80\x93" "4"), "1-4");	/* en dash from a word processor */
	assert_str(grades(""), "");
	assert_str(grades("   "), "");
	assert_str(grades("13"), "13");
}

static void
bad_grades_are_refused(void **state)
{
	(void)state;
	assert_null(grades("0"));
	assert_null(grades("14"));
	assert_null(grades("4-1"));
	assert_null(grades("1-"));
	assert_null(grades("1,,2"));
	assert_null(grades("1,"));
	assert_null(grades("a"));
	assert_null(grades("1-4x"));
	assert_null(grades("-3"));
	assert_null(grades("100"));
	assert_null(grades("1;2"));
}

static const char *
date(const char *in, int dotted)
{
	const char *out = NULL;

	return inv_parse_date(&A, in, dotted, &out) ? NULL : out;
}

static void
dates_must_be_real(void **state)
{
	(void)state;
	assert_str(date("2023-08-15", 0), "2023-08-15");
	assert_str(date("2024-02-29", 0), "2024-02-29");
	assert_str(date("2000-02-29", 0), "2000-02-29");
	assert_null(date("2023-02-29", 0));
	assert_null(date("1900-02-29", 0));
	assert_null(date("2023-13-01", 0));
	assert_null(date("2023-04-31", 0));
	assert_null(date("2023-00-10", 0));
	assert_null(date("2023-8-15", 0));
	assert_null(date("23-08-15", 0));
	assert_null(date("2023-08-15x", 0));
	assert_null(date("1899-12-31", 0));
	assert_null(date("", 0));
	/* Norwegian Excel writes dates as DD.MM.YYYY. */
	assert_str(date("15.08.2023", 1), "2023-08-15");
	assert_str(date("1.8.2023", 1), "2023-08-01");
	assert_null(date("15.08.2023", 0));
	assert_null(date("31.09.2023", 1));
	assert_null(date("15.08.23", 1));
	assert_null(date("15..2023", 1));
}

static void
keys_come_from_the_catalogue_lists(void **state)
{
	unsigned m;
	const char *bad;

	(void)state;
	assert_int_equal(inv_parse_keys(&A, CS_DATA, "name, Health ,location", &m, &bad), 0);
	assert_int_equal(m, inv_key_bit(CS_DATA, "name") | inv_key_bit(CS_DATA, "health") |
	    inv_key_bit(CS_DATA, "location"));
	assert_str(inv_keys_str(&A, CS_DATA, m), "name,health,location");
	assert_int_equal(inv_parse_keys(&A, CS_DATA, "", &m, &bad), 0);
	assert_int_equal(m, 0);
	assert_int_equal(inv_parse_keys(&A, CS_DATA, "name,,", &m, &bad), 0);
	assert_int_equal(m, inv_key_bit(CS_DATA, "name"));
	assert_int_equal(inv_parse_keys(&A, CS_DATA, "name,shoe size", &m, &bad), -1);
	assert_str(bad, "shoe size");
	assert_int_equal(inv_parse_keys(&A, CS_FEIDE, "userid-nin,profile", &m, &bad), 0);
	assert_true(m & inv_key_bit(CS_FEIDE, "userid-nin"));
	assert_int_equal(inv_key_bit(CS_FEIDE, "no-such-scope"), 0);
}

static void
values_are_checked_per_field(void **state)
{
	struct inv_input in;
	struct inv_row row;
	const char *err[IF__COUNT];
	char long_text[INV_MAX_RESPONSIBLE + 2];

	(void)state;
	memset(&in, 0, sizeof(in));
	in.tool_id = 7;
	in.grades = "1,2,3";
	in.pupils = "250";
	in.since = "2022-08-01";
	in.state = "trial";
	in.purpose = "Line one\nline two";
	in.has_dpia = 5;
	assert_int_equal(inv_check_values(&A, &in, &row, err), 0);
	assert_str(row.grades, "1-3");
	assert_int_equal(row.pupils, 250);
	assert_str(row.since, "2022-08-01");
	assert_str(row.state, "trial");
	assert_int_equal(row.has_dpia, 1);
	assert_int_equal(row.needs_ros, -1);

	memset(&in, 0, sizeof(in));
	in.grades = "";
	in.pupils = "";
	assert_int_equal(inv_check_values(&A, &in, &row, err), 1);	/* only the tool */
	assert_non_null(err[IF_TOOL]);
	assert_int_equal(row.pupils, -1);
	assert_str(row.state, "in_use");
	assert_str(row.since, "");

	memset(&in, 0, sizeof(in));
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	in.tool_id = 1;
	in.grades = "0-3";
	in.pupils = "100001";
	in.since = "2023-02-30";
	in.state = "retired";
	in.responsible = long_text;
	in.usage_rules = "tab\tok but bell \a is not";
	in.data = 1u << 31;
	assert_int_equal(inv_check_values(&A, &in, &row, err), 7);
	assert_non_null(err[IF_GRADES]);
	assert_non_null(err[IF_PUPILS]);
	assert_non_null(err[IF_SINCE]);
	assert_non_null(err[IF_STATE]);
	assert_non_null(err[IF_RESPONSIBLE]);
	assert_non_null(err[IF_RULES]);
	assert_non_null(err[IF_DATA]);
	assert_null(err[IF_TOOL]);
	in.pupils = "-1";
	inv_check_values(&A, &in, &row, err);
	assert_non_null(err[IF_PUPILS]);
	in.pupils = "12abc";
	inv_check_values(&A, &in, &row, err);
	assert_non_null(err[IF_PUPILS]);
	in.pupils = "100000";
	inv_check_values(&A, &in, &row, err);
	assert_null(err[IF_PUPILS]);
}

static void
school_leaders_reach_only_their_schools_rows(void **state)
{
	int64_t nordnes = 11, other = 12;
	struct membership lead = { 1, 100, R_SCHOOL_LEADER, "Bergen", "municipality", &nordnes, 1 };
	struct membership both[2] = {
		{ 1, 100, R_SCHOOL_LEADER, "Bergen", "municipality", &nordnes, 1 },
		{ 2, 100, R_READER, "Bergen", "municipality", NULL, 0 },
	};
	struct membership adv = { 3, 100, R_ADVISER, "Bergen", "municipality", NULL, 0 };
	struct principal p = { 1, "r@x", "R", "nb", &lead, 1, 0, NULL, 0 };
	struct principal q = { 2, "b@x", "B", "nb", both, 2, 0, NULL, 0 };
	struct principal a = { 3, "a@x", "A", "nb", &adv, 1, 0, NULL, 0 };

	(void)state;
	assert_true(inventory_can(&p, A_INVENTORY_EDIT, 100, nordnes));
	assert_false(inventory_can(&p, A_INVENTORY_EDIT, 100, other));
	assert_false(inventory_can(&p, A_INVENTORY_EDIT, 100, 0));	/* whole organisation */
	assert_false(inventory_can(&p, A_INVENTORY_VIEW, 100, 0));	/* not org-wide access... */
	assert_true(authz_allows(&p, A_INVENTORY_VIEW, 100, 0));	/* ...but may read those rows */
	assert_false(inventory_can(&p, A_INVENTORY_EDIT, 200, nordnes));	/* another organisation */
	/* A reader role beside the leader role gives reading, not writing. */
	assert_false(inventory_can(&q, A_INVENTORY_EDIT, 100, 0));
	assert_true(inventory_can(&q, A_INVENTORY_VIEW, 100, 0));
	assert_false(inventory_can(&q, A_INVENTORY_EDIT, 100, other));
	assert_true(inventory_can(&a, A_INVENTORY_EDIT, 100, 0));
	assert_true(inventory_can(&a, A_INVENTORY_EDIT, 100, other));
	assert_true(inventory_can(&a, A_SCREENING_EDIT, 100, 0));
	assert_false(inventory_can(&p, A_SCREENING_EDIT, 100, nordnes));
	assert_false(inventory_can(NULL, A_INVENTORY_VIEW, 100, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grades_are_normalised),
		cmocka_unit_test(bad_grades_are_refused),
		cmocka_unit_test(dates_must_be_real),
		cmocka_unit_test(keys_come_from_the_catalogue_lists),
		cmocka_unit_test(values_are_checked_per_field),
		cmocka_unit_test(school_leaders_reach_only_their_schools_rows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
