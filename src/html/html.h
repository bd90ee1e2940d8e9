/*
 * html.h - the escaping HTML writer (after cgit's html.c and kcgi's khtml).
 *
 * Pages write HTML only through these functions. Each escapes for its
 * context: element text, attribute value, URL query argument. Markup that is
 * not escaped can only be a string literal: html_lit() rejects anything else
 * at compile time, so data can never reach the page unescaped by accident.
 */
#ifndef SKOLESEC_HTML_H
#define SKOLESEC_HTML_H

#include <stdint.h>

struct req;

/* Markup from a string literal (the "" concatenation fails for variables). */
#define html_lit(r, s) html_raw_((r), "" s "")
void html_raw_(struct req *r, const char *literal);

void html_text(struct req *r, const char *s);		/* & < > " ' escaped */
void html_attr(struct req *r, const char *s);		/* same, for "..." values */
void html_int(struct req *r, int64_t v);
void html_urlarg(struct req *r, const char *s);		/* percent-encoded */
/* Text through the translation catalogue, then escaped. */
void html_t(struct req *r, const char *msgid);

/* ' name="value"' with value escaped; nothing when value is NULL. */
void html_attrkv(struct req *r, const char *name, const char *value);
/* A date (Unix seconds) as YYYY-MM-DD HH:MM in UTC. */
void html_time(struct req *r, int64_t t);

/* Escaping into a plain buffer, for tests and JSON-free text uses. */
struct buf;
void html_escape_to(struct buf *b, const char *s);

#endif
