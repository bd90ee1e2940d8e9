/*
 * html.c - escaping writer; see html.h. Escapes the five characters that can
 * change HTML parsing in text and in double-quoted attributes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "i18n.h"
#include "../http/request.h"
#include "../core/buf.h"

void
html_escape_to(struct buf *b, const char *s)
{
	const char *p, *run;

	if (s == NULL)
		return;
	for (p = run = s; *p; p++) {
		const char *e;
		switch (*p) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		buf_put(b, run, (size_t)(p - run));
		buf_puts(b, e);
		run = p + 1;
	}
	buf_put(b, run, (size_t)(p - run));
}

void html_raw_(struct req *r, const char *s) { buf_puts(&r->out, s); }
void html_text(struct req *r, const char *s) { html_escape_to(&r->out, s); }
void html_attr(struct req *r, const char *s) { html_escape_to(&r->out, s); }
void html_int(struct req *r, int64_t v) { buf_printf(&r->out, "%lld", (long long)v); }
void html_t(struct req *r, const char *msgid) { html_escape_to(&r->out, T(r, msgid)); }

void
html_urlarg(struct req *r, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_putc(&r->out, (char)*p);
		else {
			buf_putc(&r->out, '%');
			buf_putc(&r->out, hex[*p >> 4]);
			buf_putc(&r->out, hex[*p & 15]);
		}
	}
}

void
html_attrkv(struct req *r, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_putc(&r->out, ' ');
	buf_puts(&r->out, name);	/* names are literals at every call site */
	buf_puts(&r->out, "=\"");
	html_escape_to(&r->out, value);
	buf_putc(&r->out, '"');
}

void
html_time(struct req *r, int64_t t)
{
	char s[32];
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	buf_puts(&r->out, s);
}
