/*
 * assess_item.c - one item of an assessment (its form, saving, adding and
 * deleting items), the workflow moves and comments.
 *
 * The form of an item is built from a table per item kind (which keys,
 * which widget), so the same code edits a ROS risk, a DBA checklist line or
 * the DPO's advice; the field declarations for form_read are built from the
 * same table, so what is shown is exactly what is accepted. Who may write
 * which item, and when, is decided by the domain (assessment_item_writable):
 * a role that may not gets 403, a status that does not allow it 409.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "assess.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
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
#define MAXF 16

enum widget { W_TEXT, W_AREA, W_DATE, W_SELECT, W_NUM, W_PROP };
struct fspec {
	const char *key, *label;
	enum widget w;
	const char *const *choices;
};

static const char *const c_measure[] = { "planned", "in_progress", "done", NULL };
static const char *const c_check[] = { "ok", "deviation", "missing", "na", NULL };
static const char *const c_basis[] = { "eea", "adequacy", "dpf", "scc", "bcr", "none", NULL };
static const char *const c_result[] = { "acceptable", "conditions", "not_acceptable", NULL };
static const char *const c_decision[] = { "accepted", "not_accepted", NULL };
static const char *const c_yesno[] = { "yes", "no", NULL };
static const char *const c_num[6][7] = {
	{ "0", NULL }, { "0", "1", NULL }, { "0", "1", "2", NULL }, { "0", "1", "2", "3", NULL },
	{ "0", "1", "2", "3", "4", NULL }, { "0", "1", "2", "3", "4", "5", NULL },
};

static const struct fspec s_risk[] = {
	{ "title", N_("Title"), W_TEXT, NULL },
	{ "description", N_("Description of the unwanted event"), W_AREA, NULL },
	{ "property", N_("Affected security property"), W_PROP, NULL },
	{ "pupil_consequence", N_("Consequence for the pupil"), W_AREA, NULL },
	{ "causes", N_("Causes and threats"), W_AREA, NULL },
	{ "controls", N_("Existing controls"), W_AREA, NULL },
	{ "likelihood", N_("Likelihood"), W_NUM, NULL },
	{ "consequence", N_("Consequence"), W_NUM, NULL },
	{ "measures", N_("Measures"), W_AREA, NULL },
	{ "res_likelihood", N_("Likelihood after measures"), W_NUM, NULL },
	{ "res_consequence", N_("Consequence after measures"), W_NUM, NULL },
	{ "owner", N_("Risk owner"), W_TEXT, NULL },
	{ NULL, NULL, 0, NULL } };
static const struct fspec s_measure[] = {
	{ "title", N_("Title"), W_TEXT, NULL }, { "owner", N_("Responsible"), W_TEXT, NULL },
	{ "due", N_("Due date (YYYY-MM-DD)"), W_DATE, NULL },
	{ "status", N_("Status"), W_SELECT, c_measure }, { NULL, NULL, 0, NULL } };
static const struct fspec s_check[] = {
	{ "status", N_("Status"), W_SELECT, c_check },
	{ "note", N_("Deviation or note"), W_AREA, NULL }, { NULL, NULL, 0, NULL } };
static const struct fspec s_sub[] = {
	{ "name", N_("Name"), W_TEXT, NULL }, { "country", N_("Country"), W_TEXT, NULL },
	{ "purpose", N_("What it does"), W_TEXT, NULL },
	{ "transfer_basis", N_("Transfer basis"), W_SELECT, c_basis },
	{ "tia_ref", N_("Transfer impact assessment (reference)"), W_TEXT, NULL },
	{ NULL, NULL, 0, NULL } };
static const struct fspec s_conclusion[] = {
	{ "service", N_("Service or feature"), W_TEXT, NULL },
	{ "result", N_("Conclusion"), W_SELECT, c_result },
	{ "conditions", N_("Conditions"), W_AREA, NULL }, { NULL, NULL, 0, NULL } };
static const struct fspec s_advice[] = {
	{ "text", N_("The DPO's advice"), W_AREA, NULL }, { NULL, NULL, 0, NULL } };
static const struct fspec s_accept[] = {
	{ "decision", N_("Decision"), W_SELECT, c_decision },
	{ "comment", N_("Comment"), W_AREA, NULL }, { NULL, NULL, 0, NULL } };

/* The spec of an item; a field's single entry depends on its template item. */
static int
item_spec(const struct as_item *it, const struct titem *ti, struct fspec *out)
{
	static const struct { const char *kind; const struct fspec *s; } t[] = {
		{ "risk", s_risk }, { "measure", s_measure }, { "check", s_check },
		{ "subprocessor", s_sub }, { "conclusion", s_conclusion },
		{ "dpo_advice", s_advice }, { "acceptance", s_accept },
	};
	int n = 0;

	if (strcmp(it->kind, "field") == 0) {
		out[0].key = "value";
		out[0].label = N_("Answer");
		out[0].choices = NULL;
		out[0].w = W_TEXT;
		if (ti && ti->type == TF_MULTILINE)
			out[0].w = W_AREA;
		else if (ti && ti->type == TF_DATE)
			out[0].w = W_DATE;
		else if (ti && (ti->type == TF_ENUM || ti->type == TF_BOOL)) {
			out[0].w = W_SELECT;
			out[0].choices = ti->type == TF_BOOL ? c_yesno : ti->options;
		} else if (ti == NULL)
			out[0].w = W_AREA;
		return 1;
	}
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].kind, it->kind) == 0)
			for (const struct fspec *s = t[i].s; s->key && n < MAXF - 2; s++)
				out[n++] = *s;
	return n;
}

