-- Analytics: what no other table records. Each member's sign-ins and page views per Beijing day,
-- counted in memory and added every few seconds (as idea views are); and how long each agent's
-- analysis took (plan stages already keep theirs in `plan_stages.millis`).
CREATE TABLE member_activity (
  day DATE NOT NULL,
  user_id INT NOT NULL,
  sign_ins INT NOT NULL DEFAULT 0,
  page_views INT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, user_id),
  INDEX ix_member_activity_user (user_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE ai_analyses ADD COLUMN latency_ms INT NULL;
