/*
 * bench/gen.c - fills a database made by `skolesec demo` with a national-
 * scale data set for `make bench` (bench/run.sh, phase "national scale").
 *
 *   build/rel/bench-gen --db URL [--data DIR]
 *
 * Issue 3 sets its speed targets on this scale: the 372 real school owners
 * (357 municipalities and 15 counties, already loaded by init) get ~3,000
 * schools, the catalogue ~2,000 more tools from ~400 vendors, the
 * inventories ~150,000 rows, and a few hundred municipalities screenings,
 * to-dos and maturity rounds. Bergen (4601) gets what the dashboard target
 * names: 40 schools and 300 distinct tools.
 *
 * Everything generated is marked: schools are named "... (generert)",
 * organisation numbers are made up (valid MOD11, prefixes 96/97), tools and
 * vendors live on example.com and say "Generert testdata", maturity rounds
 * say so in their title. The run is deterministic (fixed PRNG seed).
 *
 * Speed (< 1 minute on both engines): one transaction, statements prepared
 * once through db.h. Vendors, tools, proposals, screenings and maturity
 * rounds go through the domain modules (so derived columns such as the
 * catalogue's search_text/name_fold/sort_key, the screening's to-dos and the
 * audit chains are exactly what the application writes); the 150,000
 * inventory rows are plain INSERTs of the columns inventory_create writes,
 * with set columns spelled by inv_keys_str, but without an audit event each
 * (150,000 hash-chained audit events would dominate the run and are not
 * read by any measured page).
 */
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "db/db.h"
#include "domain/catalogue.h"
#include "domain/inventory.h"
#include "domain/maturity.h"
#include "domain/org.h"
#include "domain/screening.h"
#include "domain/assessment.h"
#include "domain/search.h"
#include "domain/share.h"
#include "domain/authz.h"
#include "domain/template.h"
#include "domain/user.h"

#define N_SCHOOLS 3000		/* in all, demo schools included */
#define N_COUNTY_SCHOOLS 28	/* per county (videregående) */
#define N_VENDORS 400
#define N_TOOLS 2000
#define N_PROPOSALS 50
#define N_INVENTORY 150000
#define BERGEN_SCHOOLS 40
#define BERGEN_TOOLS 300
#define BERGEN_WIDE 30		/* of them used by the whole municipality */
#define N_SCREENED_ORGS 300	/* municipalities besides Bergen with screenings */
#define SCREENS_PER_ORG 10
#define N_MATURITY_ORGS 300
#define MARK "Generert testdata."

#define NA(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- deterministic randomness -------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static int
rint_(int n)		/* 0 .. n-1 */
{
	return n > 0 ? (int)(rnd() % (uint64_t)n) : 0;
}

static double
runit(void)		/* [0, 1) */
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* An index in 0..n-1 skewed towards 0: a few tools are used everywhere. */
static int
popular(int n, double skew)
{
	int i = (int)(n * pow(runit(), skew));
	return i < n ? i : n - 1;
}

static void
shuffle(int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = rint_(i + 1), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* Comma-separated random subset of a catalogue key list (each key with
 * probability p, at least one when atleast). */
static const char *
rand_keys(struct arena *a, enum cat_set s, double p, int atleast)
{
	int n;
	const struct cat_key *k = catalogue_set_keys(s, &n);
	char buf[512] = "";
	size_t len = 0;

	for (int i = 0; i < n; i++)
		if (runit() < p || (atleast && i == n - 1 && len == 0))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "," : "", k[i].key);
	return arena_strdup(a, buf);
}

static unsigned
rand_mask(enum cat_set s, double p)
{
	int n;
	unsigned m = 0;

	catalogue_set_keys(s, &n);
	for (int i = 0; i < n && i < 32; i++)
		if (runit() < p)
			m |= 1u << i;
	return m;
}

/* A made-up nine-digit organisation number with a valid MOD11 check
 * digit: prefix (two digits) and a sequence number. */
static void
fake_orgnr(int prefix, int seq, char out[10])
{
	static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };

	for (;; seq++) {
		int sum = 0, check;
		snprintf(out, 10, "%02d%06d", prefix, seq % 1000000);
		for (int i = 0; i < 8; i++)
			sum += (out[i] - '0') * w[i];
		check = (11 - sum % 11) % 11;
		if (check == 10)
			continue;
		out[8] = (char)('0' + check);
		out[9] = '\0';
		if (orgnr_valid(out))
			return;
	}
}

static void
die_db(struct db *db, const char *what)
{
	fprintf(stderr, "bench-gen: %s: %s\n", what, db_errmsg(db));
	db_rollback(db);
	exit(1);
}

static double t_start;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
phase(const char *what, long n)
{
	fprintf(stderr, "bench-gen: %-34s %7ld  (%.1f s)\n", what, n, now_s() - t_start);
}

/* ---- owners and schools ---------------------------------------------------- */

struct owner {
	int64_t id, parent;
	int county;		/* 1: county (videregående), 0: municipality */
	char number[8];
	int *schools, nschools;	/* indexes into the school arrays */
	int64_t *tools;		/* tools already in its inventory (demo rows) */
	int ntools;
};

static struct owner *own;
static int nown, bergen = -1;
static int64_t *school_id;
static int nschool;

static void
load_owners(struct db *db)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT id, kind, number, parent_id FROM orgs"
	    " WHERE kind IN ('municipality', 'county') ORDER BY id", &rc, "");

	own = calloc(400, sizeof(*own));
	while (rc == 1 && nown < 400) {
		struct owner *o = &own[nown];
		o->id = db_col_int(st, 0);
		o->county = strcmp(db_col_text(st, 1), "county") == 0;
		snprintf(o->number, sizeof(o->number), "%s", db_col_text(st, 2) ? db_col_text(st, 2) : "");
		o->parent = db_col_isnull(st, 3) ? 0 : db_col_int(st, 3);
		if (!o->county && strcmp(o->number, "4601") == 0)
			bergen = nown;
		nown++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading the organisations");
	if (nown != 372 || bergen < 0) {
		fprintf(stderr, "bench-gen: expected the 372 school owners of `skolesec demo` (found %d%s)\n",
		    nown, bergen < 0 ? ", no Bergen" : "");
		exit(1);
	}
}

static int
owner_of(int64_t org)
{
	for (int i = 0; i < nown; i++)
		if (own[i].id == org)
			return i;
	return -1;
}

static const char *const place_a[] = {
	"Nord", "Sør", "Øst", "Vest", "Høy", "Lille", "Store", "Ny", "Gamle", "Bakke",
	"Berg", "Strand", "Fjell", "Dal", "Li", "Vik", "Haug", "Eng", "Skog", "Sand",
	"Holm", "Myr", "Ås", "Bjørke", "Hægge",
};
static const char *const place_b[] = {
	"bø", "vik", "haugen", "dalen", "lia", "åsen", "moen", "tun", "nes", "sletta",
	"berg", "heim", "vang", "stad", "gård",
};

