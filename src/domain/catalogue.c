/*
 * catalogue.c - the national tool catalogue: key lists, casefolding, checks,
 * reading and writing tools and vendors, and the seed file loader; see
 * catalogue.h.
 *
 * Every SQL text is a literal (the statement cache keys on its address), so
 * optional filters are written as "(? = '' OR col = ?)" and the viewer's
 * organisations travel as one comma-separated parameter matched with LIKE:
 * one prepared statement serves every combination on both engines.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "catalogue.h"
#include "org.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

/* ---- key lists ----------------------------------------------------------
 * Labels are msgids, except names of products and standards (iPad, Feide,
 * ISO/IEC 27001): those are the same in every language, so they are not
 * marked for translation and T() shows them as they are. */

static const struct cat_key k_platforms[] = {
	{ "web", N_("Web browser") },
	{ "ipad", "iPad" },
	{ "chromebook", "Chromebook" },
	{ "windows", "Windows" },
	{ "android", "Android" },
};
static const struct cat_key k_logins[] = {
	{ "feide", "Feide" },
	{ "google", N_("Google account") },
	{ "microsoft", N_("Microsoft account") },
	{ "own", N_("The tool's own user accounts") },
};
/* Feide's OpenID Connect scopes, which decide the attributes a service gets. */
static const struct cat_key k_feide[] = {
	{ "userid", N_("User ID (userid)") },
	{ "userid-feide", N_("Feide name (userid-feide)") },
	{ "userid-nin", N_("National identity number (userid-nin)") },
	{ "profile", N_("Name and profile picture (profile)") },
	{ "email", N_("E-mail address (email)") },
	{ "groups-org", N_("Organisation and role (groups-org)") },
	{ "groups-edu", N_("Classes and teaching groups (groups-edu)") },
	{ "groups-other", N_("Other groups (groups-other)") },
};
static const struct cat_key k_data[] = {
	{ "name", N_("Name") },
	{ "contact", N_("Contact information") },
	{ "nin", N_("National identity number") },
	{ "school", N_("School, class and group") },
	{ "schoolwork", N_("Pupils' work and answers") },
	{ "assessment", N_("Assessments and grades") },
	{ "attendance", N_("Absence") },
	{ "special_needs", N_("Special needs and adapted education") },
	{ "health", N_("Health information") },
	{ "images", N_("Photos, audio and video") },
	{ "location", N_("Location") },
	{ "usage", N_("Usage data and logs") },
	{ "messages", N_("Messages and communication") },
};
static const struct cat_key k_ages[] = {
	{ "barnetrinn", N_("Primary school (years 1–7)") },
	{ "ungdomstrinn", N_("Lower secondary school (years 8–10)") },
	{ "vgs", N_("Upper secondary school") },
};
static const struct cat_key k_certs[] = {
	{ "iso27001", "ISO/IEC 27001" },
	{ "iso27017", "ISO/IEC 27017" },
	{ "iso27018", "ISO/IEC 27018" },
	{ "iso27701", "ISO/IEC 27701" },
	{ "soc2", "SOC 2" },
};

#define NK(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const struct cat_key *keys;
	int n;
	const char *name, *label;
} sets[CS__COUNT] = {
	[CS_PLATFORMS] = { k_platforms, NK(k_platforms), "platforms", N_("Platforms") },
	[CS_LOGINS] = { k_logins, NK(k_logins), "logins", N_("Login") },
	[CS_FEIDE] = { k_feide, NK(k_feide), "feide_attributes", N_("Feide attributes requested") },
	[CS_DATA] = { k_data, NK(k_data), "data_categories", N_("Personal data processed") },
	[CS_AGES] = { k_ages, NK(k_ages), "age_groups", N_("Age groups") },
	[CS_CERTS] = { k_certs, NK(k_certs), "certifications", N_("Certifications") },
};

const char *const catalogue_categories[] = { "laeremiddel", "samhandling", "administrativt", "plattform", NULL };
const char *const catalogue_universes[] = { "google", "microsoft", "apple", "feide", "standalone", NULL };
const char *const catalogue_statuses[] = { "accepted", "proposed", "merged", "rejected", NULL };

static const char *const category_labels[] = {
	N_("Learning resource"), N_("Collaboration"), N_("Administrative system"), N_("Platform"),
};
static const char *const universe_labels[] = {
	"Google", "Microsoft", "Apple", "Feide", N_("Standalone"),
};
static const char *const status_labels[] = {
	N_("In the catalogue"), N_("Proposed"), N_("Merged"), N_("Rejected"),
};

const struct cat_key *
catalogue_set_keys(enum cat_set s, int *n)
{
	*n = s < CS__COUNT ? sets[s].n : 0;
	return s < CS__COUNT ? sets[s].keys : NULL;
}

const char *catalogue_set_name(enum cat_set s) { return s < CS__COUNT ? sets[s].name : "?"; }
const char *catalogue_set_label(enum cat_set s) { return s < CS__COUNT ? sets[s].label : "?"; }

static const char *
label_of(const char *const *keys, const char *const *labels, const char *key)
{
	for (int i = 0; key && keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return labels[i];
	return NULL;
}

const char *catalogue_category_label(const char *k) { return label_of(catalogue_categories, category_labels, k); }
const char *catalogue_universe_label(const char *k) { return label_of(catalogue_universes, universe_labels, k); }
const char *catalogue_status_label(const char *k) { return label_of(catalogue_statuses, status_labels, k); }

const char *
catalogue_key_label(enum cat_set s, const char *key)
{
	for (int i = 0; key && s < CS__COUNT && i < sets[s].n; i++)
		if (strcmp(sets[s].keys[i].key, key) == 0)
			return sets[s].keys[i].label;
	return NULL;
}

int
catalogue_set_has(const char *set, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = set; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, key, n) == 0)
			return 1;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

/* Splits on commas and white space; calls fn for each non-empty item. */
static int
each_item(struct arena *a, const char *in, int (*fn)(void *, const char *), void *ctx)
{
	const char *p = in ? in : "";

	while (*p) {
		size_t len = strcspn(p, ", \t\r\n");
		if (len) {
			char *item = arena_strndup(a, p, len);
			if (item == NULL || fn(ctx, item))
				return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

struct set_ctx {
	enum cat_set s;
	unsigned on;
	const char **bad;
};

static int
set_item(void *c, const char *item)
{
	struct set_ctx *x = c;

	for (int i = 0; i < sets[x->s].n; i++)
		if (strcmp(sets[x->s].keys[i].key, item) == 0) {
			x->on |= 1u << i;
			return 0;
		}
	*x->bad = item;
	return -1;
}

int
catalogue_set_parse(struct arena *a, enum cat_set s, const char *in, const char **out,
    const char **bad)
{
	struct set_ctx x = { s, 0, bad };
	struct buf b;

	*out = NULL;
	if (s >= CS__COUNT)
		return -1;
	*bad = NULL;
	if (each_item(a, in, set_item, &x))
		return -1;
	buf_init(&b, 1024, a);
	for (int i = 0; i < sets[s].n; i++)
		if (x.on & (1u << i)) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, sets[s].keys[i].key);
		}
	*out = buf_str(&b);
	return *out ? 0 : -1;
}

/* ISO 3166-1 alpha-2, the assigned codes. */
static const char countries[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ "
	"BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR "
	"CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
	"ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ "
	"LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
	"MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF "
	"PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
	"SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR "
	"TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

int
country_valid(const char *cc)
{
	if (cc == NULL || strlen(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return 0;
	for (const char *p = countries; *p; p += p[2] ? 3 : 2)
		if (p[0] == cc[0] && p[1] == cc[1])
			return 1;
	return 0;
}

struct cc_ctx {
	struct buf *b;
	const char **bad;
};

static int
cc_item(void *c, const char *item)
{
	struct cc_ctx *x = c;
	char up[3];

	if (strlen(item) != 2) {
		*x->bad = item;
		return -1;
	}
	for (int i = 0; i < 2; i++)
		up[i] = item[i] >= 'a' && item[i] <= 'z' ? (char)(item[i] - 32) : item[i];
	up[2] = '\0';
	if (!country_valid(up)) {
		*x->bad = item;
		return -1;
	}
	for (const char *p = buf_str(x->b); p && *p; p += p[2] ? 3 : 2)
		if (p[0] == up[0] && p[1] == up[1])
			return 0;
	if (x->b->len)
		buf_putc(x->b, ',');
	buf_puts(x->b, up);
	return 0;
}

int
catalogue_countries_parse(struct arena *a, const char *in, const char **out, const char **bad)
{
	struct buf b;
	struct cc_ctx x = { &b, bad };

	*bad = NULL;
	*out = NULL;
	buf_init(&b, 1024, a);
	if (each_item(a, in, cc_item, &x))
		return -1;
	*out = buf_str(&b);
	return *out ? 0 : -1;
}

const char *
catalogue_lines_clean(struct arena *a, const char *in)
{
	struct buf b;
	const char *p = in ? in : "";

	buf_init(&b, 64 * 1024, a);
	while (*p) {
		size_t len = strcspn(p, "\r\n");
		const char *s = p, *e = p + len;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			if (b.len)
				buf_putc(&b, '\n');
			buf_put(&b, s, (size_t)(e - s));
		}
		p += len;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return buf_str(&b);
}

int
catalogue_url_valid(const char *s)
{
	const char *host;

	if (s == NULL)
		return 0;
	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return 0;
	if (*host == '\0' || *host == '/' || *host == '.' || strlen(s) > 500)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return 0;
	return 1;
}

/* ---- casefolding -------------------------------------------------------- */

static uint32_t
utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	uint32_t c = p[0];
	int n;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xe0) == 0xc0)
		n = 1, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 2, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 3, c &= 0x07;
	else
		goto bad;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3f);
	}
	*pp = p + n + 1;
	return c;
