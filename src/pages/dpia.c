/*
 * dpia.c - the DPIA part of the assessment view and its three forms: level,
 * parent and review date; the DPO's advice; a conclusion per service.
 *
 * The block sits inside the generic assessment page (pages/assess*.c), so
 * a DPIA reads as one document. Its forms post to their own routes and
 * answer with a redirect back to the assessment; on a bad value they show
 * the one form again, with the message at the field, on a page of its own
 * (status 400, or 409 when the assessment is no longer a draft), since
 * the whole assessment page would hide the message among its items.
 *
 * Levels follow KS practice: an overarching DPIA, one per platform
 * ("universe": Google, Microsoft, iPad, Feide) and a simplified one per app.
 * A lower level shows the content it inherits read-only beside its own,
 * question by question, so a municipality fills in only what differs.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "decision.h"
#include "dpia.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
#include "../domain/dpia.h"
#include "../domain/org.h"
#include "../domain/screening.h"
#include "../domain/template.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"

#define ADVICE_MAX 8000
#define SERVICE_MAX 200
#define CONDITIONS_MAX 4000

static const char *const level_keys[] = { "overarching", "platform", "app", NULL };
static const char *const result_keys[] = { "acceptable", "conditions", "not_acceptable", NULL };

static int
is_draft(const struct assessment *a)
{
	return strcmp(a->status, "draft") == 0;
}

/* The DPO writes advice while the DPIA is a draft or waits for advice. */
static int
advice_open(const struct assessment *a)
{
	return is_draft(a) || strcmp(a->status, "dpo_advice") == 0;
}

static void
action(struct req *r, const struct assessment *a, const char *what)
{
	html_lit(r, "\" action=\"");
	dui_assessment_href(r, a->id);
	html_lit(r, "/dpia/");
	html_attr(r, what);
	html_lit(r, "\" novalidate>");
}

static void
form_open(struct req *r, const struct assessment *a, const char *what)
{
	html_lit(r, "<form class=\"stack narrow\" method=\"post");
	action(r, a, what);
	form_csrf(r);
}

static void
submit(struct req *r, const char *msgid)
{
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, msgid);
	html_lit(r, "</button></form>");
}

static const char *
result_label(const char *key)
{
	for (int i = 0; i < dpia_nresults; i++)
		if (strcmp(key, dpia_results[i].key) == 0)
			return dpia_results[i].label;
	return N_("Not concluded");
}

/* The label of a template item of a's template, or the uid. */
static const char *
item_label(struct req *r, const struct tmpl *t, const char *uid)
{
	const struct titem *ti = t ? template_item(t, uid, NULL) : NULL;

	return ti ? tr_pick(&ti->label, r->lang) : uid;
}

static void
value_text(struct req *r, const char *v)
{
	if (strcmp(v, "yes") == 0)
		html_t(r, "Yes");
	else if (strcmp(v, "no") == 0)
		html_t(r, "No");
	else if (*v)
		html_text(r, v);
	else {
		html_lit(r, "<em>");
		html_t(r, "Not answered");
		html_lit(r, "</em>");
	}
}

/* ------------------------------------------------------------ the forms */

static void
level_form(struct req *r, const struct assessment *a, const char *level, int64_t parent,
    const char *review, const char *const err[3])
{
	struct assessment *all;
	int n = assessment_list(r->db, &r->arena, r->org_id, "dpia", &all);
	char id[24];

	form_open(r, a, "level");
	dui_select_begin(r, "level", N_("Level"), err[0]);
	dui_option(r, "", T(r, "No level"), level == NULL || *level == '\0');
	for (int i = 0; i < dpia_nlevels; i++)
		dui_option(r, dpia_levels[i].key, T(r, dpia_levels[i].label),
		    level && strcmp(level, dpia_levels[i].key) == 0);
	dui_select_end(r, err[0], "level");
	dui_select_begin(r, "parent", N_("Inherits from"), err[1]);
	dui_option(r, "", T(r, "Nothing (top level)"), parent == 0);
	for (int i = 0; i < n; i++) {
		if (all[i].id == a->id)
			continue;
		snprintf(id, sizeof(id), "%lld", (long long)all[i].id);
		dui_option(r, id, arena_printf(&r->arena, "%s (%s)", all[i].title,
		    dpia_level_label(all[i].level) ? T(r, dpia_level_label(all[i].level)) :
		    T(r, "No level")), all[i].id == parent);
	}
	dui_select_end(r, err[1], "parent");
	form_input(r, "review_date", N_("Review date (YYYY-MM-DD)"), "text", review, err[2], 0, "off");
	submit(r, N_("Save level and review date"));
}

