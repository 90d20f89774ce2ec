//! The interface in two languages: one catalogue per language (`zh`, `en`), each a value of
//! [`Text`], so a string missing in either is a compile error rather than a blank on a page.
//!
//! Our own small catalogue rather than leptos_i18n: the interface has two languages and a few
//! hundred strings, a struct of `&'static str` and plain `fn` fields is checked by the compiler
//! the same way, needs no build step or macro, and keeps the wasm free of a second formatting
//! library. Member text and the AI analyses are never translated.
//!
//! The language of a page comes from the request's language cookie, which the header's switch
//! and a member's sign-in set (a member's choice is kept with the account). The server renders
//! `<html lang>` from it; islands in the browser read that attribute back.

mod account;
mod admin;
mod en;
mod names;
mod plans;
mod space;
mod wallet;
mod zh;

pub use account::AccountText;
pub use admin::AdminText;
pub use plans::PlansText;
pub use space::SpaceText;
pub use wallet::WalletText;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
pub use model::Lang;
use model::{Agent, BidStatus, Category, IdeaStatus, Level, OrderState, PlanStatus, ReportReason, Sort};

/// The strings of the header, the footer and what several pages share.
pub struct Common {
    pub site_name: &'static str,
    pub nav_ideas: &'static str,
    pub nav_submit: &'static str,
    pub nav_admin: &'static str,
    pub my_space: &'static str,
    pub credits_title: &'static str,
    pub logout: &'static str,
    pub login: &'static str,
    pub register: &'static str,
    pub language: &'static str,
    pub notifications: &'static str,
    pub unread: fn(i64) -> String,
    pub credits: fn(i64) -> String,
    pub loading: &'static str,
    pub back_home: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub selected: &'static str,
    pub cancel: &'static str,
    pub consent_region: &'static str,
    /// The consent sentence's parts, spaces included where the language has them.
    pub consent_read: &'static str,
    pub terms: &'static str,
    pub and: &'static str,
    pub privacy: &'static str,
    pub consent_version: fn(&str) -> String,
    pub consent_accept: &'static str,
    pub not_found_title: &'static str,
    pub not_found_description: &'static str,
}

pub struct Home {
    pub title: &'static str,
    pub description: &'static str,
    pub hero_title: &'static str,
    pub hero_text: &'static str,
    pub featured: &'static str,
    pub categories: &'static str,
    pub all: &'static str,
    pub search_placeholder: &'static str,
    pub search_label: &'static str,
    pub search: &'static str,
    pub sort: &'static str,
    pub loading: &'static str,
    pub nothing_found: &'static str,
    pub nothing_yet: &'static str,
    pub first_idea: &'static str,
    pub total: fn(i64) -> String,
    pub pages: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub position: fn(u32, u32) -> String,
}

pub struct IdeaText {
    pub not_found: &'static str,
    pub not_found_description: &'static str,
    pub by: &'static str,
    pub views: fn(i64) -> String,
    pub likes: fn(i64) -> String,
    pub ai_score: fn(f64) -> String,
    pub like: &'static str,
    pub liked: &'static str,
    pub watch: &'static str,
    pub watching: &'static str,
    pub watch_title: &'static str,
    pub share: &'static str,
    pub share_link: &'static str,
    pub share_weibo: &'static str,
    pub share_qr: &'static str,
    pub share_qr_caption: &'static str,
    pub report: &'static str,
    pub report_reason: &'static str,
    pub report_pick: &'static str,
    pub report_note: &'static str,
    pub report_sending: &'static str,
    pub report_send: &'static str,
    pub report_done: &'static str,
}

pub struct AuctionText {
    pub analysing_title: &'static str,
    pub analysing_text: &'static str,
    pub closing_now: &'static str,
    /// Seconds left, more than none.
    pub time_left: fn(i64) -> String,
    pub sold: fn(&str, i64) -> String,
    pub unsold: &'static str,
    pub bidding: &'static str,
    pub price: &'static str,
    pub leader: &'static str,
    pub reserve: &'static str,
    pub ai_score: &'static str,
    pub score_spread: fn(f64, f64) -> String,
    pub extensions_label: &'static str,
    pub extensions: fn(i64) -> String,
    pub bids: fn(usize) -> String,
    pub no_bids: &'static str,
    pub chart: &'static str,
    pub analyses: &'static str,
    pub confidence: fn(f64) -> String,
    pub certainty: fn(f64) -> String,
    pub offline: &'static str,
    pub offline_title: &'static str,
}

