-- Sessions live in the cache; each carries the epoch of its user at login. Raising the epoch
-- ("log out everywhere", a password change) ends every older session at its next request.
ALTER TABLE users ADD COLUMN session_epoch INT NOT NULL DEFAULT 0;
