/*
 * multipart.c - strict multipart/form-data parsing; see multipart.h for the
 * rules. Every scan is bounded by the body length (the body may hold NULs and
 * is not trusted to be terminated), header lines by HDR_MAX, headers per part
 * by HDRS_MAX and parts by the caller's maxparts, so the work is linear in the
 * body size whatever the input.
 */
#include <string.h>

#include "../core/msgid.h"
#include "multipart.h"
#include "form.h"
#include "../core/arena.h"
#include "../core/buf.h"

#define HDR_MAX 1024	/* one part header line, CRLF excluded */
#define HDRS_MAX 4	/* header lines per part (browsers send one or two) */

static const char E_FRAMING[] = N_("The upload is malformed: its parts are not framed as"
    " multipart/form-data requires.");
static const char E_HEADER[] = N_("The upload is malformed: a part has a header that is"
    " not allowed or is written wrongly.");
static const char E_NAME[] = N_("The upload is malformed: every part needs a"
    " Content-Disposition form-data header with a name.");

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Case-insensitive: does s[0..n) equal the lower-case word w? */
static int
word_eq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i]; i++)
		if (lower((unsigned char)s[i]) != w[i])
			return 0;
	return i == n && w[i] == '\0';
}

static int
is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
is_bchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != 0 && strchr("'()+_,-./:=? ", c) != NULL);
}

