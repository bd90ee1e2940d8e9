-- 012: indexes for two list queries of issues 4 and 7 whose cost grows with
-- time rather than with what they show.
--  - A municipality's list of adviser accesses (action = 'programme.adviser_access',
--    newest first) walked the organisation's whole change log when there were
--    fewer accesses than the page shows: (org_id, action, seq) finds them directly.
--  - The DBA register's "which agreements have a signed PDF" scanned every
--    organisation's documents (rows that hold the base64 file).
DROP INDEX audit_org_action;
CREATE INDEX audit_org_action ON audit(org_id, action, seq);
CREATE INDEX documents_org ON documents(org_id, assessment_id);
