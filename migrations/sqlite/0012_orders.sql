-- Same as migrations/mysql/0012_orders.sql, in SQLite's dialect.
CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  credits BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  provider TEXT NOT NULL CHECK (provider IN ('alipay', 'dev')),
  out_trade_no VARCHAR(64) NOT NULL,
  trade_no VARCHAR(64) NULL,
  state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'paid', 'credited', 'closed', 'refunded')),
  idempotency_key VARCHAR(64) NOT NULL,
  next_check_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  paid_at TIMESTAMP NULL,
  closed_at TIMESTAMP NULL,
  refunded_at TIMESTAMP NULL,
  refunded_by INTEGER NULL,
  refund_reason VARCHAR(500) NULL,
  refund_confirmed_at TIMESTAMP NULL,
  CHECK (credits > 0 AND amount_fen > 0),
  CONSTRAINT uq_orders_out_trade_no UNIQUE (out_trade_no),
  CONSTRAINT uq_orders_key UNIQUE (user_id, idempotency_key)
);
CREATE INDEX ix_orders_user ON orders (user_id, id);
CREATE INDEX ix_orders_due ON orders (state, next_check_at);
CREATE INDEX ix_orders_paid ON orders (paid_at);
CREATE INDEX ix_orders_refunded ON orders (refunded_at);
