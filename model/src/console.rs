//! What the admin console shows of members.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{IdeaStatus, LedgerEntry, OrderView};

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccountStanding {
    Active,
    Banned,
    /// Closing (注销) within the cooling-off days.
    Closing,
    /// Closed and erased.
    Closed,
}

impl AccountStanding {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Active => "正常",
            Self::Banned => "已封禁",
            Self::Closing => "注销中",
            Self::Closed => "已注销",
        }
    }
}

/// A member in the console's search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MemberSummary {
    pub id: i64,
    pub username: String,
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub phone: Option<String>,
    pub standing: AccountStanding,
    pub is_admin: bool,
    pub credits: i64,
    pub created_at: DateTime<Utc>,
}

/// One of a member's ideas, as the console lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MemberIdea {
    pub id: i64,
    pub title: String,
    pub status: IdeaStatus,
    pub hidden: bool,
}

/// A member's page in the console: the account, the newest ledger rows, ideas and orders, and
/// how many reports their ideas drew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MemberDetail {
    pub member: MemberSummary,
    pub ledger: Vec<LedgerEntry>,
    pub ideas: Vec<MemberIdea>,
    pub orders: Vec<OrderView>,
    pub reports_against: i64,
}

/// An idea as the console lists it: visible or hidden, and how many reports wait on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsoleIdea {
    pub id: i64,
    pub title: String,
    pub author: String,
    pub status: IdeaStatus,
    pub hidden: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub hidden_reason: Option<String>,
    /// Chosen for the home page (精选).
    pub featured: bool,
    pub open_reports: i64,
    pub submitted_at: DateTime<Utc>,
}
