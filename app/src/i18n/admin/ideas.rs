//! The console's ideas: the list with its hide and feature forms, and one idea's analyses and bids.

use crate::format::thousands;
use crate::i18n::names::credits;

/// The ideas list and an idea's page in the console.
pub struct IdeasText {
    pub idea_title: &'static str,
    pub visibility: &'static str,
    pub public: &'static str,
    pub hidden: &'static str,
    pub none: &'static str,
    pub open: &'static str,
    pub open_reports: fn(i64) -> String,
    pub feature: &'static str,
    pub unfeature: &'static str,
    pub unhide: &'static str,
    pub hide_reason: &'static str,
    pub hide: &'static str,
    pub detail_title: &'static str,
    /// The auction's price so far and its reserve price.
    pub bidding: fn(i64, i64) -> String,
    pub unsold: fn(i64) -> String,
    /// The buying agent and the price.
    pub sold: fn(&str, i64) -> String,
    pub not_started: &'static str,
    /// The AI score and the analysts' spread.
    pub score: fn(f64, f64) -> String,
    pub analysts: &'static str,
    /// An analysis: its agent, score and confidence (0 to 1).
    pub analysis: fn(&str, f64, f64) -> String,
    pub offline_model: fn(&str) -> String,
    pub bids: fn(usize) -> String,
    pub round: fn(i64, &str) -> String,
}

pub const ZH: IdeasText = IdeasText {
    idea_title: "创意标题",
    visibility: "可见性",
    public: "公开",
    hidden: "已隐藏",
    none: "没有找到创意。",
    open: "分析与竞价",
    open_reports: |n| format!("待处理举报 {n}"),
    feature: "设为精选",
    unfeature: "取消精选",
    unhide: "恢复公开",
    hide_reason: "隐藏原因（作者会看到）",
    hide: "隐藏",
    detail_title: "创意详情",
    bidding: |price, reserve| format!("竞价中，当前价 {price} 积分，底价 {reserve}"),
    unsold: |reserve| format!("流拍（底价 {reserve}）"),
    sold: |agent, amount| format!("{agent} 以 {amount} 积分成交"),
    not_started: "分析中，尚未开拍",
    score: |score, spread| format!("AI 评分 {score:.1}（分歧 {spread:.1}）"),
    analysts: "五位分析师",
    analysis: |agent, score, confidence| format!("{agent} · {score:.1} 分 · 信心 {:.0}%", confidence * 100.0),
    offline_model: |model| format!("离线分析（{model}）"),
    bids: |n| format!("出价（{n}）"),
    round: |round, agent| format!("第 {round} 轮 · {agent}"),
};

pub const EN: IdeasText = IdeasText {
    idea_title: "Idea title",
    visibility: "Visibility",
    public: "Public",
    hidden: "Hidden",
    none: "No ideas found.",
    open: "Analyses and auction",
    open_reports: |n| format!("{n} open {}", if n == 1 { "report" } else { "reports" }),
    feature: "Feature",
    unfeature: "Stop featuring",
    unhide: "Make public again",
    hide_reason: "Why it is hidden (the author sees this)",
    hide: "Hide",
    detail_title: "Idea details",
    bidding: |price, reserve| format!("Bidding: {} so far, reserve price {}", credits(price), thousands(reserve)),
    unsold: |reserve| format!("Unsold (reserve price {})", thousands(reserve)),
    sold: |agent, amount| format!("Sold to {agent} for {}", credits(amount)),
    not_started: "Being analysed; the auction has not started",
    score: |score, spread| format!("AI score {score:.1} (spread {spread:.1})"),
    analysts: "The five analysts",
    analysis: |agent, score, confidence| format!("{agent} · score {score:.1} · {:.0}% confident", confidence * 100.0),
    offline_model: |model| format!("Offline analysis ({model})"),
    bids: |n| format!("Bids ({n})"),
    round: |round, agent| format!("Round {round} · {agent}"),
};
