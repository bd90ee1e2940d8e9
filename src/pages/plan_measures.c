/*
 * plan_measures.c - the action plan (tiltaksplan): the list with its views
 * (all, by owner, overdue, by source) and progress, a new measure (from a
 * risk, a screening to-do, a low maturity answer, a priority row, or free),
 * one measure with its edit form and comments.
 *
 * A new measure's source comes in the query (a link from the priority list
 * or from the lists on the new-measure page) and travels in hidden fields;
 * the server checks on create that the source belongs to the organisation,
 * so a forged field can only be refused, never link to another tenant.
 * Finishing a measure that came from a risk shows a notice linking to that
 * risk's edit page, where the residual values are updated (issue 4).
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "plan.h"
#include "programme.h"
#include "plan_ui.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/dashboard.h"
#include "../domain/maturity.h"
#include "../domain/org.h"
#include "../domain/plan.h"
#include "../domain/priority.h"
#include "../domain/report.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define NEW_MAX_SOURCES 20	/* per kind of source on the new-measure page */

static const char *const prio_keys[] = { "1", "2", "3", NULL };
static const char *const prio_labels[] = { N_("High"), N_("Medium"), N_("Low") };
static const char *const goal_keys[] = { "0", "1", "2", "3", NULL };
static const char *const goal_labels[] = { N_("None"), N_("1: Map (kartlegge)"),
	N_("2: Prioritise"), N_("3: Carry out and follow up ROS, DPIA and DBA") };
static const char *const status_labels[] = { N_("Not started"), N_("In progress"), N_("Done"),
	N_("Postponed") };
static const char *const effort_labels[] = { N_("Small"), N_("Medium"), N_("Large") };
static const char *const view_keys[] = { "all", "owner", "overdue", "source", NULL };
static const char *const view_labels[] = { N_("All"), N_("By owner"), N_("Overdue"), N_("By source") };

/* The editable fields, in the order of enum plan_field. */
static const struct field edit_fields[PF__COUNT] = {
	{ "title", F_TEXT, 1, PLAN_TITLE_MAX, 0, 0, NULL },
	{ "description", F_MULTILINE, 0, PLAN_TEXT_MAX, 0, 0, NULL },
	{ "owner", F_TEXT, 0, PLAN_OWNER_MAX, 0, 0, NULL },
	{ "due_date", F_TEXT, 0, 20, 0, 0, NULL },
	{ "priority", F_ENUM, 1, 2, 0, 0, prio_keys },
	{ "status", F_ENUM, 1, 20, 0, 0, plan_statuses },
	{ "effort", F_ENUM, 1, 20, 0, 0, plan_efforts },
	{ "goal", F_ENUM, 0, 2, 0, 0, goal_keys },
};
static const char *const edit_names[PF__COUNT] = { "title", "description", "owner", "due_date",
	"priority", "status", "effort", "goal" };

enum { SF_SOURCE, SF_ASSESSMENT, SF_ITEM, SF_TODO, SF_ROUND, SF_QUESTION, SF_TOOL, SF__COUNT };
static const struct field source_fields[SF__COUNT] = {
	{ "source", F_ENUM, 0, 20, 0, 0, plan_sources },
	{ "assessment", F_INT, 0, 20, 0, INT64_MAX, NULL },
	{ "item", F_TEXT, 0, 200, 0, 0, NULL },
	{ "todo", F_INT, 0, 20, 0, INT64_MAX, NULL },
	{ "round", F_INT, 0, 20, 0, INT64_MAX, NULL },
	{ "question", F_TEXT, 0, 300, 0, 0, NULL },
	{ "tool", F_INT, 0, 20, 0, INT64_MAX, NULL },
};

static void
today_of(char out[11])
{
	priority_today(now_s(), out);
}

static const char *
int_str(struct req *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
}

/* The question text of a maturity-sourced measure, else its URN. */
static const char *
origin_text(const struct measure *m, const char *lang)
{
	if (strcmp(m->source, "maturity") == 0) {
		const struct mat_set *s = maturity_find(m->set_urn, m->set_version);
		int qi = s ? maturity_question_index(s, m->question_urn) : -1;
		if (qi >= 0)
			return mat_tx(&s->q[qi].text, lang);
	}
	return m->origin;
}

