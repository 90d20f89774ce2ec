-- Same as migrations/mysql/0003_plans.sql, in SQLite's dialect.

ALTER TABLE business_plans ADD COLUMN cost INT NOT NULL DEFAULT 0;
ALTER TABLE business_plans ADD COLUMN request_key VARCHAR(160) NULL;
ALTER TABLE business_plans ADD COLUMN share_token VARCHAR(64) NULL;
ALTER TABLE business_plans ADD COLUMN lease_until TIMESTAMP NULL;
ALTER TABLE business_plans ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE business_plans ADD COLUMN finished_at TIMESTAMP NULL;
CREATE UNIQUE INDEX uq_business_plans_request ON business_plans (request_key);
CREATE INDEX ix_business_plans_status ON business_plans (status, lease_until);
CREATE INDEX ix_business_plans_idea ON business_plans (idea_id, user_id);

CREATE TABLE plan_stages (
  plan_id INTEGER NOT NULL REFERENCES business_plans(id),
  stage VARCHAR(10) NOT NULL,
  started_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  finished_at TIMESTAMP NULL,
  agent VARCHAR(20) NULL,
  model VARCHAR(80) NULL,
  offline BOOLEAN NOT NULL DEFAULT FALSE,
  fallback VARCHAR(300) NULL,
  tokens BIGINT NOT NULL DEFAULT 0,
  millis BIGINT NOT NULL DEFAULT 0,
  content JSON NULL,
  PRIMARY KEY (plan_id, stage)
);
