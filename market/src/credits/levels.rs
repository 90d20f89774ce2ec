//! Member levels from lifetime earnings, and the daily idea limit each level allows.

use chrono::Utc;
use model::{EARNING_REASONS, Level, NoticeKind};

use crate::db::{Exec, Tx};
use crate::error::{MarketError, MarketResult};
use crate::notifications::NewNotice;
use crate::{execute, query_scalar};

fn earned_sql(mysql: bool) -> String {
    let reasons = EARNING_REASONS.map(|r| format!("'{r}'")).join(", ");
    // MySQL sums INT columns to DECIMAL; SQLite already yields an integer.
    let sum = if mysql { "CAST(COALESCE(SUM(amount), 0) AS SIGNED)" } else { "COALESCE(SUM(amount), 0)" };
    format!("SELECT {sum} FROM credit_ledger WHERE user_id = ? AND amount > 0 AND reason IN ({reasons})")
}

/// A user's lifetime earnings: positive ledger rows with an earning reason.
pub async fn earned(exec: Exec<'_>, user_id: i64) -> MarketResult<i64> {
    let mysql = matches!(exec, Exec::MySqlPool(_) | Exec::MySqlConn(_));
    Ok(query_scalar!(exec, fetch_one, i64, &earned_sql(mysql), user_id)?)
}

/// Sets `users.level` from the earnings this transaction sees; called right after an earning
/// movement, so the level changes with the credits that earned it.
pub async fn refresh(tx: &mut Tx, user_id: i64) -> MarketResult<Level> {
    let level = Level::for_earnings(earned(tx.exec(), user_id).await?);
    let raised = execute!(
        tx.exec(),
        "UPDATE users SET level = ? WHERE id = ? AND level <> ?",
        level_str(level),
        user_id,
        level_str(level)
    )?;
    // Earnings only grow, so a changed level is a higher one; each is announced once ever.
    if raised.rows == 1 && level != Level::Bronze {
        let key = format!("level:{}", level_str(level));
        let notice = NewNotice::new(user_id, NoticeKind::LevelReached, &key).detail(level_str(level));
        crate::notifications::record(tx, notice, Utc::now()).await?;
    }
    Ok(level)
}

/// The database spelling of a level.
pub fn level_str(level: Level) -> &'static str {
    match level {
        Level::Bronze => "bronze",
        Level::Silver => "silver",
        Level::Gold => "gold",
    }
}

/// Refuses a new idea once the author has submitted their level's daily number since midnight
/// Beijing time. Locks the author's row first (MySQL) so two submissions cannot both pass;
/// SQLite's write transactions are serial already.
pub async fn check_daily_ideas(tx: &mut Tx, author_id: i64) -> MarketResult<()> {
    let sql = match &*tx {
        Tx::MySql(_) => "SELECT level FROM users WHERE id = ? FOR UPDATE",
        Tx::Sqlite(_) => "SELECT level FROM users WHERE id = ?",
    };
    let level: Option<String> = query_scalar!(tx.exec(), fetch_optional, String, sql, author_id)?;
    let level = level.as_deref().and_then(Level::parse).ok_or(MarketError::Unauthorized)?;
    let since = crate::beijing::day_start(Utc::now());
    let today: i64 = query_scalar!(
        tx.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM ideas WHERE author_id = ? AND submitted_at >= ?",
        author_id,
        since
    )?;
    let limit = level.daily_idea_limit();
    if today >= limit {
        return Err(MarketError::DailyLimit { level, limit });
    }
    Ok(())
}
