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
#include "domain/assessment.h"
#include "domain/authz.h"
#include "domain/dba.h"
#include "domain/decision.h"
#include "domain/inventory.h"
#include "domain/screening.h"
#include "domain/resource.h"
#include "domain/share.h"
#include "domain/template.h"
#include "domain/maturity.h"
#include "domain/org.h"
#include "domain/plan.h"
#include "domain/priority.h"
#include "domain/programme.h"
#include "domain/programme_work.h"
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

/*
 * The id a one-row lookup finds: the first column of its row, 0 when there
 * is no row, -1 on a database error. Bound with types "i", "ii", "is" or
 * "s" from i, j and s (the only shapes the demo needs; db_query has no
 * va_list form to pass the rest through).
 */
static int64_t
demo_id(struct db *db, const char *sql, const char *types, int64_t i, int64_t j, const char *s)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	if (strcmp(types, "s") == 0)
		st = db_query(db, sql, &rc, "s", s);
	else if (strcmp(types, "ii") == 0)
		st = db_query(db, sql, &rc, "ii", i, j);
	else if (strcmp(types, "is") == 0)
		st = db_query(db, sql, &rc, "is", i, s);
	else
		st = db_query(db, sql, &rc, "i", i);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
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
		int64_t found;
		int n = 0;

		if (org <= 0 || title == NULL)
			goto out;
		found = demo_id(db, "SELECT id FROM maturity_rounds WHERE org_id = ? AND title = ?",
		    "is", org, 0, title);
		if (found < 0)
			goto out;
		if (found > 0)
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
		int64_t org = org_find(db, "municipality", d->kommune), tool, school = 0, id;

		if (org <= 0)
			goto out;
		tool = demo_id(db, "SELECT id FROM tools WHERE name = ? AND status = 'accepted'",
		    "s", 0, 0, d->tool);
		if (tool < 0)
			goto out;
		if (tool == 0)
			continue;	/* not in this catalogue */
		if (d->school) {
			school = demo_id(db, "SELECT id FROM schools WHERE org_id = ? AND name = ?",
			    "is", org, 0, d->school);
			if (school <= 0)
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

/*
 * Advisory programme (issue 7): a Digi Vestland cohort run by the demo
 * regional adviser, with Bergen and Askøy accepted and consenting, Voss
 * accepted without consent and Stord's application waiting. Nordre Follo
 * stays out of every programme and consent, so that its data is reachable
 * by nobody outside it (the tenant matrix relies on that). Dates follow
 * today so the public page is open for applications. Idempotent: nothing
 * is added when the programme exists.
 */
static int
demo_programme(struct db *db, int64_t now)
{
	static const struct { const char *kommune; int accept, consent; } who[] = {
		{ "4601", 1, 1 }, { "4627", 1, 1 }, { "4621", 1, 0 }, { "4614", 0, 0 },
	};
	struct prog_fields f;
	char start[11], deadline[11], meeting[11];
	int64_t net = org_find(db, "network", "DIGI-VESTLAND"), adv = user_find(db, "veileder@digivestland.demo");
	int64_t admin = user_find(db, "admin@bergen.demo"), id, round = 0, wid;
	struct db_stmt *st;
	int rc;

	if (net <= 0 || adv <= 0 || admin <= 0)
		return -1;
	rc = db_run(db, "SELECT 1 FROM programmes WHERE org_id = ? AND title = ?", "is", net,
	    "Veiledertjeneste Vestland (demo)");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	prog_today(now - 40 * 86400, start);
	prog_today(now + 30 * 86400, deadline);
	prog_today(now + 10 * 86400, meeting);
	f.title = "Veiledertjeneste Vestland (demo)";
	f.gives = "Kompetanseheving innen personvern og informasjonssikkerhet, nettverk med andre"
	    " kommuner, tilgang til veiledere, bedre oversikt over egen nåsituasjon og hjelp til å"
	    " prioritere forbedringer.";
	f.demands = "Delta på fire felles samlinger, utarbeide og forankre mandat, målbilde, omfang og"
	    " prosjektplan, og gjøre arbeid i egen kommune mellom samlingene.";
	f.contact_name = "Vera Veileder";
	f.contact_email = "veileder@digivestland.demo";
	f.meeting_on = meeting;
	f.meeting_time = "14:00–15:00";
	f.meeting_link = "https://teams.example.com/digivestland-infomote";
	f.apply_by = deadline;
	f.starts_on = start;
	if ((id = programme_create(db, net, &f, adv, now)) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		int64_t org = org_find(db, "municipality", who[i].kommune), app = 0;
		/* Only Bergen has a demo administrator; the others' demo rows are
		 * entered by the adviser on their behalf. */
		int64_t actor = strcmp(who[i].kommune, "4601") == 0 ? admin : adv;
		if (org <= 0 || programme_apply(db, id, org, "Kontaktperson (demo)",
		    "kontakt@kommune.demo", "Vi ønsker å styrke arbeidet med personvern i skolen.",
		    actor, now) != PA_OK)
			return -1;
		app = demo_id(db, "SELECT id FROM programme_applications WHERE programme_id = ?"
		    " AND org_id = ?", "ii", id, org, NULL);
		if (app <= 0 || (who[i].accept && programme_decide(db, net, id, app, 1,
		    "Velkommen som pilotkommune!", adv, now) != 0))
			return -1;
		if (who[i].consent && programme_consent(db, id, org, 1, actor, now) != 0)
			return -1;
	}
	if ((wid = programme_workshop_add(db, net, id, "Oppstartssamling", start, "Bergen", 0,
	    "Velkommen, presentasjon av kompetansemålene, arbeid med mandat og målbilde.",
	    "Prosjektplanmal\nhttps://www.ks.no/skolesec", adv, now)) <= 0 ||
	    programme_task_add(db, net, id, 0, "Skriv utkast til mandat og målbilde", start, adv, now) < 0)
		return -1;
	/* A comment on Bergen's latest maturity round, through its consent. */
	st = db_query(db, "SELECT MAX(id) FROM maturity_rounds WHERE org_id = ?", &rc, "i",
	    org_find(db, "municipality", "4601"));
	if (rc == 1 && !db_col_isnull(st, 0))
		round = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (round > 0 && programme_comment_add(db, id, org_find(db, "municipality", "4601"),
	    "maturity_round", round, "Godt arbeid med styring og roller. Se på rutinene for"
	    " avvikshåndtering før neste samling.", adv, now))
		return -1;
	return 0;
}

/* ---- issue 6: action plan and priority list ---------------------------- */

/* A few measures for Bergen (one from a screening to-do, one overdue, one
 * done) and one moved priority row, so the plan, its views and the status
 * report have something to show. Skipped when Bergen has measures already. */
static int
demo_plan(struct db *db, int64_t now)
{
	static const struct { const char *title, *owner, *due, *status; int prio, goal; } free_m[] = {
		{ "Rutine for avvikshåndtering i skolene", "Personvernombudet", "2024-12-01", "not_started", 1, 3 },
		{ "Opplæring av rektorer i personvern og informasjonssikkerhet", "Oppvekstsjefen", "2025-03-01", "done", 2, 1 },
	};
	int64_t org = org_find(db, "municipality", "4601"), todo = 0, tool = 0;
	struct measure m;
	struct db_stmt *st;
	int rc;

	int64_t nf = org_find(db, "municipality", "3207");

	if (org <= 0 || nf <= 0)
		return -1;
	if ((rc = db_run(db, "SELECT 1 FROM plan_measures WHERE org_id = ? LIMIT 1", "i", org)) != 0)
		return rc < 0 ? -1 : 0;
	memset(&m, 0, sizeof(m));
	m.description = m.item_uid = m.question_urn = "";
	m.effort = "medium";
	/* Nordre Follo gets one measure too, so tenant tests have one to aim at. */
	m.source = "free";
	m.title = "Kartlegg læremidler i Nordre Follo-skolene";
	m.owner = "Skolefaglig rådgiver";
	m.due_date = "2031-05-01";
	m.status = "not_started";
	m.priority = 2;
	if (plan_create(db, nf, &m, 0, now) < 0)
		return -1;
	st = db_query(db, "SELECT t.id, t.title FROM todos t WHERE t.org_id = ? AND t.status = 'open'"
	    " ORDER BY t.id LIMIT 1", &rc, "i", org);
	if (rc == 1) {
		todo = db_col_int(st, 0);
		m.source = "todo";
		m.todo_id = todo;
		m.title = "Gjennomfør ROS for verktøyet fra innledende vurdering";
		m.owner = "IKT-rådgiver";
		m.due_date = "2030-06-30";
		m.status = "in_progress";
		m.priority = 1;
		m.goal = 3;
	}
	if (st)
		db_reset(st);
	if (rc < 0 || (todo && plan_create(db, org, &m, 0, now) < 0))
		return -1;
	for (size_t i = 0; i < sizeof(free_m) / sizeof(free_m[0]); i++) {
		m.source = "free";
		m.title = free_m[i].title;
		m.owner = free_m[i].owner;
		m.due_date = free_m[i].due;
		m.status = free_m[i].status;
		m.priority = free_m[i].prio;
		m.goal = free_m[i].goal;
		if (plan_create(db, org, &m, 0, now) < 0)
			return -1;
	}
	tool = demo_id(db, "SELECT t.id FROM tools t JOIN inventory i ON i.tool_id = t.id"
	    " WHERE i.org_id = ? AND t.name = 'Vigilo' LIMIT 1", "i", org, 0, NULL);
	if (tool < 0)
		return -1;
	if (tool > 0) {
		char key[32];
		snprintf(key, sizeof(key), "tool:%lld", (long long)tool);
		if (priority_move(db, org, key, 10, "Brukes i alle skoler; kommunedirektøren har bedt"
		    " om at dette prioriteres.", 0, now))
			return -1;
	}
	return 0;
}

/* ---- issue 4: assessments and tool decisions -------------------------- */

/* The id of a tool in an organisation's inventory, by name (0: none). */
static int64_t
demo_inv_tool(struct db *db, int64_t org, const char *name)
{
	return demo_id(db, "SELECT t.id FROM tools t JOIN inventory i ON i.tool_id = t.id"
	    " WHERE i.org_id = ? AND t.name = ? ORDER BY i.id LIMIT 1", "is", org, 0, name);
}

/* Creates an assessment and fills item uid=data pairs (NULL-terminated). */
static int64_t
demo_assess(struct db *db, struct arena *a, const struct principal *p, int64_t org,
    const struct assessment *h0, const char *const *items)
{
	struct assessment h = *h0;
	const char *err = NULL;
	int64_t id;

	h.org_id = org;
	if ((id = assessment_create(db, a, p->user_id, &h, &err)) <= 0) {
		fprintf(stderr, "skolesec: demo %s: %s\n", h.title, err ? err : "");
		return -1;
	}
	for (int i = 0; items && items[i]; i += 2) {
		if (assessment_item_save(db, a, p, org, id, items[i], items[i + 1], &err)) {
			fprintf(stderr, "skolesec: demo %s %s: %s\n", h.title, items[i], err ? err : "");
			return -1;
		}
	}
	return id;
}

/* Takes a ROS or DBA through the workflow to approval, each step by the
 * role the workflow asks for: adviser, DPO, administrator. */
static int
demo_approve(struct db *db, struct arena *a, const struct principal *adv,
    const struct principal *dpo, const struct principal *admin, int64_t org, int64_t id)
{
	const char *err = NULL;

	if (assessment_transition(db, a, adv, org, id, "dpo_advice", "Klar for råd", &err) ||
	    assessment_transition(db, a, dpo, org, id, "approval", "Råd gitt", &err) ||
	    assessment_transition(db, a, admin, org, id, "approved", "Godkjent", &err)) {
		fprintf(stderr, "skolesec: demo approval: %s\n", err ? err : "");
		return -1;
	}
	return 0;
}

/*
 * Bergen: an overarching DPIA, a platform DPIA for Google Workspace that
 * inherits from it (per-service conclusions, some local fields left open as
 * in KS's "80 % DPIA"), an approved ROS and DBA for Creaza, and decisions:
 * Creaza approved and ready for Feide, Google Workspace approved with
 * conditions, Minecraft Education not approved with the exit checklist
 * begun. Skipped when Bergen has a DPIA already.
 */
static int
demo_assessments(struct db *db, int64_t now)
{
	static const char *const over_items[] = {
		"description.purposes", "{\"value\":\"Opplæring etter opplæringslova og læreplanverket.\"}",
		"description.legal_basis", "{\"value\":\"6(1)(e)\"}",
		"description.legal_reference", "{\"value\":\"Opplæringslova § 1-1 og § 15-1\"}",
		"description.subjects_pupils", "{\"value\":\"yes\"}",
		"necessity.necessity", "{\"value\":\"Digitale verktøy er en del av opplæringen etter læreplanverket.\"}",
		NULL,
	};
	static const char *const google_items[] = {
		"description.processing", "{\"value\":\"Elever og lærere bruker Google Workspace for Education til skriving, deling og innlevering.\"}",
		"description.categories", "{\"value\":\"Navn, klasse, Feide-tilknytning, dokumenter og innleveringer, bruksdata.\"}",
		"description.subjects_pupils", "{\"value\":\"yes\"}",
		"description.subjects_staff", "{\"value\":\"yes\"}",
		"description.legal_basis", "{\"value\":\"6(1)(e)\"}",
		"conclusion.core", "{\"service\":\"Kjernetjenester (Classroom, Disk, Dokumenter, Gmail)\",\"result\":\"acceptable\",\"conditions\":\"\"}",
		"conclusion.art36", "{\"value\":\"no\"}",
		NULL,
	};
	struct arena a;
	struct principal *admin, *adv, *dpo;
	struct assessment h;
	const char *err = NULL;
	int64_t org = org_find(db, "municipality", "4601"), over, google, ros, dba = 0;
	int64_t t_google, t_creaza, t_minecraft;
	int rc = -1;

	if (org <= 0)
		return -1;
	if ((rc = db_run(db, "SELECT 1 FROM assessments WHERE org_id = ? AND kind = 'dpia' LIMIT 1",
	    "i", org)) != 0)
		return rc < 0 ? -1 : 0;
	rc = -1;
	arena_init(&a, 16u << 20);
	admin = principal_load(db, &a, user_find(db, "admin@bergen.demo"));
	adv = principal_load(db, &a, user_find(db, "radgiver@bergen.demo"));
	dpo = principal_load(db, &a, user_find(db, "pvo@bergen.demo"));
	t_google = demo_inv_tool(db, org, "Google Workspace for Education");
	t_creaza = demo_inv_tool(db, org, "Creaza");
	t_minecraft = demo_inv_tool(db, org, "Minecraft Education");
	if (!admin || !adv || !dpo || t_google <= 0 || t_creaza <= 0 || t_minecraft <= 0)
		goto out;
	memset(&h, 0, sizeof(h));
	h.kind = "dpia";
	h.title = "Overordnet DPIA for digitale læringsverktøy (demo)";
	h.level = "overarching";
	if ((over = demo_assess(db, &a, adv, org, &h, over_items)) < 0)
		goto out;
	h.title = "DPIA Google Workspace for Education (demo)";
	h.level = "platform";
	h.parent_id = over;
	h.tools = &t_google;
	h.ntools = 1;
	if ((google = demo_assess(db, &a, adv, org, &h, google_items)) < 0 ||
	    assessment_item_add(db, &a, adv, org, google, "conclusion", "conclusion",
		"{\"service\":\"YouTube og Søk\",\"result\":\"not_acceptable\",\"conditions\":\"\"}",
		&err) == NULL ||
	    assessment_item_add(db, &a, adv, org, google, "conclusion", "conclusion",
		"{\"service\":\"ChromeOS\",\"result\":\"conditions\",\"conditions\":"
		"\"Bare administrerte enheter med Data Processor Mode.\"}", &err) == NULL)
		goto out;
	memset(&h, 0, sizeof(h));
	h.kind = "ros";
	h.title = "ROS Creaza (demo)";
	h.tools = &t_creaza;
	h.ntools = 1;
	if ((ros = demo_assess(db, &a, adv, org, &h, NULL)) < 0 ||
	    demo_approve(db, &a, adv, dpo, admin, org, ros))
		goto out;
	/* The DBA template belongs to another part of the demo's data; only
	 * when it is on the server. */
	if (template_current("dba")) {
		h.kind = "dba";
		h.title = "Databehandleravtale Creaza (demo)";
		if ((dba = demo_assess(db, &a, adv, org, &h, NULL)) < 0 ||
		    demo_approve(db, &a, adv, dpo, admin, org, dba))
			goto out;
	}
	{
		const char *derr[DF__COUNT];
		struct decision_input d[3] = {
			{ "approved", "", "Bruk Feide-innlogging. Elevene deler ikke arbeid offentlig.",
			  "ROS og databehandleravtale er godkjent.", ros, 0, dba, 0 },
			{ "approved_conditions", "ChromeOS bare på administrerte enheter med Data"
			  " Processor Mode. YouTube og Søk er ikke tillatt for elever.",
			  "Bruk bare skolekontoen.", "Kjernetjenestene er vurdert som akseptable i DPIA.",
			  0, google, 0, 0 },
			{ "not_approved", "", "", "Leverandøren kan ikke dokumentere hvor elevdata lagres.",
			  0, 0, 0, 1 },
		};
		int64_t tools[3] = { t_creaza, t_google, t_minecraft };
		for (int i = 0; i < 3; i++)
			if (decision_save(db, &a, org, tools[i], &d[i], derr, admin->user_id, now) != 0)
				goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

/*
 * Issue 4, the DBA register: a draft agreement for Book Creator in Bergen
 * with the checklist filled in (one deviation, one missing clause), two
 * sub-processors (one in the EEA, one in the US under the DPF), an expiry
 * 45 days from now so it shows on the renewal list, and a small signed PDF.
 * Skipped when it exists or when the DBA template is not on the server.
 */
static int
demo_dba(struct db *db, int64_t now)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
	    "2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
	    "3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n"
	    "trailer <</Root 1 0 R>>\n%%EOF\n";
	static const char *const items[] = {
		"dba.agreement.template", "{\"value\":\"digdir\"}",
		"dba.agreement.template_version", "{\"value\":\"2023\"}",
		"dba.agreement.signed", "{\"value\":\"2024-03-01\"}",
		"dba.agreement.signatory_controller", "{\"value\":\"Kari Nordmann, kommunalsjef oppvekst\"}",
		"dba.agreement.signatory_processor", "{\"value\":\"Ola Hansen, daglig leder\"}",
		"dba.clause.a", "{\"status\":\"ok\",\"note\":\"\"}",
		"dba.clause.b", "{\"status\":\"ok\",\"note\":\"\"}",
		"dba.clause.c", "{\"status\":\"ok\",\"note\":\"\"}",
		"dba.clause.d", "{\"status\":\"deviation\",\"note\":\"Varsel om nye underdatabehandlere"
		    " bare på nettsiden, ikke direkte til skoleeier.\"}",
		"dba.clause.e", "{\"status\":\"ok\",\"note\":\"\"}",
		"dba.clause.f", "{\"status\":\"ok\",\"note\":\"\"}",
		"dba.clause.g", "{\"status\":\"missing\",\"note\":\"Ingen frist for sletting ved opphør.\"}",
		"dba.clause.h", "{\"status\":\"ok\",\"note\":\"\"}",
		NULL,
	};
	static const char *const subs[] = {
		"{\"name\":\"Amazon Web Services EMEA SARL\",\"country\":\"IE\",\"purpose\":\"Drift og lagring\","
		    "\"transfer_basis\":\"eea\",\"tia_ref\":\"\"}",
		"{\"name\":\"Zendesk, Inc.\",\"country\":\"US\",\"purpose\":\"Kundestøtte\","
		    "\"transfer_basis\":\"dpf\",\"tia_ref\":\"TIA-2024-03\"}",
		NULL,
	};
	struct arena a;
	struct principal *adv;
	struct assessment h;
	const char *err = NULL;
	char expires[11];
	time_t t = (time_t)(now + 45 * 86400);
	struct tm tm;
	int64_t org = org_find(db, "municipality", "4601"), tool, vendor = 0, id;
	int rc, status;

	if (org <= 0 || template_current("dba") == NULL)
		return org <= 0 ? -1 : 0;
	rc = db_run(db, "SELECT 1 FROM assessments WHERE org_id = ? AND kind = 'dba' AND title = ?",
	    "is", org, "Databehandleravtale Book Creator (demo)");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if ((tool = demo_inv_tool(db, org, "Book Creator")) <= 0)
		return tool < 0 ? -1 : 0;
	if ((vendor = demo_id(db, "SELECT COALESCE(vendor_id, 0) FROM tools WHERE id = ?", "i", tool,
	    0, NULL)) < 0)
		vendor = 0;
	gmtime_r(&t, &tm);
	strftime(expires, sizeof(expires), "%Y-%m-%d", &tm);
	arena_init(&a, 16u << 20);
	rc = -1;
	if ((adv = principal_load(db, &a, user_find(db, "radgiver@bergen.demo"))) == NULL)
		goto out;
	memset(&h, 0, sizeof(h));
	h.kind = "dba";
	h.title = "Databehandleravtale Book Creator (demo)";
	h.vendor_id = vendor;
	h.expires_on = expires;
	h.tools = &tool;
	h.ntools = 1;
	if ((id = demo_assess(db, &a, adv, org, &h, items)) < 0 ||
	    assessment_item_save(db, &a, adv, org, id, "dba.agreement.expires",
		arena_printf(&a, "{\"value\":\"%s\"}", expires), &err))
		goto out;
	for (int i = 0; subs[i]; i++)
		if (assessment_item_add(db, &a, adv, org, id, "subprocessor", "subprocessors", subs[i],
		    &err) == NULL) {
			fprintf(stderr, "skolesec: demo DBA sub-processor: %s\n", err ? err : "");
			goto out;
		}
	if (dba_doc_store(db, &a, adv->user_id, org, id, "Book Creator DBA signert.pdf", pdf,
	    sizeof(pdf) - 1, &err, &status) < 0) {
		fprintf(stderr, "skolesec: demo DBA document: %s\n", err ? err : "");
		goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

/* ---- issue 5: sharing ---------------------------------------------------- */

/*
 * Nordre Follo approves a ROS for one of its tools and publishes it
 * nationally; KS endorses it; Bergen adopts it (its local copy is a draft).
 * KS publishes a curated guide in the resource bank. Skipped when Nordre
 * Follo has published already.
 */
static int
demo_sharing(struct db *db, int64_t now)
{
	static const char *const ros_items[] = {
		"scope.description", "{\"value\":\"Bruk av digitale læremidler i 5.–7. trinn, med Feide-innlogging.\"}",
		"scope.context", "{\"value\":\"Elevene bruker verktøyet i timene; læreren styrer klasserommet.\"}",
		NULL,
	};
	struct arena a;
	struct principal *admin, *adv, *dpo, *b_adv;
	struct assessment h;
	struct share_publish pub = { 0, "national", 0, "" };
	struct resource res;
	const char *err = NULL;
	int64_t nf = org_find(db, "municipality", "3207"), bergen = org_find(db, "municipality", "4601");
	int64_t ks = org_find(db, "national", "KS"), editor = user_find(db, "redaktor@ks.demo");
	int64_t tool, pid, rid;
	int rc;

	if (nf <= 0 || bergen <= 0 || ks <= 0 || editor <= 0 || template_current("ros") == NULL)
		return -1;
	if ((rc = db_run(db, "SELECT 1 FROM share_pubs WHERE org_id = ?", "i", nf)) != 0)
		return rc < 0 ? -1 : 0;
	rc = -1;
	arena_init(&a, 16u << 20);
	admin = principal_load(db, &a, user_find(db, "admin@nordrefollo.demo"));
	adv = principal_load(db, &a, user_find(db, "radgiver@nordrefollo.demo"));
	dpo = principal_load(db, &a, user_find(db, "pvo@nordrefollo.demo"));
	b_adv = principal_load(db, &a, user_find(db, "radgiver@bergen.demo"));
	tool = demo_id(db, "SELECT MIN(tool_id) FROM inventory WHERE org_id = ?", "i", nf, 0, NULL);
	if (!admin || !adv || !dpo || !b_adv || tool <= 0)
		goto out;
	memset(&h, 0, sizeof(h));
	h.kind = "ros";
	h.title = "ROS for digitale læremidler på mellomtrinnet (demo, delt)";
	h.tools = &tool;
	h.ntools = 1;
	if ((pub.assessment_id = demo_assess(db, &a, adv, nf, &h, ros_items)) < 0 ||
	    demo_approve(db, &a, adv, dpo, admin, nf, pub.assessment_id))
		goto out;
	if ((pid = share_publish(db, &a, admin->user_id, nf, &pub, &err)) < 0 ||
	    share_endorse(db, &a, editor, ks, pid, "", &err) ||
	    share_adopt(db, &a, b_adv->user_id, bergen, pid, &err) < 0)
		goto out;
	memset(&res, 0, sizeof(res));
	res.kind = "guide";
	res.scope = "national";
	res.title = "Veileder: slik gjennomfører du en ROS-analyse av et digitalt læremiddel";
	res.tags = "ROS, læremidler";
	res.competency_goal = "Skoleeier kan gjennomføre og dokumentere en ROS-analyse";
	res.body = "# Slik gjennomfører du en ROS-analyse\n\n"
	    "1. Beskriv hva som vurderes, og hvem som deltar.\n"
	    "2. Finn uønskede hendelser, for eksempel **delte lenker** eller feil tilganger.\n"
	    "3. Vurder sannsynlighet og konsekvens, og velg tiltak.\n\n"
	    "Gjenbruk gjerne en ROS som en annen kommune har delt i biblioteket.\n";
	if ((rid = resource_save(db, &a, editor, ks, &res, &err)) < 0 ||
	    resource_curate(db, editor, ks, rid, 1) != 1)
		goto out;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "skolesec: demo sharing: %s\n", err ? err : "");
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
		/* A failed lookup adds the membership without a school, as before. */
		if (u->school && (sid = demo_id(db, "SELECT id FROM schools WHERE org_id = ? AND name = ?",
		    "is", org, 0, u->school)) < 0)
			sid = 0;
		if (membership_add(db, uid, org, role, sid ? &sid : NULL, sid ? 1 : 0, 0, now))
			goto fail;
	}
	if (demo_maturity(db))
		goto fail;
	if (demo_inventory(db, now))
		goto fail;
	if (demo_programme(db, now))	/* issue 7 */
		goto fail;
	if (demo_plan(db, now))	/* issue 6 */
		goto fail;
	if (demo_assessments(db, now))	/* issue 4 */
		goto fail;
	if (demo_dba(db, now))	/* issue 4: DBA register */
		goto fail;
	if (demo_sharing(db, now))	/* issue 5 */
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
