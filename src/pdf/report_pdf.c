/*
 * report_pdf.c - draws the status report as PDF; see report_pdf.h.
 *
 * Long lists are capped (overdue measures at REPORT_PDF_MAX_OVERDUE) with a
 * line saying how many more there are: the report is a summary for the
 * kommunedirektør; the full list is the plan's own export.
 */
#include <stdio.h>
#include <string.h>

#include "report_pdf.h"
#include "pdfdoc.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/msgid.h"
#include "../domain/report.h"
#include "../html/i18n.h"

#define REPORT_PDF_MAX_OVERDUE 50

struct ctx {
	struct pdfdoc *d;
	struct arena *a;
	const char *lang;
};

static const char *
tr(const struct ctx *c, const char *msgid)
{
	return i18n_get(c->lang, msgid);
}

static const char *
num(const struct ctx *c, int64_t v)
{
	return arena_printf(c->a, "%lld", (long long)v);
}

/* A score 0..100 with one decimal in the language's decimal sign. */
static const char *
tenths(const struct ctx *c, double v)
{
	int64_t t = maturity_tenths(v);

	return arena_printf(c->a, "%lld%s%lld", (long long)(t / 10),
	    strcmp(c->lang, "en") == 0 ? "." : ",", (long long)((t < 0 ? -t : t) % 10));
}

static void
maturity_part(const struct ctx *c, const struct report *rep)
{
	const struct mat_set *s = rep->set;
	const char *labels[MAT_MAX_AREAS], *cells[MAT_MAX_AREAS * 2];
	double vals[MAT_MAX_AREAS];
	int has[MAT_MAX_AREAS];
	static const double w[2] = { 3, 1 };
	const char *head[2] = { tr(c, N_("Area")), tr(c, N_("Score (0–100)")) };

	pdf_heading(c->d, 2, tr(c, N_("Maturity")));
	if (!rep->has_maturity) {
		pdf_para(c->d, tr(c, N_("No maturity round has been started yet.")));
		return;
	}
	pdf_note(c->d, arena_printf(c->a, "%s: %s", tr(c, N_("Round")), rep->round.title));
	for (int i = 0; i < s->nareas && i < MAT_MAX_AREAS; i++) {
		labels[i] = mat_tx(&s->areas[i].shortname, c->lang);
		vals[i] = rep->score.area[i].score;
		has[i] = rep->score.area[i].has_score;
		cells[2 * i] = mat_tx(&s->areas[i].title, c->lang);
		cells[2 * i + 1] = has[i] ? tenths(c, vals[i]) : "–";
	}
	pdf_radar(c->d, s->nareas, labels, vals, has);
	pdf_table(c->d, 2, w, head, cells, s->nareas);
	if (rep->score.has_score)
		pdf_kv(c->d, tr(c, N_("Total score")), tenths(c, rep->score.total));
}

static void
coverage_part(const struct ctx *c, const struct report *rep)
{
	const char *labels[3] = { tr(c, N_("With ROS")), tr(c, N_("With DPIA")), tr(c, N_("With DBA")) };
	double v[3] = { (double)rep->cov.ros, (double)rep->cov.dpia, (double)rep->cov.dba };
	const char *texts[3], *cells[9];
	static const char *const kinds[3] = { "ROS", "DPIA", "DBA" };
	static const double w[3] = { 2, 1, 1 };
	const char *head[3] = { tr(c, N_("Assessment")), tr(c, N_("Approved")), tr(c, N_("All")) };

	pdf_heading(c->d, 2, tr(c, N_("Assessment coverage")));
	pdf_kv(c->d, tr(c, N_("Tools in use")), num(c, rep->cov.tools));
	for (int i = 0; i < 3; i++)
		texts[i] = arena_printf(c->a, "%lld / %lld", (long long)v[i], (long long)rep->cov.tools);
	pdf_bars(c->d, 3, labels, v, (double)rep->cov.tools, texts);
	for (int i = 0; i < 3; i++) {
		cells[3 * i] = kinds[i];
		cells[3 * i + 1] = num(c, rep->assess_approved[i]);
		cells[3 * i + 2] = num(c, rep->assess_total[i]);
	}
	pdf_table(c->d, 3, w, head, cells, 3);
}