static void
advice_form(struct req *r, const struct assessment *a, const char *text, const char *err)
{
	form_open(r, a, "advice");
	dui_textarea(r, "text", N_("The data protection officer's advice"), text, err, 6);
	submit(r, N_("Save the advice"));
}

static void
conclusion_form(struct req *r, const struct assessment *a, const struct dpia_summary *s,
    const struct tmpl *t, const char *const val[4], const char *const err[4])
{
	form_open(r, a, "conclusions");
	dui_select_begin(r, "uid", N_("Conclusion"), err[0]);
	dui_option(r, "", T(r, "A new service or feature"), val[0] == NULL || *val[0] == '\0');
	for (int i = 0; i < s->nconclusions; i++) {
		const struct dpia_conclusion *c = &s->conclusions[i];
		dui_option(r, c->uid, *c->service ? c->service : item_label(r, t, c->uid),
		    val[0] && strcmp(val[0], c->uid) == 0);
	}
	dui_select_end(r, err[0], "uid");
	form_input(r, "service", N_("Service or feature"), "text", val[1], err[1], 1, "off");
	dui_select_begin(r, "result", N_("Result"), err[2]);
	dui_option(r, "", T(r, "Choose a result"), val[2] == NULL || *val[2] == '\0');
	for (int i = 0; i < dpia_nresults; i++)
		dui_option(r, dpia_results[i].key, T(r, dpia_results[i].label),
		    val[2] && strcmp(val[2], dpia_results[i].key) == 0);
	dui_select_end(r, err[2], "result");
	dui_textarea(r, "conditions", N_("Conditions"), val[3], err[3], 3);
	submit(r, N_("Save the conclusion"));
}

/* ------------------------------------------------------------ the block */

static void
about(struct req *r, const struct assessment *a, const struct assessment *parent,
    const struct dpia_summary *s)
{
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "About this DPIA");
	html_lit(r, "</caption><tbody><tr><th scope=\"row\">");
	html_t(r, "Level");
	html_lit(r, "</th><td>");
	html_t(r, dpia_level_label(a->level) ? dpia_level_label(a->level) : N_("No level"));
	html_lit(r, "</td></tr><tr><th scope=\"row\">");
	html_t(r, "Inherits from");
	html_lit(r, "</th><td>");
	if (parent) {
		html_lit(r, "<a class=\"ds-link\" href=\"");
		dui_assessment_href(r, parent->id);
		html_lit(r, "\">");
		html_text(r, parent->title);
		html_lit(r, "</a>");
	} else
		html_t(r, "Nothing (top level)");
	html_lit(r, "</td></tr><tr><th scope=\"row\">");
	html_t(r, "Review date");
	html_lit(r, "</th><td>");
	if (*a->review_date)
		html_text(r, a->review_date);
	else
		html_t(r, "Not set");
	html_lit(r, "</td></tr><tr><th scope=\"row\">");
	html_t(r, "Local fields still empty");
	html_lit(r, "</th><td>");
	html_int(r, s->local_open);
	html_lit(r, " ");
	html_t(r, "of");
	html_lit(r, " ");
	html_int(r, s->local_total);
	html_lit(r, "</td></tr><tr><th scope=\"row\">");
	html_t(r, "Prior consultation with Datatilsynet (Art. 36)");
	html_lit(r, "</th><td>");
	html_t(r, s->art36 ? N_("Yes – required") : N_("No"));
	html_lit(r, "</td></tr></tbody></table>");
}

