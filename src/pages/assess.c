/*
 * assess.c - the assessments of an organisation: the list, a new one, and
 * the view of one (header, workflow, sections with their items, the ROS
 * risk table with heatmaps, comments, versions and history).
 *
 * The view is the page people return to all through an assessment, and a
 * ROS may hold a few hundred risks, so it is one pass over the items loaded
 * by one query (plus the comments, versions and steps queries), with each
 * item's JSON parsed once. Template texts (labels, help, events) are
 * content written with html_text in the user's language; the interface
 * around them goes through the catalogue (html_t).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/msgid.h"
#include "pages.h"
#include "assess.h"
#include "dba.h"
#include "dpia.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
#include "../domain/catalogue.h"
#include "../domain/inventory.h"
#include "../domain/org.h"
#include "../domain/riskmatrix.h"
#include "../domain/template.h"
#include "../html/heatmap.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define E_FAIL "Something went wrong. Try again."

static const char *const kinds[] = { "ros", "dpia", "dba", NULL };

/* ---------------------------------------------------------- shared bits */

int
assess_load(struct req *r, struct org *o, struct assessment *a)
{
	int64_t id = param_id(r, "id");
	int rc;

	if (page_load_org(r, o))
		return -1;
	if (id == 0 || (rc = assessment_get(r->db, &r->arena, r->org_id, id, a)) == 0) {
		page_error(r, 404, "There is no page at this address.");
		return -1;
	}
	if (rc < 0) {
		page_error(r, 500, E_FAIL);
		return -1;
	}
	return 0;
}

void
assess_href(struct req *r, int64_t id)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, id);
}

int
assess_can_comment(struct req *r)
{
	return authz_allows(r->who, A_ASSESS_EDIT, r->org_id, 0) ||
	    authz_allows(r->who, A_DPO_ADVICE, r->org_id, 0) ||
	    authz_allows(r->who, A_ASSESS_APPROVE, r->org_id, 0);
}

void
assess_status_tag(struct req *r, const char *status)
{
	html_lit(r, "<span class=\"ds-tag\" data-color=\"");
	html_attr(r, strcmp(status, "approved") == 0 ? "success" :
	    strcmp(status, "needs_review") == 0 ? "warning" : "info");
	html_lit(r, "\">");
	html_t(r, assessment_status_label(status));
	html_lit(r, "</span>");
}

static const char *
jget(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static const char *
kind_msgid(const char *kind)
{
	static const struct { const char *k, *m; } t[] = {
		{ "field", N_("Answer") }, { "risk", N_("Risk") }, { "measure", N_("Measure") },
		{ "check", N_("Checklist line") }, { "subprocessor", N_("Sub-processor") },
		{ "conclusion", N_("Conclusion") }, { "dpo_advice", N_("The DPO's advice") },
		{ "acceptance", N_("Risk acceptance") },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, kind) == 0)
			return t[i].m;
	return kind;
}

const char *
assess_item_label(struct req *r, const struct tmpl *t, const struct as_item *it)
{
	const struct titem *ti = template_item(t, it->uid, NULL);
	const char *s = NULL;
	json_t *o;

	if (ti)
		return tr_pick(&ti->label, r->lang);
	o = json_loads(it->data, 0, NULL);
	s = jget(o, "title");
	if (!*s)
		s = jget(o, "name");
	if (!*s)
		s = jget(o, "service");
	s = *s ? arena_strdup(&r->arena, s) : T(r, kind_msgid(it->kind));
	json_decref(o);
	return s;
}

const char *
assess_key_label(const char *k)
{
	static const struct { const char *k, *m; } t[] = {
		{ "planned", N_("Planned") }, { "in_progress", N_("In progress") }, { "done", N_("Done") },
		{ "ok", N_("OK") }, { "deviation", N_("Deviation") }, { "missing", N_("Missing") },
		{ "na", N_("Not applicable") }, { "eea", N_("Within the EEA") },
		{ "adequacy", N_("Adequacy decision") }, { "dpf", N_("EU-US Data Privacy Framework") },
		{ "scc", N_("Standard contractual clauses") }, { "bcr", N_("Binding corporate rules") },
		{ "none", N_("No transfer basis") }, { "acceptable", N_("Acceptable") },
		{ "conditions", N_("Acceptable with conditions") }, { "not_acceptable", N_("Not acceptable") },
		{ "accepted", N_("Risk accepted") }, { "not_accepted", N_("Risk not accepted") },
		{ "yes", N_("Yes") }, { "no", N_("No") }, { "strong", N_("Strong") },
		{ "medium", N_("Medium") }, { "weak", N_("Weak") },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, k) == 0)
			return t[i].m;
	return NULL;
}

