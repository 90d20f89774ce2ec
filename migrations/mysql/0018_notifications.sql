-- Notifications, each written in the transaction of the event that caused it, under a key naming
-- that event: the same event can never tell the same member twice, however often the step that
-- causes it is retried. `mail_state` is 'due' when it is also to be mailed and 'sent' once it was;
-- the worker holds a due mail with `mail_lease_until` while it sends it. No foreign key on
-- `user_id`: InnoDB would take a shared lock on the member's row inside the ledger's
-- transactions, out of the order in which those lock accounts.
CREATE TABLE notifications (
  id INT PRIMARY KEY AUTO_INCREMENT,
  user_id INT NOT NULL,
  kind VARCHAR(24) NOT NULL,
  idea_id INT NULL,
  plan_id INT NULL,
  amount BIGINT NULL,
  detail VARCHAR(200) NULL,
  event_key VARCHAR(100) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  read_at TIMESTAMP NULL,
  mail_state VARCHAR(8) NULL,
  mail_lease_until TIMESTAMP NULL,
  UNIQUE KEY uq_notifications_event (user_id, event_key),
  INDEX ix_notifications_user (user_id, read_at, id),
  INDEX ix_notifications_mail (mail_state, mail_lease_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Members watching an idea's auction, to be told when it is closing and when it closed.
CREATE TABLE idea_watches (
  user_id INT NOT NULL,
  idea_id INT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, idea_id),
  CONSTRAINT fk_idea_watches_user FOREIGN KEY (user_id) REFERENCES users(id),
  CONSTRAINT fk_idea_watches_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  INDEX ix_idea_watches_idea (idea_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE users ADD COLUMN notify_by_email BOOLEAN NOT NULL DEFAULT FALSE;