bad:
	*pp = p + 1;
	return 0x80000000u | p[0];	/* a raw byte, copied as it is */
}

static void
utf8_put(struct buf *b, uint32_t c)
{
	char s[4];

	if (c & 0x80000000u) {
		buf_putc(b, (char)(c & 0xff));
		return;
	}
	if (c < 0x80) {
		buf_putc(b, (char)c);
		return;
	}
	if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 4);
	}
}

static uint32_t
fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0 || (c & 0x80000000u))
		return c;
	if (c <= 0xde && c != 0xd7)
		return c + 32;
	if (c == 0x130)
		return 'i';
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xff;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c == 0x3c2)
		return 0x3c3;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

/* A folded base letter followed by a combining mark, as one precomposed
 * letter (what a Mac or a copied PDF sends as "a" + ring for "å"). */
static uint32_t
compose(uint32_t base, uint32_t mark)
{
	static const struct { uint16_t base, mark, out; } t[] = {
		{ 'a', 0x300, 0xe0 }, { 'a', 0x301, 0xe1 }, { 'a', 0x302, 0xe2 }, { 'a', 0x303, 0xe3 },
		{ 'a', 0x308, 0xe4 }, { 'a', 0x30a, 0xe5 }, { 'c', 0x327, 0xe7 }, { 'e', 0x300, 0xe8 },
		{ 'e', 0x301, 0xe9 }, { 'e', 0x302, 0xea }, { 'e', 0x308, 0xeb }, { 'i', 0x300, 0xec },
		{ 'i', 0x301, 0xed }, { 'i', 0x302, 0xee }, { 'i', 0x308, 0xef }, { 'n', 0x303, 0xf1 },
		{ 'o', 0x300, 0xf2 }, { 'o', 0x301, 0xf3 }, { 'o', 0x302, 0xf4 }, { 'o', 0x303, 0xf5 },
		{ 'o', 0x308, 0xf6 }, { 'u', 0x300, 0xf9 }, { 'u', 0x301, 0xfa }, { 'u', 0x302, 0xfb },
		{ 'u', 0x308, 0xfc }, { 'y', 0x301, 0xfd }, { 'y', 0x308, 0xff }, { 'c', 0x30c, 0x10d },
		{ 's', 0x30c, 0x161 }, { 'z', 0x30c, 0x17e },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].base == base && t[i].mark == mark)
			return t[i].out;
	return 0;
}

static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	    c == 0xa0 || c == 0x2007 || c == 0x202f;
}

char *
catalogue_casefold(struct arena *a, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	struct buf b;
	int pend_space = 0;

	buf_init(&b, 1u << 20, a);
	while (*p) {
		uint32_t c = fold_cp(utf8_next(&p));
		if (is_space(c)) {
			pend_space = b.len > 0;
			continue;
		}
		if (*p) {
			const unsigned char *q = p;
			uint32_t m = utf8_next(&q), k;
			if (m >= 0x300 && m <= 0x36f && (k = compose(c, m)) != 0) {
				c = k;
				p = q;
			}
		}
		if (pend_space)
			buf_putc(&b, ' ');
		pend_space = 0;
		if (c == 0xdf)
			buf_puts(&b, "ss");
		else
			utf8_put(&b, c);
	}
	return (char *)buf_str(&b);
}

char *
catalogue_sort_key(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789abcdef";
	const char *f = catalogue_casefold(a, name);
	const unsigned char *p = (const unsigned char *)(f ? f : "");
	struct buf b;

	buf_init(&b, 1u << 20, a);
	while (*p) {
		const unsigned char *start = p;
		uint32_t c = utf8_next(&p);
		unsigned char one = 0;

		switch (c) {
		case 0xe6: case 0xe4: one = 0xfa; break;	/* æ, ä */
		case 0xf8: case 0xf6: one = 0xfb; break;	/* ø, ö */
		case 0xe5: one = 0xfc; break;			/* å */
		case 0xe0: case 0xe1: case 0xe2: case 0xe3: one = 'a'; break;
		case 0xe7: case 0x10d: one = 'c'; break;
		case 0x111: one = 'd'; break;
		case 0xe8: case 0xe9: case 0xea: case 0xeb: one = 'e'; break;
		case 0xec: case 0xed: case 0xee: case 0xef: one = 'i'; break;
		case 0xf1: case 0x14b: one = 'n'; break;
		case 0xf2: case 0xf3: case 0xf4: case 0xf5: one = 'o'; break;
		case 0x161: one = 's'; break;
		case 0x167: one = 't'; break;
		case 0xf9: case 0xfa: case 0xfb: one = 'u'; break;
		case 0xfc: case 0xfd: case 0xff: one = 'y'; break;
		case 0x17e: one = 'z'; break;
		default: break;
		}
		if (one) {
			buf_putc(&b, hex[one >> 4]);
			buf_putc(&b, hex[one & 15]);
		} else
			for (; start < p; start++) {
				buf_putc(&b, hex[*start >> 4]);
				buf_putc(&b, hex[*start & 15]);
			}
	}
	return (char *)buf_str(&b);
}

/* ---- checks ------------------------------------------------------------- */

