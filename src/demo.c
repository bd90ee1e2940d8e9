/*
 * demo.c - demo organisations, schools and users; see demo.h.
 *
 * Municipalities come from the reference list (Bergen 4601, Nordre Follo
 * 3207). School names are real schools' names but the organisation numbers
 * are made up (valid MOD11, marked demo), so nobody mistakes them for NSR data.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "db/db.h"
#include "domain/authz.h"
#include "domain/inventory.h"
#include "domain/screening.h"
#include "domain/maturity.h"
#include "domain/org.h"
#include "domain/user.h"
#include "core/arena.h"
#include "core/buf.h"

struct demo_school {
	const char *kommune, *name, *level;
	int pupils;
};

static const struct demo_school schools[] = {
	{ "4601", "Nordnes skole", "grunnskole", 320 },
	{ "4601", "Slettebakken skole", "grunnskole", 450 },
	{ "4601", "Ytrebygda skole", "grunnskole", 610 },
	{ "4601", "Åstveit skole", "grunnskole", 280 },
	{ "3207", "Ski skole", "grunnskole", 390 },
	{ "3207", "Kolbotn skole", "grunnskole", 520 },
	{ "3207", "Langhus skole", "grunnskole", 470 },
};

struct demo_user {
	const char *email, *name, *orgkind, *orgnum, *role;
	const char *school;	/* school leaders: their school */
};

static const struct demo_user users[] = {
	{ "admin@bergen.demo", "Berit Admin", "municipality", "4601", "org_admin", NULL },
	{ "radgiver@bergen.demo", "Rune Rådgiver", "municipality", "4601", "adviser", NULL },
	{ "rektor@bergen.demo", "Randi Rektor", "municipality", "4601", "school_leader", "Nordnes skole" },
	{ "pvo@bergen.demo", "Per Personvernombud", "municipality", "4601", "dpo", NULL },
	{ "leser@bergen.demo", "Lise Leser", "municipality", "4601", "reader", NULL },
	{ "admin@nordrefollo.demo", "Nora Admin", "municipality", "3207", "org_admin", NULL },
	{ "radgiver@nordrefollo.demo", "Frode Rådgiver", "municipality", "3207", "adviser", NULL },
	{ "rektor@nordrefollo.demo", "Kari Rektor", "municipality", "3207", "school_leader", "Ski skole" },
	{ "pvo@nordrefollo.demo", "Ola Personvernombud", "municipality", "3207", "dpo", NULL },
	{ "leser@nordrefollo.demo", "Siri Leser", "municipality", "3207", "reader", NULL },
	{ "veileder@digivestland.demo", "Vera Veileder", "network", "DIGI-VESTLAND", "regional_adviser", NULL },
	{ "redaktor@ks.demo", "Rolf Redaktør", "national", "KS", "national_editor", NULL },
	{ "leverandor@eksempel.demo", "Lena Leverandør", "vendor", "DEMO-VENDOR", "vendor_editor", NULL },
	/* The Bergen administrator also follows Digi Vestland's programme. */
	{ "admin@bergen.demo", "Berit Admin", "network", "DIGI-VESTLAND", "reader", NULL },
};

/* A made-up organisation number with a valid MOD11 check digit. */
static void
demo_orgnr(int seq, char out[10])
{
	for (int check = 0;; seq += 1) {
		snprintf(out, 10, "99%06d", seq % 1000000);
		static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
		int sum = 0;
		for (int i = 0; i < 8; i++)
			sum += (out[i] - '0') * w[i];
		check = 11 - sum % 11;
		if (check == 11)
			check = 0;
		if (check == 10)
			continue;
		out[8] = (char)('0' + check);
		out[9] = '\0';
		return;
	}
}

static int64_t
ensure_org(struct db *db, const char *kind, const char *number, const char *name, int64_t now)
{
	int64_t id = org_find(db, kind, number);

	if (id == 0)
		id = org_create(db, kind, name, number, NULL, 0, now);
	return id;
}