static void
decisions_part(const struct ctx *c, const struct report *rep)
{
	const char *labels[REPORT_NDECISIONS], *texts[REPORT_NDECISIONS];
	double v[REPORT_NDECISIONS], max = 0;

	pdf_heading(c->d, 2, tr(c, N_("Tool decisions")));
	for (int i = 0; i < REPORT_NDECISIONS; i++) {
		labels[i] = tr(c, report_decision_labels[i]);
		v[i] = (double)rep->decisions[i];
		texts[i] = num(c, rep->decisions[i]);
		if (v[i] > max)
			max = v[i];
	}
	pdf_bars(c->d, REPORT_NDECISIONS, labels, v, max, texts);
}

static void
risks_part(const struct ctx *c, const struct report *rep)
{
	const char *head[4] = { tr(c, N_("Risk")), tr(c, N_("Assessment")), tr(c, N_("Score")), tr(c, N_("Residual")) };
	static const double w[4] = { 4, 3, 1, 1 };
	const char **cells = arena_alloc(c->a, sizeof(*cells) * 4 * (size_t)(rep->nrisks + 1));

	pdf_heading(c->d, 2, tr(c, N_("Top residual risks")));
	pdf_note(c->d, arena_printf(c->a, "%s: %lld", tr(c, N_("Risks with high residual risk")),
	    (long long)rep->high_risks));
	if (rep->nrisks == 0 || cells == NULL) {
		pdf_para(c->d, tr(c, N_("No risks have been assessed yet.")));
		return;
	}
	for (int i = 0; i < rep->nrisks; i++) {
		cells[4 * i] = rep->risks[i].title;
		cells[4 * i + 1] = rep->risks[i].assessment;
		cells[4 * i + 2] = num(c, rep->risks[i].score);
		cells[4 * i + 3] = num(c, rep->risks[i].residual);
	}
	pdf_table(c->d, 4, w, head, cells, rep->nrisks);
}

static void
plan_part(const struct ctx *c, const struct report *rep)
{
	const struct plan_progress *p = &rep->progress;
	const char *labels[4] = { tr(c, N_("Done")), tr(c, N_("In progress")), tr(c, N_("Not started")),
		tr(c, N_("Postponed")) };
	double v[4] = { (double)p->done, (double)p->in_progress, (double)p->not_started,
		(double)p->postponed };
	const char *texts[4] = { num(c, p->done), num(c, p->in_progress), num(c, p->not_started),
		num(c, p->postponed) };
	const char *head[4] = { tr(c, N_("Measure")), tr(c, N_("Owner")), tr(c, N_("Due")), tr(c, N_("Status")) };
	static const double w[4] = { 4, 2, 1.3, 1.5 };
	int n = rep->noverdue < REPORT_PDF_MAX_OVERDUE ? rep->noverdue : REPORT_PDF_MAX_OVERDUE;
	const char **cells = arena_alloc(c->a, sizeof(*cells) * 4 * (size_t)(n + 1));

	pdf_heading(c->d, 2, tr(c, N_("Action plan progress")));
	pdf_kv(c->d, tr(c, N_("Measures")), num(c, p->total));
	pdf_kv(c->d, tr(c, N_("Share done (postponed not counted)")), arena_printf(c->a, "%d %%", p->percent_done));
	pdf_kv(c->d, tr(c, N_("Overdue")), num(c, p->overdue));
	pdf_bars(c->d, 4, labels, v, (double)p->total, texts);
	pdf_heading(c->d, 3, tr(c, N_("Overdue measures")));
	if (n == 0 || cells == NULL) {
		pdf_para(c->d, tr(c, N_("No measures are overdue.")));
		return;
	}
	for (int i = 0; i < n; i++) {
		cells[4 * i] = rep->overdue[i].title;
		cells[4 * i + 1] = rep->overdue[i].owner;
		cells[4 * i + 2] = rep->overdue[i].due_date;
		cells[4 * i + 3] = tr(c, plan_status_label(rep->overdue[i].status));
	}
	pdf_table(c->d, 4, w, head, cells, n);
	if (rep->noverdue > n)
		pdf_note(c->d, arena_printf(c->a, "%s: %d", tr(c, N_("More overdue measures, see the plan")),
		    rep->noverdue - n));
}