static void
show_key(struct req *r, const char *k)
{
	const char *m = assess_key_label(k);

	if (m)
		html_t(r, m);
	else
		html_text(r, k);
}

static void
unanswered(struct req *r)
{
	html_lit(r, "<em>");
	html_t(r, "Not answered");
	html_lit(r, "</em>");
}

/* The label of the answer under key, or "Not answered"; then ": " and the
 * free text under note_key when there is one. */
static void
key_with_note(struct req *r, json_t *o, const char *key, const char *note_key)
{
	const char *s = jget(o, key);

	if (*s)
		show_key(r, s);
	else
		unanswered(r);
	s = jget(o, note_key);
	if (*s) {
		html_lit(r, ": ");
		html_text(r, s);
	}
}

void
assess_item_value(struct req *r, const struct tmpl *t, const struct as_item *it)
{
	json_t *o = json_loads(it->data, 0, NULL);
	const char *k = it->kind;

	if (strcmp(k, "field") == 0) {
		const struct titem *ti = template_item(t, it->uid, NULL);
		const char *v = jget(o, "value");
		if (!*v)
			unanswered(r);
		else if (ti && (ti->type == TF_ENUM || ti->type == TF_BOOL))
			show_key(r, v);
		else
			html_text(r, v);
	} else if (strcmp(k, "check") == 0 || strcmp(k, "measure") == 0) {
		const char *s = jget(o, "status");
		if (*s)
			show_key(r, s);
		else
			unanswered(r);
		s = jget(o, strcmp(k, "check") == 0 ? "note" : "owner");
		if (*s) {
			html_lit(r, " – ");
			html_text(r, s);
		}
		if (*jget(o, "due")) {
			html_lit(r, " (");
			html_t(r, "due");
			html_lit(r, " ");
			html_text(r, jget(o, "due"));
			html_lit(r, ")");
		}
	} else if (strcmp(k, "subprocessor") == 0) {
		html_text(r, jget(o, "country"));
		if (*jget(o, "transfer_basis")) {
			html_lit(r, " – ");
			show_key(r, jget(o, "transfer_basis"));
		}
	} else if (strcmp(k, "conclusion") == 0) {
		key_with_note(r, o, "result", "conditions");
	} else if (strcmp(k, "dpo_advice") == 0) {
		if (*jget(o, "text"))
			html_text(r, jget(o, "text"));
		else
			unanswered(r);
	} else if (strcmp(k, "acceptance") == 0) {
		key_with_note(r, o, "decision", "comment");
	} else if (strcmp(k, "risk") == 0) {
		html_text(r, jget(o, "description"));
	}
	json_decref(o);
}

void
assess_kind_block(struct req *r, const struct assessment *a, const struct as_item *items, int n)
{
	if (strcmp(a->kind, "dpia") == 0)
		dpia_block(r, a, items, n);
	else if (strcmp(a->kind, "dba") == 0)
		dba_block(r, a, items, n);
}

/* ------------------------------------------------------------- the list */