/* "Risk: <title>" with a link back to where the measure came from. */
static void
origin_link(struct req *r, const struct measure *m)
{
	const char *src = m->source;

	html_t(r, plan_source_label(src));
	if (strcmp(src, "free") == 0)
		return;
	html_lit(r, ": <a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	if (strcmp(src, "risk") == 0) {
		html_lit(r, "/assessments/");
		html_int(r, m->assessment_id);
		html_lit(r, "/items/");
		html_urlarg(r, m->item_uid);
	} else if (strcmp(src, "todo") == 0) {
		html_lit(r, "/inventory");
	} else if (strcmp(src, "maturity") == 0) {
		html_lit(r, "/maturity/rounds/");
		html_int(r, m->round_id);
	} else {
		html_lit(r, "/priorities");
	}
	html_lit(r, "\">");
	html_text(r, *origin_text(m, r->lang) ? origin_text(m, r->lang) : "–");
	html_lit(r, "</a>");
}

static void
status_tag(struct req *r, const struct measure *m, const char *today)
{
	int od = plan_overdue(m, today);

	html_lit(r, "<span class=\"ds-tag\" data-color=\"");
	html_attr(r, strcmp(m->status, "done") == 0 ? "success" : od ? "danger" : "neutral");
	html_lit(r, "\">");
	html_t(r, plan_status_label(m->status));
	if (od) {
		html_lit(r, " – ");
		html_t(r, "overdue");
	}
	html_lit(r, "</span>");
}

