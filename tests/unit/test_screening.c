/*
 * test_screening.c - the screening rules (screening_evaluate) with worked
 * examples a privacy adviser would recognise. The rules decide whether a
 * municipality is told to write a DPIA, so each example states the answers,
 * the criteria and listed cases that must be found, and what is needed:
 *   - Kahoot! for pupils: vulnerable + scoring -> DPIA, ROS, DBA;
 *   - a dictionary app without personal data -> nothing;
 *   - Google Workspace: vulnerable + large scale, outside the EEA -> DPIA,
 *     DBA, and the transfer reason;
 *   - a well-being survey: one criterion but a listed case -> DPIA;
 *   - staff monitoring: one criterion but a listed case -> DPIA;
 *   - one criterion and no listed case -> no DPIA, and the reason says so.
 */
#include "unit.h"
#include "domain/inventory.h"
#include "domain/screening.h"

#define Q(x) (1u << (x))
#define C(x) (1u << (x))
#define L(x) (1u << (x))

static int
has_reason(const struct screening_out *o, const char *key)
{
	for (int i = 0; i < o->nreasons; i++)
		if (strcmp(o->reasons[i], key) == 0)
			return 1;
	return 0;
}

static void
every_reason_has_text(const struct screening_out *o)
{
	for (int i = 0; i < o->nreasons; i++)
		if (screening_reason_text(o->reasons[i]) == NULL)
			fail_msg("reason %s has no text", o->reasons[i]);
}

static void
kahoot_for_pupils_needs_dpia_ros_and_dba(void **state)
{
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_PUPILS) | Q(SQ_EVALUATION) | Q(SQ_PROCESSOR), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_true(o.personal);
	assert_true(o.needs_ros);
	assert_true(o.needs_dpia);
	assert_true(o.needs_dba);
	assert_int_equal(o.criteria, C(C_VULNERABLE) | C(C_EVALUATION));
	assert_int_equal(o.ncriteria, 2);
	assert_int_equal(o.listed, 0);
	assert_true(has_reason(&o, "ros_personal"));
	assert_true(has_reason(&o, "dpia_criteria"));
	assert_false(has_reason(&o, "dpia_listed"));
	assert_true(has_reason(&o, "children_vulnerable"));
	assert_true(has_reason(&o, "dba_processor"));
	every_reason_has_text(&o);
}

static void
dictionary_without_personal_data_needs_nothing(void **state)
{
	/* Even a tick elsewhere does not count once there is no personal data. */
	struct screening_in in = { Q(SQ_NEW_TECH), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_false(o.personal);
	assert_false(o.needs_ros);
	assert_false(o.needs_dpia);
	assert_false(o.needs_dba);
	assert_int_equal(o.criteria, 0);
	assert_int_equal(o.nreasons, 1);
	assert_string_equal(o.reasons[0], "no_personal_data");
	every_reason_has_text(&o);
}

static void
google_workspace_large_scale_and_transfer(void **state)
{
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_PUPILS) | Q(SQ_STAFF) | Q(SQ_LARGE_SCALE) |
	    Q(SQ_OUTSIDE_EEA) | Q(SQ_PROCESSOR), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_true(o.needs_dpia);
	assert_true(o.needs_dba);
	assert_true(o.needs_ros);
	assert_int_equal(o.criteria, C(C_VULNERABLE) | C(C_LARGE_SCALE));
	assert_true(has_reason(&o, "dpia_criteria"));
	assert_true(has_reason(&o, "transfer"));
	every_reason_has_text(&o);
}

static void
wellbeing_survey_is_a_listed_case_with_one_criterion(void **state)
{
	/* Pupils' well-being, nothing else: only "vulnerable" is met, but
	 * evaluating learning, mastery or well-being in schools is on
	 * Datatilsynet's list, so a DPIA is required anyway. */
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_PUPIL_EVALUATION), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_int_equal(o.ncriteria, 1);
	assert_int_equal(o.criteria, C(C_VULNERABLE));	/* pupils implied and pre-marked */
	assert_int_equal(o.listed, L(L_PUPIL_EVALUATION));
	assert_true(o.needs_dpia);
	assert_false(o.needs_dba);
	assert_true(has_reason(&o, "dpia_listed"));
	assert_false(has_reason(&o, "dpia_criteria"));
	assert_true(has_reason(&o, "dba_not_processor"));
	every_reason_has_text(&o);
}

static void
staff_monitoring_is_a_listed_case(void **state)
{
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_STAFF) | Q(SQ_MONITORING_STAFF), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_int_equal(o.criteria, C(C_MONITORING));
	assert_int_equal(o.listed, L(L_STAFF_MONITORING));
	assert_true(o.needs_dpia);
	assert_false(has_reason(&o, "children_vulnerable"));
}

