-- 008_assessments: ROS, DPIA and DBA as one kind of document (issue 4).
--
-- An assessment is a header plus items. Every item (an answer, a risk, a
-- measure, a checklist line, a sub-processor, a conclusion) has a stable
-- `uid` that never changes once given: versions are compared by it, and
-- sharing (issue 5) merges adopted copies by it. The item body is a JSON
-- object whose keys the template defines; the risk numbers are copied into
-- columns so heatmaps, priority lists and "top residual risks" are plain
-- indexed queries.
--
-- Approval freezes a version: the whole assessment as JSON in
-- assessment_versions.snapshot, never updated afterwards.

-- The risk matrix of an organisation (absent: the national 5x5 default).
CREATE TABLE risk_matrices (
	org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
	size INTEGER NOT NULL CHECK (size IN (4, 5)),
	likelihood_labels TEXT NOT NULL,   -- JSON array of `size` strings, low to high
	consequence_labels TEXT NOT NULL,  -- JSON array of `size` strings, low to high
	accept_max INTEGER NOT NULL,       -- score (L x C) <= accept_max: acceptable (green)
	measures_max INTEGER NOT NULL,     -- score <= measures_max: measures needed (yellow); above: red
	colours TEXT NOT NULL,             -- JSON array of three "#rrggbb": green, yellow, red
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT NOT NULL
);

CREATE TABLE assessments (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL CHECK (kind IN ('ros', 'dpia', 'dba')),
	title TEXT NOT NULL,
	template_urn TEXT NOT NULL,        -- e.g. urn:skolesec:template:ros:school-tools
	template_version INTEGER NOT NULL,
	-- DPIA levels: overarching, platform ("universe"), app. A lower level
	-- names the one it inherits from (same organisation).
	level TEXT CHECK (level IS NULL OR level IN ('overarching', 'platform', 'app')),
	parent_id BIGINT REFERENCES assessments(id),
	screening_id BIGINT REFERENCES screenings(id),  -- the screening a DPIA starts from
	vendor_id BIGINT REFERENCES vendors(id),        -- DBA: the processor
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'dpo_advice', 'approval', 'approved', 'needs_review')),
	version INTEGER NOT NULL DEFAULT 0,  -- the last frozen version (0: never approved)
	review_date TEXT,                    -- YYYY-MM-DD; passed -> needs_review
	review_reason TEXT NOT NULL DEFAULT '',  -- why it needs review (key), '' otherwise
	expires_on TEXT,                     -- DBA: agreement expiry/renewal, YYYY-MM-DD
	scope TEXT NOT NULL DEFAULT '',      -- ROS: what is assessed (tools, platform)
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX assessments_org ON assessments(org_id, kind, status);
CREATE INDEX assessments_parent ON assessments(parent_id);
CREATE INDEX assessments_vendor ON assessments(vendor_id);

-- The tools an assessment covers (a ROS or DPIA may cover a platform).
CREATE TABLE assessment_tools (
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	tool_id BIGINT NOT NULL REFERENCES tools(id),
	PRIMARY KEY (assessment_id, tool_id)
);
CREATE INDEX assessment_tools_tool ON assessment_tools(tool_id);

CREATE TABLE assessment_items (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	uid TEXT NOT NULL,       -- stable item id, unique within the assessment
	kind TEXT NOT NULL CHECK (kind IN ('field', 'risk', 'measure', 'check',
		'subprocessor', 'conclusion', 'dpo_advice', 'acceptance')),
	section TEXT NOT NULL DEFAULT '',  -- template section key
	position INTEGER NOT NULL,         -- order within the assessment
	local INTEGER NOT NULL DEFAULT 0,  -- 1: each organisation completes it itself
	data TEXT NOT NULL,                -- JSON object, keys per template
	-- Risk numbers (kind 'risk'), copied from data on every save.
	likelihood INTEGER,
	consequence INTEGER,
	res_likelihood INTEGER,
	res_consequence INTEGER,
	updated_by BIGINT REFERENCES users(id),
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX assessment_items_uid ON assessment_items(assessment_id, uid);
CREATE INDEX assessment_items_order ON assessment_items(assessment_id, position);

-- Frozen versions: one per approval.
CREATE TABLE assessment_versions (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	version INTEGER NOT NULL,
	snapshot TEXT NOT NULL,     -- JSON: header and items as at approval
	approved_by BIGINT REFERENCES users(id),
	approved_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX assessment_versions_number ON assessment_versions(assessment_id, version);

-- Workflow history: every status change with who, when and a comment.
CREATE TABLE assessment_steps (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	comment TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users(id),
	at BIGINT NOT NULL
);
CREATE INDEX assessment_steps_assessment ON assessment_steps(assessment_id);

-- Comments per item (item_uid '' : on the assessment as a whole).
CREATE TABLE assessment_comments (
	id @ID@,
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	item_uid TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	user_id BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX assessment_comments_item ON assessment_comments(assessment_id, item_uid);

-- Uploaded documents (a signed DBA as PDF). The content is base64 text so
-- both engines store it the same way through the same text binding.
CREATE TABLE documents (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	assessment_id BIGINT REFERENCES assessments(id),
	filename TEXT NOT NULL,
	mime TEXT NOT NULL,
	size BIGINT NOT NULL,
	sha256 TEXT NOT NULL,
	content TEXT NOT NULL,
	uploaded_by BIGINT REFERENCES users(id),
	uploaded_at BIGINT NOT NULL
);
CREATE INDEX documents_assessment ON documents(assessment_id);

-- The municipality's decision on a tool (one current row per org and tool;
-- the change log keeps the history).
CREATE TABLE tool_decisions (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	tool_id BIGINT NOT NULL REFERENCES tools(id),
	status TEXT NOT NULL CHECK (status IN ('under_review', 'approved',
		'approved_conditions', 'not_approved', 'phasing_out')),
	conditions TEXT NOT NULL DEFAULT '',
	usage_rules TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	ros_id BIGINT REFERENCES assessments(id),
	dpia_id BIGINT REFERENCES assessments(id),
	dba_id BIGINT REFERENCES assessments(id),
	exit_steps INTEGER NOT NULL DEFAULT 0,  -- bits: exit checklist steps done
	decided_by BIGINT REFERENCES users(id),
	decided_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX tool_decisions_org_tool ON tool_decisions(org_id, tool_id);
CREATE INDEX tool_decisions_tool ON tool_decisions(tool_id, status);
