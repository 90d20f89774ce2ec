-- Closing an account (注销): when the member asked for it to end (after the cooling-off, unless
-- they sign in first), and when its personal data was erased.
ALTER TABLE users ADD COLUMN closing_due_at TIMESTAMP NULL;
ALTER TABLE users ADD COLUMN closed_at TIMESTAMP NULL;
-- The worker looks for both every half second.
CREATE INDEX ix_users_closing_due ON users (closing_due_at);
CREATE INDEX ix_users_closed ON users (closed_at);
