/*
 * decision_ui.c - small form and text pieces of the decision and DPIA
 * pages. Kept apart so both page groups write fields the same way (label,
 * aria-invalid, message with id "e-<name>" that the error summary links to)
 * without copying markup.
 */
#include "decision.h"
#include "../app.h"
#include "../html/html.h"
#include "../http/request.h"

void
dui_field_error(struct req *r, const char *name, const char *err)
{
	if (!err)
		return;
	html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, err);
	html_lit(r, "</div>");
}

static void
label_open(struct req *r, const char *name, const char *label)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label>");
}

static void
control_attrs(struct req *r, const char *name, const char *err)
{
	html_lit(r, " id=\"f-");
	html_attr(r, name);
	html_lit(r, "\" name=\"");
	html_attr(r, name);
	html_lit(r, "\"");
	if (err) {
		html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-");
		html_attr(r, name);
		html_lit(r, "\"");
	}
	html_lit(r, ">");
}

void
dui_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int rows)
{
	label_open(r, name, label);
	html_lit(r, "<textarea class=\"ds-input\" rows=\"");
	html_int(r, rows);
	html_lit(r, "\"");
	control_attrs(r, name, err);
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	dui_field_error(r, name, err);
	html_lit(r, "</div>");
}

void
dui_select_begin(struct req *r, const char *name, const char *label, const char *err)
{
	label_open(r, name, label);
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
	dui_field_error(r, name, err);
	html_lit(r, "</div>");
}

void
dui_heading(struct req *r, int level, const char *msgid)
{
	if (level <= 1)
		html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	else if (level == 2)
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	else
		html_lit(r, "<h3 class=\"ds-heading\" data-size=\"sm\">");
	html_t(r, msgid);
	if (level <= 1)
		html_lit(r, "</h1>");
	else if (level == 2)
		html_lit(r, "</h2>");
	else
		html_lit(r, "</h3>");
}

void
dui_para(struct req *r, const char *msgid)
{
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p>");
}

void
dui_assessment_href(struct req *r, int64_t id)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, id);
}
