/*
 * test_i18n.c - the .po reader and language fallback (html/i18n). The
 * interface is only as good as its catalogue: continuation lines and escapes
 * must come through exactly, fuzzy and header entries must not be used, and
 * a missing text must fall back nn -> nb -> English msgid, en -> msgid.
 */
#include "unit.h"
#include "html/i18n.h"

static int
teardown(void **state)
{
	i18n_free();
	return 0;
}

static int
parse(const char *lang, const char *po)
{
	return i18n_parse(lang, po, strlen(po));
}

static const char catalogue[] =
	"# Norwegian (bokmål) translation of skolesec.\n"
	"msgid \"\"\n"
	"msgstr \"\"\n"
	"\"Project-Id-Version: skolesec\\n\"\n"
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	"\n"
	"#: src/pages/login.c:10\n"
	"msgid \"Log in\"\n"
	"msgstr \"Logg inn\"\n"
	"\n"
	"#: src/pages/org.c:20\n"
	"msgid \"\"\n"
	"\"A long text that \"\n"
	"\"continues\"\n"
	"msgstr \"\"\n"
	"\"En lang tekst som \"\n"
	"\"fortsetter\"\n"
	"\n"
	"msgid \"Say \\\"hi\\\"\\n\\tand \\\\ go\"\n"
	"msgstr \"Si \\\"hei\\\"\\n\\tog \\\\ gå\"\n"
	"\n"
	"msgid \"Untranslated\"\n"
	"msgstr \"\"\n"
	"\n"
	"msgid \"Before fuzzy\"\n"
	"msgstr \"Før uklar\"\n"
	"\n"
	"#: src/x.c:1\n"
	"#, fuzzy, c-format\n"
	"msgid \"Fuzzy one\"\n"
	"msgstr \"Uklar\"\n"
	"\n"
	"msgid \"After fuzzy\"\n"
	"msgstr \"Etter uklar\"\n";

static void
reads_simple_entries(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "Log in"), "Logg inn");
}

static void
joins_continuation_lines(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "A long text that continues"), "En lang tekst som fortsetter");
}

static void
decodes_c_escapes(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "Say \"hi\"\n\tand \\ go"), "Si \"hei\"\n\tog \\ gå");
}

static void
header_entry_is_not_a_translation(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", ""), "");
}

static void
empty_msgstr_falls_back_to_msgid(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "Untranslated"), "Untranslated");
}

static void
fuzzy_entry_is_skipped(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "Fuzzy one"), "Fuzzy one");
}

static void
fuzzy_flag_does_not_touch_neighbouring_entries(void **state)
{
	assert_true(parse("nb", catalogue) > 0);
	assert_str(i18n_get("nb", "Before fuzzy"), "Før uklar");
	assert_str(i18n_get("nb", "After fuzzy"), "Etter uklar");
}

static void
fuzzy_entry_at_end_of_file_is_skipped(void **state)
{
	assert_true(parse("nb", "msgid \"A\"\nmsgstr \"a\"\n\n#, fuzzy\nmsgid \"B\"\nmsgstr \"b\"\n") >= 1);
	assert_str(i18n_get("nb", "A"), "a");
	assert_str(i18n_get("nb", "B"), "B");
}

static void
entries_with_context_or_plural_are_skipped_without_losing_others(void **state)
{
	assert_true(parse("nb",
	    "msgid \"One\"\nmsgstr \"En\"\n\n"
	    "msgctxt \"menu\"\nmsgid \"Open\"\nmsgstr \"Åpne\"\n\n"
	    "msgid \"file\"\nmsgid_plural \"files\"\nmsgstr[0] \"fil\"\nmsgstr[1] \"filer\"\n\n"
	    "msgid \"Two\"\nmsgstr \"To\"\n") >= 2);
	assert_str(i18n_get("nb", "One"), "En");
	assert_str(i18n_get("nb", "Two"), "To");
	assert_str(i18n_get("nb", "Open"), "Open");
	assert_str(i18n_get("nb", "file"), "file");
}

static void
first_definition_wins(void **state)
{
	assert_true(parse("nb", "msgid \"X\"\nmsgstr \"first\"\n\nmsgid \"X\"\nmsgstr \"second\"\n") >= 1);
	assert_str(i18n_get("nb", "X"), "first");
}

