//! Notifications: what happened to a member's ideas, plans, credits and watched auctions, with
//! the sentence each one reads as (on the page and in mail alike).

use serde::{Deserialize, Serialize};

use crate::format::thousands;
use crate::{Agent, Lang, Level};

/// Notifications on one page of the list.
pub const NOTICES_PAGE: i64 = 30;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The member's idea was analysed and its auction opened.
    AuctionOpened,
    /// The member's idea's auction closed; `amount` is what they earned, if it sold.
    AuctionClosed,
    /// A plan the member ordered is written.
    PlanReady,
    /// A plan the member ordered failed; `amount` credits came back.
    PlanFailed,
    /// Someone bought a plan of the member's idea; `amount` is the author's share.
    Royalty,
    /// A friend registered with the member's invite code; `amount` is the reward.
    InviteReward,
    /// The member reached the level named in `detail`.
    LevelReached,
    /// The member's idea was hidden by a moderator (a report upheld, or on their own); `detail` is why.
    IdeaHidden,
    /// A report on the member's idea was looked at and dismissed.
    ReportDismissed,
    /// A top-up was paid; `amount` credits arrived.
    TopUpCredited,
    /// An auction the member watches is in its last minute.
    WatchClosing,
    /// An auction the member watches closed; `amount` is the price, if it sold.
    WatchClosed,
}

impl NoticeKind {
    pub const ALL: [Self; 12] = [
        Self::AuctionOpened,
        Self::AuctionClosed,
        Self::PlanReady,
        Self::PlanFailed,
        Self::Royalty,
        Self::InviteReward,
        Self::LevelReached,
        Self::IdeaHidden,
        Self::ReportDismissed,
        Self::TopUpCredited,
        Self::WatchClosing,
        Self::WatchClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuctionOpened => "auction_opened",
            Self::AuctionClosed => "auction_closed",
            Self::PlanReady => "plan_ready",
            Self::PlanFailed => "plan_failed",
            Self::Royalty => "royalty",
            Self::InviteReward => "invite_reward",
            Self::LevelReached => "level_reached",
            Self::IdeaHidden => "idea_hidden",
            Self::ReportDismissed => "report_dismissed",
            Self::TopUpCredited => "top_up_credited",
            Self::WatchClosing => "watch_closing",
            Self::WatchClosed => "watch_closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it is also mailed to members who asked for mail: what they would not want to miss.
    pub fn is_mailed(self) -> bool {
        matches!(
            self,
            Self::AuctionClosed | Self::PlanReady | Self::PlanFailed | Self::IdeaHidden | Self::TopUpCredited
        )
    }
}

/// One notification as its member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub id: i64,
    pub kind: NoticeKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub idea_id: Option<i64>,
    /// The idea's title, as its author wrote it (data, never markup).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub idea_title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub plan_id: Option<i64>,
    /// Credits, as each kind says.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub amount: Option<i64>,
    /// The level reached, the buying agent, or a moderator's reason, as each kind says.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub detail: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read: bool,
}