/* Declared fields for the spec: a property is three checkboxes. */
static int
spec_fields(struct arena *a, const struct fspec *s, int n, int msize, struct field *f)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		memset(&f[k], 0, sizeof(f[k]));
		f[k].name = s[i].key;
		switch (s[i].w) {
		case W_TEXT: f[k].type = F_TEXT; f[k].maxlen = 500; break;
		case W_AREA: f[k].type = F_MULTILINE; f[k].maxlen = 20000; break;
		case W_DATE: f[k].type = F_TEXT; f[k].maxlen = 10; break;
		case W_SELECT: f[k].type = F_ENUM; f[k].choices = s[i].choices; break;
		case W_NUM: f[k].type = F_ENUM; f[k].choices = c_num[msize]; break;
		case W_PROP:
			for (int p = 0; p < 3; p++) {
				memset(&f[k], 0, sizeof(f[k]));
				f[k].name = arena_printf(a, "property_%c", "cia"[p]);
				f[k].type = F_BOOL;
				k++;
			}
			continue;
		}
		k++;
	}
	return k;
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* The choice's label: a msgid for keys we know, the option itself else. */
static const char *
choice_label(struct req *r, const struct fspec *s, const char *c, const struct risk_matrix *m,
    int likelihood)
{
	const char *msgid;

	if (s->w == W_NUM) {
		int v = c[0] - '0';
		if (v == 0)
			return T(r, "Not rated");
		return arena_printf(&r->arena, "%d %s", v, heat_label(r, m, likelihood, v - 1));
	}
	msgid = assess_key_label(c);
	return msgid ? T(r, msgid) : c;
}