/* One table of measures: v[idx[0..n)]. */
static void
measure_table(struct req *r, const char *caption, int caption_is_msgid, const struct measure *v,
    const int *idx, int n, const char *today)
{
	static const char *const cols[] = { N_("Measure"), N_("Owner"), N_("Due"), N_("Priority"),
		N_("Status"), N_("Source") };

	plan_table_start(r, caption, caption_is_msgid, cols, 6);
	for (int k = 0; k < n; k++) {
		const struct measure *m = &v[idx[k]];

		plan_row_start(r, m);
		html_lit(r, "<td>");
		html_text(r, *m->owner ? m->owner : "–");
		html_lit(r, "</td><td>");
		html_text(r, *m->due_date ? m->due_date : "–");
		html_lit(r, "</td><td>");
		html_t(r, prio_labels[m->priority >= 1 && m->priority <= 3 ? m->priority - 1 : 1]);
		html_lit(r, "</td><td>");
		status_tag(r, m, today);
		html_lit(r, "</td><td>");
		origin_link(r, m);
		html_lit(r, "</td></tr>");
	}
	if (n == 0) {
		html_lit(r, "<tr><td colspan=\"6\">");
		html_t(r, "No measures.");
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
progress_box(struct req *r, const struct plan_progress *p)
{
	static const char *const labels[] = { N_("Measures"), N_("Done"), N_("In progress"),
		N_("Not started"), N_("Postponed"), N_("Overdue") };
	int64_t vals[] = { p->total, p->done, p->in_progress, p->not_started, p->postponed, p->overdue };

	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_t(r, "Progress");
	html_lit(r, "</caption><tbody>");
	for (int i = 0; i < 6; i++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_t(r, labels[i]);
		html_lit(r, "</th><td>");
		html_int(r, vals[i]);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "<tr><th scope=\"row\">");
	html_t(r, "Share done (postponed not counted)");
	html_lit(r, "</th><td>");
	html_int(r, p->percent_done);
	html_lit(r, " %</td></tr></tbody></table>");
}

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Groups of idx by a key (owner or source), in key order; one table each. */
static void
grouped(struct req *r, const struct measure *v, int n, int by_owner, const char *today)
{
	int *idx = arena_alloc(&r->arena, sizeof(int) * (size_t)(n + 1));
	int *grp = arena_alloc(&r->arena, sizeof(int) * (size_t)(n + 1));

	if (idx == NULL || grp == NULL)
		return;
	for (int i = 0; i < n; i++)
		idx[i] = i;
	/* Insertion sort by key keeps the plan order within a group (stable). */
	for (int i = 1; i < n; i++) {
		int x = idx[i], j = i - 1;
		const char *kx = by_owner ? v[x].owner : v[x].source;
		while (j >= 0 && cmp_str(by_owner ? v[idx[j]].owner : v[idx[j]].source, kx) > 0) {
			idx[j + 1] = idx[j];
			j--;
		}
		idx[j + 1] = x;
	}
	for (int i = 0; i < n; ) {
		const char *k = by_owner ? v[idx[i]].owner : v[idx[i]].source;
		int g = 0;

		while (i < n && cmp_str(by_owner ? v[idx[i]].owner : v[idx[i]].source, k) == 0)
			grp[g++] = idx[i++];
		if (by_owner)
			measure_table(r, *k ? k : T(r, "No owner"), 0, v, grp, g, today);
		else
			measure_table(r, plan_source_label(k), 1, v, grp, g, today);
	}
	if (n == 0)
		measure_table(r, N_("Measures"), 1, v, idx, 0, today);
}

void
page_plan(struct req *r)
{
	static const struct field f[] = {
		{ "view", F_ENUM, 0, 20, 0, 0, view_keys },
	};
	struct fval fv[1];
	struct org o;
	struct measure *v;
	struct plan_progress p;
	const char *view;
	char today[11];
	int n, *idx, k = 0;

	if (form_read(r, f, 1, fv)) {
		page_error(r, 400, "The address has malformed parameters.");
		return;
	}
	view = fv[0].s ? fv[0].s : "all";
	if (page_load_org(r, &o))
		return;
	today_of(today);
	if ((n = plan_list(r->db, &r->arena, r->org_id, &v)) < 0 ||
	    (idx = arena_alloc(&r->arena, sizeof(int) * (size_t)(n + 1))) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	plan_progress_of(v, n, today, &p);
	layout_begin(r, T(r, "Action plan"));
	org_nav(r, o.name, "/plan");
	plan_subnav(r, "plan");
	plan_h1(r, N_("Action plan"));
	html_lit(r, "<p class=\"ds-paragraph\">");
	if (authz_allows(r->who, A_PLAN_EDIT, r->org_id, 0)) {
		plan_link(r, "/plan/new", N_("New measure"));
		html_lit(r, " · ");
	}
	plan_link(r, "/plan/export.csv", N_("Download as CSV"));
	html_lit(r, " · ");
	plan_link(r, "/plan/export.xlsx", N_("Download as Excel (XLSX)"));
	html_lit(r, " · ");
	plan_link(r, "/exports/inventory.xlsx", N_("Tools in use as Excel (XLSX)"));
	html_lit(r, "</p>");
	progress_box(r, &p);
	html_lit(r, "<nav aria-label=\"");
	html_t(r, "Views of the plan");
	html_lit(r, "\"><ul class=\"ds-list plan-views\">");
	for (int i = 0; view_keys[i]; i++) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/plan?view=");
		html_urlarg(r, view_keys[i]);
		html_lit(r, "\"");
		if (strcmp(view, view_keys[i]) == 0)
			html_lit(r, " aria-current=\"page\"");
		html_lit(r, ">");
		html_t(r, view_labels[i]);
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul></nav>");
	if (strcmp(view, "owner") == 0 || strcmp(view, "source") == 0) {
		grouped(r, v, n, strcmp(view, "owner") == 0, today);
	} else {
		int overdue = strcmp(view, "overdue") == 0;
		for (int i = 0; i < n; i++)
			if (!overdue || plan_overdue(&v[i], today))
				idx[k++] = i;
		measure_table(r, overdue ? N_("Overdue measures") : N_("All measures"), 1, v, idx, k, today);
	}
	/* Issue 7: the programme adviser team's comments on the plan. */
	programme_comments_block(r, "plan", r->org_id,
	    arena_printf(&r->arena, "/o/%lld/advice/plan", (long long)r->org_id));
	layout_end(r);
}

/* ------------------------------------------------------------- the form */

static void
measure_fields(struct req *r, const struct measure *m, const char *err[PF__COUNT])
{
	char g[4];

	snprintf(g, sizeof(g), "%d", m->goal);
	form_input(r, "title", N_("Title"), "text", m->title, err[PF_TITLE], 1, "off");
	plan_textarea(r, "description", N_("Description"), m->description, err[PF_DESC], 0);
	form_input(r, "owner", N_("Owner (person or role)"), "text", m->owner, err[PF_OWNER], 0, "off");
	form_input(r, "due_date", N_("Due date (YYYY-MM-DD)"), "date", m->due_date, err[PF_DUE], 0, "off");
	plan_select(r, "priority", N_("Priority"), prio_keys, prio_labels,
	    prio_keys[m->priority >= 1 && m->priority <= 3 ? m->priority - 1 : 1], err[PF_PRIORITY]);
	plan_select(r, "status", N_("Status"), plan_statuses, status_labels, m->status, err[PF_STATUS]);
	plan_select(r, "effort", N_("Effort"), plan_efforts, effort_labels, m->effort, err[PF_EFFORT]);
	plan_select(r, "goal", N_("Competency goal"), goal_keys, goal_labels, g, err[PF_GOAL]);
}

static void
error_summary(struct req *r, const char *err[PF__COUNT])
{
	struct fval v[PF__COUNT];

	memset(v, 0, sizeof(v));
	for (int i = 0; i < PF__COUNT; i++)
		v[i].err = err[i];
	form_error_summary(r, edit_names, v, PF__COUNT);
}

/* Reads the editable fields into m; form errors and domain errors merge
 * into err. Returns the error count. */
static int
read_measure_form(struct req *r, struct measure *m, const char *err[PF__COUNT])
{
	struct fval v[PF__COUNT];
	const char *dom[PF__COUNT];
	int bad = form_read(r, edit_fields, PF__COUNT, v), n = 0;

	m->title = v[PF_TITLE].s ? v[PF_TITLE].s : "";
	m->description = v[PF_DESC].s ? v[PF_DESC].s : "";
	m->owner = v[PF_OWNER].s ? v[PF_OWNER].s : "";
	m->due_date = v[PF_DUE].s ? v[PF_DUE].s : "";
	m->priority = v[PF_PRIORITY].s ? v[PF_PRIORITY].s[0] - '0' : 2;
	m->status = v[PF_STATUS].s ? v[PF_STATUS].s : "not_started";
	m->effort = v[PF_EFFORT].s ? v[PF_EFFORT].s : "medium";
	m->goal = v[PF_GOAL].s ? v[PF_GOAL].s[0] - '0' : 0;
	plan_check(&r->arena, m, dom);
	for (int i = 0; i < PF__COUNT; i++) {
		err[i] = bad && v[i].err ? v[i].err : dom[i];
		n += err[i] != NULL;
	}
	return n;
}

/* Closes a source list, saying so when it had nothing. */
static void
list_end(struct req *r, int n)
{
	if (n == 0) {
		html_lit(r, "<li>");
		html_t(r, "None.");
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul>");
}

/* Sources to start from: high residual risks, open to-dos, low maturity
 * answers (each list capped). */
static void
source_lists(struct req *r)
{
	struct report rep;
	struct dash_todo *todos;
	struct prio_row *rows;
	int64_t open;
	char today[11];
	int nt, np, nm = 0;

	memset(&rep, 0, sizeof(rep));
	today_of(today);
	if (report_risks(r->db, &r->arena, r->org_id, &rep) ||
	    (nt = dash_todos(r->db, &r->arena, r->org_id, NEW_MAX_SOURCES, &todos, &open)) < 0 ||
	    (np = priority_load(r->db, &r->arena, r->org_id, today, &rows)) < 0) {
		log_err("plan sources: %s", db_errmsg(r->db));
		return;
	}
	plan_h2(r, N_("Or start from a risk, a to-do or a maturity answer"));
	html_lit(r, "<h3 class=\"ds-heading\" data-size=\"xs\">");
	html_t(r, "Risks, highest residual risk first");
	html_lit(r, "</h3><ul class=\"ds-list\">");
	for (int i = 0; i < rep.nallrisks && i < NEW_MAX_SOURCES; i++) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/plan/new?source=risk&amp;assessment=");
		html_int(r, rep.risks[i].assessment_id);
		html_lit(r, "&amp;item=");
		html_urlarg(r, rep.risks[i].uid);
		html_lit(r, "\">");
		html_text(r, *rep.risks[i].title ? rep.risks[i].title : rep.risks[i].uid);
		html_lit(r, "</a> (");
		html_text(r, rep.risks[i].assessment);
		html_lit(r, "; ");
		html_t(r, "residual");
		html_lit(r, " ");
		html_int(r, rep.risks[i].residual);
		html_lit(r, ")</li>");
	}
	list_end(r, rep.nallrisks);
	html_lit(r, "<h3 class=\"ds-heading\" data-size=\"xs\">");
	html_t(r, "Open screening to-dos");
	html_lit(r, "</h3><ul class=\"ds-list\">");
	for (int i = 0; i < nt; i++) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/plan/new?source=todo&amp;todo=");
		html_int(r, todos[i].id);
		html_lit(r, "\">");
		html_text(r, todos[i].title);
		html_lit(r, "</a></li>");
	}
	list_end(r, nt);
	html_lit(r, "<h3 class=\"ds-heading\" data-size=\"xs\">");
	html_t(r, "Low maturity answers");
	html_lit(r, "</h3><ul class=\"ds-list\">");
	for (int i = 0; i < np; i++)
		if (rows[i].kind == PRIO_MATURITY) {
			html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
			html_int(r, r->org_id);
			html_lit(r, "/plan/new?source=maturity&amp;round=");
			html_int(r, rows[i].round_id);
			html_lit(r, "&amp;question=");
			html_urlarg(r, rows[i].question_urn);
			html_lit(r, "\">");
			html_text(r, rows[i].title);
			html_lit(r, "</a></li>");
			nm++;
		}
	list_end(r, nm);
}

static void
new_page(struct req *r, const struct org *o, const struct measure *m, const char *err[PF__COUNT],
    const char *notice)
{
	layout_begin(r, T(r, "New measure"));
	org_nav(r, o->name, "/plan");
	plan_subnav(r, "plan");
	plan_h1(r, N_("New measure"));
	if (notice)
		alert(r, "danger", notice);
	error_summary(r, err);
	if (strcmp(m->source, "free") != 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Comes from");
		html_lit(r, " ");
		origin_link(r, m);
		html_lit(r, "</p>");
	}
	html_lit(r, "<form method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/plan/new\" novalidate>");
	form_csrf(r);
	plan_hidden(r, "source", m->source);
	if (m->assessment_id)
		plan_hidden(r, "assessment", int_str(r, m->assessment_id));
	if (*m->item_uid)
		plan_hidden(r, "item", m->item_uid);
	if (m->todo_id)
		plan_hidden(r, "todo", int_str(r, m->todo_id));
	if (m->round_id)
		plan_hidden(r, "round", int_str(r, m->round_id));
	if (*m->question_urn)
		plan_hidden(r, "question", m->question_urn);
	if (m->tool_id)
		plan_hidden(r, "tool", int_str(r, m->tool_id));
	measure_fields(r, m, err);
	html_lit(r, "<button class=\"ds-button\" type=\"submit\">");
	html_t(r, "Create the measure");
	html_lit(r, "</button></form>");
	if (strcmp(m->source, "free") == 0)
		source_lists(r);
	layout_end(r);
}

/* Reads the source fields (query or form) into m. -1 on malformed input. */
static int
read_source(struct req *r, struct measure *m)
{
	struct fval v[SF__COUNT];

	if (form_read(r, source_fields, SF__COUNT, v))
		return -1;
	m->source = v[SF_SOURCE].s ? v[SF_SOURCE].s : "free";
	m->assessment_id = v[SF_ASSESSMENT].s ? v[SF_ASSESSMENT].i : 0;
	m->item_uid = v[SF_ITEM].s ? v[SF_ITEM].s : "";
	m->todo_id = v[SF_TODO].s ? v[SF_TODO].i : 0;
	m->round_id = v[SF_ROUND].s ? v[SF_ROUND].i : 0;
	m->question_urn = v[SF_QUESTION].s ? v[SF_QUESTION].s : "";
	m->tool_id = v[SF_TOOL].s ? v[SF_TOOL].i : 0;
	m->set_urn = m->set_version = "";
	return 0;
}

/* Fills the origin text of a new measure's source (for the page). */
static void
fill_origin(struct req *r, struct measure *m)
{
	struct mat_round rd;

	m->origin = plan_source_title(r->db, &r->arena, r->org_id, m);
	if (strcmp(m->source, "maturity") == 0 &&
	    maturity_round_get(r->db, &r->arena, r->org_id, m->round_id, &rd) == 1) {
		m->set_urn = rd.set_urn;
		m->set_version = rd.set_version;
		m->origin = m->question_urn;
	}
}

/* The start of both new-measure handlers: the source from the request
 * (bad_msgid answers a malformed one), the organisation, and in *ok whether
 * the source exists. -1 when an error page has been written. */
static int
source_start(struct req *r, struct measure *m, struct org *o, const char *bad_msgid, int *ok)
{
	memset(m, 0, sizeof(*m));
	if (read_source(r, m)) {
		page_error(r, 400, bad_msgid);
		return -1;
	}
	if (page_load_org(r, o))
		return -1;
	if ((*ok = plan_source_ok(r->db, r->org_id, m)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return -1;
	}
	return 0;
}

void
page_plan_new(struct req *r)
{
	const char *err[PF__COUNT] = { 0 };
	struct measure m;
	struct org o;
	int ok;

	if (source_start(r, &m, &o, N_("The address has malformed parameters."), &ok))
		return;
	if (ok == 0) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	fill_origin(r, &m);
	m.title = origin_text(&m, r->lang);
	m.description = m.owner = m.due_date = "";
	m.priority = 2;
	m.status = "not_started";
	m.effort = "medium";
	new_page(r, &o, &m, err, NULL);
}

void
page_plan_create(struct req *r)
{
	const char *err[PF__COUNT];
	struct measure m;
	struct org o;
	int64_t id;
	int ok;
	char loc[96];

	if (source_start(r, &m, &o, N_("The form has malformed fields."), &ok))
		return;
	fill_origin(r, &m);
	if (read_measure_form(r, &m, err) || ok == 0) {
		r->status = 400;
		if (ok == 0)
			m.source = "free";
		new_page(r, &o, &m, err, ok == 0 ? N_("Where the measure comes from was not found. Nothing was saved.") : NULL);
		return;
	}
	if (db_begin(r->db) || (id = plan_create(r->db, r->org_id, &m, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		plan_tx_failed(r, "plan create");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/plan/%lld?done=created", (long long)r->org_id, (long long)id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}

/* ------------------------------------------------------- one measure */

static void
details(struct req *r, const struct measure *m, const char *today)
{
	html_lit(r, "<dl class=\"plan-facts\"><dt>");
	html_t(r, "Status");
	html_lit(r, "</dt><dd>");
	status_tag(r, m, today);
	html_lit(r, "</dd><dt>");
	html_t(r, "Comes from");
	html_lit(r, "</dt><dd>");
	origin_link(r, m);
	html_lit(r, "</dd><dt>");
	html_t(r, "Owner");
	html_lit(r, "</dt><dd>");
	html_text(r, *m->owner ? m->owner : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Due");
	html_lit(r, "</dt><dd>");
	html_text(r, *m->due_date ? m->due_date : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Created");
	html_lit(r, "</dt><dd>");
	html_time(r, m->created_at);
	html_lit(r, "</dd></dl>");
}

static void
comments(struct req *r, const struct measure *m, int edit, const char *err)
{
	struct plan_comment *c;
	int n = plan_comments(r->db, &r->arena, r->org_id, m->id, &c);

	plan_h2(r, N_("Comments"));
	if (n <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No comments yet.");
		html_lit(r, "</p>");
	}
	if (n > 0) {
		html_lit(r, "<ul class=\"ds-list plan-comments\">");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<li><p class=\"ds-paragraph\">");
			html_text(r, c[i].body);
			html_lit(r, "</p><p class=\"ds-paragraph\" data-size=\"sm\">");
			html_text(r, c[i].author);
			html_lit(r, ", ");
			html_time(r, c[i].created_at);
			html_lit(r, "</p></li>");
		}
		html_lit(r, "</ul>");
	}
	if (!edit)
		return;
	html_lit(r, "<form method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/plan/");
	html_int(r, m->id);
	html_lit(r, "/comments\" novalidate>");
	form_csrf(r);
	plan_textarea(r, "body", N_("New comment"), NULL, err, 1);
	html_lit(r, "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Add the comment");
	html_lit(r, "</button></form>");
}

static void
measure_page(struct req *r, const struct org *o, const struct measure *m, const struct measure *form,
    const char *err[PF__COUNT], const char *done, const char *comment_err)
{
	char today[11];
	int edit = authz_allows(r->who, A_PLAN_EDIT, r->org_id, 0);

	today_of(today);
	layout_begin(r, m->title);
	org_nav(r, o->name, "/plan");
	plan_subnav(r, "plan");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, m->title);
	html_lit(r, "</h1>");
	if (done && strcmp(done, "finished") == 0 && strcmp(m->source, "risk") == 0) {
		html_lit(r, "<div class=\"ds-alert\" data-color=\"warning\" role=\"status\"><p class=\"ds-paragraph\">");
		html_t(r, "The measure is done. Update the risk's residual likelihood and consequence so the risk picture is right:");
		html_lit(r, " <a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/assessments/");
		html_int(r, m->assessment_id);
		html_lit(r, "/items/");
		html_urlarg(r, m->item_uid);
		html_lit(r, "\">");
		html_t(r, "Update the risk's residual values");
		html_lit(r, "</a></p></div>");
	} else if (done) {
		alert(r, "success", strcmp(done, "created") == 0 ? N_("The measure has been created.") :
		    strcmp(done, "comment") == 0 ? N_("The comment has been added.") :
		    N_("The measure has been saved."));
	}
	if (*m->description) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_text(r, m->description);
		html_lit(r, "</p>");
	}
	details(r, m, today);
	if (edit) {
		plan_h2(r, N_("Change the measure"));
		error_summary(r, err);
		html_lit(r, "<form method=\"post\" action=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/plan/");
		html_int(r, m->id);
		html_lit(r, "\" novalidate>");
		form_csrf(r);
		measure_fields(r, form, err);
		html_lit(r, "<button class=\"ds-button\" type=\"submit\">");
		html_t(r, "Save");
		html_lit(r, "</button></form>");
	}
	comments(r, m, edit, comment_err);
	layout_end(r);
}

static int
load_measure(struct req *r, struct org *o, struct measure *m)
{
	int64_t id = param_id(r, "id");
	int rc;

	if (page_load_org(r, o))
		return -1;
	if (id == 0 || (rc = plan_get(r->db, &r->arena, r->org_id, id, m)) == 0) {
		page_error(r, 404, "There is no page at this address.");
		return -1;
	}
	if (rc < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return -1;
	}
	return 0;
}

void
page_measure(struct req *r)
{
	static const char *const dones[] = { "created", "saved", "finished", "comment", NULL };
	static const struct field f[] = { { "done", F_ENUM, 0, 20, 0, 0, dones } };
	const char *err[PF__COUNT] = { 0 };
	struct fval v[1];
	struct measure m;
	struct org o;

	if (form_read(r, f, 1, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return;
	}
	if (load_measure(r, &o, &m))
		return;
	measure_page(r, &o, &m, &m, err, v[0].s, NULL);
}

void
page_measure_update(struct req *r)
{
	const char *err[PF__COUNT];
	struct measure m, in;
	struct org o;
	int finished = 0, rc;
	char loc[128];

	if (load_measure(r, &o, &m))
		return;
	in = m;
	if (read_measure_form(r, &in, err)) {
		r->status = 400;
		measure_page(r, &o, &m, &in, err, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = plan_update(r->db, &r->arena, r->org_id, m.id, &in, r->who->user_id, now_s(), &finished)) < 0 ||
	    db_commit(r->db)) {
		plan_tx_failed(r, "plan update");
		return;
	}
	if (rc == 0) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/plan/%lld?done=%s", (long long)r->org_id, (long long)m.id,
	    finished ? "finished" : "saved");
	req_redirect(r, arena_strdup(&r->arena, loc));
}

void
page_measure_comment(struct req *r)
{
	static const struct field f[] = { { "body", F_MULTILINE, 1, PLAN_COMMENT_MAX, 0, 0, NULL } };
	const char *err[PF__COUNT] = { 0 };
	struct fval v[1];
	struct measure m;
	struct org o;
	char loc[128];

	if (load_measure(r, &o, &m))
		return;
	if (form_read(r, f, 1, v)) {
		r->status = 400;
		measure_page(r, &o, &m, &m, err, NULL, v[0].err ? v[0].err : N_("Write a comment."));
		return;
	}
	if (db_begin(r->db) || plan_comment_add(r->db, r->org_id, m.id, v[0].s, r->who->user_id, now_s()) < 0 ||
	    db_commit(r->db)) {
		plan_tx_failed(r, "plan comment");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/plan/%lld?done=comment", (long long)r->org_id, (long long)m.id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}
