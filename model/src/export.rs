//! The member's own data, exported whole.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /api/me/export`: everything the market holds about a member, as one JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountExport {
    pub exported_at: DateTime<Utc>,
    pub account: crate::Me,
    pub registered_at: DateTime<Utc>,
    /// The member's own invite code, and who invited them (a username), if anyone.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub invite_code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub invited_by: Option<String>,
    /// Personal API tokens, by name; their secrets are never kept.
    pub api_tokens: Vec<crate::ApiTokenView>,
    pub ideas: Vec<crate::IdeaDetail>,
    pub likes: Vec<LikeRecord>,
    /// Auctions the member watches, and since when.
    #[serde(default)]
    pub watches: Vec<WatchRecord>,
    /// Every notification the member received, newest first.
    #[serde(default)]
    pub notifications: Vec<crate::Notice>,
    pub plans: Vec<crate::PlanView>,
    /// Every movement of the member's credits, oldest first.
    pub ledger: Vec<crate::LedgerEntry>,
}

/// An idea the member likes, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LikeRecord {
    pub idea_id: i64,
    pub liked_at: DateTime<Utc>,
}

/// An auction the member watches, and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WatchRecord {
    pub idea_id: i64,
    pub watched_since: DateTime<Utc>,
}
