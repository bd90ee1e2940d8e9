/*
 * plan_report.c - the status report for the kommunedirektør: an HTML view
 * meant for printing, the same report as PDF (cairo + pango), and the org
 * admin's sign-off with the list of stored sign-offs.
 *
 * Both views call report_load, so they show the same figures. The PDF
 * route is RF_SLOW: it is drawn on a worker thread (like password hashing),
 * because it costs ~30 ms of CPU and the first one a thread draws also loads
 * fontconfig (~250 ms), which must not stall the pages served beside it.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "plan.h"
#include "plan_ui.h"
#include "maturity.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/report.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../pdf/report_pdf.h"
#include "../core/log.h"
#include "../core/buf.h"

static int
load(struct req *r, struct report *rep)
{
	int rc = report_load(r->db, &r->arena, r->org_id, now_s(), rep);

	if (rc == 1)
		page_error(r, 404, "There is no page at this address.");
	else if (rc < 0) {
		log_err("report: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
	}
	return rc;
}

static void
row_int(struct req *r, const char *label, int64_t v)
{
	html_lit(r, "<tr><th scope=\"row\">");
	html_t(r, label);
	html_lit(r, "</th><td>");
	html_int(r, v);
	html_lit(r, "</td></tr>");
}

static void
coverage(struct req *r, const struct report *rep)
{
	static const char *const cols[] = { N_("Assessment"), N_("Tools in use covered"),
		N_("Approved"), N_("All") };
	static const char *const kinds[] = { "ROS", "DPIA", "DBA" };
	const int64_t cov[3] = { rep->cov.ros, rep->cov.dpia, rep->cov.dba };

	plan_h2(r, N_("Assessment coverage"));
	plan_table_start(r, N_("Assessment coverage"), 1, cols, 4);
	for (int i = 0; i < 3; i++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, kinds[i]);
		html_lit(r, "</th><td>");
		html_int(r, cov[i]);
		html_lit(r, " / ");
		html_int(r, rep->cov.tools);
		html_lit(r, "</td><td>");
		html_int(r, rep->assess_approved[i]);
		html_lit(r, "</td><td>");
		html_int(r, rep->assess_total[i]);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	plan_h2(r, N_("Tool decisions"));
	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_t(r, "Tool decisions");
	html_lit(r, "</caption><tbody>");
	for (int i = 0; i < REPORT_NDECISIONS; i++)
		row_int(r, report_decision_labels[i], rep->decisions[i]);
	html_lit(r, "</tbody></table>");
}

static void
risks(struct req *r, const struct report *rep)
{
	static const char *const cols[] = { N_("Risk"), N_("Assessment"), N_("Score"), N_("Residual") };

	plan_h2(r, N_("Top residual risks"));
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "Risks with high residual risk");
	html_lit(r, ": ");
	html_int(r, rep->high_risks);
	html_lit(r, "</p>");
	if (rep->nrisks == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No risks have been assessed yet.");
		html_lit(r, "</p>");
		return;
	}
	plan_table_start(r, N_("Top residual risks"), 1, cols, 4);
	for (int i = 0; i < rep->nrisks; i++) {
		const struct report_risk *k = &rep->risks[i];
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/assessments/");
		html_int(r, k->assessment_id);
		html_lit(r, "/items/");
		html_urlarg(r, k->uid);
		html_lit(r, "\">");
		html_text(r, *k->title ? k->title : k->uid);
		html_lit(r, "</a></th><td>");
		html_text(r, k->assessment);
		html_lit(r, "</td><td>");
		html_int(r, k->score);
		html_lit(r, "</td><td>");
		html_int(r, k->residual);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
plan_part(struct req *r, const struct report *rep)
{
	static const char *const cols[] = { N_("Measure"), N_("Owner"), N_("Due"), N_("Status") };
	const struct plan_progress *p = &rep->progress;

	plan_h2(r, N_("Action plan progress"));
	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_t(r, "Action plan progress");
	html_lit(r, "</caption><tbody>");
	row_int(r, N_("Measures"), p->total);
	row_int(r, N_("Done"), p->done);
	row_int(r, N_("In progress"), p->in_progress);
	row_int(r, N_("Not started"), p->not_started);
	row_int(r, N_("Postponed"), p->postponed);
	row_int(r, N_("Overdue"), p->overdue);
	row_int(r, N_("Share done (postponed not counted)"), p->percent_done);
	html_lit(r, "</tbody></table>");
	plan_h2(r, N_("Overdue measures"));
	if (rep->noverdue == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No measures are overdue.");
		html_lit(r, "</p>");
		return;
	}
	plan_table_start(r, N_("Overdue measures"), 1, cols, 4);
	for (int i = 0; i < rep->noverdue; i++) {
		const struct measure *m = &rep->overdue[i];
		plan_row_start(r, m);
		html_lit(r, "<td>");
		html_text(r, m->owner);
		html_lit(r, "</td><td>");
		html_text(r, m->due_date);
		html_lit(r, "</td><td>");
		html_t(r, plan_status_label(m->status));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
priorities(struct req *r, const struct report *rep)
{
	static const char *const cols[] = { N_("Priority"), N_("Score"), N_("Why") };

	plan_h2(r, N_("Top priorities"));
	if (rep->ntop == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Nothing to prioritise yet.");
		html_lit(r, "</p>");
		return;
	}
	plan_table_start(r, N_("Top priorities"), 1, cols, 3);
	for (int i = 0; i < rep->ntop; i++) {
		const struct prio_row *p = &rep->top[i];
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, p->title);
		html_lit(r, "</th><td>");
		html_int(r, p->score);
		html_lit(r, "</td><td><ul class=\"ds-list\">");
		for (int k = 0; k < p->nreasons; k++) {
			html_lit(r, "<li>");
			plan_reason(r, &p->reason[k]);
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul></td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
signoffs(struct req *r, const struct report *rep, const char *err)
{
	static const char *const cols[] = { N_("Report date"), N_("Signed off by"), N_("Signed"),
		N_("Comment") };

	plan_h2(r, N_("Sign-offs"));
	if (rep->nsignoffs == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The report has not been signed off yet.");
		html_lit(r, "</p>");
	} else {
		plan_table_start(r, N_("Sign-offs"), 1, cols, 4);
		for (int i = 0; i < rep->nsignoffs; i++) {
			const struct report_signoff *s = &rep->signoffs[i];
			html_lit(r, "<tr><th scope=\"row\">");
			html_text(r, s->date);
			html_lit(r, "</th><td>");
			html_text(r, s->by);
			html_lit(r, "</td><td>");
			html_time(r, s->signed_at);
			html_lit(r, "</td><td>");
			html_text(r, s->comment);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (!authz_allows(r->who, A_REPORT_SIGN, r->org_id, 0))
		return;
	html_lit(r, "<form class=\"no-print\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/report/sign\" novalidate>");
	form_csrf(r);
	plan_textarea(r, "comment", N_("Comment with the sign-off (optional)"), NULL, err, 0);
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-confirm\" name=\"confirm\" value=\"on\"><label class=\"ds-label\" for=\"f-confirm\">");
	html_t(r, "I have read the report and sign it off on behalf of the school owner");
	html_lit(r, "</label></div>");
	html_lit(r, "<button class=\"ds-button\" type=\"submit\">");
	html_t(r, "Sign off the report as of today");
	html_lit(r, "</button></form>");
}

static void
report_page(struct req *r, const struct report *rep, const char *notice, const char *color,
    const char *err)
{
	layout_begin(r, T(r, "Status report"));
	org_nav(r, rep->org.name, "/plan");
	plan_subnav(r, "report");
	html_lit(r, "<article class=\"report\"><h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Status report");
	html_lit(r, " – ");
	html_text(r, rep->org.name);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "Privacy and information security in the schools");
	html_lit(r, ". ");
	html_t(r, "Date");
	html_lit(r, ": ");
	html_text(r, rep->date);
	html_lit(r, "</p><p class=\"ds-paragraph no-print\">");
	plan_link(r, "/report.pdf", N_("Download the report as PDF"));
	html_lit(r, " · ");
	html_t(r, "To print this page, use your browser's print command.");
	html_lit(r, "</p>");
	plan_h2(r, N_("Maturity"));
	if (rep->has_maturity)
		maturity_figure(r, rep->set, &rep->score, NULL, NULL, NULL, NULL, "report-radar", 0, NULL);
	else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No maturity round has been started yet.");
		html_lit(r, "</p>");
	}
	coverage(r, rep);
	risks(r, rep);
	plan_part(r, rep);
	priorities(r, rep);
	signoffs(r, rep, err);
	html_lit(r, "</article>");
	layout_end(r);
}

void
page_report(struct req *r)
{
	static const char *const flags[] = { "1", NULL };
	static const struct field f[] = { { "signed", F_ENUM, 0, 2, 0, 0, flags } };
	struct fval v[1];
	struct report rep;

	if (form_read(r, f, 1, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return;
	}
	if (load(r, &rep))
		return;
	report_page(r, &rep, v[0].s ? N_("The report has been signed off.") : NULL, "success", NULL);
}

void
page_report_pdf(struct req *r)
{
	struct report rep;
	struct buf pdf;
	char *name;

	if (load(r, &rep))
		return;
	/* Drawn into a buffer of its own, so a failure leaves r->out clean for
	 * the error page. */
	buf_init(&pdf, 32u << 20, &r->arena);
	if (report_pdf(&pdf, &r->arena, &rep, r->lang, now_s())) {
		log_err("report pdf failed");
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	buf_put(&r->out, pdf.p, pdf.len);
	r->ctype = "application/pdf";
	name = arena_printf(&r->arena, "attachment; filename=\"statusrapport-%lld-%s.pdf\"",
	    (long long)r->org_id, rep.date);
	req_add_header(r, "Content-Disposition", name);
	req_add_header(r, "Cache-Control", "no-store");
}

void
page_report_sign(struct req *r)
{
	static const struct field f[] = {
		{ "comment", F_MULTILINE, 0, REPORT_COMMENT_MAX, 0, 0, NULL },
		{ "confirm", F_BOOL, 0, 0, 0, 0, NULL },
	};
	struct fval v[2];
	struct report rep;
	char loc[96];

	if (load(r, &rep))
		return;
	/* Signing is a statement, so it takes an explicit confirmation. */
	if (form_read(r, f, 2, v) || !v[1].i) {
		r->status = 400;
		report_page(r, &rep, v[0].err ? N_("The comment could not be read. Nothing was signed.") :
		    N_("Confirm that you have read the report. Nothing was signed."), "danger", v[0].err);
		return;
	}
	if (db_begin(r->db) || report_sign(r->db, &rep, v[0].s, r->who->user_id, now_s()) < 0 ||
	    db_commit(r->db)) {
		plan_tx_failed(r, "report sign");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/report?signed=1", (long long)r->org_id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}