static void
priorities_part(const struct ctx *c, const struct report *rep)
{
	const char *head[3] = { tr(c, N_("Priority")), tr(c, N_("Score")), tr(c, N_("Why")) };
	static const double w[3] = { 3, 1, 5 };
	const char **cells = arena_alloc(c->a, sizeof(*cells) * 3 * (size_t)(rep->ntop + 1));

	pdf_heading(c->d, 2, tr(c, N_("Top priorities")));
	if (rep->ntop == 0 || cells == NULL) {
		pdf_para(c->d, tr(c, N_("Nothing to prioritise yet.")));
		return;
	}
	for (int i = 0; i < rep->ntop; i++) {
		const struct prio_row *pr = &rep->top[i];
		struct buf why;

		buf_init(&why, 4096, c->a);
		for (int k = 0; k < pr->nreasons; k++)
			buf_printf(&why, "%s%s (+%d)", k ? "; " : "", tr(c, pr->reason[k].msgid),
			    pr->reason[k].points);
		if (pr->adjust)
			buf_printf(&why, "%s%s %+d: %s", pr->nreasons ? "; " : "", tr(c, N_("Moved")),
			    pr->adjust, pr->move_reason ? pr->move_reason : "");
		cells[3 * i] = pr->title;
		cells[3 * i + 1] = num(c, pr->score);
		cells[3 * i + 2] = buf_str(&why);
	}
	pdf_table(c->d, 3, w, head, cells, rep->ntop);
}

static void
signoff_part(const struct ctx *c, const struct report *rep)
{
	const char *head[3] = { tr(c, N_("Report date")), tr(c, N_("Signed off by")), tr(c, N_("Comment")) };
	static const double w[3] = { 1.2, 2, 4 };
	const char **cells = arena_alloc(c->a, sizeof(*cells) * 3 * (size_t)(rep->nsignoffs + 1));

	pdf_heading(c->d, 2, tr(c, N_("Sign-offs")));
	if (rep->nsignoffs == 0 || cells == NULL) {
		pdf_para(c->d, tr(c, N_("The report has not been signed off yet.")));
		return;
	}
	for (int i = 0; i < rep->nsignoffs; i++) {
		cells[3 * i] = rep->signoffs[i].date;
		cells[3 * i + 1] = rep->signoffs[i].by;
		cells[3 * i + 2] = rep->signoffs[i].comment;
	}
	pdf_table(c->d, 3, w, head, cells, rep->nsignoffs);
}

int
report_pdf(struct buf *out, struct arena *a, const struct report *rep, const char *lang, int64_t now)
{
	struct ctx c = { NULL, a, lang };
	const char *title = arena_printf(a, "%s – %s", i18n_get(lang, N_("Status report")), rep->org.name);
	struct pdf_meta meta = {
		.title = title, .author = rep->org.name,
		.subject = i18n_get(lang, N_("Privacy and information security in the schools")),
		.creator = "skolesec", .created = now,
		.footer = title, .page_word = i18n_get(lang, N_("Page")),
	};

	if ((c.d = pdf_begin(out, &meta)) == NULL)
		return -1;
	pdf_heading(c.d, 1, title);
	pdf_para(c.d, tr(&c, N_("Privacy and information security in the schools")));
	pdf_note(c.d, arena_printf(a, "%s: %s", tr(&c, N_("Date")), rep->date));
	if (rep->nsignoffs > 0)
		pdf_note(c.d, arena_printf(a, "%s: %s (%s)", tr(&c, N_("Last signed off by")),
		    rep->signoffs[0].by, rep->signoffs[0].date));
	maturity_part(&c, rep);
	coverage_part(&c, rep);
	decisions_part(&c, rep);
	risks_part(&c, rep);
	plan_part(&c, rep);
	priorities_part(&c, rep);
	signoff_part(&c, rep);
	return pdf_end(c.d);
}