void
page_assessments(struct req *r)
{
	static const struct field f[] = { { "kind", F_ENUM, 0, 0, 0, 0, kinds } };
	struct fval v[1];
	struct assessment *as;
	struct org o;
	char today[11];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (page_load_org(r, &o))
		return;
	if (form_read(r, f, 1, v))
		v[0].s = NULL;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	/* Passed review dates show here the day they pass, with no job runner. */
	if (assessment_check_reviews(r->db, &r->arena, r->org_id, today) < 0)
		log_err("assessment reviews: %s", db_errmsg(r->db));
	if ((n = assessment_list(r->db, &r->arena, r->org_id, v[0].s, &as)) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	layout_begin(r, T(r, "Assessments"));
	org_nav(r, o.name, "/assessments");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Assessments");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Risk assessments (ROS), data protection impact assessments (DPIA) and data"
	    " processing agreements (DBA) follow one workflow: draft, the DPO's advice, approval."
	    " Each approval freezes a version that can be compared with later ones.");
	html_lit(r, "</p><form class=\"filters\" method=\"get\"><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-kind\">");
	html_t(r, "Kind");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-kind\" name=\"kind\"><option value=\"\">");
	html_t(r, "All kinds");
	html_lit(r, "</option>");
	for (int i = 0; kinds[i]; i++) {
		html_lit(r, "<option");
		html_attrkv(r, "value", kinds[i]);
		if (v[0].s && strcmp(v[0].s, kinds[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, assessment_kind_label(kinds[i]));
		html_lit(r, "</option>");
	}
	html_lit(r, "</select></div><button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Show");
	html_lit(r, "</button></form>");
	if (authz_allows(r->who, A_ASSESS_EDIT, r->org_id, 0)) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/assessments/new\">");
		html_t(r, "New assessment");
		html_lit(r, "</a> · <a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/risk-matrix\">");
		html_t(r, "Risk matrix");
		html_lit(r, "</a></p>");
	}
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "There are no assessments yet.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	scroll_table_open(r, T(r, "Assessments"));
	html_lit(r, "<thead><tr><th scope=\"col\">");
	html_t(r, "Title");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Kind");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Status");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Version");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Tools");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Changed");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td><a class=\"ds-link\" href=\"");
		assess_href(r, as[i].id);
		html_lit(r, "\">");
		html_text(r, as[i].title);
		html_lit(r, "</a></td><td>");
		html_t(r, assessment_kind_label(as[i].kind));
		html_lit(r, "</td><td>");
		assess_status_tag(r, as[i].status);
		html_lit(r, "</td><td>");
		html_int(r, as[i].version);
		html_lit(r, "</td><td>");
		html_int(r, as[i].ntools);
		html_lit(r, "</td><td>");
		html_time(r, as[i].updated_at);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table></div>");
	layout_end(r);
}

/* ------------------------------------------------------------------ new */

enum { NF_KIND, NF_TITLE, NF_TOOL, NF_SCOPE, NF_SCREENING, NF__N };
static const struct field new_fields[NF__N] = {
	{ "kind", F_ENUM, 1, 0, 0, 0, kinds },
	{ "title", F_TEXT, 1, 200, 0, 0, NULL },
	{ "tool", F_MULTI, 0, 0, 1, INT64_MAX, NULL },
	{ "scope", F_MULTILINE, 0, 4000, 0, 0, NULL },
	{ "screening", F_INT, 0, 0, 1, INT64_MAX, NULL },
};

static void
new_form(struct req *r, const struct fval *v, const char *notice)
{
	static const char *const names[NF__N] = { "kind", "title", "tool", "scope", "screening" };
	struct inv_tool *tools;
	struct org o;
	int nt;

	if (page_load_org(r, &o))
		return;
	if ((nt = inventory_tools(r->db, &r->arena, r->org_id, &tools)) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	layout_begin(r, T(r, "New assessment"));
	org_nav(r, o.name, "/assessments");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "New assessment");
	html_lit(r, "</h1>");
	if (notice)
		alert(r, "danger", notice);
	form_error_summary(r, names, v, NF__N);
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/new\" novalidate>");
	form_csrf(r);
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-kind\">");
	html_t(r, "Kind");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-kind\" name=\"kind\" required>");
	for (int i = 0; kinds[i]; i++) {
		html_lit(r, "<option");
		html_attrkv(r, "value", kinds[i]);
		if (v[NF_KIND].s && strcmp(v[NF_KIND].s, kinds[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, assessment_kind_label(kinds[i]));
		html_lit(r, "</option>");
	}
	html_lit(r, "</select></div>");
	form_input(r, "title", N_("Title"), "text", v[NF_TITLE].s, v[NF_TITLE].err, 1, "off");
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-tool\">");
	html_t(r, "Tools covered");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-tool\" name=\"tool\" multiple size=\"8\"");
	if (v[NF_TOOL].err)
		html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-tool\"");
	html_lit(r, ">");
	for (int i = 0; i < nt; i++) {
		int sel = 0;
		for (int k = 0; k < v[NF_TOOL].nmulti; k++)
			sel |= v[NF_TOOL].multi[k] == tools[i].id;
		html_lit(r, "<option value=\"");
		html_int(r, tools[i].id);
		html_lit(r, "\"");
		if (sel)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_text(r, tools[i].name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	if (v[NF_TOOL].err) {
		html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-tool\">");
		html_t(r, v[NF_TOOL].err);
		html_lit(r, "</div>");
	}
	html_lit(r, "</div><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-scope\">");
	html_t(r, "Scope: what is assessed");
	html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-scope\" name=\"scope\" rows=\"3\">");
	html_text(r, v[NF_SCOPE].s ? v[NF_SCOPE].s : "");
	html_lit(r, "</textarea></div>");
	if (v[NF_SCREENING].i > 0) {
		html_lit(r, "<input type=\"hidden\" name=\"screening\" value=\"");
		html_int(r, v[NF_SCREENING].i);
		html_lit(r, "\">");
	}
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Create the assessment");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_assessment_new(struct req *r)
{
	/* Prefill from the query (?kind=dpia&tool=3&screening=9); a bad value
	 * is dropped rather than refused, as a link may be stale. */
	static const struct field q[] = {
		{ "kind", F_ENUM, 0, 0, 0, 0, kinds },
		{ "tool", F_INT, 0, 0, 1, INT64_MAX, NULL },
		{ "screening", F_INT, 0, 0, 1, INT64_MAX, NULL },
	};
	struct fval qv[3], v[NF__N];

	form_read(r, q, 3, qv);
	memset(v, 0, sizeof(v));
	v[NF_KIND].s = qv[0].err ? NULL : qv[0].s;
	if (!qv[1].err && qv[1].s) {
		v[NF_TOOL].multi[0] = qv[1].i;
		v[NF_TOOL].nmulti = 1;
	}
	if (!qv[2].err && qv[2].s)
		v[NF_SCREENING].i = qv[2].i;
	new_form(r, v, NULL);
}

