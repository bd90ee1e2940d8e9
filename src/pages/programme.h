/*
 * programme.h - handlers and route lines of programmes (veiledertjeneste): phases, applications, consent, workshops, evaluation (issue 7).
 * routes.c expands PROGRAMME_ROUTES inside the route table.
 *
 * Three sides: the public recruitment page (programme_public.c), the
 * network's adviser team (programme.c: programme, applications, dashboard,
 * evaluation results, cohort report) and the participating municipality
 * (programme_part.c: apply, consent, access log, evaluation). Advisers'
 * comments on a municipality's maturity round are posted to the round's
 * address, on its action plan to /o/:org/advice/plan, under the
 * municipality, with the consent-only comment right.
 */
#ifndef SKOLESEC_PAGES_PROGRAMME_H
#define SKOLESEC_PAGES_PROGRAMME_H

#include <stdint.h>

struct req;
struct programme;

void page_programmes_public(struct req *);
void page_programme_public(struct req *);
void page_programme_register(struct req *);
void page_programmes(struct req *);
void page_programme_create(struct req *);
void page_programme(struct req *);
void page_programme_phase(struct req *);
void page_programme_advisers(struct req *);
void page_programme_decide(struct req *);
void page_programme_participant(struct req *);
void page_programme_workshop(struct req *);
void page_programme_task(struct req *);
void page_programme_dashboard(struct req *);
void page_programme_results(struct req *);
void page_programme_report(struct req *);
void page_programme_report_pdf(struct req *);
void page_participation(struct req *);
void page_participation_apply(struct req *);
void page_participation_consent(struct req *);
void page_participation_evaluate(struct req *);
void page_participation_task(struct req *);
void page_participation_document(struct req *);
void page_participation_goals(struct req *);
void page_programme_comment(struct req *);
void page_programme_plan_comment(struct req *);

/* The advisers' comments on one object of the organisation in the URL (the
 * maturity round page calls it), with a form for an adviser who holds the
 * comment right through consent. */
void programme_comments_block(struct req *r, const char *object_type, int64_t object_id,
    const char *action);

/* Shared by the programme pages (programme_view.c). */
void prog_phase_table(struct req *r, const struct programme *p, int show_moves);
void prog_goals_list(struct req *r);
void prog_date(struct req *r, const char *ymd);
/* A submit button with a translated label. */
void prog_button(struct req *r, const char *variant, const char *msgid);
/* A failed change: logs it, rolls back and answers 500. */
void prog_tx_fail(struct req *r, const char *what);

#define PROGRAMME_ROUTES \
	{ "GET",  "/programmes",                                page_programmes_public,      A_PUBLIC,            0 }, \
	{ "GET",  "/programmes/:id",                            page_programme_public,       A_PUBLIC,            0 }, \
	{ "POST", "/programmes/:id/register",                   page_programme_register,     A_PUBLIC,            0 }, \
	{ "GET",  "/o/:org/programmes",                         page_programmes,             A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes",                         page_programme_create,       A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/programmes/:id",                     page_programme,              A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/phases",              page_programme_phase,        A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/advisers",            page_programme_advisers,     A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/applications",        page_programme_decide,       A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/participants",        page_programme_participant,  A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/workshops",           page_programme_workshop,     A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "POST", "/o/:org/programmes/:id/tasks",               page_programme_task,         A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/programmes/:id/dashboard",           page_programme_dashboard,    A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/programmes/:id/evaluation",          page_programme_results,      A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/programmes/:id/report",              page_programme_report,       A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/programmes/:id/report.pdf",          page_programme_report_pdf,   A_PROGRAMME_MANAGE,  RF_ORG }, \
	{ "GET",  "/o/:org/participation",                      page_participation,          A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/apply",                page_participation_apply,    A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/consent",              page_participation_consent,  A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/evaluation",           page_participation_evaluate, A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/tasks",                page_participation_task,     A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/documents",            page_participation_document, A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/participation/goals",                page_participation_goals,    A_PROGRAMME_JOIN,    RF_ORG }, \
	{ "POST", "/o/:org/maturity/rounds/:id/comments",       page_programme_comment,      A_PROGRAMME_COMMENT, RF_ORG }, \
	{ "POST", "/o/:org/advice/plan",                        page_programme_plan_comment, A_PROGRAMME_COMMENT, RF_ORG },

#endif
