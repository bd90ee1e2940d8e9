/*
 * form.h - declared, validated inputs (after kcgi's kvalid_* and Kore's
 * validators).
 *
 * A page declares its fields: name, type, limits. form_read() decodes the
 * query string or urlencoded body, drops undeclared fields, and checks each
 * declared one: it must parse whole, be valid UTF-8 without control bytes
 * (NUL included), stay within its length, appear at most once, and be present
 * when required. Every failure becomes a message attached to that field, for
 * the page to show next to it; nothing is silently defaulted.
 */
#ifndef SKOLESEC_FORM_H
#define SKOLESEC_FORM_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct kv;

enum ftype {
	F_TEXT,		/* one line of text */
	F_MULTILINE,	/* text that may hold newlines and tabs */
	F_EMAIL,
	F_PASSWORD,	/* any bytes of valid UTF-8, not trimmed */
	F_INT,		/* whole integer within [min, max] */
	F_ENUM,		/* one of choices[] */
	F_BOOL,		/* a checkbox: present ("on"/"1") or absent */
	F_MULTI,	/* may repeat: each value an integer within [min, max] */
};

struct field {
	const char *name;
	enum ftype type;
	int required;
	size_t maxlen;		/* bytes; 0 means 200 */
	int64_t min, max;	/* F_INT, F_MULTI */
	const char *const *choices;	/* F_ENUM, NULL-terminated */
};

#define FORM_MAX_MULTI 64

struct fval {
	const char *s;		/* the text (trimmed for F_TEXT/F_EMAIL), or NULL */
	int64_t i;		/* F_INT; F_BOOL 0/1 */
	int64_t multi[FORM_MAX_MULTI];	/* F_MULTI */
	int nmulti;
	const char *err;	/* a msgid explaining what is wrong, or NULL */
};

/*
 * Decodes application/x-www-form-urlencoded (or a query string) of len bytes
 * into pairs. Returns the number of pairs, or -1 when the encoding itself is
 * broken (bad %-escape); at most maxpairs are kept (-1 if more).
 */
int form_decode(struct arena *a, const char *s, size_t len, struct kv *out,
    int maxpairs) __attribute__((warn_unused_result));

/*
 * Validates pairs against the declared fields; vals[i] belongs to fields[i].
 * Returns the number of fields with an error (0: all good).
 */
int form_check(struct arena *a, const struct kv *pairs, int npairs,
    const struct field *fields, int nfields, struct fval *vals);

/* Percent-decodes s into a new arena string; NULL on a bad escape. '+' is a
 * space only when plus is set (forms and queries, not paths). */
char *url_decode(struct arena *a, const char *s, size_t len, int plus, size_t *outlen);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int utf8_valid(const char *s, size_t len);

/* Checks an e-mail address loosely but whole: local@domain.tld, no spaces. */
int email_valid(const char *s);

#endif
