-- 009_plan: priority list adjustments, the action plan (tiltaksplan) and
-- the signed status report (issue 6).
--
-- The priority list itself is computed, never stored: it is a pure
-- function of inventory, assessments, risks and maturity (see
-- docs/domain-model.md, "Priority"). Only the human part is stored: a
-- user's move of a row with a written reason.
--
-- Plan progress (read by issue 7, cohorts): per organisation, count
-- plan_measures by status; overdue = status IN ('not_started',
-- 'in_progress') AND due_date < today (YYYY-MM-DD text compares as a date).

-- A manual move of one row of the priority list: `adjust` points are added
-- to the computed score. A row is named by row_key: 'tool:<tool id>' or
-- 'maturity:<question URN>'. One current row per org and key; every move is
-- also in the audit log, so the history is kept there.
CREATE TABLE priority_moves (
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	row_key TEXT NOT NULL,
	adjust INTEGER NOT NULL,           -- points added to the score (may be < 0)
	reason TEXT NOT NULL,              -- required, shown on the row
	moved_by BIGINT REFERENCES users(id),
	moved_at BIGINT NOT NULL,
	PRIMARY KEY (org_id, row_key)
);

CREATE TABLE plan_measures (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	-- Where the measure came from; exactly the matching columns are set.
	--   risk:     assessment_id + item_uid (an assessment_items row, kind 'risk')
	--   todo:     todo_id (a screening to-do)
	--   maturity: round_id + question_urn (a low answer)
	--   priority: tool_id (a row of the priority list)
	--   free:     none
	source TEXT NOT NULL CHECK (source IN ('risk', 'todo', 'maturity', 'priority', 'free')),
	assessment_id BIGINT REFERENCES assessments(id),
	item_uid TEXT,
	todo_id BIGINT REFERENCES todos(id),
	round_id BIGINT REFERENCES maturity_rounds(id),
	question_urn TEXT,
	tool_id BIGINT REFERENCES tools(id),
	owner TEXT NOT NULL DEFAULT '',    -- a person or role, free text
	due_date TEXT,                     -- YYYY-MM-DD
	priority INTEGER NOT NULL DEFAULT 2 CHECK (priority IN (1, 2, 3)),  -- 1 high, 3 low
	status TEXT NOT NULL DEFAULT 'not_started'
		CHECK (status IN ('not_started', 'in_progress', 'done', 'postponed')),
	effort TEXT NOT NULL DEFAULT 'medium' CHECK (effort IN ('small', 'medium', 'large')),
	goal INTEGER CHECK (goal IS NULL OR goal IN (1, 2, 3)),  -- programme competency goal
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	done_at BIGINT
);
CREATE INDEX plan_measures_org ON plan_measures(org_id, status, due_date);
CREATE INDEX plan_measures_risk ON plan_measures(assessment_id, item_uid);
CREATE INDEX plan_measures_todo ON plan_measures(todo_id);

CREATE TABLE plan_comments (
	id @ID@,
	measure_id BIGINT NOT NULL REFERENCES plan_measures(id),
	body TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX plan_comments_measure ON plan_comments(measure_id);

-- A sign-off of the status report by an org admin: the date the report is
-- for, and the key figures as they were (JSON), so a stored sign-off says
-- what was signed even after the data moves on.
CREATE TABLE report_signoffs (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	report_date TEXT NOT NULL,         -- YYYY-MM-DD
	figures TEXT NOT NULL,             -- JSON object of the key figures
	comment TEXT NOT NULL DEFAULT '',
	signed_by BIGINT REFERENCES users(id),
	signed_at BIGINT NOT NULL
);
CREATE INDEX report_signoffs_org ON report_signoffs(org_id, signed_at);
