/*
 * plan.h - handlers and route lines of priority list, action plan (tiltaksplan), status report, exports (issue 6).
 * routes.c expands PLAN_ROUTES inside the route table.
 *
 * Files: pages/plan.c (priority list and moves), plan_measures.c (the plan,
 * its views, one measure, comments), plan_report.c (status report: print
 * view, PDF, sign-off), plan_export.c (CSV and XLSX exports). Fixed paths
 * (new, export.*) come before :id, since the first matching line wins.
 */
#ifndef SKOLESEC_PAGES_PLAN_H
#define SKOLESEC_PAGES_PLAN_H

struct req;

void page_priorities(struct req *);
void page_priority_move(struct req *);
void page_plan(struct req *);
void page_plan_new(struct req *);
void page_plan_create(struct req *);
void page_measure(struct req *);
void page_measure_update(struct req *);
void page_measure_comment(struct req *);
void page_report(struct req *);
void page_report_pdf(struct req *);
void page_report_sign(struct req *);
void page_priorities_csv(struct req *);
void page_priorities_xlsx(struct req *);
void page_plan_csv(struct req *);
void page_plan_xlsx(struct req *);
void page_inventory_xlsx(struct req *);

/* The sub-navigation shared by the plan pages; current: "priorities",
 * "plan" or "report". */
void plan_subnav(struct req *r, const char *current);

#define PLAN_ROUTES \
	{ "GET",  "/o/:org/priorities",             page_priorities,      A_PLAN_VIEW,      RF_ORG }, \
	{ "POST", "/o/:org/priorities/move",        page_priority_move,   A_PLAN_EDIT,      RF_ORG }, \
	{ "GET",  "/o/:org/priorities/export.csv",  page_priorities_csv,  A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/priorities/export.xlsx", page_priorities_xlsx, A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/plan",                   page_plan,            A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/plan/new",               page_plan_new,        A_PLAN_EDIT,      RF_ORG }, \
	{ "POST", "/o/:org/plan/new",               page_plan_create,     A_PLAN_EDIT,      RF_ORG }, \
	{ "GET",  "/o/:org/plan/export.csv",        page_plan_csv,        A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/plan/export.xlsx",       page_plan_xlsx,       A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/plan/:id",               page_measure,         A_PLAN_VIEW,      RF_ORG }, \
	{ "POST", "/o/:org/plan/:id",               page_measure_update,  A_PLAN_EDIT,      RF_ORG }, \
	{ "POST", "/o/:org/plan/:id/comments",      page_measure_comment, A_PLAN_EDIT,      RF_ORG }, \
	{ "GET",  "/o/:org/report",                 page_report,          A_PLAN_VIEW,      RF_ORG }, \
	{ "GET",  "/o/:org/report.pdf",             page_report_pdf,      A_PLAN_VIEW,      RF_ORG | RF_SLOW }, \
	{ "POST", "/o/:org/report/sign",            page_report_sign,     A_REPORT_SIGN,    RF_ORG }, \
	{ "GET",  "/o/:org/exports/inventory.xlsx", page_inventory_xlsx,  A_INVENTORY_VIEW, RF_ORG },

#endif
