/*
 * maturity.h - handlers and route lines of the maturity screens (issue 3).
 * routes.c expands MATURITY_ROUTES inside the route table. The
 * organisation overview (page_org, in pages/dashboard.c) shows the latest
 * round with maturity_figure().
 */
#ifndef SKOLESEC_PAGES_MATURITY_H
#define SKOLESEC_PAGES_MATURITY_H

struct req;
struct mat_set;
struct mat_score;
struct mat_peers;
struct mat_change;

void page_maturity(struct req *);
void page_maturity_start(struct req *);
void page_maturity_round(struct req *);
void page_maturity_area(struct req *);
void page_maturity_area_post(struct req *);
void page_maturity_close(struct req *);

/*
 * The radar chart with its data table. region/nation/change may be NULL
 * (not shown); region_name names the county. compact: the dashboard's
 * version (score column only). area_base: link prefix for area names
 * ("/o/1/maturity/rounds/2") or NULL for no links.
 */
void maturity_figure(struct req *r, const struct mat_set *s, const struct mat_score *sc,
    const struct mat_peers *region, const char *region_name, const struct mat_peers *nation,
    const struct mat_change *change, const char *id, int compact, const char *area_base);

#define MATURITY_ROUTES \
	{ "GET",  "/o/:org/maturity",                     page_maturity,           A_MATURITY_VIEW, RF_ORG }, \
	{ "POST", "/o/:org/maturity/rounds",              page_maturity_start,     A_MATURITY_EDIT, RF_ORG }, \
	{ "GET",  "/o/:org/maturity/rounds/:id",          page_maturity_round,     A_MATURITY_VIEW, RF_ORG }, \
	{ "GET",  "/o/:org/maturity/rounds/:id/areas/:n", page_maturity_area,      A_MATURITY_VIEW, RF_ORG }, \
	{ "POST", "/o/:org/maturity/rounds/:id/areas/:n", page_maturity_area_post, A_MATURITY_EDIT, RF_ORG }, \
	{ "POST", "/o/:org/maturity/rounds/:id/close",    page_maturity_close,     A_MATURITY_EDIT, RF_ORG },

#endif
