/*
 * assess_version.c - a frozen version of an assessment, the comparison of
 * two versions (or a version and the current text) item by item, and the
 * organisation's risk matrix settings.
 *
 * The comparison lists only what changed by default (a 200-item ROS
 * usually changes in a handful of places); ?all=1 shows every item. Both
 * sides are read through the same snapshot parser, so an item compares
 * equal exactly when its stored JSON is equal.
 */
#include <jansson.h>
#include <stdio.h>
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

static void
risk_nums(struct req *r, int l, int c)
{
	if (l && c) {
		html_int(r, l);
		html_lit(r, " x ");
		html_int(r, c);
		html_lit(r, " = ");
		html_int(r, l * c);
	} else
		html_t(r, "not rated");
}

/* An item's answer, with the risk numbers for a risk. */
static void
value(struct req *r, const struct tmpl *t, const struct as_item *it)
{
	assess_item_value(r, t, it);
	if (strcmp(it->kind, "risk") == 0) {
		html_lit(r, " (");
		html_t(r, "risk");
		html_lit(r, " ");
		risk_nums(r, it->l, it->c);
		html_lit(r, "; ");
		html_t(r, "residual");
		html_lit(r, " ");
		risk_nums(r, it->rl, it->rc);
		html_lit(r, ")");
	}
}

static int
load_version(struct req *r, const struct assessment *a, int n, struct as_version *v)
{
	int rc = n > 0 ? assessment_version(r->db, &r->arena, r->org_id, a->id, n, v) : 0;

	if (rc != 1)
		page_error(r, rc < 0 ? 500 : 404, rc < 0 ? E_FAIL : "There is no such version.");
	return rc == 1 ? 0 : -1;
}

static void
back_link(struct req *r, const struct assessment *a)
{
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	assess_href(r, a->id);
	html_lit(r, "\">");
	html_text(r, a->title);
	html_lit(r, "</a></p>");
}

void
page_assessment_version(struct req *r)
{
	const char *ns = req_param(r, "n");
	struct assessment a;
	struct as_version v;
	const struct tmpl *t;
	struct org o;
	int n = 0;

	if (assess_load(r, &o, &a))
		return;
	for (const char *p = ns ? ns : ""; *p && n < 100000; p++)
		n = *p >= '0' && *p <= '9' ? n * 10 + (*p - '0') : -1000000;
	if (load_version(r, &a, n, &v))
		return;
	t = template_find(v.head.template_urn, v.head.template_version);
	layout_begin(r, v.head.title);
	org_nav(r, o.name, "/assessments");
	back_link(r, &a);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, v.head.title);
	html_lit(r, " – ");
	html_t(r, "version");
	html_lit(r, " ");
	html_int(r, v.version);
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Approved");
	html_lit(r, " ");
	html_time(r, v.approved_at);
	html_lit(r, " ");
	html_t(r, "by");
	html_lit(r, " ");
	html_text(r, v.approved_by);
	html_lit(r, ". ");
	html_t(r, "An approved version is frozen and cannot be changed.");
	html_lit(r, "</p>");
	scroll_table_open(r, T(r, "Items of the version"));
	html_lit(r, "<thead><tr><th scope=\"col\">");
	html_t(r, "Item");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Answer");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < v.nitems; i++) {
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, assess_item_label(r, t, &v.items[i]));
		html_lit(r, "</th><td>");
		value(r, t, &v.items[i]);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table></div>");
	layout_end(r);
}

static void
change_tag(struct req *r, enum as_change c)
{
	static const char *const label[] = { N_("Unchanged"), N_("Added"), N_("Removed"),
	    N_("Changed"), N_("Moved") };
	static const char *const colour[] = { "neutral", "success", "danger", "warning", "info" };

	html_lit(r, "<span class=\"ds-tag\" data-color=\"");
	html_attr(r, colour[c]);
	html_lit(r, "\">");
	html_t(r, label[c]);
	html_lit(r, "</span>");
}

