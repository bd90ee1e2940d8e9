/*
 * unitdb.h - PostgreSQL test databases for the unit tests that run on a
 * real database (test_db, test_catalogue, test_assessment, test_search).
 *
 * Every such test gets a fresh database. On PostgreSQL that is a new
 * database in the test cluster, made by `scripts/pg-test.sh createdb` when
 * SKOLESEC_TEST_PG names the cluster directory, else with CREATE DATABASE
 * over an admin connection to SKOLESEC_TEST_PG_URL. The helpers are static
 * inline so that each test binary (one per tests/unit/test_*.c, linked with
 * libskolesec.a) gets them without Makefile changes. Include after unit.h
 * and db/db.h.
 */
#ifndef SKOLESEC_UNITDB_H
#define SKOLESEC_UNITDB_H

/*
 * Makes database `name` and writes its URL to url: in the cluster at dir
 * when dir is set; else, when admin is not NULL, on admin's server (the one
 * of base_url, same role and query string, another database name).
 * Returns 0, or -1 when neither way is open or the creation failed.
 */
static inline int
unit_pg_create(const char *dir, const char *base_url, struct db *admin, const char *name,
    char *url, size_t urlsz)
{
	char cmd[1024];

	if (dir && *dir) {
		FILE *p;
		size_t n;
		if (strchr(dir, '\'') != NULL)
			return -1;
		snprintf(cmd, sizeof(cmd), "bash scripts/pg-test.sh createdb '%s' %s", dir, name);
		if ((p = popen(cmd, "r")) == NULL)
			return -1;
		if (fgets(url, (int)urlsz, p) == NULL)
			url[0] = '\0';
		if (pclose(p) != 0 || url[0] == '\0')
			return -1;
		n = strlen(url);
		while (n && (url[n - 1] == '\n' || url[n - 1] == '\r'))
			url[--n] = '\0';
		return 0;
	} else {
		const char *slash, *q;
		if (admin == NULL || base_url == NULL)
			return -1;
		slash = strrchr(base_url, '/');
		q = strchr(base_url, '?');
		if (slash == NULL || slash < base_url + strlen("postgresql://") - 1)
			return -1;
		snprintf(cmd, sizeof(cmd), "CREATE DATABASE %s", name);
		if (db_exec(admin, cmd))
			return -1;
		snprintf(url, urlsz, "%.*s/%s%s", (int)(slash - base_url), base_url, name, q ? q : "");
		return 0;
	}
}

/* Drops database `name` over admin; a failure is reported on stderr as
 * "<who>: could not drop ..." and does not fail the test. */
static inline void
unit_pg_drop(struct db *admin, const char *who, const char *name)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	if (db_exec(admin, sql))
		fprintf(stderr, "%s: could not drop %s: %s\n", who, name, db_errmsg(admin));
}

/* Opens the admin connection that creates and drops the test databases
 * (the body of a PostgreSQL group setup); who prefixes the error. */
static inline int
unit_pg_admin_open(const char *who, const char *url, struct db **admin)
{
	char err[512];

	if (db_open(url, admin, err, sizeof(err))) {
		fprintf(stderr, "%s: SKOLESEC_TEST_PG_URL: %s\n", who, err);
		return -1;
	}
	return 0;
}

static inline int
unit_pg_admin_close(struct db **admin)
{
	db_close(*admin);
	*admin = NULL;
	return 0;
}

#endif
