-- Double-entry credits: every movement is a transfer between two accounts, written as two
-- ledger rows (one per account) under the transfer's idempotency key, so that the rows of the
-- whole ledger sum to zero. The platform account issues credits (signup bonuses, rewards,
-- refunds, endowments) and receives what users spend; it is the one balance allowed below zero:
-- minus the credits in circulation.

ALTER TABLE users MODIFY role ENUM('user', 'admin', 'agent', 'platform') NOT NULL DEFAULT 'user';
ALTER TABLE users DROP CONSTRAINT ck_users_credits;
ALTER TABLE users ADD CONSTRAINT ck_users_credits CHECK (credits >= 0 OR role = 'platform');

ALTER TABLE credit_ledger
  ADD COLUMN counterparty_id INT NULL AFTER user_id,
  -- The admin behind an adjustment, and the reason they gave.
  ADD COLUMN actor_id INT NULL,
  ADD COLUMN memo VARCHAR(200) NULL,
  DROP INDEX uq_credit_ledger_key,
  ADD CONSTRAINT uq_credit_ledger_key UNIQUE (idempotency_key, user_id),
  ADD CONSTRAINT fk_credit_ledger_counterparty FOREIGN KEY (counterparty_id) REFERENCES users(id),
  ADD CONSTRAINT fk_credit_ledger_actor FOREIGN KEY (actor_id) REFERENCES users(id);

-- A name that registration refuses ('.'), so no person can ever hold it.
INSERT INTO users (username, email, password_hash, phone, credits, role, created_at)
VALUES ('platform.ledger', 'platform@ledger.invalid', '!platform', NULL, 0, 'platform', CURRENT_TIMESTAMP);

-- Earlier rows become transfers. An auction sale already had both sides: link them.
UPDATE credit_ledger buy
  JOIN credit_ledger pay
    ON pay.idempotency_key = CONCAT(SUBSTRING(buy.idempotency_key, 1, CHAR_LENGTH(buy.idempotency_key) - CHAR_LENGTH('purchase')), 'payout')
SET buy.counterparty_id = pay.user_id, pay.counterparty_id = buy.user_id
WHERE buy.reason = 'auction_purchase' AND pay.reason = 'auction_payout';

-- Every other earlier row was issued by or paid to the platform: give it the platform's side.
INSERT INTO credit_ledger (user_id, counterparty_id, amount, balance_after, reason, idempotency_key, created_at)
SELECT p.id, l.user_id, -l.amount, -SUM(l.amount) OVER (ORDER BY l.id), l.reason, l.idempotency_key, l.created_at
FROM credit_ledger l CROSS JOIN users p
WHERE p.role = 'platform' AND l.counterparty_id IS NULL
ORDER BY l.id;

UPDATE users SET credits = (SELECT COALESCE(SUM(amount), 0) FROM credit_ledger WHERE user_id = users.id)
WHERE role = 'platform';