void
page_assessment_create(struct req *r)
{
	struct fval v[NF__N];
	struct assessment h;
	const char *err;
	int64_t id;
	char loc[96];

	if (form_read(r, new_fields, NF__N, v)) {
		r->status = 400;
		new_form(r, v, NULL);
		return;
	}
	memset(&h, 0, sizeof(h));
	h.org_id = r->org_id;
	h.kind = v[NF_KIND].s;
	h.title = v[NF_TITLE].s;
	h.scope = v[NF_SCOPE].s ? v[NF_SCOPE].s : "";
	h.screening_id = v[NF_SCREENING].s ? v[NF_SCREENING].i : 0;
	h.tools = v[NF_TOOL].multi;
	h.ntools = v[NF_TOOL].nmulti;
	if (strcmp(h.kind, "dpia") == 0)
		h.level = "app";
	id = assessment_create(r->db, &r->arena, r->who->user_id, &h, &err);
	if (id <= 0) {
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : 400;
		new_form(r, v, err);
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/assessments/%lld", (long long)r->org_id, (long long)id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}

/* ----------------------------------------------------------------- view */

/* "l x c = score zone" (only the zone when the risk is not rated). */
static void
risk_cell(struct req *r, const struct risk_matrix *m, int l, int c)
{
	static const char *const zone_msg[4] = { N_("not rated"), N_("acceptable"),
	    N_("measures needed"), N_("not acceptable") };

	if (risk_score(m, l, c)) {
		html_int(r, l);
		html_lit(r, " x ");
		html_int(r, c);
		html_lit(r, " = ");
		html_int(r, l * c);
		html_lit(r, " ");
	}
	html_t(r, zone_msg[risk_zone(m, l, c)]);
}

/* One pass over the risks: the table rows and the heatmap counts. */
static void
risk_table(struct req *r, const struct assessment *a, const struct as_item *items, int n,
    const struct risk_matrix *m, int edit)
{
	heat_counts before, after;
	int nr = 0;

	memset(before, 0, sizeof(heat_counts));
	memset(after, 0, sizeof(heat_counts));
	scroll_table_open(r, T(r, "Risk register: unwanted events with risk before and after measures"));
	html_lit(r, "<thead><tr><th scope=\"col\">");
	html_t(r, "Unwanted event");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Property");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Risk (L x C)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Measures");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Residual risk");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Risk owner");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct as_item *it = &items[i];
		json_t *o, *prop, *e;
		size_t k;
		if (strcmp(it->kind, "risk") != 0)
			continue;
		nr++;
		if (risk_score(m, it->l, it->c))
			before[it->l - 1][it->c - 1]++;
		if (risk_score(m, it->rl, it->rc))
			after[it->rl - 1][it->rc - 1]++;
		o = json_loads(it->data, 0, NULL);
		html_lit(r, "<tr id=\"i-");
		html_attr(r, it->uid);
		html_lit(r, "\"><th scope=\"row\"><a class=\"ds-link\" href=\"");
		assess_href(r, a->id);
		html_lit(r, "/items/");
		html_urlarg(r, it->uid);
		html_lit(r, "\">");
		html_text(r, *jget(o, "title") ? jget(o, "title") : T(r, "Untitled risk"));
		html_lit(r, "</a></th><td>");
		prop = json_object_get(o, "property");
		json_array_foreach(prop, k, e) {
			const char *p = json_string_value(e);
			if (k)
				html_lit(r, ", ");
			if (p == NULL)
				continue;
			html_t(r, strcmp(p, "c") == 0 ? N_("confidentiality") :
			    strcmp(p, "i") == 0 ? N_("integrity") : N_("availability"));
		}
		html_lit(r, "</td><td>");
		risk_cell(r, m, it->l, it->c);
		html_lit(r, "</td><td>");
		html_text(r, jget(o, "measures"));
		html_lit(r, "</td><td>");
		risk_cell(r, m, it->rl, it->rc);
		html_lit(r, "</td><td>");
		html_text(r, jget(o, "owner"));
		html_lit(r, "</td></tr>");
		json_decref(o);
	}
	html_lit(r, "</tbody></table></div>");
	if (nr == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No risks have been added yet.");
		html_lit(r, "</p>");
	} else
		heatmap_figure(r, m, before, after, "heat");
	(void)edit;
}

