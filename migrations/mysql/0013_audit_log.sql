-- The admins' audit log: who did what to what, when, why and from which address. Rows are only
-- ever inserted, in the transaction of the action they record.
CREATE TABLE audit_log (
  id INT PRIMARY KEY AUTO_INCREMENT,
  admin_id INT NOT NULL,
  action VARCHAR(40) NOT NULL,
  target_kind VARCHAR(20) NOT NULL,
  target_id BIGINT NOT NULL,
  reason VARCHAR(500) NULL,
  address VARCHAR(45) NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_audit_admin FOREIGN KEY (admin_id) REFERENCES users(id),
  INDEX ix_audit_admin (admin_id, id),
  INDEX ix_audit_action (action, id),
  INDEX ix_audit_target (target_kind, target_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
