/*
 * test_decision.c - the pure rules of tool decisions and DPIAs: which
 * decision values are accepted, when a tool is ready for Feide activation,
 * which DPIA level may inherit from which, what the DPIA summary counts
 * (local fields still empty, conclusions per service, the DPO's advice, the
 * Art. 36 flag), and that the DPIA template holds the items the pages rely
 * on. Worked examples, each chosen so a wrong rule fails.
 */
#include "unit.h"

#include "domain/assessment.h"
#include "domain/decision.h"
#include "domain/dpia.h"
#include "domain/template.h"

static struct decision_input
in_status(const char *status)
{
	return (struct decision_input){ status, "", "", "", 0, 0, 0, 0 };
}

static void
approved_needs_nothing_more(void **state)
{
	const char *err[DF__COUNT];
	struct decision_input in = in_status("approved");

	(void)state;
	assert_int_equal(decision_check(&in, err), 0);
	in = in_status("under_review");
	assert_int_equal(decision_check(&in, err), 0);
}

static void
unknown_status_is_refused(void **state)
{
	const char *err[DF__COUNT];
	struct decision_input in = in_status("godkjent");

	(void)state;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_STATUS]);
	in.status = NULL;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_STATUS]);
}

static void
conditions_required_for_approval_with_conditions(void **state)
{
	const char *err[DF__COUNT];
	struct decision_input in = in_status("approved_conditions");

	(void)state;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_CONDITIONS]);
	assert_null(err[DF_REASON]);
	in.conditions = "Bare på administrerte Chromebooks med Data Processor Mode";
	assert_int_equal(decision_check(&in, err), 0);
}

static void
reason_required_and_exit_allowed_when_not_approved(void **state)
{
	const char *err[DF__COUNT];
	struct decision_input in = in_status("not_approved");

	(void)state;
	in.exit_steps = 1 | 8;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_REASON]);
	assert_null(err[DF_EXIT]);
	in.reason = "Leverandøren bruker elevdata til egne formål.";
	assert_int_equal(decision_check(&in, err), 0);
	in.status = "phasing_out";
	assert_int_equal(decision_check(&in, err), 0);
}

static void
exit_steps_only_for_exit_statuses(void **state)
{
	const char *err[DF__COUNT];
	struct decision_input in = in_status("approved");

	(void)state;
	in.exit_steps = 2;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_EXIT]);
	/* A bit beyond the four steps is refused even where steps apply. */
	in = in_status("phasing_out");
	in.reason = "Erstattes";
	in.exit_steps = 1u << 4;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_EXIT]);
}

static void
texts_are_bounded(void **state)
{
	const char *err[DF__COUNT];
	static char long_text[DECISION_MAX_TEXT + 2];
	struct decision_input in = in_status("approved");

	(void)state;
	memset(long_text, 'x', DECISION_MAX_TEXT + 1);
	in.usage_rules = long_text;
	assert_int_equal(decision_check(&in, err), 1);
	assert_non_null(err[DF_RULES]);
	long_text[DECISION_MAX_TEXT] = '\0';	/* exactly the maximum */
	assert_int_equal(decision_check(&in, err), 0);
}

static void
feide_ready_needs_ros_and_dba_and_no_exit(void **state)
{
	(void)state;
	assert_true(decision_feide_ready("approved", 1, 1));
	assert_true(decision_feide_ready("", 1, 1));	/* no decision yet: the rule is ROS+DBA */
	assert_true(decision_feide_ready("approved_conditions", 1, 1));
	assert_false(decision_feide_ready("approved", 1, 0));
	assert_false(decision_feide_ready("approved", 0, 1));
	assert_false(decision_feide_ready("not_approved", 1, 1));
	assert_false(decision_feide_ready("phasing_out", 1, 1));
}

static void
status_labels(void **state)
{
	(void)state;
	assert_int_equal(decision_nstatuses, 5);
	assert_str(decision_status_label("approved_conditions"), "Approved with conditions");
	assert_null(decision_status_label("approved "));
	assert_true(decision_needs_exit("not_approved"));
	assert_false(decision_needs_exit("under_review"));
	assert_false(decision_needs_exit(NULL));
}

static void
dpia_levels_inherit_only_from_higher(void **state)
{
	(void)state;
	assert_true(dpia_parent_ok("app", "platform"));
	assert_true(dpia_parent_ok("app", "overarching"));
	assert_true(dpia_parent_ok("platform", "overarching"));
	assert_false(dpia_parent_ok("platform", "platform"));	/* same level: could loop */
	assert_false(dpia_parent_ok("platform", "app"));
	assert_false(dpia_parent_ok("overarching", "overarching"));
	assert_false(dpia_parent_ok("app", NULL));		/* parent without a level */
	assert_false(dpia_parent_ok(NULL, "overarching"));	/* no level, no parent */
	assert_false(dpia_parent_ok("universe", "overarching"));
}

static struct as_item
item(const char *uid, const char *kind, int local, const char *data)
{
	struct as_item it;

	memset(&it, 0, sizeof(it));
	it.uid = uid;
	it.kind = kind;
	it.local = local;
	it.data = data;
	it.section = "";
	return it;
}