/*
 * Maturity self-assessment (issue 3): closed rounds with generated answers,
 * labelled demo in the title, for Bergen (two rounds, so "change since the
 * previous round" has something to show), Nordre Follo and seven more
 * Vestland municipalities, so Vestland's county average (at least five
 * municipalities) and the national average appear, while Nordre Follo's
 * county (Akershus, one municipality) shows the "too few" note.
 */
struct demo_round {
	const char *kommune;
	int year, base;		/* base: the typical level of its answers */
};

static const struct demo_round demo_rounds[] = {
	{ "4601", 2023, 2 }, { "4601", 2024, 3 }, { "3207", 2024, 2 },
	{ "4602", 2024, 2 }, { "4614", 2024, 1 }, { "4621", 2024, 3 }, { "4626", 2024, 2 },
	{ "4627", 2024, 1 }, { "4640", 2024, 4 }, { "4647", 2024, 2 },
};

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
demo_day(int y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int
demo_maturity(struct db *db)
{
	const struct mat_set *set = maturity_current();
	struct mat_answer ans[MAT_MAX_QUESTIONS];
	struct arena a;
	int rc = -1;

	if (set == NULL) {
		fprintf(stderr, "skolesec: demo data: no maturity question set loaded\n");
		return -1;
	}
	arena_init(&a, 16u << 20);
	for (size_t i = 0; i < sizeof(demo_rounds) / sizeof(demo_rounds[0]); i++) {
		const struct demo_round *d = &demo_rounds[i];
		int64_t org = org_find(db, "municipality", d->kommune), id;
		/* Fixed dates: 1 September (UTC) of the year, closed 44 days later. */
		int64_t start = demo_day(d->year, 9, 1) * 86400;
		const char *title = arena_printf(&a, "Egenvurdering %d (demo \xe2\x80\x93 genererte svar)",
		    d->year);
		struct db_stmt *st;
		int found, n = 0;

		if (org <= 0 || title == NULL)
			goto out;
		st = db_query(db, "SELECT id FROM maturity_rounds WHERE org_id = ? AND title = ?",
		    &found, "is", org, title);
		if (st)
			db_reset(st);
		if (found < 0)
			goto out;
		if (found == 1)
			continue;	/* loaded before */
		id = maturity_round_create(db, org, set, title, 0, start);
		if (id < 0)
			goto out;
		if (id == 0)
			continue;	/* someone has an open round there: leave it */
		for (int q = 0; q < set->nq; q++) {
			/* A fixed pseudo-random spread around the base level. */
			unsigned h = 2166136261u;
			for (const char *c = d->kommune; *c; c++)
				h = (h ^ (unsigned char)*c) * 16777619u;
			h ^= (unsigned)((q + 1) * 40503u) ^ (unsigned)d->year * 2246822519u;
			h ^= h >> 13;
			h *= 0x5bd1e995u;
			h ^= h >> 15;
			if (h % 29 == 0)
				continue;	/* left unanswered */
			ans[n].question_urn = set->q[q].urn;
			ans[n].not_relevant = h % 23 == 0;
			ans[n].level = d->base + (int)(h % 3) - 1;
			if (ans[n].level < 0)
				ans[n].level = 0;
			if (ans[n].level > 5)
				ans[n].level = 5;
			ans[n].comment = q == 0 ? "Demo: generert svar, ikke en reell vurdering." : "";
			ans[n].evidence = "";
			n++;
		}
		if (maturity_answers_save(db, &a, org, id, ans, n, "demo", 0, start + 86400) ||
		    maturity_round_close(db, org, id, 0, start + 44 * 86400))
			goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

/* ---- inventory (issue 3): ~10 realistic rows for Bergen and Nordre Follo,
 * some public, three screened so that the to-do list has content. Tools
 * are found by name in the seeded catalogue; a missing one is skipped. */

struct demo_inv {
	const char *kommune, *tool, *school;	/* school NULL: the whole municipality */
	const char *grades;
	int pupils;				/* -1: not given */
	const char *purpose, *data, *feide, *state;
	int ros, dpia, dba, public_;
	const char *rules, *since;
	unsigned screen;			/* screening answers (bits of enum sq), 0: none */
};

#define SQB(x) (1u << (x))
#define DEMO_SCREEN_QUIZ (SQB(SQ_PERSONAL) | SQB(SQ_PUPILS) | SQB(SQ_EVALUATION) | SQB(SQ_PROCESSOR))
#define DEMO_SCREEN_BOOK (SQB(SQ_PERSONAL) | SQB(SQ_PUPILS) | SQB(SQ_PROCESSOR) | SQB(SQ_OUTSIDE_EEA))

static const struct demo_inv demo_invs[] = {
	{ "4601", "Feide", NULL, "1-10", 1660, "Felles innlogging for elever og ansatte",
	    "name,school", "userid,userid-feide,profile,email,groups-org,groups-edu", "in_use", 1, 1, 1, 1,
	    "Alle tjenester skal bruke Feide-innlogging der det er mulig.", "2015-08-17", 0 },
	{ "4601", "Google Workspace for Education", NULL, "5-10", 980, "Skriving, samarbeid og lagring",
	    "name,schoolwork,messages,usage", "userid-feide,profile,email,groups-edu", "in_use", 1, 1, 1, 1,
	    "Ikke lagre helseopplysninger eller karakterer i Google Disk.", "2019-08-19", 0 },
	{ "4601", "Vigilo", NULL, "1-10", 1660, "Fravær, anmerkninger og kontakt med hjemmet",
	    "name,contact,attendance,assessment,messages", "userid,profile,groups-org,groups-edu", "in_use", 1, 1, 1, 1,
	    "Bare ansatte registrerer; foresatte ser egne barn.", "2018-01-02", 0 },
	{ "4601", "Salaby", NULL, "1-7", 1100, "Digitale læremidler på barnetrinnet",
	    "name,schoolwork", "userid,profile,groups-edu", "in_use", 1, 0, 1, 1,
	    "", "2020-08-17", 0 },
	{ "4601", "Kahoot!", "Nordnes skole", "5-7", 120, "Quiz og repetisjon i timene",
	    "name,schoolwork", "userid,profile", "in_use", 0, 0, 1, 1,
	    "Elevene bruker kallenavn, ikke fullt navn.", "2021-09-01", DEMO_SCREEN_QUIZ },
	{ "4601", "Book Creator", "Slettebakken skole", "1-4", 180, "Lage digitale bøker",
	    "name,schoolwork,images", "userid,profile", "trial", 0, 0, 0, 0,
	    "", "2024-01-08", DEMO_SCREEN_BOOK },
	{ "4601", "Showbie", "Ytrebygda skole", "5-7", 240, "Innlevering og tilbakemelding",
	    "name,schoolwork,assessment", "userid,profile,groups-edu", "in_use", 1, 0, 1, 1,
	    "Tilbakemeldinger gis i Showbie, karakterer i Vigilo.", "2022-08-22", 0 },
	{ "4601", "Minecraft Education", "Åstveit skole", "5-7", 60, "Valgfag og prosjektarbeid",
	    "name,usage", "userid,profile", "trial", 0, 0, 0, 0, "", "2024-03-04", 0 },
	{ "4601", "Padlet", "Nordnes skole", "5-7", 90, "Idémyldring",
	    "schoolwork", "", "phasing_out", 0, 0, 0, 0, "", "2019-10-01", 0 },
	{ "4601", "Creaza", "Slettebakken skole", "1-7", 300, "Tegneserier, film og lydfortellinger",
	    "name,schoolwork,images", "userid,profile,groups-edu", "in_use", 1, 0, 1, 1,
	    "Bilder av medelever bare med samtykke.", "2020-01-06", 0 },
	{ "3207", "Feide", NULL, "1-10", 1380, "Felles innlogging for elever og ansatte",
	    "name,school", "userid,userid-feide,profile,email,groups-org,groups-edu", "in_use", 1, 1, 1, 1,
	    "Alle tjenester skal bruke Feide-innlogging der det er mulig.", "2014-08-18", 0 },
	{ "3207", "Microsoft 365 (Office 365)", NULL, "5-10", 900, "Skriving, samarbeid og lagring",
	    "name,schoolwork,messages,usage", "userid-feide,profile,email,groups-edu", "in_use", 1, 1, 1, 1,
	    "Ikke lagre helseopplysninger i OneDrive.", "2020-08-17", 0 },
	{ "3207", "Microsoft Teams", NULL, "5-10", 900, "Klasserom og beskjeder",
	    "name,schoolwork,messages", "userid-feide,profile,groups-edu", "in_use", 1, 1, 1, 1,
	    "Kamera er frivillig for elevene.", "2020-03-16", 0 },
	{ "3207", "Visma Flyt Skole", NULL, "1-10", 1380, "Elevadministrasjon og fravær",
	    "name,contact,nin,attendance,assessment,special_needs", "userid,groups-org", "in_use", 1, 1, 1, 1,
	    "", "2017-08-14", 0 },
	{ "3207", "itslearning", NULL, "5-10", 900, "Læringsplattform",
	    "name,schoolwork,assessment,messages", "userid,profile,groups-edu", "in_use", 1, 0, 1, 0,
	    "", "2016-08-15", 0 },
	{ "3207", "Kahoot!", "Ski skole", "5-7", 130, "Quiz og repetisjon i timene",
	    "name,schoolwork", "userid,profile", "in_use", 0, 0, 1, 1,
	    "Elevene bruker kallenavn, ikke fullt navn.", "2022-01-10", DEMO_SCREEN_QUIZ },
	{ "3207", "Book Creator", "Kolbotn skole", "1-4", 200, "Lage digitale bøker",
	    "name,schoolwork,images", "userid,profile", "in_use", 1, 0, 1, 1, "", "2021-08-23", 0 },
	{ "3207", "Kikora", "Langhus skole", "5-7", 150, "Matematikkøving",
	    "name,schoolwork,assessment", "userid,profile,groups-edu", "in_use", 1, 0, 1, 1, "", "2019-08-19", 0 },
	{ "3207", "Mentimeter", "Ski skole", "5-7", 60, "Avstemninger i undervisningen",
	    "", "", "trial", 0, 0, 0, 0, "", "2024-02-05", 0 },
	{ "3207", "Skolestudio", "Kolbotn skole", "1-7", 350, "Digitale læremidler",
	    "name,schoolwork", "userid,profile,groups-edu", "phasing_out", 1, 0, 1, 0, "", "2018-08-20", 0 },
};

static int
demo_inventory(struct db *db, int64_t now)
{
	struct arena a;
	int rc = -1;

	arena_init(&a, 16u << 20);
	for (size_t i = 0; i < sizeof(demo_invs) / sizeof(demo_invs[0]); i++) {
		const struct demo_inv *d = &demo_invs[i];
		struct inv_input in;
		struct inv_row row;
		const char *err[IF__COUNT], *bad;
		int64_t org = org_find(db, "municipality", d->kommune), tool = 0, school = 0, id;
		struct db_stmt *st;
		int found;

		if (org <= 0)
			goto out;
		st = db_query(db, "SELECT id FROM tools WHERE name = ? AND status = 'accepted'",
		    &found, "s", d->tool);
		if (found == 1)
			tool = db_col_int(st, 0);
		if (st)
			db_reset(st);
		if (found < 0)
			goto out;
		if (tool == 0)
			continue;	/* not in this catalogue */
		if (d->school) {
			st = db_query(db, "SELECT id FROM schools WHERE org_id = ? AND name = ?",
			    &found, "is", org, d->school);
			if (found == 1)
				school = db_col_int(st, 0);
			if (st)
				db_reset(st);
			if (school == 0)
				continue;
		}
		memset(&in, 0, sizeof(in));
		in.tool_id = tool;
		in.school_id = school;
		in.grades = d->grades;
		in.pupils = d->pupils >= 0 ? arena_printf(&a, "%d", d->pupils) : NULL;
		in.purpose = d->purpose;
		in.responsible = d->school ? "Rektor" : "Digitaliseringsrådgiver";
		in.since = d->since;
		in.state = d->state;
		in.usage_rules = d->rules;
		in.has_ros = d->ros;
		in.has_dpia = d->dpia;
		in.has_dba = d->dba;
		in.public_ = d->public_;
		if (inv_parse_keys(&a, CS_DATA, d->data, &in.data, &bad) ||
		    inv_parse_keys(&a, CS_FEIDE, d->feide, &in.feide, &bad) ||
		    inv_check_values(&a, &in, &row, err)) {
			fprintf(stderr, "skolesec: demo data: inventory row %zu is invalid\n", i);
			goto out;
		}
		row.tool_name = d->tool;
		row.school_name = d->school ? d->school : "";
		if ((id = inventory_create(db, &a, org, &row, "demo", 0, now)) < 0)
			goto out;
		if (id > 0 && d->screen) {
			struct screening_in sin = { d->screen, row.feide };
			struct screening_out sout;
			screening_evaluate(&sin, &sout);
			if (screening_save(db, &a, org, id, &sin, &sout, 0, now) <= 0)
				goto out;
		}
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

int
demo_load(struct db *db, int print)
{
	int64_t now = (int64_t)time(NULL);

	if (db_begin(db))
		return -1;
	if (ensure_org(db, "network", "DIGI-VESTLAND", "Digi Vestland", now) < 0 ||
	    ensure_org(db, "national", "KS", "KS – SkoleSec-sekretariatet", now) < 0 ||
	    ensure_org(db, "vendor", "DEMO-VENDOR", "Eksempel Læring AS (demo)", now) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(schools) / sizeof(schools[0]); i++) {
		const struct demo_school *s = &schools[i];
		int64_t org = org_find(db, "municipality", s->kommune);
		char nr[10];
		if (org <= 0) {
			fprintf(stderr, "skolesec: municipality %s missing; run 'skolesec init'\n", s->kommune);
			goto fail;
		}
		demo_orgnr(100 + (int)i * 7, nr);
		if (db_run(db, "INSERT INTO schools (org_id, orgnr, name, kommunenummer, pupils, level,"
		    " private, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 1, ?)"
		    " ON CONFLICT (orgnr) DO NOTHING", "isssisi", org, nr, s->name, s->kommune,
		    (int64_t)s->pupils, s->level, now) < 0)
			goto fail;
	}
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		const struct demo_user *u = &users[i];
		int64_t org = org_find(db, u->orgkind, u->orgnum), uid, sid = 0;
		enum role role;
		if (org <= 0 || role_parse(u->role, &role))
			goto fail;
		uid = user_find(db, u->email);
		if (uid == 0)
			uid = user_create(db, u->email, u->name, DEMO_PASSWORD, 0, now);
		if (uid <= 0)
			goto fail;
		if (u->school) {
			struct db_stmt *st;
			int rc;
			st = db_query(db, "SELECT id FROM schools WHERE org_id = ? AND name = ?",
			    &rc, "is", org, u->school);
			if (rc == 1)
				sid = db_col_int(st, 0);
			if (st)
				db_reset(st);
		}
		if (membership_add(db, uid, org, role, sid ? &sid : NULL, sid ? 1 : 0, 0, now))
			goto fail;
	}
	if (demo_maturity(db))
		goto fail;
	if (demo_inventory(db, now))
		goto fail;
	if (db_commit(db))
		goto fail;
	if (print) {
		printf("Demo logins (password for all: %s):\n", DEMO_PASSWORD);
		for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
			if (i > 0 && strcmp(users[i].email, users[0].email) == 0)
				continue;
			printf("  %-28s %s\n", users[i].email, users[i].role);
		}
	}
	return 0;
fail:
	fprintf(stderr, "skolesec: demo data: %s\n", db_errmsg(db));
	db_rollback(db);
	return -1;
}
