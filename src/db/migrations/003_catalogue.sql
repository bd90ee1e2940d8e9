-- 003_catalogue: the national catalogue of tools and vendors (issue 3).
-- Sets (platforms, logins, ...) are comma-separated keys from fixed lists
-- declared in src/domain/catalogue.c, stored as text so both engines read
-- them alike. search_text is the casefolded name, vendor and description,
-- written by the application, so search is one indexed LIKE on both engines.
-- name_fold and sort_key are likewise computed in C (src/domain/catalogue.c):
-- LOWER() and collations differ between the engines for æøå.

CREATE TABLE vendors (
	id @ID@,
	name TEXT NOT NULL,
	orgnr TEXT,                  -- Brønnøysund number (MOD11) when Norwegian
	country TEXT,                -- ISO 3166-1 alpha-2
	website TEXT,
	contact TEXT,
	org_id BIGINT REFERENCES orgs(id),   -- the vendor's own organisation, if any
	urn TEXT UNIQUE,             -- stable id of seeded vendors, e.g. urn:skolesec:vendor:kahoot
	name_fold TEXT NOT NULL DEFAULT '',  -- casefolded name: duplicates are refused in any case
	proposed_by BIGINT REFERENCES orgs(id),  -- set when a municipality named it in a proposal
	seed_json TEXT,              -- the seed file's facts as last loaded (see catalogue_load_seed)
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX vendors_name ON vendors(name);

CREATE TABLE tools (
	id @ID@,
	urn TEXT UNIQUE,             -- stable id of seeded tools, e.g. urn:skolesec:tool:kahoot
	name TEXT NOT NULL,
	vendor_id BIGINT REFERENCES vendors(id),
	category TEXT NOT NULL CHECK (category IN ('laeremiddel', 'samhandling', 'administrativt', 'plattform')),
	description TEXT NOT NULL DEFAULT '',
	website TEXT,
	platforms TEXT NOT NULL DEFAULT '',        -- web, ipad, chromebook, windows, android
	logins TEXT NOT NULL DEFAULT '',           -- feide, google, microsoft, own
	feide_attributes TEXT NOT NULL DEFAULT '',
	data_categories TEXT NOT NULL DEFAULT '',
	age_groups TEXT NOT NULL DEFAULT '',       -- barnetrinn, ungdomstrinn, vgs
	hosting_countries TEXT NOT NULL DEFAULT '',
	subprocessors TEXT NOT NULL DEFAULT '',
	certifications TEXT NOT NULL DEFAULT '',
	universe TEXT NOT NULL DEFAULT 'standalone' CHECK (universe IN ('google', 'microsoft', 'apple', 'feide', 'standalone')),
	status TEXT NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'proposed', 'merged', 'rejected')),
	proposed_by BIGINT REFERENCES orgs(id),    -- the municipality that proposed it
	merged_into BIGINT REFERENCES tools(id),
	search_text TEXT NOT NULL DEFAULT '',
	name_fold TEXT NOT NULL DEFAULT '',        -- casefolded name, for duplicate checks
	sort_key TEXT NOT NULL DEFAULT '',         -- hex of a Norwegian sort key (same order on both engines)
	status_reason TEXT NOT NULL DEFAULT '',    -- why a proposal was rejected
	source_url TEXT,                           -- the public source of a seeded tool's facts
	seed_json TEXT,                            -- the seed file's facts as last loaded
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX tools_status ON tools(status);
CREATE INDEX tools_vendor ON tools(vendor_id);
CREATE INDEX tools_proposed_by ON tools(proposed_by);
CREATE INDEX tools_sort ON tools(sort_key, id);
CREATE INDEX tools_name_fold ON tools(name_fold);
CREATE INDEX tools_merged_into ON tools(merged_into);
CREATE INDEX vendors_name_fold ON vendors(name_fold);
