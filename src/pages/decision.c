/*
 * decision.c - the organisation's tool decisions: a list of its tools with
 * status, the assessments behind each and whether the tool is ready for
 * Feide activation; one tool's page with the decision, the exit checklist
 * and (for org admins and advisers) the form.
 *
 * The decision form lives on the tool's page rather than on a separate
 * "edit" page so the person deciding sees the assessments and what is
 * missing while choosing. Rules on values are in domain/decision.c.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "decision.h"
#include "inventory.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
#include "../domain/decision.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"

static const char *const status_keys[] = {
	"under_review", "approved", "approved_conditions", "not_approved", "phasing_out", NULL,
};

/* Form fields, in enum dec_field order, then the exit steps. */
#define NF (DF__COUNT - 1 + 4)
static const struct field dec_fields[NF] = {
	{ "status", F_ENUM, 1, 0, 0, 0, status_keys },
	{ "conditions", F_MULTILINE, 0, DECISION_MAX_TEXT + 1, 0, 0, NULL },
	{ "usage_rules", F_MULTILINE, 0, DECISION_MAX_TEXT + 1, 0, 0, NULL },
	{ "reason", F_MULTILINE, 0, DECISION_MAX_TEXT + 1, 0, 0, NULL },
	{ "ros", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "dpia", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "dba", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "exit_inform", F_BOOL, 0, 0, 0, 0, NULL },
	{ "exit_delete", F_BOOL, 0, 0, 0, 0, NULL },
	{ "exit_deactivate", F_BOOL, 0, 0, 0, 0, NULL },
	{ "exit_vendor", F_BOOL, 0, 0, 0, 0, NULL },
};
/* Anchors of the error summary, per enum dec_field. */
static const char *const anchors[DF__COUNT] = {
	"status", "conditions", "usage_rules", "reason", "ros", "dpia", "dba", "exit_inform",
};

static void
tag(struct req *r, const char *color, const char *msgid)
{
	html_lit(r, "<span class=\"ds-tag\" data-color=\"");
	html_attr(r, color);
	html_lit(r, "\">");
	html_t(r, msgid);
	html_lit(r, "</span>");
}

static void
status_tag(struct req *r, const char *status)
{
	const char *l = decision_status_label(status);

	if (l == NULL)
		tag(r, "neutral", N_("No decision"));
	else if (strcmp(status, "approved") == 0)
		tag(r, "success", l);
	else if (strcmp(status, "approved_conditions") == 0)
		tag(r, "info", l);
	else if (decision_needs_exit(status))
		tag(r, "danger", l);
	else
		tag(r, "warning", l);
}

/* An assessment behind a decision: a link with its status, or "none". */
static void
assessment_cell(struct req *r, const struct dec_assessment *a)
{
	if (a == NULL) {
		html_t(r, "None");
		return;
	}
	html_lit(r, "<a class=\"ds-link\" href=\"");
	dui_assessment_href(r, a->id);
	html_lit(r, "\">");
	html_text(r, a->title);
	html_lit(r, "</a> (");
	html_t(r, a->approved ? N_("approved version in force") : assessment_status_label(a->status));
	html_lit(r, ")");
}

static void
feide_cell(struct req *r, const struct decision *d)
{
	if (d->feide_ready)
		tag(r, "success", N_("Ready for Feide activation"));
	else
		tag(r, "neutral", N_("Not ready"));
}

static void
tool_href(struct req *r, int64_t tool)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/decisions/");
	html_int(r, tool);
}

/* ------------------------------------------------------------- the list */

