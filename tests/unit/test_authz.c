/*
 * test_authz.c - the role x action table (domain/authz). The expected table
 * below is written from the product's description of roles (CONTEXT/DOMAIN:
 * who may see schools, users, the audit log), not copied from authz.c, and
 * every cell is compared with authz_allows() for a synthetic principal:
 * allowed in its own organisation (1), never in another (2), and for a
 * school leader only for the schools they lead.
 */
#include "unit.h"
#include "domain/authz.h"

enum { ADM, ADV, LEAD, DPO, READ, NAT, REG, VEND, NROLES };

/* What each role may do in its own organisation. A school leader's 1 means
 * "for their own schools". */
static const int expect[A__COUNT][NROLES] = {
	/*                 ADM ADV LEAD DPO READ NAT REG VEND */
	[A_PUBLIC]       = { 1,  1,  1,  1,  1,  1,  1,  1 },
	[A_LOGIN]        = { 1,  1,  1,  1,  1,  1,  1,  1 },
	[A_ORG_VIEW]     = { 1,  1,  1,  1,  1,  1,  1,  1 },
	[A_SCHOOL_VIEW]  = { 1,  1,  1,  1,  1,  0,  0,  0 },
	[A_SCHOOL_EDIT]  = { 1,  1,  1,  0,  0,  0,  0,  0 },
	[A_USERS_VIEW]   = { 1,  1,  0,  1,  0,  1,  1,  1 },
	[A_USERS_MANAGE] = { 1,  0,  0,  0,  0,  1,  1,  1 },
	[A_AUDIT_VIEW]   = { 1,  0,  0,  1,  0,  1,  1,  1 },
	/* The catalogue is kept nationally (DOMAIN.md: national editor). */
	[A_CATALOGUE_EDIT] = { 0, 0,  0,  0,  0,  1,  0,  0 },
	/* Inventory: school leaders keep their own schools' lists; the DPO and
	 * readers see it; screening is the advisers' and admins' work. */
	[A_INVENTORY_VIEW] = { 1, 1,  1,  1,  1,  0,  0,  0 },
	[A_INVENTORY_EDIT] = { 1, 1,  1,  0,  0,  0,  0,  0 },
	[A_SCREENING_EDIT] = { 1, 1,  0,  0,  0,  0,  0,  0 },
	[A_MATURITY_VIEW]  = { 1, 1,  0,  1,  1,  0,  0,  0 },
	[A_MATURITY_EDIT]  = { 1, 1,  0,  0,  0,  0,  0,  0 },
	/* Assessments: advisers write, only the DPO advises (Art. 35(2)), only
	 * the organisation's administrator approves and accepts risk. */
	[A_ASSESS_VIEW]    = { 1, 1,  1,  1,  1,  0,  0,  0 },
	[A_ASSESS_EDIT]    = { 1, 1,  0,  0,  0,  0,  0,  0 },
	[A_DPO_ADVICE]     = { 0, 0,  0,  1,  0,  0,  0,  0 },
	[A_ASSESS_APPROVE] = { 1, 0,  0,  0,  0,  0,  0,  0 },
	[A_DECISION_EDIT]  = { 1, 1,  0,  0,  0,  0,  0,  0 },
	[A_PLAN_VIEW]      = { 1, 1,  1,  1,  1,  0,  0,  0 },
	[A_PLAN_EDIT]      = { 1, 1,  0,  0,  0,  0,  0,  0 },
	[A_REPORT_SIGN]    = { 1, 0,  0,  0,  0,  0,  0,  0 },
	/* Programmes are run by regional advisers; municipalities join them. */
	[A_PROGRAMME_MANAGE] = { 0, 0, 0, 0,  0,  0,  1,  0 },
	[A_PROGRAMME_JOIN] = { 1, 0,  0,  0,  0,  0,  0,  0 },
	/* Commenting on a municipality's work comes only through a programme
	 * consent (issue 7), never from a role. */
	[A_PROGRAMME_COMMENT] = { 0, 0, 0,  0,  0,  0,  0,  0 },
	/* Sharing (issue 5): only the administrator publishes for the
	 * organisation; advisers adopt; only the national editor endorses. */
	[A_SHARE_PUBLISH]  = { 1, 0,  0,  0,  0,  0,  0,  0 },
	[A_SHARE_ADOPT]    = { 1, 1,  0,  0,  0,  0,  0,  0 },
	[A_SHARE_NETWORK]  = { 1, 0,  0,  0,  0,  0,  1,  0 },
	[A_ENDORSE]        = { 0, 0,  0,  0,  0,  1,  0,  0 },
	[A_RESOURCE_EDIT]  = { 1, 1,  0,  0,  0,  1,  1,  0 },
};

