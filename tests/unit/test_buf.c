/*
 * test_buf.c - the bounded string builder (core/buf). Every piece of output
 * and every request body goes through it, so its bound and its sticky error
 * are what keep oversized input from turning into unbounded memory or a
 * silently truncated page.
 */
#include "unit.h"

static void
appends_and_stays_nul_terminated(void **state)
{
	struct buf b;

	buf_init(&b, 100, NULL);
	assert_str(buf_str(&b), "");
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_put(&b, "defg", 2);
	assert_int_equal(b.len, 5);
	assert_str(buf_str(&b), "abcde");
	assert_int_equal(b.p[b.len], '\0');
	assert_int_equal(buf_err(&b), 0);
	buf_free(&b);
}

static void
grows_past_initial_capacity_keeping_content(void **state)
{
	struct buf b;
	char expect[5001];

	buf_init(&b, 100000, NULL);
	for (int i = 0; i < 5000; i++) {
		buf_putc(&b, (char)('a' + i % 26));
		expect[i] = (char)('a' + i % 26);
	}
	expect[5000] = '\0';
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(b.len, 5000);
	assert_true(b.cap > 5000);
	assert_true(b.cap <= 100001);
	assert_str(buf_str(&b), expect);
	buf_free(&b);
}

static void
fills_exactly_to_max(void **state)
{
	struct buf b;

	buf_init(&b, 10, NULL);
	buf_puts(&b, "0123456789");
	assert_int_equal(buf_err(&b), 0);
	assert_str(buf_str(&b), "0123456789");
	assert_true(b.cap <= 11);
	buf_free(&b);
}

static void
append_past_max_sets_sticky_error(void **state)
{
	struct buf b;

	buf_init(&b, 10, NULL);
	buf_puts(&b, "0123456789");
	buf_putc(&b, 'x');
	assert_int_equal(buf_err(&b), 1);
	assert_null(buf_str(&b));
	/* Later appends are ignored, even small ones that would fit a fresh buf. */
	buf_free(&b);
	buf_init(&b, 10, NULL);
	buf_puts(&b, "01234567");
	buf_puts(&b, "abc");		/* 11 > 10 */
	assert_int_equal(buf_err(&b), 1);
	buf_puts(&b, "z");
	buf_printf(&b, "%d", 1);
	assert_int_equal(buf_err(&b), 1);
	assert_int_equal(b.len, 8);
	assert_null(buf_str(&b));
	buf_free(&b);
}

static void
one_big_append_past_max_is_refused_whole(void **state)
{
	struct buf b;

	buf_init(&b, 4, NULL);
	buf_puts(&b, "abcdefgh");
	assert_int_equal(buf_err(&b), 1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
reset_clears_content_and_error(void **state)
{
	struct buf b;

	buf_init(&b, 3, NULL);
	buf_puts(&b, "abcd");
	assert_int_equal(buf_err(&b), 1);
	buf_reset(&b);
	assert_int_equal(buf_err(&b), 0);
	buf_puts(&b, "xy");
	assert_str(buf_str(&b), "xy");
	buf_free(&b);
}

static void
counts_embedded_nul_bytes_in_length(void **state)
{
	struct buf b;

	buf_init(&b, 100, NULL);
	buf_put(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b", 4);
	buf_free(&b);
}

static void
printf_formats_and_appends(void **state)
{
	struct buf b;

	buf_init(&b, 100, NULL);
	buf_puts(&b, "n=");
	buf_printf(&b, "%d-%s-%05.1f", 42, "x", 3.14159);
	assert_str(buf_str(&b), "n=42-x-003.1");
	assert_int_equal(b.len, strlen("n=42-x-003.1"));
	buf_free(&b);
}

static void
printf_past_max_sets_error(void **state)
{
	struct buf b;

	buf_init(&b, 8, NULL);
	buf_printf(&b, "%s", "12345678");
	assert_int_equal(buf_err(&b), 0);
	buf_reset(&b);
	buf_printf(&b, "%s", "123456789");
	assert_int_equal(buf_err(&b), 1);
	assert_null(buf_str(&b));
	buf_free(&b);
}

static void
printf_of_large_output_grows_the_buffer(void **state)
{
	struct buf b;

	buf_init(&b, 1 << 16, NULL);
	buf_printf(&b, "%0999d|%s", 7, "end");
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(b.len, 1003);
	assert_str(buf_str(&b) + 998, "7|end");
	buf_free(&b);
}

static void
detach_hands_over_the_bytes(void **state)
{
	struct buf b;
	size_t len = 0;
	char *p;

	buf_init(&b, 100, NULL);
	buf_puts(&b, "hello");
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 5);
	assert_str(p, "hello");
	/* The buf no longer owns them and is empty again. */
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	buf_puts(&b, "new");
	assert_str(buf_str(&b), "new");
	buf_free(&b);
	free(p);
}

static void
detach_of_empty_buf_gives_empty_string(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	buf_init(&b, 100, NULL);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_str(p, "");
	free(p);
}

static void
detach_after_error_gives_null_and_frees(void **state)
{
	struct buf b;

	buf_init(&b, 2, NULL);
	buf_puts(&b, "ab");
	buf_puts(&b, "c");
	assert_null(buf_detach(&b, NULL));
	assert_null(b.p);
}

static void
arena_buf_grows_inside_the_arena_and_cannot_be_detached(void **state)
{
	struct arena a;
	struct buf b;

	arena_init(&a, 1 << 20);
	buf_init(&b, 100000, &a);
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(buf_err(&b), 0);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.p[9999], '9');
	assert_true(a.total >= 10000);
	assert_null(buf_detach(&b, NULL));
	arena_free(&a);
}

static void
arena_buf_fails_when_the_arena_is_exhausted(void **state)
{
	struct arena a;
	struct buf b;

	arena_init(&a, 32768);
	buf_init(&b, 1 << 20, &a);
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(buf_err(&b), 1);
	assert_null(buf_str(&b));
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appends_and_stays_nul_terminated),
		cmocka_unit_test(grows_past_initial_capacity_keeping_content),
		cmocka_unit_test(fills_exactly_to_max),
		cmocka_unit_test(append_past_max_sets_sticky_error),
		cmocka_unit_test(one_big_append_past_max_is_refused_whole),
		cmocka_unit_test(reset_clears_content_and_error),
		cmocka_unit_test(counts_embedded_nul_bytes_in_length),
		cmocka_unit_test(printf_formats_and_appends),
		cmocka_unit_test(printf_past_max_sets_error),
		cmocka_unit_test(printf_of_large_output_grows_the_buffer),
		cmocka_unit_test(detach_hands_over_the_bytes),
		cmocka_unit_test(detach_of_empty_buf_gives_empty_string),
		cmocka_unit_test(detach_after_error_gives_null_and_frees),
		cmocka_unit_test(arena_buf_grows_inside_the_arena_and_cannot_be_detached),
		cmocka_unit_test(arena_buf_fails_when_the_arena_is_exhausted),
	};

	return cmocka_run_group_tests_name("core/buf", tests, NULL, NULL);
}