void
page_decisions(struct req *r)
{
	struct decision *d;
	struct org o;
	int n;

	if (page_load_org(r, &o))
		return;
	if ((n = decision_list(r->db, &r->arena, r->org_id, &d)) < 0) {
		log_err("decisions: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Tool decisions"));
	org_nav(r, o.name, "/decisions");
	page_heading(r, 1, N_("Tool decisions"));
	page_para(r, N_("The school owner decides for each tool whether it may be used, on which conditions and with which usage rules. A tool is ready for Feide activation when its risk assessment (ROS) and data processing agreement are approved."));
	if (n == 0) {
		page_para(r, N_("The inventory has no tools yet. Add the tools your schools use to the inventory first."));
		layout_end(r);
		return;
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Decisions per tool");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Tool");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Vendor");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Decision");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Risk assessment (ROS)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Impact assessment (DPIA)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Data processing agreement");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Feide");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"");
		tool_href(r, d[i].tool_id);
		html_lit(r, "\">");
		html_text(r, d[i].tool_name);
		html_lit(r, "</a></th><td>");
		html_text(r, d[i].vendor_name);
		html_lit(r, "</td><td>");
		status_tag(r, d[i].status);
		html_lit(r, "</td><td>");
		assessment_cell(r, d[i].ros);
		html_lit(r, "</td><td>");
		assessment_cell(r, d[i].dpia);
		html_lit(r, "</td><td>");
		assessment_cell(r, d[i].dba);
		html_lit(r, "</td><td>");
		feide_cell(r, &d[i]);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	layout_end(r);
}

/* ------------------------------------------------------ one tool's page */

static void
summary_row(struct req *r, const char *label)
{
	html_lit(r, "<tr><th scope=\"row\">");
	html_t(r, label);
	html_lit(r, "</th><td>");
}

/* What still stands between the tool and Feide activation. */
static void
feide_explain(struct req *r, const struct decision *d)
{
	if (d->feide_ready) {
		alert(r, "success", N_("Ready for Feide activation: the risk assessment (ROS) and the data processing agreement are approved."));
		return;
	}
	if (decision_needs_exit(d->status))
		alert(r, "warning", N_("Not for Feide activation: the tool is not approved or is being phased out."));
	else if (!(d->ros && d->ros->approved) && !(d->dba && d->dba->approved))
		alert(r, "warning", N_("Not ready for Feide activation: an approved risk assessment (ROS) and an approved data processing agreement are missing."));
	else if (!(d->ros && d->ros->approved))
		alert(r, "warning", N_("Not ready for Feide activation: an approved risk assessment (ROS) is missing."));
	else
		alert(r, "warning", N_("Not ready for Feide activation: an approved data processing agreement is missing."));
}

static void
start_link(struct req *r, const struct decision *d, const char *kind, const char *msgid)
{
	html_lit(r, " <a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/new?kind=");
	html_urlarg(r, kind);
	html_lit(r, "&amp;tool=");
	html_int(r, d->tool_id);
	if (strcmp(kind, "dpia") == 0 && d->screening_id) {
		html_lit(r, "&amp;screening=");
		html_int(r, d->screening_id);
	}
	html_lit(r, "\">");
	html_t(r, msgid);
	html_lit(r, "</a>");
}

