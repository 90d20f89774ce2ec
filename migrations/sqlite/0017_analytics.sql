-- Same as migrations/mysql/0017_analytics.sql, in SQLite's dialect.
CREATE TABLE member_activity (
  day DATE NOT NULL,
  user_id INTEGER NOT NULL,
  sign_ins INTEGER NOT NULL DEFAULT 0,
  page_views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, user_id)
);
CREATE INDEX ix_member_activity_user ON member_activity (user_id, day);

ALTER TABLE ai_analyses ADD COLUMN latency_ms INTEGER NULL;
