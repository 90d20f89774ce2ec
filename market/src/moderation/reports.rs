//! Members' reports of ideas and shared plans, and the queue in which admins decide on them.
//! One report per member per item; at most `HOURLY_REPORTS` an hour per member.

use std::time::Duration;

use chrono::{DateTime, Utc};
use model::{
    AuditAction, AuditTarget, Msg, NewReport, NoticeKind, ReportDecision, ReportReason, ReportStatus, ReportTarget,
    ReportView,
};

use crate::accounts::audit;
use crate::accounts::{Viewer, admin::require_admin};
use crate::db::{Tx, is_unique_violation};
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, ideas, plans, query_as};

const HOURLY_REPORTS: i64 = 10;
pub const QUEUE_PAGE: i64 = 50;

/// Reports a public idea (not one's own).
pub async fn report_idea(market: &Market, reporter: &Viewer, idea_id: i64, report: NewReport) -> MarketResult<()> {
    let idea = ideas::get(market, idea_id, None, false).await?;
    if idea.author_id == reporter.id {
        return Err(MarketError::invalid("ideaId", Msg::new("不能举报自己的创意", "You cannot report your own idea")));
    }
    file(market, reporter, Target::Idea(idea_id), report).await
}

/// Reports a plan the reporter reads through its share link (owners do not report their own).
pub async fn report_plan(
    market: &Market,
    reporter: &Viewer,
    plan_id: i64,
    share: Option<&str>,
    report: NewReport,
) -> MarketResult<()> {
    // Readable through the share link as anyone reads it (a withdrawn link reads nothing)...
    plans::view(market, plan_id, None, share).await?;
    // ...and not the reporter's own.
    if plans::view(market, plan_id, Some(reporter.id), None).await.is_ok() {
        return Err(MarketError::invalid(
            "planId",
            Msg::new("不能举报自己的商业计划书", "You cannot report your own business plan"),
        ));
    }
    file(market, reporter, Target::Plan(plan_id), report).await
}

enum Target {
    Idea(i64),
    Plan(i64),
}

async fn file(market: &Market, reporter: &Viewer, target: Target, report: NewReport) -> MarketResult<()> {
    let report = report.normalized();
    report.validate().map_err(MarketError::Invalid)?;
    let (count, left) = market.cache.count(&format!("reports:{}", reporter.id), Duration::from_secs(3600)).await?;
    if count > HOURLY_REPORTS {
        return Err(MarketError::RateLimited { retry_after_secs: left });
    }
    let (idea_id, plan_id) = match target {
        Target::Idea(id) => (Some(id), None),
        Target::Plan(id) => (None, Some(id)),
    };
    let inserted = execute!(
        market.db.exec(),
        "INSERT INTO reports (reporter_id, idea_id, plan_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        reporter.id,
        idea_id,
        plan_id,
        report.reason.as_str(),
        &report.note,
        Utc::now()
    );
    match inserted {
        Ok(_) => {
            tracing::info!(reporter = reporter.id, ?idea_id, ?plan_id, reason = report.reason.as_str(), "report filed");
            Ok(())
        }
        Err(e) if is_unique_violation(&e) => Err(MarketError::Duplicate("report")),
        Err(e) => Err(e.into()),
    }
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    reason: String,
    note: String,
    status: String,
    reporter: String,
    created_at: DateTime<Utc>,
    handled_at: Option<DateTime<Utc>>,
    idea_id: i64,
    plan_id: Option<i64>,
    title: String,
    hidden: bool,
    shared: bool,
}

/// A report's target resolved to its idea: the reported idea, or the idea of the reported plan.
const SELECT_REPORT: &str = "SELECT r.id, r.reason, r.note, r.status, u.username AS reporter, r.created_at, r.handled_at, \
     i.id AS idea_id, r.plan_id, i.title, i.hidden, (p.share_token IS NOT NULL) AS shared \
     FROM reports r JOIN users u ON u.id = r.reporter_id \
     LEFT JOIN business_plans p ON p.id = r.plan_id \
     JOIN ideas i ON i.id = COALESCE(r.idea_id, p.idea_id)";

impl ReportRow {
    fn into_view(self) -> MarketResult<ReportView> {
        let bad = |what: &str, value: &str| anyhow::anyhow!("report {} has unknown {what} {value:?}", self.id);
        let reason = ReportReason::parse(&self.reason).ok_or_else(|| bad("reason", &self.reason))?;
        let status = ReportStatus::parse(&self.status).ok_or_else(|| bad("status", &self.status))?;
        let target = match self.plan_id {
            Some(plan_id) => {
                ReportTarget::Plan { plan_id, idea_id: self.idea_id, title: self.title, shared: self.shared }
            }
            None => ReportTarget::Idea { idea_id: self.idea_id, title: self.title, hidden: self.hidden },
        };
        Ok(ReportView {
            id: self.id,
            reason,
            note: self.note,
            status,
            reporter: self.reporter,
            target,
            created_at: self.created_at,
            handled_at: self.handled_at,
        })
    }
}

