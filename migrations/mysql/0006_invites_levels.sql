-- Invites: each user's personal code (filled at registration, or lazily for older accounts) and
-- who invited whom. Levels already live in users.level; earnings are summed from the ledger.
ALTER TABLE users
  ADD COLUMN invite_code VARCHAR(16) NULL,
  ADD COLUMN invited_by INT NULL,
  ADD CONSTRAINT uq_users_invite_code UNIQUE (invite_code),
  ADD CONSTRAINT fk_users_invited_by FOREIGN KEY (invited_by) REFERENCES users(id);

CREATE INDEX ix_users_invited_by ON users (invited_by);
-- Earnings per user and reason, and this month's invite rewards.
CREATE INDEX ix_credit_ledger_reason ON credit_ledger (user_id, reason, created_at);
