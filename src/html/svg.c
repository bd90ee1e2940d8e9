/*
 * svg.c - the radar chart; see svg.h.
 *
 * Geometry: axis k points from the centre at angle -90° + k * 360°/n (the
 * first axis straight up, then clockwise), a value v (0..100) sits at
 * radius R * v / 100. Rings at 20, 40, 60, 80 and 100 are polygons through
 * the axes, as the reader reads values off them.
 *
 * Sine and cosine are computed here (a short Taylor series after range
 * reduction, exact to ~1e-12, far below the 0.01 px written) so the library
 * does not need libm.
 */
#include <stdint.h>
#include <string.h>

#include "html.h"
#include "svg.h"
#include "../http/request.h"
#include "../core/buf.h"

#define PI 3.14159265358979323846
#define VB_W 620
#define VB_H 462
#define CX 310.0
#define CY 205.0
#define RAD 165.0

/* Series colours: dark enough for 3:1 against white (WCAG 1.4.11). */
#define C_SERIES "#1d5fa8"
#define C_CMP "#a8431c"
#define C_GRID "#b9c0ca"
#define C_TEXT "#1f2933"

static double
ssin(double x)
{
	double term, sum;

	while (x > PI)
		x -= 2 * PI;
	while (x < -PI)
		x += 2 * PI;
	term = sum = x;
	for (int i = 1; i < 14; i++) {
		term *= -x * x / ((2.0 * i) * (2.0 * i + 1));
		sum += term;
	}
	return sum;
}

static double
scos(double x)
{
	return ssin(x + PI / 2);
}

void
svg_num(struct buf *b, double v, int decimals)
{
	int64_t scale = 1, x, ip, fp;
	int neg = v < 0;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 3)
		decimals = 3;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if (!(v == v) || v > 1e12 || v < -1e12)	/* NaN or absurd: 0 */
		v = 0, neg = 0;
	x = (int64_t)((neg ? -v : v) * (double)scale + 0.5);
	ip = x / scale;
	fp = x % scale;
	if (neg && x == 0)
		neg = 0;
	if (decimals == 0)
		buf_printf(b, "%s%lld", neg ? "-" : "", (long long)ip);
	else
		buf_printf(b, "%s%lld.%0*lld", neg ? "-" : "", (long long)ip, decimals, (long long)fp);
}

static void
num(struct req *r, double v)
{
	svg_num(&r->out, v, 2);
}

static void
point(struct req *r, int k, int n, double v)
{
	double a = -PI / 2 + 2 * PI * k / n;

	if (v < 0)
		v = 0;
	if (v > 100)
		v = 100;
	num(r, CX + RAD * v / 100.0 * scos(a));
	html_lit(r, ",");
	num(r, CY + RAD * v / 100.0 * ssin(a));
}

static void
polygon(struct req *r, int n, const double *v, const int *has)
{
	for (int k = 0; k < n; k++) {
		if (k)
			html_lit(r, " ");
		point(r, k, n, has && !has[k] ? 0 : v[k]);
	}
}

static void
legend_item(struct req *r, double y, const char *color, const char *dash, int square,
    const char *text)
{
	html_lit(r, "<line x1=\"40\" x2=\"80\" y1=\"");
	num(r, y);
	html_lit(r, "\" y2=\"");
	num(r, y);
	html_lit(r, "\" stroke=\"");
	html_attr(r, color);
	html_lit(r, "\" stroke-width=\"2.5\"");
	if (dash)
		html_attrkv(r, "stroke-dasharray", dash);
	html_lit(r, "/>");
	if (square) {
		html_lit(r, "<rect x=\"56.5\" y=\"");
		num(r, y - 3.5);
		html_lit(r, "\" width=\"7\" height=\"7\" fill=\"");
	} else {
		html_lit(r, "<circle cx=\"60\" cy=\"");
		num(r, y);
		html_lit(r, "\" r=\"4\" fill=\"");
	}
	html_attr(r, color);
	html_lit(r, "\"/><text x=\"90\" y=\"");
	num(r, y + 4);
	html_lit(r, "\" font-size=\"15\" fill=\"" C_TEXT "\">");
	html_text(r, text);
	html_lit(r, "</text>");
}

