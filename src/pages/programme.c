/*
 * programme.c - the network's adviser team: its programmes, creating one,
 * a programme's page (phases and moving them, applications to accept or
 * decline, participants and their phase, workshops with attendance, tasks
 * between sessions), the cohort dashboard, the evaluation results and the
 * cohort report.
 *
 * Every programme is loaded with the network of the URL (r->org_id), so a
 * programme of another network is 404. The dashboard shows a municipality's
 * own figures only where consent allows: the domain query joins active
 * consents, and each row is checked with authz_allows() as well, which also
 * requires the viewer to be in the adviser team.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "programme.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/maturity.h"
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

/* ------------------------------------------------------------- helpers */

static void
base_link(struct req *r, int64_t id, const char *suffix)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/programmes/");
	html_int(r, id);
	html_text(r, suffix);
}

static void
redirect_to(struct req *r, int64_t id, const char *anchor)
{
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/programmes/%lld%s", (long long)r->org_id,
	    (long long)id, anchor));
}

static int
load_prog(struct req *r, struct programme *p)
{
	int64_t id = param_id(r, "id");
	int rc = id ? programme_get(r->db, &r->arena, r->org_id, id, p) : 0;

	if (rc != 1)
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
	return rc == 1 ? 0 : -1;
}

static void
show_tenths(struct req *r, double v, int sign)
{
	int64_t t = maturity_tenths(v);

	if (t < 0) {
		html_lit(r, "\xe2\x88\x92");
		t = -t;
	} else if (sign && t > 0)
		html_lit(r, "+");
	buf_printf(&r->out, "%lld%s%lld", (long long)(t / 10), strcmp(r->lang, "en") == 0 ? "." : ",",
	    (long long)(t % 10));
}

static void
textarea(struct req *r, const char *name, const char *label, const char *value, int rows)
{
	form_field_open(r, name, label);
	html_lit(r, "<textarea class=\"ds-input\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	html_lit(r, " rows=\"");
	html_int(r, rows);
	html_lit(r, "\">");
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	form_field_close(r, name, NULL);
}

static void
form_open(struct req *r, int64_t id, const char *suffix)
{
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
	base_link(r, id, suffix);
	html_lit(r, "\" novalidate>");
	form_csrf(r);
}

/* ------------------------------------------------------ the programme list */

static const struct field create_fields[] = {
	{ "title", F_TEXT, 1, 200, 0, 0, NULL },
	{ "gives", F_MULTILINE, 1, LONG_TEXT, 0, 0, NULL },
	{ "demands", F_MULTILINE, 1, LONG_TEXT, 0, 0, NULL },
	{ "contact_name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "contact_email", F_EMAIL, 1, 200, 0, 0, NULL },
	{ "meeting_on", F_TEXT, 0, 10, 0, 0, NULL },
	{ "meeting_time", F_TEXT, 0, 40, 0, 0, NULL },
	{ "meeting_link", F_TEXT, 0, 500, 0, 0, NULL },
	{ "apply_by", F_TEXT, 1, 10, 0, 0, NULL },
	{ "starts_on", F_TEXT, 1, 10, 0, 0, NULL },
};
#define NCREATE (int)(sizeof(create_fields) / sizeof(create_fields[0]))

static void
list_page(struct req *r, const struct fval *v)
{
	static const char *const names[NCREATE] = { "title", "gives", "demands", "contact_name",
	    "contact_email", "meeting_on", "meeting_time", "meeting_link", "apply_by", "starts_on" };
	struct programme *ps;
	struct org o;
	int n;

	if (page_load_org(r, &o))
		return;
	if ((n = programme_list(r->db, &r->arena, r->org_id, &ps)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Programmes"));
	org_nav(r, o.name, "/programmes");
	page_heading(r, 1, N_("Programmes"));
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The network runs no programmes yet.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
		html_t(r, "Programmes of the network");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Title");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Application deadline");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<tr><td><a class=\"ds-link\" href=\"");
			base_link(r, ps[i].id, "");
			html_lit(r, "\">");
			html_text(r, ps[i].title);
			html_lit(r, "</a></td><td>");
			prog_date(r, ps[i].apply_by);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	page_heading(r, 2, N_("New programme"));
	if (v)
		form_error_summary(r, names, v, NCREATE);
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/programmes\" novalidate>");
	form_csrf(r);
	form_input(r, "title", N_("Title"), "text", v ? v[0].s : NULL, v ? v[0].err : NULL, 1, "off");
	textarea(r, "gives", N_("What participation gives"), v ? v[1].s : NULL, 4);
	textarea(r, "demands", N_("What participation demands"), v ? v[2].s : NULL, 4);
	form_input(r, "contact_name", N_("Contact person"), "text", v ? v[3].s : NULL,
	    v ? v[3].err : NULL, 1, "name");
	form_input(r, "contact_email", N_("Contact person's e-mail"), "email", v ? v[4].s : NULL,
	    v ? v[4].err : NULL, 1, "email");
	form_input(r, "meeting_on", N_("Information meeting (date, YYYY-MM-DD)"), "date",
	    v ? v[5].s : NULL, v ? v[5].err : NULL, 0, "off");
	form_input(r, "meeting_time", N_("Information meeting (time)"), "text", v ? v[6].s : NULL,
	    v ? v[6].err : NULL, 0, "off");
	form_input(r, "meeting_link", N_("Online link to the meeting"), "text", v ? v[7].s : NULL,
	    v ? v[7].err : NULL, 0, "off");
	form_input(r, "apply_by", N_("Application deadline (YYYY-MM-DD)"), "date", v ? v[8].s : NULL,
	    v ? v[8].err : NULL, 1, "off");
	form_input(r, "starts_on", N_("Start of the programme (YYYY-MM-DD)"), "date",
	    v ? v[9].s : NULL, v ? v[9].err : NULL, 1, "off");
	prog_button(r, "primary", N_("Create the programme"));
	html_lit(r, "</form>");
	layout_end(r);
}

