/*
 * test_form.c - urlencoded decoding and declared-field validation
 * (http/form). This is where every user input is first judged: broken
 * encoding is refused, undeclared fields are ignored, and each declared
 * field must parse whole and be clean text, or it gets a message.
 */
#include "unit.h"
#include "http/form.h"

struct fix {
	struct arena a;
	struct kv kv[64];
	int n;
};

static int
setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	arena_init(&x->a, 4u << 20);
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

/* Decodes s (which must be well-formed) into x->kv. */
static int
dec(struct fix *x, const char *s)
{
	x->n = form_decode(&x->a, s, strlen(s), x->kv, 64);
	return x->n;
}

/* Decodes body and checks it against one field; returns that field's error. */
static const char *
check1(struct fix *x, const struct field *f, const char *body, struct fval *v)
{
	assert_true(dec(x, body) >= 0);
	form_check(&x->a, x->kv, x->n, f, 1, v);
	return v->err;
}

/* ---- form_decode ------------------------------------------------------- */

static void
decodes_pairs_plus_and_percent_escapes(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, "name=Ola+Nordmann&by=T%C3%B8nsberg&pct=100%25&sym=%2b%2B%3d"), 4);
	assert_str(x->kv[0].k, "name");
	assert_str(x->kv[0].v, "Ola Nordmann");
	assert_str(x->kv[1].v, "Tønsberg");
	assert_str(x->kv[2].v, "100%");
	assert_str(x->kv[3].v, "++=");
}

static void
decodes_keys_too(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, "a+b=1&c%5Bd%5D=2"), 2);
	assert_str(x->kv[0].k, "a b");
	assert_str(x->kv[1].k, "c[d]");
}

static void
value_may_contain_equals_sign(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, "next=/o/1?x=y"), 1);
	assert_str(x->kv[0].k, "next");
	assert_str(x->kv[0].v, "/o/1?x=y");
}

static void
bad_percent_escapes_refuse_the_whole_body(void **state)
{
	static const char *const bad[] = {
		"a=%", "a=%4", "a=%zz", "a=%g1", "a=1%", "a=%%41", "%=1", "a%2=1", "a=ok&b=%x0",
	};
	struct fix *x = *state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (dec(x, bad[i]) != -1)
			fail_msg("\"%s\" decoded to %d pairs", bad[i], x->n);
}

static void
empty_pairs_are_skipped(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, ""), 0);
	assert_int_equal(dec(x, "&&&"), 0);
	assert_int_equal(dec(x, "&a=1&&b=2&"), 2);
	assert_str(x->kv[0].k, "a");
	assert_str(x->kv[1].k, "b");
}

static void
key_without_value_has_empty_value(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, "flag&x="), 2);
	assert_str(x->kv[0].k, "flag");
	assert_str(x->kv[0].v, "");
	assert_str(x->kv[1].k, "x");
	assert_str(x->kv[1].v, "");
}

static void
too_many_pairs_is_refused(void **state)
{
	struct fix *x = *state;
	struct kv kv[3];

	assert_int_equal(form_decode(&x->a, "a=1&b=2&c=3", 11, kv, 3), 3);
	assert_int_equal(form_decode(&x->a, "a=1&b=2&c=3&d=4", 15, kv, 3), -1);
	assert_int_equal(form_decode(&x->a, "a=1&&&b=2&&c=3&", 15, kv, 3), 3);
}

static void
nul_in_value_is_flagged_and_nul_in_key_dropped(void **state)
{
	struct fix *x = *state;

	assert_int_equal(dec(x, "a=x%00y&b%00c=1&d=2"), 2);
	assert_str(x->kv[0].k, "a");
	assert_null(x->kv[0].v);	/* form_check names it */
	assert_str(x->kv[1].k, "d");
}

static void
decodes_only_the_given_length(void **state)
{
	struct fix *x = *state;

	assert_int_equal(form_decode(&x->a, "a=1&b=2", 3, x->kv, 64), 1);
	assert_str(x->kv[0].v, "1");
}

static void
url_decode_plus_only_when_asked(void **state)
{
	struct fix *x = *state;
	size_t n;

	assert_str(url_decode(&x->a, "a+b%20c", 7, 0, &n), "a+b c");
	assert_int_equal(n, 5);
	assert_str(url_decode(&x->a, "a+b%20c", 7, 1, NULL), "a b c");
	assert_null(url_decode(&x->a, "%e", 2, 0, NULL));
	assert_str(url_decode(&x->a, "%00", 3, 0, &n), "");
	assert_int_equal(n, 1);
}

/* ---- UTF-8 ------------------------------------------------------------- */

