//! One storage layer over MySQL (production) and SQLite (the embedded default).
//!
//! Queries are written once in SQL that both dialects accept; the `query_*!` macros bind the
//! same arguments on whichever backend is live, so each call site stays a single statement.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{MySql, MySqlConnection, MySqlPool, Sqlite, SqliteConnection, SqlitePool, Transaction};

/// A connection pool on one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    MySql(MySqlPool),
    Sqlite(SqlitePool),
}

/// Where a statement runs: a pool, or the connection of an open transaction.
pub enum Exec<'a> {
    MySqlPool(&'a MySqlPool),
    SqlitePool(&'a SqlitePool),
    MySqlConn(&'a mut MySqlConnection),
    SqliteConn(&'a mut SqliteConnection),
}

/// An open transaction; dropped without `commit` it rolls back.
pub enum Tx {
    MySql(Transaction<'static, MySql>),
    Sqlite(Transaction<'static, Sqlite>),
}

/// What an `INSERT`, `UPDATE` or `DELETE` did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    pub rows: u64,
    pub last_id: i64,
}

/// A `LIKE ? ESCAPE '!'` pattern for values containing `text` literally: `!` escapes LIKE's
/// wildcards in both dialects (a backslash would mean different things to each).
pub fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '!') {
            p.push('!');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Applies what is new and tolerates applied migrations it does not know: a database that a
/// newer release migrated still starts the previous release, so a release whose migrations only
/// add can be rolled back by switching the binary back (deploy/README.md says which cannot).
fn migrator(mut migrator: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    migrator.set_ignore_missing(true);
    migrator
}

impl Db {
    /// Connects to `mysql://…` or `sqlite:…` and applies the migrations for that dialect.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        if url.starts_with("mysql:") || url.starts_with("mariadb:") {
            let url = url.replacen("mariadb:", "mysql:", 1);
            let options = MySqlConnectOptions::from_str(&url).context("parsing DATABASE_URL")?.charset("utf8mb4");
            let pool = MySqlPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await
                .context("connecting to MySQL")?;
            migrator(sqlx::migrate!("../migrations/mysql")).run(&pool).await.context("applying MySQL migrations")?;
            Ok(Self::MySql(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("parsing DATABASE_URL")?
                .create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10));
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating the database folder {}", dir.display()))?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.min(8))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .context("opening the SQLite database")?;
            migrator(sqlx::migrate!("../migrations/sqlite")).run(&pool).await.context("applying SQLite migrations")?;
            Ok(Self::Sqlite(pool))
        } else {
            anyhow::bail!("DATABASE_URL must start with mysql:// or sqlite: (got {url:?})")
        }
    }

    pub fn exec(&self) -> Exec<'_> {
        match self {
            Self::MySql(p) => Exec::MySqlPool(p),
            Self::Sqlite(p) => Exec::SqlitePool(p),
        }
    }

    /// Starts a transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so two
    /// read-then-write transactions wait for each other instead of failing with SQLITE_BUSY.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::MySql(p) => Tx::MySql(p.begin().await?),
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
        })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::MySql(_) => "mysql",
            Self::Sqlite(_) => "sqlite",
        }
    }

    /// For `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        crate::query_scalar!(self.exec(), fetch_one, i64, "SELECT 1").map(|_| ())
    }

    pub async fn close(&self) {
        match self {
            Self::MySql(p) => p.close().await,
            Self::Sqlite(p) => p.close().await,
        }
    }

    /// Connections in use and idle, for `/metrics`.
    pub fn pool_stats(&self) -> (u32, usize) {
        match self {
            Self::MySql(p) => (p.size(), p.num_idle()),
            Self::Sqlite(p) => (p.size(), p.num_idle()),
        }
    }
}

impl Tx {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Self::MySql(t) => Exec::MySqlConn(t),
            Self::Sqlite(t) => Exec::SqliteConn(t),
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::MySql(t) => t.commit().await,
            Self::Sqlite(t) => t.commit().await,
        }
    }
}