void
page_assessment_compare(struct req *r)
{
	static const struct field f[] = {
		{ "a", F_INT, 1, 0, 1, 100000, NULL },
		{ "b", F_TEXT, 1, 10, 0, 0, NULL },
		{ "all", F_BOOL, 0, 0, 0, 0, NULL },
	};
	struct fval v[3];
	struct assessment a;
	struct as_version va, vb;
	struct as_item *bi;
	struct as_diff *d;
	const struct tmpl *ta, *tb;
	struct org o;
	int nb, nd, count[5] = { 0 }, bnum = 0;

	if (assess_load(r, &o, &a))
		return;
	if (form_read(r, f, 3, v)) {
		page_error(r, 400, "Choose two versions to compare.");
		return;
	}
	if (strcmp(v[1].s, "current") != 0) {
		for (const char *p = v[1].s; *p && bnum >= 0; p++)
			bnum = *p >= '0' && *p <= '9' && bnum < 100000 ? bnum * 10 + (*p - '0') : -1;
		if (bnum <= 0) {
			page_error(r, 400, "Choose two versions to compare.");
			return;
		}
	}
	if (load_version(r, &a, (int)v[0].i, &va))
		return;
	if (bnum > 0) {
		if (load_version(r, &a, bnum, &vb))
			return;
		bi = vb.items;
		nb = vb.nitems;
		tb = template_find(vb.head.template_urn, vb.head.template_version);
	} else {
		if ((nb = assessment_items(r->db, &r->arena, a.id, &bi)) < 0) {
			page_error(r, 500, E_FAIL);
			return;
		}
		tb = template_find(a.template_urn, a.template_version);
	}
	ta = template_find(va.head.template_urn, va.head.template_version);
	if ((nd = assessment_diff(&r->arena, va.items, va.nitems, bi, nb, &d)) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	for (int i = 0; i < nd; i++)
		count[d[i].change]++;
	layout_begin(r, T(r, "Compare versions"));
	org_nav(r, o.name, "/assessments");
	back_link(r, &a);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Compare versions");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Version");
	html_lit(r, " ");
	html_int(r, va.version);
	html_lit(r, " \xe2\x86\x92 ");
	if (bnum > 0) {
		html_t(r, "version");
		html_lit(r, " ");
		html_int(r, bnum);
	} else
		html_t(r, "the current text");
	html_lit(r, "</p><ul class=\"ds-list\"><li>");
	html_t(r, "Changed");
	html_lit(r, ": ");
	html_int(r, count[AC_CHANGED]);
	html_lit(r, "</li><li>");
	html_t(r, "Added");
	html_lit(r, ": ");
	html_int(r, count[AC_ADDED]);
	html_lit(r, "</li><li>");
	html_t(r, "Removed");
	html_lit(r, ": ");
	html_int(r, count[AC_REMOVED]);
	html_lit(r, "</li><li>");
	html_t(r, "Moved");
	html_lit(r, ": ");
	html_int(r, count[AC_MOVED]);
	html_lit(r, "</li><li>");
	html_t(r, "Unchanged");
	html_lit(r, ": ");
	html_int(r, count[AC_SAME]);
	html_lit(r, "</li></ul><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	assess_href(r, a.id);
	html_lit(r, "/compare?a=");
	html_int(r, va.version);
	html_lit(r, "&amp;b=");
	html_urlarg(r, v[1].s);
	if (!v[2].i)
		html_lit(r, "&amp;all=1");
	html_lit(r, "\">");
	html_t(r, v[2].i ? N_("Show only the differences") : N_("Show every item"));
	html_lit(r, "</a></p>");
	if (nd - count[AC_SAME] == 0 && !v[2].i) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "The two versions are the same.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	scroll_table_open(r, T(r, "Differences item by item"));
	html_lit(r, "<thead><tr><th scope=\"col\">");
	html_t(r, "Item");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Change");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Before");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "After");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < nd; i++) {
		if (d[i].change == AC_SAME && !v[2].i)
			continue;
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, d[i].new ? assess_item_label(r, tb, d[i].new) : assess_item_label(r, ta, d[i].old));
		html_lit(r, "</th><td>");
		change_tag(r, d[i].change);
		html_lit(r, "</td><td>");
		if (d[i].old)
			value(r, ta, d[i].old);
		html_lit(r, "</td><td>");
		if (d[i].new && d[i].change != AC_SAME)
			value(r, tb, d[i].new);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table></div>");
	layout_end(r);
}

/* ---------------------------------------------------------- risk matrix */

static const char *const sizes[] = { "4", "5", NULL };
enum { MF_SIZE, MF_L1, MF_C1 = MF_L1 + 5, MF_ACC = MF_C1 + 5, MF_MEAS, MF_COL, MF__N = MF_COL + 3 };

