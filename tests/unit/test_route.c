/*
 * test_route.c - route matching (route_match in app.c) and the route table
 * (pages/routes.c). The :org parameter decides which tenant authz checks, so
 * a pattern must bind exactly the path segment it names and never match a
 * path it was not written for.
 */
#include "unit.h"
#include "app.h"

static int
setup(void **state)
{
	*state = unit_req_new();
	return 0;
}

static int
teardown(void **state)
{
	unit_req_free(*state);
	return 0;
}

static void
literal_pattern_matches_only_itself(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/healthz", "/healthz", r), 1);
	assert_int_equal(r->nparams, 0);
	assert_int_equal(route_match("/healthz", "/healthz/", r), 0);
	assert_int_equal(route_match("/healthz", "/healthzx", r), 0);
	assert_int_equal(route_match("/healthz", "/health", r), 0);
	assert_int_equal(route_match("/healthz", "/HEALTHZ", r), 0);
	assert_int_equal(route_match("/", "/", r), 1);
	assert_int_equal(route_match("/", "/x", r), 0);
	assert_int_equal(route_match("/", "", r), 0);
}

static void
parameters_bind_one_segment_each(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/o/:org/schools/:id", "/o/12/schools/7", r), 1);
	assert_int_equal(r->nparams, 2);
	assert_str(req_param(r, "org"), "12");
	assert_str(req_param(r, "id"), "7");
	assert_null(req_param(r, "uid"));
	assert_int_equal(param_id(r, "org"), 12);
	assert_int_equal(param_id(r, "id"), 7);
}

static void
parameter_must_not_be_empty(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/o/:org", "/o/", r), 0);
	assert_int_equal(route_match("/o/:org/schools", "/o//schools", r), 0);
	assert_int_equal(route_match("/o/:org/schools/:id", "/o/1/schools/", r), 0);
}

static void
extra_or_missing_segments_do_not_match(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/o/:org", "/o/12/schools", r), 0);
	assert_int_equal(route_match("/o/:org", "/o/12/", r), 0);
	assert_int_equal(route_match("/o/:org/schools", "/o/12", r), 0);
	assert_int_equal(route_match("/o/:org/schools", "/o/12/schoolsx", r), 0);
	assert_int_equal(route_match("/o/:org/users/:uid/roles", "/o/1/users/invite", r), 0);
}

static void
parameter_value_is_raw_text_and_param_id_validates_it(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/o/:org", "/o/abc", r), 1);
	assert_str(req_param(r, "org"), "abc");
	assert_int_equal(param_id(r, "org"), 0);
	assert_int_equal(route_match("/o/:org", "/o/-5", r), 1);
	assert_int_equal(param_id(r, "org"), 0);
	assert_int_equal(route_match("/o/:org", "/o/0", r), 1);
	assert_int_equal(param_id(r, "org"), 0);
	assert_int_equal(route_match("/o/:org", "/o/1%2", r), 1);
	assert_int_equal(param_id(r, "org"), 0);
	assert_int_equal(route_match("/o/:org", "/o/99999999999999999999", r), 1);
	assert_int_equal(param_id(r, "org"), 0);
	assert_int_equal(param_id(r, "missing"), 0);
}

static void
tail_star_matches_the_rest(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/static/*", "/static/app.css", r), 1);
	assert_int_equal(route_match("/static/*", "/static/vendor/x/y.css", r), 1);
	assert_int_equal(route_match("/static/*", "/static/", r), 1);
	assert_int_equal(route_match("/static/*", "/static", r), 0);
	assert_int_equal(route_match("/static/*", "/staticx/a", r), 0);
	assert_int_equal(route_match("/static/*", "/o/1/static/a", r), 0);
}

static void
each_match_starts_with_fresh_parameters(void **state)
{
	struct req *r = *state;

	assert_int_equal(route_match("/o/:org/schools/:id", "/o/1/schools/2", r), 1);
	assert_int_equal(route_match("/o/:org/x", "/o/9/y", r), 0);
	assert_int_equal(route_match("/healthz", "/healthz", r), 1);
	assert_int_equal(r->nparams, 0);
	assert_null(req_param(r, "org"));
}

/* Which pattern of the real table serves METHOD PATH; NULL when none. */
static const char *
route_for(struct req *r, const char *method, const char *path, int *nmatch)
{
	const char *hit = NULL;

	*nmatch = 0;
	for (int i = 0; i < nroutes; i++)
		if (strcmp(routes[i].method, method) == 0 && route_match(routes[i].pattern, path, r)) {
			if (hit == NULL)
				hit = routes[i].pattern;
			(*nmatch)++;
		}
	return hit;
}

static void
table_routes_each_path_to_exactly_one_pattern(void **state)
{
	static const char *const cases[][3] = {
		{ "GET", "/", "/" },
		{ "GET", "/healthz", "/healthz" },
		{ "GET", "/static/app.css", "/static/*" },
		{ "POST", "/login", "/login" },
		{ "GET", "/invite/abcDEF123", "/invite/:token" },
		{ "GET", "/o/3", "/o/:org" },
		{ "GET", "/o/3/schools", "/o/:org/schools" },
		{ "GET", "/o/3/schools/44", "/o/:org/schools/:id" },
		{ "POST", "/o/3/users/invite", "/o/:org/users/invite" },
		{ "POST", "/o/3/users/5/roles", "/o/:org/users/:uid/roles" },
		{ "GET", "/o/3/audit", "/o/:org/audit" },
		{ "GET", "/o/3/nothing", NULL },
		{ "GET", "/o", NULL },
		{ "POST", "/o/3", NULL },
	};
	struct req *r = *state;
	int n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = route_for(r, cases[i][0], cases[i][1], &n);
		if (cases[i][2] == NULL ? got != NULL : (got == NULL || strcmp(got, cases[i][2]) || n != 1))
			fail_msg("%s %s: got %s (%d matches), expected %s", cases[i][0], cases[i][1],
			    got ? got : "none", n, cases[i][2] ? cases[i][2] : "none");
	}
}

static void
table_org_routes_name_org_and_check_an_org_action(void **state)
{
	for (int i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		/* Pages live under /o/:org, the JSON API under /api/v1/o/:org. */
		int has_org = strncmp(rt->pattern, "/o/:org", 7) == 0 ||
		    strncmp(rt->pattern, "/api/v1/o/:org", 14) == 0;

		assert_non_null(rt->handler);
		assert_int_equal(rt->pattern[0], '/');
		if (has_org != !!(rt->flags & RF_ORG))
			fail_msg("%s %s: RF_ORG does not match the pattern", rt->method, rt->pattern);
		if (has_org && (rt->act == A_PUBLIC || rt->act == A_LOGIN))
			fail_msg("%s %s: an organisation route needs an organisation action",
			    rt->method, rt->pattern);
		if (strcmp(rt->method, "GET") && strcmp(rt->method, "POST"))
			fail_msg("%s %s: unexpected method", rt->method, rt->pattern);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(literal_pattern_matches_only_itself),
		T(parameters_bind_one_segment_each),
		T(parameter_must_not_be_empty),
		T(extra_or_missing_segments_do_not_match),
		T(parameter_value_is_raw_text_and_param_id_validates_it),
		T(tail_star_matches_the_rest),
		T(each_match_starts_with_fresh_parameters),
		T(table_routes_each_path_to_exactly_one_pattern),
		T(table_org_routes_name_org_and_check_an_org_action),
	};

	return cmocka_run_group_tests_name("app/route", tests, NULL, NULL);
}