pub struct LoginText {
    pub title: &'static str,
    pub description: &'static str,
    pub no_account: &'static str,
    pub login_field: &'static str,
    pub password: &'static str,
    pub signing_in: &'static str,
    pub welcome_back: &'static str,
    pub go_on: &'static str,
    pub forgot: &'static str,
}

/// The names of the model's kinds, as the interface shows them.
pub struct Labels {
    pub category: fn(Category) -> &'static str,
    pub status: fn(IdeaStatus) -> &'static str,
    pub sort: fn(Sort) -> &'static str,
    pub agent: fn(Agent) -> &'static str,
    pub taste: fn(Agent) -> &'static str,
    pub bid_status: fn(BidStatus) -> &'static str,
    pub report_reason: fn(ReportReason) -> &'static str,
    pub level: fn(Level) -> &'static str,
    /// A member of a level: `白银会员`, `Silver member`.
    pub level_member: fn(Level) -> String,
    pub plan_status: fn(PlanStatus) -> &'static str,
    pub order_state: fn(OrderState) -> &'static str,
    /// A ledger row's reason code and its amount (a sale's side shows in its sign).
    pub ledger_reason: fn(&str, i64) -> &'static str,
    /// A moment in Beijing time, written the language's way.
    pub when: fn(DateTime<Utc>) -> String,
}

/// One language's catalogue.
pub struct Text {
    pub lang: Lang,
    pub common: Common,
    pub home: Home,
    pub idea: IdeaText,
    pub auction: AuctionText,
    pub login: LoginText,
    pub account: AccountText,
    pub plans: PlansText,
    pub wallet: WalletText,
    pub space: SpaceText,
    pub admin: AdminText,
    pub labels: Labels,
}

impl Text {
    /// A page title: `page · site`.
    pub fn title(&self, page: &str) -> String {
        format!("{page} · {}", self.common.site_name)
    }
}

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Zh => &zh::TEXT,
        Lang::En => &en::TEXT,
    }
}

/// The language of the page being rendered: on the server the one `provide_lang` found in the
/// request, in the browser the page's `<html lang>`.
pub fn use_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    return document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Lang::parse(&tag))
        .unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    use_context::<Lang>().unwrap_or_default()
}

/// The catalogue of the page being rendered.
pub fn use_text() -> &'static Text {
    text(use_lang())
}

/// On the server: the language the request's cookie asks for, if any.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Option<Lang> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let mut cookies = parts.headers.get_all(axum::http::header::COOKIE).iter();
    cookies.find_map(|v| crate::web::language_from_cookies(v.to_str().ok()?))
}

/// On the server, before the page renders: the request's language, for `use_lang`.
#[cfg(feature = "ssr")]
pub fn provide_lang() -> Lang {
    let lang = request_lang().unwrap_or_default();
    provide_context(lang);
    lang
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_words_and_numbers() {
        let (zh, en) = (text(Lang::Zh), text(Lang::En));
        assert_eq!((zh.lang, en.lang), (Lang::Zh, Lang::En));
        assert_eq!((zh.common.credits)(12_345), "12,345 积分");
        assert_eq!((en.common.credits)(12_345), "12,345 credits");
        assert_eq!((en.common.credits)(1), "1 credit");
        assert_eq!((en.auction.time_left)(125), "2:05 left");
        assert_eq!((zh.auction.time_left)(125), "剩余 2:05");
        let at = DateTime::parse_from_rfc3339("2026-12-07T04:05:00Z").map(|t| t.with_timezone(&Utc)).ok();
        let at = at.unwrap_or_default();
        assert_eq!((zh.labels.when)(at), "2026-12-07 12:05");
        assert_eq!((en.labels.when)(at), "Dec 7, 2026, 12:05");
        assert_eq!(en.title("Sign in"), "Sign in · AI Idea Market");
        assert_eq!((en.labels.category)(Category::Tech), "Tech");
        assert_eq!((zh.labels.category)(Category::Tech), "科技");
        assert_eq!((zh.labels.level_member)(Level::Silver), "白银会员");
        assert_eq!((en.labels.level_member)(Level::Silver), "Silver member");
        assert_eq!((zh.labels.order_state)(OrderState::Created), "待支付");
        assert_eq!((en.labels.plan_status)(PlanStatus::Failed), "Failed");
        assert_eq!((zh.labels.ledger_reason)("auction_payout", -3), "竞拍买入创意");
        assert_eq!((en.labels.ledger_reason)("auction_payout", -3), "Idea bought at auction");
        assert_eq!((en.labels.ledger_reason)("auction_payout", 3), "Idea sold at auction");
    }
}