/* One widget; val is the current text (numbers as text), errs per field. */
static void
widget(struct req *r, const struct fspec *s, const char *val, const unsigned prop,
    const char *err, const struct risk_matrix *m, int ro)
{
	if (s->w == W_PROP) {
		html_lit(r, "<fieldset class=\"school-choice\"><legend class=\"ds-label\">");
		html_t(r, s->label);
		html_lit(r, "</legend>");
		for (int p = 0; p < 3; p++) {
			static const char *const names[3] = { N_("confidentiality"), N_("integrity"),
			    N_("availability") };
			html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-property_");
			buf_printf(&r->out, "%c\" name=\"property_%c\"", "cia"[p], "cia"[p]);
			if (prop & (1u << p))
				html_lit(r, " checked");
			if (ro)
				html_lit(r, " disabled");
			html_lit(r, "><label class=\"ds-label\" for=\"f-property_");
			buf_printf(&r->out, "%c\">", "cia"[p]);
			html_t(r, names[p]);
			html_lit(r, "</label></div>");
		}
		html_lit(r, "</fieldset>");
		return;
	}
	form_field_open(r, s->key, s->label);
	if (s->w == W_AREA) {
		html_lit(r, "<textarea class=\"ds-input\" rows=\"4\" id=\"f-");
		html_attr(r, s->key);
		html_lit(r, "\"");
		html_attrkv(r, "name", s->key);
		form_invalid_attrs(r, s->key, err);
		if (ro)
			html_lit(r, " readonly");
		html_lit(r, ">");
		html_text(r, val);
		html_lit(r, "</textarea>");
	} else if (s->w == W_SELECT || s->w == W_NUM) {
		const char *const *ch = s->w == W_NUM ? c_num[m->size] : s->choices;
		int lik = strstr(s->key, "likelihood") != NULL;
		html_lit(r, "<select class=\"ds-input\" id=\"f-");
		html_attr(r, s->key);
		html_lit(r, "\"");
		html_attrkv(r, "name", s->key);
		form_invalid_attrs(r, s->key, err);
		if (ro)
			html_lit(r, " disabled");
		html_lit(r, ">");
		if (s->w == W_SELECT) {
			html_lit(r, "<option value=\"\">");
			html_t(r, "(not answered)");
			html_lit(r, "</option>");
		}
		for (int i = 0; ch && ch[i]; i++) {
			html_lit(r, "<option");
			html_attrkv(r, "value", ch[i]);
			if (strcmp(val, ch[i]) == 0)
				html_lit(r, " selected");
			html_lit(r, ">");
			html_text(r, choice_label(r, s, ch[i], m, lik));
			html_lit(r, "</option>");
		}
		html_lit(r, "</select>");
	} else {
		html_lit(r, "<input class=\"ds-input\" id=\"f-");
		html_attr(r, s->key);
		html_lit(r, "\"");
		html_attrkv(r, "name", s->key);
		html_attrkv(r, "type", s->w == W_DATE ? "date" : "text");
		html_attrkv(r, "value", val);
		form_invalid_attrs(r, s->key, err);
		if (ro)
			html_lit(r, " readonly");
		html_lit(r, ">");
	}
	form_field_close(r, s->key, err);
}

struct itemctx {
	struct org o;
	struct assessment a;
	struct as_item it;
	const struct tmpl *t;
	const struct titem *ti;
	struct risk_matrix m;
	struct fspec spec[MAXF];
	int nspec;
};

/* Loads org, assessment, item (:uid) and the matrix; 0 or -1 answered. */
static int
load_item(struct req *r, struct itemctx *x)
{
	const char *uid = req_param(r, "uid");
	int rc;

	if (assess_load(r, &x->o, &x->a))
		return -1;
	if ((rc = assessment_item(r->db, &r->arena, x->a.id, uid ? uid : "", &x->it)) != 1 ||
	    risk_matrix_get(r->db, &r->arena, r->org_id, &x->m) < 0) {
		page_error(r, rc == 0 ? 404 : 500, rc == 0 ? "There is no page at this address." : E_FAIL);
		return -1;
	}
	x->t = template_find(x->a.template_urn, x->a.template_version);
	x->ti = template_item(x->t, x->it.uid, NULL);
	x->nspec = item_spec(&x->it, x->ti, x->spec);
	return 0;
}

static void
event_help(struct req *r, const struct tmpl *t, const char *event)
{
	const struct tevent *ev = template_event(t, event);

	if (ev == NULL)
		return;
	html_lit(r, "<div class=\"ds-alert\" data-color=\"info\"><p class=\"ds-paragraph\"><strong>");
	html_t(r, "From the catalogue");
	html_lit(r, ":</strong> ");
	html_text(r, tr_pick(&ev->title, r->lang));
	html_lit(r, "</p><p class=\"ds-paragraph\">");
	html_t(r, "Usual controls");
	html_lit(r, ": ");
	html_text(r, tr_pick(&ev->controls, r->lang));
	html_lit(r, "</p></div>");
}

static void
item_comments(struct req *r, const struct itemctx *x)
{
	struct as_comment *c;
	int n = assessment_comments(r->db, &r->arena, x->a.id, &c), any = 0;

	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Comments");
	html_lit(r, "</h2><ul class=\"ds-list\">");
	for (int i = 0; i < n; i++) {
		if (strcmp(c[i].item_uid, x->it.uid) != 0)
			continue;
		any = 1;
		html_lit(r, "<li><strong>");
		html_text(r, c[i].author);
		html_lit(r, "</strong>, ");
		html_time(r, c[i].created_at);
		html_lit(r, ": ");
		html_text(r, c[i].body);
		html_lit(r, "</li>");
	}
	html_lit(r, "</ul>");
	if (!any) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No comments on this item yet.");
		html_lit(r, "</p>");
	}
	if (assess_can_comment(r)) {
		html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
		assess_href(r, x->a.id);
		html_lit(r, "/comments\">");
		form_csrf(r);
		html_lit(r, "<input type=\"hidden\" name=\"item\"");
		html_attrkv(r, "value", x->it.uid);
		html_lit(r, "><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-body\">");
		html_t(r, "Comment on this item");
		html_lit(r, "</label><textarea class=\"ds-input\" id=\"f-body\" name=\"body\" rows=\"3\" maxlength=\"4000\" required></textarea></div>"
		    "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
		html_t(r, "Add the comment");
		html_lit(r, "</button></form>");
	}
}

