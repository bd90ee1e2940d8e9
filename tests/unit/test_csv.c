/*
 * test_csv.c - the strict RFC 4180 reader (core/csv) that school and
 * municipality imports use. Quoting, escapes, embedded newlines and line
 * ends must come out exactly, and malformed input must fail with the line
 * number a person can look up, never be silently repaired.
 */
#include "unit.h"
#include "core/csv.h"

struct fix {
	struct arena a;
	struct csv c;
	char *f[16];
};

static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	arena_init(&x->a, 1 << 20);
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

static void
start(struct fix *x, const char *s)
{
	csv_init(&x->c, s, strlen(s), ',');
}

static int
next(struct fix *x)
{
	return csv_next(&x->c, &x->a, x->f, 16);
}

static void
reads_plain_records(void **state)
{
	struct fix *x = *state;

	start(x, "a,b,c\n1,2,3\n");
	assert_int_equal(next(x), 3);
	assert_str(x->f[0], "a");
	assert_str(x->f[2], "c");
	assert_int_equal(next(x), 3);
	assert_str(x->f[1], "2");
	assert_int_equal(next(x), 0);
	assert_int_equal(next(x), 0);
}

static void
last_record_needs_no_newline(void **state)
{
	struct fix *x = *state;

	start(x, "a,b\nc,d");
	assert_int_equal(next(x), 2);
	assert_int_equal(next(x), 2);
	assert_str(x->f[1], "d");
	assert_int_equal(next(x), 0);
}

static void
keeps_empty_fields(void **state)
{
	struct fix *x = *state;

	start(x, "a,,\n,\n");
	assert_int_equal(next(x), 3);
	assert_str(x->f[0], "a");
	assert_str(x->f[1], "");
	assert_str(x->f[2], "");
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "");
	assert_str(x->f[1], "");
}

static void
quoted_field_may_hold_separator(void **state)
{
	struct fix *x = *state;

	start(x, "\"Nordnes skole, Bergen\",4601\n");
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "Nordnes skole, Bergen");
	assert_str(x->f[1], "4601");
}

static void
doubled_quote_is_one_quote(void **state)
{
	struct fix *x = *state;

	start(x, "\"say \"\"hi\"\"\",\"\"\"\",\"\"\n");
	assert_int_equal(next(x), 3);
	assert_str(x->f[0], "say \"hi\"");
	assert_str(x->f[1], "\"");
	assert_str(x->f[2], "");
}

static void
embedded_newline_is_kept_and_counted(void **state)
{
	struct fix *x = *state;

	start(x, "x,\"line1\nline2\nline3\"\nnext,1\n");
	assert_int_equal(x->c.line, 1);
	assert_int_equal(next(x), 2);
	assert_str(x->f[1], "line1\nline2\nline3");
	assert_int_equal(x->c.line, 4);		/* the next record starts on line 4 */
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "next");
	assert_int_equal(x->c.line, 5);
}

static void
crlf_line_ends_are_stripped(void **state)
{
	struct fix *x = *state;

	start(x, "a,b\r\n\"c\r\nd\",e\r\n");
	assert_int_equal(next(x), 2);
	assert_str(x->f[1], "b");
	assert_int_equal(x->c.line, 2);
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "c\r\nd");	/* inside quotes the bytes are data */
	assert_str(x->f[1], "e");
	assert_int_equal(x->c.line, 4);
	assert_int_equal(next(x), 0);
}

static void
utf8_bom_is_skipped(void **state)
{
	struct fix *x = *state;

	start(x, "\xEF\xBB\xBFkommunenummer,navn\n0301,Oslo\n");
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "kommunenummer");
	assert_int_equal(next(x), 2);
	assert_str(x->f[1], "Oslo");
}

static void
bom_only_in_first_position(void **state)
{
	struct fix *x = *state;

	start(x, "a\n\xEF\xBB\xBF" "b\n");
	assert_int_equal(next(x), 1);
	assert_int_equal(next(x), 1);
	assert_str(x->f[0], "\xEF\xBB\xBF" "b");
}

static void
other_separator(void **state)
{
	struct fix *x = *state;
	const char *s = "a;\"b;c\";d,e\n";

	csv_init(&x->c, s, strlen(s), ';');
	assert_int_equal(next(x), 3);
	assert_str(x->f[0], "a");
	assert_str(x->f[1], "b;c");
	assert_str(x->f[2], "d,e");
}

static void
stray_quote_in_unquoted_field_is_an_error_with_its_line(void **state)
{
	struct fix *x = *state;

	start(x, "a,b\nc,d\ne,f\"g\n");
	assert_int_equal(next(x), 2);
	assert_int_equal(next(x), 2);
	assert_int_equal(next(x), -1);
	assert_non_null(x->c.err);
	assert_int_equal(x->c.line, 3);
}

static void
text_after_closing_quote_is_an_error(void **state)
{
	struct fix *x = *state;

	start(x, "\"a\"b,c\n");
	assert_int_equal(next(x), -1);
	assert_non_null(x->c.err);
	assert_int_equal(x->c.line, 1);
}

static void
unterminated_quote_is_an_error(void **state)
{
	struct fix *x = *state;

	start(x, "a,b\nc,\"never closed\nmore\nand more\n");
	assert_int_equal(next(x), 2);
	assert_int_equal(next(x), -1);
	assert_non_null(x->c.err);
	assert_non_null(strstr(x->c.err, "unterminated"));
	/* The line to look at is where the quote opened, not the end of file. */
	assert_int_equal(x->c.line, 2);
}

static void
too_many_fields_is_an_error(void **state)
{
	struct fix *x = *state;

	start(x, "a,b,c\n");
	assert_int_equal(csv_next(&x->c, &x->a, x->f, 2), -1);
	assert_non_null(x->c.err);
	start(x, "a,b\n");
	assert_int_equal(csv_next(&x->c, &x->a, x->f, 2), 2);
}

static void
empty_input_has_no_records(void **state)
{
	struct fix *x = *state;

	start(x, "");
	assert_int_equal(next(x), 0);
	start(x, "\xEF\xBB\xBF");
	assert_int_equal(next(x), 0);
}

static void
embedded_nul_is_data_not_end(void **state)
{
	struct fix *x = *state;

	csv_init(&x->c, "a\0b,c\n", 6, ',');
	assert_int_equal(next(x), 2);
	assert_str(x->f[0], "a");	/* C string view stops at the NUL ... */
	assert_str(x->f[1], "c");	/* ... but the record was read whole */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(reads_plain_records),
		T(last_record_needs_no_newline),
		T(keeps_empty_fields),
		T(quoted_field_may_hold_separator),
		T(doubled_quote_is_one_quote),
		T(embedded_newline_is_kept_and_counted),
		T(crlf_line_ends_are_stripped),
		T(utf8_bom_is_skipped),
		T(bom_only_in_first_position),
		T(other_separator),
		T(stray_quote_in_unquoted_field_is_an_error_with_its_line),
		T(text_after_closing_quote_is_an_error),
		T(unterminated_quote_is_an_error),
		T(too_many_fields_is_an_error),
		T(empty_input_has_no_records),
		T(embedded_nul_is_data_not_end),
	};

	return cmocka_run_group_tests_name("core/csv", tests, NULL, NULL);
}
