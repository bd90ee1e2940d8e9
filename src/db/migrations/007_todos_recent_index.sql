-- 007_todos_recent_index: the dashboard lists an organisation's newest open
-- to-dos; this index lets it read them in order and stop after ten, instead
-- of sorting every open to-do (measured in docs/performance.md).
CREATE INDEX todos_org_open_recent ON todos(org_id, status, created_at, id);