static void
add_risk_form(struct req *r, const struct assessment *a, const struct tmpl *t)
{
	html_lit(r, "<form class=\"filters\" method=\"post\" action=\"");
	assess_href(r, a->id);
	html_lit(r, "/items\">");
	form_csrf(r);
	html_lit(r, "<input type=\"hidden\" name=\"kind\" value=\"risk\"><input type=\"hidden\" name=\"section\" value=\"risks\">"
	    "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-event\">");
	html_t(r, "Typical unwanted event");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-event\" name=\"event\"><option value=\"\">");
	html_t(r, "(none: write your own)");
	html_lit(r, "</option>");
	for (int i = 0; t && i < t->nevents; i++) {
		html_lit(r, "<option");
		html_attrkv(r, "value", t->events[i].uid);
		html_lit(r, ">");
		html_text(r, tr_pick(&t->events[i].title, r->lang));
		html_lit(r, "</option>");
	}
	html_lit(r, "</select></div><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-rtitle\">");
	html_t(r, "Or a title of your own");
	html_lit(r, "</label><input class=\"ds-input\" id=\"f-rtitle\" name=\"title\" type=\"text\" maxlength=\"200\"></div>"
	    "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Add the risk");
	html_lit(r, "</button></form>");
}

static void
add_item_form(struct req *r, const struct assessment *a, const char *kind, const char *section,
    const char *label, const char *button)
{
	html_lit(r, "<form class=\"filters\" method=\"post\" action=\"");
	assess_href(r, a->id);
	html_lit(r, "/items\">");
	form_csrf(r);
	html_lit(r, "<input type=\"hidden\" name=\"kind\"");
	html_attrkv(r, "value", kind);
	html_lit(r, "><input type=\"hidden\" name=\"section\"");
	html_attrkv(r, "value", section);
	html_lit(r, "><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-add-");
	html_attr(r, section);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label><input class=\"ds-input\" name=\"title\" type=\"text\" maxlength=\"200\" id=\"f-add-");
	html_attr(r, section);
	html_lit(r, "\"></div><button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, button);
	html_lit(r, "</button></form>");
}

/* The items of one section (or, with key NULL, of no template section). */
static void
item_table(struct req *r, const struct assessment *a, const struct tmpl *t, const struct as_item *items,
    int n, const char *key, const char *caption)
{
	int any = 0;

	for (int i = 0; i < n; i++) {
		const struct as_item *it = &items[i];
		int in_tmpl = 0;
		if (key == NULL) {
			for (int s = 0; t && s < t->nsections && !in_tmpl; s++)
				in_tmpl = strcmp(t->sections[s].key, it->section) == 0;
			if (in_tmpl)
				continue;
		} else if (strcmp(it->section, key) != 0)
			continue;
		if (strcmp(a->kind, "ros") == 0 && strcmp(it->kind, "risk") == 0)
			continue;	/* in the risk register */
		if (!any++) {
			scroll_table_open(r, caption);
			html_lit(r, "<thead><tr><th scope=\"col\">");
			html_t(r, "Item");
			html_lit(r, "</th><th scope=\"col\">");
			html_t(r, "Answer");
			html_lit(r, "</th></tr></thead><tbody>");
		}
		html_lit(r, "<tr id=\"i-");
		html_attr(r, it->uid);
		html_lit(r, "\"><th scope=\"row\"><a class=\"ds-link\" href=\"");
		assess_href(r, a->id);
		html_lit(r, "/items/");
		html_urlarg(r, it->uid);
		html_lit(r, "\">");
		html_text(r, assess_item_label(r, t, it));
		html_lit(r, "</a>");
		if (it->local) {
			html_lit(r, " <span class=\"ds-tag\" data-color=\"neutral\">");
			html_t(r, "local");
			html_lit(r, "</span>");
		}
		html_lit(r, "</th><td>");
		assess_item_value(r, t, it);
		html_lit(r, "</td></tr>");
	}
	if (any)
		html_lit(r, "</tbody></table></div>");
}

