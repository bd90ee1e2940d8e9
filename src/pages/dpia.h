/*
 * dpia.h - handlers and route lines of DPIA screens: levels with inheritance, DPO advice, conclusions per service (issue 4).
 * routes.c expands DPIA_ROUTES inside the route table.
 *
 * The generic assessment view (pages/assess*.c) calls dpia_block() for
 * kind "dpia"; the routes below take the DPIA-only forms (level and parent,
 * the DPO's advice, a conclusion per service), each answering with a
 * redirect back to the assessment.
 */
#ifndef SKOLESEC_PAGES_DPIA_H
#define SKOLESEC_PAGES_DPIA_H

struct req;
struct assessment;
struct as_item;

/* The DPIA part of the assessment view: screening, level and the parent's
 * content read-only beside this one's, conclusions per service, the DPO's
 * advice, the Art. 36 flag. items[0..n) are the assessment's items. */
void dpia_block(struct req *, const struct assessment *, const struct as_item *, int n);

void page_dpia_level(struct req *);
void page_dpia_advice(struct req *);
void page_dpia_conclusion(struct req *);

#define DPIA_ROUTES \
	{ "POST", "/o/:org/assessments/:id/dpia/level",       page_dpia_level,      A_ASSESS_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/dpia/advice",      page_dpia_advice,     A_DPO_ADVICE,  RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/dpia/conclusions", page_dpia_conclusion, A_ASSESS_EDIT, RF_ORG },

#endif