void
page_programmes(struct req *r)
{
	list_page(r, NULL);
}

static const char *
date_problem(const char *s, int required)
{
	if (s == NULL || *s == '\0')
		return required ? N_("Fill in a date.") : NULL;
	return prog_date_ok(s) ? NULL : N_("Write the date as YYYY-MM-DD, e.g. 2026-09-01.");
}

void
page_programme_create(struct req *r)
{
	struct fval v[NCREATE];
	struct prog_fields f;
	int bad = form_read(r, create_fields, NCREATE, v);
	int64_t id;

	if (!v[5].err && (v[5].err = date_problem(v[5].s, 0)))
		bad++;
	if (!v[8].err && (v[8].err = date_problem(v[8].s, 1)))
		bad++;
	if (!v[9].err && (v[9].err = date_problem(v[9].s, 1)))
		bad++;
	if (bad) {
		r->status = 400;
		list_page(r, v);
		return;
	}
	f.title = v[0].s;
	f.gives = v[1].s;
	f.demands = v[2].s;
	f.contact_name = v[3].s;
	f.contact_email = v[4].s;
	f.meeting_on = v[5].s;
	f.meeting_time = v[6].s ? v[6].s : "";
	f.meeting_link = v[7].s ? v[7].s : "";
	f.apply_by = v[8].s;
	f.starts_on = v[9].s;
	if (db_begin(r->db) ||
	    (id = programme_create(r->db, r->org_id, &f, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		prog_tx_fail(r, "programme create");
		return;
	}
	redirect_to(r, id, "");
}

/* ------------------------------------------------------ a programme's page */

static void
applications_section(struct req *r, const struct programme *p)
{
	struct prog_application *a;
	int n = programme_applications(r->db, &r->arena, r->org_id, p->id, &a);

	html_lit(r, "<section id=\"applications\">");
	page_heading(r, 2, N_("Applications"));
	if (n <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, n < 0 ? N_("Something went wrong. Try again.") : N_("No applications yet."));
		html_lit(r, "</p></section>");
		return;
	}
	for (int i = 0; i < n; i++) {
		html_lit(r, "<div class=\"ds-card application\"><h3 class=\"ds-heading\" data-size=\"sm\">");
		html_text(r, a[i].org_name);
		html_lit(r, "</h3><p class=\"ds-paragraph\" data-size=\"sm\">");
		html_text(r, a[i].contact_name);
		html_lit(r, " (");
		html_text(r, a[i].contact_email);
		html_lit(r, "), ");
		html_time(r, a[i].created_at);
		html_lit(r, "</p><p class=\"ds-paragraph prewrap\">");
		html_text(r, a[i].motivation);
		html_lit(r, "</p>");
		if (strcmp(a[i].status, "pending") != 0) {
			html_lit(r, "<p class=\"ds-paragraph\"><span class=\"ds-tag\" data-color=\"");
			html_attr(r, strcmp(a[i].status, "accepted") == 0 ? "success" : "neutral");
			html_lit(r, "\">");
			html_t(r, strcmp(a[i].status, "accepted") == 0 ? N_("Accepted") : N_("Declined"));
			html_lit(r, "</span> ");
			html_text(r, a[i].message);
			html_lit(r, "</p></div>");
			continue;
		}
		form_open(r, p->id, "/applications");
		html_lit(r, "<input type=\"hidden\" name=\"application\" value=\"");
		html_int(r, a[i].id);
		html_lit(r, "\"><fieldset class=\"ds-fieldset\"><legend class=\"ds-label\">");
		html_t(r, "Decision");
		html_lit(r, "</legend><div class=\"ds-field\"><input class=\"ds-input\" type=\"radio\""
		    " name=\"decision\" value=\"accept\" id=\"d-a-");
		html_int(r, a[i].id);
		html_lit(r, "\"><label class=\"ds-label\" for=\"d-a-");
		html_int(r, a[i].id);
		html_lit(r, "\">");
		html_t(r, "Accept");
		html_lit(r, "</label></div><div class=\"ds-field\"><input class=\"ds-input\" type=\"radio\""
		    " name=\"decision\" value=\"decline\" id=\"d-d-");
		html_int(r, a[i].id);
		html_lit(r, "\"><label class=\"ds-label\" for=\"d-d-");
		html_int(r, a[i].id);
		html_lit(r, "\">");
		html_t(r, "Decline");
		html_lit(r, "</label></div></fieldset><div class=\"ds-field\"><label class=\"ds-label\" for=\"m-");
		html_int(r, a[i].id);
		html_lit(r, "\">");
		html_t(r, "Message to the municipality");
		html_lit(r, "</label><textarea class=\"ds-input\" name=\"message\" rows=\"3\" id=\"m-");
		html_int(r, a[i].id);
		html_lit(r, "\"></textarea></div>");
		prog_button(r, "primary", N_("Send the decision"));
		html_lit(r, "</form></div>");
	}
	html_lit(r, "</section>");
}

static void
phase_select(struct req *r, const char *name, const char *id, int cur)
{
	html_lit(r, "<select class=\"ds-input\"");
	html_attrkv(r, "name", name);
	html_attrkv(r, "id", id);
	html_lit(r, ">");
	for (int i = 1; i <= PROG_PHASES; i++) {
		html_lit(r, "<option value=\"");
		html_int(r, i);
		html_lit(r, "\"");
		if (i == cur)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_int(r, i);
		html_lit(r, ". ");
		html_t(r, prog_phase_name(i));
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
}

static void
participants_section(struct req *r, const struct programme *p, struct prog_participant *pp, int n)
{
	html_lit(r, "<section id=\"participants\">");
	page_heading(r, 2, N_("Participants"));
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No municipality takes part yet.");
		html_lit(r, "</p></section>");
		return;
	}
	int64_t *orgs = arena_alloc(&r->arena, sizeof(*orgs) * (size_t)n);
	int *docs = arena_alloc(&r->arena, sizeof(int) * (size_t)n);
	int *goals = arena_alloc(&r->arena, sizeof(int) * (size_t)n);

	if (!orgs || !docs || !goals)
		return;
	for (int i = 0; i < n; i++)
		orgs[i] = pp[i].org_id;
	if (programme_progress(r->db, p->id, orgs, n, docs, goals))
		for (int i = 0; i < n; i++)
			docs[i] = goals[i] = -1;
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Participating municipalities");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Municipality");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Access for the adviser team");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Approved documents");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Competency goals reached");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Phase");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, pp[i].org_name);
		html_lit(r, "</th><td>");
		html_t(r, pp[i].consent ? N_("Granted") : N_("Not granted"));
		html_lit(r, "</td><td>");
		html_int(r, docs[i]);
		html_lit(r, " ");
		html_t(r, "of");
		html_lit(r, " 4</td><td>");
		html_int(r, goals[i]);
		html_lit(r, " ");
		html_t(r, "of");
		html_lit(r, " 3</td><td><form class=\"inline\" method=\"post\" action=\"");
		base_link(r, p->id, "/participants");
		html_lit(r, "\">");
		form_csrf(r);
		html_lit(r, "<input type=\"hidden\" name=\"org\" value=\"");
		html_int(r, pp[i].org_id);
		html_lit(r, "\"><label class=\"ds-label\" data-size=\"sm\" for=\"ph-");
		html_int(r, pp[i].org_id);
		html_lit(r, "\">");
		html_t(r, "Phase of");
		html_lit(r, " ");
		html_text(r, pp[i].org_name);
		html_lit(r, "</label> ");
		phase_select(r, "phase", arena_printf(&r->arena, "ph-%lld", (long long)pp[i].org_id),
		    pp[i].phase);
		html_lit(r, " ");
		prog_button(r, "secondary", N_("Save"));
		html_lit(r, "</form></td></tr>");
	}
	html_lit(r, "</tbody></table></section>");
}

