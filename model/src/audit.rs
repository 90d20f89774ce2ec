//! The admins' audit log as the console and the API show it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an admin did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    AdjustCredits,
    Ban,
    Unban,
    HideIdea,
    UnhideIdea,
    FeatureIdea,
    UnfeatureIdea,
    UpholdReport,
    DismissReport,
    RefundOrder,
}

impl AuditAction {
    pub const ALL: [Self; 10] = [
        Self::AdjustCredits,
        Self::Ban,
        Self::Unban,
        Self::HideIdea,
        Self::UnhideIdea,
        Self::FeatureIdea,
        Self::UnfeatureIdea,
        Self::UpholdReport,
        Self::DismissReport,
        Self::RefundOrder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AdjustCredits => "adjust_credits",
            Self::Ban => "ban",
            Self::Unban => "unban",
            Self::HideIdea => "hide_idea",
            Self::UnhideIdea => "unhide_idea",
            Self::FeatureIdea => "feature_idea",
            Self::UnfeatureIdea => "unfeature_idea",
            Self::UpholdReport => "uphold_report",
            Self::DismissReport => "dismiss_report",
            Self::RefundOrder => "refund_order",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::AdjustCredits => "调整积分",
            Self::Ban => "封禁账号",
            Self::Unban => "解除封禁",
            Self::HideIdea => "隐藏创意",
            Self::UnhideIdea => "恢复创意",
            Self::FeatureIdea => "设为精选",
            Self::UnfeatureIdea => "取消精选",
            Self::UpholdReport => "举报成立",
            Self::DismissReport => "驳回举报",
            Self::RefundOrder => "订单退款",
        }
    }
}

/// What an action was done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum AuditTarget {
    User(i64),
    Idea(i64),
    Report(i64),
    Order(i64),
}

impl AuditTarget {
    pub fn kind(self) -> &'static str {
        match self {
            Self::User(_) => "user",
            Self::Idea(_) => "idea",
            Self::Report(_) => "report",
            Self::Order(_) => "order",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Self::User(id) | Self::Idea(id) | Self::Report(id) | Self::Order(id) => id,
        }
    }

    pub fn parse(kind: &str, id: i64) -> Option<Self> {
        Some(match kind {
            "user" => Self::User(id),
            "idea" => Self::Idea(id),
            "report" => Self::Report(id),
            "order" => Self::Order(id),
            _ => return None,
        })
    }

    /// `用户 #12`.
    pub fn label_zh(self) -> String {
        let what = match self {
            Self::User(_) => "用户",
            Self::Idea(_) => "创意",
            Self::Report(_) => "举报",
            Self::Order(_) => "订单",
        };
        format!("{what} #{}", self.id())
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub admin: String,
    pub action: AuditAction,
    pub target: AuditTarget,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub reason: Option<String>,
    /// The address the admin acted from, when known.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
}
