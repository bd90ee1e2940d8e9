/*
 * share_resources.c - the resource bank screens: search and list, one
 * resource (Markdown rendered by cmark in safe mode), the national editor's
 * curation, and an organisation's form to write or edit a resource.
 *
 * The one HTML this file writes that does not pass the escaping writer is
 * resource_render()'s output: cmark in safe mode drops raw HTML and
 * dangerous link schemes (resource.h), and the strict CSP forbids inline
 * script and style besides. Everything around it is escaped as usual.
 */
#include <string.h>

#include "pages.h"
#include "share.h"
#include "share_ui.h"
#include "../app.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../domain/resource.h"
#include "../domain/search.h"
#include "../domain/share.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"

static const char *const kind_labels[] = { N_("Guide"), N_("Template"), N_("Routine"),
	N_("Presentation") };
static const char *const scope_labels[] = { N_("Draft (only your organisation)"),
	N_("National"), N_("Network") };

static const struct field list_fields[] = {
	{ "q", F_TEXT, 0, 200, 0, 0, NULL },
	{ "kind", F_ENUM, 0, 0, 0, 0, resource_kinds },
	{ "curated", F_BOOL, 0, 0, 0, 0, NULL },
};

void
page_resources(struct req *r)
{
	struct fval v[3];
	struct search_filter f = { NULL, "", 0, "", 0, 0, 100, 0 };
	struct res_row *rows;
	int n;

	if (form_read(r, list_fields, 3, v)) {
		page_error(r, 400, "The search could not be read. Check the filters and try again.");
		return;
	}
	f.text = v[0].s;
	f.kind = v[1].s ? v[1].s : "";
	f.endorsed = (int)v[2].i;
	f.viewer = r->who->user_id;
	if ((n = search_resources(r->db, &r->arena, &f, &rows)) < 0) {
		sh_server_error(r, "resource search");
		return;
	}
	layout_begin(r, T(r, "Resource bank"));
	page_heading(r, 1, N_("Resource bank"));
	page_para(r, N_("Guides, templates, routines and presentations shared by other organisations."
	    " Resources picked by the national editor come first."));
	html_lit(r, "<form class=\"stack narrow\" method=\"get\" action=\"/resources\" role=\"search\">");
	form_input(r, "q", N_("Search"), "search", v[0].s, NULL, 0, "off");
	sh_select(r, "kind", N_("Kind"), resource_kinds, kind_labels, 4, f.kind, N_("All kinds"), NULL);
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-curated\""
	    " name=\"curated\" value=\"1\"");
	if (f.endorsed)
		html_lit(r, " checked");
	html_lit(r, "><label class=\"ds-label\" for=\"f-curated\">");
	html_t(r, "Picked by the national editor only");
	html_lit(r, "</label></div><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Search");
	html_lit(r, "</button></form>");
	if (n == 0) {
		page_para(r, N_("No resources match."));
		layout_end(r);
		return;
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Resources");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Title");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Kind");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Author organisation");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Tags");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Scope");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/resources/");
		html_int(r, rows[i].id);
		html_lit(r, "\">");
		html_text(r, rows[i].title);
		html_lit(r, "</a>");
		if (rows[i].curated)
			sh_tag(r, "success", N_("Picked by the national editor"));
		html_lit(r, "</th><td>");
		html_t(r, resource_kind_label(rows[i].kind));
		html_lit(r, "</td><td>");
		html_text(r, rows[i].org_name);
		html_lit(r, "</td><td>");
		html_text(r, rows[i].tags);
		html_lit(r, "</td><td>");
		html_t(r, resource_scope_label(rows[i].scope));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	layout_end(r);
}

