/*
 * plan_ui.c - form controls and headings shared by the plan pages; see
 * plan_ui.h. Every value goes through the escaping writer.
 */
#include <string.h>

#include "plan_ui.h"
#include "../app.h"
#include "../core/log.h"
#include "../db/db.h"
#include "../domain/plan.h"
#include "../html/html.h"
#include "../html/layout.h"
#include "../http/request.h"

void
plan_h1(struct req *r, const char *msgid)
{
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, msgid);
	html_lit(r, "</h1>");
}

void
plan_h2(struct req *r, const char *msgid)
{
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"sm\">");
	html_t(r, msgid);
	html_lit(r, "</h2>");
}

void
plan_select(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *const *labels, const char *cur, const char *err)
{
	form_field_open(r, name, label);
	html_lit(r, "<select class=\"ds-input\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	form_invalid_attrs(r, name, err);
	html_lit(r, ">");
	for (int i = 0; keys[i]; i++) {
		html_lit(r, "<option");
		html_attrkv(r, "value", keys[i]);
		if (cur && strcmp(cur, keys[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, labels[i]);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	form_field_close(r, name, err);
}

void
plan_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int required)
{
	form_field_open(r, name, label);
	html_lit(r, "<textarea class=\"ds-input\" rows=\"3\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	if (required)
		html_lit(r, " required");
	form_invalid_attrs(r, name, err);
	html_lit(r, ">");
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	form_field_close(r, name, err);
}

void
plan_hidden(struct req *r, const char *name, const char *value)
{
	html_lit(r, "<input type=\"hidden\"");
	html_attrkv(r, "name", name);
	html_attrkv(r, "value", value ? value : "");
	html_lit(r, ">");
}

void
plan_link(struct req *r, const char *suffix, const char *label)
{
	html_lit(r, "<a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_attr(r, suffix);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</a>");
}

void
plan_row_start(struct req *r, const struct measure *m)
{
	html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/plan/");
	html_int(r, m->id);
	html_lit(r, "\">");
	html_text(r, m->title);
	html_lit(r, "</a></th>");
}

void
plan_tx_failed(struct req *r, const char *what)
{
	log_err("%s: %s", what, db_errmsg(r->db));
	db_rollback(r->db);
	page_error(r, 500, "Something went wrong. Try again.");
}

void
plan_table_start(struct req *r, const char *caption, int is_msgid, const char *const *cols, int n)
{
	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	if (is_msgid)
		html_t(r, caption);
	else
		html_text(r, caption);
	html_lit(r, "</caption><thead><tr>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<th scope=\"col\">");
		html_t(r, cols[i]);
		html_lit(r, "</th>");
	}
	html_lit(r, "</tr></thead><tbody>");
}