static const char *const action_names[A__COUNT] = {
	"PUBLIC", "LOGIN", "ORG_VIEW", "SCHOOL_VIEW", "SCHOOL_EDIT", "USERS_VIEW",
	"USERS_MANAGE", "AUDIT_VIEW", "CATALOGUE_EDIT", "INVENTORY_VIEW",
	"INVENTORY_EDIT", "SCREENING_EDIT", "MATURITY_VIEW", "MATURITY_EDIT",
	"ASSESS_VIEW", "ASSESS_EDIT", "DPO_ADVICE", "ASSESS_APPROVE", "DECISION_EDIT",
	"PLAN_VIEW", "PLAN_EDIT", "REPORT_SIGN", "PROGRAMME_MANAGE", "PROGRAMME_JOIN",
	[A_SHARE_PUBLISH] = "SHARE_PUBLISH", [A_SHARE_ADOPT] = "SHARE_ADOPT",
	[A_SHARE_NETWORK] = "SHARE_NETWORK", [A_ENDORSE] = "ENDORSE",
	[A_RESOURCE_EDIT] = "RESOURCE_EDIT", [A_PROGRAMME_COMMENT] = "PROGRAMME_COMMENT",
};

static const char *const role_keys[NROLES] = {
	"org_admin", "adviser", "school_leader", "dpo", "reader",
	"national_editor", "regional_adviser", "vendor_editor",
};

static int64_t lead_schools[] = { 5 };

/* One membership of role r in organisation 1 (school leaders: school 5). */
static void
one_role(struct principal *p, struct membership *m, enum role r)
{
	memset(p, 0, sizeof(*p));
	memset(m, 0, sizeof(*m));
	m->id = 100;
	m->org_id = 1;
	m->role = r;
	m->org_kind = "municipality";
	if (r == R_SCHOOL_LEADER) {
		m->schools = lead_schools;
		m->nschools = 1;
	}
	p->user_id = 10;
	p->m = m;
	p->nm = 1;
}

static void
enum_order_matches_the_role_keys(void **state)
{
	assert_int_equal(R__COUNT, NROLES);
	for (int r = 0; r < NROLES; r++)
		assert_str(role_name((enum role)r), role_keys[r]);
}

static void
every_cell_in_own_organisation(void **state)
{
	struct principal p;
	struct membership m;

	for (int r = 0; r < NROLES; r++) {
		one_role(&p, &m, (enum role)r);
		for (int a = 0; a < A__COUNT; a++) {
			int got = authz_allows(&p, (enum action)a, 1, 0);
			if (got != expect[a][r])
				fail_msg("%s / %s in own org: got %d, expected %d",
				    role_keys[r], action_names[a], got, expect[a][r]);
		}
	}
}

static void
every_cell_for_a_named_school(void **state)
{
	struct principal p;
	struct membership m;

	for (int r = 0; r < NROLES; r++) {
		one_role(&p, &m, (enum role)r);
		for (int a = 0; a < A__COUNT; a++) {
			int own = authz_allows(&p, (enum action)a, 1, 5);
			int other = authz_allows(&p, (enum action)a, 1, 6);
			int want_other = expect[a][r] &&
			    (r != LEAD || a == A_PUBLIC || a == A_LOGIN);
			if (own != expect[a][r])
				fail_msg("%s / %s for school 5: got %d, expected %d",
				    role_keys[r], action_names[a], own, expect[a][r]);
			if (other != want_other)
				fail_msg("%s / %s for school 6: got %d, expected %d",
				    role_keys[r], action_names[a], other, want_other);
		}
	}
}

