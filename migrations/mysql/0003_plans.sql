-- Business plans: what a plan cost, the request it answers (a retried request finds the same
-- plan and is charged once), its share link, and the lease of the instance generating it.

ALTER TABLE business_plans ADD COLUMN cost INT NOT NULL DEFAULT 0;
ALTER TABLE business_plans ADD COLUMN request_key VARCHAR(160) NULL;
ALTER TABLE business_plans ADD COLUMN share_token VARCHAR(64) NULL;
ALTER TABLE business_plans ADD COLUMN lease_until TIMESTAMP(3) NULL;
ALTER TABLE business_plans ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE business_plans ADD COLUMN finished_at TIMESTAMP(3) NULL;
ALTER TABLE business_plans ADD CONSTRAINT uq_business_plans_request UNIQUE (request_key);
CREATE INDEX ix_business_plans_status ON business_plans (status, lease_until);
CREATE INDEX ix_business_plans_idea ON business_plans (idea_id, user_id);

-- One row per stage once it starts; `content` is set when it finishes. A restart reruns only
-- the stages without content.
CREATE TABLE plan_stages (
  plan_id INT NOT NULL,
  stage VARCHAR(10) NOT NULL,
  started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  finished_at TIMESTAMP(3) NULL,
  agent VARCHAR(20) NULL,
  model VARCHAR(80) NULL,
  offline BOOLEAN NOT NULL DEFAULT FALSE,
  fallback VARCHAR(300) NULL,
  tokens BIGINT NOT NULL DEFAULT 0,
  millis BIGINT NOT NULL DEFAULT 0,
  content JSON NULL,
  PRIMARY KEY (plan_id, stage),
  CONSTRAINT fk_plan_stages_plan FOREIGN KEY (plan_id) REFERENCES business_plans(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

