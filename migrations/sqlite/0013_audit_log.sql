-- Same as migrations/mysql/0013_audit_log.sql, in SQLite's dialect.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  admin_id INTEGER NOT NULL REFERENCES users(id),
  action VARCHAR(40) NOT NULL,
  target_kind VARCHAR(20) NOT NULL,
  target_id BIGINT NOT NULL,
  reason VARCHAR(500) NULL,
  address VARCHAR(45) NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_audit_admin ON audit_log (admin_id, id);
CREATE INDEX ix_audit_action ON audit_log (action, id);
CREATE INDEX ix_audit_target ON audit_log (target_kind, target_id, id);
