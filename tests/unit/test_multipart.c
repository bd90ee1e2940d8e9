/*
 * test_multipart.c - the multipart/form-data parser (http/multipart) that the
 * signed-DBA upload goes through. What a browser sends must come out part by
 * part with the exact bytes (binary and NULs included); anything a browser
 * would not send (bad boundary, LF-only framing, preamble, epilogue, unknown
 * headers or parameters, a part without a name, an unclosed part, too many
 * parts) must be refused with a message, never half-parsed.
 */
#include "unit.h"
#include "http/multipart.h"

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

static int
parse_n(void **state, const char *body, size_t len, struct mpart *p, int max, const char **err)
{
	return multipart_parse(*state, body, len, "XyZ", p, max, err);
}

static int
parse(void **state, const char *body, struct mpart *p, const char **err)
{
	return parse_n(state, body, strlen(body), p, 8, err);
}

static void
boundary_from_content_type(void **state)
{
	const char *err;

	assert_str(multipart_boundary(*state, "multipart/form-data; boundary=abc123", &err), "abc123");
	assert_null(err);
	assert_str(multipart_boundary(*state, "Multipart/Form-Data;boundary=\"a b:c\"", &err), "a b:c");
	assert_str(multipart_boundary(*state,
	    "multipart/form-data; charset=utf-8; BOUNDARY=----WebKitFormBoundary7MA4YWxk ", &err),
	    "----WebKitFormBoundary7MA4YWxk");
}

static void
bad_boundaries_are_refused(void **state)
{
	const char *err;
	static const char *bad[] = {
		"multipart/form-data",
		"multipart/form-data;",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"ends with space \"",
		"multipart/form-data; boundary=\"has\\\"quote\"",
		"multipart/form-data; boundary=\"no-close",
		"multipart/form-data; boundary=a; boundary=b",
		"multipart/form-data; boundary=a{b}",
		"multipart/form-data; boundary=x12345678901234567890123456789012345678901234567890"
		    "12345678901234567890",	/* 71 characters */
		"multipart/mixed; boundary=abc",
		"multipart/form-dataX; boundary=abc",
		"application/x-www-form-urlencoded",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		if (multipart_boundary(*state, bad[i], &err) != NULL)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(err);
	}
	assert_non_null(multipart_boundary(*state, "multipart/form-data; boundary=x1234567890"
	    "12345678901234567890123456789012345678901234567890123456789", &err));
}

static void
recognises_the_type(void **state)
{
	(void)state;
	assert_true(multipart_is("multipart/form-data; boundary=a"));
	assert_true(multipart_is("MULTIPART/FORM-DATA"));
	assert_false(multipart_is("multipart/form-datax"));
	assert_false(multipart_is("application/x-www-form-urlencoded"));
	assert_false(multipart_is(NULL));
}

static void
splits_a_browser_body(void **state)
{
	struct mpart p[8];
	const char *err;
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"_csrf\"\r\n"
	    "\r\n"
	    "tok123\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"Avtale æøå.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n"
	    "\r\n"
	    "%PDF-1.4\r\n\0binary --XyZ is data when no CRLF precedes it\r\n"
	    "--XyZ\r\n"
	    "content-disposition: FORM-DATA; name=empty\r\n"
	    "\r\n"
	    "\r\n"
	    "--XyZ--\r\n";
	int n = parse_n(state, body, sizeof(body) - 1, p, 8, &err);

	assert_int_equal(n, 3);
	assert_null(err);
	assert_str(p[0].name, "_csrf");
	assert_null(p[0].filename);
	assert_null(p[0].ctype);
	assert_int_equal(p[0].len, 6);
	assert_memory_equal(p[0].data, "tok123", 6);
	assert_str(p[1].name, "file");
	assert_str(p[1].filename, "Avtale æøå.pdf");
	assert_str(p[1].ctype, "application/pdf");
	/* The content ends right before CRLF--XyZ; "--XyZ" without a CRLF
	 * before it belongs to the data. */
	assert_int_equal(p[1].len, strlen("%PDF-1.4\r\n") + 1 + strlen("binary --XyZ is data when no CRLF precedes it"));
	assert_memory_equal(p[1].data, "%PDF-1.4\r\n\0binary", 17);
	assert_str(p[2].name, "empty");
	assert_int_equal(p[2].len, 0);
}

static void
close_delimiter_may_lack_the_final_crlf(void **state)
{
	struct mpart p[2];
	const char *err;

	assert_int_equal(parse(state, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--",
	    p, &err), 1);
	assert_int_equal(p[0].len, 1);
	assert_int_equal(parse(state, "--XyZ\r\nContent-Disposition: form-data; name=\"\xc3\xa5\"; filename=\"\"\r\n\r\n\r\n--XyZ--",
	    p, &err), 1);
	assert_str(p[0].name, "\xc3\xa5");
	assert_str(p[0].filename, "");
	/* Browsers send a backslash as itself (no escapes in the quoted string). */
	assert_int_equal(parse(state, "--XyZ\r\nContent-Disposition: form-data; name=f;"
	    " filename=\"C:\\fakepath\\a.pdf\"\r\n\r\n%PDF\r\n--XyZ--", p, &err), 1);
	assert_str(p[0].filename, "C:\\fakepath\\a.pdf");
}

