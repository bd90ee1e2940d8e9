/*
 * heatmap.c - the risk heatmaps; see heatmap.h.
 *
 * Geometry: likelihood rises upwards (row 0 at the top is the highest
 * class), consequence rises to the right, as in DSB's and Digdir's
 * matrices. Each cell is CELL units square; the class numbers label the
 * axes and the class names are in the table, where long labels wrap.
 */
#include <string.h>

#include "heatmap.h"
#include "html.h"
#include "i18n.h"
#include "../domain/riskmatrix.h"
#include "../http/request.h"
#include "../core/buf.h"

#define CELL 64
#define LEFT 56
#define TOP 8
#define BOTTOM 52
#define C_TEXT "#1f2933"
#define C_GRID "#ffffff"

const char *
heat_label(struct req *r, const struct risk_matrix *m, int likelihood, int idx)
{
	const char *s = likelihood ? m->lik[idx] : m->con[idx];

	if (s == NULL)
		return "";
	return m->is_default ? T(r, s) : s;
}

void
scroll_table_open(struct req *r, const char *caption)
{
	html_lit(r, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
	html_attr(r, caption);
	html_lit(r, "\"><table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_text(r, caption);
	html_lit(r, "</caption>");
}

static const char *
zone_colour(const struct risk_matrix *m, int l, int c)
{
	switch (risk_zone(m, l, c)) {
	case RZ_ACCEPT: return m->colour[0];
	case RZ_MEASURES: return m->colour[1];
	case RZ_REJECT: return m->colour[2];
	default: return "#eeeeee";
	}
}

static void
num(struct req *r, int v)
{
	buf_printf(&r->out, "%d", v);
}

static void
svg(struct req *r, const struct risk_matrix *m, const heat_counts counts, const char *id,
    const char *which, const char *title)
{
	int n = m->size, w = LEFT + n * CELL + 8, h = TOP + n * CELL + BOTTOM;

	html_lit(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"radar heatmap\" role=\"img\" viewBox=\"0 0 ");
	num(r, w);
	html_lit(r, " ");
	num(r, h);
	html_lit(r, "\" aria-labelledby=\"");
	html_attr(r, id);
	html_attr(r, which);
	html_lit(r, "-t ");
	html_attr(r, id);
	html_attr(r, which);
	html_lit(r, "-d\" focusable=\"false\"><title id=\"");
	html_attr(r, id);
	html_attr(r, which);
	html_lit(r, "-t\">");
	html_text(r, title);
	html_lit(r, "</title><desc id=\"");
	html_attr(r, id);
	html_attr(r, which);
	html_lit(r, "-d\">");
	html_t(r, "Each cell shows the number of risks (large) and the score likelihood x consequence (small). The same numbers are in the table.");
	html_lit(r, "</desc>");
	for (int row = 0; row < n; row++) {
		int l = n - row;
		for (int c = 1; c <= n; c++) {
			int x = LEFT + (c - 1) * CELL, y = TOP + row * CELL, k = counts[l - 1][c - 1];
			html_lit(r, "<rect x=\"");
			num(r, x);
			html_lit(r, "\" y=\"");
			num(r, y);
			html_lit(r, "\" width=\"64\" height=\"64\" stroke=\"" C_GRID "\" stroke-width=\"2\" fill=\"");
			html_attr(r, zone_colour(m, l, c));
			html_lit(r, "\"/><text x=\"");
			num(r, x + 5);
			html_lit(r, "\" y=\"");
			num(r, y + 14);
			html_lit(r, "\" font-size=\"11\" fill=\"" C_TEXT "\">");
			num(r, l * c);
			html_lit(r, "</text>");
			if (k > 0) {
				html_lit(r, "<text x=\"");
				num(r, x + CELL / 2);
				html_lit(r, "\" y=\"");
				num(r, y + CELL / 2 + 9);
				html_lit(r, "\" font-size=\"24\" font-weight=\"700\" text-anchor=\"middle\" fill=\"" C_TEXT "\">");
				num(r, k);
				html_lit(r, "</text>");
			}
		}
		html_lit(r, "<text x=\"");
		num(r, LEFT - 8);
		html_lit(r, "\" y=\"");
		num(r, TOP + row * CELL + CELL / 2 + 5);
		html_lit(r, "\" font-size=\"14\" text-anchor=\"end\" fill=\"" C_TEXT "\">");
		num(r, l);
		html_lit(r, "</text>");
	}
	for (int c = 1; c <= n; c++) {
		html_lit(r, "<text x=\"");
		num(r, LEFT + (c - 1) * CELL + CELL / 2);
		html_lit(r, "\" y=\"");
		num(r, TOP + n * CELL + 18);
		html_lit(r, "\" font-size=\"14\" text-anchor=\"middle\" fill=\"" C_TEXT "\">");
		num(r, c);
		html_lit(r, "</text>");
	}
	html_lit(r, "<text x=\"");
	num(r, LEFT + n * CELL / 2);
	html_lit(r, "\" y=\"");
	num(r, h - 8);
	html_lit(r, "\" font-size=\"14\" text-anchor=\"middle\" fill=\"" C_TEXT "\">");
	html_t(r, "Consequence");
	html_lit(r, " \xe2\x86\x92</text><text x=\"14\" y=\"");
	num(r, TOP + n * CELL / 2);
	html_lit(r, "\" font-size=\"14\" text-anchor=\"middle\" fill=\"" C_TEXT "\" transform=\"rotate(-90 14 ");
	num(r, TOP + n * CELL / 2);
	html_lit(r, ")\">");
	html_t(r, "Likelihood");
	html_lit(r, " \xe2\x86\x92</text></svg>");
}

static void
table(struct req *r, const struct risk_matrix *m, const heat_counts counts, const char *caption)
{
	int n = m->size;

	scroll_table_open(r, caption);
	html_lit(r, "<thead><tr><th scope=\"col\">");
	html_t(r, "Likelihood \\ consequence");
	html_lit(r, "</th>");
	for (int c = 1; c <= n; c++) {
		html_lit(r, "<th scope=\"col\">");
		num(r, c);
		html_lit(r, " ");
		html_text(r, heat_label(r, m, 0, c - 1));
		html_lit(r, "</th>");
	}
	html_lit(r, "</tr></thead><tbody>");
	for (int l = n; l >= 1; l--) {
		html_lit(r, "<tr><th scope=\"row\">");
		num(r, l);
		html_lit(r, " ");
		html_text(r, heat_label(r, m, 1, l - 1));
		html_lit(r, "</th>");
		for (int c = 1; c <= n; c++) {
			html_lit(r, "<td>");
			num(r, counts[l - 1][c - 1]);
			html_lit(r, "</td>");
		}
		html_lit(r, "</tr>");
	}
	html_lit(r, "</tbody></table></div>");
}

static void
legend_item(struct req *r, const char *colour, const char *msgid, int from, int to)
{
	html_lit(r, "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"14\" height=\"14\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"14\" height=\"14\" stroke=\"" C_TEXT "\" fill=\"");
	html_attr(r, colour);
	html_lit(r, "\"/></svg> ");
	html_t(r, msgid);
	html_lit(r, ": ");
	num(r, from);
	if (to > from) {
		html_lit(r, "\xe2\x80\x93");
		num(r, to);
	}
	html_lit(r, "</li>");
}

void
heatmap_figure(struct req *r, const struct risk_matrix *m, const heat_counts before,
    const heat_counts after, const char *id)
{
	const char *tb = T(r, "Risks before measures"), *ta = T(r, "Residual risks after measures");

	html_lit(r, "<div class=\"maturity-figure\"><div>");
	svg(r, m, before, id, "-b", tb);
	html_lit(r, "</div><div>");
	table(r, m, before, tb);
	html_lit(r, "</div><div>");
	svg(r, m, after, id, "-a", ta);
	html_lit(r, "</div><div>");
	table(r, m, after, ta);
	html_lit(r, "</div></div><ul class=\"ds-list\">");
	legend_item(r, m->colour[0], N_("Score acceptable"), 1, m->accept_max);
	legend_item(r, m->colour[1], N_("Score needing measures"), m->accept_max + 1, m->measures_max);
	if (m->measures_max < m->size * m->size)
		legend_item(r, m->colour[2], N_("Score not acceptable"), m->measures_max + 1, m->size * m->size);
	html_lit(r, "</ul>");
}
