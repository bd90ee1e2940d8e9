/*
 * inventory.h - handlers and route lines of the inventory screens (issue 3).
 * routes.c expands INVENTORY_ROUTES inside the route table.
 *
 * Files: pages/inventory.c (list, add, edit, delete), inventory_io.c (CSV
 * export, template, import), inventory_screening.c (the initial screening),
 * inventory_public.c (the public transparency page), api/inventory.c (JSON).
 * The fixed paths (new, export.csv, template.csv, import) come before :id,
 * since the first matching line wins.
 */
#ifndef SKOLESEC_PAGES_INVENTORY_H
#define SKOLESEC_PAGES_INVENTORY_H

#include <stdint.h>

#include "../api/inventory.h"

struct req;
struct inv_row;
struct org;

void page_inventory(struct req *);
void page_inventory_new(struct req *);
void page_inventory_create(struct req *);
void page_inventory_row(struct req *);
void page_inventory_update(struct req *);
void page_inventory_delete(struct req *);
void page_inventory_export(struct req *);
void page_inventory_template(struct req *);
void page_inventory_import(struct req *);
void page_inventory_import_post(struct req *);
void page_screening(struct req *);
void page_screening_post(struct req *);
void page_public(struct req *);

#define INVENTORY_ROUTES \
	{ "GET",  "/o/:org/inventory",               page_inventory,             A_INVENTORY_VIEW, RF_ORG }, \
	{ "GET",  "/o/:org/inventory/new",           page_inventory_new,         A_INVENTORY_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/inventory/new",           page_inventory_create,      A_INVENTORY_EDIT, RF_ORG }, \
	{ "GET",  "/o/:org/inventory/export.csv",    page_inventory_export,      A_INVENTORY_VIEW, RF_ORG }, \
	{ "GET",  "/o/:org/inventory/template.csv",  page_inventory_template,    A_INVENTORY_VIEW, RF_ORG }, \
	{ "GET",  "/o/:org/inventory/import",        page_inventory_import,      A_INVENTORY_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/inventory/import",        page_inventory_import_post, A_INVENTORY_EDIT, RF_ORG | RF_UPLOAD }, \
	{ "GET",  "/o/:org/inventory/:id",           page_inventory_row,         A_INVENTORY_VIEW, RF_ORG }, \
	{ "POST", "/o/:org/inventory/:id",           page_inventory_update,      A_INVENTORY_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/inventory/:id/delete",    page_inventory_delete,      A_INVENTORY_EDIT, RF_ORG }, \
	{ "GET",  "/o/:org/inventory/:id/screening", page_screening,             A_INVENTORY_VIEW, RF_ORG }, \
	{ "POST", "/o/:org/inventory/:id/screening", page_screening_post,        A_SCREENING_EDIT, RF_ORG }, \
	{ "GET",  "/public/:number",                 page_public,                A_PUBLIC,         0 }, \
	{ "GET",  "/api/v1/o/:org/inventory",        api_inventory,              A_INVENTORY_VIEW, RF_ORG },

/* ---- shared by the inventory pages (pages/inventory.c) ---- */

/* Loads the :id row of r->org_id and checks that r->who may see it; on
 * failure the error page is written and -1 returned. */
int inv_page_row(struct req *r, struct inv_row *row, struct org *o);
/* "Whole municipality" / "Whole county" / "Whole organisation" (msgid). */
const char *inv_whole_label(const char *org_kind);
/* ROS/DPIA/DBA status as words: "Yes", "No – needed", "No", "Not needed". */
void inv_doc_status(struct req *r, int has, int needs);
/* The filters of the list and the export: school ("", "org" or an id) and
 * state; -1 and a 400 page when malformed. */
struct inv_filter;
int inv_read_filter(struct req *r, struct inv_filter *f, const char **school_raw);
/* A checkbox field named `name` (id "f-<name>") with its label (msgid). */
void inv_checkbox(struct req *r, const char *name, const char *label, int checked);

#endif