static void
workshops_section(struct req *r, const struct programme *p, struct prog_participant *pp, int np)
{
	struct prog_workshop *w;
	int n = programme_workshops(r->db, &r->arena, p->id, &w);

	html_lit(r, "<section id=\"workshops\">");
	page_heading(r, 2, N_("Workshops"));
	for (int i = 0; i < n; i++) {
		html_lit(r, "<div class=\"ds-card workshop\"><h3 class=\"ds-heading\" data-size=\"sm\">");
		html_text(r, w[i].title);
		html_lit(r, "</h3><p class=\"ds-paragraph\">");
		prog_date(r, w[i].held_on);
		html_lit(r, ", ");
		html_t(r, w[i].online ? N_("online") : N_("on site"));
		html_lit(r, ": ");
		html_text(r, w[i].place);
		html_lit(r, "</p><p class=\"ds-paragraph prewrap\">");
		html_text(r, w[i].agenda);
		html_lit(r, "</p>");
		if (*w[i].materials) {
			html_lit(r, "<p class=\"ds-paragraph prewrap\"><strong>");
			html_t(r, "Materials");
			html_lit(r, ":</strong> ");
			html_text(r, w[i].materials);
			html_lit(r, "</p>");
		}
		if (np > 0) {
			form_open(r, p->id, "/workshops");
			html_lit(r, "<input type=\"hidden\" name=\"workshop\" value=\"");
			html_int(r, w[i].id);
			html_lit(r, "\"><fieldset class=\"ds-fieldset\"><legend class=\"ds-label\">");
			html_t(r, "Attendance");
			html_lit(r, " (");
			html_int(r, w[i].attended);
			html_lit(r, " ");
			html_t(r, "of");
			html_lit(r, " ");
			html_int(r, np);
			html_lit(r, ")</legend>");
			for (int k = 0; k < np; k++) {
				char *fid = arena_printf(&r->arena, "at-%lld-%lld", (long long)w[i].id,
				    (long long)pp[k].org_id);
				html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\""
				    " name=\"present\"");
				html_attrkv(r, "id", fid);
				html_lit(r, " value=\"");
				html_int(r, pp[k].org_id);
				html_lit(r, "\"");
				if (programme_attended(r->db, w[i].id, pp[k].org_id))
					html_lit(r, " checked");
				html_lit(r, "><label class=\"ds-label\"");
				html_attrkv(r, "for", fid);
				html_lit(r, ">");
				html_text(r, pp[k].org_name);
				html_lit(r, "</label></div>");
			}
			html_lit(r, "</fieldset>");
			prog_button(r, "secondary", N_("Save attendance"));
			html_lit(r, "</form>");
		}
		html_lit(r, "</div>");
	}
	page_heading(r, 3, N_("New workshop"));
	form_open(r, p->id, "/workshops");
	form_input(r, "title", N_("Title"), "text", NULL, NULL, 1, "off");
	form_input(r, "held_on", N_("Date (YYYY-MM-DD)"), "date", NULL, NULL, 1, "off");
	form_input(r, "place", N_("Place or online link"), "text", NULL, NULL, 0, "off");
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" name=\"online\""
	    " id=\"f-online\"><label class=\"ds-label\" for=\"f-online\">");
	html_t(r, "Online");
	html_lit(r, "</label></div>");
	textarea(r, "agenda", N_("Agenda"), NULL, 4);
	textarea(r, "materials", N_("Materials (one link or title per line)"), NULL, 3);
	prog_button(r, "secondary", N_("Add the workshop"));
	html_lit(r, "</form></section>");
}

