/*
 * inventory_screening.c - the initial screening (innledende vurdering) of
 * one inventory row: the questions, and the stored result with each reason
 * in plain language. The rules are in domain/screening.c; this page only
 * asks and shows. Before the first screening the answers are suggested
 * from the row (grades or pupils mean pupils' data; its data categories
 * and Feide attributes), and afterwards taken from the latest screening.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "inventory.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/catalogue.h"
#include "../domain/inventory.h"
#include "../domain/org.h"
#include "../domain/screening.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

static const char *const yesno[] = { "yes", "no", NULL };

/* Groups of questions as the form shows them (SQ_PERSONAL is the radio). */
static const struct {
	const char *legend;
	int q[10];
} groups[] = {
	{ N_("Whose personal data?"), { SQ_PUPILS, SQ_PARENTS, SQ_STAFF, SQ_VULNERABLE_OTHER, -1 } },
	{ N_("What kinds of personal data?"), { SQ_SPECIAL, SQ_CRIMINAL, SQ_LOCATION, -1 } },
	{ N_("Vendor and hosting"), { SQ_PROCESSOR, SQ_OUTSIDE_EEA, -1 } },
	{ N_("How is the data used?"), { SQ_MONITORING, SQ_MONITORING_STAFF, SQ_EVALUATION,
	    SQ_PUPIL_EVALUATION, SQ_AUTOMATED, SQ_LARGE_SCALE, SQ_MATCHING, SQ_NEW_TECH,
	    SQ_PREVENTS_RIGHTS, -1 } },
};

#define NF_MAX (1 + SQ__COUNT + 32)

/* Fields: "personal_data" (yes/no), "q_<key>" per other question,
 * "feide_<key>" per Feide attribute. */
static int
fields(struct req *r, struct field *f)
{
	int n = 0, nk;
	const struct cat_key *k = catalogue_set_keys(CS_FEIDE, &nk);

	memset(f, 0, sizeof(*f) * NF_MAX);
	f[n].name = "personal_data";
	f[n].type = F_ENUM;
	f[n].required = 1;
	f[n].maxlen = 3;
	f[n].choices = yesno;
	n++;
	for (int i = 1; i < SQ__COUNT; i++) {
		f[n].name = arena_printf(&r->arena, "q_%s", screening_questions[i].key);
		f[n].type = F_BOOL;
		f[n].maxlen = 3;
		n++;
	}
	for (int i = 0; i < nk && i < 32; i++) {
		f[n].name = arena_printf(&r->arena, "feide_%s", k[i].key);
		f[n].type = F_BOOL;
		f[n].maxlen = 3;
		n++;
	}
	return n;
}

static void
radio(struct req *r, const char *value, const char *label, int checked)
{
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"radio\" name=\"personal_data\" id=\"f-personal_data-");
	html_attr(r, value);
	html_lit(r, "\" value=\"");
	html_attr(r, value);
	html_lit(r, "\"");
	if (checked)
		html_lit(r, " checked");
	html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-personal_data-");
	html_attr(r, value);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label></div>");
}

/* Answers suggested from the row before its first screening. */
static struct screening_in
suggest(const struct inv_row *w)
{
	struct screening_in in = { 0, w->feide };
	unsigned special = inv_key_bit(CS_DATA, "health") | inv_key_bit(CS_DATA, "special_needs");

	if (w->data || w->feide)
		in.q |= 1u << SQ_PERSONAL;
	if (*w->grades || w->pupils > 0)
		in.q |= 1u << SQ_PUPILS;
	if (w->data & special)
		in.q |= 1u << SQ_SPECIAL;
	if (w->data & inv_key_bit(CS_DATA, "location"))
		in.q |= 1u << SQ_LOCATION;
	return in;
}

/* One of ROS/DPIA/DBA: needed or not, and whether the row has it. */
static void
need_line(struct req *r, const char *what, int needed, int has, const char *yes, const char *no)
{
	html_lit(r, "<li><strong>");
	html_t(r, what);
	html_lit(r, ":</strong> ");
	if (needed && !has) {
		html_lit(r, "<span class=\"ds-tag\" data-color=\"warning\">");
		html_t(r, yes);
		html_lit(r, "</span> ");
		html_t(r, "(missing)");
	} else if (needed) {
		html_t(r, yes);
		html_lit(r, " ");
		html_t(r, "(in place)");
	} else
		html_t(r, no);
	html_lit(r, "</li>");
}

