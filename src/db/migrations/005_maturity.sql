-- 005_maturity: rounds of the maturity self-assessment (issue 3). The
-- question set itself is content (data/maturity/*.json, URN + version);
-- a round records which set and version it answers.

CREATE TABLE maturity_rounds (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	set_urn TEXT NOT NULL,
	set_version TEXT NOT NULL,
	title TEXT NOT NULL,
	started_at BIGINT NOT NULL,
	closed_at BIGINT,            -- closed rounds are read-only and count in comparisons
	created_by BIGINT REFERENCES users(id)
);
CREATE INDEX maturity_rounds_org ON maturity_rounds(org_id);

CREATE TABLE maturity_answers (
	round_id BIGINT NOT NULL REFERENCES maturity_rounds(id),
	question_urn TEXT NOT NULL,
	level INTEGER,               -- 0..5; NULL when not relevant
	not_relevant INTEGER NOT NULL DEFAULT 0,
	comment TEXT NOT NULL DEFAULT '',
	evidence TEXT NOT NULL DEFAULT '',   -- a link (https://...) or a note
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (round_id, question_urn)
);
-- One open round per organisation (closing it allows the next): enforced
-- here so that two simultaneous "start" clicks cannot both succeed.
CREATE UNIQUE INDEX maturity_rounds_open ON maturity_rounds(org_id) WHERE closed_at IS NULL;
-- Peer comparison reads the closed rounds of one question set.
CREATE INDEX maturity_rounds_set ON maturity_rounds(set_urn, closed_at);