static void
screening_part(struct req *r, const struct assessment *a)
{
	struct screening_rec sr;
	const char *tool = NULL;
	int newer = 0, rc;

	page_heading(r, 3, N_("Screening"));
	if (a->screening_id == 0 ||
	    (rc = dpia_screening(r->db, &r->arena, r->org_id, a->screening_id, &sr, &tool, &newer)) == 0) {
		page_para(r, N_("This DPIA was not started from a screening."));
		return;
	}
	if (rc < 0) {
		page_para(r, N_("The screening could not be read."));
		return;
	}
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "Screening of");
	html_lit(r, " ");
	html_text(r, tool);
	html_lit(r, ", ");
	html_time(r, sr.screened_at);
	html_lit(r, ": ");
	html_t(r, sr.out.needs_dpia ? N_("a DPIA is required.") : N_("a DPIA is not required."));
	html_lit(r, "</p>");
	if (newer)
		alert(r, "info", N_("The tool has been screened again since this DPIA started; the latest screening is shown."));
	if (sr.out.ncriteria) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Criteria met (EDPB):");
		html_lit(r, "</p><ul class=\"ds-list\">");
		for (int i = 0; i < C__COUNT; i++)
			if ((sr.out.criteria >> i) & 1) {
				html_lit(r, "<li>");
				html_t(r, screening_criteria[i].label);
				html_lit(r, "</li>");
			}
		html_lit(r, "</ul>");
	}
	if (sr.out.nlisted) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "On Datatilsynet's list of processing that always requires a DPIA:");
		html_lit(r, "</p><ul class=\"ds-list\">");
		for (int i = 0; i < L__COUNT; i++)
			if ((sr.out.listed >> i) & 1) {
				html_lit(r, "<li>");
				html_t(r, screening_listed[i].label);
				html_lit(r, "</li>");
			}
		html_lit(r, "</ul>");
	}
}

static void
conclusions_part(struct req *r, const struct assessment *a, const struct dpia_summary *s,
    const struct tmpl *t, int edit)
{
	static const char *const none[4] = { NULL, NULL, NULL, NULL };

	page_heading(r, 3, N_("Conclusion per service"));
	if (s->nconclusions == 0)
		page_para(r, N_("No conclusions yet."));
	else {
		html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
		html_t(r, "Conclusion per service or feature");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Service or feature");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Result");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Conditions");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < s->nconclusions; i++) {
			const struct dpia_conclusion *c = &s->conclusions[i];
			html_lit(r, "<tr><th scope=\"row\">");
			html_text(r, *c->service ? c->service : item_label(r, t, c->uid));
			html_lit(r, "</th><td>");
			html_t(r, result_label(c->result));
			html_lit(r, "</td><td>");
			html_text(r, c->conditions);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (edit)
		conclusion_form(r, a, s, t, none, none);
}

static void
advice_part(struct req *r, const struct assessment *a, const struct dpia_summary *s)
{
	page_heading(r, 3, N_("The data protection officer's advice"));
	if (*s->advice) {
		html_lit(r, "<blockquote class=\"ds-paragraph dpo-advice\">");
		html_text(r, s->advice);
		html_lit(r, "</blockquote>");
	} else
		page_para(r, N_("The data protection officer has not written advice yet."));
	if (authz_allows(r->who, A_DPO_ADVICE, r->org_id, 0) && advice_open(a))
		advice_form(r, a, s->advice, NULL);
	else if (!*s->advice)
		page_para(r, N_("Only the data protection officer writes the advice (GDPR Art. 35(2))."));
}

static void
local_part(struct req *r, const struct tmpl *t, const struct as_item *items, int n)
{
	int any = 0;

	for (int i = 0; i < n; i++) {
		const struct as_item *it = &items[i];
		if (!it->local || strcmp(it->kind, "field") != 0 ||
		    *dpia_field_value(&r->arena, it) != '\0')
			continue;
		if (!any++) {
			page_heading(r, 3, N_("Local fields still to complete"));
			html_lit(r, "<ul class=\"ds-list\">");
		}
		html_lit(r, "<li>");
		html_text(r, item_label(r, t, it->uid));
		html_lit(r, "</li>");
	}
	if (any)
		html_lit(r, "</ul>");
}

