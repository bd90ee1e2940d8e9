-- 010_programmes: the regional advisory service (veiledertjeneste, issue 7).
--
-- A programme is a cohort run by a regional network (orgs.kind 'network')
-- with an adviser team, five phases with dates, a public recruitment page,
-- applications, participants, consent to adviser access, workshops with
-- attendance and tasks, per-participant documents and goal evidence, and an
-- evaluation at the end. Every row that belongs to a municipality carries
-- its org_id; every query of such rows is scoped by it.
--
-- Consent: a participant's org admin grants the programme's adviser team
-- read access (and comments) to its kartlegging, assessments and plan.
-- A row with withdrawn_at NULL is the active consent; withdrawing sets
-- withdrawn_at, and a new grant is a new row (the history stays). The
-- authz layer reads active consents on every request (domain/authz.c), so a
-- withdrawal takes effect at the next request. Every adviser access through
-- consent is an audit event ('programme.adviser_access') in the
-- municipality's own chain.

CREATE TABLE programmes (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),     -- the network that runs it
	title TEXT NOT NULL,
	gives TEXT NOT NULL DEFAULT '',                 -- what participation gives
	demands TEXT NOT NULL DEFAULT '',               -- what it demands
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	meeting_on TEXT,                                -- information meeting, YYYY-MM-DD
	meeting_time TEXT NOT NULL DEFAULT '',          -- e.g. 14:00-15:00
	meeting_link TEXT NOT NULL DEFAULT '',          -- online link, shown as text
	apply_by TEXT NOT NULL,                         -- last day for applications, YYYY-MM-DD
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX programmes_org ON programmes(org_id);

-- The adviser team: users of the running network.
CREATE TABLE programme_advisers (
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	user_id BIGINT NOT NULL REFERENCES users(id),
	PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX programme_advisers_user ON programme_advisers(user_id);

-- The five phases (position 1..5: Oppstart, Kartlegging, Nåsituasjon og
-- tiltak, Gjennomføring, Evaluering). When a phase is moved, the dates it
-- had are kept in moved_from_* so participants see what changed.
CREATE TABLE programme_phases (
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
	starts_on TEXT NOT NULL,                        -- YYYY-MM-DD
	ends_on TEXT NOT NULL,
	activities TEXT NOT NULL DEFAULT '',
	moved_from_start TEXT,
	moved_from_end TEXT,
	moved_at BIGINT,
	PRIMARY KEY (programme_id, position)
);

-- Registrations for the information meeting (public, no login).
CREATE TABLE programme_registrations (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	name TEXT NOT NULL,
	email TEXT NOT NULL,
	organisation TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX programme_registrations_email ON programme_registrations(programme_id, email);

CREATE TABLE programme_applications (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),     -- the applying municipality
	contact_name TEXT NOT NULL,
	contact_email TEXT NOT NULL,
	motivation TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
	message TEXT NOT NULL DEFAULT '',               -- the adviser team's answer
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	decided_by BIGINT REFERENCES users(id),
	decided_at BIGINT
);
CREATE UNIQUE INDEX programme_applications_org ON programme_applications(programme_id, org_id);
CREATE INDEX programme_applications_by_org ON programme_applications(org_id);

-- Participants: accepted municipalities. phase: how far the participant has
-- come (1..5), set by the adviser team.
CREATE TABLE programme_participants (
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	phase INTEGER NOT NULL DEFAULT 1 CHECK (phase BETWEEN 1 AND 5),
	joined_at BIGINT NOT NULL,
	PRIMARY KEY (programme_id, org_id)
);
CREATE INDEX programme_participants_org ON programme_participants(org_id);

CREATE TABLE programme_consents (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	granted_by BIGINT REFERENCES users(id),
	granted_at BIGINT NOT NULL,
	withdrawn_by BIGINT REFERENCES users(id),
	withdrawn_at BIGINT
);
CREATE UNIQUE INDEX programme_consents_active ON programme_consents(programme_id, org_id)
	WHERE withdrawn_at IS NULL;
CREATE INDEX programme_consents_org ON programme_consents(org_id);

-- Advisers' comments on a municipality's work: object_type 'maturity_round'
-- (object_id a round of org_id) or 'plan' (the action plan as a whole,
-- object_id = org_id).
CREATE TABLE programme_comments (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	object_type TEXT NOT NULL CHECK (object_type IN ('maturity_round', 'plan')),
	object_id BIGINT NOT NULL,
	body TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX programme_comments_object ON programme_comments(org_id, object_type, object_id);

-- Joint sessions (samlinger) and attendance per municipality.
CREATE TABLE programme_workshops (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	title TEXT NOT NULL,
	held_on TEXT NOT NULL,                          -- YYYY-MM-DD
	place TEXT NOT NULL DEFAULT '',                 -- a place, or an online link as text
	online INTEGER NOT NULL DEFAULT 0,
	agenda TEXT NOT NULL DEFAULT '',
	materials TEXT NOT NULL DEFAULT '',             -- one link or title per line
	created_at BIGINT NOT NULL
);
CREATE INDEX programme_workshops_programme ON programme_workshops(programme_id, held_on);

CREATE TABLE programme_attendance (
	workshop_id BIGINT NOT NULL REFERENCES programme_workshops(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	attended INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, org_id)
);

-- Work between sessions, per participant.
CREATE TABLE programme_tasks (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	workshop_id BIGINT REFERENCES programme_workshops(id),
	title TEXT NOT NULL,
	due_on TEXT NOT NULL,                           -- YYYY-MM-DD
	done_at BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX programme_tasks_org ON programme_tasks(programme_id, org_id, done_at, due_on);

-- Mandate, målbilde, omfang and prosjektplan: versioned structured text.
-- Each save is a new version; the org admin approves a version.
CREATE TABLE programme_documents (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('mandate', 'target', 'scope', 'plan')),
	version INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	approved_by BIGINT REFERENCES users(id),
	approved_at BIGINT
);
CREATE UNIQUE INDEX programme_documents_version ON programme_documents(programme_id, org_id, kind, version);

-- The three competency goals, each marked with evidence per participant.
CREATE TABLE programme_goals (
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	goal INTEGER NOT NULL CHECK (goal IN (1, 2, 3)),
	reached INTEGER NOT NULL DEFAULT 0,
	evidence TEXT NOT NULL DEFAULT '',
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (programme_id, org_id, goal)
);

-- The evaluation (questions: data/evaluation/*.json, URN + version), one
-- answer set per participant. anonymous: free text is listed without the
-- municipality's name.
CREATE TABLE programme_evaluations (
	id @ID@,
	programme_id BIGINT NOT NULL REFERENCES programmes(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	set_urn TEXT NOT NULL,
	set_version TEXT NOT NULL,
	anonymous INTEGER NOT NULL DEFAULT 0,
	submitted_by BIGINT REFERENCES users(id),
	submitted_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX programme_evaluations_org ON programme_evaluations(programme_id, org_id);

CREATE TABLE programme_eval_answers (
	evaluation_id BIGINT NOT NULL REFERENCES programme_evaluations(id),
	question_urn TEXT NOT NULL,
	score INTEGER,                                  -- 1..5 for scale questions
	body TEXT NOT NULL DEFAULT '',                  -- free text
	PRIMARY KEY (evaluation_id, question_urn)
);

-- The adviser-access list on the participation page reads the
-- municipality's audit events of one action.
CREATE INDEX audit_org_action ON audit(org_id, action);
