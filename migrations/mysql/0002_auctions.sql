-- The five agents' analyses and the live auction. Agents hold ledger accounts as users with
-- role 'agent' (created at start, endowed through the ledger).

ALTER TABLE ideas ADD COLUMN ai_disagreement DECIMAL(3,1) NOT NULL DEFAULT 0;
-- Which instance is analysing a pending idea, until when (a crashed instance's lease expires).
ALTER TABLE ideas ADD COLUMN analysis_lease_until TIMESTAMP(3) NULL;

CREATE TABLE ai_analyses (
  id INT PRIMARY KEY AUTO_INCREMENT,
  idea_id INT NOT NULL,
  ai_agent VARCHAR(20) NOT NULL,
  score DECIMAL(3,1) NOT NULL,
  confidence DECIMAL(3,2) NOT NULL,
  valuation INT NOT NULL,
  analysis JSON NOT NULL,
  model VARCHAR(80) NOT NULL,
  offline BOOLEAN NOT NULL,
  fallback VARCHAR(200),
  created_at TIMESTAMP(3) NOT NULL,
  CONSTRAINT uq_ai_analyses_idea_agent UNIQUE (idea_id, ai_agent),
  CONSTRAINT fk_ai_analyses_idea FOREIGN KEY (idea_id) REFERENCES ideas(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE ai_bids ADD COLUMN reason VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE ai_bids ADD COLUMN round INT NOT NULL DEFAULT 0;

CREATE TABLE auctions (
  idea_id INT PRIMARY KEY,
  reserve INT NOT NULL,
  price INT,
  leader VARCHAR(20),
  round INT NOT NULL DEFAULT 0,
  seed BIGINT NOT NULL,
  opens_at TIMESTAMP(3) NOT NULL,
  closes_at TIMESTAMP(3) NOT NULL,
  next_round_at TIMESTAMP(3) NOT NULL,
  extensions INT NOT NULL DEFAULT 0,
  status ENUM('open', 'closed') NOT NULL DEFAULT 'open',
  outcome ENUM('sold', 'unsold'),
  winner_bid_id INT,
  closed_at TIMESTAMP(3) NULL,
  CONSTRAINT fk_auctions_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  INDEX ix_auctions_due (status, next_round_at),
  INDEX ix_auctions_closing (status, closes_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
