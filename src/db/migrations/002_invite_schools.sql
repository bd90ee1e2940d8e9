-- 002_invite_schools: an invitation as school leader names the schools the
-- new member will lead (JSON array of school ids, checked against the
-- organisation when the invitation is accepted).
ALTER TABLE invites ADD COLUMN schools TEXT NOT NULL DEFAULT '[]';
