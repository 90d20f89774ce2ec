-- Same as migrations/mysql/0002_auctions.sql, in SQLite's dialect.

ALTER TABLE ideas ADD COLUMN ai_disagreement DECIMAL(3,1) NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN analysis_lease_until TIMESTAMP NULL;

CREATE TABLE ai_analyses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  ai_agent VARCHAR(20) NOT NULL,
  score DECIMAL(3,1) NOT NULL,
  confidence DECIMAL(3,2) NOT NULL,
  valuation INT NOT NULL,
  analysis JSON NOT NULL,
  model VARCHAR(80) NOT NULL,
  offline BOOLEAN NOT NULL,
  fallback VARCHAR(200),
  created_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_ai_analyses_idea_agent UNIQUE (idea_id, ai_agent)
);

ALTER TABLE ai_bids ADD COLUMN reason VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE ai_bids ADD COLUMN round INT NOT NULL DEFAULT 0;

CREATE TABLE auctions (
  idea_id INTEGER PRIMARY KEY REFERENCES ideas(id),
  reserve INT NOT NULL,
  price INT,
  leader VARCHAR(20),
  round INT NOT NULL DEFAULT 0,
  seed BIGINT NOT NULL,
  opens_at TIMESTAMP NOT NULL,
  closes_at TIMESTAMP NOT NULL,
  next_round_at TIMESTAMP NOT NULL,
  extensions INT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  outcome TEXT CHECK (outcome IN ('sold', 'unsold')),
  winner_bid_id INTEGER,
  closed_at TIMESTAMP NULL
);
CREATE INDEX ix_auctions_due ON auctions (status, next_round_at);
CREATE INDEX ix_auctions_closing ON auctions (status, closes_at);