static void
crlf_files_are_read(void **state)
{
	assert_true(parse("nb", "msgid \"Save\"\r\nmsgstr \"Lagre\"\r\n") >= 1);
	assert_str(i18n_get("nb", "Save"), "Lagre");
}

static void
malformed_lines_do_not_produce_entries(void **state)
{
	assert_true(parse("nb",
	    "msgid \"Bad escape \\q\"\nmsgstr \"Dårlig\"\n\n"
	    "msgid \"Unclosed\nmsgstr \"Åpen\"\n\n"
	    "msgid \"Good\"\nmsgstr \"Bra\"\n") >= 1);
	assert_str(i18n_get("nb", "Bad escape \\q"), "Bad escape \\q");
	assert_str(i18n_get("nb", "Unclosed"), "Unclosed");
	assert_str(i18n_get("nb", "Good"), "Bra");
}

static void
unknown_language_is_refused(void **state)
{
	assert_int_equal(parse("de", "msgid \"A\"\nmsgstr \"a\"\n"), -1);
	assert_null(i18n_lang("de"));
	assert_null(i18n_lang(NULL));
	assert_str(i18n_lang("nn"), "nn");
}

static void
nynorsk_falls_back_to_bokmaal_then_msgid(void **state)
{
	assert_true(parse("nb", "msgid \"Save\"\nmsgstr \"Lagre\"\n\nmsgid \"Schools\"\nmsgstr \"Skoler\"\n") >= 2);
	assert_true(parse("nn", "msgid \"Schools\"\nmsgstr \"Skular\"\n") >= 1);
	assert_str(i18n_get("nn", "Schools"), "Skular");
	assert_str(i18n_get("nn", "Save"), "Lagre");
	assert_str(i18n_get("nn", "Nowhere"), "Nowhere");
}

static void
english_uses_its_catalogue_then_the_msgid_never_bokmaal(void **state)
{
	assert_true(parse("nb", "msgid \"Save\"\nmsgstr \"Lagre\"\n\nmsgid \"Home\"\nmsgstr \"Hjem\"\n") >= 2);
	assert_true(parse("en", "msgid \"Home\"\nmsgstr \"Start page\"\n") >= 1);
	assert_str(i18n_get("en", "Save"), "Save");
	assert_str(i18n_get("en", "Home"), "Start page");
}

static void
unknown_or_missing_language_reads_bokmaal(void **state)
{
	assert_true(parse("nb", "msgid \"Save\"\nmsgstr \"Lagre\"\n") >= 1);
	assert_str(i18n_get("de", "Save"), "Lagre");
	assert_str(i18n_get(NULL, "Save"), "Lagre");
	assert_str(T(NULL, "Save"), "Lagre");
}

static void
bokmaal_does_not_read_nynorsk(void **state)
{
	assert_true(parse("nn", "msgid \"Schools\"\nmsgstr \"Skular\"\n") >= 1);
	assert_str(i18n_get("nb", "Schools"), "Schools");
}

static void
free_empties_the_catalogues(void **state)
{
	assert_true(parse("nb", "msgid \"Save\"\nmsgstr \"Lagre\"\n") >= 1);
	i18n_free();
	assert_str(i18n_get("nb", "Save"), "Save");
}

#define T_(f) cmocka_unit_test_teardown(f, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T_(reads_simple_entries),
		T_(joins_continuation_lines),
		T_(decodes_c_escapes),
		T_(header_entry_is_not_a_translation),
		T_(empty_msgstr_falls_back_to_msgid),
		T_(fuzzy_entry_is_skipped),
		T_(fuzzy_flag_does_not_touch_neighbouring_entries),
		T_(fuzzy_entry_at_end_of_file_is_skipped),
		T_(entries_with_context_or_plural_are_skipped_without_losing_others),
		T_(first_definition_wins),
		T_(crlf_files_are_read),
		T_(malformed_lines_do_not_produce_entries),
		T_(unknown_language_is_refused),
		T_(nynorsk_falls_back_to_bokmaal_then_msgid),
		T_(english_uses_its_catalogue_then_the_msgid_never_bokmaal),
		T_(unknown_or_missing_language_reads_bokmaal),
		T_(bokmaal_does_not_read_nynorsk),
		T_(free_empties_the_catalogues),
	};

	return cmocka_run_group_tests_name("html/i18n", tests, NULL, NULL);
}
