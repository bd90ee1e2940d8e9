/*
 * share.h - handlers and route lines of sharing (issue 5): the library of
 * published assessments and the resource bank (logged-in pages without an
 * organisation in the URL: every row is checked for scope), and the
 * organisation's sharing page (publish, networks, adopt, import, follow the
 * source). routes.c expands SHARE_ROUTES inside the route table.
 *
 * Routes without :org take A_LOGIN; what the user may see there is decided
 * row by row by the domain (share_pub_get, resource_get, search_*), and the
 * national editor's actions check A_ENDORSE in the handler.
 */
#ifndef SKOLESEC_PAGES_SHARE_H
#define SKOLESEC_PAGES_SHARE_H

struct req;

void page_library(struct req *);
void page_library_pub(struct req *);
void page_library_bundle(struct req *);
void page_library_endorse(struct req *);
void page_library_tool(struct req *);
void page_resources(struct req *);
void page_resource(struct req *);
void page_resource_curate(struct req *);
void page_sharing(struct req *);
void page_share_publish(struct req *);
void page_share_network(struct req *);
void page_share_adopt(struct req *);
void page_share_import(struct req *);
void page_share_update(struct req *);
void page_share_update_post(struct req *);
void page_resource_new(struct req *);
void page_resource_create(struct req *);
void page_resource_edit(struct req *);
void page_resource_update(struct req *);

#define SHARE_ROUTES \
	{ "GET",  "/library",                        page_library,           A_LOGIN,         0 }, \
	{ "GET",  "/library/tools/:id",              page_library_tool,      A_LOGIN,         0 }, \
	{ "GET",  "/library/:id",                    page_library_pub,       A_LOGIN,         0 }, \
	{ "GET",  "/library/:id/bundle.json",        page_library_bundle,    A_LOGIN,         0 }, \
	{ "POST", "/library/:id/endorse",            page_library_endorse,   A_LOGIN,         0 }, \
	{ "GET",  "/resources",                      page_resources,         A_LOGIN,         0 }, \
	{ "GET",  "/resources/:id",                  page_resource,          A_LOGIN,         0 }, \
	{ "POST", "/resources/:id/curate",           page_resource_curate,   A_LOGIN,         0 }, \
	{ "GET",  "/o/:org/sharing",                 page_sharing,           A_ORG_VIEW,      RF_ORG }, \
	{ "POST", "/o/:org/sharing/publish",         page_share_publish,     A_SHARE_PUBLISH, RF_ORG }, \
	{ "POST", "/o/:org/sharing/networks",        page_share_network,     A_SHARE_NETWORK, RF_ORG }, \
	{ "POST", "/o/:org/sharing/adopt",           page_share_adopt,       A_SHARE_ADOPT,   RF_ORG }, \
	{ "POST", "/o/:org/sharing/import",          page_share_import,      A_SHARE_ADOPT,   RF_ORG }, \
	{ "GET",  "/o/:org/sharing/adoptions/:id",   page_share_update,      A_ASSESS_VIEW,   RF_ORG }, \
	{ "POST", "/o/:org/sharing/adoptions/:id",   page_share_update_post, A_SHARE_ADOPT,   RF_ORG }, \
	{ "GET",  "/o/:org/resources/new",           page_resource_new,      A_RESOURCE_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/resources",               page_resource_create,   A_RESOURCE_EDIT, RF_ORG }, \
	{ "GET",  "/o/:org/resources/:id/edit",      page_resource_edit,     A_RESOURCE_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/resources/:id",           page_resource_update,   A_RESOURCE_EDIT, RF_ORG },

#endif
