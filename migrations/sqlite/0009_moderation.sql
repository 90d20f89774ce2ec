-- Same as migrations/mysql/0009_moderation.sql, in SQLite's dialect.
ALTER TABLE ideas ADD COLUMN hidden_reason VARCHAR(500) NULL;
ALTER TABLE ideas ADD COLUMN hidden_by INTEGER NULL;
ALTER TABLE ideas ADD COLUMN hidden_at TIMESTAMP NULL;

CREATE TABLE reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reporter_id INTEGER NOT NULL REFERENCES users(id),
  idea_id INTEGER NULL REFERENCES ideas(id),
  plan_id INTEGER NULL REFERENCES business_plans(id),
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'illegal', 'infringement', 'abuse', 'other')),
  note VARCHAR(500) NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  handled_by INTEGER NULL,
  resolution VARCHAR(500) NULL,
  handled_at TIMESTAMP NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CHECK ((idea_id IS NULL) <> (plan_id IS NULL)),
  CONSTRAINT uq_reports_idea UNIQUE (reporter_id, idea_id),
  CONSTRAINT uq_reports_plan UNIQUE (reporter_id, plan_id)
);
CREATE INDEX ix_reports_status ON reports (status, id);