static void
summary(struct req *r, const struct decision *d, int edit)
{
	static const struct { const char *kind, *label, *start; } kinds[3] = {
		{ "ros", N_("Risk assessment (ROS)"), N_("Start a risk assessment") },
		{ "dpia", N_("Impact assessment (DPIA)"), N_("Start a DPIA") },
		{ "dba", N_("Data processing agreement"), N_("Register a data processing agreement") },
	};
	const struct dec_assessment *as[3] = { d->ros, d->dpia, d->dba };

	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Current decision");
	html_lit(r, "</caption><tbody>");
	summary_row(r, N_("Decision"));
	status_tag(r, d->status);
	html_lit(r, "</td></tr>");
	if (d->id) {
		summary_row(r, N_("Decided by"));
		html_text(r, d->decided_by);
		html_lit(r, ", ");
		html_time(r, d->decided_at);
		html_lit(r, "</td></tr>");
		summary_row(r, N_("Conditions"));
		html_text(r, d->conditions);
		html_lit(r, "</td></tr>");
		summary_row(r, N_("Usage rules for teachers"));
		html_text(r, d->usage_rules);
		html_lit(r, "</td></tr>");
		summary_row(r, N_("Reason"));
		html_text(r, d->reason);
		html_lit(r, "</td></tr>");
	}
	for (int k = 0; k < 3; k++) {
		summary_row(r, kinds[k].label);
		assessment_cell(r, as[k]);
		if (as[k] == NULL && edit)
			start_link(r, d, kinds[k].kind, kinds[k].start);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	feide_explain(r, d);
}

static void
exit_list(struct req *r, const struct decision *d)
{
	page_heading(r, 2, N_("Exit checklist"));
	page_para(r, N_("When a tool is not approved or is being phased out, these steps must be done."));
	html_lit(r, "<ul class=\"ds-list\">");
	for (int i = 0; i < decision_nexit; i++) {
		int done = (d->exit_steps >> i) & 1;
		html_lit(r, "<li>");
		html_t(r, decision_exit_steps[i].label);
		html_lit(r, ": ");
		tag(r, done ? "success" : "warning", done ? N_("Done") : N_("Not done"));
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul>");
}

static void
link_select(struct req *r, const char *name, const char *kind, const char *label,
    const struct dec_assessment *c, int nc, int64_t cur, const char *err)
{
	char id[24];

	dui_select_begin(r, name, label, err);
	dui_option(r, "", T(r, "None"), cur == 0);
	for (int i = 0; i < nc; i++) {
		if (strcmp(c[i].kind, kind) != 0)
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)c[i].id);
		dui_option(r, id, c[i].title, c[i].id == cur);
	}
	dui_select_end(r, err, name);
}

static void
exit_boxes(struct req *r, unsigned steps, const char *err)
{
	html_lit(r, "<fieldset class=\"ds-fieldset\"");
	if (err)
		html_lit(r, " aria-describedby=\"e-exit_inform\"");
	html_lit(r, "><legend class=\"ds-label\">");
	html_t(r, "Exit checklist (only when the tool is not approved or is being phased out)");
	html_lit(r, "</legend>");
	form_field_error(r, "exit_inform", err);
	for (int i = 0; i < decision_nexit; i++)
		inv_checkbox(r, dec_fields[DF__COUNT - 1 + i].name, decision_exit_steps[i].label,
		    (steps >> i) & 1);
	html_lit(r, "</fieldset>");
}

/* The form; in holds the values to show and err their messages. */
static void
dec_form(struct req *r, int64_t tool, const struct decision_input *in,
    const char *err[DF__COUNT], const struct dec_assessment *c, int nc)
{
	struct fval ev[DF__COUNT];

	memset(ev, 0, sizeof(ev));
	for (int i = 0; i < DF__COUNT; i++)
		ev[i].err = err[i];
	page_heading(r, 2, N_("Record the decision"));
	form_error_summary(r, anchors, ev, DF__COUNT);
	html_lit(r, "<form class=\"stack\" method=\"post\" action=\"");
	tool_href(r, tool);
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	dui_select_begin(r, "status", N_("Decision"), err[DF_STATUS]);
	for (int i = 0; i < decision_nstatuses; i++)
		dui_option(r, decision_statuses[i].key, T(r, decision_statuses[i].label),
		    in->status && strcmp(in->status, decision_statuses[i].key) == 0);
	dui_select_end(r, err[DF_STATUS], "status");
	dui_textarea(r, "conditions", N_("Conditions (for approval with conditions)"), in->conditions,
	    err[DF_CONDITIONS], 3);
	dui_textarea(r, "usage_rules", N_("Usage rules for teachers"), in->usage_rules,
	    err[DF_RULES], 3);
	dui_textarea(r, "reason", N_("Reason"), in->reason, err[DF_REASON], 3);
	link_select(r, "ros", "ros", N_("Risk assessment (ROS)"), c, nc, in->ros_id, err[DF_ROS]);
	link_select(r, "dpia", "dpia", N_("Impact assessment (DPIA)"), c, nc, in->dpia_id, err[DF_DPIA]);
	link_select(r, "dba", "dba", N_("Data processing agreement"), c, nc, in->dba_id, err[DF_DBA]);
	exit_boxes(r, in->exit_steps, err[DF_EXIT]);
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Save the decision");
	html_lit(r, "</button></form>");
}