static void
utf8_accepts_valid_text(void **state)
{
	static const char *const good[] = {
		"", "ascii", "æøå ÆØÅ", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf",
		"\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80", "\xf0\x9f\x98\x80",
		"\xf4\x8f\xbf\xbf",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!utf8_valid(good[i], strlen(good[i])))
			fail_msg("valid UTF-8 #%zu refused", i);
}

static void
utf8_refuses_overlongs_surrogates_and_out_of_range(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf",
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf",			/* overlong */
		"\xed\xa0\x80", "\xed\xbf\xbf", "\xed\xa0\xbd\xed\xb8\x80",	/* surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf",	/* > U+10FFFF */
		"\xf8\x88\x80\x80\x80", "\xfe", "\xff",
		"\xc3", "\xe2\x82", "\xf0\x9f\x98",			/* truncated */
		"a\xc3(", "\xe2\x28\xa1", "\xe2\x82\x28",		/* bad continuation */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (utf8_valid(bad[i], strlen(bad[i])))
			fail_msg("invalid UTF-8 #%zu accepted", i);
}

static void
utf8_checks_only_the_given_length(void **state)
{
	assert_true(utf8_valid("ab\xc3\xa5", 2));
	assert_false(utf8_valid("ab\xc3\xa5", 3));
	assert_true(utf8_valid("ab\xc3\xa5", 4));
}

/* ---- form_check -------------------------------------------------------- */

static const struct field f_name = { "name", F_TEXT, 1, 0, 0, 0, NULL };
static const struct field f_opt = { "name", F_TEXT, 0, 0, 0, 0, NULL };

static void
required_field_missing_or_blank_is_an_error(void **state)
{
	struct fix *x = *state;
	struct fval v;

	assert_non_null(check1(x, &f_name, "other=1", &v));
	assert_non_null(check1(x, &f_name, "name=", &v));
	assert_non_null(check1(x, &f_name, "name=+++", &v));
	assert_null(check1(x, &f_name, "name=Ola", &v));
	assert_str(v.s, "Ola");
}

static void
optional_field_may_be_absent(void **state)
{
	struct fix *x = *state;
	struct fval v;

	assert_null(check1(x, &f_opt, "", &v));
	assert_null(v.s);
}

static void
text_is_trimmed(void **state)
{
	struct fix *x = *state;
	struct fval v;

	assert_null(check1(x, &f_name, "name=++Ola+Nordmann++", &v));
	assert_str(v.s, "Ola Nordmann");
}

static void
too_long_value_is_an_error(void **state)
{
	struct fix *x = *state;
	const struct field f5 = { "s", F_TEXT, 0, 5, 0, 0, NULL };
	struct fval v;
	char body[300];

	assert_null(check1(x, &f5, "s=abcde", &v));
	assert_non_null(check1(x, &f5, "s=abcdef", &v));
	/* 5 bytes, 3 characters: the limit is in bytes */
	assert_non_null(check1(x, &f5, "s=%C3%A6%C3%B8%C3%A5", &v));
	/* The default limit is 200 bytes. */
	memcpy(body, "name=", 5);
	memset(body + 5, 'x', 200);
	body[205] = '\0';
	assert_null(check1(x, &f_name, body, &v));
	body[205] = 'x';
	body[206] = '\0';
	assert_non_null(check1(x, &f_name, body, &v));
}

static void
duplicate_field_is_an_error(void **state)
{
	struct fix *x = *state;
	struct fval v;

	assert_non_null(check1(x, &f_name, "name=a&name=b", &v));
	assert_non_null(check1(x, &f_name, "name=a&name=a", &v));
	assert_non_null(check1(x, &f_opt, "name=&name=", &v));
}

static void
nul_byte_is_an_error(void **state)
{
	struct fix *x = *state;
	struct fval v;

	assert_non_null(check1(x, &f_name, "name=a%00b", &v));
	assert_null(v.s);
}

static void
invalid_utf8_is_an_error(void **state)
{
	static const char *const bad[] = {
		"name=%FF", "name=%C0%AF", "name=%E0%80%AF", "name=%ED%A0%80",
		"name=%F4%90%80%80", "name=%C3",
	};
	struct fix *x = *state;
	struct fval v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (check1(x, &f_name, bad[i], &v) == NULL)
			fail_msg("%s accepted", bad[i]);
	assert_null(check1(x, &f_name, "name=%C3%85", &v));
	assert_str(v.s, "Å");
}

static void
control_characters_are_an_error_in_one_line_text(void **state)
{
	static const char *const bad[] = {
		"name=a%01b", "name=a%0Ab", "name=a%0Db", "name=a%09b", "name=a%7Fb", "name=%1B[31m",
	};
	struct fix *x = *state;
	struct fval v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (check1(x, &f_name, bad[i], &v) == NULL)
			fail_msg("%s accepted", bad[i]);
}

