/*
 * decision.h - handlers and route lines of tool decisions per organisation and the exit checklist (issue 4).
 * routes.c expands DECISION_ROUTES inside the route table.
 *
 * Files: pages/decision.c (list, one tool's decision and its form),
 * pages/decision_ui.c (small form pieces shared with the DPIA pages).
 */
#ifndef SKOLESEC_PAGES_DECISION_H
#define SKOLESEC_PAGES_DECISION_H

#include <stdint.h>

struct req;

void page_decisions(struct req *);
void page_decision(struct req *);
void page_decision_post(struct req *);

#define DECISION_ROUTES \
	{ "GET",  "/o/:org/decisions",       page_decisions,     A_ASSESS_VIEW,   RF_ORG }, \
	{ "GET",  "/o/:org/decisions/:tool", page_decision,      A_ASSESS_VIEW,   RF_ORG }, \
	{ "POST", "/o/:org/decisions/:tool", page_decision_post, A_DECISION_EDIT, RF_ORG },

/* ---- form pieces (pages/decision_ui.c), ids "f-<name>", errors "e-<name>" ---- */

/* A labelled textarea with its error message. */
void dui_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int rows);
/* Opens a labelled <select> (close with dui_select_end). */
void dui_select_begin(struct req *r, const char *name, const char *label, const char *err);
void dui_option(struct req *r, const char *value, const char *label_text, int selected);
void dui_select_end(struct req *r, const char *err, const char *name);
/* "/o/<org>/assessments/<id>" as attribute text. */
void dui_assessment_href(struct req *r, int64_t id);

#endif