static void
tasks_section(struct req *r, const struct programme *p, struct prog_participant *pp, int np)
{
	struct prog_task *t;
	int n = programme_tasks(r->db, &r->arena, p->id, 0, &t);

	html_lit(r, "<section id=\"tasks\">");
	page_heading(r, 2, N_("Tasks between workshops"));
	if (n > 0) {
		html_lit(r, "<table class=\"ds-table\"><caption>");
		html_t(r, "Tasks per participant");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Municipality");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Task");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Due");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Status");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<tr><td>");
			html_text(r, t[i].org_name);
			html_lit(r, "</td><td>");
			html_text(r, t[i].title);
			html_lit(r, "</td><td>");
			prog_date(r, t[i].due_on);
			html_lit(r, "</td><td>");
			html_t(r, t[i].done_at ? N_("Done") : N_("Not done"));
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (np > 0) {
		page_heading(r, 3, N_("New task"));
		form_open(r, p->id, "/tasks");
		form_input(r, "task_title", N_("Task"), "text", NULL, NULL, 1, "off");
		form_input(r, "due_on", N_("Due (YYYY-MM-DD)"), "date", NULL, NULL, 1, "off");
		html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-torg\">");
		html_t(r, "For");
		html_lit(r, "</label><select class=\"ds-input\" name=\"org\" id=\"f-torg\"><option value=\"0\">");
		html_t(r, "Every participant");
		html_lit(r, "</option>");
		for (int k = 0; k < np; k++) {
			html_lit(r, "<option value=\"");
			html_int(r, pp[k].org_id);
			html_lit(r, "\">");
			html_text(r, pp[k].org_name);
			html_lit(r, "</option>");
		}
		html_lit(r, "</select></div>");
		prog_button(r, "secondary", N_("Add the task"));
		html_lit(r, "</form>");
	}
	html_lit(r, "</section>");
}

static void
team_section(struct req *r, const struct programme *p)
{
	struct prog_adviser *a;
	int n = programme_advisers(r->db, &r->arena, r->org_id, p->id, 0, &a), others = 0;

	html_lit(r, "<section id=\"team\">");
	page_heading(r, 2, N_("Adviser team"));
	if (n < 0) {
		alert(r, "danger", N_("Something went wrong. Try again."));
		html_lit(r, "</section>");
		return;
	}
	html_lit(r, "<p class=\"ds-paragraph\" data-size=\"sm\">");
	html_t(r, "A municipality's consent gives read access to the members of the team only.");
	html_lit(r, "</p><ul class=\"ds-list\">");
	for (int i = 0; i < n; i++) {
		if (!a[i].in_team) {
			others++;
			continue;
		}
		html_lit(r, "<li>");
		html_text(r, a[i].name);
		html_lit(r, " (");
		html_text(r, a[i].email);
		html_lit(r, ") <form class=\"inline\" method=\"post\" action=\"");
		base_link(r, p->id, "/advisers");
		html_lit(r, "\">");
		form_csrf(r);
		html_lit(r, "<input type=\"hidden\" name=\"action\" value=\"remove\">"
		    "<input type=\"hidden\" name=\"user\" value=\"");
		html_int(r, a[i].user_id);
		html_lit(r, "\"><button class=\"ds-button\" data-variant=\"tertiary\" data-size=\"sm\""
		    " type=\"submit\">");
		html_t(r, "Remove from the team");
		html_lit(r, "<span class=\"ds-sr-only\">: ");
		html_text(r, a[i].name);
		html_lit(r, "</span></button></form></li>");
	}
	html_lit(r, "</ul>");
	if (others) {
		form_open(r, p->id, "/advisers");
		html_lit(r, "<input type=\"hidden\" name=\"action\" value=\"add\"><div class=\"ds-field\">"
		    "<label class=\"ds-label\" for=\"f-adviser\">");
		html_t(r, "Add a regional adviser of the network");
		html_lit(r, "</label><select class=\"ds-input\" name=\"user\" id=\"f-adviser\">");
		for (int i = 0; i < n; i++) {
			if (a[i].in_team)
				continue;
			html_lit(r, "<option value=\"");
			html_int(r, a[i].user_id);
			html_lit(r, "\">");
			html_text(r, a[i].name);
			html_lit(r, "</option>");
		}
		html_lit(r, "</select></div>");
		prog_button(r, "secondary", N_("Add to the team"));
		html_lit(r, "</form>");
	}
	html_lit(r, "</section>");
}