impl Notice {
    /// The sentence it reads as, in the member's language. Idea titles and moderators' reasons
    /// stay as written.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.message_zh(),
            Lang::En => self.message_en(),
        }
    }

    fn message_zh(&self) -> String {
        let title = format!("《{}》", self.idea_title.as_deref().unwrap_or("已删除的创意"));
        let amount = self.amount.unwrap_or(0);
        let buyer = self.detail.as_deref().and_then(Agent::parse).map_or("AI", Agent::name_zh);
        match self.kind {
            NoticeKind::AuctionOpened => format!("你的创意{title}分析完成，竞拍已开始"),
            NoticeKind::AuctionClosed if self.amount.is_some() => {
                format!("你的创意{title}竞拍结束：{buyer} 以 {amount} 积分买下，积分已到账")
            }
            NoticeKind::AuctionClosed => format!("你的创意{title}竞拍结束，未成交"),
            NoticeKind::PlanReady => format!("你订购的{title}商业计划书已生成"),
            NoticeKind::PlanFailed => format!("{title}的商业计划书生成失败，{amount} 积分已退回"),
            NoticeKind::Royalty => format!("有人购买了你的创意{title}的商业计划书，你获得 {amount} 积分分成"),
            NoticeKind::InviteReward => format!("你邀请的好友已注册，奖励 {amount} 积分"),
            NoticeKind::LevelReached => {
                let level = self.detail.as_deref().and_then(Level::parse).map_or("新", Level::label_zh);
                format!("恭喜，你已升级为{level}会员")
            }
            NoticeKind::IdeaHidden => {
                format!("你的创意{title}经审核已被隐藏：{}", self.detail.as_deref().unwrap_or("违反社区规则"))
            }
            NoticeKind::ReportDismissed => format!("关于你的创意{title}的举报已处理，未发现违规"),
            NoticeKind::TopUpCredited => format!("充值成功，{amount} 积分已到账"),
            NoticeKind::WatchClosing => format!("你关注的{title}竞拍即将结束（最后一分钟）"),
            NoticeKind::WatchClosed if self.amount.is_some() => {
                format!("你关注的{title}竞拍已结束：{buyer} 以 {amount} 积分买下")
            }
            NoticeKind::WatchClosed => format!("你关注的{title}竞拍已结束，未成交"),
        }
    }

    fn message_en(&self) -> String {
        let title = self.idea_title.as_deref().map_or_else(|| "(deleted idea)".to_owned(), |t| format!("“{t}”"));
        let n = self.amount.unwrap_or(0);
        let amount = format!("{} {}", thousands(n), if n == 1 { "credit" } else { "credits" });
        let buyer = self.detail.as_deref().and_then(Agent::parse).map_or("AI", Agent::name_en);
        let sold = self.amount.is_some();
        match self.kind {
            NoticeKind::AuctionOpened => format!("Your idea {title} has been analysed and its auction is open"),
            NoticeKind::AuctionClosed if sold => {
                format!("The auction of your idea {title} closed: {buyer} bought it for {amount}, now in your balance")
            }
            NoticeKind::AuctionClosed => format!("The auction of your idea {title} closed unsold"),
            NoticeKind::PlanReady => format!("The business plan you ordered for {title} is ready"),
            NoticeKind::PlanFailed => format!("The business plan for {title} could not be written: {amount} refunded"),
            NoticeKind::Royalty => {
                format!("Someone bought a business plan of your idea {title}: your share is {amount}")
            }
            NoticeKind::InviteReward => format!("A friend you invited has signed up: you earned {amount}"),
            NoticeKind::LevelReached => match self.detail.as_deref().and_then(Level::parse) {
                Some(level) => format!("Congratulations: you are now a {} member", level.label_en()),
                None => "Congratulations: you have reached a new level".to_owned(),
            },
            NoticeKind::IdeaHidden => format!(
                "Your idea {title} was hidden after review: {}",
                self.detail.as_deref().unwrap_or("it breaks the community rules")
            ),
            NoticeKind::ReportDismissed => {
                format!("A report about your idea {title} was reviewed: no breach was found")
            }
            NoticeKind::TopUpCredited => format!("Top-up complete: {amount} added to your balance"),
            NoticeKind::WatchClosing => format!("The auction of {title}, which you watch, is in its last minute"),
            NoticeKind::WatchClosed if sold => {
                format!("The auction of {title}, which you watch, closed: {buyer} bought it for {amount}")
            }
            NoticeKind::WatchClosed => format!("The auction of {title}, which you watch, closed unsold"),
        }
    }

    /// Where it leads on the site.
    pub fn link(&self) -> String {
        match (self.kind, self.plan_id, self.idea_id) {
            (NoticeKind::PlanReady | NoticeKind::PlanFailed, Some(plan), _) => format!("/plans/{plan}"),
            (NoticeKind::InviteReward | NoticeKind::LevelReached | NoticeKind::TopUpCredited, _, _) => {
                "/credits".to_owned()
            }
            (_, _, Some(idea)) => format!("/ideas/{idea}"),
            _ => "/notifications".to_owned(),
        }
    }
}

/// `GET /api/notifications`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoticePage {
    pub items: Vec<Notice>,
    pub unread: i64,
    /// Pass as `before` for the next (older) page; none on the last.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_before: Option<i64>,
}

/// The live count: `GET /api/notifications/unread` and each `unread` event of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}

/// `GET/PUT /api/ideas/{id}/watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Watching {
    pub watching: bool,
}

/// `PUT /api/me/notifications`: whether the important notifications are also mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MailPreference {
    pub notify_by_email: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: NoticeKind) -> Notice {
        Notice {
            id: 1,
            kind,
            idea_id: Some(7),
            idea_title: Some("<b>共享</b>".into()),
            plan_id: Some(3),
            amount: Some(120),
            detail: Some("deepseek".into()),
            created_at: chrono::Utc::now(),
            read: false,
        }
    }

    #[test]
    fn every_kind_reads_back_and_says_what_happened() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.as_str()), Some(kind));
            let n = notice(kind);
            assert!(!n.message(Lang::Zh).is_empty());
            assert!(n.link().starts_with('/'));
        }
        assert_eq!(notice(NoticeKind::PlanReady).link(), "/plans/3");
        assert_eq!(notice(NoticeKind::WatchClosing).link(), "/ideas/7");
        assert!(notice(NoticeKind::AuctionClosed).message(Lang::Zh).contains("120 积分买下"));
        let unsold = Notice { amount: None, ..notice(NoticeKind::AuctionClosed) };
        assert!(unsold.message(Lang::Zh).contains("未成交"));
        let level = Notice { detail: Some("gold".into()), ..notice(NoticeKind::LevelReached) };
        assert!(level.message(Lang::Zh).contains("黄金"));
        assert!(level.message(Lang::En).contains("a Gold member"));
    }

    #[test]
    fn every_notice_reads_in_english_too() {
        let sold = Notice { amount: Some(1), detail: Some("baidu".into()), ..notice(NoticeKind::AuctionClosed) };
        assert_eq!(
            sold.message(Lang::En),
            format!(
                "The auction of your idea “{}” closed: ERNIE Bot bought it for 1 credit, now in your balance",
                sold.idea_title.clone().unwrap_or_default()
            )
        );
        for kind in NoticeKind::ALL {
            let sentence = Notice { idea_title: None, ..notice(kind) }.message(Lang::En);
            assert!(!sentence.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{sentence}");
        }
    }
}
