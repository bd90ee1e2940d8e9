/*
 * test_org.c - Norwegian organisation numbers (orgnr_valid in domain/org).
 * Schools and organisations are matched by orgnr on import, so a typo must
 * be caught by the MOD11 check digit rather than create a second school.
 */
#include "unit.h"
#include "domain/org.h"

static void
accepts_known_real_numbers(void **state)
{
	assert_true(orgnr_valid("974760673"));	/* Brønnøysundregistrene */
	assert_true(orgnr_valid("971526920"));	/* Statistisk sentralbyrå */
}

static void
accepts_numbers_whose_check_digit_is_zero(void **state)
{
	/* 11 - 0 = 11 is written as 0 */
	assert_true(orgnr_valid("971526920"));
	assert_true(orgnr_valid("900000030"));
}

static void
rejects_every_other_check_digit(void **state)
{
	char s[10] = "97476067_";

	for (char d = '0'; d <= '9'; d++) {
		s[8] = d;
		if (orgnr_valid(s) != (d == '3'))
			fail_msg("%s: got %d", s, orgnr_valid(s));
	}
}

static void
rejects_a_single_changed_digit(void **state)
{
	static const char *const typo[] = {
		"874760673", "984760673", "970760673", "974860673", "974750673",
		"974761673", "974760573", "974760683",
	};

	for (size_t i = 0; i < sizeof(typo) / sizeof(typo[0]); i++)
		assert_false(orgnr_valid(typo[i]));
}

static void
rejects_numbers_whose_check_digit_would_be_ten(void **state)
{
	/* For 91234567 the weighted sum leaves remainder 1, so the check digit
	 * would be 11 - 1 = 10: such numbers are never issued. */
	static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
	char s[10] = "91234567_";
	int sum = 0;

	for (int i = 0; i < 8; i++)
		sum += (s[i] - '0') * w[i];
	assert_int_equal(11 - sum % 11, 10);	/* the premise of this test */
	for (char d = '0'; d <= '9'; d++) {
		s[8] = d;
		if (orgnr_valid(s))
			fail_msg("%s accepted although no check digit fits", s);
	}
}

static void
rejects_wrong_length_and_non_digits(void **state)
{
	static const char *const bad[] = {
		"", "97476067", "9747606730", "0974760673", " 974760673", "974760673 ",
		"974 760 673", "97476067a", "a74760673", "974760673\n", "-74760673",
		"+74760673", "９74760673",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (orgnr_valid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	assert_false(orgnr_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_known_real_numbers),
		cmocka_unit_test(accepts_numbers_whose_check_digit_is_zero),
		cmocka_unit_test(rejects_every_other_check_digit),
		cmocka_unit_test(rejects_a_single_changed_digit),
		cmocka_unit_test(rejects_numbers_whose_check_digit_would_be_ten),
		cmocka_unit_test(rejects_wrong_length_and_non_digits),
	};

	return cmocka_run_group_tests_name("domain/org orgnr", tests, NULL, NULL);
}
