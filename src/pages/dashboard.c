/*
 * dashboard.c - an organisation's overview (GET /o/:org): its facts and the
 * caller's roles, and for school owners (municipalities and counties) four
 * blocks: tools by state, assessment coverage of the tools in use, the
 * latest maturity round and the open to-dos.
 *
 * Each block comes from one org-scoped query (domain/dashboard.c), links to
 * the page where the figures can be worked on, and says so when there is
 * nothing yet. Blocks built on the inventory are shown only to people who
 * see every school: a school leader, who sees their own schools only, would
 * otherwise read figures about schools hidden from them.
 */
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "maturity.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/dashboard.h"
#include "../domain/maturity.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/request.h"
#include "../core/buf.h"

#define TODOS_SHOWN 10

static const char *
kind_label(const char *kind)
{
	if (!strcmp(kind, "municipality")) return N_("Municipality");
	if (!strcmp(kind, "county")) return N_("County");
	if (!strcmp(kind, "network")) return N_("Regional network");
	if (!strcmp(kind, "national")) return N_("National");
	if (!strcmp(kind, "vendor")) return N_("Vendor");
	return kind;
}

static const char *
todo_kind_label(const char *kind)
{
	if (!strcmp(kind, "ros")) return N_("Risk assessment (ROS)");
	if (!strcmp(kind, "dpia")) return N_("Data protection impact assessment (DPIA)");
	if (!strcmp(kind, "dba")) return N_("Data processing agreement");
	return N_("Other");
}

static void
org_link(struct req *r, const char *suffix, const char *msgid)
{
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_text(r, suffix);
	html_lit(r, "\">");
	html_t(r, msgid);
	html_lit(r, "</a></p>");
}

static void
block_begin(struct req *r, const char *id, const char *msgid)
{
	html_lit(r, "<section class=\"ds-card dashboard-block\" aria-labelledby=\"");
	html_attr(r, id);
	html_lit(r, "\"><h2 class=\"ds-heading\" data-size=\"sm\" id=\"");
	html_attr(r, id);
	html_lit(r, "\">");
	html_t(r, msgid);
	html_lit(r, "</h2>");
}

static void
empty(struct req *r, const char *msgid)
{
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p>");
}

static void
count_row(struct req *r, const char *msgid, int64_t n)
{
	html_lit(r, "<tr><th scope=\"row\">");
	html_t(r, msgid);
	html_lit(r, "</th><td>");
	html_int(r, n);
	html_lit(r, "</td></tr>");
}

static void
block_tools(struct req *r)
{
	struct dash_tools t;

	block_begin(r, "b-tools", N_("Tools by state"));
	if (dash_tools(r->db, r->org_id, &t)) {
		empty(r, N_("The figures could not be read. Try again."));
	} else if (t.in_use + t.trial + t.phasing_out == 0) {
		empty(r, N_("No tools have been registered yet."));
		org_link(r, "/inventory", N_("Register the tools the schools use"));
	} else {
		html_lit(r, "<table class=\"ds-table\"><caption>");
		html_t(r, "Number of tools by state");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "State");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Tools");
		html_lit(r, "</th></tr></thead><tbody>");
		count_row(r, N_("In use"), t.in_use);
		count_row(r, N_("On trial"), t.trial);
		count_row(r, N_("Being phased out"), t.phasing_out);
		html_lit(r, "</tbody></table>");
		org_link(r, "/inventory", N_("See the tools in use"));
	}
	html_lit(r, "</section>");
}

static void
coverage_row(struct req *r, const char *msgid, int64_t have, int64_t total)
{
	html_lit(r, "<tr><th scope=\"row\">");
	html_t(r, msgid);
	html_lit(r, "</th><td>");
	html_int(r, have);
	html_lit(r, " ");
	html_t(r, "of");
	html_lit(r, " ");
	html_int(r, total);
	html_lit(r, "</td><td>");
	html_int(r, (have * 100 + total / 2) / total);
	html_lit(r, " %</td></tr>");
}

static void
block_coverage(struct req *r)
{
	struct dash_coverage c;

	block_begin(r, "b-coverage", N_("Assessments of the tools in use"));
	if (dash_coverage(r->db, r->org_id, &c)) {
		empty(r, N_("The figures could not be read. Try again."));
	} else if (c.tools == 0) {
		empty(r, N_("No tools are registered as in use, so there is nothing to cover yet."));
		org_link(r, "/inventory", N_("Register the tools the schools use"));
	} else {
		html_lit(r, "<table class=\"ds-table\"><caption>");
		html_t(r, "Tools in use with each assessment");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Assessment");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Tools");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Share");
		html_lit(r, "</th></tr></thead><tbody>");
		coverage_row(r, N_("Risk assessment (ROS)"), c.ros, c.tools);
		coverage_row(r, N_("Data protection impact assessment (DPIA)"), c.dpia, c.tools);
		coverage_row(r, N_("Data processing agreement"), c.dba, c.tools);
		html_lit(r, "</tbody></table><p class=\"ds-paragraph\" data-size=\"sm\">");
		html_t(r, "A tool counts as covered when every school that uses it has the assessment."
		    " Not every tool needs a DPIA; the screening of each tool says which are needed.");
		html_lit(r, "</p>");
		org_link(r, "/inventory", N_("See the tools in use"));
	}
	html_lit(r, "</section>");
}