static void
registrations_section(struct req *r, const struct programme *p)
{
	struct prog_registration *g;
	int n = programme_registration_list(r->db, &r->arena, r->org_id, p->id, &g);

	if (n <= 0)
		return;
	html_lit(r, "<section id=\"registrations\">");
	page_heading(r, 2, N_("Registered for the information meeting"));
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Registrations for the information meeting");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Name");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "E-mail");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Municipality or organisation");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "When");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td>");
		html_text(r, g[i].name);
		html_lit(r, "</td><td>");
		html_text(r, g[i].email);
		html_lit(r, "</td><td>");
		html_text(r, g[i].organisation);
		html_lit(r, "</td><td>");
		html_time(r, g[i].at);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table></section>");
}

static void
programme_page(struct req *r, const char *notice, const char *color)
{
	struct programme p;
	struct prog_participant *pp;
	struct org o;
	int np, regs;

	if (page_load_org(r, &o) || load_prog(r, &p))
		return;
	if ((np = programme_participants(r->db, &r->arena, r->org_id, p.id, &pp)) < 0 ||
	    (regs = programme_registrations(r->db, p.id)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, p.title);
	org_nav(r, o.name, "/programmes");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, p.title);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<nav aria-label=\"");
	html_t(r, "Programme");
	html_lit(r, "\"><ul class=\"ds-list\"><li><a class=\"ds-link\" href=\"/programmes/");
	html_int(r, p.id);
	html_lit(r, "\">");
	html_t(r, "Public programme page");
	html_lit(r, "</a></li><li><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "/dashboard");
	html_lit(r, "\">");
	html_t(r, "Cohort dashboard");
	html_lit(r, "</a></li><li><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "/evaluation");
	html_lit(r, "\">");
	html_t(r, "Evaluation results");
	html_lit(r, "</a></li><li><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "/report");
	html_lit(r, "\">");
	html_t(r, "Cohort report");
	html_lit(r, "</a></li></ul></nav><dl class=\"facts\"><dt>");
	html_t(r, "Application deadline");
	html_lit(r, "</dt><dd>");
	prog_date(r, p.apply_by);
	html_lit(r, "</dd><dt>");
	html_t(r, "Registered for the information meeting");
	html_lit(r, "</dt><dd>");
	html_int(r, regs);
	html_lit(r, "</dd><dt>");
	html_t(r, "Participants");
	html_lit(r, "</dt><dd>");
	html_int(r, np);
	html_lit(r, "</dd></dl>");

	html_lit(r, "<section id=\"phases\">");
	page_heading(r, 2, N_("Phases"));
	prog_phase_table(r, &p, 1);
	page_heading(r, 3, N_("Move a phase"));
	form_open(r, p.id, "/phases");
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-phase\">");
	html_t(r, "Phase");
	html_lit(r, "</label>");
	phase_select(r, "phase", "f-phase", 1);
	html_lit(r, "</div>");
	form_input(r, "starts_on", N_("Starts (YYYY-MM-DD)"), "date", NULL, NULL, 1, "off");
	form_input(r, "ends_on", N_("Ends (YYYY-MM-DD)"), "date", NULL, NULL, 1, "off");
	textarea(r, "activities", N_("Activities (empty: keep them)"), NULL, 3);
	prog_button(r, "secondary", N_("Save the phase"));
	html_lit(r, "</form></section>");

	team_section(r, &p);
	registrations_section(r, &p);
	applications_section(r, &p);
	participants_section(r, &p, pp, np);
	workshops_section(r, &p, pp, np);
	tasks_section(r, &p, pp, np);
	layout_end(r);
}

void
page_programme(struct req *r)
{
	programme_page(r, NULL, NULL);
}

static void
refuse(struct req *r, int status, const char *msgid)
{
	r->status = status;
	programme_page(r, msgid, "danger");
}

static const struct field phase_fields[] = {
	{ "phase", F_INT, 1, 0, 1, PROG_PHASES, NULL },
	{ "starts_on", F_TEXT, 1, 10, 0, 0, NULL },
	{ "ends_on", F_TEXT, 1, 10, 0, 0, NULL },
	{ "activities", F_MULTILINE, 0, LONG_TEXT, 0, 0, NULL },
};

void
page_programme_phase(struct req *r)
{
	struct programme p;
	struct fval v[4];
	const char *acts;
	int rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, phase_fields, 4, v) || !prog_date_ok(v[1].s) || !prog_date_ok(v[2].s)) {
		refuse(r, 400, N_("Choose a phase and write both dates as YYYY-MM-DD."));
		return;
	}
	if (strcmp(v[1].s, v[2].s) > 0) {
		refuse(r, 400, N_("A phase cannot end before it starts."));
		return;
	}
	acts = v[3].s && *v[3].s ? v[3].s : p.phase[v[0].i - 1].activities;
	if (db_begin(r->db) ||
	    (rc = programme_phase_move(r->db, r->org_id, p.id, (int)v[0].i, v[1].s, v[2].s, acts,
	    r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme phase");
		return;
	}
	redirect_to(r, p.id, "#phases");
}

static const char *const decisions[] = { "accept", "decline", NULL };
static const struct field decide_fields[] = {
	{ "application", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "decision", F_ENUM, 1, 0, 0, 0, decisions },
	{ "message", F_MULTILINE, 0, LONG_TEXT, 0, 0, NULL },
};

void
page_programme_decide(struct req *r)
{
	struct programme p;
	struct fval v[3];
	int rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, decide_fields, 3, v)) {
		refuse(r, 400, N_("Choose whether to accept or decline the application."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_decide(r->db, r->org_id, p.id, v[0].i, strcmp(v[1].s, "accept") == 0,
	    v[2].s ? v[2].s : "", r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme decide");
		return;
	}
	if (rc == 1) {
		refuse(r, 409, N_("This application has already been decided, or it is not one of this programme's."));
		return;
	}
	redirect_to(r, p.id, "#applications");
}

static const struct field part_fields[] = {
	{ "org", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "phase", F_INT, 1, 0, 1, PROG_PHASES, NULL },
};

void
page_programme_participant(struct req *r)
{
	struct programme p;
	struct fval v[2];
	int rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, part_fields, 2, v)) {
		refuse(r, 400, N_("Choose a participant and a phase."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_set_phase(r->db, r->org_id, p.id, v[0].i, (int)v[1].i, r->who->user_id,
	    now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme participant");
		return;
	}
	if (rc == 1) {
		refuse(r, 404, N_("That municipality does not take part in this programme."));
		return;
	}
	redirect_to(r, p.id, "#participants");
}

static const struct field workshop_fields[] = {
	{ "workshop", F_INT, 0, 0, 1, INT64_MAX, NULL },
	{ "present", F_MULTI, 0, 0, 1, INT64_MAX, NULL },
	{ "title", F_TEXT, 0, 200, 0, 0, NULL },
	{ "held_on", F_TEXT, 0, 10, 0, 0, NULL },
	{ "place", F_TEXT, 0, 500, 0, 0, NULL },
	{ "online", F_BOOL, 0, 0, 0, 0, NULL },
	{ "agenda", F_MULTILINE, 0, LONG_TEXT, 0, 0, NULL },
	{ "materials", F_MULTILINE, 0, LONG_TEXT, 0, 0, NULL },
};

/* One address for both: with `workshop` the post records attendance,
 * without it the post creates a workshop. */
void
page_programme_workshop(struct req *r)
{
	struct programme p;
	struct fval v[8];
	int64_t rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, workshop_fields, 8, v)) {
		refuse(r, 400, N_("The workshop form has errors. Check the fields and try again."));
		return;
	}
	if (v[0].s) {
		if (db_begin(r->db) ||
		    (rc = programme_attendance_set(r->db, r->org_id, p.id, v[0].i, v[1].multi,
		    v[1].nmulti, r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
			prog_tx_fail(r, "programme attendance");
			return;
		}
		if (rc == 1) {
			refuse(r, 404, N_("There is no such workshop in this programme."));
			return;
		}
		redirect_to(r, p.id, "#workshops");
		return;
	}
	if (v[2].s == NULL || *v[2].s == '\0' || !prog_date_ok(v[3].s)) {
		refuse(r, 400, N_("A workshop needs a title and a date written as YYYY-MM-DD."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_workshop_add(r->db, r->org_id, p.id, v[2].s, v[3].s, v[4].s ? v[4].s : "",
	    (int)v[5].i, v[6].s ? v[6].s : "", v[7].s ? v[7].s : "", r->who->user_id, now_s())) <= 0 ||
	    db_commit(r->db)) {
		prog_tx_fail(r, "programme workshop");
		return;
	}
	redirect_to(r, p.id, "#workshops");
}

static const struct field task_fields[] = {
	{ "task_title", F_TEXT, 1, 300, 0, 0, NULL },
	{ "due_on", F_TEXT, 1, 10, 0, 0, NULL },
	{ "org", F_INT, 1, 0, 0, INT64_MAX, NULL },
};

void
page_programme_task(struct req *r)
{
	struct programme p;
	struct fval v[3];
	int rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, task_fields, 3, v) || !prog_date_ok(v[1].s)) {
		refuse(r, 400, N_("A task needs a title, a due date written as YYYY-MM-DD and whom it is for."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_task_add(r->db, r->org_id, p.id, v[2].i, v[0].s, v[1].s, r->who->user_id,
	    now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme task");
		return;
	}
	if (rc == 0) {
		refuse(r, 404, N_("That municipality does not take part in this programme."));
		return;
	}
	redirect_to(r, p.id, "#tasks");
}

/* ------------------------------------------------------------- dashboard */

static void
no_consent_cell(struct req *r)
{
	html_lit(r, "<td>");
	html_t(r, "no access");
	html_lit(r, "</td>");
}

static void
dashboard_table(struct req *r, const struct prog_dash_row *v, int n)
{
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\" id=\"cohort\"><caption>");
	html_t(r, "The cohort, per municipality");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Municipality");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Phase");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Access for the adviser team");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Maturity score");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Change since the previous round");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Tools assessed");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Action plan: measures done");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Overdue tasks");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Last activity");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct prog_dash_row *x = &v[i];
		/* Consent in the data and for this viewer (adviser team). */
		int ok = x->consent && authz_allows(r->who, A_MATURITY_VIEW, x->org_id, 0);
		html_lit(r, "<tr><th scope=\"row\">");
		if (ok) {
			html_lit(r, "<a class=\"ds-link\" href=\"/o/");
			html_int(r, x->org_id);
			html_lit(r, "\">");
			html_text(r, x->org_name);
			html_lit(r, "</a>");
		} else
			html_text(r, x->org_name);
		html_lit(r, "</th><td>");
		html_int(r, x->phase);
		html_lit(r, ". ");
		html_t(r, prog_phase_name(x->phase));
		html_lit(r, "</td><td>");
		html_t(r, x->consent ? N_("Granted") : N_("Not granted"));
		html_lit(r, "</td>");
		if (!ok) {
			for (int k = 0; k < 4; k++)
				no_consent_cell(r);
		} else {
			html_lit(r, "<td>");
			if (x->has_score)
				show_tenths(r, x->score, 0);
			else
				html_t(r, "no answers");
			html_lit(r, "</td><td>");
			if (x->has_change)
				show_tenths(r, x->change, 1);
			else
				html_t(r, "no comparison");
			html_lit(r, "</td><td>");
			html_int(r, x->tools_assessed);
			html_lit(r, " ");
			html_t(r, "of");
			html_lit(r, " ");
			html_int(r, x->tools);
			html_lit(r, "</td><td>");
			html_int(r, x->measures_done);
			html_lit(r, " ");
			html_t(r, "of");
			html_lit(r, " ");
			html_int(r, x->measures);
			html_lit(r, "</td>");
		}
		html_lit(r, "<td>");
		html_int(r, x->tasks_overdue);
		html_lit(r, "</td>");
		if (ok && x->last_activity) {
			html_lit(r, "<td>");
			html_time(r, x->last_activity);
			html_lit(r, "</td>");
		} else if (ok) {
			html_lit(r, "<td>–</td>");
		} else
			no_consent_cell(r);
		html_lit(r, "</tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
page_programme_dashboard(struct req *r)
{
	struct programme p;
	struct prog_dash_row *v;
	struct org o;
	int n;

	if (page_load_org(r, &o) || load_prog(r, &p))
		return;
	if ((n = programme_dashboard(r->db, &r->arena, r->org_id, p.id, now_s(), &v)) < 0) {
		log_err("programme dashboard: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Cohort dashboard"));
	org_nav(r, o.name, "/programmes");
	page_heading(r, 1, N_("Cohort dashboard"));
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "");
	html_lit(r, "\">");
	html_text(r, p.title);
	html_lit(r, "</a></p><p class=\"ds-paragraph\" data-size=\"sm\">");
	html_t(r, "A municipality's own figures are shown only when it has granted the adviser"
	    " team access. The maturity score is that of its latest round; the change is measured"
	    " against its previous closed round. A tool counts as assessed when it has an"
	    " assessment, a decision or a risk assessment marked in the inventory.");
	html_lit(r, "</p>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No municipality takes part yet.");
		html_lit(r, "</p>");
	} else
		dashboard_table(r, v, n);
	layout_end(r);
}

