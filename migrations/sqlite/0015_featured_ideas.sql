-- Same as migrations/mysql/0015_featured_ideas.sql, in SQLite's dialect.
ALTER TABLE ideas ADD COLUMN featured_at TIMESTAMP NULL;
ALTER TABLE ideas ADD COLUMN featured_by INTEGER NULL;
CREATE INDEX ix_ideas_featured ON ideas (featured_at);
