/*
 * i18n.c - a small .po reader and lookup table. We read .po directly rather
 * than compiled .mo through libintl because libintl selects the language per
 * process (setlocale), and a server needs it per request.
 *
 * Supported: msgid/msgstr with continuation lines and the C escapes gettext
 * writes (\n \t \" \\); entries marked "#, fuzzy" are skipped as gettext
 * does; msgctxt and plural forms are not used by the project and are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "../http/request.h"
#include "../core/buf.h"

#define NLANG 3
#define NBUCKET 2048

struct entry {
	char *id, *str;
	struct entry *next;
};

static const char *const langs[NLANG] = { "nb", "nn", "en" };
static struct entry *table[NLANG][NBUCKET];

static unsigned
hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % NBUCKET;
}

static int
langidx(const char *l)
{
	int i;

	for (i = 0; l && i < NLANG; i++)
		if (strcmp(l, langs[i]) == 0)
			return i;
	return -1;
}

const char *
i18n_lang(const char *s)
{
	int i = langidx(s);
	return i < 0 ? NULL : langs[i];
}

/* Appends the C-quoted string starting at *p (at the opening quote). */
static int
unquote(const char *p, struct buf *out)
{
	if (*p++ != '"')
		return -1;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\') {
			p++;
			switch (*p) {
			case 'n': buf_putc(out, '\n'); break;
			case 't': buf_putc(out, '\t'); break;
			case '"': buf_putc(out, '"'); break;
			case '\\': buf_putc(out, '\\'); break;
			default: return -1;
			}
		} else
			buf_putc(out, *p);
	}
	return *p == '"' ? 0 : -1;
}

static void
add(int li, struct buf *id, struct buf *str)
{
	struct entry *e;
	unsigned h;

	if (id->len == 0 || str->len == 0 || buf_err(id) || buf_err(str))
		return;		/* header entry, or untranslated */
	h = hash(buf_str(id));
	for (e = table[li][h]; e; e = e->next)
		if (strcmp(e->id, buf_str(id)) == 0)
			return;	/* first definition wins */
	e = malloc(sizeof(*e));
	if (e == NULL)
		return;
	e->id = strdup(buf_str(id));
	e->str = strdup(buf_str(str));
	if (e->id == NULL || e->str == NULL) {
		free(e->id);
		free(e->str);
		free(e);
		return;
	}
	e->next = table[li][h];
	table[li][h] = e;
}

int
i18n_parse(const char *lang, const char *text, size_t len)
{
	int li = langidx(lang), n = 0, fuzzy = 0, skip = 0, body = 0;
	enum { NONE, ID, STR } state = NONE;
	struct buf id, str, line;
	size_t i = 0;

	if (li < 0)
		return -1;
	buf_init(&id, 1 << 16, NULL);
	buf_init(&str, 1 << 16, NULL);
	buf_init(&line, 1 << 16, NULL);
	while (i < len) {
		size_t j = i;
		const char *l;

		while (j < len && text[j] != '\n')
			j++;
		buf_reset(&line);
		buf_put(&line, text + i, j - i);
		i = j + 1;
		l = buf_str(&line);
		if (l == NULL)
			continue;
		while (*l == ' ' || *l == '\t' || *l == '\r')
			l++;
		/* A blank, comment, msgctxt or msgid line after an entry's
		 * msgid/msgstr lines starts the next entry: finish the previous
		 * one first, so that "#, fuzzy" and msgctxt apply to the entry
		 * they precede, not to the one before. */
		if (body && (*l == '\0' || *l == '#' || strncmp(l, "msgctxt", 7) == 0 ||
		    strncmp(l, "msgid ", 6) == 0)) {
			if (state == STR && !fuzzy && !skip) {
				add(li, &id, &str);
				n++;
			}
			state = NONE;
			fuzzy = skip = body = 0;
		}
		if (*l == '\0' || *l == '#') {
			if (strncmp(l, "#,", 2) == 0 && strstr(l, "fuzzy"))
				fuzzy = 1;
			continue;
		}
		if (strncmp(l, "msgid ", 6) == 0) {
			body = 1;
			buf_reset(&id);
			buf_reset(&str);
			state = unquote(l + 6, &id) ? NONE : ID;
		} else if (strncmp(l, "msgstr ", 7) == 0 && state == ID) {
			state = unquote(l + 7, &str) ? NONE : STR;
		} else if (*l == '"' && state != NONE) {
			if (unquote(l, state == ID ? &id : &str))
				state = NONE;
		} else if (strncmp(l, "msgctxt", 7) == 0 || strncmp(l, "msgid_plural", 12) == 0 ||
		    strncmp(l, "msgstr[", 7) == 0) {
			skip = 1;
		} else
			state = NONE;	/* not .po: ignore the entry */
	}
	if (state == STR && !fuzzy && !skip) {
		add(li, &id, &str);
		n++;
	}
	buf_free(&id);
	buf_free(&str);
	buf_free(&line);
	return n;
}

int
i18n_load(const char *podir, char *err, int errlen)
{
	int li;

	for (li = 0; li < NLANG; li++) {
		char path[4096];
		struct buf b;

		snprintf(path, sizeof(path), "%s/%s.po", podir, langs[li]);
		buf_init(&b, 8u << 20, NULL);
		if (buf_load_file(&b, path) && errno != EFBIG) {
			buf_free(&b);
			if (li == 0) {	/* bokmål is required */
				snprintf(err, (size_t)errlen, "%s: cannot open", path);
				return -1;
			}
			continue;
		}
		if (buf_err(&b) || i18n_parse(langs[li], buf_str(&b), b.len) < 0) {
			snprintf(err, (size_t)errlen, "%s: unreadable", path);
			buf_free(&b);
			return -1;
		}
		buf_free(&b);
	}
	return 0;
}

static const char *
lookup(int li, const char *msgid)
{
	const struct entry *e;

	for (e = table[li][hash(msgid)]; e; e = e->next)
		if (strcmp(e->id, msgid) == 0)
			return e->str;
	return NULL;
}

const char *
i18n_get(const char *lang, const char *msgid)
{
	int li = langidx(lang);
	const char *s = NULL;

	if (li < 0)
		li = 0;
	if (li != 2)		/* English reads the msgid; others try nb */
		s = lookup(li, msgid);
	if (s == NULL && li == 2)
		s = lookup(2, msgid);
	if (s == NULL && li == 1)
		s = lookup(0, msgid);
	return s ? s : msgid;
}

const char *
T(struct req *r, const char *msgid)
{
	return i18n_get(r ? r->lang : "nb", msgid);
}

void
i18n_free(void)
{
	int li, h;

	for (li = 0; li < NLANG; li++)
		for (h = 0; h < NBUCKET; h++) {
			struct entry *e = table[li][h], *n;
			for (; e; e = n) {
				n = e->next;
				free(e->id);
				free(e->str);
				free(e);
			}
			table[li][h] = NULL;
		}
}
