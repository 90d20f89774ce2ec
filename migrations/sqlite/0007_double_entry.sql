-- Same as migrations/mysql/0007_double_entry.sql, in SQLite's dialect. SQLite cannot change a
-- CHECK or a UNIQUE constraint in place, so `users` and `credit_ledger` are rebuilt. The
-- migration runs in one transaction with foreign keys on: the old `users` rows are set aside,
-- the table dropped (its children's references fail for a moment, deferred), the new table
-- renamed into place and refilled, which settles every deferred reference before the commit.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE users_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username VARCHAR(50) NOT NULL COLLATE NOCASE,
  email VARCHAR(100) NOT NULL COLLATE NOCASE,
  password_hash VARCHAR(255) NOT NULL,
  phone VARCHAR(20),
  credits INT NOT NULL DEFAULT 1000,
  level TEXT NOT NULL DEFAULT 'bronze' CHECK (level IN ('bronze', 'silver', 'gold')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'banned')),
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin', 'agent', 'platform')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  session_epoch INT NOT NULL DEFAULT 0,
  invite_code VARCHAR(16) NULL,
  invited_by INTEGER NULL REFERENCES users(id),
  CONSTRAINT uq_users_username UNIQUE (username),
  CONSTRAINT uq_users_email UNIQUE (email),
  CONSTRAINT uq_users_phone UNIQUE (phone),
  CONSTRAINT ck_users_credits CHECK (credits >= 0 OR role = 'platform')
);
CREATE TEMP TABLE users_old AS SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
INSERT INTO users (id, username, email, password_hash, phone, credits, level, status, role, created_at, session_epoch, invite_code, invited_by)
SELECT id, username, email, password_hash, phone, credits, level, status, role, created_at, session_epoch, invite_code, invited_by
FROM users_old ORDER BY id;
DROP TABLE users_old;
CREATE UNIQUE INDEX uq_users_invite_code ON users (invite_code);
CREATE INDEX ix_users_invited_by ON users (invited_by);

CREATE TABLE credit_ledger_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  counterparty_id INTEGER NULL REFERENCES users(id),
  amount INT NOT NULL,
  balance_after INT NOT NULL,
  reason VARCHAR(40) NOT NULL,
  idempotency_key VARCHAR(120) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  actor_id INTEGER NULL REFERENCES users(id),
  memo VARCHAR(200) NULL,
  CONSTRAINT uq_credit_ledger_key UNIQUE (idempotency_key, user_id)
);
INSERT INTO credit_ledger_new (id, user_id, amount, balance_after, reason, idempotency_key, created_at)
SELECT id, user_id, amount, balance_after, reason, idempotency_key, created_at FROM credit_ledger ORDER BY id;
DROP TABLE credit_ledger;
ALTER TABLE credit_ledger_new RENAME TO credit_ledger;
CREATE INDEX ix_credit_ledger_user ON credit_ledger (user_id, id);
CREATE INDEX ix_credit_ledger_reason ON credit_ledger (user_id, reason, created_at);

INSERT INTO users (username, email, password_hash, phone, credits, role, created_at)
VALUES ('platform.ledger', 'platform@ledger.invalid', '!platform', NULL, 0, 'platform', CURRENT_TIMESTAMP);

UPDATE credit_ledger SET counterparty_id = (
  SELECT pay.user_id FROM credit_ledger pay
  WHERE pay.reason = 'auction_payout'
    AND pay.idempotency_key = substr(credit_ledger.idempotency_key, 1, length(credit_ledger.idempotency_key) - length('purchase')) || 'payout'
) WHERE reason = 'auction_purchase';
UPDATE credit_ledger SET counterparty_id = (
  SELECT buy.user_id FROM credit_ledger buy
  WHERE buy.reason = 'auction_purchase'
    AND buy.idempotency_key = substr(credit_ledger.idempotency_key, 1, length(credit_ledger.idempotency_key) - length('payout')) || 'purchase'
) WHERE reason = 'auction_payout';

INSERT INTO credit_ledger (user_id, counterparty_id, amount, balance_after, reason, idempotency_key, created_at)
SELECT p.id, l.user_id, -l.amount, -SUM(l.amount) OVER (ORDER BY l.id), l.reason, l.idempotency_key, l.created_at
FROM credit_ledger l CROSS JOIN users p
WHERE p.role = 'platform' AND l.counterparty_id IS NULL
ORDER BY l.id;

UPDATE users SET credits = (SELECT COALESCE(SUM(amount), 0) FROM credit_ledger WHERE user_id = users.id)
WHERE role = 'platform';