static void
matrix_page(struct req *r, const struct risk_matrix *m, const struct fval *v, const char *notice,
    const char *color)
{
	static const char *const colmsg[3] = { N_("Colour: acceptable"), N_("Colour: measures needed"),
	    N_("Colour: not acceptable") };
	heat_counts none;
	struct org o;

	if (page_load_org(r, &o))
		return;
	memset(none, 0, sizeof(none));
	layout_begin(r, T(r, "Risk matrix"));
	org_nav(r, o.name, "/assessments");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Risk matrix");
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, m->is_default ? N_("The organisation uses the national default: 5 x 5 with DSB's likelihood classes.") :
	    N_("The organisation has its own risk matrix."));
	html_lit(r, " ");
	html_t(r, "Risk is likelihood times consequence; the thresholds decide what is acceptable.");
	html_lit(r, "</p>");
	heatmap_figure(r, m, none, none, "matrix");
	if (!authz_allows(r->who, A_ASSESS_APPROVE, r->org_id, 0)) {
		layout_end(r);
		return;
	}
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "Change the risk matrix");
	html_lit(r, "</h2><form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/risk-matrix\" novalidate>");
	form_csrf(r);
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-size\">");
	html_t(r, "Size");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-size\" name=\"size\"><option value=\"4\"");
	if (m->size == 4)
		html_lit(r, " selected");
	html_lit(r, ">4 x 4</option><option value=\"5\"");
	if (m->size == 5)
		html_lit(r, " selected");
	html_lit(r, ">5 x 5</option></select></div>");
	for (int k = 0; k < 10; k++) {
		int lik = k < 5, i = k % 5;
		const char *name = arena_printf(&r->arena, "%s%d", lik ? "lik" : "con", i + 1);
		const char *label = arena_printf(&r->arena, "%s %d", T(r, lik ? N_("Likelihood class") :
		    N_("Consequence class")), i + 1);
		const char *val = v ? v[MF_L1 + k].s : (i < m->size ? heat_label(r, m, lik, i) : "");
		html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
		html_attr(r, name);
		html_lit(r, "\">");
		html_text(r, label);
		if (i == 4) {
			html_lit(r, " (");
			html_t(r, "5 x 5 only");
			html_lit(r, ")");
		}
		html_lit(r, "</label><input class=\"ds-input\" type=\"text\" maxlength=\"60\" id=\"f-");
		html_attr(r, name);
		html_lit(r, "\"");
		html_attrkv(r, "name", name);
		html_attrkv(r, "value", val ? val : "");
		html_lit(r, "></div>");
	}
	form_input(r, "accept_max", N_("Highest acceptable score (green)"), "number",
	    v ? v[MF_ACC].s : arena_printf(&r->arena, "%d", m->accept_max), v ? v[MF_ACC].err : NULL, 1, "off");
	form_input(r, "measures_max", N_("Highest score where measures are enough (yellow)"), "number",
	    v ? v[MF_MEAS].s : arena_printf(&r->arena, "%d", m->measures_max), v ? v[MF_MEAS].err : NULL, 1, "off");
	for (int k = 0; k < 3; k++)
		form_input(r, arena_printf(&r->arena, "colour%d", k), colmsg[k], "color",
		    v ? v[MF_COL + k].s : m->colour[k], v ? v[MF_COL + k].err : NULL, 1, "off");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Save the risk matrix");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_risk_matrix(struct req *r)
{
	struct risk_matrix m;

	if (risk_matrix_get(r->db, &r->arena, r->org_id, &m) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	matrix_page(r, &m, NULL, NULL, NULL);
}

void
page_risk_matrix_post(struct req *r)
{
	struct field f[MF__N];
	struct fval v[MF__N];
	struct risk_matrix m, cur;
	const char *err = NULL;

	memset(f, 0, sizeof(f));
	f[MF_SIZE] = (struct field){ "size", F_ENUM, 1, 0, 0, 0, sizes };
	for (int k = 0; k < 10; k++)
		f[MF_L1 + k] = (struct field){ arena_printf(&r->arena, "%s%d", k < 5 ? "lik" : "con", k % 5 + 1),
		    F_TEXT, 0, 60, 0, 0, NULL };
	f[MF_ACC] = (struct field){ "accept_max", F_INT, 1, 0, 1, 25, NULL };
	f[MF_MEAS] = (struct field){ "measures_max", F_INT, 1, 0, 1, 25, NULL };
	for (int k = 0; k < 3; k++)
		f[MF_COL + k] = (struct field){ arena_printf(&r->arena, "colour%d", k), F_TEXT, 1, 7, 0, 0, NULL };
	if (risk_matrix_get(r->db, &r->arena, r->org_id, &cur) < 0) {
		page_error(r, 500, E_FAIL);
		return;
	}
	if (form_read(r, f, MF__N, v)) {
		for (int i = 0; i < MF__N && !err; i++)
			err = v[i].err;
		r->status = 400;
		matrix_page(r, &cur, v, err, "danger");
		return;
	}
	memset(&m, 0, sizeof(m));
	m.size = v[MF_SIZE].s[0] - '0';
	for (int i = 0; i < m.size; i++) {
		m.lik[i] = v[MF_L1 + i].s;
		m.con[i] = v[MF_C1 + i].s;
	}
	m.accept_max = (int)v[MF_ACC].i;
	m.measures_max = (int)v[MF_MEAS].i;
	for (int k = 0; k < 3; k++)
		m.colour[k] = v[MF_COL + k].s;
	if (risk_matrix_save(r->db, &r->arena, r->who->user_id, r->org_id, &m, &err)) {
		r->status = strcmp(err, E_FAIL) == 0 ? 500 : 400;
		matrix_page(r, &cur, v, err, "danger");
		return;
	}
	m.is_default = 0;
	matrix_page(r, &m, NULL, N_("The risk matrix was saved."), "success");
}
