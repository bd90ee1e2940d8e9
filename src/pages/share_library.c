/*
 * share_library.c - the library of published assessments across
 * organisations: search with filters, one published version (items, local
 * fields marked, lineage counts, endorsement), its JSON bundle, the
 * national editor's endorsement, and the national view of one tool.
 *
 * These pages have no organisation in the URL (A_LOGIN), so nothing here
 * reads by id without the viewer: share_pub_get() and search_pubs() return
 * only what the user's organisations may see, and anything else answers 404
 * exactly like an id that does not exist.
 */
#include <string.h>

#include "share.h"
#include "share_ui.h"
#include "../app.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/share.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"

static const char *const kind_keys[] = { "ros", "dpia", "dba", NULL };
static const char *const kind_labels[] = { N_("Risk assessment (ROS)"),
	N_("Data protection impact assessment (DPIA)"), N_("Data processing agreement (DBA)") };
static const char *const scope_keys[] = { "national", "network", NULL };
static const char *const scope_labels[] = { N_("National"), N_("Network") };

static const struct field lib_fields[] = {
	{ "q", F_TEXT, 0, 200, 0, 0, NULL },
	{ "kind", F_ENUM, 0, 0, 0, 0, kind_keys },
	{ "scope", F_ENUM, 0, 0, 0, 0, scope_keys },
	{ "endorsed", F_BOOL, 0, 0, 0, 0, NULL },
	{ "tool", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "page", F_INT, 0, 10, 1, 10000, NULL },
};
enum { L_Q, L_KIND, L_SCOPE, L_ENDORSED, L_TOOL, L_PAGE, L_N };

#define PAGE_SIZE 25

void
page_library(struct req *r)
{
	struct fval v[L_N];
	struct search_filter f = { NULL, "", 0, "", 0, 0, PAGE_SIZE + 1, 0 };
	struct pub_row *rows;
	int n, page;

	if (form_read(r, lib_fields, L_N, v)) {
		page_error(r, 400, "The search could not be read. Check the filters and try again.");
		return;
	}
	page = v[L_PAGE].s ? (int)v[L_PAGE].i : 1;
	f.text = v[L_Q].s;
	f.kind = v[L_KIND].s ? v[L_KIND].s : "";
	f.scope = v[L_SCOPE].s ? v[L_SCOPE].s : "";
	f.endorsed = (int)v[L_ENDORSED].i;
	f.tool_id = v[L_TOOL].s ? v[L_TOOL].i : 0;
	f.viewer = r->who->user_id;
	f.offset = (page - 1) * PAGE_SIZE;
	if ((n = search_pubs(r->db, &r->arena, &f, &rows)) < 0) {
		sh_server_error(r, "library search");
		return;
	}
	layout_begin(r, T(r, "Library of shared assessments"));
	page_heading(r, 1, N_("Library of shared assessments"));
	page_para(r, N_("Assessments other organisations have published to you: nationally, or in a network"
	    " your organisation belongs to. Adopt one to get your own draft with the local fields left"
	    " for you to complete."));
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/resources\">");
	html_t(r, "Resource bank");
	html_lit(r, "</a></p><form class=\"stack narrow\" method=\"get\" action=\"/library\" role=\"search\">");
	form_input(r, "q", N_("Search"), "search", v[L_Q].s, NULL, 0, "off");
	sh_select(r, "kind", N_("Kind"), kind_keys, kind_labels, 3, f.kind, N_("All kinds"), NULL);
	sh_select(r, "scope", N_("Scope"), scope_keys, scope_labels, 2, f.scope, N_("All scopes"), NULL);
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-endorsed\""
	    " name=\"endorsed\" value=\"1\"");
	if (f.endorsed)
		html_lit(r, " checked");
	html_lit(r, "><label class=\"ds-label\" for=\"f-endorsed\">");
	html_t(r, "Endorsed only");
	html_lit(r, "</label></div>");
	if (f.tool_id) {
		html_lit(r, "<input type=\"hidden\" name=\"tool\" value=\"");
		html_int(r, f.tool_id);
		html_lit(r, "\">");
	}
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Search");
	html_lit(r, "</button></form>");
	if (n == 0)
		page_para(r, N_("No published assessments match."));
	else
		sh_pub_table(r, rows, n > PAGE_SIZE ? PAGE_SIZE : n, N_("Published assessments"));
	if (page > 1 || n > PAGE_SIZE) {
		html_lit(r, "<nav class=\"pager\"><p class=\"ds-paragraph\">");
		html_t(r, "Page");
		html_lit(r, " ");
		html_int(r, page);
		if (n > PAGE_SIZE) {
			html_lit(r, " <a class=\"ds-link\" href=\"/library?page=");
			html_int(r, page + 1);
			html_lit(r, "&amp;q=");
			html_urlarg(r, v[L_Q].s ? v[L_Q].s : "");
			html_lit(r, "&amp;kind=");
			html_urlarg(r, f.kind);
			html_lit(r, "&amp;scope=");
			html_urlarg(r, f.scope);
			html_lit(r, "\">");
			html_t(r, "Next page");
			html_lit(r, "</a>");
		}
		html_lit(r, "</p></nav>");
	}
	layout_end(r);
}

