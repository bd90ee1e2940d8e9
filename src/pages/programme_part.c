/*
 * programme_part.c - the participating municipality's side (its org admin):
 * open programmes and the application form (closed after the deadline),
 * its applications and their answers, and per programme it takes part in:
 * the phases (with what a move changed), its phase, the consent to adviser
 * access with grant and withdraw, the list of adviser accesses recorded in
 * its own audit chain, its tasks, and the evaluation form.
 *
 * Everything here is read with the municipality of the URL: it never sees
 * another participant's data, only programme facts.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "programme.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../domain/programme.h"
#include "../domain/programme_eval.h"
#include "../domain/programme_work.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define LONG_TEXT 4000
#define ACCESS_SHOWN 30

static const struct field apply_fields[] = {
	{ "programme", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "contact_name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "contact_email", F_EMAIL, 1, 200, 0, 0, NULL },
	{ "motivation", F_MULTILINE, 1, LONG_TEXT, 0, 0, NULL },
};
#define NAPPLY 4

struct part_state {
	const char *notice, *color;
	const struct fval *apply;	/* errors of the application form */
	int64_t apply_programme;
};

static void
post_form(struct req *r, const char *suffix, int64_t programme)
{
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/participation");
	html_text(r, suffix);
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	html_lit(r, "<input type=\"hidden\" name=\"programme\" value=\"");
	html_int(r, programme);
	html_lit(r, "\">");
}

static void
consent_block(struct req *r, const struct prog_participant *pp)
{
	page_heading(r, 3, N_("Access for the adviser team"));
	html_lit(r, "<p class=\"ds-paragraph\">");
	if (pp->consent) {
		html_t(r, "The adviser team may read the municipality's mapping, assessments and"
		    " action plan, and comment on them, since");
		html_lit(r, " ");
		html_time(r, pp->consent_at);
		html_lit(r, ". ");
		html_t(r, "You can withdraw the access at any time; it ends at once.");
	} else
		html_t(r, "The adviser team has no access to the municipality's data. When you grant"
		    " access, the advisers may read the mapping, assessments and action plan and comment"
		    " on them; they can never change anything.");
	html_lit(r, "</p>");
	post_form(r, "/consent", pp->programme_id);
	html_lit(r, "<input type=\"hidden\" name=\"grant\" value=\"");
	html_text(r, pp->consent ? "withdraw" : "grant");
	html_lit(r, "\">");
	prog_button(r, pp->consent ? "secondary" : "primary",
	    pp->consent ? N_("Withdraw the access") : N_("Grant the adviser team access"));
	html_lit(r, "</form>");

}

/* The adviser accesses recorded in the municipality's own change log (one
 * list for all its programmes: the log is the municipality's). */
