/*
 * decision_ui.c - small form and text pieces of the decision and DPIA
 * pages. Kept apart so both page groups write fields the same way (label,
 * aria-invalid, message with id "e-<name>" that the error summary links to)
 * without copying markup.
 */
#include "decision.h"
#include "../app.h"
#include "../html/html.h"
#include "../html/layout.h"
#include "../http/request.h"

static void
control_attrs(struct req *r, const char *name, const char *err)
{
	html_lit(r, " id=\"f-");
	html_attr(r, name);
	html_lit(r, "\" name=\"");
	html_attr(r, name);
	html_lit(r, "\"");
	form_invalid_attrs(r, name, err);
	html_lit(r, ">");
}

void
dui_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int rows)
{
	form_field_open(r, name, label);
	html_lit(r, "<textarea class=\"ds-input\" rows=\"");
	html_int(r, rows);
	html_lit(r, "\"");
	control_attrs(r, name, err);
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	form_field_close(r, name, err);
}

void
dui_select_begin(struct req *r, const char *name, const char *label, const char *err)
{
	form_field_open(r, name, label);
	html_lit(r, "<select class=\"ds-input\"");
	control_attrs(r, name, err);
}

void
dui_option(struct req *r, const char *value, const char *label_text, int selected)
{
	html_lit(r, "<option value=\"");
	html_attr(r, value);
	html_lit(r, "\"");
	if (selected)
		html_lit(r, " selected");
	html_lit(r, ">");
	html_text(r, label_text);
	html_lit(r, "</option>");
}

void
dui_select_end(struct req *r, const char *err, const char *name)
{
	html_lit(r, "</select>");
	form_field_close(r, name, err);
}

void
dui_assessment_href(struct req *r, int64_t id)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, id);
}