static void
result(struct req *r, const struct screening_rec *s, const struct inv_row *w)
{
	const struct screening_out *o = &s->out;

	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Result of the latest screening");
	html_lit(r, "</h2><p class=\"ds-paragraph\">");
	html_t(r, "Screened");
	html_lit(r, " ");
	html_time(r, s->screened_at);
	if (*s->screened_by) {
		html_lit(r, " ");
		html_t(r, "by");
		html_lit(r, " ");
		html_text(r, s->screened_by);
	}
	html_lit(r, "</p><ul class=\"ds-list screening-result\">");
	need_line(r, N_("Risk and vulnerability assessment (ROS)"), o->needs_ros, w->has_ros,
	    N_("Needed"), N_("Not needed"));
	need_line(r, N_("Data protection impact assessment (DPIA)"), o->needs_dpia, w->has_dpia,
	    N_("Required"), N_("Not required"));
	need_line(r, N_("Data processing agreement (DBA)"), o->needs_dba, w->has_dba,
	    N_("Needed"), N_("Not needed"));
	html_lit(r, "</ul><h3 class=\"ds-heading\" data-size=\"sm\">");
	html_t(r, "Why");
	html_lit(r, "</h3><ul class=\"ds-list screening-reasons\">");
	for (int i = 0; i < o->nreasons; i++) {
		html_lit(r, "<li>");
		html_t(r, screening_reason_text(o->reasons[i]));
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul>");
	if (!o->needs_ros && !o->criteria)
		return;
	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_t(r, "The nine criteria for a DPIA (EDPB guidelines, WP248)");
	html_lit(r, " – ");
	html_t(r, "met:");
	html_lit(r, " ");
	html_int(r, o->ncriteria);
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Criterion");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Met");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < C__COUNT; i++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_t(r, screening_criteria[i].label);
		html_lit(r, "</th><td>");
		html_t(r, (o->criteria >> i) & 1 ? N_("Yes") : N_("No"));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	if (o->listed) {
		html_lit(r, "<h3 class=\"ds-heading\" data-size=\"sm\">");
		html_t(r, "On Datatilsynet's list of processing that always requires a DPIA");
		html_lit(r, "</h3><ul class=\"ds-list screening-listed\">");
		for (int i = 0; i < L__COUNT; i++)
			if ((o->listed >> i) & 1) {
				html_lit(r, "<li>");
				html_t(r, screening_listed[i].label);
				html_lit(r, "</li>");
			}
		html_lit(r, "</ul>");
	}
}

