-- 001_init: organisations, schools, people, sessions, invitations, audit.
-- Dialect shared by SQLite and PostgreSQL; @ID@ becomes each engine's
-- auto-increment primary key. Times are Unix seconds, booleans 0/1.

CREATE TABLE orgs (
	id @ID@,
	kind TEXT NOT NULL CHECK (kind IN ('municipality', 'county', 'network', 'national', 'vendor')),
	name TEXT NOT NULL,
	number TEXT,              -- kommunenummer / fylkesnummer (SSB)
	orgnr TEXT,               -- Brønnøysund organisation number
	parent_id BIGINT REFERENCES orgs(id),
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX orgs_kind_number ON orgs(kind, number);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE schools (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	orgnr TEXT,
	name TEXT NOT NULL,
	kommunenummer TEXT,
	pupils BIGINT,
	level TEXT NOT NULL CHECK (level IN ('grunnskole', 'videregaende', 'begge')),
	private INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL
);
CREATE INDEX schools_org ON schools(org_id);
CREATE UNIQUE INDEX schools_orgnr ON schools(orgnr);

CREATE TABLE users (
	id @ID@,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	pwhash TEXT,
	lang TEXT NOT NULL DEFAULT 'nb',
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	role TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);

-- A school leader's membership is limited to the schools listed here.
CREATE TABLE membership_schools (
	membership_id BIGINT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
	school_id BIGINT NOT NULL REFERENCES schools(id),
	PRIMARY KEY (membership_id, school_id)
);

CREATE TABLE sessions (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE invites (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	email TEXT NOT NULL,
	role TEXT NOT NULL,
	invited_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX invites_org ON invites(org_id);

CREATE TABLE ratelimit (
	key TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	count BIGINT NOT NULL
);

-- One hash chain per organisation (org_id 0: system events). The head row is
-- updated in the same transaction as the event, which serialises writers of
-- one chain on both engines.
CREATE TABLE audit_heads (
	org_id BIGINT PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
CREATE TABLE audit (
	id @ID@,
	org_id BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	at BIGINT NOT NULL,
	actor_id BIGINT,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id BIGINT,
	detail TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (org_id, seq)
);