static void
one_criterion_without_listed_case_needs_no_dpia(void **state)
{
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_PUPILS) | Q(SQ_PROCESSOR), 0 };
	struct screening_in none = { Q(SQ_PERSONAL) | Q(SQ_STAFF), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_int_equal(o.ncriteria, 1);
	assert_false(o.needs_dpia);
	assert_true(o.needs_ros);
	assert_true(o.needs_dba);
	assert_true(has_reason(&o, "dpia_one_criterion"));
	screening_evaluate(&none, &o);
	assert_int_equal(o.ncriteria, 0);
	assert_false(o.needs_dpia);
	assert_false(o.needs_dba);
	assert_true(o.needs_ros);	/* KS: always a ROS with personal data */
	assert_true(has_reason(&o, "dpia_no_criteria"));
}

static void
location_counts_only_with_another_criterion(void **state)
{
	struct screening_in alone = { Q(SQ_PERSONAL) | Q(SQ_PARENTS) | Q(SQ_LOCATION), 0 };
	struct screening_in with = { Q(SQ_PERSONAL) | Q(SQ_PARENTS) | Q(SQ_LOCATION) | Q(SQ_MATCHING), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&alone, &o);
	assert_int_equal(o.criteria, C(C_SENSITIVE));	/* WP248: highly personal */
	assert_int_equal(o.listed, 0);
	assert_false(o.needs_dpia);
	screening_evaluate(&with, &o);
	assert_true(o.listed & L(L_LOCATION));
	assert_true(o.needs_dpia);
}

static void
large_scale_special_categories_are_listed(void **state)
{
	struct screening_in in = { Q(SQ_PERSONAL) | Q(SQ_STAFF) | Q(SQ_SPECIAL) | Q(SQ_LARGE_SCALE), 0 };
	struct screening_in tech = { Q(SQ_PERSONAL) | Q(SQ_STAFF) | Q(SQ_NEW_TECH) | Q(SQ_MATCHING), 0 };
	struct screening_in tech_alone = { Q(SQ_PERSONAL) | Q(SQ_STAFF) | Q(SQ_NEW_TECH), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&in, &o);
	assert_true(o.listed & L(L_LARGE_SCALE_SPECIAL));
	assert_true(has_reason(&o, "special_basis"));
	screening_evaluate(&tech, &o);
	assert_true(o.listed & L(L_NEW_TECH));
	screening_evaluate(&tech_alone, &o);
	assert_int_equal(o.listed, 0);
	assert_false(o.needs_dpia);
}

static void
feide_attributes_mean_personal_data(void **state)
{
	unsigned nin = inv_key_bit(CS_FEIDE, "userid-nin");
	struct screening_in in = { 0, nin | inv_key_bit(CS_FEIDE, "profile") };
	struct screening_out o;

	(void)state;
	assert_true(nin != 0);
	screening_evaluate(&in, &o);
	assert_true(o.personal);
	assert_true(o.needs_ros);
	assert_true(has_reason(&o, "feide_personal"));
	assert_true(has_reason(&o, "nin"));
	every_reason_has_text(&o);
}

static void
all_nine_criteria_and_keys_are_distinct(void **state)
{
	struct screening_in all = { ~0u >> (32 - SQ__COUNT), 0 };
	struct screening_out o;

	(void)state;
	screening_evaluate(&all, &o);
	assert_int_equal(o.ncriteria, 9);
	assert_int_equal(o.nlisted, L__COUNT);
	assert_true(o.nreasons <= SCREEN_MAX_REASONS);
	for (int i = 0; i < SQ__COUNT; i++) {
		assert_non_null(screening_questions[i].key);
		assert_int_equal(screening_question_index(screening_questions[i].key), i);
	}
	for (int i = 0; i < C__COUNT; i++)
		for (int k = 0; k < i; k++)
			assert_string_not_equal(screening_criteria[i].key, screening_criteria[k].key);
	assert_null(screening_reason_text("no_such_reason"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kahoot_for_pupils_needs_dpia_ros_and_dba),
		cmocka_unit_test(dictionary_without_personal_data_needs_nothing),
		cmocka_unit_test(google_workspace_large_scale_and_transfer),
		cmocka_unit_test(wellbeing_survey_is_a_listed_case_with_one_criterion),
		cmocka_unit_test(staff_monitoring_is_a_listed_case),
		cmocka_unit_test(one_criterion_without_listed_case_needs_no_dpia),
		cmocka_unit_test(location_counts_only_with_another_criterion),
		cmocka_unit_test(large_scale_special_categories_are_listed),
		cmocka_unit_test(feide_attributes_mean_personal_data),
		cmocka_unit_test(all_nine_criteria_and_keys_are_distinct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