static void
multiline_allows_newlines_and_tabs_only(void **state)
{
	struct fix *x = *state;
	const struct field f = { "t", F_MULTILINE, 0, 1000, 0, 0, NULL };
	struct fval v;

	assert_null(check1(x, &f, "t=line1%0D%0Aline2%09tab", &v));
	assert_str(v.s, "line1\r\nline2\ttab");
	assert_non_null(check1(x, &f, "t=bell%07", &v));
	assert_non_null(check1(x, &f, "t=del%7F", &v));
}

static void
password_is_kept_as_sent(void **state)
{
	struct fix *x = *state;
	const struct field f = { "pw", F_PASSWORD, 1, 0, 0, 0, NULL };
	struct fval v;

	assert_null(check1(x, &f, "pw=+secret%09+", &v));
	assert_str(v.s, " secret\t ");
}

static void
int_parses_whole_within_range(void **state)
{
	struct fix *x = *state;
	const struct field f = { "n", F_INT, 0, 0, 1, 10, NULL };
	const struct field req = { "n", F_INT, 1, 0, 1, 10, NULL };
	struct fval v;

	assert_null(check1(x, &f, "n=7", &v));
	assert_int_equal(v.i, 7);
	assert_null(check1(x, &f, "n=+10+", &v));	/* spaces around, trimmed */
	assert_int_equal(v.i, 10);
	assert_null(check1(x, &f, "n=1", &v));
	assert_int_equal(v.i, 1);
	assert_non_null(check1(x, &f, "n=0", &v));
	assert_non_null(check1(x, &f, "n=11", &v));
	assert_non_null(check1(x, &f, "n=-1", &v));
	assert_non_null(check1(x, &f, "n=7a", &v));
	assert_non_null(check1(x, &f, "n=%2B7", &v));
	assert_non_null(check1(x, &f, "n=0x5", &v));
	assert_non_null(check1(x, &f, "n=99999999999999999999", &v));
	assert_null(check1(x, &f, "n=", &v));
	assert_null(v.s);
	assert_non_null(check1(x, &req, "n=", &v));
}

static const char *const levels[] = { "grunnskole", "videregaende", "begge", NULL };

static void
enum_accepts_only_its_choices(void **state)
{
	struct fix *x = *state;
	const struct field f = { "level", F_ENUM, 0, 0, 0, 0, levels };
	struct fval v;

	assert_null(check1(x, &f, "level=begge", &v));
	assert_ptr_equal(v.s, levels[2]);
	assert_non_null(check1(x, &f, "level=Begge", &v));
	assert_non_null(check1(x, &f, "level=begge+", &v));
	assert_non_null(check1(x, &f, "level=other", &v));
	assert_null(check1(x, &f, "level=", &v));
	assert_null(v.s);
}

static void
bool_is_on_or_absent(void **state)
{
	struct fix *x = *state;
	const struct field f = { "ok", F_BOOL, 0, 0, 0, 0, NULL };
	const struct field req = { "ok", F_BOOL, 1, 0, 0, 0, NULL };
	struct fval v;

	assert_null(check1(x, &f, "ok=on", &v));
	assert_int_equal(v.i, 1);
	assert_null(check1(x, &f, "ok=1", &v));
	assert_int_equal(v.i, 1);
	assert_null(check1(x, &f, "", &v));
	assert_int_equal(v.i, 0);
	assert_null(check1(x, &f, "ok=0", &v));
	assert_int_equal(v.i, 0);
	assert_non_null(check1(x, &f, "ok=yes", &v));
	assert_non_null(check1(x, &f, "ok=on&ok=on", &v));
	assert_null(check1(x, &req, "ok=on", &v));
	assert_non_null(check1(x, &req, "", &v));
}

static void
email_is_trimmed_and_checked(void **state)
{
	static const char *const bad[] = {
		"e=ola", "e=ola%40", "e=%40kommune.no", "e=ola%40kommune", "e=ola%40kommune.",
		"e=ola%40.no", "e=ola%40%40kommune.no", "e=o%40la%40kommune.no",
		"e=ola+nordmann%40kommune.no", "e=%3Cola%3E%40kommune.no", "e=ola%40kommune.no%2Cx%40y.no",
		"e=ola%40kommune.no%3B", "e=%22ola%22%40kommune.no",
	};
	struct fix *x = *state;
	const struct field f = { "e", F_EMAIL, 1, 0, 0, 0, NULL };
	struct fval v;

	assert_null(check1(x, &f, "e=+ola.nordmann%2Bx%40bergen.kommune.no+", &v));
	assert_str(v.s, "ola.nordmann+x@bergen.kommune.no");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (check1(x, &f, bad[i], &v) == NULL)
			fail_msg("%s accepted as %s", bad[i], v.s);
	assert_non_null(check1(x, &f, "e=++", &v));	/* required */
}

