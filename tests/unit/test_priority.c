/*
 * test_priority.c - the priority score on worked examples (issue 6), the
 * pieces it is built from (pupil bands, youngest grade, residual risk), the
 * sort order, and the plan's pure rules (value checks, overdue, progress).
 *
 * The worked examples are the ones in docs/domain-model.md ("Priority
 * list"), computed by hand from the formula, not from the code.
 */
#include "unit.h"

#include "domain/catalogue.h"
#include "domain/inventory.h"
#include "domain/plan.h"
#include "domain/priority.h"

static unsigned
bits(enum cat_set set, const char *const *keys)
{
	unsigned m = 0;

	for (int i = 0; keys[i]; i++) {
		unsigned b = inv_key_bit(set, keys[i]);
		assert_true(b != 0);
		m |= b;
	}
	return m;
}

static int
points_of(const struct prio_row *r, const char *msgid)
{
	for (int i = 0; i < r->nreasons; i++)
		if (strcmp(r->reason[i].msgid, msgid) == 0)
			return r->reason[i].points;
	return 0;
}

static void
pupil_bands(void **state)
{
	(void)state;
	assert_int_equal(priority_pupil_points(0), 0);
	assert_int_equal(priority_pupil_points(-1), 0);
	assert_int_equal(priority_pupil_points(1), 5);
	assert_int_equal(priority_pupil_points(99), 5);
	assert_int_equal(priority_pupil_points(100), 10);
	assert_int_equal(priority_pupil_points(499), 10);
	assert_int_equal(priority_pupil_points(500), 15);
	assert_int_equal(priority_pupil_points(1999), 15);
	assert_int_equal(priority_pupil_points(2000), 20);
	assert_int_equal(priority_pupil_points(90000), 20);
}

static void
youngest_grade(void **state)
{
	(void)state;
	assert_int_equal(priority_youngest(""), 0);
	assert_int_equal(priority_youngest(NULL), 0);
	assert_int_equal(priority_youngest("1-4"), 1);
	assert_int_equal(priority_youngest("8-10"), 8);
	assert_int_equal(priority_youngest("8,9,3"), 3);
	assert_int_equal(priority_youngest("5-7,10"), 5);
	assert_int_equal(priority_youngest("11,12,13"), 11);
}

static void
residual_falls_back_to_inherent(void **state)
{
	(void)state;
	assert_int_equal(priority_residual(4, 5, 2, 3, 1, 1), 6);
	assert_int_equal(priority_residual(4, 5, 0, 0, 1, 0), 20);
	assert_int_equal(priority_residual(0, 0, 0, 0, 0, 0), 0);
}

/*
 * Worked example 1 (docs): a learning app used by 420 pupils in years 1-4,
 * with health data, Feide userid-nin, no ROS, DPIA needed and missing, a
 * DBA expired, screened, two high residual risks:
 *   10 (pupils) + 10 (young) + 15 (special) + 10 (nin) + 15 (ROS)
 *   + 20 (DPIA) + 10 (DBA expired) + 20 (risks) = 110.
 */
static void
worked_example_high(void **state)
{
	static const char *const data[] = { "name", "health", "nin", NULL };
	static const char *const feide[] = { "userid-nin", "profile", NULL };
	struct prio_tool t = { 1, "App", 420, 1, 0, 0, DOC_MISSING, DOC_MISSING, DOC_EXPIRED, 1, 2 };
	struct prio_row r;

	(void)state;
	t.data = bits(CS_DATA, data);
	t.feide = bits(CS_FEIDE, feide);
	memset(&r, 0, sizeof(r));
	priority_score_tool(&t, &r);
	assert_int_equal(r.base, 110);
	assert_int_equal(r.score, 110);
	assert_int_equal(r.kind, PRIO_TOOL);
	assert_int_equal(points_of(&r, "Pupils exposed"), 10);
	assert_int_equal(points_of(&r, "Young pupils (years 1–4)"), 10);
	assert_int_equal(points_of(&r, "Special categories of data (health, special needs)"), 15);
	assert_int_equal(points_of(&r, "Sensitive personal data"), 0);
	assert_int_equal(points_of(&r, "Feide gives the national identity number"), 10);
	assert_int_equal(points_of(&r, "Feide gives name, e-mail or groups"), 0);
	assert_int_equal(points_of(&r, "ROS missing"), 15);
	assert_int_equal(points_of(&r, "DPIA needed but missing"), 20);
	assert_int_equal(points_of(&r, "DBA expired"), 10);
	assert_int_equal(points_of(&r, "High residual risks"), 20);
	assert_int_equal(points_of(&r, "Not screened yet"), 0);
}

/*
 * Worked example 2 (docs): a dictionary used by 60 pupils in years 8-10,
 * name only, Feide e-mail, ROS approved, DPIA not needed, DBA approved,
 * not screened, no risks: 5 (pupils) + 3 (Feide) + 5 (not screened) = 13.
 */
static void
worked_example_low(void **state)
{
	static const char *const data[] = { "name", NULL };
	static const char *const feide[] = { "email", NULL };
	struct prio_tool t = { 2, "Ordbok", 60, 8, 0, 0, DOC_OK, DOC_NOT_NEEDED, DOC_OK, 0, 0 };
	struct prio_row r;

	(void)state;
	t.data = bits(CS_DATA, data);
	t.feide = bits(CS_FEIDE, feide);
	memset(&r, 0, sizeof(r));
	priority_score_tool(&t, &r);
	assert_int_equal(r.base, 13);
	assert_int_equal(r.nreasons, 3);
	/* A manual move is added on top of the formula. */
	memset(&r, 0, sizeof(r));
	r.adjust = -20;
	priority_score_tool(&t, &r);
	assert_int_equal(r.base, 13);
	assert_int_equal(r.score, -7);
}

