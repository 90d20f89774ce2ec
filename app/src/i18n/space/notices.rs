use model::{Agent, Level, Notice, NoticeKind};

use crate::format::thousands;
use crate::i18n::Labels;

/// The notifications page, and what the author of a hidden idea reads on its page.
pub struct NoticesText {
    pub description: &'static str,
    pub login_prompt: &'static str,
    pub unread: fn(i64) -> String,
    pub read_all: &'static str,
    pub empty: &'static str,
    pub older: &'static str,
    /// After a notification's time, when it is unread.
    pub unread_mark: &'static str,
    /// The sentence a notification reads as, built from its kind and data.
    pub message: fn(&Notice, &Labels) -> String,
    pub hidden_title: &'static str,
    pub hidden_reason: &'static str,
    pub hidden_help: &'static str,
}

pub const ZH: NoticesText = NoticesText {
    description: "你的创意、计划书、积分和关注的竞拍的最新进展。",
    login_prompt: "登录后查看你的通知。",
    unread: |n| format!("{n} 条未读"),
    read_all: "全部标为已读",
    empty: "还没有通知。提交创意、订购商业计划书或关注一场竞拍后，进展会出现在这里。",
    older: "更早的通知 →",
    unread_mark: " · 未读",
    // The model's sentence, which the mail sends too.
    message: |n, _| n.message(),
    hidden_title: "这个创意目前只有你能看到",
    hidden_reason: "原因：",
    hidden_help: "如有疑问，请联系平台客服。",
};

pub const EN: NoticesText = NoticesText {
    description: "What is new with your ideas, business plans, credits and watched auctions.",
    login_prompt: "Sign in to see your notifications.",
    unread: |n| format!("{n} unread"),
    read_all: "Mark all as read",
    empty: "No notifications yet. Submit an idea, order a business plan or watch an auction, and news of it \
            shows up here.",
    older: "Older notifications →",
    unread_mark: " · unread",
    message: message_en,
    hidden_title: "Only you can see this idea for now",
    hidden_reason: "Reason: ",
    hidden_help: "If you have questions, please contact support.",
};

fn credits(n: i64) -> String {
    format!("{} {}", thousands(n), if n == 1 { "credit" } else { "credits" })
}

fn message_en(n: &Notice, labels: &Labels) -> String {
    let title = n.idea_title.as_deref().map_or_else(|| "(deleted idea)".to_owned(), |t| format!("“{t}”"));
    let amount = credits(n.amount.unwrap_or(0));
    let buyer = n.detail.as_deref().and_then(Agent::parse).map_or("AI", labels.agent);
    let sold = n.amount.is_some();
    match n.kind {
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
        NoticeKind::LevelReached => match n.detail.as_deref().and_then(Level::parse) {
            Some(level) => format!("Congratulations: you are now a {} member", crate::i18n::names::level(level)),
            None => "Congratulations: you have reached a new level".to_owned(),
        },
        NoticeKind::IdeaHidden => format!(
            "Your idea {title} was hidden after review: {}",
            n.detail.as_deref().unwrap_or("it breaks the community rules")
        ),
        NoticeKind::ReportDismissed => format!("A report about your idea {title} was reviewed: no breach was found"),
        NoticeKind::TopUpCredited => format!("Top-up complete: {amount} added to your balance"),
        NoticeKind::WatchClosing => format!("The auction of {title}, which you watch, is in its last minute"),
        NoticeKind::WatchClosed if sold => {
            format!("The auction of {title}, which you watch, closed: {buyer} bought it for {amount}")
        }
        NoticeKind::WatchClosed => format!("The auction of {title}, which you watch, closed unsold"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, text};

    #[test]
    fn a_notice_reads_in_each_language() {
        let n = Notice {
            id: 1,
            kind: NoticeKind::AuctionClosed,
            idea_id: Some(7),
            idea_title: Some("共享厨房".into()),
            plan_id: None,
            amount: Some(1),
            detail: Some("baidu".into()),
            created_at: chrono::Utc::now(),
            read: false,
        };
        let (zh, en) = (text(Lang::Zh), text(Lang::En));
        assert_eq!((zh.space.notices.message)(&n, &zh.labels), n.message());
        let english = (en.space.notices.message)(&n, &en.labels);
        assert_eq!(
            english,
            "The auction of your idea “共享厨房” closed: ERNIE Bot bought it for 1 credit, now in your balance"
        );
        for kind in NoticeKind::ALL {
            let sentence = (en.space.notices.message)(&Notice { kind, idea_title: None, ..n.clone() }, &en.labels);
            assert!(!sentence.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{sentence}");
        }
    }
}
