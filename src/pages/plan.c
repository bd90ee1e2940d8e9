/*
 * plan.c - the priority list (prioriteringsliste): every tool and low
 * maturity answer with its score and the reasons behind it, and a manual
 * move of a row with a written reason.
 *
 * Each row says why it is where it is: the formula's parts with their
 * points, and a move with who made it and why. A move is a number of points
 * (-100..100) rather than a position, so a row keeps its place relative to
 * its reasons when the data changes underneath it.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "plan.h"
#include "plan_ui.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../domain/priority.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

void
plan_subnav(struct req *r, const char *current)
{
	static const char *const keys[] = { "priorities", "plan", "report" };
	static const char *const labels[] = { N_("Priority list"), N_("Action plan"), N_("Status report") };

	html_lit(r, "<nav class=\"plan-nav\" aria-label=\"");
	html_t(r, "Priorities and action plan");
	html_lit(r, "\"><ul class=\"ds-list\">");
	for (int i = 0; i < 3; i++) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/");
		html_attr(r, keys[i]);
		html_lit(r, "\"");
		if (strcmp(current, keys[i]) == 0)
			html_lit(r, " aria-current=\"page\"");
		html_lit(r, ">");
		html_t(r, labels[i]);
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul></nav>");
}

void
plan_reason(struct req *r, const struct prio_reason *pr)
{
	html_t(r, pr->msgid);
	if (pr->value >= 0 && strcmp(pr->msgid, "Pupils exposed") == 0) {
		html_lit(r, " (");
		html_int(r, pr->value);
		html_lit(r, ")");
	} else if (pr->value > 0 && strcmp(pr->msgid, "High residual risks") == 0) {
		html_lit(r, " (");
		html_int(r, pr->value);
		html_lit(r, ")");
	}
	html_lit(r, ": +");
	html_int(r, pr->points);
}

/* The new-measure link of a row (source prefilled). */
static void
measure_link(struct req *r, const struct prio_row *p)
{
	html_lit(r, "<a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	if (p->kind == PRIO_TOOL) {
		html_lit(r, "/plan/new?source=priority&amp;tool=");
		html_int(r, p->tool_id);
	} else {
		html_lit(r, "/plan/new?source=maturity&amp;round=");
		html_int(r, p->round_id);
		html_lit(r, "&amp;question=");
		html_urlarg(r, p->question_urn);
	}
	html_lit(r, "\">");
	html_t(r, "Make a measure");
	html_lit(r, "<span class=\"ds-sr-only\"> – ");
	html_text(r, p->title);
	html_lit(r, "</span></a>");
}

/* The move form of row i, inside a disclosure so the table stays short. */
static void
move_form(struct req *r, const struct prio_row *p, int i)
{
	html_lit(r, "<details><summary>");
	html_t(r, "Move");
	html_lit(r, "<span class=\"ds-sr-only\"> – ");
	html_text(r, p->title);
	html_lit(r, "</span></summary><form method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/priorities/move\">");
	form_csrf(r);
	html_lit(r, "<input type=\"hidden\" name=\"key\"");
	html_attrkv(r, "value", p->key);
	html_lit(r, "><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-adjust-");
	html_int(r, i);
	html_lit(r, "\">");
	html_t(r, "Points to add (negative moves it down, -100 to 100)");
	html_lit(r, "</label><input class=\"ds-input\" type=\"number\" min=\"-100\" max=\"100\" name=\"adjust\" required id=\"f-adjust-");
	html_int(r, i);
	html_lit(r, "\" value=\"");
	html_int(r, p->adjust);
	html_lit(r, "\"></div><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-reason-");
	html_int(r, i);
	html_lit(r, "\">");
	html_t(r, "Reason for the move");
	html_lit(r, "</label><textarea class=\"ds-input\" rows=\"2\" name=\"reason\" required id=\"f-reason-");
	html_int(r, i);
	html_lit(r, "\">");
	html_text(r, p->move_reason ? p->move_reason : "");
	html_lit(r, "</textarea></div><button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Save the move");
	html_lit(r, "</button></form></details>");
}

