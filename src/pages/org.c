/*
 * org.c - an organisation's tab bar and its schools. The overview itself
 * (page_org) is in dashboard.c.
 */
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/request.h"
#include "../core/buf.h"

static const char *
level_label(const char *level)
{
	if (!strcmp(level, "grunnskole")) return N_("Primary and lower secondary");
	if (!strcmp(level, "videregaende")) return N_("Upper secondary");
	return N_("Primary and secondary");
}

void
org_nav(struct req *r, const char *name, const char *cur)
{
	static const struct { const char *suffix, *label; enum action act; } tabs[] = {
		{ "", N_("Overview"), A_ORG_VIEW },
		{ "/inventory", N_("Tools in use"), A_INVENTORY_VIEW },
		{ "/maturity", N_("Maturity"), A_MATURITY_VIEW },
		{ "/assessments", N_("Assessments"), A_ASSESS_VIEW },
		{ "/dba", N_("Data processing agreements"), A_ASSESS_VIEW },
		{ "/decisions", N_("Tool decisions"), A_ASSESS_VIEW },
		{ "/plan", N_("Action plan"), A_PLAN_VIEW },
		{ "/programmes", N_("Programmes"), A_PROGRAMME_MANAGE },
		{ "/participation", N_("Programme participation"), A_PROGRAMME_JOIN },
		{ "/sharing", N_("Sharing"), A_ORG_VIEW },
		{ "/schools", N_("Schools"), A_SCHOOL_VIEW },
		{ "/users", N_("Users and roles"), A_USERS_VIEW },
		{ "/audit", N_("Change log"), A_AUDIT_VIEW },
	};

	html_lit(r, "<p class=\"ds-paragraph org-name\" data-size=\"sm\">");
	html_text(r, name);
	html_lit(r, "</p><nav class=\"org-nav\" aria-label=\"");
	html_t(r, "Organisation");
	html_lit(r, "\"><ul>");
	for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		if (!authz_allows(r->who, tabs[i].act, r->org_id, 0))
			continue;
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_text(r, tabs[i].suffix);
		html_lit(r, "\"");
		if (strcmp(cur, tabs[i].suffix) == 0)
			html_lit(r, " aria-current=\"page\"");
		html_lit(r, ">");
		html_t(r, tabs[i].label);
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul></nav>");
}

int
page_load_org(struct req *r, struct org *o)
{
	int rc = org_get(r->db, &r->arena, r->org_id, o);

	if (rc != 1)
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
	return rc == 1 ? 0 : -1;
}

void
page_schools(struct req *r)
{
	struct org o;
	struct school *s;
	int n;

	if (page_load_org(r, &o))
		return;
	if ((n = school_list(r->db, &r->arena, r->org_id, r->who, &s)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Schools"));
	org_nav(r, o.name, "/schools");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Schools");
	html_lit(r, "</h1>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No schools are registered. An operator imports them from the"
		    " national school register with 'skolesec import schools'.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Schools");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Name");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Level");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Pupils");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Owner");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/schools/");
		html_int(r, s[i].id);
		html_lit(r, "\">");
		html_text(r, s[i].name);
		html_lit(r, "</a>");
		if (!s[i].active) {
			html_lit(r, " <span class=\"ds-tag\" data-color=\"neutral\">");
			html_t(r, "inactive");
			html_lit(r, "</span>");
		}
		html_lit(r, "</td><td>");
		html_t(r, level_label(s[i].level));
		html_lit(r, "</td><td>");
		if (s[i].pupils >= 0)
			html_int(r, s[i].pupils);
		html_lit(r, "</td><td>");
		html_t(r, s[i].private_ ? N_("Private") : N_("Public"));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	layout_end(r);
}

void
page_school(struct req *r)
{
	struct org o;
	struct school s;
	int64_t id = param_id(r, "id");
	int rc;

	if (page_load_org(r, &o))
		return;
	/* School leaders reach only their own schools. */
	if (id == 0 || !authz_allows(r->who, A_SCHOOL_VIEW, r->org_id, id)) {
		page_error(r, id ? 403 : 404, id ? N_("You do not have access to this page.") :
		    N_("There is no page at this address."));
		return;
	}
	if ((rc = school_get(r->db, &r->arena, r->org_id, id, &s)) != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	layout_begin(r, s.name);
	org_nav(r, o.name, "/schools");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, s.name);
	html_lit(r, "</h1><dl class=\"facts\"><dt>");
	html_t(r, "Organisation number");
	html_lit(r, "</dt><dd>");
	html_text(r, s.orgnr ? s.orgnr : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Level");
	html_lit(r, "</dt><dd>");
	html_t(r, level_label(s.level));
	html_lit(r, "</dd><dt>");
	html_t(r, "Pupils");
	html_lit(r, "</dt><dd>");
	if (s.pupils >= 0)
		html_int(r, s.pupils);
	else
		html_lit(r, "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Owner");
	html_lit(r, "</dt><dd>");
	html_t(r, s.private_ ? N_("Private") : N_("Public"));
	html_lit(r, "</dd><dt>");
	html_t(r, "Status");
	html_lit(r, "</dt><dd>");
	html_t(r, s.active ? N_("Active") : N_("inactive"));
	html_lit(r, "</dd></dl>");
	layout_end(r);
}