static int
in_list(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* Empty strings become NULL so "not known" is one thing. */
static const char *
or_null(const char *s)
{
	return s && *s ? s : NULL;
}

int
catalogue_tool_check(struct arena *a, struct tool *t, struct tool_errs *e)
{
	const char *bad;
	int n = 0;

	memset(e, 0, sizeof(*e));
	if (t->name == NULL || *t->name == '\0')
		e->name = N_("Enter the tool's name."), n++;
	else if (strlen(t->name) > 200 || strpbrk(t->name, "\r\n\t"))
		e->name = N_("The name must be one line of at most 200 characters."), n++;
	if (!in_list(catalogue_categories, t->category))
		e->category = N_("Choose a category."), n++;
	if (t->universe == NULL || *t->universe == '\0')
		t->universe = "standalone";
	if (!in_list(catalogue_universes, t->universe))
		e->universe = N_("Choose one of the options."), n++;
	if (t->description == NULL)
		t->description = "";
	if (strlen(t->description) > 4000)
		e->description = N_("The description must be at most 4000 characters."), n++;
	t->website = or_null(t->website);
	if (t->website && !catalogue_url_valid(t->website))
		e->website = N_("Enter a web address that starts with https:// or http://."), n++;
	for (int s = 0; s < CS__COUNT; s++) {
		const char *out;
		if (catalogue_set_parse(a, (enum cat_set)s, t->sets[s], &out, &bad)) {
			e->sets[s] = N_("Choose only from the listed options."), n++;
			continue;
		}
		t->sets[s] = out;
	}
	{
		const char *out;
		if (catalogue_countries_parse(a, t->hosting_countries, &out, &bad)) {
			e->hosting_countries = N_("Enter two-letter country codes (ISO 3166), like NO, SE, IE."), n++;
		} else
			t->hosting_countries = out;
	}
	t->subprocessors = catalogue_lines_clean(a, t->subprocessors);
	if (t->subprocessors == NULL || strlen(t->subprocessors) > 4000)
		e->subprocessors = N_("The list of sub-processors must be at most 4000 characters."), n++;
	return n;
}

int
catalogue_vendor_check(struct arena *a, struct vendor *v, struct vendor_errs *e)
{
	int n = 0;

	memset(e, 0, sizeof(*e));
	if (v->name == NULL || *v->name == '\0')
		e->name = N_("Enter the vendor's name."), n++;
	else if (strlen(v->name) > 200 || strpbrk(v->name, "\r\n\t"))
		e->name = N_("The name must be one line of at most 200 characters."), n++;
	v->country = or_null(v->country);
	if (v->country) {
		char *up = arena_strdup(a, v->country);
		for (char *p = up; p && *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		v->country = up;
		if (!country_valid(up))
			e->country = N_("Enter a two-letter country code (ISO 3166), like NO or SE."), n++;
	}
	v->orgnr = or_null(v->orgnr);
	if (v->orgnr) {
		/* "974 760 673" as printed on letters is the same number. */
		char *o = arena_alloc(a, strlen(v->orgnr) + 1), *q = o;
		for (const char *p = v->orgnr; o && *p; p++)
			if (*p != ' ')
				*q++ = *p;
		v->orgnr = o;
		if (o == NULL || strlen(o) > 40 || strpbrk(o, "\r\n\t"))
			e->orgnr = N_("The organisation number is too long."), n++;
		else if ((v->country == NULL || strcmp(v->country, "NO") == 0) && !orgnr_valid(o))
			e->orgnr = N_("Enter a valid Norwegian organisation number: nine digits with a correct check digit."), n++;
	}
	v->website = or_null(v->website);
	if (v->website && !catalogue_url_valid(v->website))
		e->website = N_("Enter a web address that starts with https:// or http://."), n++;
	v->contact = or_null(v->contact);
	if (v->contact && (strlen(v->contact) > 200 || strpbrk(v->contact, "\r\n\t")))
		e->contact = N_("The contact must be one line of at most 200 characters."), n++;
	return n;
}

/* ---- audit -------------------------------------------------------------- */

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The facts of a tool as a flat object, for audit details (before/after). */
static json_t *
tool_facts(const struct tool *t)
{
	json_t *o = json_pack("{s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "name", jstr(t->name), "vendor_id", (json_int_t)t->vendor_id,
	    "category", jstr(t->category), "description", jstr(t->description),
	    "website", jstr(t->website), "universe", jstr(t->universe),
	    "hosting_countries", jstr(t->hosting_countries),
	    "subprocessors", jstr(t->subprocessors));

	for (int s = 0; o && s < CS__COUNT; s++)
		json_object_set_new(o, sets[s].name, jstr(t->sets[s]));
	return o;
}

/* {"field": {"before": x, "after": y}} for every field that differs. */
static json_t *
diff(json_t *before, json_t *after)
{
	json_t *d = json_object(), *v;
	const char *k;

	json_object_foreach(after, k, v) {
		json_t *b = json_object_get(before, k);
		if (b == NULL || !json_equal(b, v))
			json_object_set_new(d, k, json_pack("{s:O, s:O}", "before",
			    b ? b : json_null(), "after", v));
	}
	return d;
}

/* The diff of two fact objects, which it takes over (frees); NULL when
 * nothing differs, so an update that changes nothing writes no audit row. */
static json_t *
changes(json_t *before, json_t *after)
{
	json_t *d = diff(before, after);

	json_decref(before);
	json_decref(after);
	if (json_object_size(d) == 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* ---- reading ------------------------------------------------------------ */

#define TOOL_SELECT \
	"SELECT t.id, t.urn, t.name, t.vendor_id, t.category, t.description, t.website," \
	" t.platforms, t.logins, t.feide_attributes, t.data_categories, t.age_groups," \
	" t.certifications, t.hosting_countries, t.subprocessors, t.universe, t.status," \
	" t.proposed_by, t.merged_into, t.status_reason, t.source_url, t.created_at," \
	" t.updated_at, v.name, o.name, m.name FROM tools t" \
	" LEFT JOIN vendors v ON v.id = t.vendor_id LEFT JOIN orgs o ON o.id = t.proposed_by" \
	" LEFT JOIN tools m ON m.id = t.merged_into"

static const char *
col_dup(struct arena *a, struct db_stmt *st, int c)
{
	const char *s = db_col_text(st, c);
	return s ? arena_strdup(a, s) : NULL;
}

/* The id a db_query lookup found in its first column: 0 when it found no
 * row, -1 on error. Resets the statement. */
static int64_t
first_id(struct db_stmt *st, int rc)
{
	int64_t id = rc == 1 ? db_col_int(st, 0) : 0;

	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}

static void
tool_row(struct arena *a, struct db_stmt *st, struct tool *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->urn = col_dup(a, st, 1);
	t->name = col_dup(a, st, 2);
	t->vendor_id = db_col_isnull(st, 3) ? 0 : db_col_int(st, 3);
	t->category = col_dup(a, st, 4);
	t->description = col_dup(a, st, 5);
	t->website = col_dup(a, st, 6);
	for (int s = 0; s < CS__COUNT; s++)	/* columns 7..12 in enum order */
		t->sets[s] = col_dup(a, st, 7 + s);
	t->hosting_countries = col_dup(a, st, 13);
	t->subprocessors = col_dup(a, st, 14);
	t->universe = col_dup(a, st, 15);
	t->status = col_dup(a, st, 16);
	t->proposed_by = db_col_isnull(st, 17) ? 0 : db_col_int(st, 17);
	t->merged_into = db_col_isnull(st, 18) ? 0 : db_col_int(st, 18);
	t->status_reason = col_dup(a, st, 19);
	t->source_url = col_dup(a, st, 20);
	t->created_at = db_col_int(st, 21);
	t->updated_at = db_col_int(st, 22);
	t->vendor_name = col_dup(a, st, 23);
	t->proposer_name = col_dup(a, st, 24);
	t->merged_name = col_dup(a, st, 25);
}

/* Reads every row of a positioned statement into an arena array. */
static int
tool_rows(struct arena *a, struct db_stmt *st, int rc, int max, struct tool **out)
{
	struct tool *v = NULL;
	int n = 0, cap = 0;

	while (rc == 1 && n < max) {
		if (n == cap) {
			int nc = cap ? cap * 2 : 32;
			struct tool *nv = arena_alloc(a, sizeof(*nv) * (size_t)nc);
			if (nv == NULL) {
				rc = -1;
				break;
			}
			if (n)
				memcpy(nv, v, sizeof(*v) * (size_t)n);
			v = nv;
			cap = nc;
		}
		tool_row(a, st, &v[n++]);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

static const char *
orgs_param(struct arena *a, const struct cat_viewer *v)
{
	struct buf b;

	buf_init(&b, 64 * 1024, a);
	for (int i = 0; v && i < v->norgs; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)v->orgs[i]);
	return buf_str(&b) ? buf_str(&b) : "";
}

static int
viewer_has_org(const struct cat_viewer *v, int64_t org)
{
	for (int i = 0; v && org && i < v->norgs; i++)
		if (v->orgs[i] == org)
			return 1;
	return 0;
}

/* A LIKE pattern matching text that contains s literally. */
static const char *
like_contains(struct arena *a, const char *s)
{
	struct buf b;

	buf_init(&b, 4096, a);
	buf_putc(&b, '%');
	for (; s && *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '%');
	return buf_str(&b) ? buf_str(&b) : "%";
}

/* Which tools a search may return: see search_bind. */
#define TOOL_WHERE \
	" WHERE ((CAST(? AS TEXT) = 'exact' AND t.status = ?)" \
	" OR (CAST(? AS TEXT) <> 'exact' AND t.status = 'accepted')" \
	" OR (CAST(? AS TEXT) = 'all' AND t.status = 'proposed')" \
	" OR (CAST(? AS TEXT) = 'own' AND t.status = 'proposed' AND" \
	"  (',' || CAST(? AS TEXT) || ',') LIKE ('%,' || CAST(t.proposed_by AS TEXT) || ',%')))" \
	" AND (CAST(? AS TEXT) = '' OR t.category = ?)" \
	" AND (CAST(? AS TEXT) = '' OR t.universe = ?)" \
	" AND (CAST(? AS TEXT) = '%' OR (',' || t.logins || ',') LIKE ?)" \
	" AND (CAST(? AS TEXT) = '%' OR (',' || t.platforms || ',') LIKE ?)" \
	" AND (CAST(? AS TEXT) = '%' OR t.search_text LIKE ? ESCAPE '\\')" \
	" AND (CAST(? AS TEXT) = '%' OR t.search_text LIKE ? ESCAPE '\\')" \
	" AND (CAST(? AS TEXT) = '%' OR t.search_text LIKE ? ESCAPE '\\')" \
	" AND (CAST(? AS TEXT) = '%' OR t.search_text LIKE ? ESCAPE '\\')"
#define TOOL_WHERE_PARAMS 22

#define SEARCH_WORDS 4

static int
search_bind(struct arena *a, struct db_stmt *st, const struct cat_viewer *v,
    const struct cat_query *q)
{
	const char *mode, *words[SEARCH_WORDS] = { "%", "%", "%", "%" };
	char *f = catalogue_casefold(a, q->q);
	int i = 1, nw = 0;

	if (f == NULL)
		return -1;
	if (q->public_only)
		mode = "public";
	else if (v && v->editor)
		mode = q->status && *q->status ? "exact" : "all";
	else
		mode = "own";
	/* Words separated by single spaces after folding; the last slot takes
	 * the rest as one phrase. */
	while (*f && nw < SEARCH_WORDS) {
		char *sp = nw < SEARCH_WORDS - 1 ? strchr(f, ' ') : NULL;
		if (sp)
			*sp = '\0';
		words[nw++] = like_contains(a, f);
		f = sp ? sp + 1 : f + strlen(f);
	}
	db_bind_text(st, i++, mode);
	db_bind_text(st, i++, nz(q->status));
	db_bind_text(st, i++, mode);
	db_bind_text(st, i++, mode);
	db_bind_text(st, i++, mode);
	db_bind_text(st, i++, orgs_param(a, v));
	db_bind_text(st, i++, nz(q->category));
	db_bind_text(st, i++, nz(q->category));
	db_bind_text(st, i++, nz(q->universe));
	db_bind_text(st, i++, nz(q->universe));
	/* Each LIKE below is skipped when its pattern is "%" (unused). */
	{
		const char *l = q->login && *q->login ? arena_printf(a, "%%,%s,%%", q->login) : "%";
		const char *p = q->platform && *q->platform ? arena_printf(a, "%%,%s,%%", q->platform) : "%";
		db_bind_text(st, i++, l);
		db_bind_text(st, i++, l);
		db_bind_text(st, i++, p);
		db_bind_text(st, i++, p);
	}
	for (int k = 0; k < SEARCH_WORDS; k++) {
		db_bind_text(st, i++, words[k]);
		db_bind_text(st, i++, words[k]);
	}
	return i - 1 == TOOL_WHERE_PARAMS ? 0 : -1;
}

int
catalogue_search(struct db *db, struct arena *a, const struct cat_viewer *v,
    const struct cat_query *q, struct tool **out, int64_t *total)
{
	struct db_stmt *st;
	int64_t limit = q->limit > 0 && q->limit <= CAT_SEARCH_MAX ? q->limit : 50;
	int64_t offset = q->offset > 0 ? q->offset : 0;
	int rc;

	*out = NULL;
	*total = 0;
	if ((st = db_prepare(db, "SELECT COUNT(*) FROM tools t" TOOL_WHERE)) == NULL)
		return -1;
	if (search_bind(a, st, v, q)) {
		db_reset(st);
		return -1;
	}
	rc = db_step(st);
	if (rc == 1)
		*total = db_col_int(st, 0);
	db_reset(st);
	if (rc != 1)
		return -1;
	if ((st = db_prepare(db, TOOL_SELECT TOOL_WHERE " ORDER BY t.sort_key, t.id LIMIT ? OFFSET ?")) == NULL)
		return -1;
	if (search_bind(a, st, v, q)) {
		db_reset(st);
		return -1;
	}
	db_bind_int(st, TOOL_WHERE_PARAMS + 1, limit);
	db_bind_int(st, TOOL_WHERE_PARAMS + 2, offset);
	rc = db_step(st);
	return tool_rows(a, st, rc, (int)limit, out);
}

int
catalogue_get(struct db *db, struct arena *a, int64_t id, struct tool *out)
{
	int rc;
	struct db_stmt *st = db_query(db, TOOL_SELECT " WHERE t.id = ?", &rc, "i", id);

	if (rc == 1)
		tool_row(a, st, out);
	if (st)
		db_reset(st);
	return rc;
}

int
catalogue_visible(const struct tool *t, const struct cat_viewer *v)
{
	if (v && v->editor)
		return 1;
	if (strcmp(t->status, "accepted") == 0)
		return 1;
	/* A national tool merged into another stays findable for old links. */
	if (strcmp(t->status, "merged") == 0 && t->proposed_by == 0)
		return 1;
	return viewer_has_org(v, t->proposed_by);
}

int
catalogue_proposals(struct db *db, struct arena *a, struct tool **out)
{
	int rc;
	struct db_stmt *st = db_query(db, TOOL_SELECT " WHERE t.status = 'proposed'"
	    " ORDER BY t.created_at, t.id", &rc, "");

	return tool_rows(a, st, rc, CAT_SEARCH_MAX, out);
}

int
catalogue_vendor_tools(struct db *db, struct arena *a, const struct cat_viewer *v,
    int64_t vendor_id, struct tool **out)
{
	int rc;
	struct db_stmt *st = db_query(db, TOOL_SELECT " WHERE t.vendor_id = ? AND"
	    " (t.status = 'accepted' OR ? = 1 OR (t.status = 'proposed' AND"
	    " (',' || CAST(? AS TEXT) || ',') LIKE ('%,' || CAST(t.proposed_by AS TEXT) || ',%')))"
	    " ORDER BY t.sort_key, t.id", &rc, "iis", vendor_id, (int64_t)(v && v->editor),
	    orgs_param(a, v));

	return tool_rows(a, st, rc, CAT_SEARCH_MAX, out);
}

int
catalogue_usable(struct db *db, int64_t org_id, int64_t tool_id)
{
	int rc, ok = 0;
	struct db_stmt *st = db_query(db, "SELECT status, proposed_by FROM tools WHERE id = ?",
	    &rc, "i", tool_id);

	if (rc == 1) {
		const char *s = db_col_text(st, 0);
		int64_t by = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);
		ok = strcmp(s, "accepted") == 0 || (strcmp(s, "proposed") == 0 && by == org_id && org_id > 0);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : ok;
}

int
catalogue_picker(struct db *db, struct arena *a, int64_t org_id, const char *q,
    struct tool **out)
{
	struct cat_viewer v = { &org_id, 1, 0 };
	struct cat_query cq;
	int64_t total;

	memset(&cq, 0, sizeof(cq));
	cq.q = q;
	cq.limit = CAT_SEARCH_MAX;
	return catalogue_search(db, a, &v, &cq, out, &total);
}

int64_t
catalogue_resolve(struct db *db, int64_t tool_id)
{
	int64_t seen[CAT_MERGE_DEPTH + 1], id = tool_id;
	int n = 0;

	for (;;) {
		int rc;
		struct db_stmt *st = db_query(db, "SELECT status, merged_into FROM tools WHERE id = ?",
		    &rc, "i", id);
		int64_t next = 0;
		if (rc == 1 && strcmp(db_col_text(st, 0), "merged") == 0 && !db_col_isnull(st, 1))
			next = db_col_int(st, 1);
		if (st)
			db_reset(st);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return n == 0 ? 0 : -1;	/* a merge that points nowhere */
		if (next == 0)
			return id;
		seen[n++] = id;
		if (n > CAT_MERGE_DEPTH)
			return -1;
		for (int i = 0; i < n; i++)
			if (seen[i] == next)
				return -1;	/* a cycle: no tool stands for it */
		id = next;
	}
}

/* ---- vendors: reading ---------------------------------------------------- */

#define VENDOR_SELECT "SELECT id, urn, name, orgnr, country, website, contact, proposed_by," \
	" org_id, created_at, updated_at FROM vendors"

static void
vendor_row(struct arena *a, struct db_stmt *st, struct vendor *v)
{
	memset(v, 0, sizeof(*v));
	v->id = db_col_int(st, 0);
	v->urn = col_dup(a, st, 1);
	v->name = col_dup(a, st, 2);
	v->orgnr = col_dup(a, st, 3);
	v->country = col_dup(a, st, 4);
	v->website = col_dup(a, st, 5);
	v->contact = col_dup(a, st, 6);
	v->proposed_by = db_col_isnull(st, 7) ? 0 : db_col_int(st, 7);
	v->org_id = db_col_isnull(st, 8) ? 0 : db_col_int(st, 8);
	v->created_at = db_col_int(st, 9);
	v->updated_at = db_col_int(st, 10);
}

int
vendor_get(struct db *db, struct arena *a, int64_t id, struct vendor *out)
{
	int rc;
	struct db_stmt *st = db_query(db, VENDOR_SELECT " WHERE id = ?", &rc, "i", id);

	if (rc == 1)
		vendor_row(a, st, out);
	if (st)
		db_reset(st);
	return rc;
}

int
vendor_visible(struct db *db, const struct vendor *vd, const struct cat_viewer *v)
{
	struct arena a;
	int rc, n = 0;
	struct db_stmt *st;

	if ((v && v->editor) || vd->proposed_by == 0 || viewer_has_org(v, vd->proposed_by))
		return 1;
	/* Named in another organisation's proposal: visible only once a tool
	 * the viewer may see uses it. */
	arena_init(&a, 1 << 20);
	st = db_query(db, "SELECT COUNT(*) FROM tools t WHERE t.vendor_id = ? AND"
	    " (t.status = 'accepted' OR (t.status = 'proposed' AND"
	    " (',' || CAST(? AS TEXT) || ',') LIKE ('%,' || CAST(t.proposed_by AS TEXT) || ',%')))",
	    &rc, "is", vd->id, orgs_param(&a, v));
	if (rc == 1)
		n = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	arena_free(&a);
	return rc < 0 ? -1 : n > 0;
}

struct vsort {
	struct vendor v;
	const char *key;
};

static int
vsort_cmp(const void *x, const void *y)
{
	const struct vsort *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->v.id > b->v.id) - (a->v.id < b->v.id);
}

int
vendor_list(struct db *db, struct arena *a, const struct cat_viewer *v, struct vendor **out)
{
	int rc, n = 0, cap = 0;
	struct vsort *s = NULL;
	struct db_stmt *st = db_query(db, VENDOR_SELECT " WHERE ? = 1 OR proposed_by IS NULL OR"
	    " (',' || CAST(? AS TEXT) || ',') LIKE ('%,' || CAST(proposed_by AS TEXT) || ',%') OR"
	    " EXISTS (SELECT 1 FROM tools t WHERE t.vendor_id = vendors.id AND (t.status = 'accepted'"
	    " OR (t.status = 'proposed' AND (',' || CAST(? AS TEXT) || ',') LIKE"
	    " ('%,' || CAST(t.proposed_by AS TEXT) || ',%'))))",
	    &rc, "iss", (int64_t)(v && v->editor), orgs_param(a, v), orgs_param(a, v));

	while (rc == 1) {
		if (n == cap) {
			int nc = cap ? cap * 2 : 64;
			struct vsort *ns = arena_alloc(a, sizeof(*ns) * (size_t)nc);
			if (ns == NULL) {
				rc = -1;
				break;
			}
			if (n)
				memcpy(ns, s, sizeof(*s) * (size_t)n);
			s = ns;
			cap = nc;
		}
		vendor_row(a, st, &s[n].v);
		s[n].key = catalogue_sort_key(a, s[n].v.name);
		if (s[n].key == NULL) {
			rc = -1;
			break;
		}
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = NULL;
	if (rc < 0)
		return -1;
	if (n) {
		qsort(s, (size_t)n, sizeof(*s), vsort_cmp);
		*out = arena_alloc(a, sizeof(**out) * (size_t)n);
		if (*out == NULL)
			return -1;
		for (int i = 0; i < n; i++)
			(*out)[i] = s[i].v;
	}
	return n;
}

/* ---- writing -------------------------------------------------------------- */

/* Id of a tool with this folded name in one of the given states (excluding
 * id `except`), 0 when none, -1 on error. For proposals, only the
 * proposer's own open proposals count (others' are invisible to it). */
static int64_t
tool_by_name(struct db *db, const char *fold, int64_t except, int64_t proposer)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT id FROM tools WHERE name_fold = ? AND id <> ? AND"
	    " (status = 'accepted' OR (status = 'proposed' AND (? = 0 OR proposed_by = ?)))"
	    " ORDER BY id", &rc, "siii", fold, except, proposer, proposer);

	return first_id(st, rc);
}

static const char *
vendor_name_of(struct db *db, struct arena *a, int64_t vendor_id)
{
	struct vendor v;

	if (vendor_id <= 0)
		return "";
	return vendor_get(db, a, vendor_id, &v) == 1 ? v.name : NULL;
}

/* search_text, name_fold and sort_key of a tool, from its name, vendor and
 * description. */
static int
tool_derived(struct db *db, struct arena *a, const struct tool *t, const char **search,
    const char **fold, const char **key)
{
	const char *vn = vendor_name_of(db, a, t->vendor_id);

	if (vn == NULL)
		return -1;
	*search = catalogue_casefold(a, arena_printf(a, "%s %s %s", nz(t->name), vn, nz(t->description)));
	*fold = catalogue_casefold(a, t->name);
	*key = catalogue_sort_key(a, t->name);
	return *search && *fold && *key ? 0 : -1;
}

/* Rewrites the derived columns of every tool of a vendor (after a rename). */
static int
vendor_retext(struct db *db, struct arena *a, int64_t vendor_id)
{
	struct tool *t;
	int rc, n;
	struct db_stmt *st = db_query(db, TOOL_SELECT " WHERE t.vendor_id = ?", &rc, "i", vendor_id);

	if ((n = tool_rows(a, st, rc, 1 << 30, &t)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *s, *f, *k;
		if (tool_derived(db, a, &t[i], &s, &f, &k) ||
		    db_run(db, "UPDATE tools SET search_text = ?, name_fold = ?, sort_key = ? WHERE id = ?",
		    "sssi", s, f, k, t[i].id) < 0)
			return -1;
	}
	return 0;
}

/* Whether the vendor a tool form names exists: 1 yes (or none named),
 * 0 no (with the message in e->vendor), -1 error. */
static int
vendor_chosen(struct db *db, const struct tool *t, struct tool_errs *e)
{
	int rc;
	struct db_stmt *st;

	if (t->vendor_id <= 0)
		return 1;
	st = db_query(db, "SELECT id FROM vendors WHERE id = ?", &rc, "i", t->vendor_id);
	if (st)
		db_reset(st);
	if (rc == 0)
		e->vendor = N_("Choose a vendor from the list.");
	return rc;
}

/* Binds the facts of t to parameters from..from+15 in the order of the
 * INSERT and UPDATE below. */
static int
tool_bind_facts(struct db_stmt *st, int i, const struct tool *t, const char *search,
    const char *fold, const char *key)
{
	db_bind_text(st, i++, t->name);
	if (t->vendor_id > 0)
		db_bind_int(st, i++, t->vendor_id);
	else
		db_bind_null(st, i++);
	db_bind_text(st, i++, t->category);
	db_bind_text(st, i++, nz(t->description));
	db_bind_text(st, i++, or_null(t->website));
	for (int s = 0; s < CS__COUNT; s++)
		db_bind_text(st, i++, nz(t->sets[s]));
	db_bind_text(st, i++, nz(t->hosting_countries));
	db_bind_text(st, i++, nz(t->subprocessors));
	db_bind_text(st, i++, t->universe);
	db_bind_text(st, i++, search);
	db_bind_text(st, i++, fold);
	db_bind_text(st, i++, key);
	return i;
}

/* Inserts a tool with the given status and proposer; returns its id. */
static int64_t
tool_insert(struct db *db, struct arena *a, const struct tool *t, const char *status,
    int64_t proposed_by, int64_t now)
{
	const char *s, *f, *k;
	struct db_stmt *st;
	int64_t id = -1;
	int rc, i;

	if (tool_derived(db, a, t, &s, &f, &k))
		return -1;
	st = db_prepare(db, "INSERT INTO tools (name, vendor_id, category, description, website,"
	    " platforms, logins, feide_attributes, data_categories, age_groups, certifications,"
	    " hosting_countries, subprocessors, universe, search_text, name_fold, sort_key,"
	    " urn, source_url, status, proposed_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (st == NULL)
		return -1;
	i = tool_bind_facts(st, 1, t, s, f, k);
	db_bind_text(st, i++, or_null(t->urn));
	db_bind_text(st, i++, or_null(t->source_url));
	db_bind_text(st, i++, status);
	if (proposed_by > 0)
		db_bind_int(st, i++, proposed_by);
	else
		db_bind_null(st, i++);
	db_bind_int(st, i++, now);
	db_bind_int(st, i++, now);
	rc = db_step(st);
	if (rc == 1)
		id = db_col_int(st, 0);
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	return rc < 0 ? -1 : id;
}

/* Writes the facts of t over tool id (status untouched). */
static int
tool_write(struct db *db, struct arena *a, int64_t id, const struct tool *t, int64_t now)
{
	const char *s, *f, *k;
	struct db_stmt *st;
	int rc, i;

	if (tool_derived(db, a, t, &s, &f, &k))
		return -1;
	st = db_prepare(db, "UPDATE tools SET name = ?, vendor_id = ?, category = ?, description = ?,"
	    " website = ?, platforms = ?, logins = ?, feide_attributes = ?, data_categories = ?,"
	    " age_groups = ?, certifications = ?, hosting_countries = ?, subprocessors = ?,"
	    " universe = ?, search_text = ?, name_fold = ?, sort_key = ?, source_url = ?,"
	    " updated_at = ? WHERE id = ?");
	if (st == NULL)
		return -1;
	i = tool_bind_facts(st, 1, t, s, f, k);
	db_bind_text(st, i++, or_null(t->source_url));
	db_bind_int(st, i++, now);
	db_bind_int(st, i++, id);
	rc = db_step(st);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int64_t
catalogue_tool_create(struct db *db, struct arena *a, struct tool *t, struct tool_errs *e,
    int64_t audit_org, int64_t actor, int64_t now)
{
	int64_t id, dup;
	int rc;

	if (catalogue_tool_check(a, t, e))
		return 0;
	if ((rc = vendor_chosen(db, t, e)) <= 0)
		return rc;
	if ((dup = tool_by_name(db, catalogue_casefold(a, t->name), 0, 0)) < 0)
		return -1;
	if (dup > 0) {
		e->name = N_("A tool with this name is already in the catalogue or proposed.");
		return 0;
	}
	if ((id = tool_insert(db, a, t, "accepted", 0, now)) <= 0)
		return -1;
	return audit_json(db, audit_org, actor, "tool.create", "tool", id, tool_facts(t), now) ? -1 : id;
}

int
catalogue_tool_update(struct db *db, struct arena *a, int64_t id, struct tool *t,
    struct tool_errs *e, int64_t audit_org, int64_t actor, int64_t now)
{
	struct tool old;
	int64_t dup;
	int rc;
	json_t *d;

	if ((rc = catalogue_get(db, a, id, &old)) <= 0) {
		if (rc == 0) {
			memset(e, 0, sizeof(*e));
			e->name = N_("There is no such tool.");
		}
		return rc;
	}
	if (catalogue_tool_check(a, t, e))
		return 0;
	if ((rc = vendor_chosen(db, t, e)) <= 0)
		return rc;
	if (strcmp(old.status, "accepted") == 0 || strcmp(old.status, "proposed") == 0) {
		if ((dup = tool_by_name(db, catalogue_casefold(a, t->name), id,
		    strcmp(old.status, "proposed") == 0 ? old.proposed_by : 0)) < 0)
			return -1;
		if (dup > 0) {
			e->name = N_("A tool with this name is already in the catalogue or proposed.");
			return 0;
		}
	}
	t->urn = old.urn;
	t->source_url = old.source_url;
	if ((d = changes(tool_facts(&old), tool_facts(t))) == NULL)
		return 1;
	if (tool_write(db, a, id, t, now)) {
		json_decref(d);
		return -1;
	}
	return audit_json(db, audit_org, actor, "tool.update", "tool", id, d, now) ? -1 : 1;
}

/* Finds a vendor by folded name, or creates one on behalf of a proposing
 * organisation. Returns the id or -1. */
static int64_t
vendor_for_proposal(struct db *db, struct arena *a, const char *name, int64_t org,
    int64_t actor, int64_t now)
{
	const char *fold = catalogue_casefold(a, name);
	struct db_stmt *st;
	int64_t id;
	int rc;

	if (fold == NULL)
		return -1;
	st = db_query(db, "SELECT id FROM vendors WHERE name_fold = ? ORDER BY id", &rc, "s", fold);
	if ((id = first_id(st, rc)) < 0)
		return -1;
	if (id > 0)
		return id;
	if ((id = db_insert(db, "INSERT INTO vendors (name, name_fold, proposed_by, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "ssiii", name, fold, org, now, now)) <= 0)
		return -1;
	return audit_json(db, org, actor, "vendor.create", "vendor", id,
	    json_pack("{s:s, s:b}", "name", name, "proposal", 1), now) ? -1 : id;
}

int64_t
catalogue_propose(struct db *db, struct arena *a, int64_t org_id, struct tool *t,
    const char *new_vendor, struct tool_errs *e, int64_t actor, int64_t now)
{
	struct cat_viewer v = { &org_id, 1, 0 };
	int64_t id, dup;
	json_t *facts;

	new_vendor = or_null(new_vendor);
	if (catalogue_tool_check(a, t, e))
		return 0;
	if (t->vendor_id > 0 && new_vendor) {
		e->vendor = N_("Choose a vendor from the list or enter a new one, not both.");
		return 0;
	}
	if (new_vendor && (strlen(new_vendor) > 200 || strpbrk(new_vendor, "\r\n\t"))) {
		e->vendor = N_("The name must be one line of at most 200 characters.");
		return 0;
	}
	if (t->vendor_id > 0) {
		struct vendor vd;
		int rc = vendor_get(db, a, t->vendor_id, &vd);
		if (rc < 0 || (rc == 1 && (rc = vendor_visible(db, &vd, &v)) < 0))
			return -1;
		if (rc == 0) {
			e->vendor = N_("Choose a vendor from the list.");
			return 0;
		}
	}
	if ((dup = tool_by_name(db, catalogue_casefold(a, t->name), 0, org_id)) < 0)
		return -1;
	if (dup > 0) {
		e->name = N_("A tool with this name is already in the catalogue or proposed.");
		return 0;
	}
	if (new_vendor && (t->vendor_id = vendor_for_proposal(db, a, new_vendor, org_id, actor, now)) < 0)
		return -1;
	t->urn = NULL;
	t->source_url = NULL;
	if ((id = tool_insert(db, a, t, "proposed", org_id, now)) <= 0)
		return -1;
	facts = tool_facts(t);
	return audit_json(db, org_id, actor, "tool.propose", "tool", id, facts, now) ? -1 : id;
}

/* The status and vendor of a tool; 1 found, 0 not, -1 error. */
static int
tool_state(struct db *db, int64_t id, char status[16], int64_t *vendor, int64_t *proposer)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT status, vendor_id, proposed_by, name_fold FROM tools"
	    " WHERE id = ?", &rc, "i", id);

	if (rc == 1) {
		snprintf(status, 16, "%s", db_col_text(st, 0));
		*vendor = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);
		*proposer = db_col_isnull(st, 2) ? 0 : db_col_int(st, 2);
	}
	if (st)
		db_reset(st);
	return rc;
}

int
catalogue_accept(struct db *db, int64_t id, int64_t audit_org, int64_t actor, int64_t now)
{
	char status[16];
	int64_t vendor, proposer, dup = 0;
	int rc = tool_state(db, id, status, &vendor, &proposer);
	struct db_stmt *st;

	if (rc <= 0)
		return rc < 0 ? -1 : CR_STATE;
	if (strcmp(status, "proposed") != 0 && strcmp(status, "rejected") != 0)
		return CR_STATE;
	st = db_query(db, "SELECT a.id FROM tools a JOIN tools p ON p.name_fold = a.name_fold"
	    " WHERE p.id = ? AND a.status = 'accepted' AND a.id <> p.id", &rc, "i", id);
	if ((dup = first_id(st, rc)) < 0)
		return -1;
	if (dup)
		return CR_TARGET;	/* same name as an accepted tool: merge instead */
	if (db_run(db, "UPDATE tools SET status = 'accepted', status_reason = '', updated_at = ?"
	    " WHERE id = ?", "ii", now, id) < 0)
		return -1;
	/* A vendor first named in this proposal becomes part of the national
	 * catalogue with it. */
	if (vendor && db_run(db, "UPDATE vendors SET proposed_by = NULL WHERE id = ?", "i", vendor) < 0)
		return -1;
	return audit_json(db, audit_org, actor, "tool.accept", "tool", id,
	    json_pack("{s:s, s:s, s:I}", "before", status, "after", "accepted",
	    "proposed_by", (json_int_t)proposer), now) ? -1 : CR_OK;
}

int
catalogue_reject(struct db *db, int64_t id, const char *reason, int64_t audit_org,
    int64_t actor, int64_t now)
{
	char status[16];
	int64_t vendor, proposer;
	int rc;

	if (reason == NULL || *reason == '\0' || strlen(reason) > 1000)
		return CR_REASON;
	if ((rc = tool_state(db, id, status, &vendor, &proposer)) <= 0)
		return rc < 0 ? -1 : CR_STATE;
	if (strcmp(status, "proposed") != 0)
		return CR_STATE;
	if (db_run(db, "UPDATE tools SET status = 'rejected', status_reason = ?, updated_at = ?"
	    " WHERE id = ?", "sii", reason, now, id) < 0)
		return -1;
	return audit_json(db, audit_org, actor, "tool.reject", "tool", id,
	    json_pack("{s:s, s:s, s:s, s:I}", "before", status, "after", "rejected", "reason", reason,
	    "proposed_by", (json_int_t)proposer), now) ? -1 : CR_OK;
}

int
catalogue_merge(struct db *db, int64_t id, int64_t target, int64_t audit_org, int64_t actor,
    int64_t now)
{
	char status[16], tstatus[16];
	int64_t vendor, proposer, tv, tp;
	int rc;

	if ((rc = tool_state(db, id, status, &vendor, &proposer)) <= 0)
		return rc < 0 ? -1 : CR_STATE;
	if (strcmp(status, "proposed") != 0 && strcmp(status, "accepted") != 0)
		return CR_STATE;
	if (target == id)
		return CR_TARGET;
	if ((rc = tool_state(db, target, tstatus, &tv, &tp)) < 0)
		return -1;
	if (rc == 0 || strcmp(tstatus, "accepted") != 0)
		return CR_TARGET;
	if (db_run(db, "UPDATE tools SET status = 'merged', merged_into = ?, updated_at = ?"
	    " WHERE id = ?", "iii", target, now, id) < 0)
		return -1;
	return audit_json(db, audit_org, actor, "tool.merge", "tool", id,
	    json_pack("{s:s, s:s, s:I, s:I}", "before", status, "after", "merged",
	    "merged_into", (json_int_t)target, "proposed_by", (json_int_t)proposer), now) ? -1 : CR_OK;
}

/* ---- vendors: writing ------------------------------------------------------ */

static json_t *
vendor_facts(const struct vendor *v)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "name", jstr(v->name),
	    "orgnr", jstr(v->orgnr), "country", jstr(v->country), "website", jstr(v->website),
	    "contact", jstr(v->contact));
}

/* Id of another vendor with this folded name, 0 none, -1 error. */
static int64_t
vendor_by_fold(struct db *db, const char *fold, int64_t except)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT id FROM vendors WHERE name_fold = ? AND id <> ?",
	    &rc, "si", fold, except);

	return first_id(st, rc);
}

int64_t
vendor_create(struct db *db, struct arena *a, struct vendor *v, struct vendor_errs *e,
    int64_t audit_org, int64_t actor, int64_t now)
{
	const char *fold;
	int64_t id, dup;

	if (catalogue_vendor_check(a, v, e))
		return 0;
	if ((fold = catalogue_casefold(a, v->name)) == NULL || (dup = vendor_by_fold(db, fold, 0)) < 0)
		return -1;
	if (dup) {
		e->name = N_("A vendor with this name is already in the catalogue.");
		return 0;
	}
	if ((id = db_insert(db, "INSERT INTO vendors (name, name_fold, orgnr, country, website, contact,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "ssssssii",
	    v->name, fold, v->orgnr, v->country, v->website, v->contact, now, now)) <= 0)
		return -1;
	return audit_json(db, audit_org, actor, "vendor.create", "vendor", id, vendor_facts(v), now)
	    ? -1 : id;
}

int
vendor_update(struct db *db, struct arena *a, int64_t id, struct vendor *v,
    struct vendor_errs *e, int64_t audit_org, int64_t actor, int64_t now)
{
	struct vendor old;
	const char *fold;
	int64_t dup;
	int rc;
	json_t *d;

	if ((rc = vendor_get(db, a, id, &old)) <= 0) {
		if (rc == 0) {
			memset(e, 0, sizeof(*e));
			e->name = N_("There is no such vendor.");
		}
		return rc;
	}
	if (catalogue_vendor_check(a, v, e))
		return 0;
	if ((fold = catalogue_casefold(a, v->name)) == NULL || (dup = vendor_by_fold(db, fold, id)) < 0)
		return -1;
	if (dup) {
		e->name = N_("A vendor with this name is already in the catalogue.");
		return 0;
	}
	if ((d = changes(vendor_facts(&old), vendor_facts(v))) == NULL)
		return 1;
	if (db_run(db, "UPDATE vendors SET name = ?, name_fold = ?, orgnr = ?, country = ?,"
	    " website = ?, contact = ?, updated_at = ? WHERE id = ?", "ssssssii", v->name, fold,
	    v->orgnr, v->country, v->website, v->contact, now, id) < 0 ||
	    (strcmp(old.name, v->name) != 0 && vendor_retext(db, a, id))) {
		json_decref(d);
		return -1;
	}
	return audit_json(db, audit_org, actor, "vendor.update", "vendor", id, d, now) ? -1 : 1;
}

/* ---- the seed catalogue ------------------------------------------------------
 * The file's facts for each record are kept as a flat JSON object
 * (seed_json). On the next load, each field is a three-way merge of what
 * the file said last time (old), what the database holds (cur) and what the
 * file says now (new): the file's new value is taken only where cur still
 * equals old, i.e. nobody changed that field in the application. A record
 * adopted by name (no seed_json yet) only gets its empty fields filled.
 */

struct seed_vendor {
	const char *urn;
	struct vendor v;
	int64_t id;
};

struct seed_tool {
	const char *urn, *vendor_urn;
	struct tool t;
};

static int
seed_fail(char *err, int errlen, const char *fmt, const char *a1, const char *a2)
{
	snprintf(err, (size_t)errlen, fmt, a1 ? a1 : "", a2 ? a2 : "");
	return -1;
}

static int
urn_valid(const char *urn, const char *kind)
{
	size_t n = strlen("urn:skolesec:") + strlen(kind) + 1;

	if (urn == NULL || strncmp(urn, "urn:skolesec:", 13) != 0 ||
	    strncmp(urn + 13, kind, strlen(kind)) != 0 || urn[n - 1] != ':' || urn[n] == '\0' ||
	    strlen(urn) > 200)
		return 0;
	for (const char *p = urn + n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	return 1;
}

/* A string member (or null / absent): 0 ok, -1 wrong type. */
static int
seed_str(struct arena *a, json_t *o, const char *k, const char **out)
{
	json_t *v = json_object_get(o, k);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = arena_strdup(a, json_string_value(v));
	return *out ? 0 : -1;
}

/* An array of strings as one comma- (sep) separated string. */
static int
seed_list(struct arena *a, json_t *o, const char *k, char sep, const char **out)
{
	json_t *v = json_object_get(o, k), *x;
	struct buf b;
	size_t i;

	*out = "";
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	buf_init(&b, 64 * 1024, a);
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		if (s == NULL || strchr(s, sep) || (sep == ',' && strchr(s, ' ')))
			return -1;
		if (i)
			buf_putc(&b, sep);
		buf_puts(&b, s);
	}
	*out = buf_str(&b);
	return *out ? 0 : -1;
}

static int
only_keys(json_t *o, const char *const *keys, const char **bad)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(keys[i], k) == 0;
		if (!ok) {
			*bad = k;
			return -1;
		}
	}
	return 0;
}

