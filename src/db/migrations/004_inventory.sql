-- 004_inventory: which tools a school owner uses, where and how (issue 3),
-- and the initial screening (innledende vurdering) with its to-dos.

CREATE TABLE inventory (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	tool_id BIGINT NOT NULL REFERENCES tools(id),
	school_id BIGINT REFERENCES schools(id),   -- NULL: the whole organisation
	grades TEXT NOT NULL DEFAULT '',           -- e.g. "1-4" or "8,9,10"
	pupils BIGINT,
	purpose TEXT NOT NULL DEFAULT '',
	data_categories TEXT NOT NULL DEFAULT '',
	feide_attributes TEXT NOT NULL DEFAULT '', -- attributes actually enabled
	responsible TEXT NOT NULL DEFAULT '',
	since TEXT,                                -- YYYY-MM-DD
	state TEXT NOT NULL DEFAULT 'in_use' CHECK (state IN ('in_use', 'trial', 'phasing_out')),
	has_ros INTEGER NOT NULL DEFAULT 0,
	has_dpia INTEGER NOT NULL DEFAULT 0,
	has_dba INTEGER NOT NULL DEFAULT 0,
	public INTEGER NOT NULL DEFAULT 0,         -- shown on the public transparency page
	usage_rules TEXT NOT NULL DEFAULT '',
	-- What the latest screening found needed (NULL: not screened yet).
	needs_ros INTEGER,
	needs_dpia INTEGER,
	needs_dba INTEGER,
	screened_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX inventory_org ON inventory(org_id);
CREATE INDEX inventory_tool ON inventory(tool_id);
CREATE INDEX inventory_school ON inventory(school_id);
CREATE UNIQUE INDEX inventory_unique ON inventory(org_id, tool_id, COALESCE(school_id, 0));

CREATE TABLE screenings (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	inventory_id BIGINT NOT NULL REFERENCES inventory(id),
	answers TEXT NOT NULL,       -- JSON: the questions answered
	criteria TEXT NOT NULL,      -- JSON array: EDPB/WP248 criteria met
	listed_cases TEXT NOT NULL,  -- JSON array: Datatilsynet Art. 35(4) cases met
	needs_ros INTEGER NOT NULL,
	needs_dpia INTEGER NOT NULL,
	needs_dba INTEGER NOT NULL,
	reasons TEXT NOT NULL,       -- JSON array of reason keys
	screened_by BIGINT REFERENCES users(id),
	screened_at BIGINT NOT NULL
);
CREATE INDEX screenings_inventory ON screenings(inventory_id);
CREATE INDEX screenings_org ON screenings(org_id);

CREATE TABLE todos (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	inventory_id BIGINT REFERENCES inventory(id),
	kind TEXT NOT NULL CHECK (kind IN ('ros', 'dpia', 'dba', 'other')),
	title TEXT NOT NULL,
	source TEXT NOT NULL,        -- e.g. "screening:12"
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
	created_at BIGINT NOT NULL,
	done_at BIGINT
);
CREATE INDEX todos_org ON todos(org_id, status);
CREATE INDEX todos_inventory ON todos(inventory_id);
