/*
 * users.c - an organisation's people and roles: the member list, role
 * changes and invitations. E-mail sending is not part of skolesec yet, so an
 * invitation shows its link once, for the administrator to pass on.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/auth.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../domain/user.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

static const char *const role_names[] = {
	"org_admin", "adviser", "school_leader", "dpo", "reader",
	"national_editor", "regional_adviser", "vendor_editor", NULL
};

static const struct field invite_fields[] = {
	{ "email", F_EMAIL, 1, 254, 0, 0, NULL },
	{ "role", F_ENUM, 1, 40, 0, 0, role_names },
	{ "school", F_MULTI, 0, 20, 1, INT64_MAX, NULL },
};

/* Checkboxes of the organisation's schools, named "school", for choosing
 * which schools a school leader leads. */
static void
school_checkboxes(struct req *r, const struct school *s, int n, const int64_t *on, int non,
    const char *legend, const char *err)
{
	html_lit(r, "<fieldset class=\"ds-fieldset school-choice\"");
	if (err)
		html_lit(r, " aria-describedby=\"e-school\"");
	html_lit(r, "><legend class=\"ds-label\">");
	html_t(r, legend);
	html_lit(r, "</legend>");
	if (err) {
		html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-school\">");
		html_t(r, err);
		html_lit(r, "</div>");
	}
	for (int i = 0; i < n; i++) {
		int checked = 0;
		for (int k = 0; k < non; k++)
			checked |= on[k] == s[i].id;
		html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" name=\"school\" id=\"f-school-");
		html_int(r, s[i].id);
		html_lit(r, "\" value=\"");
		html_int(r, s[i].id);
		html_lit(r, "\"");
		if (checked)
			html_lit(r, " checked");
		html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-school-");
		html_int(r, s[i].id);
		html_lit(r, "\">");
		html_text(r, s[i].name);
		html_lit(r, "</label></div>");
	}
	html_lit(r, "</fieldset>");
}

static void
role_checkboxes(struct req *r, const struct org *o, const struct member *m)
{
	html_lit(r, "<form class=\"roles\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/users/");
	html_int(r, m->user_id);
	html_lit(r, "/roles\">");
	form_csrf(r);
	html_lit(r, "<fieldset class=\"ds-fieldset\"><legend class=\"ds-label\" data-size=\"sm\">");
	html_t(r, "Roles for");
	html_lit(r, " ");
	html_text(r, m->name);
	html_lit(r, "</legend>");
	for (int k = 0; k < R__COUNT; k++) {
		if (!role_fits_kind((enum role)k, o->kind))
			continue;
		html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"r-");
		html_int(r, m->user_id);
		html_lit(r, "-");
		html_text(r, role_name((enum role)k));
		html_lit(r, "\" name=\"");
		html_text(r, role_name((enum role)k));
		html_lit(r, "\"");
		if (m->roles & (1u << k))
			html_lit(r, " checked");
		html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"r-");
		html_int(r, m->user_id);
		html_lit(r, "-");
		html_text(r, role_name((enum role)k));
		html_lit(r, "\">");
		html_t(r, role_label((enum role)k));
		html_lit(r, "</label></div>");
	}
	html_lit(r, "</fieldset><button class=\"ds-button\" data-variant=\"secondary\" data-size=\"sm\" type=\"submit\">");
	html_t(r, "Save roles");
	html_lit(r, "</button></form>");
}