static const char *
vendor_first_err(const struct vendor_errs *e)
{
	return e->name ? e->name : e->orgnr ? e->orgnr : e->country ? e->country :
	    e->website ? e->website : e->contact;
}

static const char *
tool_first_err(const struct tool_errs *e)
{
	const char *const f[] = { e->name, e->vendor, e->category, e->universe, e->description,
		e->website, e->hosting_countries, e->subprocessors };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i])
			return f[i];
	for (int s = 0; s < CS__COUNT; s++)
		if (e->sets[s])
			return e->sets[s];
	return NULL;
}

static int
seed_parse(struct arena *a, json_t *root, struct seed_vendor **vs, int *nv,
    struct seed_tool **ts, int *nt, char *err, int errlen)
{
	static const char *const top_keys[] = { "urn", "version", "title", "source", "note",
		"vendors", "tools", NULL };
	static const char *const vkeys[] = { "urn", "name", "orgnr", "country", "website",
		"contact", NULL };
	static const char *const tkeys[] = { "urn", "name", "vendor", "category", "description",
		"website", "universe", "platforms", "logins", "feide_attributes", "data_categories",
		"age_groups", "certifications", "hosting_countries", "subprocessors", "source_url", NULL };
	json_t *jv = json_object_get(root, "vendors"), *jt = json_object_get(root, "tools"), *x;
	const char *bad = NULL;
	size_t i;

