/*
 * dba.h - handlers and route lines of the DBA register: checklist, sub-processors, signed PDF, renewals (issue 4).
 * routes.c expands DBA_ROUTES inside the route table.
 */
#ifndef SKOLESEC_PAGES_DBA_H
#define SKOLESEC_PAGES_DBA_H

struct req;
struct assessment;
struct as_item;

/* The DBA-specific block of the generic assessment view (assess.c calls it
 * through assess_kind_block for kind "dba"). */
void dba_block(struct req *r, const struct assessment *a, const struct as_item *items, int n);

void page_dba_register(struct req *);
void page_dba_upload(struct req *);
void page_dba_download(struct req *);

/* The signed agreement is multipart/form-data (RF_UPLOAD: the larger body
 * limit, and app.c parses the parts and checks the CSRF part). */
#define DBA_ROUTES \
	{ "GET",  "/o/:org/dba",                           page_dba_register, A_ASSESS_VIEW, RF_ORG }, \
	{ "POST", "/o/:org/assessments/:id/document",      page_dba_upload,   A_ASSESS_EDIT, RF_ORG | RF_UPLOAD }, \
	{ "GET",  "/o/:org/assessments/:id/document.pdf",  page_dba_download, A_ASSESS_VIEW, RF_ORG },

#endif