static void
multi_collects_repeated_integers(void **state)
{
	struct fix *x = *state;
	const struct field f = { "s", F_MULTI, 0, 0, 1, 100, NULL };
	struct fval v;

	assert_null(check1(x, &f, "s=3&s=5&s=100", &v));
	assert_int_equal(v.nmulti, 3);
	assert_int_equal(v.multi[0], 3);
	assert_int_equal(v.multi[2], 100);
	assert_non_null(check1(x, &f, "s=3&s=x", &v));
	assert_non_null(check1(x, &f, "s=101", &v));
}

static void
multi_refuses_more_values_than_it_holds(void **state)
{
	struct fix *x = *state;
	const struct field f = { "s", F_MULTI, 0, 0, 1, 100, NULL };
	struct fval v;
	struct kv kv[FORM_MAX_MULTI + 1];

	for (int i = 0; i <= FORM_MAX_MULTI; i++) {
		kv[i].k = "s";
		kv[i].v = "1";
	}
	assert_int_equal(form_check(&x->a, kv, FORM_MAX_MULTI, &f, 1, &v), 0);
	assert_int_equal(v.nmulti, FORM_MAX_MULTI);
	assert_int_equal(form_check(&x->a, kv, FORM_MAX_MULTI + 1, &f, 1, &v), 1);
	assert_non_null(v.err);
}

static void
undeclared_fields_are_ignored_and_errors_counted(void **state)
{
	struct fix *x = *state;
	const struct field fs[] = {
		{ "email", F_EMAIL, 1, 0, 0, 0, NULL },
		{ "pupils", F_INT, 0, 0, 0, 100000, NULL },
		{ "level", F_ENUM, 1, 0, 0, 0, levels },
	};
	struct fval v[3];

	assert_int_equal(dec(x, "is_admin=1&email=a%40b.no&role=org_admin&pupils=12&level=begge"), 5);
	assert_int_equal(form_check(&x->a, x->kv, x->n, fs, 3, v), 0);
	assert_str(v[0].s, "a@b.no");
	assert_int_equal(v[1].i, 12);
	assert_str(v[2].s, "begge");
	assert_int_equal(dec(x, "email=bad&pupils=x&extra=1"), 3);
	assert_int_equal(form_check(&x->a, x->kv, x->n, fs, 3, v), 3);
	assert_non_null(v[0].err);
	assert_non_null(v[1].err);
	assert_non_null(v[2].err);
}

static void
email_valid_directly(void **state)
{
	assert_true(email_valid("a@b.no"));
	assert_true(email_valid("first.last+tag@sub.kommune.no"));
	assert_false(email_valid("a@b"));
	assert_false(email_valid("a b@c.no"));
	assert_false(email_valid("a@b.no\n"));
	assert_false(email_valid(""));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(decodes_pairs_plus_and_percent_escapes),
		T(decodes_keys_too),
		T(value_may_contain_equals_sign),
		T(bad_percent_escapes_refuse_the_whole_body),
		T(empty_pairs_are_skipped),
		T(key_without_value_has_empty_value),
		T(too_many_pairs_is_refused),
		T(nul_in_value_is_flagged_and_nul_in_key_dropped),
		T(decodes_only_the_given_length),
		T(url_decode_plus_only_when_asked),
		cmocka_unit_test(utf8_accepts_valid_text),
		cmocka_unit_test(utf8_refuses_overlongs_surrogates_and_out_of_range),
		cmocka_unit_test(utf8_checks_only_the_given_length),
		T(required_field_missing_or_blank_is_an_error),
		T(optional_field_may_be_absent),
		T(text_is_trimmed),
		T(too_long_value_is_an_error),
		T(duplicate_field_is_an_error),
		T(nul_byte_is_an_error),
		T(invalid_utf8_is_an_error),
		T(control_characters_are_an_error_in_one_line_text),
		T(multiline_allows_newlines_and_tabs_only),
		T(password_is_kept_as_sent),
		T(int_parses_whole_within_range),
		T(enum_accepts_only_its_choices),
		T(bool_is_on_or_absent),
		T(email_is_trimmed_and_checked),
		T(multi_collects_repeated_integers),
		T(multi_refuses_more_values_than_it_holds),
		T(undeclared_fields_are_ignored_and_errors_counted),
		cmocka_unit_test(email_valid_directly),
	};

	return cmocka_run_group_tests_name("http/form", tests, NULL, NULL);
}
