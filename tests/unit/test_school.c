/*
 * test_school.c - parsing and checking the NSR-shaped school import
 * (school_parse in domain/school_import), without a database. A school
 * owner fixes a rejected file by reading our messages, so every bad line
 * must be reported with its line (CSV) or row (JSON), and one bad line
 * must reject the whole file.
 */
#include "unit.h"
#include "domain/org.h"

#define HDR "orgnr,name,kommunenummer,pupils,level,private,active\n"

struct fix {
	struct arena a;
	struct buf err;
	struct import_result res;
	struct school *rows;
};

static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	arena_init(&x->a, 16u << 20);
	buf_init(&x->err, 1 << 16, &x->a);
	x->res.errors = &x->err;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	arena_free(&x->a);
	free(x);
	return 0;
}

static int
parse(struct fix *x, const char *text)
{
	buf_reset(&x->err);
	memset(&x->res, 0, sizeof(x->res));
	x->res.errors = &x->err;
	return school_parse(&x->a, text, strlen(text), &x->rows, &x->res);
}

static const char *
errors(struct fix *x)
{
	const char *s = buf_str(&x->err);

	assert_non_null(s);
	return s;
}

#define assert_contains(hay, needle) do { \
		if (strstr((hay), (needle)) == NULL) \
			fail_msg("\"%s\" not found in:\n%s", (needle), (hay)); \
	} while (0)

static void
csv_with_valid_rows_is_parsed(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR
	    "974760673,Nordnes skole,4601,312,grunnskole,0,1\n"
	    "971526920,\"Bergen katedralskole, avd. A\",4601,,videregaende,false,ja\n"), 2);
	assert_str(errors(x), "");
	assert_int_equal(x->res.rows, 2);
	assert_str(x->rows[0].orgnr, "974760673");
	assert_str(x->rows[0].name, "Nordnes skole");
	assert_str(x->rows[0].kommunenummer, "4601");
	assert_int_equal(x->rows[0].pupils, 312);
	assert_str(x->rows[0].level, "grunnskole");
	assert_int_equal(x->rows[0].private_, 0);
	assert_int_equal(x->rows[0].active, 1);
	assert_str(x->rows[1].name, "Bergen katedralskole, avd. A");
	assert_int_equal(x->rows[1].pupils, -1);	/* empty: unknown */
	assert_str(x->rows[1].level, "videregaende");
}

static void
crlf_bom_and_blank_lines_are_accepted(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, "\xEF\xBB\xBF"
	    "orgnr,name,kommunenummer,pupils,level,private,active\r\n"
	    "\r\n"
	    "974760673,Ski skole,3207,200,begge,nei,yes\r\n"
	    "\r\n"), 1);
	assert_int_equal(x->rows[0].private_, 0);
	assert_int_equal(x->rows[0].active, 1);
}

static void
every_bad_line_is_reported_and_nothing_is_accepted(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR
	    "974760674,Bad check digit,4601,10,grunnskole,0,1\n"	/* line 2 */
	    "974760673,Fine,4601,10,grunnskole,0,1\n"		/* line 3 */
	    "971526920,Two problems,46011,10,barnehage,0,1\n"	/* line 4 */
	    "900000014,,4601,-3,grunnskole,maybe,2\n"		/* line 5 */
	    "900000022,Too few,4601\n"), -1);			/* line 6 */
	assert_int_equal(x->res.rows, 0);
	assert_contains(errors(x), "line 2: orgnr");
	assert_contains(errors(x), "line 4: kommunenummer");
	assert_contains(errors(x), "line 4: level");
	assert_contains(errors(x), "line 5: name");
	assert_contains(errors(x), "line 5: pupils");
	assert_contains(errors(x), "line 5: private");
	assert_contains(errors(x), "line 5: active");
	assert_contains(errors(x), "line 6: expected 7 fields");
	if (strstr(errors(x), "line 3") != NULL)
		fail_msg("the good line 3 was reported:\n%s", errors(x));
}

static void
line_numbers_count_newlines_inside_quotes(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR
	    "974760673,\"Name over\ntwo lines\",4601,1,grunnskole,0,1\n"	/* lines 2-3 */
	    "bad,Next,4601,1,grunnskole,0,1\n"), -1);			/* line 4 */
	assert_contains(errors(x), "line 4: orgnr");
}

static void
wrong_header_is_refused(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, "orgnr,navn,kommunenummer,pupils,level,private,active\n"
	    "974760673,Nordnes skole,4601,312,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "line 1: header");
	assert_int_equal(parse(x, "orgnr,name\n974760673,Nordnes skole\n"), -1);
	assert_contains(errors(x), "line 1: header");
}

static void
header_only_file_has_no_schools(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR), -1);
	assert_contains(errors(x), "no schools");
	assert_int_equal(parse(x, ""), -1);
}

static void
duplicate_orgnr_is_reported(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR
	    "974760673,A,4601,1,grunnskole,0,1\n"
	    "974760673,B,4601,1,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "line 3: orgnr appears twice");
}

