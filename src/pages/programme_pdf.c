/*
 * programme_pdf.c - the cohort report as PDF (issue 7), drawn with the
 * shared writer of src/pdf/pdfdoc.h (cairo + pango): the same content as
 * the HTML report (pages/programme.c) - facts, goals, phases, workshops with
 * attendance, outcomes per municipality (only what consent allows) and the
 * evaluation (counts, averages, free text without names where anonymous).
 *
 * Drawn into a buffer of its own, so a failure leaves r->out clean for the
 * error page. Rendering costs a few milliseconds, far below a login, so it
 * runs on the connection thread like the status report's PDF.
 */
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "programme.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/maturity.h"
#include "../domain/programme.h"
#include "../domain/programme_eval.h"
#include "../domain/programme_work.h"
#include "../html/i18n.h"
#include "../http/request.h"
#include "../pdf/pdfdoc.h"
#include "../core/log.h"
#include "../core/buf.h"

static const char *
tenths(struct req *r, double v, int sign)
{
	int64_t t = maturity_tenths(v);
	const char *pre = t < 0 ? "\xe2\x88\x92" : sign && t > 0 ? "+" : "";

	if (t < 0)
		t = -t;
	return arena_printf(&r->arena, "%s%lld%s%lld", pre, (long long)(t / 10),
	    strcmp(r->lang, "en") == 0 ? "." : ",", (long long)(t % 10));
}

static const char *
of(struct req *r, int a, int b)
{
	return arena_printf(&r->arena, "%d %s %d", a, T(r, "of"), b);
}

static void
outcomes(struct req *r, struct pdfdoc *d, const struct prog_dash_row *v, int n)
{
	static const double w[7] = { 3, 2.4, 1.4, 1.4, 1.6, 1.6, 1.2 };
	const char *head[7];
	const char **cells = arena_alloc(&r->arena, sizeof(*cells) * 7 * (size_t)(n + 1));

	if (cells == NULL)
		return;
	head[0] = T(r, "Municipality");
	head[1] = T(r, "Phase");
	head[2] = T(r, "Maturity score");
	head[3] = T(r, "Change since the previous round");
	head[4] = T(r, "Tools assessed");
	head[5] = T(r, "Action plan: measures done");
	head[6] = T(r, "Overdue tasks");
	for (int i = 0; i < n; i++) {
		const struct prog_dash_row *x = &v[i];
		const char **c = &cells[i * 7];
		int ok = x->consent && authz_allows(r->who, A_MATURITY_VIEW, x->org_id, 0);
		c[0] = x->org_name;
		c[1] = arena_printf(&r->arena, "%d. %s", x->phase, T(r, prog_phase_name(x->phase)));
		if (!ok) {
			c[2] = c[3] = c[4] = c[5] = T(r, "no access");
		} else {
			c[2] = x->has_score ? tenths(r, x->score, 0) : T(r, "no answers");
			c[3] = x->has_change ? tenths(r, x->change, 1) : T(r, "no comparison");
			c[4] = of(r, x->tools_assessed, x->tools);
			c[5] = of(r, x->measures_done, x->measures);
		}
		c[6] = arena_printf(&r->arena, "%d", x->tasks_overdue);
	}
	pdf_table(d, 7, w, head, cells, n);
}

