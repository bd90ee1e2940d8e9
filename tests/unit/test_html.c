/*
 * test_html.c - the escaping HTML writer (html/html). Data reaches a page
 * only through these functions, so each must neutralise every character
 * that can change how HTML is parsed in its context. (html_lit accepting
 * only string literals is a compile-time property and is not tested here.)
 */
#include "unit.h"
#include "html/html.h"
#include "html/i18n.h"

static int
setup(void **state)
{
	*state = unit_req_new();
	return 0;
}

static int
teardown(void **state)
{
	unit_req_free(*state);
	i18n_free();
	return 0;
}

static void
text_escapes_the_five_special_characters(void **state)
{
	struct req *r = *state;

	html_text(r, "<script>alert(\"x\" & 'y')</script>");
	assert_str(unit_out(r),
	    "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
}

static void
text_leaves_other_bytes_alone(void **state)
{
	struct req *r = *state;

	html_text(r, "Åstveit skole – 100% bra; a=b/c?d#e");
	assert_str(unit_out(r), "Åstveit skole – 100% bra; a=b/c?d#e");
}

static void
already_escaped_text_is_escaped_again(void **state)
{
	struct req *r = *state;

	html_text(r, "&amp;&lt;");
	assert_str(unit_out(r), "&amp;amp;&amp;lt;");
}

static void
null_and_empty_text_write_nothing(void **state)
{
	struct req *r = *state;

	html_text(r, NULL);
	html_text(r, "");
	html_attr(r, NULL);
	assert_str(unit_out(r), "");
}

static void
attribute_value_cannot_break_out_of_quotes(void **state)
{
	struct req *r = *state;

	html_lit(r, "<input value=\"");
	html_attr(r, "\" onfocus='alert(1)' x=\"<>&");
	html_lit(r, "\">");
	assert_str(unit_out(r), "<input value=\"&quot; onfocus=&#39;alert(1)&#39; "
	    "x=&quot;&lt;&gt;&amp;\">");
}

static void
attrkv_writes_escaped_pair_or_nothing(void **state)
{
	struct req *r = *state;

	html_attrkv(r, "title", "a\"b<c");
	html_attrkv(r, "hidden", NULL);
	assert_str(unit_out(r), " title=\"a&quot;b&lt;c\"");
}

static void
urlarg_percent_encodes_all_but_unreserved(void **state)
{
	struct req *r = *state;

	html_urlarg(r, "AZaz09-_.~");
	html_lit(r, "|");
	html_urlarg(r, "a b&c=d/e?f#g+h%\"'<>");
	html_lit(r, "|");
	html_urlarg(r, "Ø\n");
	assert_str(unit_out(r), "AZaz09-_.~|a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25%22%27%3C%3E"
	    "|%C3%98%0A");
}

static void
urlarg_of_null_writes_nothing(void **state)
{
	struct req *r = *state;

	html_urlarg(r, NULL);
	assert_str(unit_out(r), "");
}

static void
lit_writes_markup_verbatim(void **state)
{
	struct req *r = *state;

	html_lit(r, "<p class=\"x\">");
	html_text(r, "<b>");
	html_lit(r, "</p>");
	assert_str(unit_out(r), "<p class=\"x\">&lt;b&gt;</p>");
}

static void
int_and_time_are_formatted(void **state)
{
	struct req *r = *state;

	html_int(r, -9223372036854775807LL - 1);
	html_lit(r, " ");
	html_time(r, 0);
	html_lit(r, " ");
	html_time(r, 1700000000);
	assert_str(unit_out(r), "-9223372036854775808 1970-01-01 00:00 2023-11-14 22:13");
}

static void
translated_text_is_escaped_too(void **state)
{
	struct req *r = *state;
	static const char po[] =
	    "msgid \"Hello\"\n"
	    "msgstr \"Hei <du> & \\\"deg\\\"\"\n";

	assert_true(i18n_parse("nb", po, strlen(po)) >= 1);
	html_t(r, "Hello");
	html_lit(r, "|");
	html_t(r, "Not <translated>");
	assert_str(unit_out(r), "Hei &lt;du&gt; &amp; &quot;deg&quot;|Not &lt;translated&gt;");
}

static void
escape_to_buffer_matches_page_escaping(void **state)
{
	struct buf b;

	buf_init(&b, 100, NULL);
	html_escape_to(&b, "a<b>\"c'&");
	assert_str(buf_str(&b), "a&lt;b&gt;&quot;c&#39;&amp;");
	buf_free(&b);
}

static void
escape_respects_the_buffer_bound(void **state)
{
	struct buf b;

	buf_init(&b, 8, NULL);
	html_escape_to(&b, "<<<");	/* 12 bytes escaped */
	assert_int_equal(buf_err(&b), 1);
	buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(text_escapes_the_five_special_characters),
		T(text_leaves_other_bytes_alone),
		T(already_escaped_text_is_escaped_again),
		T(null_and_empty_text_write_nothing),
		T(attribute_value_cannot_break_out_of_quotes),
		T(attrkv_writes_escaped_pair_or_nothing),
		T(urlarg_percent_encodes_all_but_unreserved),
		T(urlarg_of_null_writes_nothing),
		T(lit_writes_markup_verbatim),
		T(int_and_time_are_formatted),
		T(translated_text_is_escaped_too),
		cmocka_unit_test(escape_to_buffer_matches_page_escaping),
		cmocka_unit_test(escape_respects_the_buffer_bound),
	};

	return cmocka_run_group_tests_name("html/html", tests, NULL, NULL);
}