static void
access_log(struct req *r)
{
	struct prog_access *acc;
	int n;

	n = programme_access_log(r->db, &r->arena, r->org_id, ACCESS_SHOWN, &acc);
	page_heading(r, 2, N_("Adviser accesses to your data"));
	if (n <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, n < 0 ? N_("Something went wrong. Try again.") : N_("No adviser has opened the municipality's data."));
		html_lit(r, "</p>");
		return;
	}
	html_lit(r, "<table class=\"ds-table\" id=\"accesses\"><caption>");
	html_t(r, "The latest adviser accesses (from the change log)");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "When");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Who");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "What");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td>");
		html_time(r, acc[i].at);
		html_lit(r, "</td><td>");
		html_text(r, acc[i].who);
		html_lit(r, "</td><td><code>");
		html_text(r, acc[i].detail);
		html_lit(r, "</code></td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
documents_block(struct req *r, int64_t programme)
{
	struct prog_doc d[PROG_DOC_KINDS];

	page_heading(r, 3, N_("Mandate, target picture, scope and project plan"));
	if (programme_docs(r->db, &r->arena, programme, r->org_id, d)) {
		alert(r, "danger", N_("Something went wrong. Try again."));
		return;
	}
	for (int k = 0; k < PROG_DOC_KINDS; k++) {
		char *id = arena_printf(&r->arena, "d%lld-%s", (long long)programme, prog_doc_kinds[k]);
		html_lit(r, "<div class=\"ds-card document\">");
		post_form(r, "/documents", programme);
		html_lit(r, "<input type=\"hidden\" name=\"kind\"");
		html_attrkv(r, "value", prog_doc_kinds[k]);
		html_lit(r, "><div class=\"ds-field\"><label class=\"ds-label\"");
		html_attrkv(r, "for", id);
		html_lit(r, ">");
		html_t(r, prog_doc_label(k));
		html_lit(r, "</label><p class=\"ds-paragraph\" data-size=\"sm\">");
		if (d[k].version == 0)
			html_t(r, "Not written yet.");
		else {
			html_t(r, "version");
			html_lit(r, " ");
			html_int(r, d[k].version);
			html_lit(r, ", ");
			html_time(r, d[k].created_at);
			html_lit(r, ". ");
			if (d[k].approved_at)
				html_t(r, "Approved.");
			else if (d[k].approved_version) {
				html_t(r, "Not approved; the approved version is");
				html_lit(r, " ");
				html_int(r, d[k].approved_version);
				html_lit(r, ".");
			} else
				html_t(r, "Not approved.");
		}
		html_lit(r, "</p><textarea class=\"ds-input\" rows=\"5\" name=\"body\"");
		html_attrkv(r, "id", id);
		html_lit(r, ">");
		html_text(r, d[k].body ? d[k].body : "");
		html_lit(r, "</textarea></div><button class=\"ds-button\" data-variant=\"secondary\""
		    " type=\"submit\" name=\"action\" value=\"save\">");
		html_t(r, "Save as a new version");
		html_lit(r, "</button>");
		if (d[k].version && !d[k].approved_at) {
			html_lit(r, " <button class=\"ds-button\" data-variant=\"primary\" type=\"submit\""
			    " name=\"action\" value=\"approve\">");
			html_t(r, "Approve the latest version");
			html_lit(r, "</button>");
		}
		html_lit(r, "</form></div>");
	}
}

static void
goals_block(struct req *r, int64_t programme)
{
	struct prog_goal g[PROG_GOALS_N];

	page_heading(r, 3, N_("Competency goals"));
	if (programme_goals(r->db, &r->arena, programme, r->org_id, g)) {
		alert(r, "danger", N_("Something went wrong. Try again."));
		return;
	}
	post_form(r, "/goals", programme);
	for (int i = 0; i < PROG_GOALS_N; i++) {
		char *cid = arena_printf(&r->arena, "g%lld-r%d", (long long)programme, i + 1);
		char *eid = arena_printf(&r->arena, "g%lld-e%d", (long long)programme, i + 1);
		html_lit(r, "<fieldset class=\"ds-fieldset\"><legend class=\"ds-label\">");
		html_int(r, i + 1);
		html_lit(r, ". ");
		html_t(r, prog_goal_text(i + 1));
		html_lit(r, "</legend><div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\"");
		html_attrkv(r, "name", arena_printf(&r->arena, "reached%d", i + 1));
		html_attrkv(r, "id", cid);
		if (g[i].reached)
			html_lit(r, " checked");
		html_lit(r, "><label class=\"ds-label\"");
		html_attrkv(r, "for", cid);
		html_lit(r, ">");
		html_t(r, "Reached");
		html_lit(r, "</label></div><div class=\"ds-field\"><label class=\"ds-label\"");
		html_attrkv(r, "for", eid);
		html_lit(r, ">");
		html_t(r, "Evidence (a link or a short note)");
		html_lit(r, "</label><input class=\"ds-input\" type=\"text\"");
		html_attrkv(r, "name", arena_printf(&r->arena, "evidence%d", i + 1));
		html_attrkv(r, "id", eid);
		html_attrkv(r, "value", g[i].evidence);
		html_lit(r, "></div></fieldset>");
	}
	prog_button(r, "secondary", N_("Save the goals"));
	html_lit(r, "</form>");
}

static void
tasks_block(struct req *r, int64_t programme)
{
	struct prog_task *t;
	int n = programme_tasks(r->db, &r->arena, programme, r->org_id, &t);

	page_heading(r, 3, N_("Your tasks"));
	if (n <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, n < 0 ? N_("Something went wrong. Try again.") : N_("No tasks."));
		html_lit(r, "</p>");
		return;
	}
	html_lit(r, "<ul class=\"ds-list\">");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<li>");
		html_text(r, t[i].title);
		html_lit(r, " (");
		html_t(r, "due");
		html_lit(r, " ");
		prog_date(r, t[i].due_on);
		html_lit(r, "): ");
		if (t[i].done_at)
			html_t(r, "Done");
		else {
			html_lit(r, "<form class=\"inline\" method=\"post\" action=\"/o/");
			html_int(r, r->org_id);
			html_lit(r, "/participation/tasks\">");
			form_csrf(r);
			html_lit(r, "<input type=\"hidden\" name=\"task\" value=\"");
			html_int(r, t[i].id);
			html_lit(r, "\">");
			prog_button(r, "secondary", N_("Mark as done"));
			html_lit(r, "</form>");
		}
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul>");
}