static void
every_cell_in_another_organisation_is_denied(void **state)
{
	struct principal p;
	struct membership m;

	for (int r = 0; r < NROLES; r++) {
		one_role(&p, &m, (enum role)r);
		for (int a = 0; a < A__COUNT; a++) {
			/* Only the actions that involve no organisation pass. */
			int want = a == A_PUBLIC || a == A_LOGIN;
			if (authz_allows(&p, (enum action)a, 2, 0) != want ||
			    authz_allows(&p, (enum action)a, 2, 5) != want)
				fail_msg("%s / %s in org 2: expected %d", role_keys[r],
				    action_names[a], want);
		}
	}
}

static void
nobody_logged_in_gets_only_public(void **state)
{
	for (int a = 0; a < A__COUNT; a++)
		assert_int_equal(authz_allows(NULL, (enum action)a, 1, 0), a == A_PUBLIC);
	assert_int_equal(authz_all_schools(NULL, 1), 0);
	assert_int_equal(authz_is_member(NULL, 1), 0);
}

static void
principal_without_memberships_gets_public_and_login_only(void **state)
{
	struct principal p;

	memset(&p, 0, sizeof(p));
	for (int a = 0; a < A__COUNT; a++)
		assert_int_equal(authz_allows(&p, (enum action)a, 1, 0), a == A_PUBLIC || a == A_LOGIN);
}

static void
unknown_action_is_denied(void **state)
{
	struct principal p;
	struct membership m;

	one_role(&p, &m, R_ORG_ADMIN);
	assert_int_equal(authz_allows(&p, A__COUNT, 1, 0), 0);
	assert_int_equal(authz_allows(&p, (enum action)1000, 1, 0), 0);
}

static void
rights_come_from_the_membership_of_that_organisation(void **state)
{
	struct membership m[2] = {
		{ .id = 1, .org_id = 1, .role = R_READER },
		{ .id = 2, .org_id = 2, .role = R_ORG_ADMIN },
	};
	struct principal p = { .user_id = 1, .m = m, .nm = 2 };

	assert_true(authz_allows(&p, A_USERS_MANAGE, 2, 0));
	assert_false(authz_allows(&p, A_USERS_MANAGE, 1, 0));
	assert_true(authz_allows(&p, A_ORG_VIEW, 1, 0));
	assert_false(authz_allows(&p, A_ORG_VIEW, 3, 0));
	assert_true(authz_is_member(&p, 1));
	assert_true(authz_is_member(&p, 2));
	assert_false(authz_is_member(&p, 3));
}

static void
school_leader_with_a_wider_role_sees_every_school(void **state)
{
	struct membership m[2] = {
		{ .id = 1, .org_id = 1, .role = R_SCHOOL_LEADER, .schools = lead_schools, .nschools = 1 },
		{ .id = 2, .org_id = 1, .role = R_READER },
	};
	struct principal p = { .user_id = 1, .m = m, .nm = 1 };

	assert_false(authz_all_schools(&p, 1));
	assert_false(authz_allows(&p, A_SCHOOL_VIEW, 1, 6));
	p.nm = 2;
	assert_true(authz_all_schools(&p, 1));
	assert_true(authz_allows(&p, A_SCHOOL_VIEW, 1, 6));
	/* Reading is not editing: the reader role adds no edit right. */
	assert_false(authz_allows(&p, A_SCHOOL_EDIT, 1, 6));
	assert_true(authz_allows(&p, A_SCHOOL_EDIT, 1, 5));
}

static void
school_leader_of_no_school_gets_no_school(void **state)
{
	struct principal p;
	struct membership m;

	one_role(&p, &m, R_SCHOOL_LEADER);
	m.nschools = 0;
	m.schools = NULL;
	assert_false(authz_allows(&p, A_SCHOOL_VIEW, 1, 5));
}