/* The publication of :id as the user may see it, or an error page. */
static int
load_pub(struct req *r, struct share_pub *p)
{
	int64_t id = param_id(r, "id");
	int rc = id ? share_pub_get(r->db, &r->arena, r->who->user_id, 0, id, p) : 0;

	if (rc == 0)
		page_error(r, 404, "There is no page at this address.");
	else if (rc < 0)
		sh_server_error(r, "library pub");
	return rc == 1 ? 0 : -1;
}

static void
items_table(struct req *r, const struct share_pub *p)
{
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Items of the published version");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Item");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Kind");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Content");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < p->nitems; i++) {
		html_lit(r, "<tr><th scope=\"row\"><code>");
		html_text(r, p->items[i].uid);
		html_lit(r, "</code>");
		if (p->items[i].local)
			sh_tag(r, "warning", N_("Local: each organisation completes it"));
		html_lit(r, "</th><td>");
		html_text(r, p->items[i].kind);
		html_lit(r, "</td><td>");
		sh_item_data(r, p->items[i].data);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
adopt_forms(struct req *r, const struct share_pub *p)
{
	int any = 0;

	for (int i = 0; i < r->who->nm; i++) {
		const struct membership *m = &r->who->m[i];
		int dup = 0;
		for (int k = 0; k < i; k++)
			dup |= r->who->m[k].org_id == m->org_id;
		if (dup || m->org_id == p->row.org_id || !authz_allows(r->who, A_SHARE_ADOPT, m->org_id, 0))
			continue;
		if (!any++)
			page_heading(r, 2, N_("Adopt"));
		html_lit(r, "<form class=\"inline\" method=\"post\" action=\"/o/");
		html_int(r, m->org_id);
		html_lit(r, "/sharing/adopt\">");
		form_csrf(r);
		html_lit(r, "<input type=\"hidden\" name=\"pub\" value=\"");
		html_int(r, p->row.id);
		html_lit(r, "\"><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Adopt for");
		html_lit(r, " ");
		html_text(r, m->org_name);
		html_lit(r, "</button></form>");
	}
}

void
page_library_pub(struct req *r)
{
	struct share_pub p;

	if (load_pub(r, &p))
		return;
	layout_begin(r, p.row.title);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, p.row.title);
	html_lit(r, "</h1>");
	if (p.row.endorsed_at) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		sh_tag(r, "success", N_("Endorsed"));
		html_lit(r, " ");
		html_text(r, p.endorsed_org_name);
		html_lit(r, ", ");
		html_time(r, p.row.endorsed_at);
		html_lit(r, "</p>");
	}
	sh_fact(r, N_("Kind"), T(r, assessment_kind_label(p.row.kind)));
	sh_fact(r, N_("Publisher"), p.row.org_name);
	sh_fact(r, N_("Version"), arena_printf(&r->arena, "%d", p.row.version));
	sh_fact(r, N_("Scope"), T(r, sh_scope_label(p.row.scope)));
	sh_fact(r, N_("Template"), arena_printf(&r->arena, "%s v%d", p.template_urn, p.template_version));
	sh_fact(r, N_("Adopted by (organisations)"), arena_printf(&r->arena, "%d", p.row.adopters));
	if (p.head.scope && p.head.scope[0])
		sh_fact(r, N_("What is assessed"), p.head.scope);
	if (p.ntools) {
		html_lit(r, "<p class=\"ds-paragraph\"><strong>");
		html_t(r, "Tools");
		html_lit(r, ":</strong> ");
		for (int i = 0; i < p.ntools; i++) {
			if (i)
				html_lit(r, ", ");
			html_lit(r, "<a class=\"ds-link\" href=\"/library/tools/");
			html_int(r, p.tools[i]);
			html_lit(r, "\">");
			html_text(r, p.tool_names[i]);
			html_lit(r, "</a>");
		}
		html_lit(r, "</p>");
	}
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" download href=\"/library/");
	html_int(r, p.row.id);
	html_lit(r, "/bundle.json\">");
	html_t(r, "Download as a bundle (JSON)");
	html_lit(r, "</a></p>");
	adopt_forms(r, &p);
	if (authz_allows_any(r->who, A_ENDORSE)) {
		page_heading(r, 2, N_("Endorse this version"));
		sh_form_id(r, "/library/", p.row.id, "/endorse");
		sh_textarea(r, "local", N_("Item ids to mark as local in addition (optional, separated by commas)"),
		    NULL, NULL, 2);
		sh_submit(r, N_("Endorse"));
	}
	page_heading(r, 2, N_("Content"));
	items_table(r, &p);
	layout_end(r);
}

