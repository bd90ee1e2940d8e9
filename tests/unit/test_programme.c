/*
 * test_programme.c - the pure parts of the advisory programme (issue 7):
 * calendar dates as programmes store them (deadlines compare as text, so a
 * date must be a real YYYY-MM-DD), phase and goal texts, and the strict
 * loader of the evaluation questions (data/evaluation), with worked
 * examples of files it must refuse and the message that names the key.
 */
#include "unit.h"
#include "domain/programme.h"
#include "domain/programme_eval.h"

static void
dates_must_be_real_calendar_days(void **state)
{
	assert_true(prog_date_ok("2026-09-01"));
	assert_true(prog_date_ok("2028-02-29"));	/* leap year */
	assert_true(prog_date_ok("2000-02-29"));	/* divisible by 400 */
	assert_false(prog_date_ok("2100-02-29"));	/* divisible by 100 */
	assert_false(prog_date_ok("2026-02-29"));
	assert_false(prog_date_ok("2026-04-31"));
	assert_false(prog_date_ok("2026-13-01"));
	assert_false(prog_date_ok("2026-00-10"));
	assert_false(prog_date_ok("2026-1-01"));
	assert_false(prog_date_ok("01.09.2026"));
	assert_false(prog_date_ok("2026-09-01x"));
	assert_false(prog_date_ok("2026-09-0a"));
	assert_false(prog_date_ok(""));
	assert_false(prog_date_ok(NULL));
}

static void
today_is_the_utc_calendar_day(void **state)
{
	char d[11];

	prog_today(0, d);
	assert_str(d, "1970-01-01");
	prog_today(1798761599, d);	/* 2026-12-31 23:59:59 UTC */
	assert_str(d, "2026-12-31");
	prog_today(1798761600, d);
	assert_str(d, "2027-01-01");
	/* The deadline rule: applications while today <= apply_by (as text). */
	assert_true(strcmp("2026-12-31", "2026-12-31") <= 0);
	assert_true(strcmp("2027-01-01", "2026-12-31") > 0);
}

static void
five_phases_and_three_goals(void **state)
{
	assert_str(prog_phase_name(1), "Start-up");
	assert_str(prog_phase_name(5), "Evaluation");
	assert_str(prog_phase_name(0), "?");
	assert_str(prog_phase_name(6), "?");
	for (int p = 1; p <= PROG_PHASES; p++)
		assert_true(strlen(prog_phase_activities(p)) > 10);
	assert_str(prog_phase_activities(9), "");
	for (int g = 1; g <= PROG_GOALS; g++)
		assert_true(strncmp(prog_goal_text(g), "Able to ", 8) == 0);
	assert_str(prog_goal_text(4), "?");
}

#define T3(s) "{\"nb\": \"" s "\", \"nn\": \"" s "\", \"en\": \"" s "\"}"

static int
parse(const char *json, struct eval_set *s, char *err, int errlen)
{
	static struct arena a;

	arena_free(&a);
	arena_init(&a, 1 << 20);
	return eval_parse(json, strlen(json), "t.json", &a, s, err, errlen);
}

static void
a_valid_set_parses_with_its_question_types(void **state)
{
	struct eval_set s;
	char err[512] = "";

	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"2\", \"title\": " T3("T") ","
	    " \"questions\": [{\"urn\": \"urn:x:e:1\", \"type\": \"scale\", \"text\": " T3("A") "},"
	    " {\"urn\": \"urn:x:e:2\", \"type\": \"text\", \"text\": " T3("B") "}]}", &s, err,
	    sizeof(err)), 0);
	assert_str(s.urn, "urn:x:e");
	assert_str(s.version, "2");
	assert_int_equal(s.nq, 2);
	assert_true(s.q[0].scale);
	assert_false(s.q[1].scale);
	assert_str(eval_tx(&s.q[1].text, "nn"), "B");
	assert_str(eval_tx(&s.title, "en"), "T");
}

static void
bad_sets_are_refused_with_the_file_and_key(void **state)
{
	struct eval_set s;
	char err[512];

	/* A misspelt key is an error, not a silently missing text. */
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"1\", \"title\": " T3("T") ","
	    " \"questions\": [{\"urn\": \"urn:x:e:1\", \"type\": \"scale\", \"txt\": " T3("A") "}]}",
	    &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.json: questions[0]: unknown key \"txt\""));
	/* Every language is required. */
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"1\", \"title\": {\"nb\": \"T\","
	    " \"en\": \"T\"}, \"questions\": []}", &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "title"));
	/* Duplicate question URNs. */
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"1\", \"title\": " T3("T") ","
	    " \"questions\": [{\"urn\": \"urn:x:e:1\", \"type\": \"scale\", \"text\": " T3("A") "},"
	    " {\"urn\": \"urn:x:e:1\", \"type\": \"text\", \"text\": " T3("B") "}]}", &s, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "duplicate URN"));
	/* An unknown question type. */
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"1\", \"title\": " T3("T") ","
	    " \"questions\": [{\"urn\": \"urn:x:e:1\", \"type\": \"stars\", \"text\": " T3("A") "}]}",
	    &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "questions[0]: type"));
	/* Not a URN, no version, no questions, duplicate keys, broken JSON. */
	assert_int_equal(parse("{\"urn\": \"x\", \"version\": \"1\", \"title\": " T3("T") ","
	    " \"questions\": [{\"urn\": \"urn:x:e:1\", \"type\": \"text\", \"text\": " T3("A") "}]}",
	    &s, err, sizeof(err)), -1);
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"title\": " T3("T") ", \"questions\": []}",
	    &s, err, sizeof(err)), -1);
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"version\": \"1\", \"title\": " T3("T") ","
	    " \"questions\": []}", &s, err, sizeof(err)), -1);
	assert_int_equal(parse("{\"urn\": \"urn:x:e\", \"urn\": \"urn:x:f\"}", &s, err, sizeof(err)), -1);
	assert_int_equal(parse("{", &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.json: line 1"));
}

static void
the_shipped_evaluation_loads(void **state)
{
	char err[512] = "";
	const struct eval_set *s;
	int scale = 0, text = 0;

	assert_int_equal(evaluation_init("data", err, sizeof(err)), 0);
	s = evaluation_current();
	assert_non_null(s);
	assert_str(s->urn, "urn:skolesec:evaluation:veiledertjeneste");
	for (int i = 0; i < s->nq; i++)
		s->q[i].scale ? scale++ : text++;
	/* The three competency goals and more on the scale, free text too. */
	assert_true(scale >= 3);
	assert_true(text >= 1);
	assert_ptr_equal(evaluation_find(s->urn, s->version), s);
	assert_null(evaluation_find(s->urn, "no such version"));
	assert_int_equal(evaluation_init("/nonexistent", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/evaluation"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_must_be_real_calendar_days),
		cmocka_unit_test(today_is_the_utc_calendar_day),
		cmocka_unit_test(five_phases_and_three_goals),
		cmocka_unit_test(a_valid_set_parses_with_its_question_types),
		cmocka_unit_test(bad_sets_are_refused_with_the_file_and_key),
		cmocka_unit_test(the_shipped_evaluation_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
