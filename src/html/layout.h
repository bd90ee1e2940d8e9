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
/* The pieces every labelled control is built from, so that all forms write
 * the same markup: form_field_open() writes <div class="ds-field"> and the
 * <label for="f-<name>"> (label is a msgid); form_invalid_attrs() adds
 * aria-invalid/aria-describedby="e-<name>" inside the control's tag when err
 * is set; form_field_error() writes the message with id "e-<name>" the error
 * summary links to (nothing when err is NULL); form_field_close() writes that
 * message and closes the field. */
void form_field_open(struct req *r, const char *name, const char *label_msgid);
void form_invalid_attrs(struct req *r, const char *name, const char *err_msgid);
void form_field_error(struct req *r, const char *name, const char *err_msgid);
void form_field_close(struct req *r, const char *name, const char *err_msgid);
/* An error summary at the top of a form when any field has an error. */
void form_error_summary(struct req *r, const char *const *names,
    const struct fval *v, int n);
/* A heading with a msgid: level 1 <h1 data-size="lg">, 2 <h2 "md">, 3 <h3 "sm">. */
void page_heading(struct req *r, int level, const char *msgid);
/* <p class="ds-paragraph"> with a msgid. */
void page_para(struct req *r, const char *msgid);
/* A notice box: color "info", "success", "warning" or "danger". */
void alert(struct req *r, const char *color, const char *msgid);

#endif