/* Risks count 10 each up to three; years 5-7 count 5; sensitive (not
 * special) data counts 8. */
static void
caps_and_middle_bands(void **state)
{
	static const char *const data[] = { "assessment", "attendance", NULL };
	struct prio_tool t = { 3, "LMS", 2500, 6, 0, 0, DOC_OK, DOC_OK, DOC_OK, 1, 7 };
	struct prio_row r;

	(void)state;
	t.data = bits(CS_DATA, data);
	memset(&r, 0, sizeof(r));
	priority_score_tool(&t, &r);
	assert_int_equal(points_of(&r, "High residual risks"), 30);
	assert_int_equal(points_of(&r, "Pupils in years 5–7"), 5);
	assert_int_equal(points_of(&r, "Sensitive personal data"), 8);
	assert_int_equal(r.base, 20 + 5 + 8 + 30);
}

static void
maturity_levels(void **state)
{
	struct prio_row r;

	(void)state;
	memset(&r, 0, sizeof(r));
	priority_score_maturity(0, &r);
	assert_int_equal(r.score, 25);
	assert_int_equal(r.kind, PRIO_MATURITY);
	priority_score_maturity(1, &r);
	assert_int_equal(r.score, 15);
	priority_score_maturity(2, &r);
	assert_int_equal(r.score, 0);
	assert_int_equal(r.nreasons, 0);
}

static void
sort_by_score_then_title(void **state)
{
	struct prio_row v[4];

	(void)state;
	memset(v, 0, sizeof(v));
	v[0] = (struct prio_row){ .key = "tool:1", .title = "B", .score = 10 };
	v[1] = (struct prio_row){ .key = "tool:2", .title = "A", .score = 10 };
	v[2] = (struct prio_row){ .key = "tool:3", .title = "C", .score = 40 };
	v[3] = (struct prio_row){ .key = "maturity:x", .title = "A", .score = 10 };
	priority_sort(v, 4);
	assert_str(v[0].key, "tool:3");
	assert_str(v[1].key, "maturity:x");	/* title A, key "maturity" < "tool" */
	assert_str(v[2].key, "tool:2");
	assert_str(v[3].key, "tool:1");
}

static void
today_is_utc_date(void **state)
{
	char d[11];

	(void)state;
	priority_today(0, d);
	assert_str(d, "1970-01-01");
	priority_today(1735689599, d);	/* 2024-12-31 23:59:59 UTC */
	assert_str(d, "2024-12-31");
}

static struct measure
measure(const char *status, const char *due)
{
	struct measure m;

	memset(&m, 0, sizeof(m));
	m.title = "Tiltak";
	m.status = status;
	m.due_date = due;
	m.effort = "medium";
	m.priority = 2;
	return m;
}

static void
plan_values_are_checked(void **state)
{
	struct arena a;
	const char *err[PF__COUNT];
	struct measure m = measure("done", "1.3.2025");

	(void)state;
	arena_init(&a, 1 << 16);
	assert_int_equal(plan_check(&a, &m, err), 0);
	assert_str(m.due_date, "2025-03-01");
	m = measure("finished", "2025-02-30");
	m.title = "";
	m.priority = 4;
	m.effort = "huge";
	m.goal = 7;
	assert_int_equal(plan_check(&a, &m, err), 6);
	assert_non_null(err[PF_TITLE]);
	assert_non_null(err[PF_DUE]);
	assert_non_null(err[PF_STATUS]);
	assert_non_null(err[PF_PRIORITY]);
	assert_non_null(err[PF_EFFORT]);
	assert_non_null(err[PF_GOAL]);
	assert_null(err[PF_OWNER]);
	arena_free(&a);
}

static void
overdue_and_progress(void **state)
{
	struct measure v[5];
	struct plan_progress p;

	(void)state;
	v[0] = measure("not_started", "2025-01-01");	/* overdue */
	v[1] = measure("in_progress", "2025-01-10");	/* due today: not overdue */
	v[2] = measure("done", "2024-01-01");		/* done: never overdue */
	v[3] = measure("postponed", "2024-01-01");	/* postponed: not overdue */
	v[4] = measure("in_progress", "");		/* no date */
	assert_true(plan_overdue(&v[0], "2025-01-10"));
	assert_false(plan_overdue(&v[1], "2025-01-10"));
	assert_false(plan_overdue(&v[2], "2025-01-10"));
	assert_false(plan_overdue(&v[3], "2025-01-10"));
	assert_false(plan_overdue(&v[4], "2025-01-10"));
	plan_progress_of(v, 5, "2025-01-10", &p);
	assert_int_equal(p.total, 5);
	assert_int_equal(p.done, 1);
	assert_int_equal(p.in_progress, 2);
	assert_int_equal(p.not_started, 1);
	assert_int_equal(p.postponed, 1);
	assert_int_equal(p.overdue, 1);
	assert_int_equal(p.percent_done, 25);	/* 1 of 4 not postponed */
	plan_progress_of(v, 0, "2025-01-10", &p);
	assert_int_equal(p.percent_done, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pupil_bands),
		cmocka_unit_test(youngest_grade),
		cmocka_unit_test(residual_falls_back_to_inherent),
		cmocka_unit_test(worked_example_high),
		cmocka_unit_test(worked_example_low),
		cmocka_unit_test(caps_and_middle_bands),
		cmocka_unit_test(maturity_levels),
		cmocka_unit_test(sort_by_score_then_title),
		cmocka_unit_test(today_is_utc_date),
		cmocka_unit_test(plan_values_are_checked),
		cmocka_unit_test(overdue_and_progress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
