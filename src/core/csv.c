/*
 * csv.c - strict RFC 4180 reader; see csv.h.
 */
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "csv.h"

void
csv_init(struct csv *c, const char *s, size_t len, char sep)
{
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->len = len;
	c->sep = sep;
	c->line = 1;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
}

int
csv_next(struct csv *c, struct arena *a, char **fields, int maxf)
{
	struct buf f;
	int n = 0, quoted, line = c->line;

	if (c->pos >= c->len)
		return 0;
	for (;;) {
		buf_init(&f, c->len + 1, a);
		quoted = 0;
		if (c->pos < c->len && c->s[c->pos] == '"') {
			quoted = 1;
			c->pos++;
			for (;;) {
				if (c->pos >= c->len) {
					c->err = "unterminated quoted field";
					c->line = line;
					return -1;
				}
				char ch = c->s[c->pos++];
				if (ch == '"') {
					if (c->pos < c->len && c->s[c->pos] == '"') {
						buf_putc(&f, '"');
						c->pos++;
						continue;
					}
					break;
				}
				if (ch == '\n')
					c->line++;
				buf_putc(&f, ch);
			}
		}
		while (c->pos < c->len) {
			char ch = c->s[c->pos];
			if (ch == c->sep || ch == '\n' || ch == '\r')
				break;
			if (quoted || ch == '"') {
				c->err = "stray quote or text after a quoted field";
				c->line = line;
				return -1;
			}
			buf_putc(&f, ch);
			c->pos++;
		}
		if (n >= maxf) {
			c->err = "too many fields";
			return -1;
		}
		fields[n++] = f.p ? f.p : arena_strdup(a, "");
		if (buf_err(&f) || fields[n - 1] == NULL) {
			c->err = "out of memory";
			return -1;
		}
		if (c->pos < c->len && c->s[c->pos] == c->sep) {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && c->s[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->len && c->s[c->pos] == '\n')
			c->pos++;
		c->line++;
		return n;
	}
}