static void
evaluation_block(struct req *r, int64_t programme)
{
	const struct eval_set *s = evaluation_current();
	int64_t at = 0;
	int rc = programme_eval_submitted(r->db, programme, r->org_id, &at);

	page_heading(r, 3, N_("Evaluation"));
	if (rc != 0 || s == NULL) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		if (rc == 1) {
			html_t(r, "The municipality submitted its evaluation on");
			html_lit(r, " ");
			html_time(r, at);
			html_lit(r, ".");
		} else
			html_t(r, "Something went wrong. Try again.");
		html_lit(r, "</p>");
		return;
	}
	post_form(r, "/evaluation", programme);
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_text(r, eval_tx(&s->title, r->lang));
	html_lit(r, "</p>");
	for (int i = 0; i < s->nq; i++) {
		char *name = arena_printf(&r->arena, "q%d", i + 1);
		if (s->q[i].scale) {
			html_lit(r, "<fieldset class=\"ds-fieldset\"><legend class=\"ds-label\">");
			html_text(r, eval_tx(&s->q[i].text, r->lang));
			html_lit(r, "</legend><p class=\"ds-paragraph\" data-size=\"sm\">");
			html_t(r, "1 = disagree, 5 = agree");
			html_lit(r, "</p>");
			for (int k = 1; k <= 5; k++) {
				char *id = arena_printf(&r->arena, "e%lld-%d-%d", (long long)programme, i + 1, k);
				html_lit(r, "<span class=\"ds-field inline\"><input class=\"ds-input\" type=\"radio\"");
				html_attrkv(r, "name", name);
				html_attrkv(r, "id", id);
				html_lit(r, " value=\"");
				html_int(r, k);
				html_lit(r, "\"><label class=\"ds-label\"");
				html_attrkv(r, "for", id);
				html_lit(r, ">");
				html_int(r, k);
				html_lit(r, "</label></span> ");
			}
			html_lit(r, "</fieldset>");
		} else {
			char *id = arena_printf(&r->arena, "e%lld-%d", (long long)programme, i + 1);
			html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\"");
			html_attrkv(r, "for", id);
			html_lit(r, ">");
			html_text(r, eval_tx(&s->q[i].text, r->lang));
			html_lit(r, "</label><textarea class=\"ds-input\" rows=\"3\"");
			html_attrkv(r, "name", name);
			html_attrkv(r, "id", id);
			html_lit(r, "></textarea></div>");
		}
	}
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" name=\"anonymous\"");
	html_attrkv(r, "id", arena_printf(&r->arena, "e%lld-anon", (long long)programme));
	html_lit(r, "><label class=\"ds-label\"");
	html_attrkv(r, "for", arena_printf(&r->arena, "e%lld-anon", (long long)programme));
	html_lit(r, ">");
	html_t(r, "Show our written answers without the municipality's name");
	html_lit(r, "</label></div>");
	prog_button(r, "primary", N_("Submit the evaluation"));
	html_lit(r, "</form>");
}

/* An input of one programme's application form: ids carry the programme,
 * as several forms may be on the page. */
static void
apply_input(struct req *r, int64_t pid, const char *name, const char *label, const char *type,
    const struct fval *v, int textarea)
{
	char *id = arena_printf(&r->arena, "f-a%lld-%s", (long long)pid, name);
	char *eid = arena_printf(&r->arena, "e-a%lld-%s", (long long)pid, name);

	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\"");
	html_attrkv(r, "for", id);
	html_lit(r, ">");
	html_t(r, label);
	html_lit(r, "</label>");
	if (textarea)
		html_lit(r, "<textarea class=\"ds-input\" rows=\"4\" required");
	else {
		html_lit(r, "<input class=\"ds-input\" required");
		html_attrkv(r, "type", type);
		html_attrkv(r, "value", v ? v->s : NULL);
	}
	html_attrkv(r, "id", id);
	html_attrkv(r, "name", name);
	if (v && v->err) {
		html_lit(r, " aria-invalid=\"true\"");
		html_attrkv(r, "aria-describedby", eid);
	}
	html_lit(r, ">");
	if (textarea) {
		html_text(r, v && v->s ? v->s : "");
		html_lit(r, "</textarea>");
	}
	if (v && v->err) {
		html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\"");
		html_attrkv(r, "id", eid);
		html_lit(r, ">");
		html_t(r, v->err);
		html_lit(r, "</div>");
	}
	html_lit(r, "</div>");
}

