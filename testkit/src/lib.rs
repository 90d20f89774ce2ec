//! What the tests of `market` and `server` and the benchmarks share: running a test on both
//! backends, a fresh store for each test, members registered the real way, reading the books,
//! and a fake AI provider.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test support: a broken assumption panics")]

pub mod alipay;
pub mod books;
pub mod fake;
pub mod files;
pub mod ideas;
pub mod members;
pub mod s3;
pub mod store;

pub use store::{TestStore, store, store_with};

/// Runs each named `async fn(Backend)` twice: as `embedded::name` on SQLite with the in-process
/// cache, and as `served::name` on MariaDB with Redis.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod embedded { $( #[tokio::test] async fn $name() { super::$name($crate::Backend::Embedded).await } )* }
        mod served { $( #[tokio::test] async fn $name() { super::$name($crate::Backend::Served).await } )* }
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite with the in-process cache: the embedded default.
    Embedded,
    /// MariaDB with Redis.
    Served,
}

/// The MariaDB server the served backend makes its databases on.
pub fn mysql_server_url() -> String {
    std::env::var("TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}