	if (!json_is_object(root) || only_keys(root, top_keys, &bad))
		return seed_fail(err, errlen, "unknown top-level member \"%s\"%s", bad, NULL);
	if (!json_is_string(json_object_get(root, "urn")) || !json_is_string(json_object_get(root, "version")))
		return seed_fail(err, errlen, "the file needs a \"urn\" and a \"version\" (strings)%s%s", NULL, NULL);
	if (!json_is_array(jv) || !json_is_array(jt))
		return seed_fail(err, errlen, "the file needs \"vendors\" and \"tools\" arrays%s%s", NULL, NULL);
	*nv = (int)json_array_size(jv);
	*nt = (int)json_array_size(jt);
	*vs = arena_alloc(a, sizeof(**vs) * (size_t)(*nv + 1));
	*ts = arena_alloc(a, sizeof(**ts) * (size_t)(*nt + 1));
	if (*vs == NULL || *ts == NULL)
		return seed_fail(err, errlen, "out of memory%s%s", NULL, NULL);
	json_array_foreach(jv, i, x) {
		struct seed_vendor *s = &(*vs)[i];
		struct vendor_errs e;
		const char *m;
		if (!json_is_object(x) || only_keys(x, vkeys, &bad))
			return seed_fail(err, errlen, "vendor %s: unknown member \"%s\"",
			    arena_printf(a, "%zu", i), bad);
		if (seed_str(a, x, "urn", &s->urn) || !urn_valid(s->urn, "vendor"))
			return seed_fail(err, errlen, "vendor %s: \"urn\" must look like urn:skolesec:vendor:name%s",
			    arena_printf(a, "%zu", i), NULL);
		if (seed_str(a, x, "name", &s->v.name) || seed_str(a, x, "orgnr", &s->v.orgnr) ||
		    seed_str(a, x, "country", &s->v.country) || seed_str(a, x, "website", &s->v.website) ||
		    seed_str(a, x, "contact", &s->v.contact))
			return seed_fail(err, errlen, "%s: every fact must be a string or null%s", s->urn, NULL);
		if (catalogue_vendor_check(a, &s->v, &e) && (m = vendor_first_err(&e)) != NULL)
			return seed_fail(err, errlen, "%s: %s", s->urn, m);
		for (size_t k = 0; k < i; k++)
			if (strcmp((*vs)[k].urn, s->urn) == 0)
				return seed_fail(err, errlen, "%s: listed twice%s", s->urn, NULL);
	}
	json_array_foreach(jt, i, x) {
		struct seed_tool *s = &(*ts)[i];
		struct tool_errs e;
		const char *m;
		int found = 0;
		if (!json_is_object(x) || only_keys(x, tkeys, &bad))
			return seed_fail(err, errlen, "tool %s: unknown member \"%s\"",
			    arena_printf(a, "%zu", i), bad);
		if (seed_str(a, x, "urn", &s->urn) || !urn_valid(s->urn, "tool"))
			return seed_fail(err, errlen, "tool %s: \"urn\" must look like urn:skolesec:tool:name%s",
			    arena_printf(a, "%zu", i), NULL);
		if (seed_str(a, x, "name", &s->t.name) || seed_str(a, x, "vendor", &s->vendor_urn) ||
		    seed_str(a, x, "category", &s->t.category) ||
		    seed_str(a, x, "description", &s->t.description) ||
		    seed_str(a, x, "website", &s->t.website) || seed_str(a, x, "universe", &s->t.universe) ||
		    seed_str(a, x, "source_url", &s->t.source_url))
			return seed_fail(err, errlen, "%s: every fact must be a string or null%s", s->urn, NULL);
		for (int k = 0; k < CS__COUNT; k++)
			if (seed_list(a, x, sets[k].name, ',', &s->t.sets[k]))
				return seed_fail(err, errlen, "%s: \"%s\" must be a list of keys", s->urn, sets[k].name);
		if (seed_list(a, x, "hosting_countries", ',', &s->t.hosting_countries) ||
		    seed_list(a, x, "subprocessors", '\n', &s->t.subprocessors))
			return seed_fail(err, errlen, "%s: countries and sub-processors must be lists of strings%s",
			    s->urn, NULL);
		if (catalogue_tool_check(a, &s->t, &e) && (m = tool_first_err(&e)) != NULL)
			return seed_fail(err, errlen, "%s: %s", s->urn, m);
		if (s->t.source_url && !catalogue_url_valid(s->t.source_url))
			return seed_fail(err, errlen, "%s: %s", s->urn, "\"source_url\" must be an http(s) address");
		for (int k = 0; s->vendor_urn && k < *nv; k++)
			found |= strcmp((*vs)[k].urn, s->vendor_urn) == 0;
		if (s->vendor_urn && !found)
			return seed_fail(err, errlen, "%s: vendor %s is not in the file", s->urn, s->vendor_urn);
		for (size_t k = 0; k < i; k++)
			if (strcmp((*ts)[k].urn, s->urn) == 0)
				return seed_fail(err, errlen, "%s: listed twice%s", s->urn, NULL);
	}
	return 0;
}