static void
screening_page(struct req *r, const struct org *o, const struct inv_row *w,
    const struct screening_in *ans, const char *err, const char *notice)
{
	struct screening_rec s;
	struct todo *todos;
	int have = screening_latest(r->db, &r->arena, r->org_id, w->id, &s);
	int nt = todo_list(r->db, &r->arena, r->org_id, w->id, &todos), nk;
	int edit = inventory_can(r->who, A_SCREENING_EDIT, r->org_id, w->school_id);
	const struct cat_key *k = catalogue_set_keys(CS_FEIDE, &nk);
	struct screening_in in;

	if (have < 0 || nt < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	in = ans ? *ans : have == 1 ? s.in : suggest(w);
	layout_begin(r, T(r, "Initial screening"));
	org_nav(r, o->name, "/inventory");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Initial screening");
	html_lit(r, ": ");
	html_text(r, w->tool_name);
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	if (w->school_id > 0)
		html_text(r, w->school_name);
	else
		html_t(r, inv_whole_label(o->kind));
	html_lit(r, " · <a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/");
	html_int(r, w->id);
	html_lit(r, "\">");
	html_t(r, "Back to the row");
	html_lit(r, "</a></p>");
	if (notice)
		alert(r, "success", notice);
	if (have == 1)
		result(r, &s, w);
	else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "This tool has not been screened yet.");
		html_lit(r, "</p>");
	}
	if (nt > 0) {
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, "To-dos");
		html_lit(r, "</h2><ul class=\"ds-list screening-todos\">");
		for (int i = 0; i < nt; i++) {
			html_lit(r, "<li>");
			html_text(r, todos[i].title);
			html_lit(r, " – ");
			html_t(r, strcmp(todos[i].status, "open") == 0 ? N_("open") : N_("closed"));
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul>");
	}
	if (!edit) {
		layout_end(r);
		return;
	}
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, have == 1 ? N_("Screen again") : N_("Screen the tool"));
	html_lit(r, "</h2><p class=\"ds-paragraph\">");
	html_t(r, "Answer for the tool as it is used here. The result says which of ROS, DPIA and data processing agreement are needed, and to-dos are made for those that are missing.");
	html_lit(r, "</p><form class=\"stack\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/");
	html_int(r, w->id);
	html_lit(r, "/screening\">");
	form_csrf(r);
	html_lit(r, "<fieldset class=\"ds-fieldset school-choice\" id=\"f-personal_data\"");
	if (err)
		html_lit(r, " aria-describedby=\"e-personal_data\"");
	html_lit(r, "><legend class=\"ds-label\">");
	html_t(r, screening_questions[SQ_PERSONAL].label);
	html_lit(r, "</legend>");
	if (err) {
		html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-personal_data\">");
		html_t(r, err);
		html_lit(r, "</div>");
	}
	radio(r, "yes", N_("Yes"), ((in.q >> SQ_PERSONAL) & 1) && (ans || have == 1 || in.q));
	radio(r, "no", N_("No"), (ans || have == 1) && !((in.q >> SQ_PERSONAL) & 1));
	html_lit(r, "</fieldset>");
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		html_lit(r, "<fieldset class=\"ds-fieldset school-choice\"><legend class=\"ds-label\">");
		html_t(r, groups[g].legend);
		html_lit(r, "</legend>");
		if (g == 0) {
			html_lit(r, "<p class=\"ds-paragraph\" data-size=\"sm\">");
			html_t(r, "Pupils are children: the criterion \"vulnerable data subjects\" is then always met.");
			html_lit(r, "</p>");
		}
		for (int i = 0; groups[g].q[i] >= 0; i++) {
			int q = groups[g].q[i];
			inv_checkbox(r, arena_printf(&r->arena, "q_%s", screening_questions[q].key),
			    screening_questions[q].label, (in.q >> q) & 1);
		}
		html_lit(r, "</fieldset>");
		if (g == 1) {
			html_lit(r, "<fieldset class=\"ds-fieldset school-choice\"><legend class=\"ds-label\">");
			html_t(r, "Feide attributes the tool receives");
			html_lit(r, "</legend>");
			for (int i = 0; i < nk && i < 32; i++)
				inv_checkbox(r, arena_printf(&r->arena, "feide_%s", k[i].key), k[i].label,
				    (in.feide >> i) & 1);
			html_lit(r, "</fieldset>");
		}
	}
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Save the screening");
	html_lit(r, "</button></form>");
	layout_end(r);
}

static const char *const msgs[] = { "screened", NULL };
static const struct field msg_field[] = {
	{ "m", F_ENUM, 0, 20, 0, 0, msgs },
};

void
page_screening(struct req *r)
{
	struct org o;
	struct inv_row w;
	struct fval mv[1];

	if (inv_page_row(r, &w, &o))
		return;
	form_read(r, msg_field, 1, mv);
	screening_page(r, &o, &w, NULL, NULL, mv[0].s ? N_("The screening has been saved.") : NULL);
}

void
page_screening_post(struct req *r)
{
	struct org o;
	struct inv_row w;
	struct field f[NF_MAX];
	struct fval v[NF_MAX];
	struct screening_in in = { 0, 0 };
	struct screening_out out;
	int n, bad;

	if (inv_page_row(r, &w, &o))
		return;
	if (!inventory_can(r->who, A_SCREENING_EDIT, r->org_id, w.school_id)) {
		page_error(r, 403, "You do not have access to this page.");
		return;
	}
	n = fields(r, f);
	bad = form_read(r, f, n, v);
	if (v[0].s && strcmp(v[0].s, "yes") == 0)
		in.q |= 1u << SQ_PERSONAL;
	for (int i = 1; i < SQ__COUNT; i++)
		if (v[i].i)
			in.q |= 1u << i;
	for (int i = SQ__COUNT; i < n; i++)
		if (v[i].i)
			in.feide |= 1u << (i - SQ__COUNT);
	if (bad) {
		r->status = 400;
		screening_page(r, &o, &w, &in, v[0].err ? v[0].err :
		    N_("The form data is malformed or has too many fields."), NULL);
		return;
	}
	screening_evaluate(&in, &out);
	if (db_begin(r->db) ||
	    screening_save(r->db, &r->arena, r->org_id, w.id, &in, &out, r->who->user_id, now_s()) <= 0 ||
	    db_commit(r->db)) {
		log_err("screening: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/inventory/%lld/screening?m=screened",
	    (long long)r->org_id, (long long)w.id));
}
