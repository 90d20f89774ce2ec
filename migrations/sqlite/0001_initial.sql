-- Same tables, columns and names as migrations/mysql, in SQLite's dialect.
-- ENUMs become CHECK constraints; case-insensitive names match MySQL's _ci collation.

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username VARCHAR(50) NOT NULL COLLATE NOCASE,
  email VARCHAR(100) NOT NULL COLLATE NOCASE,
  password_hash VARCHAR(255) NOT NULL,
  phone VARCHAR(20),
  credits INT NOT NULL DEFAULT 1000,
  level TEXT NOT NULL DEFAULT 'bronze' CHECK (level IN ('bronze', 'silver', 'gold')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'banned')),
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin', 'agent')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_users_username UNIQUE (username),
  CONSTRAINT uq_users_email UNIQUE (email),
  CONSTRAINT uq_users_phone UNIQUE (phone),
  CONSTRAINT ck_users_credits CHECK (credits >= 0)
);

CREATE TABLE ideas (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('tech', 'lifestyle', 'education', 'health', 'finance', 'entertainment')),
  author_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'bidding', 'completed')),
  ai_score DECIMAL(3,1) NOT NULL DEFAULT 0,
  views INT NOT NULL DEFAULT 0,
  likes INT NOT NULL DEFAULT 0,
  featured BOOLEAN NOT NULL DEFAULT FALSE,
  hidden BOOLEAN NOT NULL DEFAULT FALSE,
  submitted_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_ideas_submitted ON ideas (hidden, submitted_at);
CREATE INDEX ix_ideas_category ON ideas (hidden, category, submitted_at);
CREATE INDEX ix_ideas_author ON ideas (author_id, submitted_at);

CREATE TABLE idea_tags (
  idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  tag VARCHAR(20) NOT NULL COLLATE NOCASE,
  PRIMARY KEY (idea_id, tag)
);
CREATE INDEX ix_idea_tags_tag ON idea_tags (tag);

CREATE TABLE idea_likes (
  idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE ai_bids (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  ai_agent VARCHAR(50) NOT NULL,
  bid_amount INT NOT NULL,
  confidence DECIMAL(3,1) NOT NULL,
  analysis_result JSON,
  status TEXT NOT NULL DEFAULT 'bidding' CHECK (status IN ('bidding', 'won', 'lost')),
  bid_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_ai_bids_idea ON ai_bids (idea_id, bid_time);

CREATE TABLE business_plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  plan_data JSON NOT NULL,
  overall_score DECIMAL(3,1) NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'generating' CHECK (status IN ('generating', 'completed', 'failed')),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE credit_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  amount INT NOT NULL,
  balance_after INT NOT NULL,
  reason VARCHAR(40) NOT NULL,
  idempotency_key VARCHAR(120) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_credit_ledger_key UNIQUE (idempotency_key)
);
CREATE INDEX ix_credit_ledger_user ON credit_ledger (user_id, id);