/* The item page; vals/errs from a refused POST (NULL: from the stored data). */
static void
item_page(struct req *r, struct itemctx *x, const struct fval *v, const char *notice)
{
	const char *werr = NULL, *label = assess_item_label(r, x->t, &x->it);
	int ro = !assessment_item_writable(r->who, r->org_id, x->a.status, x->it.kind, &werr);
	json_t *o = json_loads(x->it.data, 0, NULL);
	unsigned prop = 0;
	int fi = 0;

	layout_begin(r, label);
	org_nav(r, x->o.name, "/assessments");
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	assess_href(r, x->a.id);
	html_lit(r, "#i-");
	html_attr(r, x->it.uid);
	html_lit(r, "\">");
	html_text(r, x->a.title);
	html_lit(r, "</a></p><h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, label);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, "danger", notice);
	if (ro && werr)
		alert(r, "info", werr);
	if (x->ti && x->ti->help.nb) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_text(r, tr_pick(&x->ti->help, r->lang));
		html_lit(r, "</p>");
	}
	if (strcmp(x->it.kind, "risk") == 0)
		event_help(r, x->t, jstr(o, "event"));
	{
		json_t *p = json_object_get(o, "property"), *e;
		size_t i;
		json_array_foreach(p, i, e) {
			const char *s = json_string_value(e);
			prop |= !s ? 0 : s[0] == 'c' ? 1 : s[0] == 'i' ? 2 : s[0] == 'a' ? 4 : 0;
		}
	}
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"");
	assess_href(r, x->a.id);
	html_lit(r, "/items/");
	html_urlarg(r, x->it.uid);
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	for (int i = 0; i < x->nspec; i++) {
		const struct fspec *s = &x->spec[i];
		const char *val = "", *err = NULL;
		if (s->w == W_PROP) {
			if (v) {
				prop = 0;
				for (int p = 0; p < 3; p++)
					prop |= v[fi + p].i ? 1u << p : 0;
			}
			widget(r, s, "", prop, NULL, &x->m, ro);
			fi += 3;
			continue;
		}
		if (v) {
			val = v[fi].s ? v[fi].s : "";
			err = v[fi].err;
		} else if (s->w == W_NUM)
			val = arena_printf(&r->arena, "%lld", (long long)json_integer_value(json_object_get(o, s->key)));
		else
			val = arena_strdup(&r->arena, jstr(o, s->key));
		widget(r, s, val, 0, err, &x->m, ro);
		fi++;
	}
	if (!ro) {
		html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Save");
		html_lit(r, "</button>");
	}
	html_lit(r, "</form>");
	json_decref(o);
	if (!ro && x->ti == NULL && strcmp(x->it.kind, "field") != 0) {
		html_lit(r, "<form method=\"post\" action=\"");
		assess_href(r, x->a.id);
		html_lit(r, "/items/");
		html_urlarg(r, x->it.uid);
		html_lit(r, "/delete\">");
		form_csrf(r);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"tertiary\" data-color=\"danger\" type=\"submit\">");
		html_t(r, "Delete this item");
		html_lit(r, "</button></form>");
	}
	item_comments(r, x);
	layout_end(r);
}

void
page_assessment_item(struct req *r)
{
	struct itemctx x;

	if (load_item(r, &x))
		return;
	item_page(r, &x, NULL, NULL);
}