void
page_resource(struct req *r)
{
	struct resource res;
	int64_t id = param_id(r, "id");
	int rc = id ? resource_get(r->db, &r->arena, r->who->user_id, id, &res) : 0;
	char *html;

	if (rc <= 0) {
		if (rc < 0)
			sh_server_error(r, "resource");
		else
			page_error(r, 404, "There is no page at this address.");
		return;
	}
	if ((html = resource_render(&r->arena, res.body)) == NULL) {
		sh_server_error(r, "resource render");
		return;
	}
	layout_begin(r, res.title);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, res.title);
	html_lit(r, "</h1>");
	if (res.curated)
		sh_tag(r, "success", N_("Picked by the national editor"));
	sh_fact(r, N_("Kind"), T(r, resource_kind_label(res.kind)));
	sh_fact(r, N_("Author organisation"), res.org_name);
	if (res.tags[0])
		sh_fact(r, N_("Tags"), res.tags);
	if (res.competency_goal[0])
		sh_fact(r, N_("Competency goal"), res.competency_goal);
	sh_fact(r, N_("Scope"), T(r, resource_scope_label(res.scope)));
	html_lit(r, "<div class=\"resource-body\">");
	/* cmark safe-mode output: see the top of this file. */
	buf_puts(&r->out, html);
	html_lit(r, "</div>");
	if (authz_allows(r->who, A_RESOURCE_EDIT, res.org_id, 0)) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, res.org_id);
		html_lit(r, "/resources/");
		html_int(r, res.id);
		html_lit(r, "/edit\">");
		html_t(r, "Edit the resource");
		html_lit(r, "</a></p>");
	}
	if (authz_allows_any(r->who, A_ENDORSE) && strcmp(res.scope, "national") == 0) {
		sh_form_id(r, "/resources/", res.id, "/curate");
		html_lit(r, "<input type=\"hidden\" name=\"on\" value=\"");
		html_int(r, res.curated ? 0 : 1);
		html_lit(r, "\">");
		sh_submit(r, res.curated ? N_("Remove from the national selection") :
		    N_("Pick for the national selection"));
	}
	layout_end(r);
}

static const struct field curate_fields[] = {
	{ "on", F_INT, 1, 1, 0, 1, NULL },
};