static void
users_page(struct req *r, const struct fval *iv, const char *notice, const char *color,
    const char *link)
{
	static const char *const names[] = { "email", "role", "school" };
	struct org o;
	struct member *m;
	struct invite *inv;
	struct school *sch = NULL;
	int n, ni, ns = 0, manage = authz_allows(r->who, A_USERS_MANAGE, r->org_id, 0);

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1 ||
	    (n = member_list(r->db, &r->arena, r->org_id, &m)) < 0 ||
	    (ni = invite_list(r->db, &r->arena, r->org_id, now_s(), &inv)) < 0 ||
	    (manage && (ns = school_list(r->db, &r->arena, r->org_id, r->who, &sch)) < 0)) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Users and roles"));
	org_nav(r, o.name, "/users");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Users and roles");
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	if (link) {
		html_lit(r, "<div class=\"ds-alert\" data-color=\"info\"><p class=\"ds-paragraph\">");
		html_t(r, "Send this link to the person you invited. It works once and expires in 14 days:");
		html_lit(r, "</p><p class=\"ds-paragraph\"><code class=\"invite-link\">");
		html_text(r, link);
		html_lit(r, "</code></p></div>");
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Members");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Name");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "E-mail");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Roles");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td>");
		html_text(r, m[i].name);
		html_lit(r, "</td><td>");
		html_text(r, m[i].email);
		html_lit(r, "</td><td>");
		if (manage) {
			role_checkboxes(r, &o, &m[i]);
			if (m[i].roles & (1u << R_SCHOOL_LEADER)) {
				html_lit(r, "<a class=\"ds-link\" href=\"/o/");
				html_int(r, r->org_id);
				html_lit(r, "/users/");
				html_int(r, m[i].user_id);
				html_lit(r, "/schools\">");
				html_t(r, "Schools this school leader leads");
				html_lit(r, "</a>");
			}
		} else {
			int first = 1;
			for (int k = 0; k < R__COUNT; k++)
				if (m[i].roles & (1u << k)) {
					if (!first)
						html_lit(r, ", ");
					html_t(r, role_label((enum role)k));
					first = 0;
				}
		}
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	if (manage) {
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, "Invite a user");
		html_lit(r, "</h2>");
		if (iv)
			form_error_summary(r, names, iv, 3);
		html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/users/invite\" novalidate>");
		form_csrf(r);
		form_input(r, "email", "E-mail", "email", iv ? iv[0].s : NULL, iv ? iv[0].err : NULL, 1, "off");
		html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-role\">");
		html_t(r, "Role");
		html_lit(r, "</label><select class=\"ds-input\" id=\"f-role\" name=\"role\"");
		if (iv && iv[1].err)
			html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-role\"");
		html_lit(r, ">");
		for (int k = 0; k < R__COUNT; k++) {
			if (!role_fits_kind((enum role)k, o.kind))
				continue;
			html_lit(r, "<option value=\"");
			html_text(r, role_name((enum role)k));
			html_lit(r, "\">");
			html_t(r, role_label((enum role)k));
			html_lit(r, "</option>");
		}
		html_lit(r, "</select>");
		if (iv && iv[1].err) {
			html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-role\">");
			html_t(r, iv[1].err);
			html_lit(r, "</div>");
		}
		html_lit(r, "</div>");
		if (ns > 0)
			school_checkboxes(r, sch, ns, iv ? iv[2].multi : NULL, iv ? iv[2].nmulti : 0,
			    "Schools (for a school leader)", iv ? iv[2].err : NULL);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Invite");
		html_lit(r, "</button></form>");
		if (ni > 0) {
			html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
			html_t(r, "Pending invitations");
			html_lit(r, "</h2><ul class=\"ds-list\">");
			for (int i = 0; i < ni; i++) {
				html_lit(r, "<li>");
				html_text(r, inv[i].email);
				html_lit(r, " – ");
				html_t(r, role_label(inv[i].role));
				html_lit(r, " (");
				html_t(r, "expires");
				html_lit(r, " ");
				html_time(r, inv[i].expires_at);
				html_lit(r, ")</li>");
			}
			html_lit(r, "</ul>");
		}
	}
	layout_end(r);
}

void
page_users(struct req *r)
{
	users_page(r, NULL, NULL, NULL, NULL);
}

