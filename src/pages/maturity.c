/*
 * maturity.c - the maturity self-assessment screens: the rounds of an
 * organisation, starting a round, answering one area at a time, the results
 * (radar chart, table, county and national comparison, change since the
 * previous round) and closing a round.
 *
 * Answering goes area by area because a round has ~40 questions: one page
 * per area keeps each form short, and "save" keeps the person on the page
 * with a notice, so work is never lost by navigating. Question texts and
 * level descriptors are content from data/maturity (Norwegian), written with
 * html_text; the interface around them goes through the catalogue (html_t).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/msgid.h"
#include "pages.h"
#include "maturity.h"
#include "programme.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/maturity.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../html/svg.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define TITLE_MAX 200
#define COMMENT_MAX 2000
#define EVIDENCE_MAX 500

static const char *const level_choices[] = { "0", "1", "2", "3", "4", "5", "na", NULL };

static int
school_owner(const struct org *o)
{
	return strcmp(o->kind, "municipality") == 0 || strcmp(o->kind, "county") == 0;
}

/* A score (or change) with one decimal, the decimal sign of the language:
 * "62,5" in Norwegian, "62.5" in English. Integer arithmetic, no locale. */
static void
show_num(struct req *r, double v, int sign)
{
	int64_t t = maturity_tenths(v);
	int neg = t < 0;

	if (neg)
		t = -t;
	if (neg && t > 0)
		html_lit(r, "\xe2\x88\x92");	/* U+2212 minus sign */
	else if (sign && t > 0)
		html_lit(r, "+");
	buf_printf(&r->out, "%lld%s%lld", (long long)(t / 10),
	    strcmp(r->lang, "en") == 0 ? "." : ",", (long long)(t % 10));
}

/* A heading whose markup is literal (html_lit checks that at compile time). */
#define heading(r, tag_open, msgid, tag_close) do { \
		html_lit(r, tag_open); \
		html_t(r, msgid); \
		html_lit(r, tag_close); \
	} while (0)

/* The round named by :id, of this organisation, and its question set. */
static int
load_round(struct req *r, struct org *o, struct mat_round *rd, const struct mat_set **s)
{
	int64_t id = param_id(r, "id");
	int rc;

	if (page_load_org(r, o))
		return -1;
	if (id == 0 || (rc = maturity_round_get(r->db, &r->arena, r->org_id, id, rd)) == 0) {
		page_error(r, 404, "There is no page at this address.");
		return -1;
	}
	if (rc < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return -1;
	}
	if ((*s = maturity_find(rd->set_urn, rd->set_version)) == NULL) {
		log_err("maturity: set %s %s not loaded", rd->set_urn, rd->set_version);
		page_error(r, 500, "The question set of this round is not available on the server.");
		return -1;
	}
	return 0;
}

static void
round_link(struct req *r, const struct mat_round *rd)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/maturity/rounds/");
	html_int(r, rd->id);
}

static void
status_tag(struct req *r, const struct mat_round *rd)
{
	if (rd->closed_at)
		html_lit(r, "<span class=\"ds-tag\" data-color=\"neutral\">");
	else
		html_lit(r, "<span class=\"ds-tag\" data-color=\"info\">");
	html_t(r, rd->closed_at ? N_("Closed") : N_("Open"));
	html_lit(r, "</span>");
}

/* ------------------------------------------------------- the rounds list */