static void
dpia_summary_counts(void **state)
{
	struct arena a;
	struct dpia_summary s;
	struct as_item items[] = {
		item("description.purposes", "field", 0, "{\"value\":\"Læring\"}"),
		item("description.retention", "field", 1, "{\"value\":\"\"}"),
		item("views.pupils", "field", 1, "{\"value\":\"Elevrådet er hørt\"}"),
		item("dpo.advice", "dpo_advice", 1, "{\"text\":\"Godta kjernetjenestene.\"}"),
		item("conclusion.core", "conclusion", 0,
		    "{\"service\":\"Kjernetjenester\",\"result\":\"acceptable\",\"conditions\":\"\"}"),
		item("conclusion-1", "conclusion", 0,
		    "{\"service\":\"YouTube\",\"result\":\"not_acceptable\",\"conditions\":\"\"}"),
		item("conclusion-2", "conclusion", 0,
		    "{\"service\":\"ChromeOS\",\"result\":\"conditions\",\"conditions\":\"Data Processor Mode\"}"),
		item("conclusion-3", "conclusion", 0, "{\"service\":\"Søk\",\"result\":\"\",\"conditions\":\"\"}"),
		item("conclusion.art36", "field", 0, "{\"value\":\"yes\"}"),
	};
	int n = (int)(sizeof(items) / sizeof(items[0]));

	(void)state;
	arena_init(&a, 1u << 20);
	assert_int_equal(dpia_summarise(&a, items, n, &s), 0);
	assert_int_equal(s.local_total, 3);
	assert_int_equal(s.local_open, 1);	/* retention */
	assert_int_equal(s.nconclusions, 4);
	assert_int_equal(s.results[0], 1);
	assert_int_equal(s.results[1], 1);
	assert_int_equal(s.results[2], 1);
	assert_int_equal(s.unset, 1);
	assert_str(s.conclusions[1].service, "YouTube");
	assert_str(s.conclusions[2].conditions, "Data Processor Mode");
	assert_str(s.advice, "Godta kjernetjenestene.");
	assert_true(s.art36);
	/* "no" and an empty answer do not raise the flag. */
	items[n - 1].data = "{\"value\":\"no\"}";
	assert_int_equal(dpia_summarise(&a, items, n, &s), 0);
	assert_false(s.art36);
	items[3].data = "{\"text\":\"\"}";
	assert_int_equal(dpia_summarise(&a, items, n, &s), 0);
	assert_str(s.advice, "");
	assert_int_equal(s.local_open, 2);
	arena_free(&a);
}

static void
dpia_data_texts_round_trip(void **state)
{
	struct arena a;
	struct dpia_summary s;
	struct as_item it;

	(void)state;
	arena_init(&a, 1u << 20);
	it = item("c", "conclusion", 0, dpia_conclusion_data(&a, "Tjeneste \"A\"", "conditions", "Linje 1\nLinje 2"));
	assert_non_null(it.data);
	assert_int_equal(dpia_summarise(&a, &it, 1, &s), 0);
	assert_str(s.conclusions[0].service, "Tjeneste \"A\"");
	assert_str(s.conclusions[0].conditions, "Linje 1\nLinje 2");
	assert_str(dpia_advice_data(&a, "Æ ø å"), "{\"text\":\"Æ ø å\"}");
	arena_free(&a);
}

/* The DPIA template: Art. 35(7) sections, local fields, and the items the
 * pages read by uid. */
static void
dpia_template_has_what_the_pages_need(void **state)
{
	char err[512];
	const struct tmpl *t;
	const struct tsection *sec;
	const struct titem *ti;
	int locals = 0;
	static const char *const sections[] = { "description", "necessity", "risks", "measures",
		"views", "dpo", "conclusion" };

	(void)state;
	if (templates_load("data/templates", err, sizeof(err)) != 0)
		fail_msg("templates_load: %s", err);
	t = template_current("dpia");
	assert_non_null(t);
	assert_str(t->kind, "dpia");
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		int found = 0;
		for (int j = 0; j < t->nsections; j++)
			found |= strcmp(t->sections[j].key, sections[i]) == 0;
		if (!found)
			fail_msg("section %s missing", sections[i]);
	}
	ti = template_item(t, DPIA_ADVICE_UID, &sec);
	assert_non_null(ti);
	assert_str(ti->kind, "dpo_advice");
	ti = template_item(t, DPIA_ART36_UID, &sec);
	assert_non_null(ti);
	assert_int_equal(ti->type, TF_BOOL);
	for (int j = 0; j < t->nsections; j++)
		for (int k = 0; k < t->sections[j].nitems; k++) {
			locals += t->sections[j].items[k].local;
			assert_true(*t->sections[j].items[k].label.nn);
		}
	assert_true(locals >= 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(approved_needs_nothing_more),
		cmocka_unit_test(unknown_status_is_refused),
		cmocka_unit_test(conditions_required_for_approval_with_conditions),
		cmocka_unit_test(reason_required_and_exit_allowed_when_not_approved),
		cmocka_unit_test(exit_steps_only_for_exit_statuses),
		cmocka_unit_test(texts_are_bounded),
		cmocka_unit_test(feide_ready_needs_ros_and_dba_and_no_exit),
		cmocka_unit_test(status_labels),
		cmocka_unit_test(dpia_levels_inherit_only_from_higher),
		cmocka_unit_test(dpia_summary_counts),
		cmocka_unit_test(dpia_data_texts_round_trip),
		cmocka_unit_test(dpia_template_has_what_the_pages_need),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