void
page_invite_create(struct req *r)
{
	struct fval v[3];
	struct org o;
	enum role role = R_READER;
	char token[44];
	const char *host;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	form_read(r, invite_fields, 3, v);
	if (!v[1].err && (role_parse(v[1].s, &role) || !role_fits_kind(role, o.kind)))
		v[1].err = N_("That role cannot be given in this organisation.");
	if (!v[1].err && !v[2].err && role == R_SCHOOL_LEADER && v[2].nmulti == 0)
		v[2].err = N_("Choose at least one school for a school leader.");
	for (int i = 0; !v[2].err && i < v[2].nmulti; i++) {
		struct school one;
		if (school_get(r->db, &r->arena, r->org_id, v[2].multi[i], &one) != 1)
			v[2].err = N_("Choose schools of this organisation.");
	}
	if (v[0].err || v[1].err || v[2].err) {
		r->status = 400;
		users_page(r, v, NULL, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    invite_create(r->db, r->org_id, v[0].s, role, v[2].multi,
	    role == R_SCHOOL_LEADER ? v[2].nmulti : 0, r->who->user_id, now_s(), token) ||
	    db_commit(r->db)) {
		log_err("invite: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	host = req_header(r, "Host");
	users_page(r, NULL, "The invitation has been created.", "success",
	    arena_printf(&r->arena, "%s://%s/invite/%s", app_cookie_secure(r) ? "https" : "http",
	    host ? host : "localhost", token));
}

void
page_roles_post(struct req *r)
{
	struct field f[R__COUNT];
	struct fval v[R__COUNT];
	struct org o;
	struct member *m;
	unsigned roles = 0;
	int64_t uid = param_id(r, "uid");
	int n, found = 0, rc;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1 ||
	    (n = member_list(r->db, &r->arena, r->org_id, &m)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	for (int i = 0; i < n; i++)
		found |= m[i].user_id == uid;
	if (!found) {
		page_error(r, 404, "There is no such member in this organisation.");
		return;
	}
	memset(f, 0, sizeof(f));
	for (int k = 0; k < R__COUNT; k++) {
		f[k].name = role_name((enum role)k);
		f[k].type = F_BOOL;
		f[k].maxlen = 3;
	}
	if (form_read(r, f, R__COUNT, v)) {
		page_error(r, 400, "The form data is malformed or has too many fields.");
		return;
	}
	for (int k = 0; k < R__COUNT; k++)
		if (v[k].i) {
			if (!role_fits_kind((enum role)k, o.kind)) {
				users_page(r, NULL, "That role cannot be given in this organisation.",
				    "danger", NULL);
				r->status = 400;
				return;
			}
			roles |= 1u << k;
		}
	if (db_begin(r->db) ||
	    (rc = membership_set(r->db, uid, r->org_id, roles, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc == 1) {
		r->status = 409;
		users_page(r, NULL, "The organisation must keep at least one person who can manage its users.",
		    "danger", NULL);
		return;
	}
	users_page(r, NULL, "The roles have been saved.", "success", NULL);
}

static const struct field led_fields[] = {
	{ "school", F_MULTI, 0, 20, 1, INT64_MAX, NULL },
};

static int
find_member(struct req *r, struct member *out)
{
	struct member *m;
	int64_t uid = param_id(r, "uid");
	int n = member_list(r->db, &r->arena, r->org_id, &m);

	for (int i = 0; i < n; i++)
		if (m[i].user_id == uid) {
			*out = m[i];
			return 0;
		}
	page_error(r, n < 0 ? 500 : 404, "There is no such member in this organisation.");
	return -1;
}

static void
led_page(struct req *r, const struct member *m, const int64_t *on, int non,
    const char *notice, const char *err)
{
	struct org o;
	struct school *s;
	int n;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1 ||
	    (n = school_list(r->db, &r->arena, r->org_id, r->who, &s)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Schools this school leader leads"));
	org_nav(r, o.name, "/users");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Schools this school leader leads");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_text(r, m->name);
	html_lit(r, " (");
	html_text(r, m->email);
	html_lit(r, ")</p>");
	if (notice)
		alert(r, "success", notice);
	if (!(m->roles & (1u << R_SCHOOL_LEADER))) {
		alert(r, "info", "This member is not a school leader. Give the role first.");
		layout_end(r);
		return;
	}
	html_lit(r, "<form class=\"stack\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/users/");
	html_int(r, m->user_id);
	html_lit(r, "/schools\">");
	form_csrf(r);
	school_checkboxes(r, s, n, on, non, "Schools", err);
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Save schools");
	html_lit(r, "</button></form><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/users\">");
	html_t(r, "Back to users and roles");
	html_lit(r, "</a></p>");
	layout_end(r);
}

void
page_led_schools(struct req *r)
{
	struct member m;
	int64_t on[MAX_LED_SCHOOLS];
	int non;

	if (find_member(r, &m))
		return;
	if ((non = led_schools(r->db, m.user_id, r->org_id, on, MAX_LED_SCHOOLS)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	led_page(r, &m, on, non, NULL, NULL);
}

void
page_led_schools_post(struct req *r)
{
	struct member m;
	struct fval v[1];
	int rc;

	if (find_member(r, &m))
		return;
	form_read(r, led_fields, 1, v);
	for (int i = 0; !v[0].err && i < v[0].nmulti; i++) {
		struct school one;
		if (school_get(r->db, &r->arena, r->org_id, v[0].multi[i], &one) != 1)
			v[0].err = N_("Choose schools of this organisation.");
	}
	if (v[0].err) {
		r->status = 400;
		led_page(r, &m, v[0].multi, v[0].nmulti, NULL, v[0].err);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = led_schools_set(r->db, m.user_id, r->org_id, v[0].multi, v[0].nmulti,
	    r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc == 1)
		r->status = 409;	/* not a school leader: led_page says so */
	led_page(r, &m, v[0].multi, v[0].nmulti, rc == 0 ? N_("The schools have been saved.") : NULL, NULL);
}