/* ------------------------------------------------------------ evaluation */

static void
results_sections(struct req *r, const struct programme *p, int level)
{
	const struct eval_set *s = evaluation_current();
	struct eval_result res[EVAL_MAX_Q];
	int n;

	if (s == NULL || (n = programme_eval_results(r->db, &r->arena, r->org_id, p->id, s, res)) < 0) {
		alert(r, "danger", N_("Something went wrong. Try again."));
		return;
	}
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_text(r, eval_tx(&s->title, r->lang));
	html_lit(r, " (");
	html_t(r, "version");
	html_lit(r, " ");
	html_text(r, s->version);
	html_lit(r, "): ");
	html_int(r, n);
	html_lit(r, " ");
	html_t(r, "municipalities have answered.");
	html_lit(r, "</p><table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Answers on the scale 1 (disagree) to 5 (agree)");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Question");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Answers");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Average");
	for (int k = 1; k <= 5; k++) {
		html_lit(r, "</th><th scope=\"col\">");
		html_int(r, k);
	}
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < s->nq; i++) {
		if (!s->q[i].scale)
			continue;
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, eval_tx(&s->q[i].text, r->lang));
		html_lit(r, "</th><td>");
		html_int(r, res[i].count);
		html_lit(r, "</td><td>");
		if (res[i].count)
			show_tenths(r, (double)res[i].sum / res[i].count, 0);
		else
			html_lit(r, "–");
		for (int k = 1; k <= 5; k++) {
			html_lit(r, "</td><td>");
			html_int(r, res[i].dist[k]);
		}
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	for (int i = 0; i < s->nq; i++) {
		if (s->q[i].scale)
			continue;
		if (level == 2)
			html_lit(r, "<h2 class=\"ds-heading\" data-size=\"sm\">");
		else
			html_lit(r, "<h3 class=\"ds-heading\" data-size=\"sm\">");
		html_text(r, eval_tx(&s->q[i].text, r->lang));
		if (level == 2)
			html_lit(r, "</h2>");
		else
			html_lit(r, "</h3>");
		if (res[i].ntexts == 0) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_t(r, "No answers.");
			html_lit(r, "</p>");
			continue;
		}
		html_lit(r, "<ul class=\"ds-list\">");
		for (int k = 0; k < res[i].ntexts; k++) {
			html_lit(r, "<li>");
			html_text(r, res[i].texts[k].body);
			html_lit(r, " <span class=\"ds-paragraph\" data-size=\"sm\">(");
			if (res[i].texts[k].org_name)
				html_text(r, res[i].texts[k].org_name);
			else
				html_t(r, "anonymous");
			html_lit(r, ")</span></li>");
		}
		html_lit(r, "</ul>");
	}
}

