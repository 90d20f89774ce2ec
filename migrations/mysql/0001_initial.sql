-- The original plan's four tables (users, ideas, ai_bids, business_plans) with its columns,
-- plus what the product needs: roles, tags, likes and the credit ledger.
-- Production runs MySQL 8; tests run MariaDB: only SQL that both accept.

CREATE TABLE users (
  id INT PRIMARY KEY AUTO_INCREMENT,
  username VARCHAR(50) NOT NULL,
  email VARCHAR(100) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  phone VARCHAR(20),
  credits INT NOT NULL DEFAULT 1000,
  level ENUM('bronze', 'silver', 'gold') NOT NULL DEFAULT 'bronze',
  status ENUM('active', 'banned') NOT NULL DEFAULT 'active',
  role ENUM('user', 'admin', 'agent') NOT NULL DEFAULT 'user',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_users_username UNIQUE (username),
  CONSTRAINT uq_users_email UNIQUE (email),
  CONSTRAINT uq_users_phone UNIQUE (phone),
  CONSTRAINT ck_users_credits CHECK (credits >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ideas (
  id INT PRIMARY KEY AUTO_INCREMENT,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  category ENUM('tech', 'lifestyle', 'education', 'health', 'finance', 'entertainment') NOT NULL,
  author_id INT NOT NULL,
  status ENUM('pending', 'bidding', 'completed') NOT NULL DEFAULT 'pending',
  ai_score DECIMAL(3,1) NOT NULL DEFAULT 0,
  views INT NOT NULL DEFAULT 0,
  likes INT NOT NULL DEFAULT 0,
  featured BOOLEAN NOT NULL DEFAULT FALSE,
  hidden BOOLEAN NOT NULL DEFAULT FALSE,
  submitted_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_ideas_author FOREIGN KEY (author_id) REFERENCES users(id),
  INDEX ix_ideas_submitted (hidden, submitted_at),
  INDEX ix_ideas_category (hidden, category, submitted_at),
  INDEX ix_ideas_author (author_id, submitted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idea_tags (
  idea_id INT NOT NULL,
  tag VARCHAR(20) NOT NULL,
  PRIMARY KEY (idea_id, tag),
  CONSTRAINT fk_idea_tags_idea FOREIGN KEY (idea_id) REFERENCES ideas(id) ON DELETE CASCADE,
  INDEX ix_idea_tags_tag (tag)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idea_likes (
  idea_id INT NOT NULL,
  user_id INT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (idea_id, user_id),
  CONSTRAINT fk_idea_likes_idea FOREIGN KEY (idea_id) REFERENCES ideas(id) ON DELETE CASCADE,
  CONSTRAINT fk_idea_likes_user FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ai_bids (
  id INT PRIMARY KEY AUTO_INCREMENT,
  idea_id INT NOT NULL,
  ai_agent VARCHAR(50) NOT NULL,
  bid_amount INT NOT NULL,
  confidence DECIMAL(3,1) NOT NULL,
  analysis_result JSON,
  status ENUM('bidding', 'won', 'lost') NOT NULL DEFAULT 'bidding',
  bid_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_ai_bids_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  INDEX ix_ai_bids_idea (idea_id, bid_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE business_plans (
  id INT PRIMARY KEY AUTO_INCREMENT,
  idea_id INT NOT NULL,
  user_id INT NOT NULL,
  plan_data JSON NOT NULL,
  overall_score DECIMAL(3,1) NOT NULL DEFAULT 0,
  status ENUM('generating', 'completed', 'failed') NOT NULL DEFAULT 'generating',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_business_plans_idea FOREIGN KEY (idea_id) REFERENCES ideas(id),
  CONSTRAINT fk_business_plans_user FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: every credit movement is one row; users.credits is its running sum.
CREATE TABLE credit_ledger (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  user_id INT NOT NULL,
  amount INT NOT NULL,
  balance_after INT NOT NULL,
  reason VARCHAR(40) NOT NULL,
  idempotency_key VARCHAR(120) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT uq_credit_ledger_key UNIQUE (idempotency_key),
  CONSTRAINT fk_credit_ledger_user FOREIGN KEY (user_id) REFERENCES users(id),
  INDEX ix_credit_ledger_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
