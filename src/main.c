/*
 * main.c - the skolesec command line: serve, init, migrate, demo, import,
 * user, backup, audit. Configuration comes from flags, then SKOLESEC_*
 * environment variables, then defaults (see usage()). Each command says
 * what it did on stdout and what went wrong on stderr, and exits non-zero
 * on failure.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "demo.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/catalogue.h"
#include "domain/maturity.h"
#include "domain/programme_eval.h"
#include "domain/template.h"
#include "domain/org.h"
#include "domain/user.h"
#include "html/i18n.h"
#include "http/server.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/num.h"
#include "core/buf.h"

struct config {
	const char *db, *bind, *static_dir, *data_dir, *po_dir, *pwhash;
	int64_t port, threads, max_body, max_upload, idle, absolute;
	int insecure_cookies;
};

static struct config cfg;

static const char *
env(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

static int
env_int(const char *name, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		*out = def;
		return 0;
	}
	if (num_parse_i64(v, min, max, out)) {
		fprintf(stderr, "skolesec: %s must be a whole number from %lld to %lld\n",
		    name, (long long)min, (long long)max);
		return -1;
	}
	return 0;
}

static void
usage(FILE *f)
{
	fputs(
"usage: skolesec COMMAND [options]\n"
"\n"
"Commands:\n"
"  serve               serve the web application (migrates first)\n"
"  init                create or upgrade the database and load the 357\n"
"                      municipalities and 15 counties (data/kommuner-2024.csv)\n"
"  migrate             apply database migrations only\n"
"  demo                init, then load demo organisations and users and print\n"
"                      the demo logins\n"
"  import schools FILE import schools from an NSR-shaped CSV or JSON file\n"
"                      (all or nothing; every bad line is reported)\n"
"  user add EMAIL NAME --org KIND:NUMBER --role ROLE\n"
"                      create a user (password from SKOLESEC_PASSWORD or stdin)\n"
"  user passwd EMAIL   set a user's password (from SKOLESEC_PASSWORD or stdin)\n"
"  backup FILE         copy a live SQLite database to FILE (PostgreSQL: pg_dump)\n"
"  audit verify        check the audit hash chains; exit 1 if one is broken\n"
"\n"
"Options (environment variable in brackets, default last):\n"
"  --db URL            database: sqlite:PATH or postgresql://...\n"
"                      [SKOLESEC_DB] sqlite:var/skolesec.db\n"
"  --bind ADDR         IPv4 address to listen on [SKOLESEC_BIND] 127.0.0.1\n"
"  --port N            port, 0 for any free one [SKOLESEC_PORT] 8080\n"
"  --threads N         request threads [SKOLESEC_THREADS] 4\n"
"  --static DIR        static files [SKOLESEC_STATIC] static\n"
"  --data DIR          reference data [SKOLESEC_DATA] data\n"
"  --po DIR            translation catalogues [SKOLESEC_PO] po\n"
"  --insecure-cookies  send cookies without the Secure flag (plain-HTTP testing\n"
"                      with browsers that refuse Secure cookies on http)\n"
"                      [SKOLESEC_INSECURE_COOKIES=1]\n"
"  -h, --help          this text\n"
"\n"
"Environment only:\n"
"  SKOLESEC_PWHASH     argon2id cost: standard (19 MiB, 2 passes: OWASP's\n"
"                      recommendation), interactive (64 MiB), moderate\n"
"                      (256 MiB), min (tests only); default standard\n"
"  SKOLESEC_MAX_BODY   largest request body of ordinary forms, in bytes\n"
"                      (default 1048576)\n"
"  SKOLESEC_MAX_UPLOAD largest body of an import form, in bytes (default\n"
"                      12582912: a 10 MB CSV pasted into a form)\n"
"  SKOLESEC_SESSION_IDLE, SKOLESEC_SESSION_MAX\n"
"                      session idle and absolute lifetime in seconds\n"
"                      (default 7200 and 43200)\n"
"  SKOLESEC_PASSWORD   password for 'user add' and 'user passwd'\n"
"  SKOLESEC_TRUSTED_PROXY  address of the reverse proxy (e.g. 127.0.0.1) whose\n"
"                      X-Forwarded-For names the client (rate limits, log)\n", f);
}

static int
parse_opts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "bind", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "static", required_argument, NULL, 's' },
		{ "data", required_argument, NULL, 'D' },
		{ "po", required_argument, NULL, 'P' },
		{ "insecure-cookies", no_argument, NULL, 'i' },
		{ "org", required_argument, NULL, 'o' },
		{ "role", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	cfg.db = env("SKOLESEC_DB", "sqlite:var/skolesec.db");
	cfg.bind = env("SKOLESEC_BIND", "127.0.0.1");
	cfg.static_dir = env("SKOLESEC_STATIC", "static");
	cfg.data_dir = env("SKOLESEC_DATA", "data");
	cfg.po_dir = env("SKOLESEC_PO", "po");
	cfg.pwhash = env("SKOLESEC_PWHASH", "standard");
	cfg.insecure_cookies = strcmp(env("SKOLESEC_INSECURE_COOKIES", "0"), "1") == 0;
	if (env_int("SKOLESEC_PORT", 8080, 0, 65535, &cfg.port) ||
	    env_int("SKOLESEC_THREADS", 4, 1, 256, &cfg.threads) ||
	    env_int("SKOLESEC_MAX_BODY", 1 << 20, 1024, 1 << 30, &cfg.max_body) ||
	    env_int("SKOLESEC_MAX_UPLOAD", 12 << 20, 1024, 1 << 30, &cfg.max_upload) ||
	    env_int("SKOLESEC_SESSION_IDLE", 7200, 60, 86400 * 30, &cfg.idle) ||
	    env_int("SKOLESEC_SESSION_MAX", 43200, 60, 86400 * 90, &cfg.absolute))
		return -1;
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg.db = optarg; break;
		case 'b': cfg.bind = optarg; break;
		case 's': cfg.static_dir = optarg; break;
		case 'D': cfg.data_dir = optarg; break;
		case 'P': cfg.po_dir = optarg; break;
		case 'i': cfg.insecure_cookies = 1; break;
		case 'o': setenv("SKOLESEC__ORG", optarg, 1); break;
		case 'r': setenv("SKOLESEC__ROLE", optarg, 1); break;
		case 'p':
			if (num_parse_i64(optarg, 0, 65535, &cfg.port)) {
				fprintf(stderr, "skolesec: --port must be 0-65535\n");
				return -1;
			}
			break;
		case 't':
			if (num_parse_i64(optarg, 1, 256, &cfg.threads)) {
				fprintf(stderr, "skolesec: --threads must be 1-256\n");
				return -1;
			}
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (auth_set_cost(cfg.pwhash)) {
		fprintf(stderr, "skolesec: SKOLESEC_PWHASH must be standard, interactive, moderate or min\n");
		return -1;
	}
	auth_set_session_limits(cfg.idle, cfg.absolute);
	return 0;
}

static struct db *
open_db(void)
{
	struct db *db;
	char err[512];

	if (db_open(cfg.db, &db, err, sizeof(err))) {
		fprintf(stderr, "skolesec: %s\n", err);
		return NULL;
	}
	return db;
}

static int
do_migrate(struct db *db)
{
	char err[1024];
	int n = migrate_up(db, err, sizeof(err));

	if (n < 0) {
		fprintf(stderr, "skolesec: %s\n", err);
		return -1;
	}
	if (n > 0)
		printf("skolesec: applied %d migration(s); schema version %d\n", n, migrate_version(db));
	return 0;
}

static int
do_init(struct db *db)
{
	char path[4096], err[1024];
	int n;

	if (do_migrate(db))
		return -1;
	snprintf(path, sizeof(path), "%s/kommuner-2024.csv", cfg.data_dir);
	if ((n = org_load_reference(db, path, (int64_t)time(NULL), err, sizeof(err))) < 0) {
		fprintf(stderr, "skolesec: %s\n", err);
		return -1;
	}
	printf("skolesec: %d municipalities checked in %s\n", n, cfg.db);
	snprintf(path, sizeof(path), "%s/catalogue/tools.json", cfg.data_dir);
	if ((n = catalogue_load_seed(db, path, (int64_t)time(NULL), err, sizeof(err))) < 0) {
		fprintf(stderr, "skolesec: %s\n", err);
		return -1;
	}
	printf("skolesec: %d catalogue tools checked\n", n);
	return 0;
}

/* Refreshes the planner's statistics after a bulk load: without them SQLite
 * sorts every catalogue match instead of walking the sort index (measured
 * in docs/performance.md). Cheap at this size; both engines know ANALYZE. */