static void
malformed_framing_is_refused(void **state)
{
	static const char *bad[] = {
		"",
		"--XyZ--\r\n",				/* no parts */
		"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--",
		"--XyZ\nContent-Disposition: form-data; name=a\n\nv\n--XyZ--",	/* LF only */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--\r\nepilogue",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ",	/* not closed */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue never closed",
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n",		/* headers not ended */
		"--XyZ \r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--",	/* padding */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ\r\n",	/* empty last part */
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ---",
		"--xyz\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--xyz--",	/* case matters */
	};
	struct mpart p[8];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *err = NULL;
		if (parse(state, bad[i], p, &err) != -1)
			fail_msg("accepted case %zu", i);
		assert_non_null(err);
	}
}

static void
bad_part_headers_are_refused(void **state)
{
	static const char *bad[] = {
		"Content-Type: text/plain",				/* no disposition */
		"Content-Disposition: attachment; name=a",
		"Content-Disposition: form-data",			/* no name */
		"Content-Disposition: form-data; name=\"\"",
		"Content-Disposition: form-data; name=a; name=b",
		"Content-Disposition: form-data; name=a; filename=x; filename=y",
		"Content-Disposition: form-data; name=a; filename*=UTF-8''x",
		"Content-Disposition: form-data; name=\"a\\\"b\"",	/* \" is no escape */
		"Content-Disposition: form-data; name=\"a\r\nb\"",
		"Content-Disposition: form-data; name=\"a\xff\"",
		"Content-Disposition: form-data; name=\"a\" junk",
		"Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b",
		"Content-Disposition: form-data; name=a\r\nContent-Type: a\r\nContent-Type: b",
		"Content-Disposition: form-data; name=a\r\nContent-Type:",
		"Content-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64",
		"Content-Disposition: form-data; name=a\r\n continued",
		"Content-Disposition form-data; name=a",
		"Content-Disposition: form-data; name=a\r\nX: 1\r\nY: 2\r\nZ: 3\r\nW: 4",
	};
	struct mpart p[4];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *body = arena_printf(*state, "--XyZ\r\n%s\r\n\r\nv\r\n--XyZ--\r\n", bad[i]);
		const char *err = NULL;
		if (parse(state, body, p, &err) != -1)
			fail_msg("accepted header case %zu", i);
		assert_non_null(err);
	}
}

static void
long_header_line_is_refused(void **state)
{
	struct buf b;
	struct mpart p[2];
	const char *err;

	buf_init(&b, 1 << 16, *state);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"");
	for (int i = 0; i < 1100; i++)
		buf_putc(&b, 'n');
	buf_puts(&b, "\"\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(parse(state, buf_str(&b), p, &err), -1);
	assert_non_null(err);
}

static void
too_many_parts_are_refused(void **state)
{
	static const char body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=c\r\n\r\n3\r\n--XyZ--\r\n";
	struct mpart p[3];
	const char *err;

	assert_int_equal(parse_n(state, body, strlen(body), p, 2, &err), -1);
	assert_non_null(err);
	assert_int_equal(parse_n(state, body, strlen(body), p, 3, &err), 3);
	assert_str(p[2].name, "c");
}

static void
every_truncation_of_a_good_body_is_refused(void **state)
{
	static const char body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n\r\n%PDF-1.7 data\r\n--XyZ--\r\n";
	struct mpart p[2];
	const char *err;
	size_t n = strlen(body);

	/* Only the whole body and the one without its final CRLF are complete. */
	for (size_t k = 0; k + 2 < n; k++)
		if (parse_n(state, body, k, p, 2, &err) != -1)
			fail_msg("accepted a body cut at %zu", k);
	assert_int_equal(parse_n(state, body, n - 2, p, 2, &err), 1);
	assert_int_equal(parse_n(state, body, n, p, 2, &err), 1);
	assert_int_equal(p[0].len, strlen("%PDF-1.7 data"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(boundary_from_content_type),
		T(bad_boundaries_are_refused),
		T(recognises_the_type),
		T(splits_a_browser_body),
		T(close_delimiter_may_lack_the_final_crlf),
		T(malformed_framing_is_refused),
		T(bad_part_headers_are_refused),
		T(long_header_line_is_refused),
		T(too_many_parts_are_refused),
		T(every_truncation_of_a_good_body_is_refused),
	};

	return cmocka_run_group_tests_name("http/multipart", tests, NULL, NULL);
}
