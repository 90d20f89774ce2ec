//! Moderation: admins hide and unhide ideas with a reason, choose the featured ones (精选) for the
//! home page, members report ideas and shared plans
//! into a review queue (`reports`), and submissions are screened against forbidden words
//! (`screening`, which `ideas::create` asks).

pub mod reports;
pub mod screening;

use chrono::{DateTime, Utc};

use crate::accounts::audit;
use crate::accounts::{Viewer, admin::require_admin};
use crate::db::Tx;
use crate::error::{MarketError, MarketResult};
use crate::notifications::{self, NewNotice};
use crate::{Market, auction, ideas, query_scalar};
use model::{AuditAction, AuditTarget, Msg, NoticeKind};

/// Hides an idea from everyone but its author, who reads `reason` on its page. Lists and search
/// lose it at once on every instance (their cache generation moves), its page and streams answer
/// 404, and a running auction closes unsold: nobody is paid. Open reports of it are upheld.
pub async fn hide_idea(market: &Market, admin: &Viewer, idea_id: i64, reason: &str) -> MarketResult<()> {
    require_admin(admin)?;
    let reason = model::moderation_reason(reason).map_err(MarketError::Invalid)?;
    let now = Utc::now();
    let mut tx = market.db.begin().await?;
    match ideas::visibility::is_hidden(tx.exec(), idea_id).await? {
        None => return Err(MarketError::NotFound),
        Some(true) => {
            return Err(MarketError::invalid("ideaId", Msg::new("该创意已经隐藏", "This idea is already hidden")));
        }
        Some(false) => {}
    }
    ideas::visibility::hide(&mut tx, idea_id, &reason, admin.id, now).await?;
    reports::close_for_idea(&mut tx, idea_id, admin.id, &reason, now).await?;
    audit::record(&mut tx, admin, AuditAction::HideIdea, AuditTarget::Idea(idea_id), Some(&reason)).await?;
    // A hidden idea can be shown and hidden again: each hiding is its own event.
    let key = format!("idea:{idea_id}:hidden:{}", now.timestamp_millis());
    let author = tell_author(&mut tx, idea_id, NoticeKind::IdeaHidden, &key, Some(&reason), now).await?;
    tx.commit().await?;
    notifications::announce(market, [author]).await;
    tracing::info!(admin = admin.id, idea_id, "idea hidden");
    after_hiding(market, idea_id, now).await
}

/// Tells an idea's author what a moderator decided about it. Returns the author.
pub(crate) async fn tell_author(
    tx: &mut Tx,
    idea_id: i64,
    kind: NoticeKind,
    key: &str,
    detail: Option<&str>,
    now: DateTime<Utc>,
) -> MarketResult<i64> {
    let author = query_scalar!(tx.exec(), fetch_one, i64, "SELECT author_id FROM ideas WHERE id = ?", idea_id)?;
    let mut notice = NewNotice::new(author, kind, key).idea(idea_id);
    if let Some(detail) = detail {
        notice = notice.detail(detail);
    }
    notifications::record(tx, notice, now).await?;
    Ok(author)
}

/// What follows a hidden idea out of its transaction. Each step is safe to repeat, and a crash
/// before it is made good by the worker: `settle` never pays for a hidden idea.
async fn after_hiding(market: &Market, idea_id: i64, now: DateTime<Utc>) -> MarketResult<()> {
    ideas::invalidate_lists(market).await;
    auction::steps::settle(market, idea_id, now, false).await?;
    Ok(())
}

/// Makes a hidden idea public again, as it was: an idea held by the screening goes on to its
/// analysis and auction; one whose auction was stopped stays closed.
pub async fn unhide_idea(market: &Market, admin: &Viewer, idea_id: i64) -> MarketResult<()> {
    require_admin(admin)?;
    let mut tx = market.db.begin().await?;
    match ideas::visibility::is_hidden(tx.exec(), idea_id).await? {
        None => return Err(MarketError::NotFound),
        Some(false) => {
            return Err(MarketError::invalid("ideaId", Msg::new("该创意没有被隐藏", "This idea is not hidden")));
        }
        Some(true) => {}
    }
    ideas::visibility::unhide(&mut tx, idea_id).await?;
    audit::record(&mut tx, admin, AuditAction::UnhideIdea, AuditTarget::Idea(idea_id), None).await?;
    tx.commit().await?;
    ideas::invalidate_lists(market).await;
    tracing::info!(admin = admin.id, idea_id, "idea shown again");
    Ok(())
}

/// Features a visible idea on the home page (`on`), or takes it off. Refused for a hidden idea,
/// and for a change that changes nothing, so each audit line is a real change.
pub async fn feature_idea(market: &Market, admin: &Viewer, idea_id: i64, on: bool) -> MarketResult<()> {
    require_admin(admin)?;
    let mut tx = market.db.begin().await?;
    match ideas::visibility::is_hidden(tx.exec(), idea_id).await? {
        None => return Err(MarketError::NotFound),
        Some(true) if on => {
            return Err(MarketError::invalid(
                "ideaId",
                Msg::new("隐藏的创意不能设为精选", "A hidden idea cannot be featured"),
            ));
        }
        _ => {}
    }
    if !ideas::featured::set(&mut tx, idea_id, on.then_some(admin.id), Utc::now()).await? {
        let already = if on {
            Msg::new("该创意已经是精选", "This idea is already featured")
        } else {
            Msg::new("该创意不是精选", "This idea is not featured")
        };
        return Err(MarketError::invalid("ideaId", already));
    }
    let action = if on { AuditAction::FeatureIdea } else { AuditAction::UnfeatureIdea };
    audit::record(&mut tx, admin, action, AuditTarget::Idea(idea_id), None).await?;
    tx.commit().await?;
    ideas::invalidate_lists(market).await;
    tracing::info!(admin = admin.id, idea_id, on, "featured ideas changed");
    Ok(())
}