/* Three-way merge of one record's facts (see above). Returns the facts to
 * write (new reference); *changed says whether they differ from cur. */
static json_t *
seed_merge(json_t *cur, json_t *old, json_t *nw, int *changed)
{
	json_t *out = json_deep_copy(cur), *v;
	const char *k;

	*changed = 0;
	json_object_foreach(nw, k, v) {
		json_t *c = json_object_get(cur, k), *o = old ? json_object_get(old, k) : NULL;
		int take;
		if (c == NULL)
			c = json_null();
		if (old && o)
			take = json_equal(c, o);
		else
			take = json_is_null(c) || (json_is_string(c) && *json_string_value(c) == '\0');
		if (take && !json_equal(c, v)) {
			json_object_set(out, k, v);
			*changed = 1;
		}
	}
	return out;
}

static json_t *
seed_vendor_facts(const struct vendor *v)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "name", jstr(v->name), "orgnr", jstr(v->orgnr),
	    "country", jstr(v->country), "website", jstr(v->website), "contact", jstr(v->contact));
}

/* Vendor by URN (or the vendor's id when it has no URN), as the tool's
 * "vendor" fact. */
static json_t *
vendor_ref(struct db *db, struct arena *a, int64_t vendor_id)
{
	struct vendor v;

	if (vendor_id <= 0)
		return json_null();
	if (vendor_get(db, a, vendor_id, &v) != 1)
		return NULL;
	return v.urn ? json_string(v.urn) : json_integer(vendor_id);
}

