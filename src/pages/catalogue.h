/*
 * catalogue.h - handlers and route lines of the catalogue screens (issue 3).
 * routes.c expands CATALOGUE_ROUTES inside the route table.
 *
 * The catalogue is national, so its routes carry no :org: reading needs a
 * login (proposals are shown only to the organisations that made them, see
 * domain/catalogue.h), changing needs A_CATALOGUE_EDIT in any membership
 * (the national editor). Proposing is done inside an organisation
 * (/o/:org/tools/propose). The JSON read API (src/api/catalogue.c) is public:
 * it serves accepted tools only.
 */
#ifndef SKOLESEC_PAGES_CATALOGUE_H
#define SKOLESEC_PAGES_CATALOGUE_H

struct req;

void page_catalogue(struct req *);
void page_catalogue_proposals(struct req *);
void page_tool_new(struct req *);
void page_tool_create(struct req *);
void page_tool(struct req *);
void page_tool_update(struct req *);
void page_tool_accept(struct req *);
void page_tool_reject(struct req *);
void page_tool_merge(struct req *);
void page_vendors(struct req *);
void page_vendor_create(struct req *);
void page_vendor(struct req *);
void page_vendor_update(struct req *);
void page_tool_propose(struct req *);
void page_tool_propose_post(struct req *);
/* src/api/catalogue.c */
void api_catalogue(struct req *);
void api_catalogue_tool(struct req *);

/* "new" must come before ":id" (the first matching line wins). */
#define CATALOGUE_ROUTES \
	{ "GET",  "/catalogue",                  page_catalogue,           A_LOGIN,          0 }, \
	{ "GET",  "/catalogue/proposals",        page_catalogue_proposals, A_CATALOGUE_EDIT, 0 }, \
	{ "GET",  "/catalogue/tools/new",        page_tool_new,            A_CATALOGUE_EDIT, 0 }, \
	{ "POST", "/catalogue/tools",            page_tool_create,         A_CATALOGUE_EDIT, 0 }, \
	{ "GET",  "/catalogue/tools/:id",        page_tool,                A_LOGIN,          0 }, \
	{ "POST", "/catalogue/tools/:id",        page_tool_update,         A_CATALOGUE_EDIT, 0 }, \
	{ "POST", "/catalogue/tools/:id/accept", page_tool_accept,         A_CATALOGUE_EDIT, 0 }, \
	{ "POST", "/catalogue/tools/:id/reject", page_tool_reject,         A_CATALOGUE_EDIT, 0 }, \
	{ "POST", "/catalogue/tools/:id/merge",  page_tool_merge,          A_CATALOGUE_EDIT, 0 }, \
	{ "GET",  "/catalogue/vendors",          page_vendors,             A_LOGIN,          0 }, \
	{ "POST", "/catalogue/vendors",          page_vendor_create,       A_CATALOGUE_EDIT, 0 }, \
	{ "GET",  "/catalogue/vendors/:id",      page_vendor,              A_LOGIN,          0 }, \
	{ "POST", "/catalogue/vendors/:id",      page_vendor_update,       A_CATALOGUE_EDIT, 0 }, \
	{ "GET",  "/o/:org/tools/propose",       page_tool_propose,        A_INVENTORY_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/tools/propose",       page_tool_propose_post,   A_INVENTORY_EDIT, RF_ORG }, \
	{ "GET",  "/api/v1/catalogue",           api_catalogue,            A_PUBLIC,         0 }, \
	{ "GET",  "/api/v1/catalogue/tools/:id", api_catalogue_tool,       A_PUBLIC,         0 },

#endif
