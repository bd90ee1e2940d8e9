/*
 * test_cookie.c - reading the session cookie out of a Cookie header and
 * writing Set-Cookie (http/cookie). The session id must be found exactly by
 * name (no prefix or suffix confusion), and anything that is not a plain
 * token must be refused rather than passed on to the session lookup.
 */
#include "unit.h"
#include "http/cookie.h"

#define SID "skolesec_sid"

static int
setup(void **state)
{
	struct arena *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return -1;
	arena_init(a, 1 << 20);
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

static const char *
get(void **state, const char *h)
{
	return cookie_get(*state, h, SID, 64);
}

static void
finds_the_cookie_among_several(void **state)
{
	assert_str(get(state, "a=1; skolesec_sid=abc123; b=2"), "abc123");
	assert_str(get(state, "skolesec_sid=first"), "first");
	assert_str(get(state, "a=1; b=2; skolesec_sid=last"), "last");
	assert_str(cookie_get(*state, "skolesec_sid=x; skolesec_lang=nn", "skolesec_lang", 8), "nn");
}

static void
tolerates_spaces_tabs_and_missing_spaces(void **state)
{
	assert_str(get(state, "a=1;skolesec_sid=abc;b=2"), "abc");
	assert_str(get(state, "   a=1 ;   \tskolesec_sid=abc   ;b=2"), "abc");
	assert_str(get(state, "skolesec_sid=abc \t"), "abc");
	assert_str(get(state, ";;skolesec_sid=abc;;"), "abc");
}

static void
unwraps_a_quoted_value(void **state)
{
	assert_str(get(state, "skolesec_sid=\"abc\""), "abc");
	assert_str(get(state, "a=\"x;y\"; skolesec_sid=ok"), "ok");
}

static void
absent_cookie_is_null(void **state)
{
	assert_null(get(state, "a=1; b=2"));
	assert_null(get(state, ""));
	assert_null(get(state, NULL));
	assert_null(get(state, "skolesec_sid"));
}

static void
name_must_match_exactly(void **state)
{
	assert_null(get(state, "xskolesec_sid=evil"));
	assert_null(get(state, "skolesec_sidx=evil"));
	assert_null(get(state, "skolesec_si=evil"));
	assert_null(get(state, "SKOLESEC_SID=evil"));
	assert_null(get(state, "a=skolesec_sid=evil"));
	assert_str(get(state, "xskolesec_sid=evil; skolesec_sid=good"), "good");
	assert_str(get(state, "skolesec_sidx=evil; skolesec_sid=good"), "good");
	assert_str(get(state, "a=skolesec_sid=evil; skolesec_sid=good"), "good");
}

static void
pair_without_equals_is_skipped(void **state)
{
	assert_str(get(state, "junk; skolesec_sid=abc"), "abc");
	assert_str(get(state, "skolesec_sid; skolesec_sid=abc"), "abc");
}

static void
values_with_bad_bytes_are_refused(void **state)
{
	static const char *const bad[] = {
		"skolesec_sid=ab,c", "skolesec_sid=ab\"c", "skolesec_sid=ab\\c",
		"skolesec_sid=ab c", "skolesec_sid=ab\tc", "skolesec_sid=ab\x01" "c",
		"skolesec_sid=ab\x7f" "c", "skolesec_sid=\xc3\xa6", "skolesec_sid=\"abc",
		"skolesec_sid=abc\"", "skolesec_sid=\"", "skolesec_sid=\"\"",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *v = get(state, bad[i]);
		if (v != NULL)
			fail_msg("cookie #%zu accepted as \"%s\"", i, v);
	}
}

static void
empty_value_is_refused(void **state)
{
	assert_null(get(state, "skolesec_sid="));
	assert_null(get(state, "skolesec_sid=   ; a=1"));
}

static void
value_longer_than_maxlen_is_refused(void **state)
{
	assert_str(cookie_get(*state, "skolesec_sid=12345678", SID, 8), "12345678");
	assert_null(cookie_get(*state, "skolesec_sid=123456789", SID, 8));
	assert_null(cookie_get(*state, "skolesec_sid=\"123456789\"", SID, 8));
}

static void
set_cookie_has_secure_defaults(void **state)
{
	assert_str(cookie_set(*state, SID, "tok", -1, 1),
	    "skolesec_sid=tok; Path=/; HttpOnly; SameSite=Lax; Secure");
}

static void
set_cookie_without_secure_and_with_max_age(void **state)
{
	assert_str(cookie_set(*state, SID, "tok", 3600, 0),
	    "skolesec_sid=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
}

static void
set_cookie_max_age_zero_deletes(void **state)
{
	const char *s = cookie_set(*state, SID, "", 0, 1);

	assert_str(s, "skolesec_sid=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(finds_the_cookie_among_several),
		T(tolerates_spaces_tabs_and_missing_spaces),
		T(unwraps_a_quoted_value),
		T(absent_cookie_is_null),
		T(name_must_match_exactly),
		T(pair_without_equals_is_skipped),
		T(values_with_bad_bytes_are_refused),
		T(empty_value_is_refused),
		T(value_longer_than_maxlen_is_refused),
		T(set_cookie_has_secure_defaults),
		T(set_cookie_without_secure_and_with_max_age),
		T(set_cookie_max_age_zero_deletes),
	};

	return cmocka_run_group_tests_name("http/cookie", tests, NULL, NULL);
}
