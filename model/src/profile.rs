//! A member's public author page (`/u/{username}`) and their own space (`/me`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{IdeaSummary, Level, Outcome, PlanStatus};

/// `GET /api/users/{username}`: what anyone may see of an author; nothing private.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthorPage {
    pub username: String,
    pub joined_at: DateTime<Utc>,
    pub level: Level,
    pub totals: AuthorTotals,
    /// Their published ideas, newest first (at most 100).
    pub ideas: Vec<IdeaSummary>,
}

/// An author's public figures, over their published ideas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthorTotals {
    pub ideas: i64,
    pub likes: i64,
    /// Ideas an agent bought at auction...
    pub sold: i64,
    /// ...and what the agents paid for them.
    pub sold_for: i64,
}

/// `GET /api/me/space`: the member's ideas, plans and watched auctions, and their credits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MySpace {
    pub username: String,
    pub credits: i64,
    pub level: Level,
    /// Everything their ideas earned: auction sales and plan royalties.
    pub earned: i64,
    /// Newest first, hidden ones included (at most 100).
    pub ideas: Vec<MyIdea>,
    /// Newest first (at most 50).
    pub plans: Vec<MyPlan>,
    /// Auctions they watch, newest watch first.
    pub watching: Vec<IdeaSummary>,
}

/// One of the member's ideas, with where it ended and what it earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyIdea {
    pub idea: IdeaSummary,
    pub hidden: bool,
    /// None until its auction closed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub outcome: Option<Outcome>,
    /// The sale and the royalties of plans others bought.
    pub earned: i64,
}

/// One of the member's business plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyPlan {
    pub id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub status: PlanStatus,
    pub overall_score: f64,
    pub created_at: DateTime<Utc>,
}

/// The address of an author's page.
pub fn author_path(username: &str) -> String {
    format!("/u/{}", crate::url::percent_encode(username))
}