static void
priorities_page(struct req *r, const char *notice, const char *color)
{
	struct org o;
	struct prio_row *rows;
	char today[11];
	int n, edit = authz_allows(r->who, A_PLAN_EDIT, r->org_id, 0);

	if (page_load_org(r, &o))
		return;
	priority_today(now_s(), today);
	if ((n = priority_load(r->db, &r->arena, r->org_id, today, &rows)) < 0) {
		log_err("priorities: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Priority list"));
	org_nav(r, o.name, "/plan");
	plan_subnav(r, "priorities");
	plan_h1(r, N_("Priority list"));
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "What to fix first: each tool and each low maturity answer gets points for pupils exposed, young pupils, sensitive data, Feide attributes, missing or expired ROS, DPIA and DBA, and high residual risks. The reasons are shown on each row. You can move a row with a written reason.");
	html_lit(r, "</p><p class=\"ds-paragraph\">");
	plan_link(r, "/priorities/export.csv", N_("Download as CSV"));
	html_lit(r, " · ");
	plan_link(r, "/priorities/export.xlsx", N_("Download as Excel (XLSX)"));
	html_lit(r, "</p>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Nothing to prioritise yet: add tools to the inventory or answer the maturity self-assessment.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	html_lit(r, "<table class=\"ds-table prio-table\" data-size=\"sm\"><caption>");
	html_t(r, "Priority list, highest score first");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Rank");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "What");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Score");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Why");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Measures");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct prio_row *p = &rows[i];

		html_lit(r, "<tr><td>");
		html_int(r, i + 1);
		html_lit(r, "</td><th scope=\"row\">");
		html_text(r, p->title);
		html_lit(r, " <span class=\"ds-tag\" data-color=\"neutral\">");
		html_t(r, p->kind == PRIO_TOOL ? N_("Tool") : N_("Maturity"));
		html_lit(r, "</span></th><td>");
		html_int(r, p->score);
		html_lit(r, "</td><td><ul class=\"ds-list prio-why\">");
		for (int k = 0; k < p->nreasons; k++) {
			html_lit(r, "<li>");
			plan_reason(r, &p->reason[k]);
			html_lit(r, "</li>");
		}
		if (p->adjust) {
			html_lit(r, "<li class=\"prio-moved\">");
			html_t(r, "Moved by");
			html_lit(r, " ");
			html_text(r, p->moved_by && *p->moved_by ? p->moved_by : "?");
			html_lit(r, " (");
			buf_printf(&r->out, "%+d", p->adjust);
			html_lit(r, "): ");
			html_text(r, p->move_reason);
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul></td><td>");
		if (p->measures) {
			html_int(r, p->measures);
			html_lit(r, " ");
		}
		if (edit) {
			measure_link(r, p);
			move_form(r, p, i);
		}
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	layout_end(r);
}

void
page_priorities(struct req *r)
{
	static const char *const flags[] = { "1", NULL };
	static const struct field f[] = { { "moved", F_ENUM, 0, 2, 0, 0, flags } };
	struct fval v[1];

	if (form_read(r, f, 1, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return;
	}
	priorities_page(r, v[0].s ? N_("The row has been moved.") : NULL, "success");
}

void
page_priority_move(struct req *r)
{
	static const struct field f[] = {
		{ "key", F_TEXT, 1, 400, 0, 0, NULL },
		{ "adjust", F_INT, 1, 0, -PRIO_ADJUST_MAX, PRIO_ADJUST_MAX, NULL },
		{ "reason", F_MULTILINE, 1, PRIO_REASON_MAX, 0, 0, NULL },
	};
	struct fval v[3];
	struct prio_row *rows;
	char today[11], loc[96];
	int n, found = 0;

	if (form_read(r, f, 3, v)) {
		r->status = 400;
		priorities_page(r, v[2].err ? N_("Write a reason for the move.") :
		    N_("Enter a whole number of points from -100 to 100, and a reason."), "danger");
		return;
	}
	priority_today(now_s(), today);
	if ((n = priority_load(r->db, &r->arena, r->org_id, today, &rows)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	/* Only rows of this organisation's current list can be moved. */
	for (int i = 0; i < n && !found; i++)
		found = strcmp(rows[i].key, v[0].s) == 0;
	if (!found) {
		r->status = 400;
		priorities_page(r, N_("That row is not in the priority list."), "danger");
		return;
	}
	if (db_begin(r->db) || priority_move(r->db, r->org_id, v[0].s, (int)v[1].i, v[2].s,
	    r->who->user_id, now_s()) || db_commit(r->db)) {
		plan_tx_failed(r, "priority move");
		return;
	}
	snprintf(loc, sizeof(loc), "/o/%lld/priorities?moved=1", (long long)r->org_id);
	req_redirect(r, arena_strdup(&r->arena, loc));
}
