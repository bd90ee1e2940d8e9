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
#include "domain/org.h"
#include "domain/user.h"
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