static void
apply_form(struct req *r, const struct programme *p, const struct part_state *ps)
{
	const struct fval *v = ps->apply_programme == p->id ? ps->apply : NULL;

	html_lit(r, "<div class=\"ds-card open-programme\"><h3 class=\"ds-heading\" data-size=\"sm\">"
	    "<a class=\"ds-link\" href=\"/programmes/");
	html_int(r, p->id);
	html_lit(r, "\">");
	html_text(r, p->title);
	html_lit(r, "</a></h3><p class=\"ds-paragraph\">");
	html_text(r, p->org_name);
	html_lit(r, ". ");
	html_t(r, "Application deadline");
	html_lit(r, ": ");
	prog_date(r, p->apply_by);
	html_lit(r, "</p>");
	if (v) {
		const char *names[NAPPLY];
		for (int i = 0; i < NAPPLY; i++)
			names[i] = arena_printf(&r->arena, "a%lld-%s", (long long)p->id,
			    apply_fields[i].name);
		form_error_summary(r, names, v, NAPPLY);
	}
	post_form(r, "/apply", p->id);
	apply_input(r, p->id, "contact_name", N_("Contact person in the municipality"), "text",
	    v ? &v[1] : NULL, 0);
	apply_input(r, p->id, "contact_email", N_("Contact person's e-mail"), "email",
	    v ? &v[2] : NULL, 0);
	apply_input(r, p->id, "motivation", N_("Why the municipality wants to take part"), NULL,
	    v ? &v[3] : NULL, 1);
	prog_button(r, "primary", N_("Send the application"));
	html_lit(r, "</form></div>");
}