/* Renders the tool's page; in/err are the submitted values on a failed
 * save, NULL to show the stored decision. */
static void
tool_page(struct req *r, const struct decision_input *in, const char *err[DF__COUNT],
    const char *notice)
{
	int64_t tool = param_id(r, "tool");
	const char *noerr[DF__COUNT] = { 0 };
	struct dec_assessment *c;
	struct decision d;
	struct decision_input cur;
	struct org o;
	int nc, rc, edit = authz_allows(r->who, A_DECISION_EDIT, r->org_id, 0);

	if (page_load_org(r, &o))
		return;
	if (tool == 0 || (rc = decision_get(r->db, &r->arena, r->org_id, tool, &d, &c, &nc)) == 0) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	if (rc < 0) {
		log_err("decision: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, d.tool_name);
	org_nav(r, o.name, "/decisions");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, d.tool_name);
	html_lit(r, "</h1>");
	if (*d.vendor_name) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Vendor");
		html_lit(r, ": ");
		html_text(r, d.vendor_name);
		html_lit(r, "</p>");
	}
	if (notice)
		alert(r, "success", notice);
	summary(r, &d, edit);
	if (decision_needs_exit(d.status))
		exit_list(r, &d);
	if (edit) {
		if (in == NULL) {
			cur = (struct decision_input){ *d.status ? d.status : "under_review", d.conditions,
				d.usage_rules, d.reason, d.ros_id, d.dpia_id, d.dba_id, d.exit_steps };
			in = &cur;
			err = noerr;
		}
		dec_form(r, tool, in, err, c, nc);
	}
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/decisions\">");
	html_t(r, "All tool decisions");
	html_lit(r, "</a></p>");
	layout_end(r);
}

void
page_decision(struct req *r)
{
	static const struct field f[] = { { "saved", F_BOOL, 0, 0, 0, 0, NULL } };
	struct fval v[1];

	if (form_read(r, f, 1, v))
		v[0].i = 0;
	tool_page(r, NULL, NULL, v[0].i ? N_("The decision is saved.") : NULL);
}

void
page_decision_post(struct req *r)
{
	int64_t tool = param_id(r, "tool");
	struct fval v[NF];
	struct decision_input in;
	const char *err[DF__COUNT] = { 0 };
	int rc = 0;
	char loc[96];

	if (tool == 0) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	form_read(r, dec_fields, NF, v);
	in = (struct decision_input){ v[DF_STATUS].s, v[DF_CONDITIONS].s ? v[DF_CONDITIONS].s : "",
		v[DF_RULES].s ? v[DF_RULES].s : "", v[DF_REASON].s ? v[DF_REASON].s : "",
		v[DF_ROS].s ? v[DF_ROS].i : 0, v[DF_DPIA].s ? v[DF_DPIA].i : 0,
		v[DF_DBA].s ? v[DF_DBA].i : 0, 0 };
	for (int i = 0; i < decision_nexit; i++)
		if (v[DF__COUNT - 1 + i].i)
			in.exit_steps |= 1u << i;
	/* Form-level errors (a field sent twice, a bad number) first, at
	 * their fields; the domain's rules only on a well-formed form. */
	for (int i = 0; i < NF; i++)
		if (v[i].err) {
			err[i < DF__COUNT - 1 ? i : DF_EXIT] = v[i].err;
			rc = 1;
		}
	if (rc == 0 && (rc = decision_save(r->db, &r->arena, r->org_id, tool, &in, err,
	    r->who->user_id, now_s())) < 0) {
		log_err("decision save: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc > 0) {
		r->status = 400;
		tool_page(r, &in, err, NULL);
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/decisions/%lld?saved=1", (long long)r->org_id,
	    (long long)tool);
	req_redirect(r, arena_strdup(&r->arena, loc));
}
