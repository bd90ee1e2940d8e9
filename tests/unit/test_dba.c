/*
 * test_dba.c - the pure parts of the DBA register (domain/dba): days until
 * expiry (what puts an agreement on the renewal list), the file name kept
 * for an upload, and the content checks of the signed PDF that run before
 * any database work (type by magic bytes, not by name; size limit).
 */
#include "unit.h"
#include "domain/dba.h"

static int
setup(void **state)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return -1;
	arena_init(a, 32u << 20);
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	free(*state);
	return 0;
}

static void
days_between_dates(void **state)
{
	(void)state;
	assert_int_equal(dba_days_between("2026-11-23", "2026-11-23"), 0);
	assert_int_equal(dba_days_between("2026-11-23", "2027-02-21"), 90);	/* the window's edge */
	assert_int_equal(dba_days_between("2026-11-23", "2026-11-18"), -5);
	assert_int_equal(dba_days_between("2024-02-28", "2024-03-01"), 2);	/* leap year */
	assert_int_equal(dba_days_between("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(dba_days_between("2026-12-31", "2027-01-01"), 1);
	assert_int_equal(dba_days_between("1970-01-01", "2000-01-01"), 10957);
}

static void
bad_dates_have_no_distance(void **state)
{
	static const char *bad[] = { "", "2026-13-01", "2026-02-30", "2023-02-29", "26-01-01",
	    "2026/01/01", "2026-01-1x", "2026-01-010", "1969-12-31", NULL };

	(void)state;
	for (int i = 0; bad[i]; i++) {
		if (dba_days_between("2026-01-01", bad[i]) != DBA_NO_DATE)
			fail_msg("accepted %s", bad[i]);
		if (dba_days_between(bad[i], "2026-01-01") != DBA_NO_DATE)
			fail_msg("accepted today %s", bad[i]);
	}
	assert_int_equal(dba_days_between(NULL, "2026-01-01"), DBA_NO_DATE);
	assert_int_equal(dba_days_between("2024-02-29", "2024-03-01"), 1);
}

static void
filename_is_the_last_component_without_control_bytes(void **state)
{
	struct arena *a = *state;
	char longname[300];

	assert_str(dba_clean_filename(a, "C:\\fakepath\\Avtale.pdf"), "Avtale.pdf");
	assert_str(dba_clean_filename(a, "../../etc/passwd"), "passwd");
	assert_str(dba_clean_filename(a, "a\tb\x7f" "c.pdf"), "abc.pdf");
	assert_str(dba_clean_filename(a, ""), "agreement.pdf");
	assert_str(dba_clean_filename(a, "dir/"), "agreement.pdf");
	assert_str(dba_clean_filename(a, NULL), "agreement.pdf");
	assert_str(dba_clean_filename(a, "Avtale æøå.pdf"), "Avtale æøå.pdf");
	/* 119 ASCII bytes then "æ" (2 bytes) and more: cut before the æ, not inside it. */
	memset(longname, 'x', 119);
	memcpy(longname + 119, "\xc3\xa6yyyy", 7);
	assert_int_equal(strlen(dba_clean_filename(a, longname)), 119);
}

static void
json_strings_for_display(void **state)
{
	assert_str(dba_json_str(*state, "{\"country\":\"US\",\"n\":1}", "country"), "US");
	assert_str(dba_json_str(*state, "{\"n\":1}", "n"), "");
	assert_str(dba_json_str(*state, "{\"n\":1}", "missing"), "");
	assert_str(dba_json_str(*state, "not json", "x"), "");
	assert_str(dba_json_str(*state, NULL, "x"), "");
}

static void
pdf_checked_by_content_and_size_before_the_database(void **state)
{
	struct arena *a = *state;
	const char *err;
	int status;
	char *big;

	/* db is NULL: these must be refused before any query. */
	assert_int_equal(dba_doc_store(NULL, a, 1, 1, 1, "a.pdf", "", 0, &err, &status), -1);
	assert_int_equal(status, 400);
	assert_str(err, "Choose the signed agreement as a PDF file.");
	assert_int_equal(dba_doc_store(NULL, a, 1, 1, 1, "a.pdf", "hello world", 11, &err, &status), -1);
	assert_int_equal(status, 400);
	assert_str(err, "The file is not a PDF document.");
	assert_int_equal(dba_doc_store(NULL, a, 1, 1, 1, "a.pdf", "%PDF", 4, &err, &status), -1);
	assert_str(err, "The file is not a PDF document.");
	assert_int_equal(dba_doc_store(NULL, a, 1, 1, 1, "a.pdf", " %PDF-1.4", 9, &err, &status), -1);
	assert_str(err, "The file is not a PDF document.");
	big = arena_alloc(a, DBA_PDF_MAX + 1);
	assert_non_null(big);
	memcpy(big, "%PDF-1.4", 8);
	assert_int_equal(dba_doc_store(NULL, a, 1, 1, 1, "a.pdf", big, DBA_PDF_MAX + 1, &err, &status), -1);
	assert_int_equal(status, 413);
	assert_str(err, "The file is larger than 10 MB.");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(days_between_dates),
		T(bad_dates_have_no_distance),
		T(filename_is_the_last_component_without_control_bytes),
		T(json_strings_for_display),
		T(pdf_checked_by_content_and_size_before_the_database),
	};

	return cmocka_run_group_tests_name("domain/dba", tests, NULL, NULL);
}
