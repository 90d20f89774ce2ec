-- Files on ideas. The object's key is made by the server; `name` is the uploader's file name,
-- kept only to show. A row is written `receiving` before its object, made `ready` once the
-- object is stored, and `deleting` before its objects go: the worker finishes what a crash left
-- (stale `receiving` rows, drafts never attached, `deleting` rows) and then deletes the row.
-- A draft (`idea_id` NULL) is a file uploaded on the submit form before its idea exists.
CREATE TABLE attachments (
  id INT PRIMARY KEY AUTO_INCREMENT,
  uploader_id INT NOT NULL,
  idea_id INT NULL,
  object_key CHAR(32) NOT NULL,
  kind ENUM('image', 'pdf') NOT NULL,
  content_type VARCHAR(40) NOT NULL,
  name VARCHAR(255) NOT NULL,
  bytes BIGINT NOT NULL DEFAULT 0,
  width INT NULL,
  height INT NULL,
  state ENUM('receiving', 'ready', 'deleting') NOT NULL DEFAULT 'receiving',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_attachments_uploader FOREIGN KEY (uploader_id) REFERENCES users(id),
  CONSTRAINT fk_attachments_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  UNIQUE KEY uq_attachments_key (object_key),
  INDEX ix_attachments_idea (idea_id, state, id),
  INDEX ix_attachments_uploader (uploader_id, idea_id, state),
  INDEX ix_attachments_state (state, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
