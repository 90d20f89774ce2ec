-- Which version of the 用户协议 and 隐私政策 each member accepted, and when.
ALTER TABLE users
  ADD COLUMN terms_version VARCHAR(20) NULL,
  ADD COLUMN terms_accepted_at TIMESTAMP NULL;
