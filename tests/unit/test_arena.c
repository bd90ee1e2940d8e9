/*
 * test_arena.c - the per-request bump allocator (core/arena). A request's
 * memory must stay under its limit, come back aligned for any type and
 * zeroed, and size arithmetic must never wrap into a small allocation.
 */
#include "unit.h"

#define ALIGN _Alignof(max_align_t)

static void
allocations_are_zeroed_and_aligned(void **state)
{
	struct arena a;
	static const size_t sizes[] = { 1, 3, 7, 8, 15, 16, 17, 33, 100, 1000, 20000 };

	arena_init(&a, 1 << 20);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % ALIGN, 0);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, sizes[i]);	/* ASan checks the whole size is ours */
	}
	arena_free(&a);
}

static void
zero_size_allocation_gives_a_distinct_pointer(void **state)
{
	struct arena a;
	void *p, *q;

	arena_init(&a, 1 << 20);
	p = arena_alloc(&a, 0);
	q = arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(&a);
}

static void
allocations_do_not_overlap(void **state)
{
	struct arena a;
	char *p[64];

	arena_init(&a, 1 << 20);
	for (int i = 0; i < 64; i++) {
		p[i] = arena_alloc(&a, 500);
		assert_non_null(p[i]);
		memset(p[i], i, 500);
	}
	for (int i = 0; i < 64; i++)
		for (int k = 0; k < 500; k++)
			assert_int_equal(p[i][k], i);
	arena_free(&a);
}

static void
refuses_allocations_beyond_its_limit(void **state)
{
	struct arena a;

	arena_init(&a, 2 * 16384);
	assert_non_null(arena_alloc(&a, 16384));
	assert_non_null(arena_alloc(&a, 16384));
	assert_null(arena_alloc(&a, 16));
	assert_true(a.total <= a.limit);
	arena_free(&a);
	assert_int_equal(a.total, 0);
}

static void
refuses_a_single_allocation_larger_than_its_limit(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_null(arena_alloc(&a, (1 << 20) + 1));
	assert_int_equal(a.total, 0);
	assert_non_null(arena_alloc(&a, 100));
	arena_free(&a);
}

static void
huge_sizes_fail_instead_of_wrapping(void **state)
{
	struct arena a;

	arena_init(&a, SIZE_MAX);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 1));
	assert_null(arena_alloc(&a, SIZE_MAX / 2 + 1));
	arena_free(&a);
}

static void
strdup_and_strndup_copy(void **state)
{
	struct arena a;
	const char *src = "skolesec";
	char *p;

	arena_init(&a, 1 << 20);
	p = arena_strdup(&a, src);
	assert_str(p, "skolesec");
	assert_ptr_not_equal(p, src);
	assert_str(arena_strndup(&a, "abcdef", 3), "abc");
	assert_str(arena_strndup(&a, "ab\0cd", 5), "ab");
	assert_str(arena_strdup(&a, ""), "");
	assert_null(arena_strdup(&a, NULL));
	arena_free(&a);
}

static void
printf_formats_into_the_arena(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_str(arena_printf(&a, "%s=%d;%lld", "org", 7, (long long)-3), "org=7;-3");
	assert_str(arena_printf(&a, "%s", ""), "");
	arena_free(&a);
}

static void
printf_fails_when_the_result_exceeds_the_limit(void **state)
{
	struct arena a;

	arena_init(&a, 32768);
	assert_null(arena_printf(&a, "%040000d", 1));
	arena_free(&a);
}

static void
free_then_reuse_works(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_non_null(arena_alloc(&a, 100000));
	arena_free(&a);
	assert_null(a.head);
	assert_str(arena_strdup(&a, "again"), "again");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allocations_are_zeroed_and_aligned),
		cmocka_unit_test(zero_size_allocation_gives_a_distinct_pointer),
		cmocka_unit_test(allocations_do_not_overlap),
		cmocka_unit_test(refuses_allocations_beyond_its_limit),
		cmocka_unit_test(refuses_a_single_allocation_larger_than_its_limit),
		cmocka_unit_test(huge_sizes_fail_instead_of_wrapping),
		cmocka_unit_test(strdup_and_strndup_copy),
		cmocka_unit_test(printf_formats_into_the_arena),
		cmocka_unit_test(printf_fails_when_the_result_exceeds_the_limit),
		cmocka_unit_test(free_then_reuse_works),
	};

	return cmocka_run_group_tests_name("core/arena", tests, NULL, NULL);
}
