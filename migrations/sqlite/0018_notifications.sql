-- Same as migrations/mysql/0018_notifications.sql, in SQLite's dialect.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  kind VARCHAR(24) NOT NULL,
  idea_id INTEGER NULL,
  plan_id INTEGER NULL,
  amount BIGINT NULL,
  detail VARCHAR(200) NULL,
  event_key VARCHAR(100) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  read_at TIMESTAMP NULL,
  mail_state VARCHAR(8) NULL,
  mail_lease_until TIMESTAMP NULL,
  CONSTRAINT uq_notifications_event UNIQUE (user_id, event_key)
);
CREATE INDEX ix_notifications_user ON notifications (user_id, read_at, id);
CREATE INDEX ix_notifications_mail ON notifications (mail_state, mail_lease_until);

CREATE TABLE idea_watches (
  user_id INTEGER NOT NULL REFERENCES users(id),
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, idea_id)
);
CREATE INDEX ix_idea_watches_idea ON idea_watches (idea_id);

ALTER TABLE users ADD COLUMN notify_by_email BOOLEAN NOT NULL DEFAULT FALSE;
