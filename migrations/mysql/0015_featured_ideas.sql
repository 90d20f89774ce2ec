-- Ideas an admin chose for the home page (精选创意): when and by whom; NULL when not featured.
ALTER TABLE ideas
  ADD COLUMN featured_at TIMESTAMP NULL,
  ADD COLUMN featured_by INT NULL,
  ADD INDEX ix_ideas_featured (featured_at);