void
page_library_bundle(struct req *r)
{
	struct share_pub p;
	char *json;

	if (load_pub(r, &p))
		return;
	if ((json = share_bundle_export(&r->arena, &p)) == NULL) {
		sh_server_error(r, "bundle export");
		return;
	}
	r->ctype = "application/json; charset=utf-8";
	req_add_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"skolesec-%s-%lld-v%d.json\"", p.row.kind,
	    (long long)p.row.id, p.row.version));
	buf_puts(&r->out, json);
}

static const struct field endorse_fields[] = {
	{ "local", F_MULTILINE, 0, 4000, 0, 0, NULL },
};

void
page_library_endorse(struct req *r)
{
	struct fval v[1];
	int64_t editor_org, id = param_id(r, "id");
	const char *err;

	if ((editor_org = sh_editor_org(r)) == 0)
		return;
	if (form_read(r, endorse_fields, 1, v)) {
		page_error(r, 400, "The form could not be read. Go back and try again.");
		return;
	}
	if (id == 0 || share_endorse(r->db, &r->arena, r->who->user_id, editor_org, id, v[0].s, &err)) {
		if (id == 0 || (err && strcmp(err, SHARE_E_NOPUB) == 0))
			page_error(r, 404, "There is no page at this address.");
		else if (err)
			page_error(r, 400, err);
		else
			sh_server_error(r, "endorse");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/library/%lld", (long long)id));
}

static void
count_cell(struct req *r, int n)
{
	html_lit(r, "<td>");
	if (n >= SHARE_MIN_COUNT)
		html_int(r, n);
	else
		html_t(r, "fewer than 5");
	html_lit(r, "</td>");
}

void
page_library_tool(struct req *r)
{
	static const char *const status_labels[5] = { N_("Under review"), N_("Approved"),
		N_("Approved with conditions"), N_("Not approved"), N_("Being phased out") };
	struct share_tool_view tv;
	struct search_filter f = { NULL, "", 0, "", 0, 0, 50, 0 };
	struct pub_row *rows;
	int64_t id = param_id(r, "id");
	int rc = id ? share_tool_view(r->db, &r->arena, id, &tv) : 0, n;

	if (rc <= 0) {
		if (rc < 0)
			sh_server_error(r, "tool view");
		else
			page_error(r, 404, "There is no page at this address.");
		return;
	}
	f.tool_id = id;
	f.viewer = r->who->user_id;
	if ((n = search_pubs(r->db, &r->arena, &f, &rows)) < 0) {
		sh_server_error(r, "tool pubs");
		return;
	}
	layout_begin(r, tv.tool_name);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, tv.tool_name);
	html_lit(r, "</h1>");
	page_para(r, N_("The national picture: counts only, and only where at least five municipalities"
	    " stand behind a number."));
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Municipalities and their decisions");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Measure");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Municipalities");
	html_lit(r, "</th></tr></thead><tbody><tr><th scope=\"row\">");
	html_t(r, "Use the tool");
	html_lit(r, "</th>");
	count_cell(r, tv.users);
	html_lit(r, "</tr>");
	for (int k = 0; k < 5; k++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_t(r, status_labels[k]);
		html_lit(r, "</th>");
		count_cell(r, tv.status[k]);
		html_lit(r, "</tr>");
	}
	html_lit(r, "</tbody></table>");
	page_heading(r, 2, N_("Published assessments of this tool"));
	if (n == 0)
		page_para(r, N_("No published assessments match."));
	else
		sh_pub_table(r, rows, n, N_("Published assessments"));
	layout_end(r);
}