static int
analyze(struct db *db)
{
	if (db_exec(db, "ANALYZE")) {
		fprintf(stderr, "skolesec: ANALYZE: %s\n", db_errmsg(db));
		return -1;
	}
	return 0;
}

static char *
read_file(const char *path, size_t max, size_t *len)
{
	struct buf b;
	int rc;

	buf_init(&b, max, NULL);
	rc = strcmp(path, "-") ? buf_load_file(&b, path) : buf_read_fp(&b, stdin);
	if (rc) {
		if (errno == EFBIG)
			fprintf(stderr, "skolesec: %s: larger than %zu bytes\n", path, max);
		else
			fprintf(stderr, "skolesec: %s: %s\n", path, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static int
cmd_import(struct db *db, int argc, char **argv)
{
	struct import_result res;
	struct arena a;
	struct buf errs;
	char *text;
	size_t len;
	int rc;

	if (optind + 2 != argc || strcmp(argv[optind], "schools") != 0) {
		fprintf(stderr, "usage: skolesec import schools FILE\n");
		return 2;
	}
	if ((text = read_file(argv[optind + 1], 32u << 20, &len)) == NULL)
		return 1;
	arena_init(&a, 512u << 20);
	buf_init(&errs, 1 << 20, NULL);
	memset(&res, 0, sizeof(res));
	res.errors = &errs;
	rc = school_import(db, &a, text, len, 0, (int64_t)time(NULL), &res);
	if (rc) {
		fprintf(stderr, "%s", buf_str(&errs) ? buf_str(&errs) : "too many errors\n");
		fprintf(stderr, "skolesec: nothing imported from %s\n", argv[optind + 1]);
	} else
		printf("skolesec: imported %d schools (%d new, %d updated)\n", res.rows,
		    res.created, res.updated);
	buf_free(&errs);
	arena_free(&a);
	free(text);
	return rc ? 1 : 0;
}

static char *
read_password(void)
{
	const char *e = getenv("SKOLESEC_PASSWORD");
	char line[512];

	if (e)
		return strdup(e);
	if (isatty(0))
		fprintf(stderr, "Password: ");
	if (fgets(line, sizeof(line), stdin) == NULL)
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return strdup(line);
}

static int
cmd_user(struct db *db, int argc, char **argv)
{
	const char *sub = optind < argc ? argv[optind] : "";
	char *pw = NULL;
	const char *prob;
	int64_t now = (int64_t)time(NULL), uid;
	int rc = 1;

	if (strcmp(sub, "add") == 0 && optind + 3 == argc) {
		const char *org = getenv("SKOLESEC__ORG"), *rname = getenv("SKOLESEC__ROLE");
		char kind[32] = "";
		const char *colon = org ? strchr(org, ':') : NULL;
		enum role role;
		int64_t oid;

		if (!colon || (size_t)(colon - org) >= sizeof(kind) || !rname || role_parse(rname, &role)) {
			fprintf(stderr, "usage: skolesec user add EMAIL NAME --org KIND:NUMBER --role ROLE\n"
			    "  e.g. --org municipality:4601 --role org_admin\n");
			return 2;
		}
		memcpy(kind, org, (size_t)(colon - org));
		if ((oid = org_find(db, kind, colon + 1)) <= 0) {
			fprintf(stderr, "skolesec: no organisation %s\n", org);
			return 1;
		}
		if (!role_fits_kind(role, kind)) {
			fprintf(stderr, "skolesec: role %s cannot be given in a %s\n", rname, kind);
			return 1;
		}
		if ((pw = read_password()) == NULL || (prob = auth_password_problem(pw))) {
			fprintf(stderr, "skolesec: %s\n", pw ? prob : "no password given");
			free(pw);
			return 1;
		}
		if (db_begin(db) == 0 &&
		    (uid = user_create(db, argv[optind + 1], argv[optind + 2], pw, 0, now)) > 0 &&
		    membership_add(db, uid, oid, role, NULL, 0, 0, now) == 0 && db_commit(db) == 0) {
			printf("skolesec: created %s as %s in %s\n", argv[optind + 1], rname, org);
			rc = 0;
		} else {
			db_rollback(db);
			fprintf(stderr, "skolesec: could not create %s (exists already?) %s\n",
			    argv[optind + 1], db_errmsg(db));
		}
	} else if (strcmp(sub, "passwd") == 0 && optind + 2 == argc) {
		if ((uid = user_find(db, argv[optind + 1])) <= 0) {
			fprintf(stderr, "skolesec: no user %s\n", argv[optind + 1]);
			return 1;
		}
		if ((pw = read_password()) == NULL || (prob = auth_password_problem(pw))) {
			fprintf(stderr, "skolesec: %s\n", pw ? prob : "no password given");
			free(pw);
			return 1;
		}
		if (db_begin(db) == 0 && user_set_password(db, uid, pw, 0, now) == 0 &&
		    session_delete_user(db, uid, 0) == 0 && db_commit(db) == 0) {
			printf("skolesec: password set for %s\n", argv[optind + 1]);
			rc = 0;
		} else {
			db_rollback(db);
			fprintf(stderr, "skolesec: %s\n", db_errmsg(db));
		}
	} else {
		fprintf(stderr, "usage: skolesec user add EMAIL NAME --org KIND:NUMBER --role ROLE\n"
		    "       skolesec user passwd EMAIL\n");
		return 2;
	}
	if (pw)
		free(pw);
	return rc;
}

/* The maturity question sets (data/maturity/ *.json), checked strictly:
 * a bad file stops the start with its name and the path of the problem. */
static int
load_maturity(void)
{
	char err[1024], tdir[4200];

	/* Issue 4: the ROS/DPIA/DBA templates (data/templates), equally strict. */
	snprintf(tdir, sizeof(tdir), "%s/templates", cfg.data_dir);
	if (maturity_init(cfg.data_dir, err, sizeof(err)) ||
	    evaluation_init(cfg.data_dir, err, sizeof(err)) ||	/* issue 7: evaluation questions */
	    templates_load(tdir, err, sizeof(err))) {
		fprintf(stderr, "skolesec: %s\n", err);
		return -1;
	}
	return 0;
}

static int
cmd_serve(void)
{
	struct app app;
	struct server_config sc;
	struct db *db;
	char err[1024];
	int rc;

	if ((db = open_db()) == NULL)
		return 1;
	rc = do_migrate(db);
	db_close(db);
	if (rc)
		return 1;
	if (i18n_load(cfg.po_dir, err, sizeof(err))) {
		fprintf(stderr, "skolesec: %s\n", err);
		return 1;
	}
	if (load_maturity())
		return 1;
	memset(&app, 0, sizeof(app));
	app.static_dir = cfg.static_dir;
	app.cookie_secure = !cfg.insecure_cookies;
	app.trusted_proxy = getenv("SKOLESEC_TRUSTED_PROXY");
	/* One connection per request thread and per worker, so no request
	 * waits for another's connection. */
	if (db_pool_open(cfg.db, (int)cfg.threads + 2, &app.pool, err, sizeof(err))) {
		fprintf(stderr, "skolesec: %s\n", err);
		return 1;
	}
	memset(&sc, 0, sizeof(sc));
	sc.bind = cfg.bind;
	sc.port = (int)cfg.port;
	sc.threads = (int)cfg.threads;
	/* Ordinary forms get the small limit, import routes (RF_UPLOAD) the
	 * large one; the route decides before any byte of the body is read. */
	app.max_body = (size_t)cfg.max_body;
	app.max_upload = (size_t)cfg.max_upload;
	sc.max_body = app.max_body > app.max_upload ? app.max_body : app.max_upload;
	sc.max_body_for = app_max_body;
	sc.max_header = 64 * 1024;
	sc.per_ip = 64;
	sc.timeout = 30;
	sc.begin = app_begin;
	sc.handle = app_handle;
	sc.end = app_end;
	sc.run_deferred = app_run_deferred;
	sc.workers = 2;
	sc.app = &app;
	rc = server_run(&sc);
	db_pool_close(app.pool);
	i18n_free();
	maturity_shutdown();
	log_info("stopped");
	return rc ? 1 : 0;
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	struct db *db;
	int rc = 1;

	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!*cmd) {
		usage(stderr);
		return 2;
	}
	if (auth_init()) {
		fprintf(stderr, "skolesec: libsodium failed to start\n");
		return 1;
	}
	if (parse_opts(argc, argv))
		return 2;
	if (!strcmp(cmd, "serve"))
		return cmd_serve();
	if (strcmp(cmd, "init") && strcmp(cmd, "migrate") && strcmp(cmd, "demo") &&
	    strcmp(cmd, "import") && strcmp(cmd, "user") && strcmp(cmd, "backup") &&
	    strcmp(cmd, "audit")) {
		fprintf(stderr, "skolesec: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	if ((db = open_db()) == NULL)
		return 1;
	if (!strcmp(cmd, "migrate"))
		rc = do_migrate(db) ? 1 : 0;
	else if (!strcmp(cmd, "init"))
		rc = do_init(db) || analyze(db) ? 1 : 0;
	else if (!strcmp(cmd, "demo"))
		rc = do_init(db) || load_maturity() || demo_load(db, 1) || analyze(db) ? 1 : 0;
	else if (do_migrate(db))
		rc = 1;
	else if (!strcmp(cmd, "import")) {
		rc = cmd_import(db, argc, argv);
		if (rc == 0 && analyze(db))
			rc = 1;
	} else if (!strcmp(cmd, "user"))
		rc = cmd_user(db, argc, argv);
	else if (!strcmp(cmd, "backup")) {
		char err[512];
		if (optind + 1 != argc) {
			fprintf(stderr, "usage: skolesec backup FILE\n");
			rc = 2;
		} else if (access(argv[optind], F_OK) == 0) {
			fprintf(stderr, "skolesec: %s exists; choose a new file\n", argv[optind]);
		} else if (db_sqlite_backup(db, argv[optind], err, sizeof(err))) {
			fprintf(stderr, "skolesec: %s\n", err);
		} else {
			printf("skolesec: backup written to %s\n", argv[optind]);
			rc = 0;
		}
	} else if (!strcmp(cmd, "audit")) {
		char msg[512];
		int v;
		if (optind >= argc || strcmp(argv[optind], "verify") != 0) {
			fprintf(stderr, "usage: skolesec audit verify\n");
			rc = 2;
		} else if ((v = audit_verify(db, msg, sizeof(msg))) < 0) {
			fprintf(stderr, "skolesec: %s\n", db_errmsg(db));
		} else {
			printf("skolesec: %s\n", msg);
			rc = v ? 1 : 0;
		}
	}
	db_close(db);
	return rc;
}