static void
all_schools_only_for_roles_that_see_every_school(void **state)
{
	struct principal p;
	struct membership m;

	for (int r = 0; r < NROLES; r++) {
		one_role(&p, &m, (enum role)r);
		int want = expect[A_SCHOOL_VIEW][r] && r != LEAD;
		if (authz_all_schools(&p, 1) != want)
			fail_msg("%s: authz_all_schools %d, expected %d", role_keys[r],
			    authz_all_schools(&p, 1), want);
		assert_false(authz_all_schools(&p, 2));
	}
}

static void
role_names_round_trip(void **state)
{
	for (int r = 0; r < NROLES; r++) {
		enum role back = R__COUNT;
		assert_int_equal(role_parse(role_name((enum role)r), &back), 0);
		assert_int_equal(back, r);
		assert_non_null(role_label((enum role)r));
		assert_true(strlen(role_label((enum role)r)) > 0);
	}
}

static void
role_parse_refuses_unknown_names(void **state)
{
	static const char *const bad[] = {
		"", "admin", "ORG_ADMIN", "org_admin ", " org_admin", "org_admin\n", "org-admin", "?",
	};
	enum role r = R_READER;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(role_parse(bad[i], &r), -1);
	assert_int_equal(role_parse(NULL, &r), -1);
	assert_int_equal(r, R_READER);
	assert_str(role_name(R__COUNT), "?");
}

static void
roles_fit_the_kind_of_organisation(void **state)
{
	static const struct { const char *kind; int fits[NROLES]; } want[] = {
		/*                ADM ADV LEAD DPO READ NAT REG VEND */
		{ "municipality", { 1,  1,  1,  1,  1,  0,  0,  0 } },
		{ "county",       { 1,  1,  1,  1,  1,  0,  0,  0 } },
		{ "national",     { 0,  0,  0,  0,  1,  1,  0,  0 } },
		{ "network",      { 0,  0,  0,  0,  1,  0,  1,  0 } },
		{ "vendor",       { 0,  0,  0,  0,  1,  0,  0,  1 } },
		{ "school",       { 0,  0,  0,  0,  0,  0,  0,  0 } },
		{ "",             { 0,  0,  0,  0,  0,  0,  0,  0 } },
	};

	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		for (int r = 0; r < NROLES; r++)
			if (role_fits_kind((enum role)r, want[k].kind) != want[k].fits[r])
				fail_msg("%s in %s: got %d, expected %d", role_keys[r], want[k].kind,
				    role_fits_kind((enum role)r, want[k].kind), want[k].fits[r]);
}

/* ---- consented access (issue 7) ----
 * What a municipality's consent gives a programme's advisers, written from
 * the issue ("read access (and comment rights) to its kartlegging,
 * assessments and plan"): overview, inventory, maturity, assessments, plan
 * and comments; nothing that edits, approves, manages users or reads the
 * audit log. */
static int
consent_expected(int a)
{
	return a == A_PUBLIC || a == A_LOGIN || a == A_ORG_VIEW || a == A_INVENTORY_VIEW ||
	    a == A_MATURITY_VIEW || a == A_ASSESS_VIEW || a == A_PLAN_VIEW ||
	    a == A_PROGRAMME_COMMENT;
}

/* A regional adviser of network 9 holding consents for orgs[0..n). */
static void
consented_adviser(struct principal *p, struct membership *m, int64_t *orgs, int n)
{
	memset(p, 0, sizeof(*p));
	memset(m, 0, sizeof(*m));
	m->id = 7;
	m->org_id = 9;
	m->role = R_REGIONAL_ADVISER;
	m->org_kind = "network";
	p->user_id = 20;
	p->m = m;
	p->nm = 1;
	p->consent_orgs = orgs;
	p->nconsent = n;
}