void
svg_radar(struct req *r, const struct svg_radar *c)
{
	int n = c->n;

	html_lit(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"radar\" role=\"img\" viewBox=\"0 0 ");
	html_int(r, VB_W);
	html_lit(r, " ");
	html_int(r, VB_H);
	html_lit(r, "\" aria-labelledby=\"");
	html_attr(r, c->id);
	html_lit(r, "-t");
	if (c->desc) {
		html_lit(r, " ");
		html_attr(r, c->id);
		html_lit(r, "-d");
	}
	html_lit(r, "\" focusable=\"false\"><title id=\"");
	html_attr(r, c->id);
	html_lit(r, "-t\">");
	html_text(r, c->title);
	html_lit(r, "</title>");
	if (c->desc) {
		html_lit(r, "<desc id=\"");
		html_attr(r, c->id);
		html_lit(r, "-d\">");
		html_text(r, c->desc);
		html_lit(r, "</desc>");
	}
	if (n < 1) {
		html_lit(r, "</svg>");
		return;
	}
	/* Rings and their values along the first axis. */
	html_lit(r, "<g fill=\"none\" stroke=\"" C_GRID "\" stroke-width=\"1\">");
	for (int ring = 20; ring <= 100; ring += 20) {
		html_lit(r, "<polygon points=\"");
		for (int k = 0; k < n; k++) {
			if (k)
				html_lit(r, " ");
			point(r, k, n, ring);
		}
		html_lit(r, "\"/>");
	}
	for (int k = 0; k < n; k++) {
		html_lit(r, "<line x1=\"");
		num(r, CX);
		html_lit(r, "\" y1=\"");
		num(r, CY);
		html_lit(r, "\" x2=\"");
		{
			double a = -PI / 2 + 2 * PI * k / n;
			num(r, CX + RAD * scos(a));
			html_lit(r, "\" y2=\"");
			num(r, CY + RAD * ssin(a));
		}
		html_lit(r, "\"/>");
	}
	html_lit(r, "</g><g font-size=\"12\" fill=\"" C_TEXT "\" text-anchor=\"start\">");
	for (int ring = 20; ring <= 100; ring += 20) {
		html_lit(r, "<text x=\"");
		num(r, CX + 4);
		html_lit(r, "\" y=\"");
		num(r, CY - RAD * ring / 100.0 + 3);
		html_lit(r, "\">");
		html_int(r, ring);
		html_lit(r, "</text>");
	}
	html_lit(r, "</g>");
	/* Comparison first, so the organisation's own shape lies on top. */
	if (c->cmp) {
		html_lit(r, "<polygon fill=\"none\" stroke=\"" C_CMP "\" stroke-width=\"2.5\""
		    " stroke-dasharray=\"7 5\" points=\"");
		polygon(r, n, c->cmp, c->cmp_has);
		html_lit(r, "\"/><g fill=\"" C_CMP "\">");
		for (int k = 0; k < n; k++) {
			double a = -PI / 2 + 2 * PI * k / n, v;
			if (c->cmp_has && !c->cmp_has[k])
				continue;
			v = c->cmp[k] < 0 ? 0 : c->cmp[k] > 100 ? 100 : c->cmp[k];
			html_lit(r, "<rect width=\"7\" height=\"7\" x=\"");
			num(r, CX + RAD * v / 100.0 * scos(a) - 3.5);
			html_lit(r, "\" y=\"");
			num(r, CY + RAD * v / 100.0 * ssin(a) - 3.5);
			html_lit(r, "\"/>");
		}
		html_lit(r, "</g>");
	}
	html_lit(r, "<polygon fill=\"" C_SERIES "\" fill-opacity=\"0.15\" stroke=\"" C_SERIES "\""
	    " stroke-width=\"2.5\" points=\"");
	polygon(r, n, c->values, c->has);
	html_lit(r, "\"/><g fill=\"" C_SERIES "\">");
	for (int k = 0; k < n; k++) {
		if (c->has && !c->has[k])
			continue;
		html_lit(r, "<circle r=\"4\" cx=\"");
		{
			double a = -PI / 2 + 2 * PI * k / n;
			double v = c->values[k] < 0 ? 0 : c->values[k] > 100 ? 100 : c->values[k];
			num(r, CX + RAD * v / 100.0 * scos(a));
			html_lit(r, "\" cy=\"");
			num(r, CY + RAD * v / 100.0 * ssin(a));
		}
		html_lit(r, "\"/>");
	}
	html_lit(r, "</g><g font-size=\"16\" fill=\"" C_TEXT "\">");
	for (int k = 0; k < n; k++) {
		double a = -PI / 2 + 2 * PI * k / n, x = scos(a), y = ssin(a);
		html_lit(r, "<text x=\"");
		num(r, CX + (RAD + 12) * x);
		html_lit(r, "\" y=\"");
		/* Below the centre the label hangs from its point, above it
		 * sits on it; 4 px centres text on side axes. */
		num(r, CY + (RAD + 12) * y + (y > 0.3 ? 10 : y < -0.3 ? -2 : 4));
		html_lit(r, "\" text-anchor=\"");
		if (x > 0.2)
			html_lit(r, "start");
		else if (x < -0.2)
			html_lit(r, "end");
		else
			html_lit(r, "middle");
		html_lit(r, "\">");
		html_text(r, c->labels[k]);
		html_lit(r, "</text>");
	}
	html_lit(r, "</g>");
	legend_item(r, c->cmp ? 420 : 446, C_SERIES, NULL, 0, c->series ? c->series : "");
	if (c->cmp)
		legend_item(r, 446, C_CMP, "7 5", 1, c->cmp_series ? c->cmp_series : "");
	html_lit(r, "</svg>");
}