void
page_assessment_item_post(struct req *r)
{
	struct itemctx x;
	struct field f[MAXF + 2];
	struct fval v[MAXF + 2];
	const char *err;
	json_t *o;
	char *data;
	int nf, fi = 0;

	if (load_item(r, &x))
		return;
	if (!assessment_item_writable(r->who, r->org_id, x.a.status, x.it.kind, &err)) {
		/* A role that may not write this item: 403; a status that does
		 * not allow it now: 409 with the reason on the page. */
		const char *e2;
		struct assessment draft = x.a;
		draft.status = strcmp(x.it.kind, "dpo_advice") == 0 ? "dpo_advice" :
		    strcmp(x.it.kind, "acceptance") == 0 ? "approval" : "draft";
		if (!assessment_item_writable(r->who, r->org_id, draft.status, x.it.kind, &e2)) {
			page_error(r, 403, err);
			return;
		}
		r->status = 409;
		item_page(r, &x, NULL, err);
		return;
	}
	nf = spec_fields(&r->arena, x.spec, x.nspec, x.m.size, f);
	if (form_read(r, f, nf, v)) {
		r->status = 400;
		item_page(r, &x, v, N_("Please correct the following"));
		return;
	}
	o = json_object();
	for (int i = 0; i < x.nspec; i++) {
		const struct fspec *s = &x.spec[i];
		if (s->w == W_PROP) {
			json_t *arr = json_array();
			for (int p = 0; p < 3; p++)
				if (v[fi + p].i)
					json_array_append_new(arr, json_string((const char[]){ "cia"[p], 0 }));
			json_object_set_new(o, s->key, arr);
			fi += 3;
			continue;
		}
		if (s->w == W_NUM)
			json_object_set_new(o, s->key, json_integer(v[fi].s ? v[fi].s[0] - '0' : 0));
		else
			json_object_set_new(o, s->key, json_string(v[fi].s ? v[fi].s : ""));
		fi++;
	}
	/* Keys the form does not show (a risk's catalogue event) are kept. */
	if (strcmp(x.it.kind, "risk") == 0) {
		json_t *old = json_loads(x.it.data, 0, NULL);
		json_object_set_new(o, "event", json_string(jstr(old, "event")));
		json_decref(old);
	}
	data = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (data == NULL) {
		page_error(r, 500, E_FAIL);
		return;
	}
	if (assessment_item_save(r->db, &r->arena, r->who, r->org_id, x.a.id, x.it.uid, data, &err)) {
		free(data);
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : 400;
		item_page(r, &x, v, err);
		return;
	}
	free(data);
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld#i-%s", (long long)r->org_id,
	    (long long)x.a.id, x.it.uid));
}

/* ------------------------------------------------------------ add, delete */

void
page_assessment_item_add(struct req *r)
{
	static const char *const addable[] = { "risk", "measure", "subprocessor", "conclusion", "check", NULL };
	static const struct field f[] = {
		{ "kind", F_ENUM, 1, 0, 0, 0, addable },
		{ "section", F_TEXT, 0, 60, 0, 0, NULL },
		{ "title", F_TEXT, 0, 200, 0, 0, NULL },
		{ "event", F_TEXT, 0, 100, 0, 0, NULL },
	};
	struct fval v[4];
	struct assessment a;
	struct org o;
	const struct tmpl *t;
	const struct tevent *ev = NULL;
	const char *err, *uid, *title;
	json_t *d;
	char *data;

	if (assess_load(r, &o, &a))
		return;
	if (form_read(r, f, 4, v)) {
		r->status = 400;
		assess_view(r, v[0].err ? v[0].err : v[1].err ? v[1].err : v[2].err ? v[2].err : v[3].err);
		return;
	}
	t = template_find(a.template_urn, a.template_version);
	title = v[2].s ? v[2].s : "";
	if (v[3].s && (ev = template_event(t, v[3].s)) == NULL) {
		r->status = 400;
		assess_view(r, N_("The typical event was not found in the template."));
		return;
	}
	if (!*title && !ev) {
		r->status = 400;
		assess_view(r, strcmp(v[0].s, "risk") == 0 ?
		    N_("Choose a typical event or write a title.") : N_("Write a title."));
		return;
	}
	d = json_object();
	if (ev) {
		static const char *const pn[3] = { "c", "i", "a" };
		json_t *arr = json_array();
		for (int p = 0; p < 3; p++)
			if (ev->property & (1u << p))
				json_array_append_new(arr, json_string(pn[p]));
		json_object_set_new(d, "event", json_string(ev->uid));
		json_object_set_new(d, "title", json_string(*title ? title : tr_pick(&ev->title, r->lang)));
		json_object_set_new(d, "description", json_string(tr_pick(&ev->description, r->lang)));
		json_object_set_new(d, "causes", json_string(tr_pick(&ev->causes, r->lang)));
		json_object_set_new(d, "controls", json_string(tr_pick(&ev->controls, r->lang)));
		json_object_set_new(d, "pupil_consequence",
		    json_string(tr_pick(&ev->pupil_consequence, r->lang)));
		json_object_set_new(d, "property", arr);
	} else {
		const char *key = strcmp(v[0].s, "subprocessor") == 0 ? "name" :
		    strcmp(v[0].s, "conclusion") == 0 ? "service" :
		    strcmp(v[0].s, "check") == 0 ? "note" : "title";
		json_object_set_new(d, key, json_string(title));
	}
	data = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	uid = data ? assessment_item_add(r->db, &r->arena, r->who, r->org_id, a.id, v[0].s,
	    v[1].s ? v[1].s : "", data, &err) : NULL;
	free(data);
	if (uid == NULL) {
		r->status = data == NULL || strcmp(err, E_FAIL) == 0 ? 500 :
		    strcmp(a.status, "draft") ? 409 : 400;
		assess_view(r, data == NULL ? E_FAIL : err);
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld/items/%s",
	    (long long)r->org_id, (long long)a.id, uid));
}

