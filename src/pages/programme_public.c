/*
 * programme_public.c - recruitment without login: the list of programmes,
 * a programme's page (what participation gives and demands, competency
 * goals, phases, the information meeting with registration, the deadline),
 * and the advisers' comments shown on a municipality's maturity round.
 *
 * The public page shows programme facts only, never who applied or takes
 * part. Applying needs the municipality's administrator logged in (the
 * application binds the municipality), so the page links there; after the
 * deadline it says so instead.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "programme.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/programme.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define COMMENT_MAX 4000

void
page_programmes_public(struct req *r)
{
	struct programme *v;
	int n;

	if ((n = programme_list(r->db, &r->arena, 0, &v)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Advisory programmes"));
	page_heading(r, 1, N_("Advisory programmes"));
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "In an advisory programme, a regional network guides a group of municipalities"
	    " to map, prioritise, carry out and evaluate their work with privacy and information"
	    " security in schools.");
	html_lit(r, "</p>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No programmes are announced at the moment.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<ul class=\"ds-list\">");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<li><a class=\"ds-link\" href=\"/programmes/");
			html_int(r, v[i].id);
			html_lit(r, "\">");
			html_text(r, v[i].title);
			html_lit(r, "</a> (");
			html_text(r, v[i].org_name);
			html_lit(r, ")</li>");
		}
		html_lit(r, "</ul>");
	}
	layout_end(r);
}

static const struct field reg_fields[] = {
	{ "name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "email", F_EMAIL, 1, 200, 0, 0, NULL },
	{ "organisation", F_TEXT, 1, 200, 0, 0, NULL },
};
#define NREG (int)(sizeof(reg_fields) / sizeof(reg_fields[0]))

static void
public_page(struct req *r, const struct fval *rv, const char *notice, const char *color)
{
	static const char *const names[NREG] = { "name", "email", "organisation" };
	struct programme p;
	char today[11];
	int rc;

	if ((rc = programme_get(r->db, &r->arena, 0, param_id(r, "id"), &p)) != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	prog_today(now_s(), today);
	layout_begin(r, p.title);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, p.title);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<dl class=\"facts\"><dt>");
	html_t(r, "Run by");
	html_lit(r, "</dt><dd>");
	html_text(r, p.org_name);
	html_lit(r, "</dd><dt>");
	html_t(r, "Contact person");
	html_lit(r, "</dt><dd>");
	html_text(r, p.contact_name);
	if (*p.contact_email) {
		html_lit(r, " (");
		html_text(r, p.contact_email);
		html_lit(r, ")");
	}
	html_lit(r, "</dd><dt>");
	html_t(r, "Application deadline");
	html_lit(r, "</dt><dd>");
	prog_date(r, p.apply_by);
	html_lit(r, "</dd></dl>");
	page_heading(r, 2, N_("What participation gives"));
	html_lit(r, "<p class=\"ds-paragraph prewrap\">");
	html_text(r, p.gives);
	html_lit(r, "</p>");
	page_heading(r, 2, N_("What participation demands"));
	html_lit(r, "<p class=\"ds-paragraph prewrap\">");
	html_text(r, p.demands);
	html_lit(r, "</p>");
	page_heading(r, 2, N_("Competency goals"));
	prog_goals_list(r);
	page_heading(r, 2, N_("Phases"));
	prog_phase_table(r, &p, 0);

	page_heading(r, 2, N_("Information meeting"));
	if (p.meeting_on) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		prog_date(r, p.meeting_on);
		if (*p.meeting_time) {
			html_lit(r, " ");
			html_text(r, p.meeting_time);
		}
		if (*p.meeting_link) {
			html_lit(r, ". ");
			html_t(r, "Online link");
			html_lit(r, ": <code>");
			html_text(r, p.meeting_link);
			html_lit(r, "</code>");
		}
		html_lit(r, "</p>");
		if (strcmp(today, p.meeting_on) <= 0) {
			if (rv)
				form_error_summary(r, names, rv, NREG);
			html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/programmes/");
			html_int(r, p.id);
			html_lit(r, "/register\" novalidate>");
			form_csrf(r);
			form_input(r, "name", N_("Your name"), "text", rv ? rv[0].s : NULL,
			    rv ? rv[0].err : NULL, 1, "name");
			form_input(r, "email", N_("E-mail"), "email", rv ? rv[1].s : NULL,
			    rv ? rv[1].err : NULL, 1, "email");
			form_input(r, "organisation", N_("Municipality or organisation"), "text",
			    rv ? rv[2].s : NULL, rv ? rv[2].err : NULL, 1, "organization");
			html_lit(r, "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
			html_t(r, "Register for the information meeting");
			html_lit(r, "</button></form>");
		} else {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_t(r, "The information meeting has taken place.");
			html_lit(r, "</p>");
		}
	} else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The date of the information meeting has not been set yet.");
		html_lit(r, "</p>");
	}

	page_heading(r, 2, N_("How to apply"));
	if (strcmp(today, p.apply_by) > 0) {
		alert(r, "warning", N_("The application deadline has passed. Applications are closed."));
	} else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The municipality's administrator applies on behalf of the municipality:"
		    " log in and open Programme participation. The deadline is");
		html_lit(r, " ");
		prog_date(r, p.apply_by);
		html_lit(r, ".</p><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/login?next=/\">");
		html_t(r, "Log in to apply");
		html_lit(r, "</a></p>");
	}
	layout_end(r);
}

void
page_programme_public(struct req *r)
{
	public_page(r, NULL, NULL, NULL);
}

void
page_programme_register(struct req *r)
{
	struct programme p;
	struct fval v[NREG];
	char today[11];
	int rc;

	if ((rc = programme_get(r->db, &r->arena, 0, param_id(r, "id"), &p)) != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	prog_today(now_s(), today);
	if (p.meeting_on == NULL || strcmp(today, p.meeting_on) > 0) {
		r->status = 409;
		public_page(r, NULL, N_("Registration for the information meeting is closed."), "danger");
		return;
	}
	if (form_read(r, reg_fields, NREG, v)) {
		r->status = 400;
		public_page(r, v, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_register(r->db, p.id, v[0].s, v[1].s, v[2].s, now_s())) < 0 ||
	    db_commit(r->db)) {
		prog_tx_fail(r, "programme register");
		return;
	}
	/* The same answer whether or not the address was registered before,
	 * so the public form does not tell who has signed up (rc 1: known). */
	public_page(r, NULL, N_("You are registered for the information meeting."), "success");
}