static void
consent_grants_exactly_the_read_set(void **state)
{
	struct principal p;
	struct membership m;
	int64_t orgs[] = { 1 };

	consented_adviser(&p, &m, orgs, 1);
	for (int a = 0; a < A__COUNT; a++) {
		if (authz_allows(&p, (enum action)a, 1, 0) != consent_expected(a))
			fail_msg("consent / %s in org 1: got %d", action_names[a],
			    authz_allows(&p, (enum action)a, 1, 0));
		/* A school named does not narrow it: the whole municipality. */
		if (authz_allows(&p, (enum action)a, 1, 5) != consent_expected(a))
			fail_msg("consent / %s for school 5", action_names[a]);
		if (authz_allows(&p, (enum action)a, 2, 0) != (a == A_PUBLIC || a == A_LOGIN))
			fail_msg("consent / %s in org 2 (no consent)", action_names[a]);
		assert_int_equal(authz_via_consent(&p, (enum action)a, 1),
		    consent_expected(a) && a != A_PUBLIC && a != A_LOGIN);
		assert_int_equal(authz_via_consent(&p, (enum action)a, 2), 0);
	}
	assert_true(authz_all_schools(&p, 1));
	assert_false(authz_all_schools(&p, 2));
	/* Consent is not membership: no switcher entry, no switch. */
	assert_false(authz_is_member(&p, 1));
	/* In its own network the adviser keeps the role's rights. */
	assert_true(authz_allows(&p, A_PROGRAMME_MANAGE, 9, 0));
	assert_false(authz_via_consent(&p, A_ORG_VIEW, 9));
}

static void
no_consent_no_access(void **state)
{
	struct principal p;
	struct membership m;

	consented_adviser(&p, &m, NULL, 0);
	for (int a = 0; a < A__COUNT; a++) {
		assert_int_equal(authz_allows(&p, (enum action)a, 1, 0), a == A_PUBLIC || a == A_LOGIN);
		assert_int_equal(authz_via_consent(&p, (enum action)a, 1), 0);
	}
	assert_false(authz_all_schools(&p, 1));
}

static void
membership_rights_are_not_counted_as_consent_access(void **state)
{
	struct membership m[2] = {
		{ .id = 1, .org_id = 9, .role = R_REGIONAL_ADVISER },
		{ .id = 2, .org_id = 1, .role = R_READER },
	};
	int64_t orgs[] = { 1 };
	struct principal p = { .user_id = 1, .m = m, .nm = 2, .consent_orgs = orgs, .nconsent = 1 };

	/* Readers of org 1 read its maturity anyway: not a consent access. */
	assert_true(authz_allows(&p, A_MATURITY_VIEW, 1, 0));
	assert_false(authz_via_consent(&p, A_MATURITY_VIEW, 1));
	/* Commenting is no reader's right: only the consent gives it. */
	assert_true(authz_allows(&p, A_PROGRAMME_COMMENT, 1, 0));
	assert_true(authz_via_consent(&p, A_PROGRAMME_COMMENT, 1));
	/* And the consent never adds an edit right to the reader's. */
	assert_false(authz_allows(&p, A_MATURITY_EDIT, 1, 0));
	assert_false(authz_allows(&p, A_AUDIT_VIEW, 1, 0));
	assert_false(authz_allows(&p, A_USERS_VIEW, 1, 0));
	assert_int_equal(authz_consent_action(A__COUNT), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enum_order_matches_the_role_keys),
		cmocka_unit_test(every_cell_in_own_organisation),
		cmocka_unit_test(every_cell_for_a_named_school),
		cmocka_unit_test(every_cell_in_another_organisation_is_denied),
		cmocka_unit_test(nobody_logged_in_gets_only_public),
		cmocka_unit_test(principal_without_memberships_gets_public_and_login_only),
		cmocka_unit_test(unknown_action_is_denied),
		cmocka_unit_test(rights_come_from_the_membership_of_that_organisation),
		cmocka_unit_test(school_leader_with_a_wider_role_sees_every_school),
		cmocka_unit_test(school_leader_of_no_school_gets_no_school),
		cmocka_unit_test(all_schools_only_for_roles_that_see_every_school),
		cmocka_unit_test(role_names_round_trip),
		cmocka_unit_test(role_parse_refuses_unknown_names),
		cmocka_unit_test(roles_fit_the_kind_of_organisation),
		cmocka_unit_test(consent_grants_exactly_the_read_set),
		cmocka_unit_test(no_consent_no_access),
		cmocka_unit_test(membership_rights_are_not_counted_as_consent_access),
	};

	return cmocka_run_group_tests_name("domain/authz", tests, NULL, NULL);
}
