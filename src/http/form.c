/*
 * form.c - urlencoded decoding and declared-field validation; see form.h.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "../core/msgid.h"
#include "form.h"
#include "request.h"
#include "../core/arena.h"
#include "../core/num.h"
#include "../core/buf.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
url_decode(struct arena *a, const char *s, size_t len, int plus, size_t *outlen)
{
	char *o = arena_alloc(a, len + 1);
	size_t i, n = 0;

	if (o == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int h, l;
			if (i + 2 >= len)
				return NULL;
			h = hexval((unsigned char)s[i + 1]);
			l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			o[n++] = (char)(h * 16 + l);
			i += 2;
		} else if (s[i] == '+' && plus)
			o[n++] = ' ';
		else
			o[n++] = s[i];
	}
	o[n] = '\0';
	if (outlen)
		*outlen = n;
	return o;
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return 0;
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

int
form_decode(struct arena *a, const char *s, size_t len, struct kv *out, int maxpairs)
{
	size_t i = 0;
	int n = 0;

	while (i < len) {
		size_t j = i, eq = (size_t)-1;
		char *k, *v;
		size_t klen = 0, vlen = 0;

		while (j < len && s[j] != '&') {
			if (s[j] == '=' && eq == (size_t)-1)
				eq = j;
			j++;
		}
		if (j > i) {
			if (n >= maxpairs)
				return -1;
			if (eq == (size_t)-1)
				eq = j;
			k = url_decode(a, s + i, eq - i, 1, &klen);
			v = eq < j ? url_decode(a, s + eq + 1, j - eq - 1, 1, &vlen) :
			    arena_strdup(a, "");
			if (k == NULL || v == NULL)
				return -1;
			out[n].k = k;
			/* An embedded NUL would silently cut the value short in C:
			 * keep the pair but flag it so validation names the field. */
			out[n].v = strlen(v) == vlen ? v : NULL;
			if (strlen(k) == klen)
				n++;	/* a key with a NUL matches no field: drop it */
		}
		i = j + 1;
	}
	return n;
}

int
email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;
	const char *p;

	if (at == NULL || at == s || strchr(at + 1, '@'))
		return 0;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == ';')
			return 0;
	return 1;
}

static int
has_ctl(const char *s, int allow_nl)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0x7f)
			return 1;
		if (c < 0x20) {
			if (allow_nl && (c == '\n' || c == '\r' || c == '\t'))
				continue;
			return 1;
		}
	}
	return 0;
}

static const char *
trim(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

static void
check_one(struct arena *a, const struct field *f, const char *raw, struct fval *v)
{
	size_t max = f->maxlen ? f->maxlen : 200;
	int i;

	if (raw == NULL) {
		v->err = N_("The value contains a NUL byte.");
		return;
	}
	if (!utf8_valid(raw, strlen(raw))) {
		v->err = N_("The value is not valid text (UTF-8).");
		return;
	}
	if (strlen(raw) > max) {
		v->err = N_("The value is too long.");
		return;
	}
	if (has_ctl(raw, f->type == F_MULTILINE || f->type == F_PASSWORD)) {
		v->err = N_("The value contains control characters.");
		return;
	}
	switch (f->type) {
	case F_TEXT:
	case F_EMAIL:
		v->s = trim(a, raw);
		if (v->s && *v->s == '\0')
			v->s = NULL;
		if (f->type == F_EMAIL && v->s && !email_valid(v->s))
			v->err = N_("Enter a valid e-mail address, like name@kommune.no.");
		else if (f->type == F_EMAIL && v->s) {
			/* One account per address, however it is typed. */
			for (char *c = (char *)v->s; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
		}
		break;
	case F_MULTILINE:
	case F_PASSWORD:
		v->s = *raw ? arena_strdup(a, raw) : NULL;
		break;
	case F_INT:
		v->s = trim(a, raw);
		if (v->s && *v->s == '\0')
			v->s = NULL;
		else if (num_parse_i64(v->s, f->min, f->max, &v->i))
			v->err = N_("Enter a whole number in the allowed range.");
		break;
	case F_ENUM:
		for (i = 0; f->choices && f->choices[i]; i++)
			if (strcmp(raw, f->choices[i]) == 0)
				break;
		if (*raw == '\0')
			v->s = NULL;
		else if (f->choices && f->choices[i])
			v->s = f->choices[i];
		else
			v->err = N_("Choose one of the options.");
		break;
	case F_BOOL:
		if (strcmp(raw, "on") == 0 || strcmp(raw, "1") == 0) {
			v->i = 1;
			v->s = "1";
		} else if (*raw != '\0' && strcmp(raw, "0") != 0)
			v->err = N_("Invalid checkbox value.");
		break;
	case F_MULTI:
		if (v->nmulti >= FORM_MAX_MULTI)
			v->err = N_("Too many values.");
		else if (num_parse_i64(raw, f->min, f->max, &v->multi[v->nmulti]))
			v->err = N_("Invalid choice.");
		else
			v->s = "", v->nmulti++;
		break;
	}
}

int
form_check(struct arena *a, const struct kv *pairs, int npairs,
    const struct field *fields, int nfields, struct fval *vals)
{
	int i, j, nerr = 0, seen;

	for (i = 0; i < nfields; i++) {
		const struct field *f = &fields[i];
		struct fval *v = &vals[i];

		memset(v, 0, sizeof(*v));
		seen = 0;
		for (j = 0; j < npairs; j++) {
			if (strcmp(pairs[j].k, f->name) != 0)
				continue;
			if (seen++ && f->type != F_MULTI) {
				v->err = N_("The field was sent more than once.");
				break;
			}
			check_one(a, f, pairs[j].v, v);
			if (v->err)
				break;
		}
		if (v->err == NULL && f->required && v->s == NULL && !(f->type == F_BOOL && v->i))
			v->err = N_("This field is required.");
		if (v->err)
			nerr++;
	}
	return nerr;
}