void
page_programme_results(struct req *r)
{
	struct programme p;
	struct org o;

	if (page_load_org(r, &o) || load_prog(r, &p))
		return;
	layout_begin(r, T(r, "Evaluation results"));
	org_nav(r, o.name, "/programmes");
	page_heading(r, 1, N_("Evaluation results"));
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "");
	html_lit(r, "\">");
	html_text(r, p.title);
	html_lit(r, "</a></p>");
	results_sections(r, &p, 2);
	layout_end(r);
}

/* ---------------------------------------------------------- cohort report */

void
page_programme_report(struct req *r)
{
	struct programme p;
	struct prog_dash_row *v;
	struct prog_workshop *w;
	struct org o;
	int n, nw;

	if (page_load_org(r, &o) || load_prog(r, &p))
		return;
	if ((n = programme_dashboard(r->db, &r->arena, r->org_id, p.id, now_s(), &v)) < 0 ||
	    (nw = programme_workshops(r->db, &r->arena, p.id, &w)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Cohort report"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Cohort report");
	html_lit(r, ": ");
	html_text(r, p.title);
	html_lit(r, "</h1><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	base_link(r, p.id, "/report.pdf");
	html_lit(r, "\">");
	html_t(r, "Download the report as PDF");
	html_lit(r, "</a></p><dl class=\"facts\"><dt>");
	html_t(r, "Run by");
	html_lit(r, "</dt><dd>");
	html_text(r, p.org_name);
	html_lit(r, "</dd><dt>");
	html_t(r, "Participants");
	html_lit(r, "</dt><dd>");
	html_int(r, n);
	html_lit(r, "</dd><dt>");
	html_t(r, "Workshops");
	html_lit(r, "</dt><dd>");
	html_int(r, nw);
	html_lit(r, "</dd></dl>");
	page_heading(r, 2, N_("Competency goals"));
	prog_goals_list(r);
	page_heading(r, 2, N_("Phases"));
	prog_phase_table(r, &p, 1);
	page_heading(r, 2, N_("Workshops"));
	html_lit(r, "<ul class=\"ds-list\">");
	for (int i = 0; i < nw; i++) {
		html_lit(r, "<li>");
		prog_date(r, w[i].held_on);
		html_lit(r, ": ");
		html_text(r, w[i].title);
		html_lit(r, " (");
		html_int(r, w[i].attended);
		html_lit(r, " ");
		html_t(r, "of");
		html_lit(r, " ");
		html_int(r, n);
		html_lit(r, " ");
		html_t(r, "municipalities present");
		html_lit(r, ")</li>");
	}
	html_lit(r, "</ul>");
	page_heading(r, 2, N_("Outcomes per municipality"));
	if (n > 0)
		dashboard_table(r, v, n);
	page_heading(r, 2, N_("Evaluation"));
	results_sections(r, &p, 3);
	layout_end(r);
}

static const char *const team_actions[] = { "add", "remove", NULL };
static const struct field team_fields[] = {
	{ "user", F_INT, 1, 0, 1, INT64_MAX, NULL },
	{ "action", F_ENUM, 1, 0, 0, 0, team_actions },
};

void
page_programme_advisers(struct req *r)
{
	struct programme p;
	struct fval v[2];
	int rc;

	if (load_prog(r, &p))
		return;
	if (form_read(r, team_fields, 2, v)) {
		refuse(r, 400, N_("Choose an adviser and whether to add or remove them."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = programme_adviser_set(r->db, r->org_id, p.id, v[0].i, strcmp(v[1].s, "add") == 0,
	    r->who->user_id, now_s())) < 0 || db_commit(r->db)) {
		prog_tx_fail(r, "programme adviser");
		return;
	}
	if (rc == 1) {
		refuse(r, 409, N_("Only the network's regional advisers can be in the team, and the team cannot be left empty."));
		return;
	}
	redirect_to(r, p.id, "#team");
}