static void
rounds_page(struct req *r, const struct fval *tv, const char *notice, const char *color)
{
	static const char *const names[] = { "title" };
	const struct mat_set *cur = maturity_current();
	struct mat_round *rounds;
	struct org o;
	int n, open = -1, edit = authz_allows(r->who, A_MATURITY_EDIT, r->org_id, 0);

	if (page_load_org(r, &o))
		return;
	if ((n = maturity_rounds(r->db, &r->arena, r->org_id, &rounds)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	for (int i = 0; i < n; i++)
		if (!rounds[i].closed_at)
			open = i;
	layout_begin(r, T(r, "Maturity self-assessment"));
	org_nav(r, o.name, "/maturity");
	heading(r, "<h1 class=\"ds-heading\" data-size=\"lg\">", N_("Maturity self-assessment"), "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "The self-assessment shows how far the school owner has come with privacy and"
	    " information security, area by area. Answer in rounds, for example once a year, and"
	    " follow the change from round to round.");
	html_lit(r, "</p>");
	if (cur) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Question set");
		html_lit(r, ": ");
		html_text(r, mat_tx(&cur->title, r->lang));
		html_lit(r, " (");
		html_t(r, "version");
		html_lit(r, " ");
		html_text(r, cur->version);
		html_lit(r, ", ");
		html_int(r, cur->nq);
		html_lit(r, " ");
		html_t(r, "questions in");
		html_lit(r, " ");
		html_int(r, cur->nareas);
		html_lit(r, " ");
		html_t(r, "areas");
		html_lit(r, ")</p>");
		if (cur->description.nb) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_text(r, mat_tx(&cur->description, r->lang));
			html_lit(r, "</p>");
		}
	}
	if (!school_owner(&o))
		alert(r, "info", N_("Only municipalities and counties answer the maturity self-assessment."));
	heading(r, "<h2 class=\"ds-heading\" data-size=\"md\">", N_("Rounds"), "</h2>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No rounds have been started yet.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
		html_t(r, "Rounds of the self-assessment");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Title");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Started");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Closed");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Status");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<tr><td><a class=\"ds-link\" href=\"");
			round_link(r, &rounds[i]);
			html_lit(r, "\">");
			html_text(r, rounds[i].title);
			html_lit(r, "</a></td><td>");
			html_time(r, rounds[i].started_at);
			html_lit(r, "</td><td>");
			if (rounds[i].closed_at)
				html_time(r, rounds[i].closed_at);
			else
				html_t(r, "not closed");
			html_lit(r, "</td><td>");
			status_tag(r, &rounds[i]);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (edit && school_owner(&o) && cur) {
		heading(r, "<h2 class=\"ds-heading\" data-size=\"md\">", N_("Start a new round"), "</h2>");
		if (open >= 0) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_t(r, "A round is open. Close it before you start a new one:");
			html_lit(r, " <a class=\"ds-link\" href=\"");
			round_link(r, &rounds[open]);
			html_lit(r, "\">");
			html_text(r, rounds[open].title);
			html_lit(r, "</a></p>");
		} else {
			char def[64];
			time_t t = time(NULL);
			struct tm tm;
			gmtime_r(&t, &tm);
			snprintf(def, sizeof(def), "%s %d", T(r, "Self-assessment"), tm.tm_year + 1900);
			if (tv)
				form_error_summary(r, names, tv, 1);
			html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
			html_int(r, r->org_id);
			html_lit(r, "/maturity/rounds\" novalidate>");
			form_csrf(r);
			form_input(r, "title", N_("Title of the round"), "text",
			    tv ? tv[0].s : def, tv ? tv[0].err : NULL, 1, "off");
			html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
			html_t(r, "Start the round");
			html_lit(r, "</button></form>");
		}
	}
	layout_end(r);
}

void
page_maturity(struct req *r)
{
	rounds_page(r, NULL, NULL, NULL);
}

static const struct field title_fields[] = {
	{ "title", F_TEXT, 1, TITLE_MAX, 0, 0, NULL },
};

