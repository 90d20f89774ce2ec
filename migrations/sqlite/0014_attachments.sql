-- Same as migrations/mysql/0014_attachments.sql, in SQLite's dialect.
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uploader_id INTEGER NOT NULL REFERENCES users(id),
  idea_id INTEGER NULL REFERENCES ideas(id),
  object_key CHAR(32) NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('image', 'pdf')),
  content_type VARCHAR(40) NOT NULL,
  name VARCHAR(255) NOT NULL,
  bytes BIGINT NOT NULL DEFAULT 0,
  width INTEGER NULL,
  height INTEGER NULL,
  state TEXT NOT NULL DEFAULT 'receiving' CHECK (state IN ('receiving', 'ready', 'deleting')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_attachments_key UNIQUE (object_key)
);
CREATE INDEX ix_attachments_idea ON attachments (idea_id, state, id);
CREATE INDEX ix_attachments_uploader ON attachments (uploader_id, idea_id, state);
CREATE INDEX ix_attachments_state ON attachments (state, created_at);