/* This DPIA's answers beside the parent's, question by question. */
static void
inherited_part(struct req *r, const struct assessment *parent, const struct tmpl *t,
    const struct as_item *items, int n)
{
	struct as_item *pi;
	int np = assessment_items(r->db, &r->arena, parent->id, &pi);

	if (np < 0) {
		page_para(r, N_("The content of the level above could not be read."));
		return;
	}
	page_heading(r, 3, N_("Inherited content"));
	page_para(r, N_("The answers of the level above are shown beside this DPIA's own, read-only. Change them in that DPIA."));
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "This DPIA beside the one it inherits from");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Question");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "This DPIA");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Inherited from");
	html_lit(r, " ");
	html_text(r, parent->title);
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const char *pv = "";
		if (strcmp(items[i].kind, "field") != 0)
			continue;
		for (int j = 0; j < np; j++)
			if (strcmp(pi[j].uid, items[i].uid) == 0)
				pv = dpia_field_value(&r->arena, &pi[j]);
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, item_label(r, t, items[i].uid));
		html_lit(r, "</th><td>");
		value_text(r, dpia_field_value(&r->arena, &items[i]));
		html_lit(r, "</td><td>");
		value_text(r, pv ? pv : "");
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
dpia_block(struct req *r, const struct assessment *a, const struct as_item *items, int n)
{
	static const char *const none[3] = { NULL, NULL, NULL };
	const struct tmpl *t = template_find(a->template_urn, a->template_version);
	struct dpia_summary s;
	struct assessment parent;
	int has_parent = 0, edit = authz_allows(r->who, A_ASSESS_EDIT, r->org_id, 0);

	if (dpia_summarise(&r->arena, items, n, &s) < 0)
		return;
	if (a->parent_id)
		has_parent = assessment_get(r->db, &r->arena, r->org_id, a->parent_id, &parent) == 1;
	html_lit(r, "<section class=\"stack\" id=\"dpia\" aria-labelledby=\"dpia-h\">"
	    "<h2 class=\"ds-heading\" data-size=\"md\" id=\"dpia-h\">");
	html_t(r, "DPIA: level, screening and conclusion");
	html_lit(r, "</h2>");
	if (s.art36)
		alert(r, "danger", N_("High residual risk remains: the processing may not start before Datatilsynet has been consulted (GDPR Art. 36)."));
	about(r, a, has_parent ? &parent : NULL, &s);
	if (edit && is_draft(a))
		level_form(r, a, a->level, a->parent_id, a->review_date, none);
	screening_part(r, a);
	conclusions_part(r, a, &s, t, edit && is_draft(a));
	advice_part(r, a, &s);
	local_part(r, t, items, n);
	if (has_parent)
		inherited_part(r, &parent, t, items, n);
	html_lit(r, "</section>");
}

/* ---------------------------------------------------------- the handlers */

