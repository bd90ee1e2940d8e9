/*
 * assess.h - handlers and route lines of assessments (list, new, item editing, workflow, versions, diff, comments), ROS and the risk matrix (issue 4).
 * routes.c expands ASSESS_ROUTES inside the route table.
 *
 * Pages of one assessment are split over assess.c (list, new, view),
 * assess_item.c (item forms, workflow, comments) and assess_version.c
 * (versions, comparison, risk matrix). The helpers below are shared by them
 * and usable by the DPIA and DBA pages.
 */
#ifndef SKOLESEC_PAGES_ASSESS_H
#define SKOLESEC_PAGES_ASSESS_H

#include <stdint.h>

struct req;
struct org;
struct assessment;
struct as_item;
struct tmpl;

void page_assessments(struct req *);
void page_assessment_new(struct req *);
void page_assessment_create(struct req *);
void page_assessment(struct req *);
void page_assessment_header(struct req *);
void page_assessment_item(struct req *);
void page_assessment_item_post(struct req *);
void page_assessment_item_add(struct req *);
void page_assessment_item_delete(struct req *);
void page_assessment_steps(struct req *);
void page_assessment_comment(struct req *);
void page_assessment_version(struct req *);
void page_assessment_compare(struct req *);
void page_risk_matrix(struct req *);
void page_risk_matrix_post(struct req *);

/* The kind-specific block of the view: dpia_block() (dpia.h) for a DPIA,
 * dba_block() (dba.h) for a DBA, nothing for a ROS (its risk table and
 * heatmap are part of the generic view). */
void assess_kind_block(struct req *, const struct assessment *, const struct as_item *, int n);

/* Loads the organisation of :org and the assessment of :id (org-scoped).
 * Returns 0, or -1 after answering 404/500. */
int assess_load(struct req *r, struct org *o, struct assessment *a);
/* "/o/<org>/assessments/<id>" into the page. */
void assess_href(struct req *r, int64_t id);
/* What an item is called: its template label, else the title/name/service
 * in its data, else the kind. Its short answer goes to assess_item_value. */
const char *assess_item_label(struct req *r, const struct tmpl *t, const struct as_item *it);
void assess_item_value(struct req *r, const struct tmpl *t, const struct as_item *it);
/* The msgid of an enum key of item data ("deviation", "scc", ...), or NULL. */
const char *assess_key_label(const char *key);
/* The status as a tag (text, not colour only). */
void assess_status_tag(struct req *r, const char *status);
/* The view of :id with a notice (msgid) at the top, for a refused action
 * (the caller sets r->status first). */
void assess_view(struct req *r, const char *notice);
/* Can the user comment (edit, DPO or approve role)? */
int assess_can_comment(struct req *r);

#define ASSESS_ROUTES \
	{ "GET",  "/o/:org/assessments",                        page_assessments,            A_ASSESS_VIEW,    RF_ORG }, \
	{ "GET",  "/o/:org/assessments/new",                    page_assessment_new,         A_ASSESS_EDIT,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/new",                    page_assessment_create,      A_ASSESS_EDIT,    RF_ORG }, \
	{ "GET",  "/o/:org/assessments/:id",                    page_assessment,             A_ASSESS_VIEW,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/header",             page_assessment_header,      A_ASSESS_EDIT,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/items",              page_assessment_item_add,    A_ASSESS_EDIT,    RF_ORG }, \
	{ "GET",  "/o/:org/assessments/:id/items/:uid",         page_assessment_item,        A_ASSESS_VIEW,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/items/:uid",         page_assessment_item_post,   A_ASSESS_VIEW,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/items/:uid/delete",  page_assessment_item_delete, A_ASSESS_EDIT,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/steps",              page_assessment_steps,       A_ASSESS_VIEW,    RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/comments",           page_assessment_comment,     A_ASSESS_VIEW,    RF_ORG }, \
	{ "GET",  "/o/:org/assessments/:id/versions/:n",        page_assessment_version,     A_ASSESS_VIEW,    RF_ORG }, \
	{ "GET",  "/o/:org/assessments/:id/compare",            page_assessment_compare,     A_ASSESS_VIEW,    RF_ORG }, \
	{ "GET",  "/o/:org/risk-matrix",                        page_risk_matrix,            A_ASSESS_VIEW,    RF_ORG }, \
	{ "POST", "/o/:org/risk-matrix",                        page_risk_matrix_post,       A_ASSESS_APPROVE, RF_ORG },

#endif
