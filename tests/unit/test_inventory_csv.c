/*
 * test_inventory_csv.c - the inventory's CSV file without a database:
 * encoding detection (UTF-8 with or without BOM, Windows-1252 decoded to
 * UTF-8 with 0x80-0x9F mapped properly, its undefined bytes refused, mixed
 * files refused), the formula-injection guard on export, the separator
 * taken from the header, per-line errors with nothing accepted, and an
 * export that parses back to the same rows.
 */
#include "unit.h"
#include "core/csv.h"
#include "domain/inventory.h"
#include "domain/inventory_csv.h"

#define HDR "verktøy,skole,trinn,elever,formål,personopplysninger,feide_attributter,ansvarlig,siden,status,ros,dpia,dba,offentlig,bruksregler\n"

static struct arena A;

static const struct inv_tool tools[] = {
	{ 1, "Kahoot!", "Kahoot! ASA" },
	{ 2, "Book Creator", "Tools for Schools" },
	{ 3, "Skolerom", "Skolerom AS" },
	{ 4, "Læringsbrett", "Æble AS" },
	{ 5, "Twin", "A" },
	{ 6, "twin", "B" },
};
static const struct inv_csv_school schools[] = {
	{ 11, "Nordnes skole", 1 },
	{ 12, "Slettebakken skole", 0 },
	{ 13, "Åstveit skole", 1 },
};
static const struct inv_csv_ctx ctx = { tools, 6, schools, 3, 1 };