/* Loads the :id DPIA of the organisation; on failure answers 404/500. */
static int
load(struct req *r, struct assessment *a)
{
	int64_t id = param_id(r, "id");
	int rc = id ? assessment_get(r->db, &r->arena, r->org_id, id, a) : 0;

	if (rc < 0) {
		log_err("dpia: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return -1;
	}
	if (rc == 0 || strcmp(a->kind, "dpia") != 0) {
		page_error(r, 404, "There is no page at this address.");
		return -1;
	}
	return 0;
}

static void
back(struct req *r, const struct assessment *a)
{
	char loc[96];

	snprintf(loc, sizeof(loc), "/o/%lld/assessments/%lld#dpia", (long long)r->org_id,
	    (long long)a->id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}

/* The page that shows one form again with its messages. */
static int
retry_begin(struct req *r, const struct assessment *a, int status, const char *msg)
{
	struct org o;

	if (page_load_org(r, &o))
		return -1;
	r->status = status;
	layout_begin(r, a->title);
	org_nav(r, o.name, "/assessments");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, a->title);
	html_lit(r, "</h1>");
	if (msg)
		alert(r, "danger", msg);
	return 0;
}

static void
retry_end(struct req *r, const struct assessment *a)
{
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	dui_assessment_href(r, a->id);
	html_lit(r, "\">");
	html_t(r, "Back to the assessment");
	html_lit(r, "</a></p>");
	layout_end(r);
}

/* 409 when the assessment's state refuses the change, else 400. */
static int
refusal(const struct assessment *a, int advice)
{
	return (advice ? advice_open(a) : is_draft(a)) ? 400 : 409;
}

static const struct field level_fields[] = {
	{ "level", F_ENUM, 0, 0, 0, 0, level_keys },
	{ "parent", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "review_date", F_TEXT, 0, 10, 0, 0, NULL },
};

void
page_dpia_level(struct req *r)
{
	struct assessment a;
	struct fval v[3];
	const char *err[3] = { NULL, NULL, NULL }, *e = NULL;
	enum dpia_field ef = DPIA_F_PARENT;
	int bad;

	if (load(r, &a))
		return;
	bad = form_read(r, level_fields, 3, v);
	for (int i = 0; i < 3; i++)
		err[i] = v[i].err;
	if (!bad && dpia_set_level(r->db, &r->arena, r->who->user_id, r->org_id, a.id, v[0].s,
	    v[1].s ? v[1].i : 0, v[2].s, &e, &ef) == 0) {
		back(r, &a);
		return;
	}
	/* The domain's message goes to the field it concerns. */
	if (e)
		err[ef] = e;
	if (retry_begin(r, &a, refusal(&a, 0), e && !is_draft(&a) ? e : NULL))
		return;
	{
		static const char *const names[] = { "level", "parent", "review_date" };
		struct fval ev[3];
		memset(ev, 0, sizeof(ev));
		for (int i = 0; i < 3; i++)
			ev[i].err = err[i];
		form_error_summary(r, names, ev, 3);
	}
	level_form(r, &a, v[0].s, v[1].s ? v[1].i : 0, v[2].s, err);
	retry_end(r, &a);
}

static const struct field advice_fields[] = {
	{ "text", F_MULTILINE, 1, ADVICE_MAX, 0, 0, NULL },
};

void
page_dpia_advice(struct req *r)
{
	static const char *const names[] = { "text" };
	struct assessment a;
	struct fval v[1];
	const char *e = NULL, *data;

	if (load(r, &a))
		return;
	if (form_read(r, advice_fields, 1, v) == 0) {
		if ((data = dpia_advice_data(&r->arena, v[0].s)) == NULL) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		if (assessment_item_save(r->db, &r->arena, r->who, r->org_id, a.id, DPIA_ADVICE_UID,
		    data, &e) == 0) {
			back(r, &a);
			return;
		}
		v[0].err = e;
	}
	if (retry_begin(r, &a, refusal(&a, 1), NULL))
		return;
	form_error_summary(r, names, v, 1);
	advice_form(r, &a, v[0].s, v[0].err);
	retry_end(r, &a);
}

static const struct field conclusion_fields[] = {
	{ "uid", F_TEXT, 0, 100, 0, 0, NULL },
	{ "service", F_TEXT, 1, SERVICE_MAX, 0, 0, NULL },
	{ "result", F_ENUM, 1, 0, 0, 0, result_keys },
	{ "conditions", F_MULTILINE, 0, CONDITIONS_MAX, 0, 0, NULL },
};

void
page_dpia_conclusion(struct req *r)
{
	static const char *const names[] = { "uid", "service", "result", "conditions" };
	struct assessment a;
	struct fval v[4];
	const char *e = NULL, *data, *val[4], *err[4];
	struct as_item *items;
	struct dpia_summary s;
	int n, bad;

	if (load(r, &a))
		return;
	bad = form_read(r, conclusion_fields, 4, v);
	if (!bad && v[2].s && strcmp(v[2].s, "conditions") == 0 && v[3].s == NULL) {
		v[3].err = N_("Write the conditions when the result is acceptable with conditions.");
		bad = 1;
	}
	if (!bad) {
		data = dpia_conclusion_data(&r->arena, v[1].s, v[2].s, v[3].s);
		if (data == NULL) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		/* A uid names one of this DPIA's conclusions; anything else is
		 * refused by the domain ("not found") and shown at the field. */
		if (v[0].s ? assessment_item_save(r->db, &r->arena, r->who, r->org_id, a.id, v[0].s,
		    data, &e) == 0 : assessment_item_add(r->db, &r->arena, r->who, r->org_id, a.id,
		    "conclusion", "conclusion", data, &e) != NULL) {
			back(r, &a);
			return;
		}
		v[v[0].s && is_draft(&a) ? 0 : 1].err = e;
	}
	if ((n = assessment_items(r->db, &r->arena, a.id, &items)) < 0 ||
	    dpia_summarise(&r->arena, items, n, &s) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (retry_begin(r, &a, refusal(&a, 0), NULL))
		return;
	form_error_summary(r, names, v, 4);
	for (int i = 0; i < 4; i++) {
		val[i] = v[i].s;
		err[i] = v[i].err;
	}
	conclusion_form(r, &a, &s, template_find(a.template_urn, a.template_version), val, err);
	retry_end(r, &a);
}
