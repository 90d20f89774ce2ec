//! A member's notifications: the list, the unread count live, marking read, watching an auction,
//! and whether the important ones are mailed.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use futures_util::StreamExt;
use market::events::sse_frame;
use market::notifications::{inbox, watches};
use market::{Market, MarketError, accounts};
use model::{MailPreference, Me, Msg, NoticePage, UnreadCount, Watching};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;
use crate::live::LiveStreams;
use crate::sse;

/// The signed-in member's notifications, newest first (30 a page)
#[utoipa::path(get, path = "/api/notifications", tag = "notifications", operation_id = "listNotifications",
    security(("bearerAuth" = [])), params(params::Before),
    responses((status = 200, description = "A page, with the unread count", body = NoticePage),
        Invalid, Unauthorized, TooManyRequests, Internal))]
pub async fn list(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<NoticePage>, ApiFailure> {
    let before = match params.get("before").map(|b| b.trim().parse::<i64>()) {
        None => None,
        Some(Ok(id)) if id > 0 => Some(id),
        Some(_) => {
            return Err(MarketError::invalid(
                "before",
                Msg::new("before 须为正整数", "before is a positive whole number"),
            )
            .into());
        }
    };
    Ok(Json(inbox::list(&market, viewer.id, before).await?))
}

/// How many notifications are unread
#[utoipa::path(get, path = "/api/notifications/unread", tag = "notifications", operation_id = "unreadNotifications",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The count", body = UnreadCount), Unauthorized, TooManyRequests, Internal))]
pub async fn unread(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<UnreadCount>, ApiFailure> {
    Ok(Json(UnreadCount { unread: inbox::unread(&market, viewer.id).await? }))
}

/// The unread count as server-sent events
///
/// An `unread` event (`{"unread": n}`) on connecting, and again whenever the count may have
/// changed, from any instance. A comment line is sent after 15 s without an event.
#[utoipa::path(get, path = "/api/notifications/stream", tag = "notifications", operation_id = "streamNotifications",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "An event stream", content_type = "text/event-stream", body = String),
        Unauthorized, TooManyRequests, Internal))]
pub async fn stream(
    State(market): State<Market>,
    State(live): State<LiveStreams>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, ApiFailure> {
    let user_id = viewer.id;
    // Subscribed before the first count is read, so no change falls between the two.
    let rx = market.events.subscribe_notices(user_id);
    let first = count_frame(&market, user_id).await?;
    let changes = futures_util::stream::unfold((rx, market), move |(mut rx, market)| async move {
        // A lagging or resynced receiver reads the count again all the same: it is one query.
        if let Err(tokio::sync::broadcast::error::RecvError::Closed) = rx.recv().await {
            return None;
        }
        let frame = count_frame(&market, user_id).await.ok()?;
        Some((frame, (rx, market)))
    });
    let frames = futures_util::stream::once(async move { first }).chain(changes);
    Ok(sse::response(live.follow(frames)))
}

async fn count_frame(market: &Market, user_id: i64) -> Result<bytes::Bytes, ApiFailure> {
    let count = UnreadCount { unread: inbox::unread(market, user_id).await? };
    Ok(sse_frame("unread", None, &serde_json::to_string(&count).unwrap_or_default()))
}

/// Mark one notification read
#[utoipa::path(post, path = "/api/notifications/{id}/read", tag = "notifications", operation_id = "readNotification",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The unread count after", body = UnreadCount),
        Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn read_one(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<UnreadCount>, ApiFailure> {
    Ok(Json(UnreadCount { unread: inbox::mark_read(&market, viewer.id, id).await? }))
}

/// Mark every notification read
#[utoipa::path(post, path = "/api/notifications/read", tag = "notifications", operation_id = "readAllNotifications",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "The unread count after", body = UnreadCount),
        Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn read_all(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<UnreadCount>, ApiFailure> {
    Ok(Json(UnreadCount { unread: inbox::mark_all_read(&market, viewer.id).await? }))
}

/// Whether the signed-in member watches an idea's auction
#[utoipa::path(get, path = "/api/ideas/{id}/watch", tag = "notifications", operation_id = "getWatch",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "Watching or not", body = Watching), Unauthorized, NotFound, TooManyRequests, Internal))]
pub async fn watching(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<Watching>, ApiFailure> {
    Ok(Json(Watching { watching: watches::is_watching(&market, viewer.id, id).await? }))
}

/// Watch an idea's auction: told in its last minute and when it closed (repeating is harmless)
#[utoipa::path(post, path = "/api/ideas/{id}/watch", tag = "notifications", operation_id = "watchIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "Watching", body = Watching),
        Invalid, Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn watch(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<Watching>, ApiFailure> {
    watches::watch(&market, viewer.id, id).await?;
    Ok(Json(Watching { watching: true }))
}

/// Stop watching an idea's auction (repeating is harmless)
#[utoipa::path(delete, path = "/api/ideas/{id}/watch", tag = "notifications", operation_id = "unwatchIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "Not watching", body = Watching),
        Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn unwatch(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<Watching>, ApiFailure> {
    watches::unwatch(&market, viewer.id, id).await?;
    Ok(Json(Watching { watching: false }))
}

/// Whether the important notifications are also mailed
///
/// Auction results, finished or failed plans, hidden ideas and top-ups; only to a verified
/// address, so the choice can be made before verifying.
#[utoipa::path(post, path = "/api/me/notification-mail", tag = "notifications", operation_id = "setNotificationMail",
    security(("bearerAuth" = [])), request_body(content = MailPreference, example = json!({"notifyByEmail": true})),
    responses((status = 200, description = "The user", body = Me),
        BodyErrors, Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn mail_preference(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(pref): ApiJson<MailPreference>,
) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::settings::set_notify_by_email(&market, &viewer, pref.notify_by_email).await?))
}