void
page_maturity_start(struct req *r)
{
	const struct mat_set *cur = maturity_current();
	struct fval v[1];
	struct org o;
	int64_t id;
	char loc[96];

	if (page_load_org(r, &o))
		return;
	if (!school_owner(&o)) {
		r->status = 400;
		rounds_page(r, NULL, N_("Only municipalities and counties answer the maturity self-assessment."),
		    "danger");
		return;
	}
	if (cur == NULL) {
		page_error(r, 500, "The question set of this round is not available on the server.");
		return;
	}
	if (form_read(r, title_fields, 1, v)) {
		r->status = 400;
		rounds_page(r, v, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    (id = maturity_round_create(r->db, r->org_id, cur, v[0].s, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		log_err("maturity start: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (id == 0) {
		r->status = 409;
		rounds_page(r, NULL, N_("A round is already open. Close it before you start a new one."),
		    "danger");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/maturity/rounds/%lld", (long long)r->org_id, (long long)id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}

/* ----------------------------------------------------------- the results */

static void
peer_cell(struct req *r, const struct mat_peers *p, int area)
{
	double v;

	html_lit(r, "<td>");
	if (maturity_peer_value(p, area, &v))
		show_num(r, v, 0);
	else
		html_t(r, "too few municipalities");
	html_lit(r, "</td>");
}

struct figure_row {
	const char *label;
	int area_no;			/* 1-based, for the link; 0 for the total */
	const struct mat_area_score *as;
	int peer_index;			/* area index, -1 for the total */
	int has_change;
	double change;
};

static void
figure_row(struct req *r, const struct figure_row *fr, int compact, const char *area_base,
    const struct mat_peers *region, const struct mat_peers *nation, int with_change)
{
	const struct mat_area_score *as = fr->as;

	html_lit(r, "<tr><th scope=\"row\">");
	if (area_base && fr->area_no) {
		html_lit(r, "<a class=\"ds-link\" href=\"");
		html_attr(r, area_base);
		html_lit(r, "/areas/");
		html_int(r, fr->area_no);
		html_lit(r, "\">");
		html_text(r, fr->label);
		html_lit(r, "</a>");
	} else
		html_text(r, fr->label);
	html_lit(r, "</th>");
	if (!compact) {
		html_lit(r, "<td>");
		html_int(r, as->answered + as->not_relevant);
		html_lit(r, " ");
		html_t(r, "of");
		html_lit(r, " ");
		html_int(r, as->questions);
		if (as->not_relevant) {
			html_lit(r, " (");
			html_int(r, as->not_relevant);
			html_lit(r, " ");
			html_t(r, "not relevant");
			html_lit(r, ")");
		}
		html_lit(r, "</td>");
	}
	html_lit(r, "<td>");
	if (as->has_score)
		show_num(r, as->score, 0);
	else
		html_t(r, "no answers");
	html_lit(r, "</td>");
	if (!compact && region)
		peer_cell(r, region, fr->peer_index);
	if (!compact && nation)
		peer_cell(r, nation, fr->peer_index);
	if (!compact && with_change) {
		html_lit(r, "<td>");
		if (fr->has_change)
			show_num(r, fr->change, 1);
		else
			html_t(r, "no comparison");
		html_lit(r, "</td>");
	}
	html_lit(r, "</tr>");
}

void
maturity_figure(struct req *r, const struct mat_set *s, const struct mat_score *sc,
    const struct mat_peers *region, const char *region_name, const struct mat_peers *nation,
    const struct mat_change *change, const char *id, int compact, const char *area_base)
{
	const char **labels = arena_alloc(&r->arena, sizeof(*labels) * (size_t)s->nareas);
	double vals[MAT_MAX_AREAS], cmp[MAT_MAX_AREAS];
	int has[MAT_MAX_AREAS], cmp_has[MAT_MAX_AREAS], use_cmp = 0;
	const struct mat_peers *cp = NULL;
	const char *cmp_label = NULL;
	struct svg_radar c;

	if (labels == NULL)
		return;
	/* The comparison drawn in the chart: the county when it may be
	 * shown, else the nation; the table shows both. */
	if (!compact && region && maturity_peer_count(region, -1) >= MATURITY_MIN_PEERS) {
		cp = region;
		cmp_label = arena_printf(&r->arena, "%s (%s)", T(r, "County average"),
		    region_name ? region_name : "");
	} else if (!compact && nation && maturity_peer_count(nation, -1) >= MATURITY_MIN_PEERS) {
		cp = nation;
		cmp_label = T(r, "National average");
	}
	for (int i = 0; i < s->nareas; i++) {
		labels[i] = mat_tx(&s->areas[i].shortname, r->lang);
		vals[i] = sc->area[i].score;
		has[i] = sc->area[i].has_score;
		if (cp) {
			cmp_has[i] = maturity_peer_value(cp, i, &cmp[i]);
			use_cmp |= cmp_has[i];
		}
	}
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.title = T(r, "Maturity per area, 0 to 100");
	c.desc = T(r, "Each axis is an area; the further out, the more mature. Areas without"
	    " answers are drawn at 0. The table next to the chart has the same numbers.");
	c.n = s->nareas;
	c.labels = labels;
	c.values = vals;
	c.has = has;
	c.series = T(r, "This round");
	if (use_cmp) {
		c.cmp = cmp;
		c.cmp_has = cmp_has;
		c.cmp_series = cmp_label;
	}
	html_lit(r, "<div class=\"maturity-figure\"><div class=\"narrow\">");
	svg_radar(r, &c);
	/* The table scrolls sideways in its own named, focusable region (as
	 * the inventory list does): unwrapped, its width forced the whole
	 * figure, chart included, wider than a narrow screen (WCAG 1.4.10). */
	html_lit(r, "</div><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
	html_t(r, "Score per area (0-100)");
	html_lit(r, "\"><table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Score per area (0-100)");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Area");
	html_lit(r, "</th>");
	if (!compact) {
		html_lit(r, "<th scope=\"col\">");
		html_t(r, "Answered");
		html_lit(r, "</th>");
	}
	html_lit(r, "<th scope=\"col\">");
	html_t(r, "Score");
	html_lit(r, "</th>");
	if (!compact && region) {
		html_lit(r, "<th scope=\"col\">");
		html_t(r, "County average");
		if (region_name) {
			html_lit(r, " (");
			html_text(r, region_name);
			html_lit(r, ")");
		}
		html_lit(r, "</th>");
	}
	if (!compact && nation) {
		html_lit(r, "<th scope=\"col\">");
		html_t(r, "National average");
		html_lit(r, "</th>");
	}
	if (!compact && change) {
		html_lit(r, "<th scope=\"col\">");
		html_t(r, "Change since the previous round");
		html_lit(r, "</th>");
	}
	html_lit(r, "</tr></thead><tbody>");
	for (int i = 0; i < s->nareas; i++) {
		struct figure_row fr = { mat_tx(&s->areas[i].title, r->lang), i + 1, &sc->area[i], i,
		    change ? change->has[i] : 0, change ? change->delta[i] : 0 };
		figure_row(r, &fr, compact, area_base, region, nation, change != NULL);
	}
	{
		struct mat_area_score tot = { sc->questions, sc->answered, sc->not_relevant,
		    sc->has_score, sc->total };
		struct figure_row fr = { T(r, "Total"), 0, &tot, -1,
		    change ? change->has_total : 0, change ? change->total : 0 };
		figure_row(r, &fr, compact, NULL, region, nation, change != NULL);
	}
	html_lit(r, "</tbody></table></div></div>");
}

/* A note under the table for each comparison that cannot be shown. */
static void
peer_note(struct req *r, const char *label, const char *name, const struct mat_peers *p)
{
	int n = maturity_peer_count(p, -1);

	html_lit(r, "<p class=\"ds-paragraph\" data-size=\"sm\">");
	html_t(r, label);
	if (name) {
		html_lit(r, " (");
		html_text(r, name);
		html_lit(r, ")");
	}
	html_lit(r, ": ");
	if (n < MATURITY_MIN_PEERS)
		html_t(r, "Too few municipalities to show an average (at least 5).");
	else {
		html_t(r, "average of the latest closed round of");
		html_lit(r, " ");
		html_int(r, n);
		html_lit(r, " ");
		html_t(r, "municipalities");
		html_lit(r, ".");
	}
	html_lit(r, "</p>");
}

static void
round_page(struct req *r, const char *notice, const char *color)
{
	struct org o, parent;
	struct mat_round rd, prev;
	const struct mat_set *s;
	struct mat_answer *ans, *pans;
	struct mat_score sc, psc;
	struct mat_peers region, nation;
	struct mat_change chg;
	int n, pn = 0, hasprev, edit;
	int64_t region_id;
	const char *region_name = NULL, *base;

	if (load_round(r, &o, &rd, &s))
		return;
	edit = authz_allows(r->who, A_MATURITY_EDIT, r->org_id, 0) && !rd.closed_at;
	region_id = strcmp(o.kind, "county") == 0 ? o.id : o.parent_id;
	if ((n = maturity_answers(r->db, &r->arena, rd.id, &ans)) < 0 ||
	    (hasprev = maturity_round_previous(r->db, &r->arena, &rd, &prev)) < 0 ||
	    (hasprev && (pn = maturity_answers(r->db, &r->arena, prev.id, &pans)) < 0) ||
	    maturity_compare(r->db, &r->arena, s, region_id, &region, &nation)) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (region_id > 0 && org_get(r->db, &r->arena, region_id, &parent) == 1)
		region_name = parent.name;
	maturity_score(s, ans, n, &sc);
	if (hasprev) {
		/* The previous round is scored with this round's set: question
		 * URNs are stable, so areas line up even across versions. */
		maturity_score(s, pans, pn, &psc);
		maturity_change(&psc, &sc, s->nareas, &chg);
	}
	base = arena_printf(&r->arena, "/o/%lld/maturity/rounds/%lld", (long long)r->org_id,
	    (long long)rd.id);

	layout_begin(r, rd.title);
	org_nav(r, o.name, "/maturity");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, rd.title);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<dl class=\"facts\"><dt>");
	html_t(r, "Status");
	html_lit(r, "</dt><dd>");
	status_tag(r, &rd);
	html_lit(r, "</dd><dt>");
	html_t(r, "Started");
	html_lit(r, "</dt><dd>");
	html_time(r, rd.started_at);
	html_lit(r, "</dd>");
	if (rd.closed_at) {
		html_lit(r, "<dt>");
		html_t(r, "Closed");
		html_lit(r, "</dt><dd>");
		html_time(r, rd.closed_at);
		html_lit(r, "</dd>");
	}
	html_lit(r, "<dt>");
	html_t(r, "Question set");
	html_lit(r, "</dt><dd>");
	html_text(r, mat_tx(&s->title, r->lang));
	html_lit(r, " (");
	html_t(r, "version");
	html_lit(r, " ");
	html_text(r, rd.set_version);
	html_lit(r, ")</dd><dt>");
	html_t(r, "Answered");
	html_lit(r, "</dt><dd>");
	html_int(r, sc.answered + sc.not_relevant);
	html_lit(r, " ");
	html_t(r, "of");
	html_lit(r, " ");
	html_int(r, sc.questions);
	html_lit(r, " ");
	html_t(r, "questions");
	if (sc.not_relevant) {
		html_lit(r, " (");
		html_int(r, sc.not_relevant);
		html_lit(r, " ");
		html_t(r, "not relevant");
		html_lit(r, ")");
	}
	html_lit(r, "</dd></dl>");
	if (edit) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Answer the questions area by area: choose an area in the table.");
		html_lit(r, " <a class=\"ds-link\" href=\"");
		html_attr(r, base);
		html_lit(r, "/areas/1\">");
		html_t(r, "Start with the first area");
		html_lit(r, "</a></p>");
	}
	heading(r, "<h2 class=\"ds-heading\" data-size=\"md\">", N_("Results"), "</h2>");
	html_lit(r, "<p class=\"ds-paragraph\" data-size=\"sm\">");
	html_t(r, "The score of an area is the average of its answered levels, where level 5 is"
	    " 100. Questions marked not relevant or not answered do not count. The total is the"
	    " average of the areas that have answers.");
	html_lit(r, "</p>");
	maturity_figure(r, s, &sc, &region, region_name, &nation, hasprev ? &chg : NULL, "radar",
	    0, base);
	peer_note(r, N_("County average"), region_name, &region);
	peer_note(r, N_("National average"), NULL, &nation);
	html_lit(r, "<p class=\"ds-paragraph\" data-size=\"sm\">");
	if (hasprev) {
		html_t(r, "Change is measured against the previous closed round:");
		html_lit(r, " <a class=\"ds-link\" href=\"");
		round_link(r, &prev);
		html_lit(r, "\">");
		html_text(r, prev.title);
		html_lit(r, "</a>.");
	} else
		html_t(r, "There is no earlier closed round to compare with.");
	html_lit(r, "</p>");
	if (edit) {
		heading(r, "<h2 class=\"ds-heading\" data-size=\"md\">", N_("Close the round"), "</h2>");
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "When the round is closed, the answers can no longer be changed, and they"
		    " count in the county and national averages. Close it when every area has been"
		    " answered.");
		html_lit(r, "</p><form method=\"post\" action=\"");
		html_attr(r, base);
		html_lit(r, "/close\">");
		form_csrf(r);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
		html_t(r, "Close the round");
		html_lit(r, "</button></form>");
	}
	/* Issue 7: the programme adviser team's comments on this round. */
	programme_comments_block(r, "maturity_round", rd.id,
	    arena_printf(&r->arena, "%s/comments", base));
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/maturity\">");
	html_t(r, "All rounds");
	html_lit(r, "</a></p>");
	layout_end(r);
}

void
page_maturity_round(struct req *r)
{
	round_page(r, NULL, NULL);
}

void
page_maturity_close(struct req *r)
{
	struct org o;
	struct mat_round rd;
	const struct mat_set *s;
	int rc;

	if (load_round(r, &o, &rd, &s))
		return;
	if (db_begin(r->db) ||
	    (rc = maturity_round_close(r->db, r->org_id, rd.id, r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		log_err("maturity close: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc == 1) {
		r->status = 409;
		round_page(r, N_("This round is closed. Its answers can no longer be changed."), "danger");
		return;
	}
	round_page(r, N_("The round has been closed. Its answers now count in the comparisons."),
	    "success");
}

/* ------------------------------------------------------- answering an area */

struct qstate {
	struct mat_answer a;		/* what the form shows */
	const char *err[3];		/* level, comment, evidence */
};

static void
level_radio(struct req *r, int qn, const char *value, const char *label_num, const char *label,
    const char *desc, int checked)
{
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"radio\" name=\"level-");
	html_int(r, qn);
	html_lit(r, "\" id=\"f-level-");
	html_int(r, qn);
	html_lit(r, "-");
	html_attr(r, value);
	html_lit(r, "\" value=\"");
	html_attr(r, value);
	html_lit(r, "\"");
	if (checked)
		html_lit(r, " checked");
	if (desc) {
		html_lit(r, " aria-describedby=\"d-");
		html_int(r, qn);
		html_lit(r, "-");
		html_attr(r, value);
		html_lit(r, "\"");
	}
	html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-level-");
	html_int(r, qn);
	html_lit(r, "-");
	html_attr(r, value);
	html_lit(r, "\">");
	if (label_num) {
		html_text(r, label_num);
		html_lit(r, " \xe2\x80\x93 ");	/* en dash */
	}
	html_text(r, label);
	html_lit(r, "</label>");
	if (desc) {
		html_lit(r, "<div data-field=\"description\" id=\"d-");
		html_int(r, qn);
		html_lit(r, "-");
		html_attr(r, value);
		html_lit(r, "\">");
		html_text(r, desc);
		html_lit(r, "</div>");
	}
	html_lit(r, "</div>");
}

static void
field_error(struct req *r, const char *id, int qn, const char *err)
{
	html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-");
	html_attr(r, id);
	html_lit(r, "-");
	html_int(r, qn);
	html_lit(r, "\">");
	html_t(r, err);
	html_lit(r, "</div>");
}

static void
question_block(struct req *r, const struct mat_set *s, int qi, int qn, const struct qstate *st)
{
	const struct mat_question *q = &s->q[qi];
	const struct mat_answer *a = &st->a;
	char num[2];

	html_lit(r, "<div class=\"ds-card maturity-question\"><fieldset class=\"ds-fieldset\""
	    " aria-describedby=\"g-");
	html_int(r, qn);
	if (st->err[0]) {
		html_lit(r, " e-level-");
		html_int(r, qn);
	}
	html_lit(r, "\"><legend class=\"ds-label\">");
	html_int(r, qn);
	html_lit(r, ". ");
	html_text(r, mat_tx(&q->text, r->lang));
	html_lit(r, "</legend><p class=\"ds-paragraph\" data-size=\"sm\" id=\"g-");
	html_int(r, qn);
	html_lit(r, "\">");
	html_text(r, mat_tx(&q->guidance, r->lang));
	html_lit(r, "</p>");
	if (st->err[0])
		field_error(r, "level", qn, st->err[0]);
	for (int lv = 0; lv < MAT_LEVELS; lv++) {
		num[0] = (char)('0' + lv);
		num[1] = '\0';
		level_radio(r, qn, num, num, mat_tx(&s->levels[lv], r->lang),
		    mat_tx(mat_level_text(s, qi, lv), r->lang),
		    !a->not_relevant && a->level == lv);
	}
	level_radio(r, qn, "na", NULL, T(r, "Not relevant for us"),
	    T(r, "The question does not apply to this school owner. It does not count in the score."),
	    a->not_relevant);
	/* Comment */
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-comment-");
	html_int(r, qn);
	html_lit(r, "\">");
	html_t(r, "Comment");
	html_lit(r, "</label><textarea class=\"ds-input\" rows=\"3\" name=\"comment-");
	html_int(r, qn);
	html_lit(r, "\" id=\"f-comment-");
	html_int(r, qn);
	html_lit(r, "\"");
	if (st->err[1]) {
		html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-comment-");
		html_int(r, qn);
		html_lit(r, "\"");
	}
	html_lit(r, ">");
	html_text(r, a->comment);
	html_lit(r, "</textarea>");
	if (st->err[1])
		field_error(r, "comment", qn, st->err[1]);
	html_lit(r, "</div>");
	/* Evidence */
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-evidence-");
	html_int(r, qn);
	html_lit(r, "\">");
	html_t(r, "Evidence");
	html_lit(r, "</label><div data-field=\"description\" id=\"h-evidence-");
	html_int(r, qn);
	html_lit(r, "\">");
	html_t(r, "A link to a document (https://...) or a short note on where the evidence is.");
	html_lit(r, "</div><input class=\"ds-input\" type=\"text\" name=\"evidence-");
	html_int(r, qn);
	html_lit(r, "\" id=\"f-evidence-");
	html_int(r, qn);
	html_lit(r, "\" autocomplete=\"off\"");
	html_attrkv(r, "value", a->evidence);
	html_lit(r, " aria-describedby=\"h-evidence-");
	html_int(r, qn);
	if (st->err[2]) {
		html_lit(r, " e-evidence-");
		html_int(r, qn);
		html_lit(r, "\" aria-invalid=\"true");
	}
	html_lit(r, "\">");
	if (st->err[2])
		field_error(r, "evidence", qn, st->err[2]);
	html_lit(r, "</div>");
	html_lit(r, "</fieldset></div>");
}

/* A closed round, or a reader: the answer as text, no form controls
 * (disabled radios would dim the descriptors below readable contrast). */
static void
question_view(struct req *r, const struct mat_set *s, int qi, int qn, const struct mat_answer *a)
{
	const struct mat_question *q = &s->q[qi];

	html_lit(r, "<div class=\"ds-card maturity-question\"><h2 class=\"ds-heading\" data-size=\"xs\">");
	html_int(r, qn);
	html_lit(r, ". ");
	html_text(r, mat_tx(&q->text, r->lang));
	html_lit(r, "</h2><p class=\"ds-paragraph\" data-size=\"sm\">");
	html_text(r, mat_tx(&q->guidance, r->lang));
	html_lit(r, "</p><dl class=\"facts\"><dt>");
	html_t(r, "Answer");
	html_lit(r, "</dt><dd>");
	if (a->not_relevant)
		html_t(r, "Not relevant for us");
	else if (a->level >= 0 && a->level < MAT_LEVELS) {
		html_int(r, a->level);
		html_lit(r, " \xe2\x80\x93 ");
		html_text(r, mat_tx(&s->levels[a->level], r->lang));
		html_lit(r, ": ");
		html_text(r, mat_tx(mat_level_text(s, qi, a->level), r->lang));
	} else
		html_t(r, "Not answered");
	html_lit(r, "</dd>");
	if (a->comment && *a->comment) {
		html_lit(r, "<dt>");
		html_t(r, "Comment");
		html_lit(r, "</dt><dd>");
		/* Keep the person's line breaks (no CSS needed). */
		for (const char *p = a->comment, *e; *p; p = *e ? e + 1 : e) {
			e = strchr(p, '\n');
			if (e == NULL)
				e = p + strlen(p);
			if (p != a->comment)
				html_lit(r, "<br>");
			html_text(r, arena_strndup(&r->arena, p, (size_t)(e - p)));
		}
		html_lit(r, "</dd>");
	}
	if (a->evidence && *a->evidence) {
		html_lit(r, "<dt>");
		html_t(r, "Evidence");
		html_lit(r, "</dt><dd>");
		if (maturity_evidence_is_link(a->evidence)) {
			html_lit(r, "<a class=\"ds-link\" rel=\"noopener noreferrer\" href=\"");
			html_attr(r, a->evidence);
			html_lit(r, "\">");
			html_text(r, a->evidence);
			html_lit(r, "</a>");
		} else
			html_text(r, a->evidence);
		html_lit(r, "</dd>");
	}
	html_lit(r, "</dl></div>");
}

static void
area_page(struct req *r, const struct org *o, const struct mat_round *rd,
    const struct mat_set *s, int ai, const struct qstate *qs, const char *notice,
    const char *color)
{
	const struct mat_area *ar = &s->areas[ai];
	int editable = !rd->closed_at && authz_allows(r->who, A_MATURITY_EDIT, r->org_id, 0);
	int nerr = 0;
	const char *base = arena_printf(&r->arena, "/o/%lld/maturity/rounds/%lld",
	    (long long)r->org_id, (long long)rd->id);

	for (int k = 0; k < ar->nq; k++)
		for (int f = 0; f < 3; f++)
			nerr += qs[k].err[f] != NULL;
	layout_begin(r, mat_tx(&ar->title, r->lang));
	org_nav(r, o->name, "/maturity");
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
	html_attr(r, base);
	html_lit(r, "\">");
	html_text(r, rd->title);
	html_lit(r, "</a> \xe2\x80\x93 ");
	html_t(r, "area");
	html_lit(r, " ");
	html_int(r, ai + 1);
	html_lit(r, " ");
	html_t(r, "of");
	html_lit(r, " ");
	html_int(r, s->nareas);
	html_lit(r, "</p><h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, mat_tx(&ar->title, r->lang));
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	if (nerr) {
		html_lit(r, "<div class=\"ds-error-summary\" role=\"alert\" tabindex=\"-1\"><h2"
		    " class=\"ds-heading\" data-size=\"xs\">");
		html_t(r, "Please correct the following");
		html_lit(r, "</h2><ul class=\"ds-list\">");
		for (int k = 0; k < ar->nq; k++)
			for (int f = 0; f < 3; f++) {
				static const char *const ids[] = { "level", "comment", "evidence" };
				if (!qs[k].err[f])
					continue;
				html_lit(r, "<li><a class=\"ds-link\" href=\"#f-");
				html_attr(r, ids[f]);
				html_lit(r, "-");
				html_int(r, k + 1);
				if (f == 0)
					html_lit(r, "-0");
				html_lit(r, "\">");
				html_t(r, "Question");
				html_lit(r, " ");
				html_int(r, k + 1);
				html_lit(r, ": ");
				html_t(r, qs[k].err[f]);
				html_lit(r, "</a></li>");
			}
		html_lit(r, "</ul></div>");
	}
	if (rd->closed_at)
		alert(r, "info", N_("This round is closed. Its answers can no longer be changed."));
	if (editable) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Choose the level that describes what you actually do today, not what is planned.");
		html_lit(r, "</p>");
		html_lit(r, "<form class=\"stack\" method=\"post\" action=\"");
		html_attr(r, base);
		html_lit(r, "/areas/");
		html_int(r, ai + 1);
		html_lit(r, "\" novalidate>");
		form_csrf(r);
	}
	for (int k = 0; k < ar->nq; k++)
		if (editable)
			question_block(r, s, ar->first + k, k + 1, &qs[k]);
		else
			question_view(r, s, ar->first + k, k + 1, &qs[k].a);
	if (editable) {
		html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Save the answers");
		html_lit(r, "</button></form>");
	}
	html_lit(r, "<nav aria-label=\"");
	html_t(r, "Areas");
	html_lit(r, "\"><ul class=\"ds-list\">");
	if (ai > 0) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"");
		html_attr(r, base);
		html_lit(r, "/areas/");
		html_int(r, ai);
		html_lit(r, "\">");
		html_t(r, "Previous area");
		html_lit(r, ": ");
		html_text(r, mat_tx(&s->areas[ai - 1].title, r->lang));
		html_lit(r, "</a></li>");
	}
	if (ai + 1 < s->nareas) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"");
		html_attr(r, base);
		html_lit(r, "/areas/");
		html_int(r, ai + 2);
		html_lit(r, "\">");
		html_t(r, "Next area");
		html_lit(r, ": ");
		html_text(r, mat_tx(&s->areas[ai + 1].title, r->lang));
		html_lit(r, "</a></li>");
	}
	html_lit(r, "<li><a class=\"ds-link\" href=\"");
	html_attr(r, base);
	html_lit(r, "\">");
	html_t(r, "Results of the round");
	html_lit(r, "</a></li></ul></nav>");
	layout_end(r);
}

