/*
 * svg.h - server-rendered charts as inline SVG.
 *
 * The Content-Security-Policy forbids inline style, so charts use SVG
 * presentation attributes (fill, stroke, stroke-dasharray, font-size), which
 * are not CSS and are not governed by style-src. Every chart is role="img"
 * with a <title> and <desc> (aria-labelledby), and the page must show the
 * same numbers in a data table next to it: the picture is never the only
 * place a value can be read. Series differ by dash pattern and marker shape
 * as well as colour, so nothing depends on telling colours apart.
 *
 * Coordinates are written with a '.' decimal point by integer arithmetic,
 * never printf("%f"), so a locale set by a library cannot break the SVG.
 */
#ifndef SKOLESEC_SVG_H
#define SKOLESEC_SVG_H

#include <stdint.h>

struct req;
struct buf;

struct svg_radar {
	const char *id;			/* unique on the page; prefixes element ids */
	const char *title;		/* <title>: what the chart shows */
	const char *desc;		/* <desc>: optional, e.g. how to read it */
	int n;				/* number of axes */
	const char *const *labels;	/* n axis labels */
	const double *values;		/* n values 0..100 */
	const int *has;			/* n flags: value present (absent: drawn at 0) */
	const char *series;		/* legend text of the values */
	const double *cmp;		/* optional comparison series (NULL: none) */
	const int *cmp_has;
	const char *cmp_series;
};

/* Writes the chart into r->out. Labels and titles are escaped. The SVG has
 * a viewBox and no fixed size, so it scales to its container (a page puts
 * it in a width-limited block); text stays readable when zoomed. */
void svg_radar(struct req *r, const struct svg_radar *c);

/* v with `decimals` (0-3) digits after a '.' decimal point, rounded half
 * away from zero, whatever the locale. */
void svg_num(struct buf *b, double v, int decimals);

#endif