static void
evaluation(struct req *r, struct pdfdoc *d, const struct programme *p)
{
	static const double w[3] = { 6, 1.2, 1.2 };
	const struct eval_set *s = evaluation_current();
	struct eval_result res[EVAL_MAX_Q];
	const char *head[3], **cells;
	int n, rows = 0;

	if (s == NULL || (n = programme_eval_results(r->db, &r->arena, r->org_id, p->id, s, res)) < 0) {
		pdf_para(d, T(r, "Something went wrong. Try again."));
		return;
	}
	pdf_note(d, arena_printf(&r->arena, "%s (%s %s): %d %s", eval_tx(&s->title, r->lang),
	    T(r, "version"), s->version, n, T(r, "municipalities have answered.")));
	if ((cells = arena_alloc(&r->arena, sizeof(*cells) * 3 * (size_t)s->nq)) == NULL)
		return;
	head[0] = T(r, "Question");
	head[1] = T(r, "Answers");
	head[2] = T(r, "Average");
	for (int i = 0; i < s->nq; i++) {
		if (!s->q[i].scale)
			continue;
		cells[rows * 3] = eval_tx(&s->q[i].text, r->lang);
		cells[rows * 3 + 1] = arena_printf(&r->arena, "%d", res[i].count);
		cells[rows * 3 + 2] = res[i].count ? tenths(r, (double)res[i].sum / res[i].count, 0) : "–";
		rows++;
	}
	pdf_note(d, T(r, "Answers on the scale 1 (disagree) to 5 (agree)"));
	pdf_table(d, 3, w, head, cells, rows);
	for (int i = 0; i < s->nq; i++) {
		if (s->q[i].scale)
			continue;
		pdf_heading(d, 3, eval_tx(&s->q[i].text, r->lang));
		if (res[i].ntexts == 0)
			pdf_para(d, T(r, "No answers."));
		for (int k = 0; k < res[i].ntexts; k++)
			pdf_para(d, arena_printf(&r->arena, "%s (%s)", res[i].texts[k].body,
			    res[i].texts[k].org_name ? res[i].texts[k].org_name : T(r, "anonymous")));
	}
}

void
page_programme_report_pdf(struct req *r)
{
	struct programme p;
	struct prog_dash_row *v;
	struct prog_workshop *w;
	struct pdf_meta meta;
	struct pdfdoc *d;
	struct buf pdf;
	int64_t id = param_id(r, "id");
	int n, nw, rc;

	if ((rc = id ? programme_get(r->db, &r->arena, r->org_id, id, &p) : 0) != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	if ((n = programme_dashboard(r->db, &r->arena, r->org_id, p.id, now_s(), &v)) < 0 ||
	    (nw = programme_workshops(r->db, &r->arena, p.id, &w)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	memset(&meta, 0, sizeof(meta));
	meta.title = arena_printf(&r->arena, "%s: %s", T(r, "Cohort report"), p.title);
	meta.author = p.org_name;
	meta.subject = T(r, "Advisory programmes");
	meta.creator = "skolesec";
	meta.created = now_s();
	meta.footer = p.title;
	meta.page_word = strcmp(r->lang, "en") == 0 ? "Page" : "Side";
	buf_init(&pdf, 32u << 20, &r->arena);
	if ((d = pdf_begin(&pdf, &meta)) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	pdf_heading(d, 1, meta.title);
	pdf_kv(d, T(r, "Run by"), p.org_name);
	pdf_kv(d, T(r, "Participants"), arena_printf(&r->arena, "%d", n));
	pdf_kv(d, T(r, "Workshops"), arena_printf(&r->arena, "%d", nw));
	pdf_heading(d, 2, T(r, "Competency goals"));
	for (int g = 1; g <= PROG_GOALS; g++)
		pdf_para(d, arena_printf(&r->arena, "%d. %s", g, T(r, prog_goal_text(g))));
	pdf_heading(d, 2, T(r, "Phases"));
	for (int i = 0; i < PROG_PHASES; i++)
		pdf_kv(d, arena_printf(&r->arena, "%d. %s", i + 1, T(r, prog_phase_name(i + 1))),
		    arena_printf(&r->arena, "%s – %s", p.phase[i].starts_on ? p.phase[i].starts_on : "",
		    p.phase[i].ends_on ? p.phase[i].ends_on : ""));
	pdf_heading(d, 2, T(r, "Workshops"));
	for (int i = 0; i < nw; i++)
		pdf_kv(d, w[i].held_on, arena_printf(&r->arena, "%s (%d %s %d %s)", w[i].title,
		    w[i].attended, T(r, "of"), n, T(r, "municipalities present")));
	pdf_heading(d, 2, T(r, "Outcomes per municipality"));
	if (n > 0)
		outcomes(r, d, v, n);
	pdf_heading(d, 2, T(r, "Evaluation"));
	evaluation(r, d, &p);
	if (pdf_end(d)) {
		log_err("programme report pdf failed");
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	buf_put(&r->out, pdf.p, pdf.len);
	r->ctype = "application/pdf";
	req_add_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"kullrapport-%lld.pdf\"", (long long)p.id));
	req_add_header(r, "Cache-Control", "no-store");
}