static const char *
skip_ows(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * One parameter ";" OWS name "=" (token | quoted-string) of a header value
 * s[..e). Sets *pn, *pnl to the name and *pv, *pvl to the value (quotes removed;
 * no escapes: browsers percent-encode '"' and line breaks in names and send
 * a backslash as itself, e.g. "C:\fakepath\a.pdf"). Returns
 * the position after it, or NULL on a syntax error.
 */
static const char *
next_param(const char *p, const char *e, const char **pn, size_t *pnl,
    const char **pv, size_t *pvl)
{
	p = skip_ows(p, e);
	if (p == e || *p != ';')
		return NULL;
	p = skip_ows(p + 1, e);
	*pn = p;
	while (p < e && is_tchar((unsigned char)*p))
		p++;
	*pnl = (size_t)(p - *pn);
	if (*pnl == 0 || p == e || *p != '=')
		return NULL;
	p++;
	if (p < e && *p == '"') {
		const char *q = ++p;
		while (q < e && *q != '"') {
			unsigned char c = (unsigned char)*q;
			if (c < 0x20 || c == 0x7f)
				return NULL;
			q++;
		}
		if (q == e)
			return NULL;
		*pv = p;
		*pvl = (size_t)(q - p);
		return q + 1;
	}
	*pv = p;
	while (p < e && is_tchar((unsigned char)*p))
		p++;
	*pvl = (size_t)(p - *pv);
	return *pvl ? p : NULL;
}

int
multipart_is(const char *ct)
{
	size_t n = strlen("multipart/form-data");

	if (ct == NULL || strlen(ct) < n || !word_eq(ct, n, "multipart/form-data"))
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t';
}

const char *
multipart_boundary(struct arena *a, const char *ct, const char **err)
{
	const char *p, *e, *b = NULL, *n, *v;
	size_t bl = 0, nl, vl;

	*err = N_("The upload must be sent as multipart/form-data.");
	if (!multipart_is(ct))
		return NULL;
	*err = N_("The upload has no valid multipart boundary.");
	p = ct + strlen("multipart/form-data");
	e = ct + strlen(ct);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	while (p < e) {
		if ((p = next_param(p, e, &n, &nl, &v, &vl)) == NULL)
			return NULL;
		if (word_eq(n, nl, "boundary")) {
			if (b)
				return NULL;	/* twice: which one would the sender mean? */
			b = v;
			bl = vl;
		}
	}
	if (b == NULL || bl == 0 || bl > MULTIPART_BOUNDARY_MAX || b[bl - 1] == ' ')
		return NULL;
	for (size_t i = 0; i < bl; i++)
		if (!is_bchar((unsigned char)b[i]))
			return NULL;
	*err = NULL;
	return arena_strndup(a, b, bl);
}

/* A header or parameter value we keep: valid UTF-8, no control bytes. */
static const char *
keep(struct arena *a, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return NULL;
	return utf8_valid(s, n) ? arena_strndup(a, s, n) : NULL;
}

/* Content-Disposition: form-data; name="..."[; filename="..."]. */
static const char *
disposition(struct arena *a, const char *p, const char *e, struct mpart *m)
{
	const char *t = p, *n, *v;
	size_t nl, vl;

	while (p < e && is_tchar((unsigned char)*p))
		p++;
	if (!word_eq(t, (size_t)(p - t), "form-data"))
		return E_NAME;
	while (p < e) {
		const char **slot;
		if ((p = next_param(p, e, &n, &nl, &v, &vl)) == NULL)
			return E_HEADER;
		if (word_eq(n, nl, "name"))
			slot = &m->name;
		else if (word_eq(n, nl, "filename"))
			slot = &m->filename;
		else
			return E_HEADER;	/* filename* and the like: RFC 7578 4.2 */
		if (*slot || (*slot = keep(a, v, vl)) == NULL)
			return E_HEADER;
	}
	return m->name && m->name[0] ? NULL : E_NAME;
}

/* The header lines of one part, up to and including the empty line. */
static const char *
part_headers(struct arena *a, const char **pp, const char *end, struct mpart *m)
{
	const char *p = *pp;
	int seen_cd = 0, nh = 0;

	for (;;) {
		const char *le, *c, *v, *ve, *err;
		size_t room = (size_t)(end - p) < HDR_MAX + 2 ? (size_t)(end - p) : HDR_MAX + 2;

		le = memmem(p, room, "\r\n", 2);
		if (le == NULL)
			return E_FRAMING;
		if (le == p)
			break;
		if (++nh > HDRS_MAX)
			return E_HEADER;
		for (c = p; c < le && is_tchar((unsigned char)*c); c++)
			;
		if (c == p || c == le || *c != ':')
			return E_HEADER;	/* also folded lines and bare CR/LF */
		v = skip_ows(c + 1, le);
		for (ve = le; ve > v && (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
			;
		for (const char *q = v; q < ve; q++)
			if ((unsigned char)*q < 0x20 && *q != '\t')
				return E_HEADER;
		if (word_eq(p, (size_t)(c - p), "content-disposition")) {
			if (seen_cd++)
				return E_HEADER;
			if ((err = disposition(a, v, ve, m)) != NULL)
				return err;
		} else if (word_eq(p, (size_t)(c - p), "content-type")) {
			if (m->ctype || v == ve || (m->ctype = keep(a, v, (size_t)(ve - v))) == NULL)
				return E_HEADER;
		} else
			return E_HEADER;
		p = le + 2;
	}
	if (!seen_cd)
		return E_NAME;
	*pp = p + 2;
	return NULL;
}

int
multipart_parse(struct arena *a, const char *body, size_t len, const char *boundary,
    struct mpart *out, int maxparts, const char **err)
{
	const char *p, *end;
	char *delim;
	size_t bl = boundary ? strlen(boundary) : 0, dl;
	int n = 0;

	*err = N_("The upload has no valid multipart boundary.");
	if (bl == 0 || bl > MULTIPART_BOUNDARY_MAX || (body == NULL && len))
		return -1;
	if (body == NULL)
		body = "";	/* no arithmetic on a null pointer */
	p = body;
	end = body + len;
	/* "\r\n--" boundary: what ends every part's data. */
	dl = bl + 4;
	if ((delim = arena_alloc(a, dl + 1)) == NULL) {
		*err = N_("The upload is too large to process.");
		return -1;
	}
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, bl);
	*err = E_FRAMING;
	if (len < dl - 2 || memcmp(p, delim + 2, dl - 2) != 0)
		return -1;	/* no preamble: browsers send none */
	p += dl - 2;
	for (;;) {
		const char *q;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			p += 2;
			if (p == end || (end - p == 2 && p[0] == '\r' && p[1] == '\n'))
				break;
			return -1;	/* an epilogue: nothing legitimate sends one */
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		if (n >= maxparts) {
			*err = N_("The upload has too many parts.");
			return -1;
		}
		memset(&out[n], 0, sizeof(out[n]));
		if ((*err = part_headers(a, &p, end, &out[n])) != NULL)
			return -1;
		*err = E_FRAMING;
		q = memmem(p, (size_t)(end - p), delim, dl);
		if (q == NULL)
			return -1;
		out[n].data = p;
		out[n].len = (size_t)(q - p);
		n++;
		p = q + dl;
	}
	if (n == 0)
		return -1;
	*err = NULL;
	return n;
}
