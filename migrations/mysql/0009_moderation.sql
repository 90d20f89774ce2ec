-- Moderation: why an idea is hidden, by whom (NULL: held by the screening on submission) and
-- since when; and members' reports of ideas and shared plans, with what an admin did about them.
ALTER TABLE ideas
  ADD COLUMN hidden_reason VARCHAR(500) NULL,
  ADD COLUMN hidden_by INT NULL,
  ADD COLUMN hidden_at TIMESTAMP NULL;

CREATE TABLE reports (
  id INT PRIMARY KEY AUTO_INCREMENT,
  reporter_id INT NOT NULL,
  idea_id INT NULL,
  plan_id INT NULL,
  reason ENUM('spam', 'illegal', 'infringement', 'abuse', 'other') NOT NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  status ENUM('open', 'upheld', 'dismissed') NOT NULL DEFAULT 'open',
  handled_by INT NULL,
  -- The admin's reason when upholding, which the author reads.
  resolution VARCHAR(500) NULL,
  handled_at TIMESTAMP NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users(id),
  CONSTRAINT fk_reports_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  CONSTRAINT fk_reports_plan FOREIGN KEY (plan_id) REFERENCES business_plans(id),
  CONSTRAINT ck_reports_one_target CHECK ((idea_id IS NULL) <> (plan_id IS NULL)),
  -- One report per member per item (NULLs do not collide, so each key covers one kind).
  UNIQUE KEY uq_reports_idea (reporter_id, idea_id),
  UNIQUE KEY uq_reports_plan (reporter_id, plan_id),
  INDEX ix_reports_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
