/*
 * migrate.h - versioned schema migrations, embedded in the binary from
 * src/db/migrations/NNN_name.sql at build time.
 */
#ifndef SKOLESEC_MIGRATE_H
#define SKOLESEC_MIGRATE_H

struct db;

struct migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct migration migrations[];
extern const int nmigrations;

/* Applies every migration newer than the database's; returns how many were
 * applied, or -1 (nothing of the failing migration is kept). */
int migrate_up(struct db *db, char *err, int errlen) __attribute__((warn_unused_result));
/* Highest applied version, 0 for an empty database, -1 on error. */
int migrate_version(struct db *db);

#endif
