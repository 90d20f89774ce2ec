-- The language of the interface each member chose ('zh-CN' or 'en'); visitors keep theirs in a cookie.
ALTER TABLE users ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'zh-CN';
