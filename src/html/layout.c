/*
 * layout.c - page chrome with Designsystemet classes (served from
 * /static/vendor, no CDN). Works without JavaScript: the organisation and
 * language switchers are plain GET forms. No inline style or script, so the
 * strict CSP holds.
 */
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "layout.h"
#include "../app.h"
#include "../domain/authz.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/buf.h"

static void
org_switcher(struct req *r)
{
	const struct principal *p = r->who;
	int64_t last = 0;

	if (p == NULL || p->nm == 0)
		return;
	html_lit(r, "<form class=\"switcher\" method=\"get\" action=\"/switch\">"
	    "<label class=\"ds-label\" data-size=\"sm\" for=\"org-switch\">");
	html_t(r, "Organisation");
	html_lit(r, "</label> <select class=\"ds-input\" data-size=\"sm\" id=\"org-switch\" name=\"org\">");
	for (int i = 0; i < p->nm; i++) {
		if (p->m[i].org_id == last)
			continue;
		last = p->m[i].org_id;
		html_lit(r, "<option value=\"");
		html_int(r, last);
		html_lit(r, "\"");
		if (last == r->org_id)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_text(r, p->m[i].org_name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select> <button class=\"ds-button\" data-variant=\"secondary\" data-size=\"sm\" type=\"submit\">");
	html_t(r, "Switch");
	html_lit(r, "</button></form>");
}

static void
lang_switcher(struct req *r)
{
	static const char *const codes[3] = { "nb", "nn", "en" };
	static const char *const names[3] = { "Bokmål", "Nynorsk", "English" };

	html_lit(r, "<form class=\"switcher\" method=\"get\" action=\"/lang\">"
	    "<input type=\"hidden\" name=\"next\" value=\"");
	/* After a POST the URI is the form's target, which has no page. */
	html_attr(r, strcmp(r->method ? r->method : "GET", "POST") == 0 ? "/" : r->raw_uri);
	html_lit(r, "\"><label class=\"ds-label\" data-size=\"sm\" for=\"lang-switch\">");
	html_t(r, "Language");
	html_lit(r, "</label> <select class=\"ds-input\" data-size=\"sm\" id=\"lang-switch\" name=\"l\">");
	for (int i = 0; i < 3; i++) {
		html_lit(r, "<option value=\"");
		html_text(r, codes[i]);
		html_lit(r, "\"");
		if (strcmp(r->lang, codes[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, " lang=\"");
		html_text(r, codes[i]);
		html_lit(r, "\">");
		html_text(r, names[i]);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select> <button class=\"ds-button\" data-variant=\"secondary\" data-size=\"sm\" type=\"submit\">");
	html_t(r, "Change");
	html_lit(r, "</button></form>");
}

void
layout_begin(struct req *r, const char *title)
{
	html_lit(r, "<!doctype html>\n<html lang=\"");
	html_text(r, r->lang);
	html_lit(r, "\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<title>");
	html_text(r, title);
	html_lit(r, " – skolesec</title>"
	    "<link rel=\"stylesheet\" href=\"/static/vendor/designsystemet.css\">"
	    "<link rel=\"stylesheet\" href=\"/static/vendor/theme.css\">"
	    "<link rel=\"stylesheet\" href=\"/static/app.css\">"
	    "</head><body><a class=\"ds-skip-link\" href=\"#main\">");
	html_t(r, "Skip to main content");
	html_lit(r, "</a><header class=\"site-header\"><div class=\"site-header-inner\">"
	    "<a class=\"brand\" href=\"/\">skolesec</a><nav class=\"site-nav\" aria-label=\"");
	html_t(r, "Main menu");
	html_lit(r, "\"><a class=\"ds-link\" href=\"/catalogue\">");
	html_t(r, "Tool catalogue");
	html_lit(r, "</a></nav><div class=\"header-tools\">");
	org_switcher(r);
	lang_switcher(r);
	if (r->who) {
		html_lit(r, "<nav class=\"user-menu\" aria-label=\"");
		html_t(r, "Your account");
		html_lit(r, "\"><a class=\"ds-link\" href=\"/account\">");
		html_text(r, r->who->name);
		html_lit(r, "</a> <form method=\"post\" action=\"/logout\">");
		form_csrf(r);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"tertiary\" data-size=\"sm\" type=\"submit\">");
		html_t(r, "Log out");
		html_lit(r, "</button></form></nav>");
	} else {
		html_lit(r, "<a class=\"ds-link\" href=\"/login\">");
		html_t(r, "Log in");
		html_lit(r, "</a>");
	}
	html_lit(r, "</div></div></header><main id=\"main\" class=\"site-main\" tabindex=\"-1\">");
}

void
layout_end(struct req *r)
{
	html_lit(r, "</main><footer class=\"site-footer\"><p class=\"ds-paragraph\" data-size=\"sm\">");
	html_t(r, "skolesec – privacy and information security in Norwegian schools.");
	html_lit(r, "</p></footer></body></html>\n");
}

void
form_csrf(struct req *r)
{
	html_lit(r, "<input type=\"hidden\" name=\"_csrf\" value=\"");
	html_attr(r, app_csrf(r));
	html_lit(r, "\">");
}

void
page_heading(struct req *r, int level, const char *msgid)
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
page_para(struct req *r, const char *msgid)
{
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p>");
}

void
form_field_open(struct req *r, const char *name, const char *label)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label>");
}

void
form_invalid_attrs(struct req *r, const char *name, const char *err)
{
	if (!err)
		return;
	html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-");
	html_attr(r, name);
	html_lit(r, "\"");
}

void
form_field_error(struct req *r, const char *name, const char *err)
{
	if (!err)
		return;
	html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, err);
	html_lit(r, "</div>");
}

void
form_field_close(struct req *r, const char *name, const char *err)
{
	form_field_error(r, name, err);
	html_lit(r, "</div>");
}

void
form_input(struct req *r, const char *name, const char *label, const char *type,
    const char *value, const char *err, int required, const char *autocomplete)
{
	form_field_open(r, name, label);
	html_lit(r, "<input class=\"ds-input\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	html_attrkv(r, "type", type);
	if (strcmp(type, "password") != 0)
		html_attrkv(r, "value", value);
	html_attrkv(r, "autocomplete", autocomplete);
	if (required)
		html_lit(r, " required");
	form_invalid_attrs(r, name, err);
	html_lit(r, ">");
	form_field_close(r, name, err);
}

void
form_error_summary(struct req *r, const char *const *names, const struct fval *v, int n)
{
	int any = 0;

	for (int i = 0; i < n; i++)
		any |= v[i].err != NULL;
	if (!any)
		return;
	html_lit(r, "<div class=\"ds-error-summary\" role=\"alert\" tabindex=\"-1\" autofocus><h2 class=\"ds-heading\" data-size=\"xs\">");
	html_t(r, "Please correct the following");
	html_lit(r, "</h2><ul class=\"ds-list\">");
	for (int i = 0; i < n; i++) {
		if (!v[i].err)
			continue;
		html_lit(r, "<li><a class=\"ds-link\" href=\"#f-");
		html_attr(r, names[i]);
		html_lit(r, "\">");
		html_t(r, v[i].err);
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul></div>");
}

void
alert(struct req *r, const char *color, const char *msgid)
{
	html_lit(r, "<div class=\"ds-alert\" data-color=\"");
	html_attr(r, color);
	html_lit(r, "\" role=\"status\"><p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p></div>");
}
