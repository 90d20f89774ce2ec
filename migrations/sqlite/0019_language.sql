-- Same as migrations/mysql/0019_language.sql, in SQLite's dialect.
ALTER TABLE users ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'zh-CN';