/// The queue: reports with this status, oldest open ones first (newest first once handled).
pub async fn queue(market: &Market, admin: &Viewer, status: ReportStatus, page: i64) -> MarketResult<Vec<ReportView>> {
    require_admin(admin)?;
    let order = if status == ReportStatus::Open { "r.id" } else { "r.id DESC" };
    let sql = format!("{SELECT_REPORT} WHERE r.status = ? ORDER BY {order} LIMIT ? OFFSET ?");
    let offset = (page.clamp(1, 100_000) - 1) * QUEUE_PAGE;
    let rows = query_as!(market.db.exec(), fetch_all, ReportRow, &sql, status.as_str(), QUEUE_PAGE, offset)?;
    rows.into_iter().map(ReportRow::into_view).collect()
}

async fn one(market: &Market, id: i64) -> MarketResult<ReportView> {
    let sql = format!("{SELECT_REPORT} WHERE r.id = ?");
    query_as!(market.db.exec(), fetch_optional, ReportRow, &sql, id)?.ok_or(MarketError::NotFound)?.into_view()
}

/// An admin's decision on an open report. Upholding hides the idea (every open report of it is
/// upheld with it) or ends the plan's share link; dismissing closes this report only.
pub async fn decide(market: &Market, admin: &Viewer, id: i64, decision: &ReportDecision) -> MarketResult<ReportView> {
    require_admin(admin)?;
    let report = one(market, id).await?;
    if report.status != ReportStatus::Open {
        return Err(MarketError::invalid(
            "reportId",
            Msg::new("该举报已经处理过了", "This report has already been decided"),
        ));
    }
    let now = Utc::now();
    if !decision.uphold {
        let mut tx = market.db.begin().await?;
        execute!(
            tx.exec(),
            "UPDATE reports SET status = 'dismissed', handled_by = ?, handled_at = ? WHERE id = ? AND status = 'open'",
            admin.id,
            now,
            id
        )?;
        let reason = Some(decision.reason.trim()).filter(|r| !r.is_empty());
        audit::record(&mut tx, admin, AuditAction::DismissReport, AuditTarget::Report(id), reason).await?;
        let author = match report.target {
            ReportTarget::Idea { idea_id, .. } => {
                let key = format!("report:{id}:dismissed");
                Some(super::tell_author(&mut tx, idea_id, NoticeKind::ReportDismissed, &key, None, now).await?)
            }
            ReportTarget::Plan { .. } => None,
        };
        tx.commit().await?;
        crate::notifications::announce(market, author).await;
        return one(market, id).await;
    }
    let reason = model::moderation_reason(&decision.reason).map_err(MarketError::Invalid)?;
    let upheld = AuditTarget::Report(id);
    match report.target {
        ReportTarget::Idea { idea_id, hidden: false, .. } => {
            // Hiding writes its own line with the hide; this one says why it happened.
            super::hide_idea(market, admin, idea_id, &reason).await?;
            let mut tx = market.db.begin().await?;
            audit::record(&mut tx, admin, AuditAction::UpholdReport, upheld, Some(&reason)).await?;
            tx.commit().await?;
        }
        ReportTarget::Idea { idea_id, hidden: true, .. } => {
            let mut tx = market.db.begin().await?;
            close_for_idea(&mut tx, idea_id, admin.id, &reason, now).await?;
            audit::record(&mut tx, admin, AuditAction::UpholdReport, upheld, Some(&reason)).await?;
            tx.commit().await?;
        }
        ReportTarget::Plan { plan_id, .. } => {
            plans::withdraw_sharing(market, plan_id).await?;
            let mut tx = market.db.begin().await?;
            execute!(
                tx.exec(),
                "UPDATE reports SET status = 'upheld', handled_by = ?, resolution = ?, handled_at = ? WHERE plan_id = ? AND status = 'open'",
                admin.id,
                &reason,
                now,
                plan_id
            )?;
            audit::record(&mut tx, admin, AuditAction::UpholdReport, upheld, Some(&reason)).await?;
            tx.commit().await?;
            tracing::info!(admin = admin.id, plan_id, "plan sharing withdrawn");
        }
    }
    one(market, id).await
}

/// Upholds every open report of an idea (it has just been hidden).
pub(super) async fn close_for_idea(
    tx: &mut Tx,
    idea_id: i64,
    admin: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> MarketResult<()> {
    execute!(
        tx.exec(),
        "UPDATE reports SET status = 'upheld', handled_by = ?, resolution = ?, handled_at = ? WHERE idea_id = ? AND status = 'open'",
        admin,
        reason,
        now,
        idea_id
    )?;
    Ok(())
}
