/*
 * programme_view.c - pieces every programme page shows alike: headings, a
 * date, the five phases with dates and activities (and, for participants,
 * what a move changed), and the three competency goals. One copy here so
 * that the public page, the adviser team's and the municipality's show the
 * same thing.
 */
#include <string.h>

#include "programme.h"
#include "../domain/programme.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../http/request.h"
#include "../core/buf.h"
#include "../core/log.h"
#include "../app.h"
#include "../db/db.h"

/* A calendar date in the reader's convention: 01.09.2026 in Norwegian,
 * 2026-09-01 in English. */
void
prog_date(struct req *r, const char *ymd)
{
	if (ymd == NULL || !prog_date_ok(ymd)) {
		html_text(r, ymd ? ymd : "");
		return;
	}
	if (strcmp(r->lang, "en") == 0) {
		html_text(r, ymd);
		return;
	}
	buf_printf(&r->out, "%.2s.%.2s.%.4s", ymd + 8, ymd + 5, ymd);
}

void
prog_phase_table(struct req *r, const struct programme *p, int show_moves)
{
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Phases of the programme");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Phase");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Period");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Activities");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < PROG_PHASES; i++) {
		const struct prog_phase *ph = &p->phase[i];
		html_lit(r, "<tr><th scope=\"row\">");
		html_int(r, i + 1);
		html_lit(r, ". ");
		html_t(r, prog_phase_name(i + 1));
		html_lit(r, "</th><td>");
		prog_date(r, ph->starts_on);
		html_lit(r, " – ");
		prog_date(r, ph->ends_on);
		if (show_moves && ph->moved_at) {
			html_lit(r, " <span class=\"ds-tag\" data-color=\"warning\">");
			html_t(r, "moved");
			html_lit(r, "</span> <span class=\"ds-paragraph\" data-size=\"sm\">(");
			html_t(r, "was");
			html_lit(r, " ");
			prog_date(r, ph->moved_from_start);
			html_lit(r, " – ");
			prog_date(r, ph->moved_from_end);
			html_lit(r, ")</span>");
		}
		html_lit(r, "</td><td>");
		if (ph->activities && *ph->activities)
			html_t(r, ph->activities);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
prog_goals_list(struct req *r)
{
	html_lit(r, "<ol class=\"ds-list\">");
	for (int g = 1; g <= PROG_GOALS; g++) {
		html_lit(r, "<li>");
		html_t(r, prog_goal_text(g));
		html_lit(r, "</li>");
	}
	html_lit(r, "</ol>");
}

void
prog_tx_fail(struct req *r, const char *what)
{
	log_err("%s: %s", what, db_errmsg(r->db));
	db_rollback(r->db);
	page_error(r, 500, "Something went wrong. Try again.");
}

void
prog_button(struct req *r, const char *variant, const char *msgid)
{
	html_lit(r, "<button class=\"ds-button\" type=\"submit\" data-variant=\"");
	html_attr(r, variant);
	html_lit(r, "\">");
	html_t(r, msgid);
	html_lit(r, "</button>");
}
