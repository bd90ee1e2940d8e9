/*
 * invite.c - accepting an invitation. A new person sets name and password;
 * a person who already has an account confirms with its password and gets
 * the new role added. The token works once and expires after 14 days.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/auth.h"
#include "../domain/user.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/buf.h"

static const struct field fields[] = {
	{ "name", F_TEXT, 0, 120, 0, 0, NULL },
	{ "password", F_PASSWORD, 1, 200, 0, 0, NULL },
	{ "confirm", F_PASSWORD, 0, 200, 0, 0, NULL },
};

static int
lookup(struct req *r, struct invite *inv, int64_t *existing)
{
	const char *tok = req_param(r, "token");

	if (tok == NULL || strlen(tok) != TOKEN_LEN ||
	    invite_lookup(r->db, &r->arena, tok, now_s(), inv) != 1) {
		page_error(r, 404, "The invitation is unknown, already used or expired."
		    " Ask for a new one.");
		return -1;
	}
	*existing = user_find(r->db, inv->email);
	return *existing < 0 ? -1 : 0;
}

static void
invite_form(struct req *r, const struct invite *inv, int64_t existing, const struct fval *v)
{
	static const char *const names[] = { "name", "password", "confirm" };

	layout_begin(r, T(r, "Accept invitation"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Accept invitation");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "You have been invited to");
	html_lit(r, " <strong>");
	html_text(r, inv->org_name);
	html_lit(r, "</strong> ");
	html_t(r, "as");
	html_lit(r, " <strong>");
	html_t(r, role_label(inv->role));
	html_lit(r, "</strong> (");
	html_text(r, inv->email);
	html_lit(r, ").</p>");
	if (v)
		form_error_summary(r, names, v, 3);
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/invite/");
	html_urlarg(r, req_param(r, "token"));
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	/* The same form whether or not the address has an account, so the page
	 * does not tell who is registered. */
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "New here? Enter your name and choose a password. Already have an account"
	    " with this e-mail address? Enter its password; name and repetition are then not needed.");
	html_lit(r, "</p>");
	form_input(r, "name", "Your name", "text", v ? v[0].s : NULL, v ? v[0].err : NULL, 0, "name");
	form_input(r, "password", "Password (at least 10 characters)", "password", NULL,
	    v ? v[1].err : NULL, 1, "new-password");
	form_input(r, "confirm", "Repeat the password", "password", NULL, v ? v[2].err : NULL, 0, "new-password");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Accept");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_invite(struct req *r)
{
	struct invite inv;
	int64_t existing;

	if (lookup(r, &inv, &existing) == 0)
		invite_form(r, &inv, existing, NULL);
}

void
page_invite_post(struct req *r)
{
	struct invite inv;
	struct fval v[3];
	int64_t existing, uid = 0;
	int rc;

	if (lookup(r, &inv, &existing))
		return;
	form_read(r, fields, 3, v);
	if (existing) {
		if (!v[1].err) {
			rc = auth_verify_user(r->db, existing, v[1].s, r->remote, now_s());
			if (rc < 0) {
				page_error(r, 500, "Something went wrong. Try again.");
				return;
			}
			if (rc == 2)
				v[1].err = N_("Too many failed attempts. Wait 15 minutes and try again.");
			else if (rc == 0)
				v[1].err = N_("The password is wrong.");
		}
		v[0].err = v[2].err = NULL;
	} else {
		if (!v[0].err && v[0].s == NULL)
			v[0].err = N_("This field is required.");
		if (!v[1].err)
			v[1].err = auth_password_problem(v[1].s);
		if (!v[1].err && !v[2].err && (v[2].s == NULL || strcmp(v[1].s, v[2].s) != 0))
			v[2].err = N_("The two passwords are not the same.");
	}
	if (v[0].err || v[1].err || v[2].err) {
		r->status = 400;
		invite_form(r, &inv, existing, v);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = invite_accept(r->db, &inv, existing, v[0].s, v[1].s, now_s(), &uid)) < 0 ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc == 0) {
		page_error(r, 404, "The invitation is unknown, already used or expired."
		    " Ask for a new one.");
		return;
	}
	app_login(r, uid);
	if (r->status == 200)
		req_redirect(r, arena_printf(&r->arena, "/o/%lld", (long long)inv.org_id));
}