static const struct { const char *from, *to, *msgid; } moves[] = {
	{ "draft", "dpo_advice", N_("Send to the DPO for advice") },
	{ "dpo_advice", "approval", N_("Send for approval") },
	{ "approval", "approved", N_("Approve and freeze a version") },
	{ "dpo_advice", "draft", N_("Send back to draft") },
	{ "approval", "draft", N_("Send back to draft") },
	{ "approved", "draft", N_("Start a revision") },
	{ "needs_review", "draft", N_("Start a revision") },
};

static void
workflow_panel(struct req *r, const struct assessment *a)
{
	int any = 0;
	const char *err;

	for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++) {
		if (strcmp(moves[i].from, a->status) != 0 ||
		    assessment_move_allowed(r->who, a, moves[i].to, &err) != 1)
			continue;
		if (!any++) {
			html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
			assess_href(r, a->id);
			html_lit(r, "/steps\">");
			form_csrf(r);
			html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-step-comment\">");
			html_t(r, "Comment for the next step (optional)");
			html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-step-comment\" name=\"comment\" rows=\"2\" maxlength=\"2000\"></textarea></div><div class=\"filters\">");
		}
		html_lit(r, "<button class=\"ds-button\" type=\"submit\" name=\"to\"");
		html_attrkv(r, "value", moves[i].to);
		html_attrkv(r, "data-variant", strcmp(moves[i].to, "draft") == 0 ? "secondary" : "primary");
		html_lit(r, ">");
		html_t(r, moves[i].msgid);
		html_lit(r, "</button>");
	}
	if (any)
		html_lit(r, "</div></form>");
}

/* <dt>label</dt><dd>text</dd>, left out when text is empty. */
static void
optional_fact(struct req *r, const char *label, const char *text)
{
	if (!*text)
		return;
	html_lit(r, "<dt>");
	html_t(r, label);
	html_lit(r, "</dt><dd>");
	html_text(r, text);
	html_lit(r, "</dd>");
}

static void
facts(struct req *r, const struct assessment *a, const struct tmpl *t)
{
	html_lit(r, "<dl class=\"facts\"><dt>");
	html_t(r, "Kind");
	html_lit(r, "</dt><dd>");
	html_t(r, assessment_kind_label(a->kind));
	html_lit(r, "</dd><dt>");
	html_t(r, "Status");
	html_lit(r, "</dt><dd>");
	assess_status_tag(r, a->status);
	if (*a->review_reason) {
		html_lit(r, " ");
		html_t(r, strcmp(a->review_reason, "review_date") == 0 ?
		    N_("(the review date has passed)") : N_("(facts about a tool changed after approval)"));
	}
	html_lit(r, "</dd><dt>");
	html_t(r, "Approved version");
	html_lit(r, "</dt><dd>");
	if (a->version)
		html_int(r, a->version);
	else
		html_t(r, "none yet");
	html_lit(r, "</dd><dt>");
	html_t(r, "Template");
	html_lit(r, "</dt><dd>");
	html_text(r, t ? tr_pick(&t->title, r->lang) : a->template_urn);
	html_lit(r, " (");
	html_t(r, "version");
	html_lit(r, " ");
	html_int(r, a->template_version);
	html_lit(r, ")</dd><dt>");
	html_t(r, "Tools covered");
	html_lit(r, "</dt><dd>");
	for (int i = 0; i < a->ntools; i++) {
		struct tool tl;
		if (i)
			html_lit(r, ", ");
		if (catalogue_get(r->db, &r->arena, a->tools[i], &tl) == 1)
			html_text(r, tl.name);
		else
			html_int(r, a->tools[i]);
	}
	if (a->ntools == 0)
		html_t(r, "none");
	html_lit(r, "</dd>");
	optional_fact(r, N_("Scope"), a->scope);
	optional_fact(r, N_("Review date"), a->review_date);
	optional_fact(r, N_("Expires"), a->expires_on);
	html_lit(r, "</dl>");
}