static json_t *
seed_tool_facts(const struct tool *t, json_t *vendor)
{
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "name", jstr(t->name), "vendor", vendor, "category", jstr(t->category),
	    "description", jstr(t->description), "website", jstr(t->website),
	    "universe", jstr(t->universe), "hosting_countries", jstr(t->hosting_countries),
	    "subprocessors", jstr(t->subprocessors), "source_url", jstr(t->source_url));

	for (int s = 0; o && s < CS__COUNT; s++)
		json_object_set_new(o, sets[s].name, jstr(t->sets[s]));
	return o;
}

static const char *
jget(struct arena *a, json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? arena_strdup(a, s) : NULL;
}

static char *
dumps(struct arena *a, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS), *r;

	r = s ? arena_strdup(a, s) : NULL;
	free(s);
	return r;
}

/* 1 found (id, seed_json in *old), 0 none, -1 error. */
static int
seed_find(struct db *db, const char *sql, const char *arg, int64_t *id, json_t **old)
{
	int rc;
	struct db_stmt *st = db_query(db, sql, &rc, "s", arg);

	*old = NULL;
	if (rc == 1) {
		*id = db_col_int(st, 0);
		if (db_col_text(st, 1))
			*old = json_loads(db_col_text(st, 1), 0, NULL);
	}
	if (st)
		db_reset(st);
	return rc;
}

