/*
 * layout.h - page chrome: document head, header with organisation switcher,
 * language choice and user menu, skip link, main landmark, footer. Pages
 * call layout_begin(), write their content, then layout_end().
 */
#ifndef SKOLESEC_LAYOUT_H
#define SKOLESEC_LAYOUT_H

struct req;
struct fval;

void layout_begin(struct req *r, const char *title);
void layout_end(struct req *r);

/* The hidden CSRF input every state-changing form carries. */
void form_csrf(struct req *r);
/* A labelled input with its error message (Designsystemet field). type is
 * the HTML input type; value may be NULL. */
void form_input(struct req *r, const char *name, const char *label_msgid,
    const char *type, const char *value, const char *err_msgid, int required,
    const char *autocomplete);
/* An error summary at the top of a form when any field has an error. */
void form_error_summary(struct req *r, const char *const *names,
    const struct fval *v, int n);
/* A notice box: color "info", "success", "warning" or "danger". */
void alert(struct req *r, const char *color, const char *msgid);

#endif
