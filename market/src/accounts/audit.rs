//! The admins' audit log (`audit_log`): who did what to what, when, why and from which address.
//! Each admin action writes its line in its own transaction, so an action and its line exist
//! together or not at all. Nothing here updates or deletes a line.

use chrono::{DateTime, Utc};
use model::{AuditAction, AuditEntry, AuditTarget};

use crate::accounts::{Viewer, require_admin};
use crate::db::Tx;
use crate::error::MarketResult;
use crate::{Market, execute, query_as};

/// Lines on one page of the log.
pub const PAGE: i64 = 50;

/// Writes one line for `admin`'s `action` on `target`, in the action's transaction.
pub async fn record(
    tx: &mut Tx,
    admin: &Viewer,
    action: AuditAction,
    target: AuditTarget,
    reason: Option<&str>,
) -> MarketResult<()> {
    execute!(
        tx.exec(),
        "INSERT INTO audit_log (admin_id, action, target_kind, target_id, reason, address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        admin.id,
        action.as_str(),
        target.kind(),
        target.id(),
        reason,
        admin.address.map(|a| a.to_string()),
        Utc::now()
    )?;
    Ok(())
}

/// Which lines to read: all, or those of one admin, one action or one target.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub admin: Option<String>,
    pub action: Option<AuditAction>,
    pub target: Option<AuditTarget>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    admin: String,
    action: String,
    target_kind: String,
    target_id: i64,
    reason: Option<String>,
    address: Option<String>,
    created_at: DateTime<Utc>,
}

/// One page of the log, newest first (admins only).
pub async fn list(market: &Market, viewer: &Viewer, filter: &Filter, page: i64) -> MarketResult<Vec<AuditEntry>> {
    require_admin(viewer)?;
    let offset = (page.max(1) - 1) * PAGE;
    // Empty strings and 0 stand for "any", so the statement stays one for both backends.
    let admin = filter.admin.as_deref().unwrap_or("");
    let action = filter.action.map_or("", AuditAction::as_str);
    let (kind, target) = filter.target.map_or(("", 0), |t| (t.kind(), t.id()));
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT a.id, u.username AS admin, a.action, a.target_kind, a.target_id, a.reason, a.address, a.created_at \
         FROM audit_log a JOIN users u ON u.id = a.admin_id \
         WHERE (? = '' OR u.username = ?) AND (? = '' OR a.action = ?) AND (? = '' OR (a.target_kind = ? AND a.target_id = ?)) \
         ORDER BY a.id DESC LIMIT ? OFFSET ?",
        admin,
        admin,
        action,
        action,
        kind,
        kind,
        target,
        PAGE,
        offset
    )?;
    rows.into_iter()
        .map(|r| {
            let action = AuditAction::parse(&r.action)
                .ok_or_else(|| anyhow::anyhow!("audit line {} has action {:?}", r.id, r.action))?;
            let target = AuditTarget::parse(&r.target_kind, r.target_id)
                .ok_or_else(|| anyhow::anyhow!("audit line {} has target {:?}", r.id, r.target_kind))?;
            Ok(AuditEntry {
                id: r.id,
                admin: r.admin,
                action,
                target,
                reason: r.reason,
                address: r.address,
                created_at: r.created_at,
            })
        })
        .collect()
}
