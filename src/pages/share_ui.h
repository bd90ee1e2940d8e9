/*
 * share_ui.h - small writers shared by the sharing pages (share*.c): the
 * headings, fields and tables they all use, so each page file holds only
 * its own screen. Every writer escapes through html.h.
 */
#ifndef SKOLESEC_PAGES_SHARE_UI_H
#define SKOLESEC_PAGES_SHARE_UI_H

#include <stdint.h>

struct req;
struct pub_row;

/* "<label>: <text>" as a paragraph; text is data (escaped). */
void sh_fact(struct req *r, const char *label_msgid, const char *text);
/* A <select> over keys with translated labels (labels[i] msgids), optional
 * empty first option (empty_msgid NULL: none). */
void sh_select(struct req *r, const char *name, const char *label_msgid,
    const char *const *keys, const char *const *labels, int n, const char *cur,
    const char *empty_msgid, const char *err);
/* The same with labels that are data (titles, names), not msgids. */
void sh_select_data(struct req *r, const char *name, const char *label_msgid,
    const char *const *keys, const char *const *labels, int n, const char *cur,
    const char *empty_msgid);
void sh_textarea(struct req *r, const char *name, const char *label_msgid,
    const char *value, const char *err, int rows);
void sh_submit(struct req *r, const char *msgid);
/* <form method="post" action="/o/<org><suffix>"> with the CSRF input. */
void sh_form_org(struct req *r, const char *suffix);
/* The same for "<prefix><id><suffix>" (ids in the path). */
void sh_form_id(struct req *r, const char *prefix, int64_t id, const char *suffix);
/* The library table of publications (link to /library/:id). */
void sh_pub_table(struct req *r, const struct pub_row *rows, int n, const char *caption_msgid);
/* A tag, e.g. "Endorsed"; color as in Designsystemet. */
void sh_tag(struct req *r, const char *color, const char *msgid);
/* An item's data object as a definition list (empty values left out). */
void sh_item_data(struct req *r, const char *data);
void sh_server_error(struct req *r, const char *what);
/* The organisation in which the user is a national editor, when the user
 * may endorse; else 0 after answering 403. */
int64_t sh_editor_org(struct req *r);
/* The label (msgid) of a publication scope. */
const char *sh_scope_label(const char *scope);

#endif