static void
gen_schools(struct db *db, int64_t now)
{
	int existing = 0, target, left, nmun = 0, *perm, *count = calloc((size_t)nown, sizeof(int));
	int seq = 0, made = 0;
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT org_id FROM schools", &rc, "");
	while (rc == 1) {
		int o = owner_of(db_col_int(st, 0));
		existing++;
		if (o >= 0)
			count[o]--;	/* count[] is what to add: start below zero */
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading the schools");
	/* Bergen: exactly BERGEN_SCHOOLS; counties: N_COUNTY_SCHOOLS each; every
	 * other municipality one, and the rest where a skewed draw falls (a
	 * few large municipalities, many small ones). */
	perm = calloc((size_t)nown, sizeof(int));
	target = N_SCHOOLS - existing;
	for (int i = 0; i < nown; i++) {
		int want = i == bergen ? BERGEN_SCHOOLS : own[i].county ? N_COUNTY_SCHOOLS : 1;
		count[i] += want;
		if (count[i] < 0)
			count[i] = 0;
		target -= count[i];
		if (!own[i].county && i != bergen)
			perm[nmun++] = i;
	}
	shuffle(perm, nmun);
	for (left = target; left > 0; left--)
		count[perm[popular(nmun, 2.0)]]++;
	for (int i = 0; i < nown; i++) {
		const char *kind = own[i].county ? "videregående skole" : "skole";
		for (int k = 0; k < count[i]; k++) {
			char nr[10], name[160], kn[8];
			/* A county's school lies in one of its municipalities. */
			snprintf(kn, sizeof(kn), "%s", own[i].number);
			if (own[i].county) {
				for (int tries = 0; tries < 2000; tries++) {
					int m = rint_(nown);
					if (own[m].parent == own[i].id) {
						snprintf(kn, sizeof(kn), "%s", own[m].number);
						break;
					}
				}
			}
			fake_orgnr(97, ++seq * 3, nr);
			snprintf(name, sizeof(name), "%s%s %s (generert)", place_a[rint_(NA(place_a))],
			    place_b[rint_(NA(place_b))], kind);
			if (db_insert(db, "INSERT INTO schools (org_id, orgnr, name, kommunenummer, pupils,"
			    " level, private, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 1, ?) RETURNING id",
			    "isssisi", own[i].id, nr, name, kn,
			    (int64_t)(own[i].county ? 200 + rint_(1000) : 40 + rint_(660)),
			    own[i].county ? "videregaende" : "grunnskole", now) <= 0)
				die_db(db, "inserting a school");
			made++;
		}
	}
	free(perm);
	free(count);
	/* Every school, by owner, for the inventory. */
	school_id = calloc(N_SCHOOLS + 1000, sizeof(int64_t));
	st = db_query(db, "SELECT id, org_id FROM schools ORDER BY org_id, id", &rc, "");
	while (rc == 1 && nschool < N_SCHOOLS + 1000) {
		int o = owner_of(db_col_int(st, 1));
		if (o >= 0) {
			struct owner *w = &own[o];
			if (w->schools == NULL)
				w->schools = calloc(256, sizeof(int));
			if (w->nschools < 256)
				w->schools[w->nschools++] = nschool;
		}
		school_id[nschool++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading the schools");
	phase("schools added", made);
}

/* ---- catalogue ------------------------------------------------------------- */

static const char *const vendor_a[] = {
	"Lær", "Skole", "Kunnskap", "Pedagogisk", "Digital", "Nordisk", "Fjord", "Nord",
	"Vest", "Øst", "Smart", "Kreativ", "Læremiddel", "Edu", "Klasse", "Elev", "Barne",
	"Ung", "Lys", "Bok",
};
static const char *const vendor_b[] = {
	"forlaget", "data", "tek", "verket", "partner", "huset", "media", "systemer",
	"læring", "software",
};
static const struct { const char *cc, *form; int weight; } vendor_cc[] = {
	{ "NO", "AS", 60 }, { "SE", "AB", 10 }, { "DK", "ApS", 5 }, { "FI", "Oy", 5 },
	{ "US", "Inc.", 8 }, { "GB", "Ltd", 4 }, { "IE", "Ltd", 3 }, { "NL", "B.V.", 3 },
	{ "DE", "GmbH", 2 },
};

static int64_t *vendors;
static int nvendors;

static void
gen_vendors(struct db *db, int64_t ks, int64_t now)
{
	struct arena a;

	vendors = calloc(N_VENDORS, sizeof(int64_t));
	arena_init(&a, 64u << 20);
	for (int i = 0; i < N_VENDORS; i++) {
		int w = rint_(100), c = 0;
		struct vendor v;
		struct vendor_errs e;
		char nr[10];
		int64_t id;

		while (w >= vendor_cc[c].weight)
			w -= vendor_cc[c++].weight;
		memset(&v, 0, sizeof(v));
		v.name = arena_printf(&a, "%s%s%s %s", vendor_a[i % NA(vendor_a)],
		    vendor_b[(i / NA(vendor_a)) % NA(vendor_b)], i >= 200 ? " Norden" : "", vendor_cc[c].form);
		v.country = vendor_cc[c].cc;
		if (strcmp(v.country, "NO") == 0) {
			fake_orgnr(96, i * 7 + 1, nr);
			v.orgnr = arena_strdup(&a, nr);
		}
		v.website = arena_printf(&a, "https://vendor%03d.example.com", i);
		v.contact = arena_printf(&a, "personvern@vendor%03d.example.com", i);
		id = vendor_create(db, &a, &v, &e, ks, 0, now);
		if (id < 0)
			die_db(db, "creating a vendor");
		if (id == 0) {
			fprintf(stderr, "bench-gen: vendor %s refused (%s)\n", v.name,
			    e.name ? e.name : e.orgnr ? e.orgnr : "?");
			exit(1);
		}
		vendors[nvendors++] = id;
	}
	arena_free(&a);
	phase("vendors added", nvendors);
}

static const char *const tool_a[] = {
	"Matte", "Lese", "Skrive", "Språk", "Kode", "Natur", "Musikk", "Kart", "Quiz", "Lær",
	"Elev", "Klasse", "Fag", "Geo", "Bio", "Kjemi", "Fysikk", "Historie", "Engelsk", "Tysk",
	"Fransk", "Spansk", "Samisk", "Norsk", "Tegne", "Film", "Foto", "Lyd", "Robot", "Data",
};
static const char *const tool_b[] = {
	"mester", "verksted", "boks", "portal", "studio", "lab", "torget", "hjelp", "trener",
	"reisen", "planet", "sjekk", "kompis", "lett", "pluss", "start", "huset", "skolen",
	"spill", "stien",
};
static const char *const tool_c[] = { "", " Junior", " Ung", " Pro" };
static const char *const subjects[] = {
	"matematikk", "lesing", "skriving", "engelsk", "naturfag", "samfunnsfag", "musikk",
	"kunst og håndverk", "programmering", "kroppsøving", "KRLE", "samisk", "norsk",
	"tysk", "spansk", "fransk",
};
static const char *const features[] = {
	"quiz", "video", "oppgaver med automatisk retting", "tilbakemelding fra lærer",
	"vurdering for læring", "lydbøker", "simuleringer", "spillbasert læring",
	"samarbeid i grupper", "digitale prøver", "tilpasset opplæring",
};
static const char *const stages[] = {
	"elever på barnetrinnet", "elever på ungdomstrinnet", "elever i videregående skole",
	"elever og lærere",
};
/* Words that occur in one or two descriptions only: the "rare word" search. */
static const char *const rare[] = {
	"runealfabet", "tidevannsmodell", "nordlysforskning", "fuglekasse", "vulkanologi",
	"fjellrev", "bølgekraft", "trollformel", "stjernekikkert", "saltkrystall",
	"reinsdyrflytting", "sildefiske", "vikingskip", "jordskjelv", "månefase",
	"breelv", "kobbergruve", "elgtråkk", "snøkrystall", "havstrøm",
};
static const char *const hosting[] = { "NO", "NO,SE", "IE", "IE,US", "DE", "NL,IE", "FI", "US" };
static const char *const subproc[] = {
	"", "Amazon Web Services EMEA SARL", "Microsoft Ireland Operations Ltd",
	"Google Cloud EMEA Ltd\nZendesk Inc.", "Hetzner Online GmbH",
};

/* A random tool's facts (name set by the caller). */
static void
rand_tool(struct arena *a, struct tool *t, int i)
{
	static const char *const cats[] = { "laeremiddel", "laeremiddel", "laeremiddel",
		"laeremiddel", "laeremiddel", "laeremiddel", "laeremiddel", "samhandling",
		"administrativt", "plattform" };
	static const char *const univ[] = { "standalone", "standalone", "standalone",
		"standalone", "standalone", "standalone", "google", "microsoft", "apple", "feide" };

	memset(t, 0, sizeof(*t));
	t->vendor_id = vendors[popular(nvendors, 1.6)];
	t->category = cats[rint_(NA(cats))];
	t->universe = univ[rint_(NA(univ))];
	t->description = arena_printf(a, "Digitalt læremiddel i %s for %s, med %s og %s.%s%s %s",
	    subjects[rint_(NA(subjects))], stages[rint_(NA(stages))], features[rint_(NA(features))],
	    features[rint_(NA(features))], i % 100 == 7 ? " Tema: " : "",
	    i % 100 == 7 ? rare[(i / 100) % NA(rare)] : "", MARK);
	t->website = arena_printf(a, "https://tool%04d.example.com", i);
	t->sets[CS_PLATFORMS] = rand_keys(a, CS_PLATFORMS, 0.5, 1);
	t->sets[CS_LOGINS] = rand_keys(a, CS_LOGINS, 0.4, 1);
	t->sets[CS_FEIDE] = rand_keys(a, CS_FEIDE, 0.35, 0);
	t->sets[CS_DATA] = rand_keys(a, CS_DATA, 0.25, 0);
	t->sets[CS_AGES] = rand_keys(a, CS_AGES, 0.5, 1);
	t->sets[CS_CERTS] = rand_keys(a, CS_CERTS, 0.15, 0);
	t->hosting_countries = hosting[rint_(NA(hosting))];
	t->subprocessors = subproc[rint_(NA(subproc))];
}

static void
gen_tools(struct db *db, int64_t ks, int64_t now)
{
	int npool = NA(tool_a) * NA(tool_b) * NA(tool_c), *pool = calloc((size_t)npool, sizeof(int));
	int made = 0, proposed = 0, p = 0;
	struct arena a;

	for (int i = 0; i < npool; i++)
		pool[i] = i;
	shuffle(pool, npool);
	arena_init(&a, 64u << 20);
	for (; p < npool && (made < N_TOOLS || proposed < N_PROPOSALS); p++) {
		int k = pool[p];
		struct tool t;
		struct tool_errs e;
		int64_t id;

		if (made % 256 == 255) {
			arena_free(&a);
			arena_init(&a, 64u << 20);
		}
		rand_tool(&a, &t, made + proposed);
		t.name = arena_printf(&a, "%s%s%s", tool_a[k % NA(tool_a)],
		    tool_b[(k / NA(tool_a)) % NA(tool_b)], tool_c[k / (NA(tool_a) * NA(tool_b))]);
		if (made < N_TOOLS) {
			id = catalogue_tool_create(db, &a, &t, &e, ks, 0, now);
			made += id > 0;
		} else {
			/* A municipality's proposal, visible to it only. */
			int o;
			do
				o = rint_(nown);
			while (own[o].county);
			id = catalogue_propose(db, &a, own[o].id, &t, NULL, &e, 0, now);
			proposed += id > 0;
		}
		if (id < 0)
			die_db(db, "creating a tool");
		/* id 0: the name is taken (a seed tool): the next name. */
	}
	arena_free(&a);
	free(pool);
	phase("tools added (accepted)", made);
	phase("tools proposed by municipalities", proposed);
}

/* ---- inventory --------------------------------------------------------------- */

static int64_t *tool_ids;	/* accepted tools, most popular first */
static int ntool;

struct inv_made {
	int64_t id;
	int owner;
	unsigned feide;
};
static struct inv_made *inv;
static int ninv;

static void
load_tools(struct db *db)
{
	int rc;
	/* Seed tools (real products, ids first) lead the popularity order. */
	struct db_stmt *st = db_query(db, "SELECT id FROM tools WHERE status = 'accepted' ORDER BY id",
	    &rc, "");

	tool_ids = calloc(N_TOOLS + 1000, sizeof(int64_t));
	while (rc == 1 && ntool < N_TOOLS + 1000) {
		tool_ids[ntool++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading the tools");
	/* Existing (demo) inventory rows: those tools are left out for their
	 * owner, so no generated row collides with one. */
	st = db_query(db, "SELECT org_id, tool_id FROM inventory", &rc, "");
	while (rc == 1) {
		int o = owner_of(db_col_int(st, 0));
		if (o >= 0) {
			struct owner *w = &own[o];
			if (w->tools == NULL)
				w->tools = calloc(64, sizeof(int64_t));
			if (w->ntools < 64)
				w->tools[w->ntools++] = db_col_int(st, 1);
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading the inventory");
}

static int
owner_has_tool(const struct owner *o, int64_t tool)
{
	for (int i = 0; i < o->ntools; i++)
		if (o->tools[i] == tool)
			return 1;
	return 0;
}

static const char *const purposes[] = {
	"Øving og repetisjon", "Lesetrening", "Innlevering og tilbakemelding",
	"Samarbeid i prosjekter", "Kommunikasjon med hjemmet", "Vurdering", "Programmering og koding",
	"Tilpasset opplæring", "Skriving og presentasjon", "",
};

static void
inv_insert(struct db *db, struct arena *a, int o, int64_t tool, int64_t school, int vgs,
    int64_t now)
{
	static const char *const grades_gs[] = { "1-4", "1-7", "5-7", "8-10", "1-10", "" };
	static const char *const grades_vgs[] = { "11-13", "11", "12,13", "" };
	struct db_stmt *st;
	double u = runit();
	const char *state = u < 0.88 ? "in_use" : u < 0.95 ? "trial" : "phasing_out";
	unsigned data = rand_mask(CS_DATA, 0.25), feide = rand_mask(CS_FEIDE, 0.3);
	int rc;

	st = db_prepare(db, "INSERT INTO inventory (tool_id, school_id, grades, pupils, purpose,"
	    " data_categories, feide_attributes, responsible, since, state, has_ros, has_dpia,"
	    " has_dba, public, usage_rules, org_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (st == NULL)
		die_db(db, "preparing the inventory insert");
	db_bind_int(st, 1, tool);
	if (school > 0)
		db_bind_int(st, 2, school);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, vgs ? grades_vgs[rint_(NA(grades_vgs))] : grades_gs[rint_(NA(grades_gs))]);
	if (rint_(5))
		db_bind_int(st, 4, 20 + rint_(school > 0 ? 400 : 4000));
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, purposes[rint_(NA(purposes))]);
	db_bind_text(st, 6, inv_keys_str(a, CS_DATA, data));
	db_bind_text(st, 7, inv_keys_str(a, CS_FEIDE, feide));
	db_bind_text(st, 8, school > 0 ? "Rektor" : "Digitaliseringsrådgiver");
	db_bind_text(st, 9, arena_printf(a, "20%02d-%02d-%02d", 14 + rint_(11), 1 + rint_(12), 1 + rint_(28)));
	db_bind_text(st, 10, state);
	db_bind_int(st, 11, runit() < 0.6);
	db_bind_int(st, 12, runit() < 0.3);
	db_bind_int(st, 13, runit() < 0.7);
	db_bind_int(st, 14, runit() < 0.4);
	db_bind_text(st, 15, "");
	db_bind_int(st, 16, own[o].id);
	db_bind_int(st, 17, now);
	db_bind_int(st, 18, now);
	rc = db_step(st);
	if (rc == 1) {
		inv[ninv].id = db_col_int(st, 0);
		inv[ninv].owner = o;
		inv[ninv].feide = feide;
		ninv++;
	}
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	if (rc < 0)
		die_db(db, "inserting an inventory row");
}

/* Picks n distinct tools (indexes into tool_ids) by popularity from the
 * first `from` tools, skipping the owner's existing ones. */
static int
pick_tools(int o, int from, int n, int *out, unsigned char *seen)
{
	int k = 0;

	memset(seen, 0, (size_t)ntool);
	for (int tries = 0; k < n && tries < n * 50; tries++) {
		int t = popular(from, 2.2);
		if (seen[t] || owner_has_tool(&own[o], tool_ids[t]))
			continue;
		seen[t] = 1;
		out[k++] = t;
	}
	return k;
}

static void
gen_inventory(struct db *db, int64_t now)
{
	unsigned char *seen = calloc((size_t)ntool, 1);
	int *pick = calloc((size_t)ntool, sizeof(int)), nb, nother = 0, per_school;
	struct owner *b = &own[bergen];
	struct arena a;

	inv = calloc(N_INVENTORY + 20000, sizeof(*inv));
	arena_init(&a, 64u << 20);
	/* Bergen: 300 distinct tools (demo rows included), 30 for the whole
	 * municipality, each of the rest at one school at least and then
	 * about 60 per school. */
	nb = pick_tools(bergen, ntool, BERGEN_TOOLS - b->ntools, pick, seen);
	for (int i = 0; i < nb; i++) {
		if (i < BERGEN_WIDE) {
			inv_insert(db, &a, bergen, tool_ids[pick[i]], 0, 0, now);
			continue;
		}
		inv_insert(db, &a, bergen, tool_ids[pick[i]], school_id[b->schools[i % b->nschools]], 0, now);
	}
	for (int s = 0; s < b->nschools; s++) {
		memset(seen, 0, (size_t)ntool);
		for (int i = BERGEN_WIDE; i < nb; i++)
			if (i % b->nschools == s)
				seen[i] = 1;	/* placed above */
		for (int k = 0, tries = 0; k < 55 && tries < 5000; tries++) {
			int i = BERGEN_WIDE + popular(nb - BERGEN_WIDE, 1.8);
			if (seen[i])
				continue;
			seen[i] = 1;
			inv_insert(db, &a, bergen, tool_ids[pick[i]], school_id[b->schools[s]], 0, now);
			k++;
		}
	}
	phase("inventory rows in Bergen", ninv);
	/* Everyone else: ~12 rows for the whole organisation and, per school,
	 * enough to reach N_INVENTORY in all. */
	for (int o = 0; o < nown; o++)
		if (o != bergen)
			nother += own[o].nschools;
	per_school = (N_INVENTORY - ninv - (nown - 1) * 12 + nother / 2) / (nother ? nother : 1);
	for (int o = 0; o < nown; o++) {
		int n;
		if (o == bergen)
			continue;
		n = pick_tools(o, ntool, 6 + rint_(13), pick, seen);
		for (int i = 0; i < n; i++)
			inv_insert(db, &a, o, tool_ids[pick[i]], 0, own[o].county, now);
		for (int s = 0; s < own[o].nschools; s++) {
			n = pick_tools(o, ntool, per_school - 15 + rint_(31), pick, seen);
			for (int i = 0; i < n; i++)
				inv_insert(db, &a, o, tool_ids[pick[i]], school_id[own[o].schools[s]],
				    own[o].county, now);
		}
		if (o % 32 == 31) {
			arena_free(&a);
			arena_init(&a, 64u << 20);
		}
	}
	arena_free(&a);
	free(seen);
	free(pick);
	phase("inventory rows in all (generated)", ninv);
}

/* ---- screenings (and so to-dos) ------------------------------------------------ */

#define B(x) (1u << (x))
static const unsigned answer_sets[] = {
	0,
	B(SQ_PERSONAL) | B(SQ_PUPILS) | B(SQ_PROCESSOR),
	B(SQ_PERSONAL) | B(SQ_PUPILS) | B(SQ_PROCESSOR) | B(SQ_EVALUATION),
	B(SQ_PERSONAL) | B(SQ_PUPILS) | B(SQ_PROCESSOR) | B(SQ_OUTSIDE_EEA),
	B(SQ_PERSONAL) | B(SQ_PUPILS) | B(SQ_PROCESSOR) | B(SQ_MONITORING) | B(SQ_LARGE_SCALE),
	B(SQ_PERSONAL) | B(SQ_PUPILS) | B(SQ_PARENTS) | B(SQ_PROCESSOR) | B(SQ_SPECIAL) |
	    B(SQ_PUPIL_EVALUATION),
	B(SQ_PERSONAL) | B(SQ_STAFF) | B(SQ_PROCESSOR) | B(SQ_MONITORING_STAFF),
};

static void
screen(struct db *db, struct arena *a, const struct inv_made *m, int64_t now)
{
	struct screening_in in = { answer_sets[rint_(NA(answer_sets))], m->feide };
	struct screening_out out;

	screening_evaluate(&in, &out);
	if (screening_save(db, a, own[m->owner].id, m->id, &in, &out, 0, now) <= 0)
		die_db(db, "saving a screening");
}

static void
gen_screenings(struct db *db, int64_t now)
{
	int *perm = calloc((size_t)nown, sizeof(int)), nm = 0, done = 0, orgs = 0;
	int *first = calloc((size_t)nown + 1, sizeof(int));
	struct arena a;

	/* Rows were made owner by owner: first[o] .. the next owner's start. */
	for (int i = 0; i <= nown; i++)
		first[i] = -1;
	for (int i = ninv - 1; i >= 0; i--)
		first[inv[i].owner] = i;
	arena_init(&a, 256u << 20);
	/* Bergen: about 45 % of its rows screened. */
	for (int i = first[bergen]; i >= 0 && i < ninv && inv[i].owner == bergen; i++)
		if (runit() < 0.45) {
			screen(db, &a, &inv[i], now - rint_(400) * 86400);
			done++;
		}
	for (int o = 0; o < nown; o++)
		if (!own[o].county && o != bergen && first[o] >= 0)
			perm[nm++] = o;
	shuffle(perm, nm);
	for (int k = 0; k < nm && k < N_SCREENED_ORGS; k++) {
		int o = perm[k], end = first[o];
		while (end < ninv && inv[end].owner == o)
			end++;
		for (int j = 0; j < SCREENS_PER_ORG && end > first[o]; j++) {
			screen(db, &a, &inv[first[o] + rint_(end - first[o])], now - rint_(400) * 86400);
			done++;
		}
		orgs++;
		if (k % 32 == 31) {
			arena_free(&a);
			arena_init(&a, 256u << 20);
		}
	}
	arena_free(&a);
	free(perm);
	free(first);
	phase("screenings saved (with to-dos)", done);
	phase("  in municipalities", orgs + 1);
}

/* ---- maturity rounds --------------------------------------------------------------- */

static int
one_round(struct db *db, struct arena *a, const struct mat_set *set, int o, int year, int base,
    int close)
{
	static struct mat_answer ans[MAT_MAX_QUESTIONS];
	int64_t start = ((int64_t)(year - 1970) * 36525 / 100 + 243) * 86400;	/* ~1 September */
	const char *title = arena_printf(a, "Egenvurdering %d (generert for ytelsestest)", year);
	int64_t id = maturity_round_create(db, own[o].id, set, title, 0, start);
	int n = 0;

	if (id < 0)
		die_db(db, "starting a maturity round");
	if (id == 0)
		return 0;
	for (int q = 0; q < set->nq; q++) {
		if (rint_(29) == 0 || (!close && rint_(2)))
			continue;	/* unanswered */
		ans[n].question_urn = set->q[q].urn;
		ans[n].not_relevant = rint_(23) == 0;
		ans[n].level = ans[n].not_relevant ? -1 : base + rint_(3) - 1;
		if (ans[n].level > 5)
			ans[n].level = 5;
		if (ans[n].level < -1 || (!ans[n].not_relevant && ans[n].level < 0))
			ans[n].level = 0;
		ans[n].comment = "";
		ans[n].evidence = rint_(10) == 0 ? "https://intranett.example.com/rutine" : "";
		n++;
	}
	if (maturity_answers_save(db, a, own[o].id, id, ans, n, "bench", 0, start + 86400))
		die_db(db, "saving maturity answers");
	if (close && maturity_round_close(db, own[o].id, id, 0, start + 40 * 86400))
		die_db(db, "closing a maturity round");
	return 1;
}

static void
gen_maturity(struct db *db, const char *data_dir)
{
	char err[512];
	const struct mat_set *set;
	int *perm = calloc((size_t)nown, sizeof(int)), nm = 0, rounds = 0, orgs = 0;
	unsigned char *has = calloc((size_t)nown, 1);
	struct db_stmt *st;
	struct arena a;
	int rc;

	if (maturity_init(data_dir, err, sizeof(err))) {
		fprintf(stderr, "bench-gen: %s\n", err);
		exit(1);
	}
	set = maturity_current();
	st = db_query(db, "SELECT DISTINCT org_id FROM maturity_rounds", &rc, "");
	while (rc == 1) {
		int o = owner_of(db_col_int(st, 0));
		if (o >= 0)
			has[o] = 1;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading maturity rounds");
	for (int o = 0; o < nown; o++)
		if (!own[o].county && !has[o])
			perm[nm++] = o;
	shuffle(perm, nm);
	arena_init(&a, 64u << 20);
	for (int k = 0; k < nm && k < N_MATURITY_ORGS; k++) {
		int o = perm[k], base = 1 + rint_(4);
		/* A third have an earlier round, a tenth an open one after. */
		if (rint_(3) == 0)
			rounds += one_round(db, &a, set, o, 2023, base > 1 ? base - 1 : base, 1);
		rounds += one_round(db, &a, set, o, 2024, base, 1);
		if (rint_(10) == 0)
			rounds += one_round(db, &a, set, o, 2025, base, 0);
		orgs++;
	}
	arena_free(&a);
	free(perm);
	free(has);
	phase("maturity rounds", rounds);
	phase("  in municipalities", orgs);
}

/* ---- an advisory programme cohort (issue 7) ------------------------------------- */

/* The demo programme of Digi Vestland grows to N_COHORT participants, each
 * with a consent (so the adviser dashboard computes every figure) and a
 * programme task, a third of them overdue. Municipalities with maturity
 * rounds come first, so scores and changes are there to compute. Plain
 * INSERTs without audit events: no measured page reads those. */
#define N_COHORT 40

static void
gen_cohort(struct db *db, int64_t now)
{
	struct db_stmt *st;
	int64_t prog = 0, orgs[N_COHORT];
	int rc, have = 0, n = 0;
	char due[16];

	st = db_query(db, "SELECT id FROM programmes ORDER BY id LIMIT 1", &rc, "");
	if (rc == 1)
		prog = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "reading programmes");
	if (prog == 0) {
		phase("cohort: no demo programme, none made", 0);
		return;
	}
	st = db_query(db, "SELECT COUNT(*) FROM programme_participants WHERE programme_id = ?", &rc,
	    "i", prog);
	if (rc == 1)
		have = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	st = db_query(db, "SELECT o.id FROM orgs o WHERE o.kind = 'municipality'"
	    " AND o.id NOT IN (SELECT org_id FROM programme_participants WHERE programme_id = ?)"
	    " ORDER BY (SELECT COUNT(*) FROM maturity_rounds r WHERE r.org_id = o.id) DESC, o.id",
	    &rc, "i", prog);
	while (rc == 1 && n < N_COHORT - have) {
		orgs[n++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		die_db(db, "choosing the cohort");
	{
		time_t t = (time_t)(now - 30 * 86400);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(due, sizeof(due), "%Y-%m-%d", &tm);
	}
	for (int i = 0; i < n; i++) {
		if (db_run(db, "INSERT INTO programme_participants (programme_id, org_id, phase, joined_at)"
		    " VALUES (?, ?, ?, ?)", "iiii", prog, orgs[i], (int64_t)(1 + rint_(5)), now) < 0 ||
		    db_run(db, "INSERT INTO programme_consents (programme_id, org_id, granted_at)"
		    " VALUES (?, ?, ?)", "iii", prog, orgs[i], now) < 0 ||
		    db_run(db, "INSERT INTO programme_tasks (programme_id, org_id, title, due_on, created_at)"
		    " VALUES (?, ?, 'Oppgave mellom samlingene (generert)', ?, ?)", "iisi", prog, orgs[i],
		    rint_(3) == 0 ? due : "2099-01-01", now) < 0)
			die_db(db, "adding a cohort participant");
	}
	phase("programme cohort (participants)", have + n);
}

/* ---- issue 6: Bergen's action plan and risks ------------------------------------ */

/* The PDF report target names 300 tools and 500 measures: Bergen already
 * has the tools; here it gets 500 measures (a quarter overdue) and a ROS
 * over 30 of its tools with 60 risks, so the report's risk and overdue
 * sections are full. Plain INSERTs without audit events, like the cohort. */
#define N_MEASURES 500
#define N_RISKS 60

static void
gen_plan(struct db *db, int64_t now)
{
	static const char *const statuses[] = { "not_started", "in_progress", "done", "postponed" };
	static const char *const owners[] = { "IKT-rådgiver", "Oppvekstsjef", "Personvernombud",
		"Rektor Nordnes", "Rektor Åstveit", "Skolefaglig rådgiver", "Innkjøp", "IKT-drift" };
	const struct owner *o = &own[bergen];
	int64_t ros;
	char title[160], data[200], uid[16];

	ros = db_insert(db, "INSERT INTO assessments (org_id, kind, title, template_urn, template_version,"
	    " status, created_at, updated_at) VALUES (?, 'ros', 'ROS skoleverktøy (generert)',"
	    " 'urn:skolesec:template:ros:school-tools', 1, 'approved', ?, ?) RETURNING id", "iii",
	    o->id, now, now);
	if (ros <= 0)
		die_db(db, "adding the bench ROS");
	for (int i = 0; i < o->ntools && i < 30; i++)
		if (db_run(db, "INSERT INTO assessment_tools (assessment_id, tool_id) VALUES (?, ?)", "ii",
		    ros, o->tools[i]) < 0)
			die_db(db, "covering a tool");
	for (int i = 0; i < N_RISKS; i++) {
		snprintf(uid, sizeof(uid), "r%d", i + 1);
		snprintf(data, sizeof(data), "{\"title\": \"Risiko %d for elevdata (generert)\"}", i + 1);
		if (db_run(db, "INSERT INTO assessment_items (assessment_id, uid, kind, position, data,"
		    " likelihood, consequence, res_likelihood, res_consequence, updated_at)"
		    " VALUES (?, ?, 'risk', ?, ?, ?, ?, ?, ?, ?)", "isisiiiii", ros, uid, (int64_t)i, data,
		    (int64_t)(1 + rint_(5)), (int64_t)(1 + rint_(5)), (int64_t)(1 + rint_(5)),
		    (int64_t)(1 + rint_(5)), now) < 0)
			die_db(db, "adding a risk");
	}
	for (int i = 0; i < N_MEASURES; i++) {
		char due[16];
		int overdue = i % 4 == 0;
		snprintf(title, sizeof(title), "Tiltak %d: rutine for personvern i skolen (generert)", i + 1);
		snprintf(due, sizeof(due), "%d-%02d-%02d", overdue ? 2024 : 2031, 1 + i % 12, 1 + i % 28);
		if (db_run(db, "INSERT INTO plan_measures (org_id, title, source, owner, due_date,"
		    " priority, status, effort, created_at, updated_at) VALUES (?, ?, 'free', ?, ?, ?, ?,"
		    " 'medium', ?, ?)", "isssisii", o->id, title, owners[i % 8], due, (int64_t)(1 + i % 3),
		    overdue ? statuses[i % 2] : statuses[rint_(4)], now, now) < 0)
			die_db(db, "adding a measure");
	}
	phase("action plan (measures) and risks for Bergen", N_MEASURES + N_RISKS);
}

/* ---- issue 4: a ROS with 200 risks in two approved versions -------------------- */

/* The speed targets name an assessment with 200 risks (its view) and the
 * comparison of two 200-item versions. Made through the domain module, as
 * the application makes it (canonical item data, audit events, snapshots):
 * 200 risks from the catalogue's events, approved as version 1; then a
 * revision changes 20 risks, adds 5 and deletes 5, approved as version 2. */
#define N_ASSESS_RISKS 200

static struct principal *
who(struct db *db, struct arena *a, const char *email)
{
	int64_t id = user_find(db, email);
	struct principal *p = id > 0 ? principal_load(db, a, id) : NULL;

	if (p == NULL)
		die_db(db, email);
	return p;
}

static void
move(struct db *db, struct arena *a, const struct principal *p, int64_t org, int64_t id,
    const char *to)
{
	const char *err;

	if (assessment_transition(db, a, p, org, id, to, "", &err)) {
		fprintf(stderr, "bench-gen: assessment step to %s: %s\n", to, err);
		exit(1);
	}
}

static void
gen_assessment(struct db *db, const char *data_dir)
{
	const struct owner *o = &own[bergen];
	struct principal *admin, *adviser, *dpo;
	struct assessment h;
	const struct tmpl *t;
	struct arena a;
	const char *err, *uids[N_ASSESS_RISKS];
	char dir[4200], data[1024];
	int64_t id;
	int nt = o->ntools < 10 ? o->ntools : 10;

	snprintf(dir, sizeof(dir), "%s/templates", data_dir);
	if (templates_load(dir, data, sizeof(data)) || (t = template_current("ros")) == NULL) {
		fprintf(stderr, "bench-gen: %s\n", data);
		exit(1);
	}
	arena_init(&a, 256u << 20);
	admin = who(db, &a, "admin@bergen.demo");
	adviser = who(db, &a, "radgiver@bergen.demo");
	dpo = who(db, &a, "pvo@bergen.demo");
	memset(&h, 0, sizeof(h));
	h.org_id = o->id;
	h.kind = "ros";
	h.title = "ROS med 200 risikoer (generert)";	/* bench/run.sh finds it by this title */
	h.scope = "Generert testdata.";
	h.tools = o->tools;
	h.ntools = nt;
	if ((id = assessment_create(db, &a, adviser->user_id, &h, &err)) <= 0) {
		fprintf(stderr, "bench-gen: assessment: %s\n", err);
		exit(1);
	}
	for (int i = 0; i < N_ASSESS_RISKS; i++) {
		const struct tevent *ev = &t->events[i % t->nevents];
		snprintf(data, sizeof(data), "{\"title\":\"%s (%d)\",\"event\":\"%s\",\"property\":[\"c\"],"
		    "\"likelihood\":%d,\"consequence\":%d,\"res_likelihood\":%d,\"res_consequence\":%d,"
		    "\"measures\":\"Tiltak %d (generert)\",\"owner\":\"IKT-rådgiver\"}",
		    ev->title.nb, i + 1, ev->uid, 1 + rint_(5), 1 + rint_(5), 1 + rint_(3), 1 + rint_(3), i + 1);
		if ((uids[i] = assessment_item_add(db, &a, adviser, o->id, id, "risk", "risks", data,
		    &err)) == NULL) {
			fprintf(stderr, "bench-gen: risk: %s\n", err);
			exit(1);
		}
	}
	move(db, &a, adviser, o->id, id, "dpo_advice");
	move(db, &a, dpo, o->id, id, "approval");
	move(db, &a, admin, o->id, id, "approved");
	move(db, &a, adviser, o->id, id, "draft");
	for (int i = 0; i < 20; i++) {
		snprintf(data, sizeof(data), "{\"title\":\"Endret risiko %d (generert)\",\"likelihood\":%d,"
		    "\"consequence\":%d}", i, 1 + rint_(5), 1 + rint_(5));
		if (assessment_item_save(db, &a, adviser, o->id, id, uids[i * 10], data, &err) ||
		    assessment_item_delete(db, &a, adviser, o->id, id, uids[i * 10 + 1 + (i % 2)], &err))
			goto fail;
		if (i < 5 && assessment_item_add(db, &a, adviser, o->id, id, "risk", "risks",
		    "{\"title\":\"Ny risiko (generert)\",\"likelihood\":2,\"consequence\":2}", &err) == NULL)
			goto fail;
	}
	move(db, &a, adviser, o->id, id, "dpo_advice");
	move(db, &a, dpo, o->id, id, "approval");
	move(db, &a, admin, o->id, id, "approved");
	arena_free(&a);
	phase("assessment with 200 risks, 2 versions", N_ASSESS_RISKS);
	return;
fail:
	fprintf(stderr, "bench-gen: revision: %s\n", err);
	exit(1);
}

/* ---- issue 5: 20,000 published assessments and a 200-item update ------------ */

/* The speed targets name a search over 20,000 published assessments and the
 * update view of a 200-item adopted assessment. The publications are rows
 * with a small snapshot and an indexed text drawn from a word list (so a
 * common word matches thousands and a rare one a handful); their owners are
 * spread over all organisations, a fifth to a network. The update: Nordre
 * Follo publishes a 200-risk ROS as version 1 and a version 2 that changes
 * 20 risks, adds 5 and removes 5; Bergen's adopted copy has changed 10
 * risks, 5 of them also changed upstream (conflicts). */
#define N_PUBS 20000

static const char *const pub_words[] = {
	"personvern", "elever", "informasjonssikkerhet", "skytjeneste", "innlogging", "Feide",
	"lagring", "overføring", "tredjeland", "leverandør", "databehandler", "samtykke",
	"foresatte", "lærer", "klasserom", "vurdering", "risiko", "tilgang", "sletting",
	"logg", "avvik", "kryptering", "matematikk", "lesing", "skriving", "quiz", "video",
	"opptak", "chat", "deling", "lenker", "profil", "analyse", "annonser", "sporing",
	"nettleser", "nettbrett", "Chromebook", "iPad", "Windows", "barnetrinn", "ungdomstrinn",
};

static char *
risk_items(struct arena *a, int n, int change_from, int change_n, const char *tag, int add)
{
	struct as_item *it = arena_alloc(a, sizeof(*it) * (size_t)(n + add));
	struct assessment h;
	int64_t tool = 0;

	memset(&h, 0, sizeof(h));
	h.kind = "ros";
	h.title = "Delt ROS, 200 risikoer (generert)";
	h.template_urn = "urn:skolesec:template:ros:school-tools";
	h.template_version = 1;
	h.status = "approved";
	h.tools = &tool;
	for (int i = 0; i < n + add; i++) {
		int k = i < n ? i : 1000 + i;
		int changed = i >= change_from && i < change_from + change_n;
		it[i].uid = arena_printf(a, "risk-%016x", (unsigned)k * 2654435761u);
		it[i].kind = "risk";
		it[i].section = "risks";
		it[i].position = i + 1;
		it[i].l = 1 + k % 5;
		it[i].c = 1 + (k / 5) % 5;
		it[i].data = arena_printf(a, "{\"consequence\":%d,\"likelihood\":%d,\"title\":\"Risiko %d%s\"}",
		    it[i].c, it[i].l, k, changed ? tag : "");
	}
	return assessment_snapshot(a, &h, it, n + add);
}

static void
gen_sharing(struct db *db, int64_t now)
{
	static const char *const kinds[] = { "ros", "dpia", "dba" };
	int nw = (int)(sizeof(pub_words) / sizeof(pub_words[0]));
	int64_t nf = org_find(db, "municipality", "3207"), net, src, v1, v2, copy;
	struct arena a;
	const char *snap;
	struct as_item *ours;
	struct assessment h;
	int nours;
	char title[200], body[600];

	arena_init(&a, 256u << 20);
	net = db_insert(db, "INSERT INTO share_networks (owner_org_id, name, created_at)"
	    " VALUES (?, 'Nettverk (generert)', ?) RETURNING id", "ii", own[bergen].id, now);
	if (nf <= 0 || net <= 0 || db_run(db, "INSERT INTO share_network_members (network_id, org_id)"
	    " VALUES (?, ?)", "ii", net, own[bergen].id) < 0)
		die_db(db, "a network");
	snap = risk_items(&a, 3, 0, 0, "", 0);
	for (int i = 0; i < N_PUBS; i++) {
		const struct owner *o = &own[rint_(nown)];
		int64_t id;
		int n = 0;
		snprintf(title, sizeof(title), "%s %s og %s %d (generert)", i % 3 == 0 ? "ROS" : i % 3 == 1 ? "DPIA" : "DBA",
		    pub_words[rint_(nw)], pub_words[rint_(nw)], i);
		for (int w = 0; w < 30; w++)
			n += snprintf(body + n, sizeof(body) - (size_t)n, "%s ", pub_words[rint_(nw)]);
		if (i % 2 == 0)
			n += snprintf(body + n, sizeof(body) - (size_t)n, "personvern ");
		if (i % 5000 == 7)
			snprintf(body + n, sizeof(body) - (size_t)n, "runealfabet");
		id = db_insert(db, "INSERT INTO share_pubs (org_id, source_version, pub_version, kind, title,"
		    " template_urn, template_version, scope, network_id, snapshot, published_at)"
		    " VALUES (?, 1, 1, ?, ?, 'urn:skolesec:template:ros:school-tools', 1, ?, NULLIF(?, 0), ?, ?)"
		    " RETURNING id", "isssisi", o->id, kinds[i % 3], title, i % 5 == 0 ? "network" : "national",
		    i % 5 == 0 ? net : (int64_t)0, snap, now - i);
		if (id <= 0 || search_put(db, SD_PUB, id, title, body))
			die_db(db, "a publication");
		if (i % 4 == 0 && ntool && db_run(db, "INSERT INTO share_pub_tools (pub_id, tool_id) VALUES (?, ?)",
		    "ii", id, tool_ids[i % (ntool < 50 ? ntool : 50)]) < 0)
			die_db(db, "a publication's tool");
	}
	phase("published assessments", N_PUBS);

	src = db_insert(db, "INSERT INTO assessments (org_id, kind, title, template_urn, template_version,"
	    " status, version, created_at, updated_at) VALUES (?, 'ros', 'Delt ROS, 200 risikoer (generert)',"
	    " 'urn:skolesec:template:ros:school-tools', 1, 'approved', 2, ?, ?) RETURNING id", "iii",
	    nf, now, now);
	/* v1: 200 risks; v2: 20 changed (from 0), 5 removed (the last), 5 added. */
	v1 = src > 0 ? db_insert(db, "INSERT INTO share_pubs (org_id, source_id, source_version, pub_version,"
	    " latest, kind, title, template_urn, template_version, scope, snapshot, published_at)"
	    " VALUES (?, ?, 1, 1, 0, 'ros', 'Delt ROS, 200 risikoer (generert)',"
	    " 'urn:skolesec:template:ros:school-tools', 1, 'national', ?, ?) RETURNING id", "iisi",
	    nf, src, risk_items(&a, N_ASSESS_RISKS, 0, 0, "", 0), now - 100) : -1;
	v2 = v1 > 0 ? db_insert(db, "INSERT INTO share_pubs (org_id, source_id, source_version, pub_version,"
	    " latest, kind, title, template_urn, template_version, scope, snapshot, published_at)"
	    " VALUES (?, ?, 2, 2, 1, 'ros', 'Delt ROS, 200 risikoer (generert)',"
	    " 'urn:skolesec:template:ros:school-tools', 1, 'national', ?, ?) RETURNING id", "iisi",
	    nf, src, risk_items(&a, N_ASSESS_RISKS - 5, 0, 20, " (versjon 2)", 5), now) : -1;
	/* Bergen's copy: v1 with risks 15..24 changed locally (15..19 conflict). */
	if (v2 <= 0 || assessment_snapshot_parse(&a, risk_items(&a, N_ASSESS_RISKS, 15, 10, " (Bergen)", 0),
	    &h, &ours, &nours))
		die_db(db, "the source of the update");
	h.title = "Delt ROS, 200 risikoer (generert, gjenbrukt)";
	copy = share_create_draft(db, 0, own[bergen].id, &h, NULL, 0, ours, nours, now);
	if (copy <= 0 || db_insert(db, "INSERT INTO share_adoptions (org_id, assessment_id, base_pub_id,"
	    " adopted_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "iiiii", own[bergen].id, copy,
	    v1, now, now) <= 0)
		die_db(db, "the adoption");
	phase("adopted assessment with 200 risks", N_ASSESS_RISKS);
	arena_free(&a);
}

/* ---- main ------------------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	const char *url = NULL, *data_dir = "data";
	char err[512];
	struct db *db;
	int64_t now = (int64_t)time(NULL), ks, gen;
	int c, rc;
	struct db_stmt *st;
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "data", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};

	while ((c = getopt_long(argc, argv, "d:D:", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'D')
			data_dir = optarg;
		else
			return 2;
	}
	if (url == NULL) {
		fprintf(stderr, "usage: bench-gen --db URL [--data DIR]\n"
		    "  fills a `skolesec demo` database with the national-scale bench data set\n");
		return 2;
	}
	t_start = now_s();
	/* Keep freed memory: glibc's trimming after each arena chunk is freed
	 * otherwise costs more than the inserts. */
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	if (db_open(url, &db, err, sizeof(err))) {
		fprintf(stderr, "bench-gen: %s\n", err);
		return 1;
	}
	/* One transaction of ~100 MB: SQLite's default 2 MB page cache would
	 * spill to the file over and over (a connection setting, this run only). */
	if (db_kind(db) == DB_SQLITE && db_exec(db, "PRAGMA cache_size = -524288"))
		die_db(db, "PRAGMA cache_size");
	if (db_begin(db))
		die_db(db, "BEGIN");
	load_owners(db);
	ks = org_find(db, "national", "KS");
	st = db_query(db, "SELECT COUNT(*) FROM schools WHERE name LIKE '%(generert)'", &rc, "");
	gen = rc == 1 ? db_col_int(st, 0) : -1;
	if (st)
		db_reset(st);
	if (ks <= 0 || gen != 0) {
		fprintf(stderr, "bench-gen: needs a fresh `skolesec demo` database (%s)\n",
		    ks <= 0 ? "no KS organisation" : "generated data already there");
		db_rollback(db);
		return 1;
	}
	gen_schools(db, now);
	gen_vendors(db, ks, now);
	gen_tools(db, ks, now);
	load_tools(db);
	gen_inventory(db, now);
	gen_screenings(db, now);
	gen_maturity(db, data_dir);
	gen_cohort(db, now);
	gen_plan(db, now);	/* issue 6 */
	gen_assessment(db, data_dir);	/* issue 4 */
	gen_sharing(db, now);	/* issue 5 */
	if (db_commit(db))
		die_db(db, "COMMIT");
	phase("committed", ninv);
	/* PostgreSQL's autovacuum would analyze these tables within a minute;
	 * do it now so the bench does not depend on when. SQLite: the
	 * application runs ANALYZE after its own bulk loads (init, demo,
	 * import: analyze() in main.c), so this bulk load does the same;
	 * otherwise SQLite plans with the statistics of the demo database, in
	 * which e.g. share_pubs has one row, and scans it for every lookup. */
	if (db_exec(db, "ANALYZE") == 0)
		phase(db_kind(db) == DB_PG ? "ANALYZE (PostgreSQL)" : "ANALYZE (SQLite)", 0);
	db_close(db);
	return 0;
}
