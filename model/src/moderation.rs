//! Moderation on the wire: members' reports, the review queue, and an admin's decisions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::Errors;
use crate::{FieldMsg, Msg};

/// The longest note a reporter may add, and the longest reason an admin may give.
pub const MODERATION_TEXT_MAX: usize = 500;

/// Why a member reports an idea or a shared plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportReason {
    Spam,
    Illegal,
    Infringement,
    Abuse,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [Self::Spam, Self::Illegal, Self::Infringement, Self::Abuse, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Illegal => "illegal",
            Self::Infringement => "infringement",
            Self::Abuse => "abuse",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Spam => "垃圾广告",
            Self::Illegal => "违法违规",
            Self::Infringement => "侵犯权益",
            Self::Abuse => "辱骂骚扰",
            Self::Other => "其他",
        }
    }
}

/// `POST /api/ideas/{id}/report` and `POST /api/business-plan/{id}/report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    pub reason: ReportReason,
    /// What is wrong, in the reporter's words: at most 500 characters, and needed for `other`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: String,
}

impl NewReport {
    pub fn normalized(mut self) -> Self {
        self.note = self.note.trim().to_owned();
        self
    }

    pub fn validate(&self) -> Result<(), Vec<FieldMsg>> {
        let mut e = Errors::default();
        if self.note.chars().count() > MODERATION_TEXT_MAX {
            e.push(
                "note",
                Msg::new(
                    format!("补充说明最多 {MODERATION_TEXT_MAX} 个字"),
                    format!("Notes are at most {MODERATION_TEXT_MAX} characters long"),
                ),
            );
        } else if self.reason == ReportReason::Other && self.note.is_empty() {
            e.push("note", Msg::new("选择“其他”时请写明原因", "With “Other”, please say why"));
        }
        e.finish()
    }
}

/// What a member reports from a page: an idea, or a plan read through its share link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportSubject {
    Idea(i64),
    Plan { id: i64, share: Option<String> },
}

/// What a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ReportTarget {
    Idea { idea_id: i64, title: String, hidden: bool },
    Plan { plan_id: i64, idea_id: i64, title: String, shared: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportStatus {
    /// Waiting for an admin.
    Open,
    /// The admin acted: the idea is hidden, or the plan no longer shared.
    Upheld,
    /// The admin found nothing to do.
    Dismissed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Upheld => "upheld",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Upheld, Self::Dismissed].into_iter().find(|r| r.as_str() == s)
    }
}

/// A report in the review queue (`GET /api/admin/reports`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: i64,
    pub reason: ReportReason,
    pub note: String,
    pub status: ReportStatus,
    pub reporter: String,
    pub target: ReportTarget,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub handled_at: Option<DateTime<Utc>>,
}

/// `POST /api/admin/reports/{id}`: uphold the report (hide the idea, or stop sharing the plan)
/// with a reason the author reads, or dismiss it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDecision {
    pub uphold: bool,
    /// Needed to uphold: 2–500 characters, shown to the author.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

/// `POST /api/admin/ideas/{id}/hide`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HideIdea {
    /// 2–500 characters, shown to the author.
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 500))]
    pub reason: String,
}

/// An admin's reason for hiding something: 2–500 characters once trimmed.
pub fn moderation_reason(raw: &str) -> Result<String, Vec<FieldMsg>> {
    let reason = raw.trim();
    let n = reason.chars().count();
    if !(2..=MODERATION_TEXT_MAX).contains(&n) {
        let message = Msg::new(
            format!("请写明原因（2–{MODERATION_TEXT_MAX} 个字），作者会看到"),
            format!("Please give a reason (2–{MODERATION_TEXT_MAX} characters); the author will read it"),
        );
        return Err(vec![FieldMsg::new("reason", message)]);
    }
    if reason.chars().any(char::is_control) {
        let message = Msg::new("原因不能包含控制字符", "Reasons cannot contain control characters");
        return Err(vec![FieldMsg::new("reason", message)]);
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_a_note_only_for_other_and_never_a_long_one() {
        let report = |reason, note: &str| NewReport { reason, note: note.to_owned() }.normalized().validate();
        assert!(report(ReportReason::Spam, "").is_ok());
        assert!(report(ReportReason::Other, "  ").is_err());
        assert!(report(ReportReason::Other, "抄袭了我的创意").is_ok());
        assert!(report(ReportReason::Spam, &"字".repeat(501)).is_err());
        assert!(report(ReportReason::Spam, &"字".repeat(500)).is_ok());
    }

    #[test]
    fn a_reason_is_trimmed_and_bounded() {
        assert_eq!(moderation_reason("  含有违法内容 ").as_deref().ok(), Some("含有违法内容"));
        assert!(moderation_reason("x").is_err());
        assert!(moderation_reason(&"字".repeat(501)).is_err());
        assert!(moderation_reason("违规\u{0}内容").is_err());
        for reason in ReportReason::ALL {
            assert_eq!(ReportReason::parse(reason.as_str()), Some(reason));
        }
    }
}
