-- Same as migrations/mysql/0016_admin_totp.sql, in SQLite's dialect.
ALTER TABLE users ADD COLUMN totp_secret VARCHAR(64) NULL;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP NULL;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NULL;