void
page_resource_curate(struct req *r)
{
	struct fval v[1];
	int64_t editor_org, id = param_id(r, "id");
	int rc;

	if ((editor_org = sh_editor_org(r)) == 0)
		return;
	if (form_read(r, curate_fields, 1, v)) {
		page_error(r, 400, "The form could not be read. Go back and try again.");
		return;
	}
	rc = id ? resource_curate(r->db, r->who->user_id, editor_org, id, (int)v[0].i) : 0;
	if (rc <= 0) {
		if (rc < 0)
			sh_server_error(r, "curate");
		else
			page_error(r, 404, "There is no page at this address.");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/resources/%lld", (long long)id));
}

/* ---- the organisation's form -------------------------------------------- */

static const struct field res_fields[] = {
	{ "title", F_TEXT, 1, 200, 0, 0, NULL },
	{ "kind", F_ENUM, 1, 0, 0, 0, resource_kinds },
	{ "scope", F_ENUM, 1, 0, 0, 0, resource_scopes },
	{ "network", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "tags", F_TEXT, 0, 300, 0, 0, NULL },
	{ "goal", F_TEXT, 0, 300, 0, 0, NULL },
	{ "body", F_MULTILINE, 1, 200000, 0, 0, NULL },
};
enum { RF_TITLE, RF_KIND, RF_SCOPE, RF_NET, RF_TAGS, RF_GOAL, RF_BODY, RF_N };

static void
resource_form(struct req *r, const struct resource *res, const struct fval *v, const char *notice)
{
	static const char *const names[] = { "title", "kind", "scope", "network", "tags", "goal", "body" };
	struct share_network *nets;
	struct org o;
	int nn;
	const char **keys, **labels;

	if (page_load_org(r, &o))
		return;
	if ((nn = share_networks(r->db, &r->arena, r->org_id, &nets)) < 0) {
		sh_server_error(r, "resource form");
		return;
	}
	keys = arena_alloc(&r->arena, sizeof(*keys) * (size_t)(nn + 1));
	labels = arena_alloc(&r->arena, sizeof(*labels) * (size_t)(nn + 1));
	for (int i = 0; keys && labels && i < nn; i++) {
		keys[i] = arena_printf(&r->arena, "%lld", (long long)nets[i].id);
		labels[i] = nets[i].name;
	}
	layout_begin(r, T(r, res ? "Edit the resource" : "Write a resource"));
	org_nav(r, o.name, "/sharing");
	page_heading(r, 1, res ? N_("Edit the resource") : N_("Write a resource"));
	if (notice)
		alert(r, "danger", notice);
	if (v)
		form_error_summary(r, names, v, RF_N);
	if (res)
		sh_form_org(r, arena_printf(&r->arena, "/resources/%lld", (long long)res->id));
	else
		sh_form_org(r, "/resources");
	form_input(r, "title", N_("Title"), "text", v ? v[RF_TITLE].s : res ? res->title : NULL,
	    v ? v[RF_TITLE].err : NULL, 1, "off");
	sh_select(r, "kind", N_("Kind"), resource_kinds, kind_labels, 4,
	    v ? v[RF_KIND].s : res ? res->kind : NULL, NULL, v ? v[RF_KIND].err : NULL);
	sh_select(r, "scope", N_("Publish to"), resource_scopes, scope_labels, 3,
	    v ? v[RF_SCOPE].s : res ? res->scope : "draft", NULL, v ? v[RF_SCOPE].err : NULL);
	if (nn && keys && labels)
		sh_select_data(r, "network", N_("Network (when publishing to a network)"), keys, labels,
		    nn, NULL, N_("No network"));
	form_input(r, "tags", N_("Tags (separated by commas)"), "text",
	    v ? v[RF_TAGS].s : res ? res->tags : NULL, v ? v[RF_TAGS].err : NULL, 0, "off");
	form_input(r, "goal", N_("Competency goal"), "text",
	    v ? v[RF_GOAL].s : res ? res->competency_goal : NULL, v ? v[RF_GOAL].err : NULL, 0, "off");
	sh_textarea(r, "body", N_("Text (Markdown)"), v ? v[RF_BODY].s : res ? res->body : NULL,
	    v ? v[RF_BODY].err : NULL, 14);
	sh_submit(r, N_("Save"));
	layout_end(r);
}

void
page_resource_new(struct req *r)
{
	resource_form(r, NULL, NULL, NULL);
}

static int
load_own(struct req *r, struct resource *res)
{
	int64_t id = param_id(r, "id");
	int rc = id ? resource_get_own(r->db, &r->arena, r->org_id, id, res) : 0;

	if (rc == 0)
		page_error(r, 404, "There is no page at this address.");
	else if (rc < 0)
		sh_server_error(r, "resource");
	return rc == 1 ? 0 : -1;
}

void
page_resource_edit(struct req *r)
{
	struct resource res;

	if (load_own(r, &res) == 0)
		resource_form(r, &res, NULL, NULL);
}

static void
save(struct req *r, const struct resource *old)
{
	struct fval v[RF_N];
	struct resource in;
	const char *err = NULL;
	int64_t id;

	if (form_read(r, res_fields, RF_N, v)) {
		r->status = 400;
		resource_form(r, old, v, NULL);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.id = old ? old->id : 0;
	in.title = v[RF_TITLE].s;
	in.kind = v[RF_KIND].s;
	in.scope = v[RF_SCOPE].s;
	in.network_id = v[RF_NET].s ? v[RF_NET].i : 0;
	in.tags = v[RF_TAGS].s;
	in.competency_goal = v[RF_GOAL].s;
	in.body = v[RF_BODY].s;
	if ((id = resource_save(r->db, &r->arena, r->who->user_id, r->org_id, &in, &err)) < 0) {
		if (err == NULL) {
			sh_server_error(r, "resource save");
			return;
		}
		r->status = 400;
		resource_form(r, old, v, err);
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/resources/%lld", (long long)id));
}

void
page_resource_create(struct req *r)
{
	save(r, NULL);
}

void
page_resource_update(struct req *r)
{
	struct resource res;

	if (load_own(r, &res) == 0)
		save(r, &res);
}
