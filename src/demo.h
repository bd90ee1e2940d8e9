/*
 * demo.h - demonstration data for `skolesec demo` / `make run`: two
 * municipalities with schools and one user per role, a regional network, the
 * national editor and a vendor. Idempotent.
 */
#ifndef SKOLESEC_DEMO_H
#define SKOLESEC_DEMO_H

struct db;

#define DEMO_PASSWORD "skolesec-demo"

int demo_load(struct db *db, int print_logins) __attribute__((warn_unused_result));

#endif