static void
non_utf8_file_is_refused(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR "974760673,\xd8stveit skole,4601,1,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "UTF-8");
}

static void
csv_syntax_error_is_reported_with_its_line(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, HDR
	    "974760673,A,4601,1,grunnskole,0,1\n"
	    "971526920,B \"quoted\",4601,1,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "line 3:");
	assert_int_equal(parse(x, HDR
	    "974760673,A,4601,1,grunnskole,0,1\n"
	    "971526920,\"never closed,4601,1,grunnskole,0,1\n"
	    "900000014,C,4601,1,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "line 3: unterminated");
}

static void
kommunenummer_must_be_four_digits(void **state)
{
	struct fix *x = *state;
	static const char *const bad[] = { "301", "03011", "+301", "-301", "03a1", " 301" };
	char text[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), HDR "974760673,A,%s,1,grunnskole,0,1\n", bad[i]);
		if (parse(x, text) != -1)
			fail_msg("kommunenummer \"%s\" accepted", bad[i]);
	}
	assert_int_equal(parse(x, HDR "974760673,A,0301,1,grunnskole,0,1\n"), 1);
}

static void
json_array_is_parsed_with_numbers_and_booleans(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, "  \n[\n"
	    " {\"orgnr\": \"974760673\", \"name\": \"Åstveit skole\", \"kommunenummer\": \"4601\","
	    "  \"pupils\": 250, \"level\": \"grunnskole\", \"private\": false, \"active\": true},\n"
	    " {\"orgnr\": 971526920, \"name\": \"Privat\", \"kommunenummer\": \"0301\","
	    "  \"pupils\": null, \"level\": \"begge\", \"private\": true, \"active\": 1}\n"
	    "]"), 2);
	assert_str(x->rows[0].name, "Åstveit skole");
	assert_int_equal(x->rows[0].pupils, 250);
	assert_int_equal(x->rows[0].private_, 0);
	assert_int_equal(x->rows[0].active, 1);
	assert_str(x->rows[1].orgnr, "971526920");
	assert_int_equal(x->rows[1].pupils, -1);
	assert_int_equal(x->rows[1].private_, 1);
}

static void
json_bad_rows_are_reported_by_index(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, "["
	    "{\"orgnr\": \"974760673\", \"name\": \"A\", \"kommunenummer\": \"4601\","
	    " \"level\": \"grunnskole\", \"private\": 0, \"active\": 1},"
	    "\"not an object\","
	    "{\"orgnr\": \"123\", \"name\": \"C\", \"kommunenummer\": \"4601\","
	    " \"level\": \"grunnskole\", \"private\": 0, \"active\": 1},"
	    "{\"orgnr\": [1], \"name\": \"D\"}"
	    "]"), -1);
	assert_int_equal(x->res.rows, 0);
	assert_contains(errors(x), "row 2: expected an object");
	assert_contains(errors(x), "row 3: orgnr");
	assert_contains(errors(x), "row 4: expected an object");
	if (strstr(errors(x), "row 1") != NULL)
		fail_msg("the good row 1 was reported:\n%s", errors(x));
}

static void
json_that_is_not_an_array_of_schools_is_refused(void **state)
{
	struct fix *x = *state;

	assert_int_equal(parse(x, "[1, 2"), -1);
	assert_true(strlen(errors(x)) > 0);
	assert_int_equal(parse(x, "{\"orgnr\": \"974760673\"}"), -1);
	assert_int_equal(parse(x, "[{\"orgnr\": \"974760673\", \"orgnr\": \"971526920\","
	    " \"name\": \"A\", \"kommunenummer\": \"4601\", \"level\": \"grunnskole\","
	    " \"private\": 0, \"active\": 1}]"), -1);	/* duplicate keys */
}

static void
works_without_an_error_buffer(void **state)
{
	struct fix *x = *state;

	memset(&x->res, 0, sizeof(x->res));
	assert_int_equal(school_parse(&x->a, HDR "bad,,,,,,\n", strlen(HDR "bad,,,,,,\n"),
	    &x->rows, &x->res), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(csv_with_valid_rows_is_parsed),
		T(crlf_bom_and_blank_lines_are_accepted),
		T(every_bad_line_is_reported_and_nothing_is_accepted),
		T(line_numbers_count_newlines_inside_quotes),
		T(wrong_header_is_refused),
		T(header_only_file_has_no_schools),
		T(duplicate_orgnr_is_reported),
		T(non_utf8_file_is_refused),
		T(csv_syntax_error_is_reported_with_its_line),
		T(kommunenummer_must_be_four_digits),
		T(json_array_is_parsed_with_numbers_and_booleans),
		T(json_bad_rows_are_reported_by_index),
		T(json_that_is_not_an_array_of_schools_is_refused),
		T(works_without_an_error_buffer),
	};

	return cmocka_run_group_tests_name("domain/school_parse", tests, NULL, NULL);
}
