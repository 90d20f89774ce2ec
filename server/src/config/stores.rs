//! Where data lives: the database, and Redis for the cache, sessions and events.

use super::reader::Reader;
use super::{AppEnv, Secret};

#[derive(Debug, Clone)]
pub struct Stores {
    pub database_url: Secret,
    pub database_max_connections: u32,
    pub redis_url: Option<Secret>,
    /// Prefix of every Redis key, so that several deployments can share one Redis.
    pub redis_prefix: String,
}

impl Stores {
    pub(super) fn read(r: &mut Reader, env: AppEnv) -> Self {
        let database_url = r.text("DATABASE_URL", "sqlite://data/ai-market.db");
        let redis_url = r.get("REDIS_URL");
        if env == AppEnv::Production {
            if database_url.starts_with("sqlite:") {
                r.problem("DATABASE_URL: production needs MySQL (mysql://…), not the embedded SQLite");
            }
            if redis_url.is_none() {
                r.problem("REDIS_URL: production needs Redis for sessions and the cache shared by every instance");
            }
        }
        Self {
            database_url: Secret(database_url),
            database_max_connections: r.number("DATABASE_MAX_CONNECTIONS", 20),
            redis_url: redis_url.map(Secret),
            redis_prefix: r.text("REDIS_PREFIX", "aimarket:"),
        }
    }
}