static int
setup(void **state)
{
	(void)state;
	arena_init(&A, 64u << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static int
parse(const char *text, size_t len, const struct inv_csv_ctx *c, struct inv_csv_result *res)
{
	memset(res, 0, sizeof(*res));
	return inv_csv_parse(&A, text, len, c, res);
}

static int
has_error(const struct inv_csv_result *res, int line, const char *needle)
{
	for (int i = 0; i < res->nerrors; i++)
		if (res->errors[i].line == line && strstr(res->errors[i].msgid, needle))
			return 1;
	return 0;
}

static const char *
decode(const char *in, size_t len, struct inv_csv_result *res)
{
	const char *out = NULL;
	size_t n = 0;

	memset(res, 0, sizeof(*res));
	if (inv_csv_decode(&A, in, len, &out, &n, res))
		return NULL;
	assert_int_equal(strlen(out), n);
	return out;
}

static void
utf8_with_and_without_bom(void **state)
{
	struct inv_csv_result res;

	(void)state;
	assert_str(decode("bl\xc3\xa5", 4, &res), "blå");
	assert_int_equal(res.enc, ENC_UTF8);
	assert_str(decode("\xef\xbb\xbf" "bl\xc3\xa5", 7, &res), "blå");
	assert_int_equal(res.enc, ENC_UTF8_BOM);
	assert_str(decode("", 0, &res), "");
}

static void
windows_1252_is_decoded(void **state)
{
	struct inv_csv_result res;
	/* "Blåbær øl € – “x” Š" in Windows-1252. */
	static const char in[] = "Bl\xe5" "b\xe6r \xf8l \x80 \x96 \x93x\x94 \x8a \xc6\xd8\xc5";

	(void)state;
	assert_str(decode(in, sizeof(in) - 1, &res),
	    "Blåbær øl € – “x” Š ÆØÅ");
	assert_int_equal(res.enc, ENC_CP1252);
	/* 0xA0-0xFF are Latin-1: NBSP and ÿ. */
	assert_str(decode("\xa0\xff", 2, &res), "\xc2\xa0\xc3\xbf");
	/* The whole 0x80-0x9F row, except the five undefined bytes. */
	assert_str(decode("\x82\x83\x84\x85\x86\x87\x88\x89\x8b\x8c\x8e\x91\x92\x95\x97\x98\x99\x9a\x9b\x9c\x9e\x9f",
	    22, &res), "‚ƒ„…†‡ˆ‰‹ŒŽ‘’•—˜™š›œžŸ");
}

static void
undefined_windows_1252_bytes_are_errors(void **state)
{
	static const unsigned char bad[5] = { 0x81, 0x8d, 0x8f, 0x90, 0x9d };
	struct inv_csv_result res;

	(void)state;
	for (int i = 0; i < 5; i++) {
		char in[16];
		snprintf(in, sizeof(in), "a\nb\xe5\n%c", bad[i]);
		assert_null(decode(in, strlen(in), &res));
		assert_int_equal(res.nerrors, 1);
		assert_int_equal(res.errors[0].line, 3);
		assert_non_null(res.errors[0].arg);
		assert_true(strstr(res.errors[0].msgid, "Windows-1252") != NULL);
	}
}

static void
mixed_encodings_are_refused(void **state)
{
	struct inv_csv_result res;
	static const char mixed[] = "ok\nbl\xc3\xa5\nbl\xe5\n";
	static const char bom_then_latin1[] = "\xef\xbb\xbf" "a\nbl\xe5\n";

	(void)state;
	assert_null(decode(mixed, sizeof(mixed) - 1, &res));
	assert_int_equal(res.errors[0].line, 3);	/* the Windows-1252 line */
	assert_str(res.errors[0].arg, "2");		/* the UTF-8 line */
	assert_true(strstr(res.errors[0].msgid, "mixes") != NULL);
	assert_null(decode(bom_then_latin1, sizeof(bom_then_latin1) - 1, &res));
	assert_int_equal(res.errors[0].line, 2);
}

static void
utf16_and_nul_bytes_are_refused(void **state)
{
	struct inv_csv_result res;

	(void)state;
	assert_null(decode("\xff\xfe" "a\0b\0", 6, &res));
	assert_true(strstr(res.errors[0].msgid, "UTF-16") != NULL);
	assert_null(decode("a\nb\0c", 5, &res));
	assert_int_equal(res.errors[0].line, 2);
}

static const char *
cell(const char *s, char sep)
{
	struct buf b;

	buf_init(&b, 4096, &A);
	inv_csv_cell(&b, s, sep);
	return buf_str(&b);
}

static void
formula_cells_get_an_apostrophe(void **state)
{
	(void)state;
	assert_str(cell("=cmd|' /C calc'!A0", ','), "'=cmd|' /C calc'!A0");
	assert_str(cell("+1+1", ','), "'+1+1");
	assert_str(cell("-2+3", ','), "'-2+3");
	assert_str(cell("@SUM(A1)", ','), "'@SUM(A1)");
	assert_str(cell("\tx", ','), "'\tx");
	assert_str(cell("\rx", ','), "\"'\rx\"");
	assert_str(cell("=HYPERLINK(\"http://x\",\"y\")", ','), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_str(cell("a=b", ','), "a=b");
	assert_str(cell("1-4", ','), "1-4");
	assert_str(cell("a,b", ','), "\"a,b\"");
	assert_str(cell("a,b", ';'), "a,b");
	assert_str(cell("a;b", ';'), "\"a;b\"");
	assert_str(cell("two\nlines", ','), "\"two\nlines\"");
	assert_str(cell("", ','), "");
}

static void
a_good_file_with_semicolons_and_norwegian_words(void **state)
{
	struct inv_csv_result res;
	static const char text[] =
	    "Verktøy;Skole;Trinn;Elever;Formål;Personopplysninger;Feide_attributter;Ansvarlig;Siden;Status;ROS;DPIA;DBA;Offentlig;Bruksregler\r\n"
	    "kahoot!;Nordnes skole;5-7;120;\"Quiz; repetisjon\";name,schoolwork;userid;Rektor;15.08.2023;utprøving;ja;nei;JA;nei;\r\n"
	    ";;;;;;;;;;;;;;\r\n"
	    "BOOK CREATOR;;1,2,3;;;;;;;i bruk;;;;ja;\"'=ikke en formel\"\r\n"
	    "Læringsbrett;åstveit skole;;;;;;;;utfases;n;y;0;1;\r\n";
	struct inv_row *r;

	(void)state;
	assert_int_equal(parse(text, sizeof(text) - 1, &ctx, &res), 3);
	assert_int_equal(res.sep, ';');
	assert_int_equal(res.lines, 3);	/* the blank ";;;" line is skipped */
	r = &res.rows[0].row;
	assert_int_equal(res.rows[0].line, 2);
	assert_int_equal(r->tool_id, 1);
	assert_int_equal(r->school_id, 11);
	assert_str(r->grades, "5-7");
	assert_int_equal(r->pupils, 120);
	assert_str(r->purpose, "Quiz; repetisjon");
	assert_str(r->since, "2023-08-15");
	assert_str(r->state, "trial");
	assert_int_equal(r->has_ros, 1);
	assert_int_equal(r->has_dpia, 0);
	assert_int_equal(r->has_dba, 1);
	r = &res.rows[1].row;
	assert_int_equal(res.rows[1].line, 4);
	assert_int_equal(r->tool_id, 2);
	assert_int_equal(r->school_id, 0);
	assert_str(r->grades, "1-3");
	assert_int_equal(r->pupils, -1);
	assert_str(r->state, "in_use");
	assert_int_equal(r->public_, 1);
	assert_str(r->usage_rules, "=ikke en formel");	/* the export's guard undone */
	r = &res.rows[2].row;
	assert_int_equal(r->tool_id, 4);
	assert_int_equal(r->school_id, 13);
	assert_str(r->state, "phasing_out");
	assert_int_equal(r->has_ros, 0);
	assert_int_equal(r->has_dpia, 1);
	assert_int_equal(r->public_, 1);
}

static void
every_bad_line_is_reported_and_nothing_accepted(void **state)
{
	struct inv_csv_result res;
	static const char text[] = HDR
	    "Kahoot!,Nordnes skole,5-7,120,,,,,,,,,,,\n"		/* 2: good */
	    "Ukjent app,Nordnes skole,,,,,,,,,,,,,\n"		/* 3: unknown tool */
	    "Kahoot!,Narnia skole,,,,,,,,,,,,,\n"			/* 4: unknown school */
	    "Kahoot!,Nordnes skole,,,,,,,,,,,,,\n"			/* 5: duplicate of 2 */
	    "Book Creator,Nordnes skole,0-3,lots,,shoe size,,,2023-02-30,maybe,kanskje,,,,\n" /* 6 */
	    "Book Creator,Nordnes skole\n"				/* 7: wrong columns */
	    "Book Creator,Slettebakken skole,,,,,,,,,,,,,\n"		/* 8: not the importer's school */
	    "twin,,,,,,,,,,,,,,\n"					/* 9: ambiguous name */
	    ",Nordnes skole,,,,,,,,,,,,,\n";				/* 10: no tool */

	(void)state;
	assert_int_equal(parse(text, sizeof(text) - 1, &ctx, &res), -1);
	assert_int_equal(res.nrows, 0);
	assert_false(has_error(&res, 2, ""));
	assert_true(has_error(&res, 3, "No tool with this name"));
	assert_true(has_error(&res, 4, "No school with this name"));
	assert_true(has_error(&res, 5, "already on line"));
	assert_true(has_error(&res, 6, "Grades go from 1 to 13"));
	assert_true(has_error(&res, 6, "Pupils"));
	assert_true(has_error(&res, 6, "data category"));
	assert_true(has_error(&res, 6, "real date"));
	assert_true(has_error(&res, 6, "trial"));
	assert_true(has_error(&res, 6, "ja or nei"));
	assert_true(has_error(&res, 7, "number of columns"));
	assert_true(has_error(&res, 8, "your own schools"));
	assert_true(has_error(&res, 9, "Several tools"));
	assert_true(has_error(&res, 10, "tool is missing"));
	for (int i = 0; i < res.nerrors; i++)
		if (res.errors[i].line == 5)
			assert_str(res.errors[i].arg, "2");
}

static void
wrong_header_is_reported_once(void **state)
{
	struct inv_csv_result res;
	static const char text[] = "verktøy,skole,trinn,shoe\nKahoot!,,,\n";

	(void)state;
	assert_int_equal(parse(text, sizeof(text) - 1, &ctx, &res), -1);
	assert_true(has_error(&res, 1, "Unknown column"));
	assert_true(has_error(&res, 1, "Column missing"));
	assert_int_equal(parse("", 0, &ctx, &res), -1);
	assert_true(has_error(&res, 1, "empty"));
	assert_int_equal(parse(HDR, strlen(HDR), &ctx, &res), -1);
	assert_true(has_error(&res, 0, "no lines"));
	assert_int_equal(parse(HDR "\"open,,,\n", strlen(HDR) + 9, &ctx, &res), -1);
	assert_true(has_error(&res, 2, "quote"));
}

static void
the_whole_organisation_needs_org_wide_rights(void **state)
{
	struct inv_csv_ctx leader = ctx;
	struct inv_csv_result res;
	static const char text[] = HDR "Kahoot!,,,,,,,,,,,,,,\nKahoot!,Hele kommunen,,,,,,,,,,,,,\n";

	(void)state;
	leader.org_wide = 0;
	assert_int_equal(parse(text, sizeof(text) - 1, &leader, &res), -1);
	assert_true(has_error(&res, 2, "own schools"));
	assert_true(has_error(&res, 3, "own schools"));
	/* For an administrator, both lines mean the same row: a duplicate. */
	assert_int_equal(parse(text, sizeof(text) - 1, &ctx, &res), -1);
	assert_true(has_error(&res, 3, "already on line"));
}

static void
too_many_lines_and_too_many_bytes(void **state)
{
	struct inv_csv_result res;
	struct buf b;

	(void)state;
	buf_init(&b, 4u << 20, &A);
	buf_puts(&b, HDR);
	for (int i = 0; i <= INV_CSV_MAX_LINES; i++)
		buf_puts(&b, "Kahoot!,,,,,,,,,,,,,,\n");
	assert_int_equal(parse(buf_str(&b), b.len, &ctx, &res), -1);
	assert_true(has_error(&res, 0, "more than 20000 lines"));
	assert_int_equal(res.nerrors, INV_CSV_MAX_ERRORS + 1);
	assert_int_equal(res.errors[0].line, 0);	/* listed first */
	assert_true(res.more_errors > 0);	/* the duplicates beyond the cap */
	{
		size_t big = INV_CSV_MAX_BYTES + 1;
		char *p = arena_alloc(&A, big + 1);
		assert_non_null(p);
		memset(p, 'a', big);
		assert_int_equal(parse(p, big, &ctx, &res), -1);
		assert_true(has_error(&res, 0, "10 MB"));
	}
}

static void
export_parses_back_to_the_same_rows(void **state)
{
	struct inv_row rows[2];
	struct inv_csv_result res;
	struct buf b;
	struct csv c;
	char *f[32];

	(void)state;
	memset(rows, 0, sizeof(rows));
	rows[0].tool_id = 1;
	rows[0].tool_name = "Kahoot!";
	rows[0].school_id = 11;
	rows[0].school_name = "Nordnes skole";
	rows[0].grades = "5-7";
	rows[0].pupils = 120;
	rows[0].purpose = "=cmd|' /C calc'!A0";
	rows[0].responsible = "-Rektor, \"Randi\"";
	rows[0].since = "2023-08-15";
	rows[0].state = "trial";
	rows[0].usage_rules = "Linje 1\nLinje 2; med semikolon";
	rows[0].data = inv_key_bit(CS_DATA, "name") | inv_key_bit(CS_DATA, "schoolwork");
	rows[0].feide = inv_key_bit(CS_FEIDE, "userid");
	rows[0].has_dba = 1;
	rows[0].public_ = 1;
	rows[1] = rows[0];
	rows[1].tool_id = 4;
	rows[1].tool_name = "Læringsbrett";
	rows[1].school_id = 0;
	rows[1].school_name = "";
	rows[1].pupils = -1;
	rows[1].purpose = "@home";
	rows[1].since = "";
	rows[1].state = "phasing_out";
	for (int sep = 0; sep < 2; sep++) {
		char s = sep ? ';' : ',';
		buf_init(&b, 1 << 20, &A);
		inv_csv_export(&b, &A, rows, 2, s);
		assert_non_null(buf_str(&b));
		assert_memory_equal(b.p, "\xef\xbb\xbf", 3);
		/* A strict RFC 4180 read sees the formula cell guarded. */
		csv_init(&c, b.p, b.len, s);
		assert_int_equal(csv_next(&c, &A, f, 32), INV_CSV_NCOLS);
		assert_str(f[0], "verktøy");
		assert_int_equal(csv_next(&c, &A, f, 32), INV_CSV_NCOLS);
		assert_str(f[4], "'=cmd|' /C calc'!A0");
		assert_str(f[7], "'-Rektor, \"Randi\"");
		assert_int_equal(csv_next(&c, &A, f, 32), INV_CSV_NCOLS);
		assert_str(f[4], "'@home");
		assert_int_equal(csv_next(&c, &A, f, 32), 0);
		/* And the import reads back what was exported. */
		assert_int_equal(parse(b.p, b.len, &ctx, &res), 2);
		for (int i = 0; i < 2; i++) {
			const struct inv_row *a = &rows[i], *z = &res.rows[i].row;
			assert_int_equal(z->tool_id, a->tool_id);
			assert_int_equal(z->school_id, a->school_id);
			assert_str(z->grades, a->grades);
			assert_int_equal(z->pupils, a->pupils);
			assert_str(z->purpose, a->purpose);
			assert_str(z->responsible, a->responsible);
			assert_str(z->since, a->since);
			assert_str(z->state, a->state);
			assert_str(z->usage_rules, a->usage_rules);
			assert_int_equal(z->data, a->data);
			assert_int_equal(z->feide, a->feide);
			assert_int_equal(z->has_ros, a->has_ros);
			assert_int_equal(z->has_dba, a->has_dba);
			assert_int_equal(z->public_, a->public_);
		}
	}
}

static void
template_is_a_valid_file(void **state)
{
	struct inv_csv_result res;
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16, &A);
	inv_csv_template(&b, "Kahoot!", "Nordnes skole", ';');
	assert_int_equal(parse(b.p, b.len, &ctx, &res), 1);
	assert_int_equal(res.sep, ';');
	assert_int_equal(res.rows[0].row.tool_id, 1);
	assert_int_equal(res.rows[0].row.school_id, 11);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_with_and_without_bom),
		cmocka_unit_test(windows_1252_is_decoded),
		cmocka_unit_test(undefined_windows_1252_bytes_are_errors),
		cmocka_unit_test(mixed_encodings_are_refused),
		cmocka_unit_test(utf16_and_nul_bytes_are_refused),
		cmocka_unit_test(formula_cells_get_an_apostrophe),
		cmocka_unit_test(a_good_file_with_semicolons_and_norwegian_words),
		cmocka_unit_test(every_bad_line_is_reported_and_nothing_accepted),
		cmocka_unit_test(wrong_header_is_reported_once),
		cmocka_unit_test(the_whole_organisation_needs_org_wide_rights),
		cmocka_unit_test(too_many_lines_and_too_many_bytes),
		cmocka_unit_test(export_parses_back_to_the_same_rows),
		cmocka_unit_test(template_is_a_valid_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
