//! Finding members and reading one member's account for the console (admins only).

use chrono::{DateTime, Utc};
use model::{AccountStanding, IdeaStatus, MemberDetail, MemberIdea, MemberSummary, Msg};

use crate::accounts::{Viewer, require_admin};
use crate::db::like_pattern;
use crate::error::{MarketError, MarketResult};
use crate::{Market, credits, payments, query_as, query_scalar};

/// Members shown per search.
pub const RESULTS: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    username: String,
    email: String,
    phone: Option<String>,
    status: String,
    role: String,
    credits: i64,
    closing: bool,
    closed: bool,
    created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT id, username, email, phone, status, role, credits, (closing_due_at IS NOT NULL) AS closing, \
     (closed_at IS NOT NULL) AS closed, created_at FROM users";

impl Row {
    fn into_summary(self) -> MemberSummary {
        let standing = if self.closed {
            AccountStanding::Closed
        } else if self.closing {
            AccountStanding::Closing
        } else if self.status == "banned" {
            AccountStanding::Banned
        } else {
            AccountStanding::Active
        };
        MemberSummary {
            id: self.id,
            username: self.username,
            email: self.email,
            phone: self.phone,
            standing,
            is_admin: self.role == "admin",
            credits: self.credits,
            created_at: self.created_at,
        }
    }
}

/// Members whose name, email or phone contains `text` (all members, newest first, when empty).
pub async fn search(market: &Market, admin: &Viewer, text: &str) -> MarketResult<Vec<MemberSummary>> {
    require_admin(admin)?;
    let text = text.trim();
    if text.chars().count() > 100 {
        return Err(MarketError::invalid(
            "q",
            Msg::new("搜索内容最多 100 字", "Searches are at most 100 characters long"),
        ));
    }
    let pattern = like_pattern(text);
    let sql = format!(
        "{SELECT} WHERE role IN ('user', 'admin') AND (? = '' OR username LIKE ? ESCAPE '!' OR email LIKE ? ESCAPE '!' OR phone LIKE ? ESCAPE '!') \
         ORDER BY id DESC LIMIT ?"
    );
    let rows = query_as!(market.db.exec(), fetch_all, Row, &sql, text, &pattern, &pattern, &pattern, RESULTS)?;
    Ok(rows.into_iter().map(Row::into_summary).collect())
}

/// One member's page.
pub async fn detail(market: &Market, admin: &Viewer, id: i64) -> MarketResult<MemberDetail> {
    require_admin(admin)?;
    let sql = format!("{SELECT} WHERE id = ? AND role IN ('user', 'admin')");
    let member =
        query_as!(market.db.exec(), fetch_optional, Row, &sql, id)?.ok_or(MarketError::NotFound)?.into_summary();
    let ledger = credits::overview::overview(market, id, 1).await?.entries;
    let ideas: Vec<(i64, String, String, bool)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, String, String, bool),
        "SELECT id, title, status, hidden FROM ideas WHERE author_id = ? ORDER BY id DESC LIMIT 50",
        id
    )?;
    let ideas = ideas
        .into_iter()
        .map(|(id, title, status, hidden)| {
            let status =
                IdeaStatus::parse(&status).ok_or_else(|| anyhow::anyhow!("idea {id} has status {status:?}"))?;
            Ok(MemberIdea { id, title, status, hidden })
        })
        .collect::<MarketResult<Vec<_>>>()?;
    let orders = payments::orders::of_user(market, id).await?;
    let reports_against = query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM reports r LEFT JOIN business_plans p ON p.id = r.plan_id \
         JOIN ideas i ON i.id = COALESCE(r.idea_id, p.idea_id) WHERE i.author_id = ?",
        id
    )?;
    Ok(MemberDetail { member, ledger, ideas, orders, reports_against })
}
