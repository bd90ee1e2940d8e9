/*
 * heatmap.h - the risk matrix as a server-rendered SVG heatmap: how many
 * risks sit in each likelihood x consequence cell, before and after
 * measures, each picture with a data table beside it.
 *
 * Same rules as svg.h: role="img" with <title>/<desc>, presentation
 * attributes only (strict CSP), and nothing told by colour alone: each cell
 * shows its count and its score (L x C), and a legend gives the thresholds.
 */
#ifndef SKOLESEC_HEATMAP_H
#define SKOLESEC_HEATMAP_H

struct req;
struct risk_matrix;

/* counts[l-1][c-1]: risks with likelihood l and consequence c. */
typedef int heat_counts[5][5];

/* Opens a wide table that scrolls on its own: the scrolling region is
 * focusable and named (WCAG: keyboard users can scroll it), and the table
 * gets the caption. caption is display text (already translated). The
 * caller writes <thead>... and closes with </table></div>. */
void scroll_table_open(struct req *r, const char *caption);

/* A class label of the matrix (translated when it is the default's). */
const char *heat_label(struct req *r, const struct risk_matrix *m, int likelihood, int idx);

/*
 * Two heatmaps (before and after measures), each beside its table, and
 * the legend. id: unique on the page (prefixes element ids).
 */
void heatmap_figure(struct req *r, const struct risk_matrix *m, const heat_counts before,
    const heat_counts after, const char *id);

#endif