static int
seed_vendor_upsert(struct db *db, struct arena *a, struct seed_vendor *s, int64_t now, int *changed)
{
	json_t *nw = seed_vendor_facts(&s->v), *old = NULL, *cur, *m;
	const char *fold = catalogue_casefold(a, s->v.name);
	struct vendor v;
	int rc, ch = 0;

	rc = seed_find(db, "SELECT id, seed_json FROM vendors WHERE urn = ?", s->urn, &s->id, &old);
	if (rc == 0) {
		rc = seed_find(db, "SELECT id, seed_json FROM vendors WHERE name_fold = ? AND urn IS NULL"
		    " ORDER BY id", fold, &s->id, &old);
		json_decref(old);
		old = NULL;
	}
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		struct db_stmt *st = db_query(db, "INSERT INTO vendors (name, name_fold, orgnr, country,"
		    " website, contact, urn, seed_json, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &rc, "ssssssssii",
		    s->v.name, fold, s->v.orgnr, s->v.country, s->v.website, s->v.contact, s->urn,
		    dumps(a, nw), now, now);
		if (rc == 1)
			s->id = db_col_int(st, 0);
		while (rc == 1)
			rc = db_step(st);
		if (st)
			db_reset(st);
		if (rc < 0 || audit_json(db, 0, 0, "vendor.seed", "vendor", s->id,
		    json_pack("{s:s, s:O}", "urn", s->urn, "created", nw), now))
			goto fail;
		(*changed)++;
		json_decref(nw);
		return 0;
	}
	if (vendor_get(db, a, s->id, &v) != 1)
		goto fail;
	cur = seed_vendor_facts(&v);
	m = seed_merge(cur, old, nw, &ch);
	if (ch) {
		struct vendor w;
		const char *wf;
		int64_t dup;
		memset(&w, 0, sizeof(w));
		w.name = jget(a, m, "name");
		w.orgnr = jget(a, m, "orgnr");
		w.country = jget(a, m, "country");
		w.website = jget(a, m, "website");
		w.contact = jget(a, m, "contact");
		/* A name another vendor already has stays as it is. */
		if ((wf = catalogue_casefold(a, w.name)) == NULL || (dup = vendor_by_fold(db, wf, s->id)) < 0)
			goto fail2;
		if (dup) {
			w.name = v.name;
			wf = catalogue_casefold(a, v.name);
		}
		if (db_run(db, "UPDATE vendors SET name = ?, name_fold = ?, orgnr = ?, country = ?,"
		    " website = ?, contact = ?, updated_at = ? WHERE id = ?", "ssssssii", w.name, wf,
		    w.orgnr, w.country, w.website, w.contact, now, s->id) < 0 ||
		    (strcmp(w.name, v.name) != 0 && vendor_retext(db, a, s->id)))
			goto fail2;
		{
			json_t *after = seed_vendor_facts(&w);
			int arc = audit_json(db, 0, 0, "vendor.seed", "vendor", s->id,
			    json_pack("{s:s, s:o}", "urn", s->urn, "changes", diff(cur, after)), now);
			json_decref(after);
			if (arc)
				goto fail2;
		}
		(*changed)++;
	}
	if (db_run(db, "UPDATE vendors SET urn = ?, seed_json = ? WHERE id = ?", "ssi", s->urn,
	    dumps(a, nw), s->id) < 0)
		goto fail2;
	json_decref(cur);
	json_decref(m);
	json_decref(old);
	json_decref(nw);
	return 0;
fail2:
	json_decref(cur);
	json_decref(m);
fail:
	json_decref(old);
	json_decref(nw);
	return -1;
}

/* A tool's facts back from a merged object. */
static int
facts_to_tool(struct db *db, struct arena *a, json_t *m, struct tool *t)
{
	json_t *vr = json_object_get(m, "vendor");
	struct tool_errs e;

	t->name = jget(a, m, "name");
	t->category = jget(a, m, "category");
	t->description = jget(a, m, "description");
	t->website = jget(a, m, "website");
	t->universe = jget(a, m, "universe");
	t->hosting_countries = jget(a, m, "hosting_countries");
	t->subprocessors = jget(a, m, "subprocessors");
	t->source_url = jget(a, m, "source_url");
	for (int s = 0; s < CS__COUNT; s++)
		t->sets[s] = jget(a, m, sets[s].name);
	t->vendor_id = 0;
	if (json_is_integer(vr))
		t->vendor_id = json_integer_value(vr);
	else if (json_is_string(vr)) {
		json_t *unused = NULL;
		if (seed_find(db, "SELECT id, seed_json FROM vendors WHERE urn = ?", json_string_value(vr),
		    &t->vendor_id, &unused) != 1)
			return -1;
		json_decref(unused);
	}
	return catalogue_tool_check(a, t, &e) ? -1 : 0;
}

static int
seed_tool_upsert(struct db *db, struct arena *a, struct seed_tool *s, int64_t now, int *changed)
{
	json_t *nw = seed_tool_facts(&s->t, s->vendor_urn ? json_string(s->vendor_urn) : json_null());
	json_t *old = NULL, *cur = NULL, *m = NULL, *vr;
	const char *fold = catalogue_casefold(a, s->t.name);
	struct tool t;
	int64_t id = 0;
	int rc, ch = 0;

	rc = seed_find(db, "SELECT id, seed_json FROM tools WHERE urn = ?", s->urn, &id, &old);
	if (rc == 0) {
		/* The editor may have entered the tool before the file had it. */
		rc = seed_find(db, "SELECT id, seed_json FROM tools WHERE name_fold = ? AND urn IS NULL"
		    " AND status = 'accepted' ORDER BY id", fold, &id, &old);
		json_decref(old);
		old = NULL;
	}
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		struct tool n = s->t;
		if (facts_to_tool(db, a, nw, &n))
			goto fail;
		n.urn = s->urn;
		if ((id = tool_insert(db, a, &n, "accepted", 0, now)) <= 0 ||
		    db_run(db, "UPDATE tools SET seed_json = ? WHERE id = ?", "si", dumps(a, nw), id) < 0 ||
		    audit_json(db, 0, 0, "tool.seed", "tool", id,
		    json_pack("{s:s, s:O}", "urn", s->urn, "created", nw), now))
			goto fail;
		(*changed)++;
		json_decref(nw);
		return 0;
	}
	if (catalogue_get(db, a, id, &t) != 1 || (vr = vendor_ref(db, a, t.vendor_id)) == NULL)
		goto fail;
	cur = seed_tool_facts(&t, vr);
	m = seed_merge(cur, old, nw, &ch);
	if (ch) {
		struct tool w = t;
		json_t *after;
		int arc;
		if (facts_to_tool(db, a, m, &w) || tool_write(db, a, id, &w, now))
			goto fail;
		after = seed_tool_facts(&w, vendor_ref(db, a, w.vendor_id));
		arc = audit_json(db, 0, 0, "tool.seed", "tool", id,
		    json_pack("{s:s, s:o}", "urn", s->urn, "changes", diff(cur, after)), now);
		json_decref(after);
		if (arc)
			goto fail;
		(*changed)++;
	}
	if (db_run(db, "UPDATE tools SET urn = ?, seed_json = ? WHERE id = ?", "ssi", s->urn,
	    dumps(a, nw), id) < 0)
		goto fail;
	json_decref(cur);
	json_decref(m);
	json_decref(old);
	json_decref(nw);
	return 0;
fail:
	json_decref(cur);
	json_decref(m);
	json_decref(old);
	json_decref(nw);
	return -1;
}

int
catalogue_load_seed_text(struct db *db, const char *text, size_t len, int64_t now,
    int *changed, char *err, int errlen)
{
	struct arena a;
	struct seed_vendor *vs;
	struct seed_tool *ts;
	json_error_t je;
	json_t *root;
	int nv = 0, nt = 0, rc = -1;

	*changed = 0;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, (size_t)errlen, "line %d: %s", je.line, je.text);
		return -1;
	}
	arena_init(&a, 256u << 20);
	if (seed_parse(&a, root, &vs, &nv, &ts, &nt, err, errlen))
		goto out;
	if (db_begin(db)) {
		snprintf(err, (size_t)errlen, "%s", db_errmsg(db));
		goto out;
	}
	for (int i = 0; i < nv; i++)
		if (seed_vendor_upsert(db, &a, &vs[i], now, changed)) {
			snprintf(err, (size_t)errlen, "%s: %s", vs[i].urn, db_errmsg(db));
			goto rollback;
		}
	for (int i = 0; i < nt; i++)
		if (seed_tool_upsert(db, &a, &ts[i], now, changed)) {
			snprintf(err, (size_t)errlen, "%s: %s", ts[i].urn, db_errmsg(db));
			goto rollback;
		}
	if (db_commit(db)) {
		snprintf(err, (size_t)errlen, "%s", db_errmsg(db));
		goto rollback;
	}
	rc = nt;
	goto out;
rollback:
	db_rollback(db);
	*changed = 0;
out:
	json_decref(root);
	arena_free(&a);
	return rc;
}

int
catalogue_load_seed(struct db *db, const char *path, int64_t now, char *err, int errlen)
{
	struct buf b;
	char sub[900];
	int rc, changed;

	buf_init(&b, 16u << 20, NULL);
	if (buf_load_file(&b, path)) {
		snprintf(err, (size_t)errlen, "%s: %s", path,
		    errno == EFBIG ? "too large" : "cannot open");
		buf_free(&b);
		return -1;
	}
	rc = catalogue_load_seed_text(db, b.p ? b.p : "", b.len, now, &changed, sub, sizeof(sub));
	buf_free(&b);
	if (rc < 0)
		snprintf(err, (size_t)errlen, "%s: %s (nothing loaded)", path, sub);
	return rc;
}