void
page_assessment_item_delete(struct req *r)
{
	struct itemctx x;
	const char *err;

	if (load_item(r, &x))
		return;
	if (assessment_item_delete(r->db, &r->arena, r->who, r->org_id, x.a.id, x.it.uid, &err)) {
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : 409;
		item_page(r, &x, NULL, err);
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld", (long long)r->org_id,
	    (long long)x.a.id));
}

/* ------------------------------------------------------- workflow, comments */

void
page_assessment_steps(struct req *r)
{
	static const char *const to[] = { "draft", "dpo_advice", "approval", "approved", NULL };
	static const struct field f[] = {
		{ "to", F_ENUM, 1, 0, 0, 0, to },
		{ "comment", F_MULTILINE, 0, 2000, 0, 0, NULL },
	};
	struct fval v[2];
	struct assessment a;
	struct org o;
	const char *err;
	int ok;

	if (assess_load(r, &o, &a))
		return;
	if (form_read(r, f, 2, v)) {
		r->status = 400;
		assess_view(r, v[0].err ? v[0].err : v[1].err);
		return;
	}
	ok = assessment_move_allowed(r->who, &a, v[0].s, &err);
	if (ok == 0) {
		page_error(r, 403, err);
		return;
	}
	if (ok < 0 || assessment_transition(r->db, &r->arena, r->who, r->org_id, a.id, v[0].s,
	    v[1].s ? v[1].s : "", &err)) {
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : 409;
		assess_view(r, err);
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld", (long long)r->org_id,
	    (long long)a.id));
}

void
page_assessment_comment(struct req *r)
{
	static const struct field f[] = {
		{ "body", F_MULTILINE, 1, 4000, 0, 0, NULL },
		{ "item", F_TEXT, 0, 100, 0, 0, NULL },
	};
	struct fval v[2];
	struct assessment a;
	struct org o;
	int rc;

	if (assess_load(r, &o, &a))
		return;
	if (!assess_can_comment(r)) {
		page_error(r, 403, "You do not have permission to comment on this assessment.");
		return;
	}
	if (form_read(r, f, 2, v)) {
		r->status = 400;
		assess_view(r, v[0].err ? v[0].err : v[1].err);
		return;
	}
	rc = assessment_comment_add(r->db, &r->arena, r->who->user_id, r->org_id, a.id,
	    v[1].s ? v[1].s : "", v[0].s);
	if (rc != 1) {
		if (rc == 0)
			page_error(r, 404, "There is no page at this address.");
		else if (rc == -2) {
			r->status = 400;
			assess_view(r, N_("Write a comment of at most 4000 characters."));
		} else
			page_error(r, 500, E_FAIL);
		return;
	}
	if (v[1].s)
		req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld/items/%s",
		    (long long)r->org_id, (long long)a.id, v[1].s));
	else
		req_redirect(r, arena_printf(&r->arena, "/o/%lld/assessments/%lld#comments",
		    (long long)r->org_id, (long long)a.id));
}
