/*
 * routes.c - every route with its method, pattern, handler and the action
 * authz checks before the handler runs (after cgit's cmd.c). Adding a page
 * means adding a line here; there is no other way in.
 */
#include "../app.h"
#include "pages.h"
#include "catalogue.h"
#include "inventory.h"
#include "maturity.h"
#include "assess.h"
#include "dpia.h"
#include "dba.h"
#include "decision.h"
#include "plan.h"
#include "programme.h"
#include "share.h"

const struct route routes[] = {
	{ "GET",  "/",                         page_home,          A_PUBLIC,       0 },
	{ "GET",  "/healthz",                  page_healthz,       A_PUBLIC,       0 },
	{ "GET",  "/static/*",                 page_static,        A_PUBLIC,       0 },
	{ "GET",  "/login",                    page_login,         A_PUBLIC,       0 },
	{ "POST", "/login",                    page_login_post,    A_PUBLIC,       RF_SLOW },
	{ "POST", "/logout",                   page_logout,        A_LOGIN,        0 },
	{ "GET",  "/lang",                     page_lang,          A_PUBLIC,       0 },
	{ "GET",  "/account",                  page_account,       A_LOGIN,        0 },
	{ "POST", "/account/password",         page_password_post, A_LOGIN,        RF_SLOW },
	{ "GET",  "/switch",                   page_switch,        A_LOGIN,        0 },
	{ "GET",  "/invite/:token",            page_invite,        A_PUBLIC,       0 },
	{ "POST", "/invite/:token",            page_invite_post,   A_PUBLIC,       RF_SLOW },
	{ "GET",  "/o/:org",                   page_org,           A_ORG_VIEW,     RF_ORG },
	{ "GET",  "/o/:org/schools",           page_schools,       A_SCHOOL_VIEW,  RF_ORG },
	{ "GET",  "/o/:org/schools/:id",       page_school,        A_SCHOOL_VIEW,  RF_ORG },
	{ "GET",  "/o/:org/users",             page_users,         A_USERS_VIEW,   RF_ORG },
	{ "POST", "/o/:org/users/invite",      page_invite_create, A_USERS_MANAGE, RF_ORG },
	{ "POST", "/o/:org/users/:uid/roles",  page_roles_post,    A_USERS_MANAGE, RF_ORG },
	{ "GET",  "/o/:org/users/:uid/schools", page_led_schools,  A_USERS_MANAGE, RF_ORG },
	{ "POST", "/o/:org/users/:uid/schools", page_led_schools_post, A_USERS_MANAGE, RF_ORG },
	{ "GET",  "/o/:org/audit",             page_audit,         A_AUDIT_VIEW,   RF_ORG },
	/* --- catalogue (pages/catalogue.c) --- */
	CATALOGUE_ROUTES
	/* --- inventory, screening, public page (pages/inventory.c) --- */
	INVENTORY_ROUTES
	/* --- maturity and dashboard (pages/maturity.c) --- */
	MATURITY_ROUTES
	/* --- assessments: ROS and risk matrix, DPIA, DBA, decisions (issue 4) --- */
	ASSESS_ROUTES
	DPIA_ROUTES
	DBA_ROUTES
	DECISION_ROUTES
	/* --- priorities, action plan, report (issue 6) --- */
	PLAN_ROUTES
	/* --- programmes (issue 7) --- */
	PROGRAMME_ROUTES
	/* --- sharing: library, resource bank, publish/adopt/follow (issue 5) --- */
	SHARE_ROUTES
};

const int nroutes = sizeof(routes) / sizeof(routes[0]);
