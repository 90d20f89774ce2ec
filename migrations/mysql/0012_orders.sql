-- Credit top-ups: one order per purchase, its money in integer fen. `out_trade_no` is our number
-- at the provider; `trade_no` the provider's once paid. The worker asks the provider about
-- unpaid orders from `next_check_at` on, and closes them after 30 minutes unpaid.
CREATE TABLE orders (
  id INT PRIMARY KEY AUTO_INCREMENT,
  user_id INT NOT NULL,
  credits BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  provider ENUM('alipay', 'dev') NOT NULL,
  out_trade_no VARCHAR(64) NOT NULL,
  trade_no VARCHAR(64) NULL,
  state ENUM('created', 'paid', 'credited', 'closed', 'refunded') NOT NULL DEFAULT 'created',
  idempotency_key VARCHAR(64) NOT NULL,
  next_check_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  paid_at TIMESTAMP NULL,
  closed_at TIMESTAMP NULL,
  refunded_at TIMESTAMP NULL,
  refunded_by INT NULL,
  refund_reason VARCHAR(500) NULL,
  -- When the provider confirmed the refund; the worker retries until it has.
  refund_confirmed_at TIMESTAMP NULL,
  CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users(id),
  CONSTRAINT ck_orders_amounts CHECK (credits > 0 AND amount_fen > 0),
  UNIQUE KEY uq_orders_out_trade_no (out_trade_no),
  UNIQUE KEY uq_orders_key (user_id, idempotency_key),
  INDEX ix_orders_user (user_id, id),
  INDEX ix_orders_due (state, next_check_at),
  INDEX ix_orders_paid (paid_at),
  INDEX ix_orders_refunded (refunded_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