static void
block_maturity(struct req *r)
{
	struct mat_round rd;
	struct mat_answer *ans;
	const struct mat_set *s;
	struct mat_score sc;
	int n, rc;
	const char *base;

	block_begin(r, "b-maturity", N_("Maturity"));
	rc = dash_maturity(r->db, &r->arena, r->org_id, &rd, &ans, &n);
	if (rc < 0) {
		empty(r, N_("The figures could not be read. Try again."));
	} else if (rc == 0) {
		empty(r, N_("No maturity round has been started yet."));
		org_link(r, "/maturity", N_("Go to the maturity self-assessment"));
	} else if ((s = maturity_find(rd.set_urn, rd.set_version)) == NULL) {
		empty(r, N_("The question set of this round is not available on the server."));
	} else {
		base = arena_printf(&r->arena, "/o/%lld/maturity/rounds/%lld", (long long)r->org_id,
		    (long long)rd.id);
		maturity_score(s, ans, n, &sc);
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Latest round");
		html_lit(r, ": <a class=\"ds-link\" href=\"");
		html_attr(r, base);
		html_lit(r, "\">");
		html_text(r, rd.title);
		html_lit(r, "</a> (");
		html_t(r, rd.closed_at ? N_("closed") : N_("open"));
		html_lit(r, ")</p>");
		maturity_figure(r, s, &sc, NULL, NULL, NULL, NULL, "dash-radar", 1, base);
		org_link(r, "/maturity", N_("All rounds of the self-assessment"));
	}
	html_lit(r, "</section>");
}

static void
block_todos(struct req *r)
{
	struct dash_todo *t;
	int64_t total;
	int n;

	block_begin(r, "b-todos", N_("Open to-dos"));
	n = dash_todos(r->db, &r->arena, r->org_id, TODOS_SHOWN, &t, &total);
	if (n < 0) {
		empty(r, N_("The figures could not be read. Try again."));
	} else if (n == 0) {
		empty(r, N_("There are no open to-dos."));
		org_link(r, "/inventory", N_("See the tools in use"));
	} else {
		html_lit(r, "<ul class=\"ds-list\">");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<li>");
			if (t[i].inventory_id) {
				html_lit(r, "<a class=\"ds-link\" href=\"/o/");
				html_int(r, r->org_id);
				html_lit(r, "/inventory/");
				html_int(r, t[i].inventory_id);
				html_lit(r, "\">");
			}
			html_text(r, t[i].title);
			if (t[i].inventory_id)
				html_lit(r, "</a>");
			html_lit(r, " (");
			html_t(r, todo_kind_label(t[i].kind));
			html_lit(r, ", ");
			html_time(r, t[i].created_at);
			html_lit(r, ")</li>");
		}
		html_lit(r, "</ul><p class=\"ds-paragraph\">");
		html_t(r, "Open to-dos in all");
		html_lit(r, ": ");
		html_int(r, total);
		html_lit(r, "</p>");
		org_link(r, "/inventory", N_("See the tools in use"));
	}
	html_lit(r, "</section>");
}

void
page_org(struct req *r)
{
	struct org o;
	struct school *s;
	int ns, owner, inv;

	if (page_load_org(r, &o))
		return;
	owner = !strcmp(o.kind, "municipality") || !strcmp(o.kind, "county");
	inv = authz_allows(r->who, A_INVENTORY_VIEW, r->org_id, 0) &&
	    authz_all_schools(r->who, r->org_id);
	layout_begin(r, o.name);
	org_nav(r, o.name, "");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, o.name);
	html_lit(r, "</h1><dl class=\"facts\"><dt>");
	html_t(r, "Kind");
	html_lit(r, "</dt><dd>");
	html_t(r, kind_label(o.kind));
	html_lit(r, "</dd>");
	if (o.number) {
		html_lit(r, "<dt>");
		html_t(r, !strcmp(o.kind, "county") ? N_("County number") : N_("Municipality number"));
		html_lit(r, "</dt><dd>");
		html_text(r, o.number);
		html_lit(r, "</dd>");
	}
	if (o.orgnr) {
		html_lit(r, "<dt>");
		html_t(r, "Organisation number");
		html_lit(r, "</dt><dd>");
		html_text(r, o.orgnr);
		html_lit(r, "</dd>");
	}
	html_lit(r, "</dl><h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Your roles here");
	html_lit(r, "</h2><ul class=\"ds-list roles-here\">");
	for (int i = 0; i < r->who->nm; i++)
		if (r->who->m[i].org_id == r->org_id) {
			html_lit(r, "<li>");
			html_t(r, role_label(r->who->m[i].role));
			html_lit(r, "</li>");
		}
	html_lit(r, "</ul>");
	if (authz_allows(r->who, A_SCHOOL_VIEW, r->org_id, 0)) {
		ns = school_list(r->db, &r->arena, r->org_id, r->who, &s);
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/schools\">");
		html_t(r, "Schools");
		html_lit(r, "</a>: ");
		html_int(r, ns < 0 ? 0 : ns);
		html_lit(r, "</p>");
	}
	if (owner && (inv || authz_allows(r->who, A_MATURITY_VIEW, r->org_id, 0))) {
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, "Status");
		html_lit(r, "</h2><div class=\"dashboard stack\">");
		if (inv) {
			block_tools(r);
			block_coverage(r);
		}
		if (authz_allows(r->who, A_MATURITY_VIEW, r->org_id, 0))
			block_maturity(r);
		if (inv)
			block_todos(r);
		html_lit(r, "</div>");
	}
	if (owner && !inv && authz_allows(r->who, A_INVENTORY_VIEW, r->org_id, 0))
		org_link(r, "/inventory", N_("See the tools used at your schools"));
	layout_end(r);
}