static void
part_page(struct req *r, const struct part_state *ps)
{
	struct prog_participant *pp;
	struct prog_application *apps;
	struct programme *all;
	struct org o;
	char today[11];
	int np, na, nall, open = 0;

	if (page_load_org(r, &o))
		return;
	if ((np = programme_participations(r->db, &r->arena, r->org_id, &pp)) < 0 ||
	    (na = programme_applications_of(r->db, &r->arena, r->org_id, &apps)) < 0 ||
	    (nall = programme_list(r->db, &r->arena, 0, &all)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	prog_today(now_s(), today);
	layout_begin(r, T(r, "Programme participation"));
	org_nav(r, o.name, "/participation");
	page_heading(r, 1, N_("Programme participation"));
	if (ps->notice)
		alert(r, ps->color, ps->notice);

	for (int i = 0; i < np; i++) {
		struct programme p;
		if (programme_get(r->db, &r->arena, 0, pp[i].programme_id, &p) != 1)
			continue;
		html_lit(r, "<section class=\"participation\"><h2 class=\"ds-heading\" data-size=\"md\">");
		html_text(r, p.title);
		html_lit(r, "</h2><p class=\"ds-paragraph\">");
		html_text(r, p.org_name);
		html_lit(r, ". ");
		html_t(r, "Your phase");
		html_lit(r, ": ");
		html_int(r, pp[i].phase);
		html_lit(r, ". ");
		html_t(r, prog_phase_name(pp[i].phase));
		html_lit(r, "</p>");
		prog_phase_table(r, &p, 1);
		consent_block(r, &pp[i]);
		documents_block(r, p.id);
		goals_block(r, p.id);
		tasks_block(r, p.id);
		evaluation_block(r, p.id);
		html_lit(r, "</section>");
	}

	if (np > 0)
		access_log(r);

	page_heading(r, 2, N_("Applications"));
	if (na == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The municipality has not applied to any programme.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<ul class=\"ds-list\" id=\"applications\">");
		for (int i = 0; i < na; i++) {
			html_lit(r, "<li>");
			html_text(r, apps[i].programme_title);
			html_lit(r, ": <span class=\"ds-tag\" data-color=\"info\">");
			html_t(r, !strcmp(apps[i].status, "accepted") ? N_("Accepted") :
			    !strcmp(apps[i].status, "declined") ? N_("Declined") : N_("Waiting for an answer"));
			html_lit(r, "</span>");
			if (*apps[i].message) {
				html_lit(r, " ");
				html_text(r, apps[i].message);
			}
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul>");
	}

	page_heading(r, 2, N_("Open for applications"));
	for (int i = 0; i < nall; i++) {
		int applied = 0;
		for (int k = 0; k < na; k++)
			applied |= apps[k].programme_id == all[i].id;
		if (applied || strcmp(today, all[i].apply_by) > 0)
			continue;
		apply_form(r, &all[i], ps);
		open++;
	}
	if (open == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No programme is open for applications from the municipality now.");
		html_lit(r, "</p>");
	}
	layout_end(r);
}

void
page_participation(struct req *r)
{
	struct part_state ps = { 0 };

	part_page(r, &ps);
}

static void
answer(struct req *r, int status, const char *msgid, const char *color)
{
	struct part_state ps = { 0 };

	r->status = status;
	ps.notice = msgid;
	ps.color = color;
	part_page(r, &ps);
}

void
page_participation_apply(struct req *r)
{
	struct fval v[NAPPLY];
	int rc;

	if (form_read(r, apply_fields, NAPPLY, v)) {
		struct part_state ps = { 0 };
		r->status = 400;
		ps.apply = v;
		ps.apply_programme = v[0].s ? v[0].i : 0;
		ps.notice = v[0].err ? v[0].err : N_("The application has errors. Correct them and send it again.");
		ps.color = "danger";
		part_page(r, &ps);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_apply(r->db, v[0].i, r->org_id, v[1].s, v[2].s, v[3].s, r->who->user_id,
	    now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme apply");
		return;
	}
	switch (rc) {
	case PA_OK:
		answer(r, 200, N_("The application has been sent. The adviser team will answer it."), "success");
		break;
	case PA_CLOSED:
		answer(r, 409, N_("The application deadline has passed. Applications are closed."), "danger");
		break;
	case PA_DUPLICATE:
		answer(r, 409, N_("The municipality has already applied to this programme."), "danger");
		break;
	default:
		page_error(r, 404, "There is no page at this address.");
	}
}

static const char *const grants[] = { "grant", "withdraw", NULL };
static const struct field consent_fields[] = {
	{ "programme", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "grant", F_ENUM, 1, 0, 0, 0, grants },
};

void
page_participation_consent(struct req *r)
{
	struct fval v[2];
	int rc, grant;

	if (form_read(r, consent_fields, 2, v)) {
		answer(r, 400, N_("Choose a programme and whether to grant or withdraw the access."), "danger");
		return;
	}
	grant = strcmp(v[1].s, "grant") == 0;
	if (db_begin(r->db) ||
	    (rc = programme_consent(r->db, v[0].i, r->org_id, grant, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		prog_tx_fail(r, "programme consent");
		return;
	}
	if (rc == 1)
		answer(r, 409, grant ? N_("The access is already granted, or the municipality does not take part in that programme.") :
		    N_("There is no access to withdraw."), "danger");
	else
		answer(r, 200, grant ? N_("The adviser team now has read access.") :
		    N_("The access has been withdrawn. The advisers can no longer open the municipality's data."),
		    "success");
}

static const struct field task_fields[] = {
	{ "task", F_INT, 1, 0, 1, INT64_MAX, NULL },
};

void
page_participation_task(struct req *r)
{
	struct fval v[1];
	int rc;

	if (form_read(r, task_fields, 1, v)) {
		answer(r, 400, N_("Choose a task."), "danger");
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_task_done(r->db, r->org_id, v[0].i, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		prog_tx_fail(r, "programme task");
		return;
	}
	if (rc == 1)
		answer(r, 404, N_("There is no such open task for the municipality."), "danger");
	else
		answer(r, 200, N_("The task is marked as done."), "success");
}

static const char *const scale[] = { "1", "2", "3", "4", "5", NULL };

void
page_participation_evaluate(struct req *r)
{
	const struct eval_set *s = evaluation_current();
	struct field f[EVAL_MAX_Q + 2];
	struct fval v[EVAL_MAX_Q + 2];
	struct eval_answer ans[EVAL_MAX_Q];
	int nf, rc;

	if (s == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	/* The fields follow the question set: q1..qN, scale questions required. */
	memset(f, 0, sizeof(f));
	f[0] = (struct field){ "programme", F_INT, 1, 0, 1, INT64_MAX, NULL };
	f[1] = (struct field){ "anonymous", F_BOOL, 0, 0, 0, 0, NULL };
	for (int i = 0; i < s->nq; i++) {
		f[i + 2].name = arena_printf(&r->arena, "q%d", i + 1);
		f[i + 2].type = s->q[i].scale ? F_ENUM : F_MULTILINE;
		f[i + 2].required = s->q[i].scale;
		f[i + 2].maxlen = LONG_TEXT;
		f[i + 2].choices = s->q[i].scale ? scale : NULL;
	}
	nf = s->nq + 2;
	if (form_read(r, f, nf, v)) {
		answer(r, 400, v[0].err ? N_("Choose a programme.") :
		    N_("Answer every question on the scale from 1 to 5 before you submit."), "danger");
		return;
	}
	for (int i = 0; i < s->nq; i++) {
		ans[i].score = s->q[i].scale && v[i + 2].s ? v[i + 2].s[0] - '0' : 0;
		ans[i].body = !s->q[i].scale && v[i + 2].s ? v[i + 2].s : "";
	}
	if (db_begin(r->db) ||
	    (rc = programme_eval_submit(r->db, v[0].i, r->org_id, s, ans, (int)v[1].i,
	    r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme evaluation");
		return;
	}
	if (rc == 1)
		answer(r, 409, N_("The evaluation has already been submitted, or the municipality does not take part in that programme."), "danger");
	else
		answer(r, 200, N_("Thank you. The evaluation has been submitted."), "success");
}

static const char *const doc_actions[] = { "save", "approve", NULL };
static const char *const doc_kind_choices[] = { "mandate", "target", "scope", "plan", NULL };
static const struct field doc_fields[] = {
	{ "programme", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "kind", F_ENUM, 1, 0, 0, 0, doc_kind_choices },
	{ "action", F_ENUM, 1, 0, 0, 0, doc_actions },
	{ "body", F_MULTILINE, 0, 20000, 0, 0, NULL },
};

void
page_participation_document(struct req *r)
{
	struct fval v[4];
	int kind = 0, rc, save;

	if (form_read(r, doc_fields, 4, v)) {
		answer(r, 400, v[3].err ? v[3].err : N_("Choose a programme, a document and what to do."), "danger");
		return;
	}
	while (kind < PROG_DOC_KINDS && strcmp(prog_doc_kinds[kind], v[1].s) != 0)
		kind++;
	save = strcmp(v[2].s, "save") == 0;
	if (save && (v[3].s == NULL || *v[3].s == '\0')) {
		answer(r, 400, N_("Write the text of the document before you save it."), "danger");
		return;
	}
	if (db_begin(r->db) ||
	    (rc = save ? programme_doc_save(r->db, v[0].i, r->org_id, kind, v[3].s, r->who->user_id,
	    now_s()) : programme_doc_approve(r->db, v[0].i, r->org_id, kind, r->who->user_id,
	    now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme document");
		return;
	}
	if (save && rc == 0)
		answer(r, 409, N_("The municipality does not take part in that programme."), "danger");
	else if (!save && rc == 1)
		answer(r, 409, N_("There is no unapproved version to approve."), "danger");
	else
		answer(r, 200, save ? N_("The new version has been saved.") :
		    N_("The latest version has been approved."), "success");
}

static const struct field goal_fields[] = {
	{ "programme", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "reached1", F_BOOL, 0, 0, 0, 0, NULL },
	{ "reached2", F_BOOL, 0, 0, 0, 0, NULL },
	{ "reached3", F_BOOL, 0, 0, 0, 0, NULL },
	{ "evidence1", F_TEXT, 0, 1000, 0, 0, NULL },
	{ "evidence2", F_TEXT, 0, 1000, 0, 0, NULL },
	{ "evidence3", F_TEXT, 0, 1000, 0, 0, NULL },
};

void
page_participation_goals(struct req *r)
{
	struct fval v[7];
	int reached[PROG_GOALS_N], rc;
	const char *evidence[PROG_GOALS_N];

	if (form_read(r, goal_fields, 7, v)) {
		answer(r, 400, N_("Check the goals: evidence may be at most 1000 characters."), "danger");
		return;
	}
	for (int g = 0; g < PROG_GOALS_N; g++) {
		reached[g] = (int)v[1 + g].i;
		evidence[g] = v[4 + g].s ? v[4 + g].s : "";
	}
	if (db_begin(r->db) ||
	    (rc = programme_goals_save(r->db, v[0].i, r->org_id, reached, evidence, r->who->user_id,
	    now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme goals");
		return;
	}
	if (rc == 1)
		answer(r, 409, N_("The municipality does not take part in that programme."), "danger");
	else
		answer(r, 200, N_("The competency goals have been saved."), "success");
}
