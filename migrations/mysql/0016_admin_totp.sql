-- The admins' second factor (TOTP): the shared secret (base32), when its first code was accepted
-- (NULL while it is only being set up), and the last time step accepted, so no code counts twice.
ALTER TABLE users
  ADD COLUMN totp_secret VARCHAR(64) NULL,
  ADD COLUMN totp_enabled_at TIMESTAMP NULL,
  ADD COLUMN totp_last_step BIGINT NULL;
