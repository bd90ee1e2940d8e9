/*
 * share_ui.c - the writers declared in share_ui.h. Kept apart so the four
 * sharing page files do not each grow their own copy of a labelled select
 * or the library table.
 */
#include <jansson.h>
#include <string.h>

#include "share_ui.h"
#include "../app.h"
#include "../core/log.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
#include "../domain/search.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/request.h"

void
sh_fact(struct req *r, const char *label, const char *text)
{
	html_lit(r, "<p class=\"ds-paragraph\"><strong>");
	html_t(r, label);
	html_lit(r, ":</strong> ");
	html_text(r, text);
	html_lit(r, "</p>");
}

static void
control_attrs(struct req *r, const char *name, const char *err)
{
	html_lit(r, " id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	form_invalid_attrs(r, name, err);
}

static void
select_common(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *const *labels, int n, const char *cur, const char *empty, const char *err,
    int data_labels)
{
	form_field_open(r, name, label);
	html_lit(r, "<select class=\"ds-input\"");
	control_attrs(r, name, err);
	html_lit(r, ">");
	if (empty) {
		html_lit(r, "<option value=\"\">");
		html_t(r, empty);
		html_lit(r, "</option>");
	}
	for (int i = 0; i < n; i++) {
		html_lit(r, "<option");
		html_attrkv(r, "value", keys[i]);
		if (cur && strcmp(cur, keys[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		if (data_labels)
			html_text(r, labels[i]);
		else
			html_t(r, labels[i]);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	form_field_close(r, name, err);
}

void
sh_select(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *const *labels, int n, const char *cur, const char *empty, const char *err)
{
	select_common(r, name, label, keys, labels, n, cur, empty, err, 0);
}

void
sh_select_data(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *const *labels, int n, const char *cur, const char *empty)
{
	select_common(r, name, label, keys, labels, n, cur, empty, NULL, 1);
}

void
sh_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int rows)
{
	form_field_open(r, name, label);
	html_lit(r, "<textarea class=\"ds-input\"");
	control_attrs(r, name, err);
	html_lit(r, " rows=\"");
	html_int(r, rows);
	html_lit(r, "\">");
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	form_field_close(r, name, err);
}

void
sh_submit(struct req *r, const char *msgid)
{
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, msgid);
	html_lit(r, "</button></form>");
}

void
sh_form_org(struct req *r, const char *suffix)
{
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_attr(r, suffix);
	html_lit(r, "\">");
	form_csrf(r);
}

void
sh_form_id(struct req *r, const char *prefix, int64_t id, const char *suffix)
{
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
	html_attr(r, prefix);
	html_int(r, id);
	html_attr(r, suffix);
	html_lit(r, "\">");
	form_csrf(r);
}

void
sh_tag(struct req *r, const char *color, const char *msgid)
{
	html_lit(r, " <span class=\"ds-tag\"");
	html_attrkv(r, "data-color", color);
	html_lit(r, ">");
	html_t(r, msgid);
	html_lit(r, "</span>");
}

const char *
sh_scope_label(const char *scope)
{
	return strcmp(scope, "national") == 0 ? N_("National") : N_("Network");
}

/* The top residual risks stored as [{"title","score"}]. */
static void
top_risks(struct req *r, const char *json)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL), *e;
	size_t i;

	if (json_array_size(a) == 0)
		html_t(r, "none");
	json_array_foreach(a, i, e) {
		if (i)
			html_lit(r, "; ");
		html_text(r, json_string_value(json_object_get(e, "title")));
		html_lit(r, " (");
		html_int(r, (int64_t)json_integer_value(json_object_get(e, "score")));
		html_lit(r, ")");
	}
	json_decref(a);
}

void
sh_pub_table(struct req *r, const struct pub_row *p, int n, const char *caption)
{
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, caption);
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Title");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Kind");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Publisher");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Version");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Published");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Scope");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Adopted by");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Conclusions");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Top residual risks");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/library/");
		html_int(r, p[i].id);
		html_lit(r, "\">");
		html_text(r, p[i].title);
		html_lit(r, "</a>");
		if (p[i].endorsed_at)
			sh_tag(r, "success", N_("Endorsed"));
		html_lit(r, "</th><td>");
		html_t(r, assessment_kind_label(p[i].kind));
		html_lit(r, "</td><td>");
		html_text(r, p[i].org_name);
		html_lit(r, "</td><td>");
		html_int(r, p[i].version);
		html_lit(r, "</td><td>");
		html_time(r, p[i].published_at);
		html_lit(r, "</td><td>");
		html_t(r, sh_scope_label(p[i].scope));
		html_lit(r, "</td><td>");
		html_int(r, p[i].adopters);
		html_lit(r, "</td><td>");
		html_text(r, p[i].conclusions[0] ? p[i].conclusions : "-");
		html_lit(r, "</td><td>");
		top_risks(r, p[i].top_risks);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
sh_server_error(struct req *r, const char *what)
{
	log_err("share: %s: %s", what, db_errmsg(r->db));
	page_error(r, 500, "Something went wrong. Try again.");
}

int64_t
sh_editor_org(struct req *r)
{
	int64_t editor_org = 0;

	for (int i = 0; i < r->who->nm; i++)
		if (r->who->m[i].role == R_NATIONAL_EDITOR)
			editor_org = r->who->m[i].org_id;
	if (!authz_allows_any(r->who, A_ENDORSE) || editor_org == 0) {
		page_error(r, 403, "You do not have access to this page.");
		return 0;
	}
	return editor_org;
}

void
sh_item_data(struct req *r, const char *data)
{
	json_t *d = json_loads(data ? data : "{}", 0, NULL), *v, *e;
	const char *k;
	size_t i;
	int any = 0;

	html_lit(r, "<dl class=\"item-data\">");
	json_object_foreach(d, k, v) {
		if ((json_is_string(v) && json_string_length(v) == 0) ||
		    (json_is_integer(v) && json_integer_value(v) == 0) ||
		    (json_is_array(v) && json_array_size(v) == 0))
			continue;
		any = 1;
		html_lit(r, "<dt>");
		html_text(r, k);
		html_lit(r, "</dt><dd>");
		if (json_is_string(v))
			html_text(r, json_string_value(v));
		else if (json_is_integer(v))
			html_int(r, (int64_t)json_integer_value(v));
		else
			json_array_foreach(v, i, e) {
				if (i)
					html_lit(r, ", ");
				html_text(r, json_is_string(e) ? json_string_value(e) : "");
			}
		html_lit(r, "</dd>");
	}
	html_lit(r, "</dl>");
	if (!any) {
		html_lit(r, "<p class=\"ds-paragraph\"><em>");
		html_t(r, "empty");
		html_lit(r, "</em></p>");
	}
	json_decref(d);
}
