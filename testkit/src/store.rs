//! Fresh stores for each test: a new SQLite file or a new MariaDB database, the in-process
//! cache or the real Redis under a random prefix.

use market::cache::Cache;
use market::db::Db;
use market::events::EventBus;
use market::sms::SmsSender;
use market::{Market, Settings};

use crate::{Backend, mysql_server_url, redis_url};

pub struct TestStore {
    pub market: Market,
    url: String,
    mysql_db: Option<String>,
    _dir: Option<tempdir::Dir>,
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub async fn store(backend: Backend) -> TestStore {
    store_with(backend, Settings::default()).await
}

pub async fn store_with(backend: Backend, settings: Settings) -> TestStore {
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    match backend {
        Backend::Embedded => {
            let dir = std::env::temp_dir().join(&name);
            std::fs::create_dir_all(&dir).expect("temp dir");
            let url = format!("sqlite://{}/test.db", dir.display());
            let db = Db::connect(&url, 8).await.expect("sqlite opens");
            let market = Market::new(db, Cache::memory(), EventBus::memory(), SmsSender::Log, settings);
            TestStore { market, url, mysql_db: None, _dir: Some(tempdir::Dir(dir)) }
        }
        Backend::Served => {
            let server = mysql_server_url();
            let admin = Db::connect_admin(&server).await;
            admin_exec(&admin, &format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
                .await;
            let url = format!("{server}/{name}");
            let db = Db::connect(&url, 20).await.expect("mariadb connects");
            let cache = Cache::redis(&redis_url(), &format!("{name}:")).await.expect("redis connects");
            let events = EventBus::redis(&redis_url(), &format!("{name}:")).await.expect("redis pub/sub");
            let market = Market::new(db, cache, events, SmsSender::Log, settings);
            TestStore { market, url, mysql_db: Some(name), _dir: None }
        }
    }
}

async fn admin_exec(pool: &sqlx::MySqlPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.expect("admin statement");
}

trait ConnectAdmin {
    async fn connect_admin(server: &str) -> sqlx::MySqlPool;
}

impl ConnectAdmin for Db {
    async fn connect_admin(server: &str) -> sqlx::MySqlPool {
        sqlx::MySqlPool::connect(server).await.expect("MariaDB must run on 127.0.0.1:3306 (see .ci/run)")
    }
}

impl TestStore {
    /// A second instance on the same database, cache and event bus, with a pool of its own.
    pub async fn beside(&self) -> Market {
        let mut market = self.market.clone();
        market.db = Db::connect(&self.url, 8).await.expect("second pool");
        market
    }

    pub async fn cleanup(self) {
        self.market.db.close().await;
        if let Some(name) = self.mysql_db {
            let admin = Db::connect_admin(&mysql_server_url()).await;
            admin_exec(&admin, &format!("DROP DATABASE {name}")).await;
        }
    }
}
