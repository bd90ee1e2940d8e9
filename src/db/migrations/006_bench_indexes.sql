-- 006_bench_indexes: indexes the national-scale bench (bench/gen.c,
-- docs/performance.md "National scale") showed to be needed.
--
-- The dashboard's tool counts and assessment coverage (src/domain/dashboard.c
-- dash_tools, dash_coverage) read every inventory row of the organisation:
-- with only inventory(org_id) each row is a table lookup plus a temporary
-- B-tree for GROUP BY / COUNT(DISTINCT). This covering index makes both an
-- index-only scan in (state, tool_id) order on SQLite and PostgreSQL
-- (Bergen, 2,500 rows: SQLite 0.9 + 1.2 ms -> 0.15 + 0.44 ms).
CREATE INDEX inventory_org_state ON inventory(org_id, state, tool_id, has_ros, has_dpia, has_dba);

-- The peer comparison (maturity_compare) asks, per round, whether the same
-- organisation has a later closed round of the set. SQLite answered that
-- from maturity_rounds_set (set_urn, closed_at), i.e. by walking every later
-- round of every municipality: 300 municipalities took 41 ms, 14 ms with this.
CREATE INDEX maturity_rounds_org_set ON maturity_rounds(org_id, set_urn, closed_at);
