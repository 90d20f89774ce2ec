-- Same as migrations/mysql/0006_invites_levels.sql, in SQLite's dialect (ALTER TABLE cannot add
-- constraints: the unique code is a unique index of the same name).
ALTER TABLE users ADD COLUMN invite_code VARCHAR(16) NULL;
ALTER TABLE users ADD COLUMN invited_by INTEGER NULL REFERENCES users(id);
CREATE UNIQUE INDEX uq_users_invite_code ON users (invite_code);
CREATE INDEX ix_users_invited_by ON users (invited_by);
CREATE INDEX ix_credit_ledger_reason ON credit_ledger (user_id, reason, created_at);
