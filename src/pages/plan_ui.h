/*
 * plan_ui.h - small pieces shared by the plan pages (pages/plan*.c):
 * headings, form controls with their error messages, the reason text of a
 * priority row. Not a general widget set: just what these pages repeat.
 */
#ifndef SKOLESEC_PAGES_PLAN_UI_H
#define SKOLESEC_PAGES_PLAN_UI_H

struct req;
struct prio_reason;
struct measure;

/* <h1> with a translated msgid. */
void plan_h1(struct req *r, const char *msgid);
/* <h2> with a translated msgid. */
void plan_h2(struct req *r, const char *msgid);
/* "Pupils exposed (420): +10". */
void plan_reason(struct req *r, const struct prio_reason *pr);
/* A labelled <select>: keys with labels (msgids; translated). */
void plan_select(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *const *labels, const char *cur, const char *err);
/* A labelled <textarea>. */
void plan_textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, int required);
/* <input type="hidden">. */
void plan_hidden(struct req *r, const char *name, const char *value);
/* A link "/o/<org><suffix>" with a translated label. */
void plan_link(struct req *r, const char *suffix, const char *label);
/* <tr> with the row header: the measure's title linked to its page. */
void plan_row_start(struct req *r, const struct measure *m);

/* After a failed write: logs what with the database's message, rolls back
 * and answers 500. */
void plan_tx_failed(struct req *r, const char *what);
/* <table><caption>…</caption><thead> with n column headers (msgids) and an
 * open <tbody>. caption is a msgid when is_msgid, else text. */
void plan_table_start(struct req *r, const char *caption, int is_msgid, const char *const *cols,
    int n);

#endif