/// Whether an error is a unique-key violation that names `column` (MySQL names the constraint,
/// SQLite the column; our constraints are named `uq_<table>_<column>`, so both contain it).
pub fn is_unique_violation_on(err: &sqlx::Error, column: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_unique_violation() && db.message().contains(column),
        _ => false,
    }
}

pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Runs `sqlx::query_as` with the same binds on whichever backend `$exec` is.
#[macro_export]
macro_rules! query_as {
    ($exec:expr, $fetch:ident, $T:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $exec {
            $crate::db::Exec::MySqlPool(c) => ::sqlx::query_as::<::sqlx::MySql, $T>($sql)$(.bind($arg))*.$fetch(c).await,
            $crate::db::Exec::SqlitePool(c) => ::sqlx::query_as::<::sqlx::Sqlite, $T>($sql)$(.bind($arg))*.$fetch(c).await,
            $crate::db::Exec::MySqlConn(c) => ::sqlx::query_as::<::sqlx::MySql, $T>($sql)$(.bind($arg))*.$fetch(&mut *c).await,
            $crate::db::Exec::SqliteConn(c) => ::sqlx::query_as::<::sqlx::Sqlite, $T>($sql)$(.bind($arg))*.$fetch(&mut *c).await,
        }
    };
}

/// Runs `sqlx::query_scalar` with the same binds on whichever backend `$exec` is.
#[macro_export]
macro_rules! query_scalar {
    ($exec:expr, $fetch:ident, $T:ty, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $exec {
            $crate::db::Exec::MySqlPool(c) => ::sqlx::query_scalar::<::sqlx::MySql, $T>($sql)$(.bind($arg))*.$fetch(c).await,
            $crate::db::Exec::SqlitePool(c) => ::sqlx::query_scalar::<::sqlx::Sqlite, $T>($sql)$(.bind($arg))*.$fetch(c).await,
            $crate::db::Exec::MySqlConn(c) => ::sqlx::query_scalar::<::sqlx::MySql, $T>($sql)$(.bind($arg))*.$fetch(&mut *c).await,
            $crate::db::Exec::SqliteConn(c) => ::sqlx::query_scalar::<::sqlx::Sqlite, $T>($sql)$(.bind($arg))*.$fetch(&mut *c).await,
        }
    };
}

/// Runs a statement with the same binds on whichever backend `$exec` is; yields a [`Done`].
#[macro_export]
macro_rules! execute {
    ($exec:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        match $exec {
            $crate::db::Exec::MySqlPool(c) => ::sqlx::query::<::sqlx::MySql>($sql)$(.bind($arg))*.execute(c).await
                .map(|r| $crate::db::Done { rows: r.rows_affected(), last_id: r.last_insert_id() as i64 }),
            $crate::db::Exec::SqlitePool(c) => ::sqlx::query::<::sqlx::Sqlite>($sql)$(.bind($arg))*.execute(c).await
                .map(|r| $crate::db::Done { rows: r.rows_affected(), last_id: r.last_insert_rowid() }),
            $crate::db::Exec::MySqlConn(c) => ::sqlx::query::<::sqlx::MySql>($sql)$(.bind($arg))*.execute(&mut *c).await
                .map(|r| $crate::db::Done { rows: r.rows_affected(), last_id: r.last_insert_id() as i64 }),
            $crate::db::Exec::SqliteConn(c) => ::sqlx::query::<::sqlx::Sqlite>($sql)$(.bind($arg))*.execute(&mut *c).await
                .map(|r| $crate::db::Done { rows: r.rows_affected(), last_id: r.last_insert_rowid() }),
        }
    };
}

#[cfg(test)]
mod like_tests {
    use super::like_pattern;

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("50%_off!"), "%50!%!_off!!%");
        assert_eq!(like_pattern("冰箱"), "%冰箱%");
    }
}
