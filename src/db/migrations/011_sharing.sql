-- 011_sharing: publish, adopt and follow assessments across organisations,
-- the resource bank and full-text search over both (issue 5).
--
-- A publication is an immutable copy of one approved version of a source
-- assessment, with local content and withheld fields emptied before it is
-- stored: what another organisation may read is exactly `snapshot`, so no
-- query over share_pubs can leak the publisher's unpublished or local work.
-- Versions of one source form a series (source_id); `latest` marks the newest
-- so the library and the search index hold one row per series.
--
-- Visibility of a publication or resource: scope 'national' (every logged-in
-- user), or 'network' (the organisations in share_network_members of its
-- network, plus the publisher).

CREATE TABLE share_networks (
	id @ID@,
	owner_org_id BIGINT NOT NULL REFERENCES orgs(id),  -- who manages the member list
	name TEXT NOT NULL,
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX share_networks_owner ON share_networks(owner_org_id);

CREATE TABLE share_network_members (
	network_id BIGINT NOT NULL REFERENCES share_networks(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (network_id, org_id)
);
CREATE INDEX share_network_members_org ON share_network_members(org_id);

CREATE TABLE share_pubs (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),         -- the publisher
	source_id BIGINT REFERENCES assessments(id),        -- NULL: imported from a bundle
	source_version INTEGER NOT NULL,                    -- the approved version published
	pub_version INTEGER NOT NULL,                       -- 1, 2, ... within the series
	latest INTEGER NOT NULL DEFAULT 1,
	kind TEXT NOT NULL CHECK (kind IN ('ros', 'dpia', 'dba')),
	title TEXT NOT NULL,
	template_urn TEXT NOT NULL,
	template_version INTEGER NOT NULL,
	scope TEXT NOT NULL CHECK (scope IN ('national', 'network')),
	network_id BIGINT REFERENCES share_networks(id),
	snapshot TEXT NOT NULL,       -- assessment_snapshot() JSON, local/withheld content emptied
	withheld TEXT NOT NULL DEFAULT '[]',  -- JSON array of uids the publisher withheld
	conclusions TEXT NOT NULL DEFAULT '', -- summary for the library
	top_risks TEXT NOT NULL DEFAULT '',   -- JSON array of the highest residual risks
	published_by BIGINT REFERENCES users(id),
	published_at BIGINT NOT NULL,
	endorsed_by BIGINT REFERENCES users(id),
	endorsed_org BIGINT REFERENCES orgs(id),
	endorsed_at BIGINT
);
CREATE UNIQUE INDEX share_pubs_series ON share_pubs(org_id, source_id, pub_version);
CREATE INDEX share_pubs_latest ON share_pubs(latest, published_at);
CREATE INDEX share_pubs_network ON share_pubs(network_id);

CREATE TABLE share_pub_tools (
	pub_id BIGINT NOT NULL REFERENCES share_pubs(id),
	tool_id BIGINT NOT NULL REFERENCES tools(id),
	PRIMARY KEY (pub_id, tool_id)
);
CREATE INDEX share_pub_tools_tool ON share_pub_tools(tool_id);

-- An adopter's own assessment and the exact version it is based on. The
-- series is followed through base_pub's (org_id, source_id).
CREATE TABLE share_adoptions (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),            -- the adopter
	assessment_id BIGINT NOT NULL REFERENCES assessments(id),
	base_pub_id BIGINT NOT NULL REFERENCES share_pubs(id),
	adopted_by BIGINT REFERENCES users(id),
	adopted_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX share_adoptions_assessment ON share_adoptions(assessment_id);
CREATE INDEX share_adoptions_org ON share_adoptions(org_id);
CREATE INDEX share_adoptions_base ON share_adoptions(base_pub_id);

-- Ressursbank: guides, templates, routines, presentations as Markdown.
CREATE TABLE resources (
	id @ID@,
	org_id BIGINT NOT NULL REFERENCES orgs(id),     -- the author organisation
	kind TEXT NOT NULL CHECK (kind IN ('guide', 'template', 'routine', 'presentation')),
	title TEXT NOT NULL,
	body TEXT NOT NULL,                              -- Markdown, rendered in safe mode
	tags TEXT NOT NULL DEFAULT '',                   -- comma-separated
	competency_goal TEXT NOT NULL DEFAULT '',
	scope TEXT NOT NULL CHECK (scope IN ('draft', 'national', 'network')),
	network_id BIGINT REFERENCES share_networks(id),
	curated INTEGER NOT NULL DEFAULT 0,              -- picked by the national editor
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX resources_org ON resources(org_id);
CREATE INDEX resources_scope ON resources(scope, kind);

-- Full-text index of what is shared: doc_type 'pub' (latest versions only)
-- or 'resource' (published ones only), maintained by domain/search.c.
-- @if sqlite
CREATE VIRTUAL TABLE share_fts USING fts5(doc_type UNINDEXED, doc_id UNINDEXED,
	title, body, tokenize = 'unicode61 remove_diacritics 0');
-- ORDER BY rank: bm25 with a match in the title counting four times one in the body.
INSERT INTO share_fts (share_fts, rank) VALUES ('rank', 'bm25(0.0, 0.0, 4.0, 1.0)');
-- @endif
-- @if pg
CREATE TABLE share_fts (
	doc_type TEXT NOT NULL,
	doc_id BIGINT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	tsv tsvector GENERATED ALWAYS AS
		(setweight(to_tsvector('norwegian', title), 'A') ||
		 setweight(to_tsvector('norwegian', body), 'B')) STORED,
	PRIMARY KEY (doc_type, doc_id)
);
-- fastupdate off: entries go straight into the index, not into a pending
-- list that every search scans linearly until the next VACUUM merges it
-- (a rare word took ~100 ms after 20,000 inserts). Read far more than written.
CREATE INDEX share_fts_tsv ON share_fts USING GIN (tsv) WITH (fastupdate = off);
-- @endif