static void
header_form(struct req *r, const struct assessment *a)
{
	html_lit(r, "<details><summary>");
	html_t(r, "Change title, scope and dates");
	html_lit(r, "</summary><form class=\"stack narrow\" method=\"post\" action=\"");
	assess_href(r, a->id);
	html_lit(r, "/header\" novalidate>");
	form_csrf(r);
	form_input(r, "title", N_("Title"), "text", a->title, NULL, 1, "off");
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-hscope\">");
	html_t(r, "Scope: what is assessed");
	html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-hscope\" name=\"scope\" rows=\"3\">");
	html_text(r, a->scope);
	html_lit(r, "</textarea></div>");
	form_input(r, "review_date", N_("Review date (YYYY-MM-DD)"), "date", a->review_date, NULL, 0, "off");
	if (strcmp(a->kind, "dba") == 0)
		form_input(r, "expires_on", N_("Expires (YYYY-MM-DD)"), "date", a->expires_on, NULL, 0, "off");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Save");
	html_lit(r, "</button></form></details>");
}

static void
comments_block(struct req *r, const struct assessment *a, const struct tmpl *t,
    const struct as_item *items, int n)
{
	struct as_comment *c;
	int nc = assessment_comments(r->db, &r->arena, a->id, &c);

	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\" id=\"comments\">");
	html_t(r, "Comments");
	html_lit(r, "</h2>");
	if (nc <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No comments yet.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<ul class=\"ds-list\">");
		for (int i = 0; i < nc; i++) {
			html_lit(r, "<li><strong>");
			html_text(r, c[i].author);
			html_lit(r, "</strong>, ");
			html_time(r, c[i].created_at);
			if (*c[i].item_uid) {
				const char *label = c[i].item_uid;
				for (int k = 0; k < n; k++)
					if (strcmp(items[k].uid, c[i].item_uid) == 0)
						label = assess_item_label(r, t, &items[k]);
				html_lit(r, " (<a class=\"ds-link\" href=\"");
				assess_href(r, a->id);
				html_lit(r, "/items/");
				html_urlarg(r, c[i].item_uid);
				html_lit(r, "\">");
				html_text(r, label);
				html_lit(r, "</a>)");
			}
			html_lit(r, ": ");
			html_text(r, c[i].body);
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul>");
	}
	if (assess_can_comment(r)) {
		html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
		assess_href(r, a->id);
		html_lit(r, "/comments\">");
		form_csrf(r);
		html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-comment\">");
		html_t(r, "Comment on the assessment");
		html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-comment\" name=\"body\" rows=\"3\" maxlength=\"4000\" required></textarea></div>"
		    "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
		html_t(r, "Add the comment");
		html_lit(r, "</button></form>");
	}
}

static void
history_block(struct req *r, const struct assessment *a)
{
	struct as_version *v;
	struct as_step *s;
	int nv = assessment_version_list(r->db, &r->arena, a->id, &v);
	int ns = assessment_steps(r->db, &r->arena, a->id, &s);

	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Versions");
	html_lit(r, "</h2>");
	if (nv <= 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No version has been approved yet.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
		html_t(r, "Approved versions");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Version");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Approved");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "By");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Compare");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < nv; i++) {
			html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"");
			assess_href(r, a->id);
			html_lit(r, "/versions/");
			html_int(r, v[i].version);
			html_lit(r, "\">");
			html_int(r, v[i].version);
			html_lit(r, "</a></th><td>");
			html_time(r, v[i].approved_at);
			html_lit(r, "</td><td>");
			html_text(r, v[i].approved_by);
			html_lit(r, "</td><td><a class=\"ds-link\" href=\"");
			assess_href(r, a->id);
			html_lit(r, "/compare?a=");
			html_int(r, v[i].version);
			html_lit(r, "&amp;b=current\">");
			html_t(r, "with the current text");
			html_lit(r, "</a>");
			if (i + 1 < nv) {
				html_lit(r, " · <a class=\"ds-link\" href=\"");
				assess_href(r, a->id);
				html_lit(r, "/compare?a=");
				html_int(r, v[i + 1].version);
				html_lit(r, "&amp;b=");
				html_int(r, v[i].version);
				html_lit(r, "\">");
				html_t(r, "with the version before");
				html_lit(r, "</a>");
			}
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (ns > 0) {
		html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
		html_t(r, "Workflow history");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "When");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Step");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "By");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Comment");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < ns; i++) {
			html_lit(r, "<tr><td>");
			html_time(r, s[i].at);
			html_lit(r, "</td><td>");
			html_t(r, assessment_status_label(s[i].from));
			html_lit(r, " \xe2\x86\x92 ");
			html_t(r, assessment_status_label(s[i].to));
			html_lit(r, "</td><td>");
			if (*s[i].author)
				html_text(r, s[i].author);
			else
				html_t(r, "the system");
			html_lit(r, "</td><td>");
			html_text(r, s[i].comment);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
}