/* ------------------------------------------------------------- comments */

void
programme_comments_block(struct req *r, const char *object_type, int64_t object_id,
    const char *action)
{
	struct prog_comment *c;
	int n = programme_comments(r->db, &r->arena, r->org_id, object_type, object_id, &c);
	int may = authz_allows(r->who, A_PROGRAMME_COMMENT, r->org_id, 0);

	if (n < 0) {
		log_err("programme comments: %s", db_errmsg(r->db));
		return;
	}
	if (n == 0 && !may)
		return;
	page_heading(r, 2, N_("Comments from the adviser team"));
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No comments yet.");
		html_lit(r, "</p>");
	}
	for (int i = 0; i < n; i++) {
		html_lit(r, "<div class=\"ds-card comment\"><p class=\"ds-paragraph\" data-size=\"sm\">");
		html_text(r, c[i].who);
		html_lit(r, " (");
		html_text(r, c[i].programme_title);
		html_lit(r, "), ");
		html_time(r, c[i].at);
		html_lit(r, "</p><p class=\"ds-paragraph prewrap\">");
		html_text(r, c[i].body);
		html_lit(r, "</p></div>");
	}
	if (may) {
		html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
		html_attr(r, action);
		html_lit(r, "\"><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-comment\">");
		html_t(r, "Your comment");
		html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-comment\" name=\"body\" rows=\"4\""
		    " required></textarea></div>");
		form_csrf(r);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Add the comment");
		html_lit(r, "</button></form>");
	}
}

static const struct field comment_fields[] = {
	{ "body", F_MULTILINE, 1, COMMENT_MAX, 0, 0, NULL },
};

/* Stores an adviser's comment on object (type, id) of the municipality in
 * the URL, through the programme that holds its consent, and goes back. */
static void
comment_post(struct req *r, const char *type, int64_t id, const char *back)
{
	struct fval v[1];
	int64_t via;

	if (form_read(r, comment_fields, 1, v)) {
		page_error(r, 400, v[0].err ? v[0].err : N_("Write a comment."));
		return;
	}
	if ((via = programme_consent_via(r->db, r->who->user_id, r->org_id)) <= 0) {
		page_error(r, via < 0 ? 500 : 403, "You do not have access to this page.");
		return;
	}
	if (db_begin(r->db) ||
	    programme_comment_add(r->db, via, r->org_id, type, id, v[0].s, r->who->user_id,
	    now_s()) || db_commit(r->db)) {
		prog_tx_fail(r, "programme comment");
		return;
	}
	req_redirect(r, back);
}

void
page_programme_comment(struct req *r)
{
	int64_t id = param_id(r, "id");
	int rc;

	/* The round must be this municipality's (the query is org-scoped). */
	rc = id ? db_run(r->db, "SELECT 1 FROM maturity_rounds WHERE id = ? AND org_id = ?", "ii",
	    id, r->org_id) : 0;
	if (rc != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	comment_post(r, "maturity_round", id, arena_printf(&r->arena,
	    "/o/%lld/maturity/rounds/%lld", (long long)r->org_id, (long long)id));
}

void
page_programme_plan_comment(struct req *r)
{
	comment_post(r, "plan", r->org_id, arena_printf(&r->arena, "/o/%lld/plan",
	    (long long)r->org_id));
}