/* The area named by :n (1-based), or -1 after a 404. */
static int
area_index(struct req *r, const struct mat_set *s)
{
	int64_t n = param_id(r, "n");

	if (n < 1 || n > s->nareas) {
		page_error(r, 404, "There is no page at this address.");
		return -1;
	}
	return (int)n - 1;
}

/* The stored answers of an area's questions, as the form shows them. */
static struct qstate *
stored_states(struct req *r, const struct mat_round *rd, const struct mat_set *s, int ai)
{
	const struct mat_area *ar = &s->areas[ai];
	struct qstate *qs = arena_alloc(&r->arena, sizeof(*qs) * (size_t)ar->nq);
	struct mat_answer *ans;
	int n;

	if (qs == NULL || (n = maturity_answers(r->db, &r->arena, rd->id, &ans)) < 0)
		return NULL;
	for (int k = 0; k < ar->nq; k++) {
		qs[k].a.question_urn = s->q[ar->first + k].urn;
		qs[k].a.level = -1;
		qs[k].a.comment = qs[k].a.evidence = "";
		for (int i = 0; i < n; i++)
			if (strcmp(ans[i].question_urn, qs[k].a.question_urn) == 0)
				qs[k].a = ans[i];
	}
	return qs;
}

void
page_maturity_area(struct req *r)
{
	struct org o;
	struct mat_round rd;
	const struct mat_set *s;
	struct qstate *qs;
	int ai;

	if (load_round(r, &o, &rd, &s) || (ai = area_index(r, s)) < 0)
		return;
	if ((qs = stored_states(r, &rd, s, ai)) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	area_page(r, &o, &rd, s, ai, qs, NULL, NULL);
}

void
page_maturity_area_post(struct req *r)
{
	struct org o;
	struct mat_round rd;
	const struct mat_set *s;
	const struct mat_area *ar;
	struct field *f;
	struct fval *v;
	struct qstate *qs;
	struct mat_answer *in;
	int ai, nf, bad = 0, rc;

	if (load_round(r, &o, &rd, &s) || (ai = area_index(r, s)) < 0)
		return;
	ar = &s->areas[ai];
	if (rd.closed_at) {
		r->status = 409;
		if ((qs = stored_states(r, &rd, s, ai)) == NULL) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		area_page(r, &o, &rd, s, ai, qs, NULL, NULL);
		return;
	}
	/* Three declared fields per question, named by its number in the
	 * area: level-N (0-5 or "na"), comment-N, evidence-N. */
	nf = ar->nq * 3;
	f = arena_alloc(&r->arena, sizeof(*f) * (size_t)nf);
	v = arena_alloc(&r->arena, sizeof(*v) * (size_t)nf);
	qs = arena_alloc(&r->arena, sizeof(*qs) * (size_t)ar->nq);
	in = arena_alloc(&r->arena, sizeof(*in) * (size_t)ar->nq);
	if (!f || !v || !qs || !in) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	for (int k = 0; k < ar->nq; k++) {
		f[3 * k] = (struct field){ arena_printf(&r->arena, "level-%d", k + 1), F_ENUM, 0, 2, 0, 0,
		    level_choices };
		f[3 * k + 1] = (struct field){ arena_printf(&r->arena, "comment-%d", k + 1), F_MULTILINE,
		    0, COMMENT_MAX, 0, 0, NULL };
		f[3 * k + 2] = (struct field){ arena_printf(&r->arena, "evidence-%d", k + 1), F_TEXT, 0,
		    EVIDENCE_MAX, 0, 0, NULL };
		if (!f[3 * k].name || !f[3 * k + 1].name || !f[3 * k + 2].name) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
	}
	bad = form_read(r, f, nf, v);
	for (int k = 0; k < ar->nq; k++) {
		struct mat_answer *a = &qs[k].a;
		const char *lv = v[3 * k].s;
		a->question_urn = s->q[ar->first + k].urn;
		a->level = -1;
		if (lv && strcmp(lv, "na") == 0)
			a->not_relevant = 1;
		else if (lv)
			a->level = lv[0] - '0';
		a->comment = v[3 * k + 1].s ? v[3 * k + 1].s : "";
		a->evidence = v[3 * k + 2].s ? v[3 * k + 2].s : "";
		for (int j = 0; j < 3; j++)
			qs[k].err[j] = v[3 * k + j].err;
		if (!qs[k].err[2] && (qs[k].err[2] = maturity_evidence_problem(a->evidence)) != NULL)
			bad++;
		in[k] = *a;
	}
	if (bad) {
		r->status = 400;
		area_page(r, &o, &rd, s, ai, qs, NULL, NULL);
		return;
	}
	if (db_begin(r->db) ||
	    (rc = maturity_answers_save(r->db, &r->arena, r->org_id, rd.id, in, ar->nq, ar->urn,
	    r->who->user_id, now_s())) < 0 ||
	    db_commit(r->db)) {
		log_err("maturity save: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	if (rc == 1) {
		/* Closed between our read and the save. */
		r->status = 409;
		rd.closed_at = rd.closed_at ? rd.closed_at : now_s();
		if ((qs = stored_states(r, &rd, s, ai)) == NULL) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		area_page(r, &o, &rd, s, ai, qs, NULL, NULL);
		return;
	}
	if ((qs = stored_states(r, &rd, s, ai)) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	area_page(r, &o, &rd, s, ai, qs, N_("The answers have been saved."), "success");
}
