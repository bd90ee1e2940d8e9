/*
 * login.c - logging in and out, the account page with password change, and
 * the language and organisation switchers.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/auth.h"
#include "../domain/authz.h"
#include "../domain/user.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/cookie.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

const char *
safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == '\\')
			return "/";
	return next;
}

static const struct field login_fields[] = {
	{ "email", F_EMAIL, 1, 254, 0, 0, NULL },
	{ "password", F_PASSWORD, 1, 200, 0, 0, NULL },
	{ "next", F_TEXT, 0, 1000, 0, 0, NULL },
};

static void
login_form(struct req *r, const struct fval *v, const char *problem)
{
	static const char *const names[] = { "email", "password", "next" };

	layout_begin(r, T(r, "Log in"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Log in");
	html_lit(r, "</h1>");
	if (problem)
		alert(r, "danger", problem);
	if (v)
		form_error_summary(r, names, v, 2);
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/login\" novalidate>");
	form_csrf(r);
	html_lit(r, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(r, v ? (v[2].s ? v[2].s : "/") : "/");
	html_lit(r, "\">");
	form_input(r, "email", "E-mail", "email", v ? v[0].s : NULL, v ? v[0].err : NULL, 1, "username");
	form_input(r, "password", "Password", "password", NULL, v ? v[1].err : NULL, 1, "current-password");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Log in");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_login(struct req *r)
{
	struct fval v[3];

	if (r->who) {
		req_redirect(r, "/");
		return;
	}
	/* Only `next` is read from the query; errors there are ignored. */
	form_read(r, login_fields, 3, v);
	v[0].err = v[1].err = NULL;
	login_form(r, v, NULL);
}

void
page_login_post(struct req *r)
{
	struct fval v[3];
	int64_t uid = 0;
	int rc;

	if (form_read(r, login_fields, 3, v)) {
		r->status = 400;
		login_form(r, v, NULL);
		return;
	}
	rc = auth_login(r->db, v[0].s, v[1].s, r->remote, now_s(), &uid);
	if (rc == 2) {
		r->status = 429;
		login_form(r, v, "Too many failed attempts. Wait 15 minutes and try again.");
		return;
	}
	if (rc != 1) {
		if (rc < 0)
			log_err("login: %s", db_errmsg(r->db));
		r->status = rc < 0 ? 500 : 401;
		login_form(r, v, rc < 0 ? N_("Something went wrong. Try again.") :
		    N_("Wrong e-mail or password."));
		return;
	}
	app_login(r, uid);
	if (r->status == 200)
		req_redirect(r, safe_next(v[2].s));
}

void
page_logout(struct req *r)
{
	app_logout(r);
	req_redirect(r, "/");
}

static const struct field pw_fields[] = {
	{ "current", F_PASSWORD, 1, 200, 0, 0, NULL },
	{ "new", F_PASSWORD, 1, 200, 0, 0, NULL },
	{ "confirm", F_PASSWORD, 1, 200, 0, 0, NULL },
};

static void
account_page(struct req *r, const struct fval *v, const char *notice, const char *color)
{
	static const char *const names[] = { "current", "new", "confirm" };

	layout_begin(r, T(r, "Your account"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Your account");
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<dl class=\"facts\"><dt>");
	html_t(r, "Name");
	html_lit(r, "</dt><dd>");
	html_text(r, r->who->name);
	html_lit(r, "</dd><dt>");
	html_t(r, "E-mail");
	html_lit(r, "</dt><dd>");
	html_text(r, r->who->email);
	html_lit(r, "</dd></dl><h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Your roles");
	html_lit(r, "</h2><ul class=\"ds-list\">");
	for (int i = 0; i < r->who->nm; i++) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->who->m[i].org_id);
		html_lit(r, "\">");
		html_text(r, r->who->m[i].org_name);
		html_lit(r, "</a>: ");
		html_t(r, role_label(r->who->m[i].role));
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul><h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Change password");
	html_lit(r, "</h2>");
	if (v)
		form_error_summary(r, names, v, 3);
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/account/password\" novalidate>");
	form_csrf(r);
	form_input(r, "current", "Current password", "password", NULL, v ? v[0].err : NULL, 1, "current-password");
	form_input(r, "new", "New password (at least 10 characters)", "password", NULL, v ? v[1].err : NULL, 1, "new-password");
	form_input(r, "confirm", "Repeat the new password", "password", NULL, v ? v[2].err : NULL, 1, "new-password");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Change password");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_account(struct req *r)
{
	account_page(r, NULL, NULL, NULL);
}

void
page_password_post(struct req *r)
{
	struct fval v[3];
	int rc = 1;

	if (form_read(r, pw_fields, 3, v) == 0) {
		rc = auth_verify_user(r->db, r->who->user_id, v[0].s, r->remote, now_s());
		if (rc < 0) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		if (rc == 2)
			v[0].err = N_("Too many failed attempts. Wait 15 minutes and try again.");
		else if (rc == 0)
			v[0].err = N_("The current password is wrong.");
		else if ((v[1].err = auth_password_problem(v[1].s)) == NULL &&
		    strcmp(v[1].s, v[2].s) != 0)
			v[2].err = N_("The two new passwords are not the same.");
	}
	if (v[0].err || v[1].err || v[2].err) {
		r->status = rc == 2 ? 429 : 400;
		account_page(r, v, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    user_set_password(r->db, r->who->user_id, v[1].s, r->who->user_id, now_s()) ||
	    session_delete_user(r->db, r->who->user_id, r->who->session_id) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	account_page(r, NULL, "Your password has been changed. Other sessions have been logged out.",
	    "success");
}

static const char *const langs[] = { "nb", "nn", "en", NULL };
static const struct field lang_fields[] = {
	{ "l", F_ENUM, 1, 4, 0, 0, langs },
	{ "next", F_TEXT, 0, 1000, 0, 0, NULL },
};

void
page_lang(struct req *r)
{
	struct fval v[2];

	if (form_read(r, lang_fields, 2, v)) {
		page_error(r, 400, "Choose one of the offered languages.");
		return;
	}
	req_add_header(r, "Set-Cookie", cookie_set(&r->arena, "skolesec_lang", v[0].s,
	    365L * 86400, app_cookie_secure(r)));
	req_redirect(r, safe_next(v[1].s));
}

static const struct field switch_fields[] = {
	{ "org", F_INT, 1, 20, 1, INT64_MAX, NULL },
};

void
page_switch(struct req *r)
{
	struct fval v[1];

	if (form_read(r, switch_fields, 1, v) || !authz_is_member(r->who, v[0].i)) {
		page_error(r, 403, "You do not have access to this page.");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld", (long long)v[0].i));
}