void
assess_view(struct req *r, const char *notice)
{
	struct assessment a;
	struct as_item *items;
	struct risk_matrix m;
	const struct tmpl *t;
	struct org o;
	const char *err;
	int n, edit;

	if (assess_load(r, &o, &a))
		return;
	if ((n = assessment_items(r->db, &r->arena, a.id, &items)) < 0 ||
	    risk_matrix_get(r->db, &r->arena, r->org_id, &m) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	t = template_find(a.template_urn, a.template_version);
	edit = assessment_item_writable(r->who, r->org_id, a.status, "risk", &err);
	layout_begin(r, a.title);
	org_nav(r, o.name, "/assessments");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, a.title);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, "danger", notice);
	facts(r, &a, t);
	workflow_panel(r, &a);
	if (edit)
		header_form(r, &a);
	assess_kind_block(r, &a, items, n);
	for (int s = 0; t && s < t->nsections; s++) {
		const struct tsection *sec = &t->sections[s];
		const char *title = tr_pick(&sec->title, r->lang);
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\" id=\"s-");
		html_attr(r, sec->key);
		html_lit(r, "\">");
		html_text(r, title);
		html_lit(r, "</h2>");
		if (sec->help.nb) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_text(r, tr_pick(&sec->help, r->lang));
			html_lit(r, "</p>");
		}
		if (strcmp(a.kind, "ros") == 0 && strcmp(sec->key, "risks") == 0) {
			risk_table(r, &a, items, n, &m, edit);
			if (edit)
				add_risk_form(r, &a, t);
		}
		item_table(r, &a, t, items, n, sec->key, title);
		if (edit && strcmp(sec->key, "measures") == 0)
			add_item_form(r, &a, "measure", "measures", N_("Title of a new measure"),
			    N_("Add the measure"));
	}
	item_table(r, &a, t, items, n, NULL, T(r, "Other items"));
	if (t == NULL)
		alert(r, "warning", N_("The template of this assessment is not available on the server; items are shown without their labels."));
	comments_block(r, &a, t, items, n);
	history_block(r, &a);
	layout_end(r);
}

void
page_assessment(struct req *r)
{
	assess_view(r, NULL);
}

void
page_assessment_header(struct req *r)
{
	static const struct field f[] = {
		{ "title", F_TEXT, 1, 200, 0, 0, NULL },
		{ "scope", F_MULTILINE, 0, 4000, 0, 0, NULL },
		{ "review_date", F_TEXT, 0, 10, 0, 0, NULL },
		{ "expires_on", F_TEXT, 0, 10, 0, 0, NULL },
	};
	struct fval v[4];
	struct assessment a;
	struct org o;
	const char *err;
	char loc[96];

	if (assess_load(r, &o, &a))
		return;
	if (form_read(r, f, 4, v)) {
		r->status = 400;
		for (int i = 0; i < 4; i++)
			if (v[i].err) {
				assess_view(r, v[i].err);
				return;
			}
	}
	a.title = v[0].s;
	a.scope = v[1].s ? v[1].s : "";
	a.review_date = v[2].s ? v[2].s : "";
	if (strcmp(a.kind, "dba") == 0)
		a.expires_on = v[3].s ? v[3].s : "";
	if (assessment_update_header(r->db, &r->arena, r->who->user_id, &a, &err)) {
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : strcmp(a.status, "draft") ? 409 : 400;
		assess_view(r, err);
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/assessments/%lld", (long long)r->org_id, (long long)a.id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}
