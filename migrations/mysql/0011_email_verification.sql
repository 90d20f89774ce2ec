-- When the member proved the current email address is theirs (by the link mailed to it); NULL
-- until then, and again after every change of address.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP NULL;
