//! A business plan's page: its header and notices, the progress of its writing, who wrote each
//! stage, and the names of stages and states.

use model::{Lang, Stage, StageState};

use crate::format::{seconds_in, thousands};
use crate::i18n::names::plural;

/// The plan page around the plan's content.
pub struct PlanPageText {
    /// The error of an address without a plan number.
    pub missing: &'static str,
    pub loading: &'static str,
    pub description: &'static str,
    /// The page title and shared title of a plan about an idea.
    pub plan_title: fn(&str) -> String,
    pub not_found_title: &'static str,
    pub not_found_description: &'static str,
    pub not_found_message: &'static str,
    /// "If this is your plan, [sign in] to read it.", in three parts.
    pub login_before: &'static str,
    pub login_link: &'static str,
    pub login_after: &'static str,
    pub generating: &'static str,
    pub failed: &'static str,
    pub kind_detailed: &'static str,
    pub kind_standard: &'static str,
    /// Before the score out of 10, space included.
    pub overall_score: &'static str,
    pub created: fn(&str) -> String,
    pub cost_paid: fn(i64) -> String,
    pub markdown: &'static str,
    pub share_link: &'static str,
    pub progress_heading: &'static str,
    pub record_heading: &'static str,
    /// Stages done, of all.
    pub done_count: fn(usize, usize) -> String,
    pub writer_pending: &'static str,
    /// A stage's time in milliseconds and its tokens.
    pub took_tokens: fn(u64, u64) -> String,
    /// Seconds since a running stage started.
    pub elapsed: fn(i64) -> String,
    pub offline_title: &'static str,
    /// Before the reason the intended provider did not write a stage.
    pub fallback: &'static str,
    pub preview_label: fn(Stage) -> String,
    pub waiting_output: &'static str,
    pub loading_progress: &'static str,
    pub score: fn(f64) -> String,
    pub built_in_rules: &'static str,
    pub written_by: fn(&str) -> String,
    pub model: fn(&str) -> String,
    pub tokens: fn(u64) -> String,
    /// A stage's time, in milliseconds.
    pub took: fn(u64) -> String,
    pub empty_section: &'static str,
    pub stage: fn(Stage) -> &'static str,
    pub stage_state: fn(StageState) -> &'static str,
}

fn stage_en(stage: Stage) -> &'static str {
    match stage {
        Stage::Parse => "Idea parsing",
        Stage::Tech => "Technical architecture",
        Stage::Market => "Market research",
        Stage::Legal => "Legal compliance",
        Stage::Finance => "Financial model",
    }
}

fn count(n: u64) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

pub const ZH: PlanPageText = PlanPageText {
    missing: "找不到该商业计划书",
    loading: "正在加载商业计划书…",
    description: "由五位 AI 分工撰写的商业计划书：创意解析、技术架构、市场调研、法律合规与财务模型。",
    plan_title: |idea| format!("商业计划书：{idea}"),
    not_found_title: "找不到商业计划书",
    not_found_description: "这份商业计划书不存在或链接已失效。",
    not_found_message: "找不到该商业计划书，或你无权查看",
    login_before: "如果这是你的计划书，请",
    login_link: "登录",
    login_after: "后查看。",
    generating: "AI 正在撰写这份商业计划书，本页会自动更新。你也可以先离开，稍后再回来查看。",
    failed: "生成失败，积分已全额退还",
    kind_detailed: "商业计划书 · 详细版",
    kind_standard: "商业计划书 · 标准版",
    overall_score: "综合评分 ",
    created: |when| format!("创建于 {when}"),
    cost_paid: |n| format!("消耗 {} 积分", thousands(n)),
    markdown: "下载 Markdown",
    share_link: "分享链接（持有链接的人可以阅读这份计划书）",
    progress_heading: "撰写进度",
    record_heading: "撰写记录",
    done_count: |done, all| format!("{done} / {all} 章已完成"),
    writer_pending: "待定",
    took_tokens: |ms, n| format!("用时 {} · {} tokens", seconds_in(Lang::Zh, ms), thousands(count(n))),
    elapsed: |s| format!("已用 {s} 秒"),
    offline_title: "由内置规则离线撰写",
    fallback: "备用方案：",
    preview_label: |stage| format!("{}实时预览", stage.label_zh()),
    waiting_output: "正在等待输出…",
    loading_progress: "正在加载撰写进度…",
    score: |s| format!("评分 {s:.1} / 10"),
    built_in_rules: "内置规则",
    written_by: |agent| format!("撰写：{agent}"),
    model: |model| format!("模型：{model}"),
    tokens: |n| format!("{} tokens", thousands(count(n))),
    took: |ms| format!("用时 {}", seconds_in(Lang::Zh, ms)),
    empty_section: "本章节暂无内容。",
    stage: Stage::label_zh,
    stage_state: StageState::label_zh,
};

pub const EN: PlanPageText = PlanPageText {
    missing: "No such business plan",
    loading: "Loading the business plan…",
    description: "A business plan written by five AI analysts, each taking a part: idea parsing, technical architecture, market research, legal compliance and the financial model.",
    plan_title: |idea| format!("Business plan: {idea}"),
    not_found_title: "Business plan not found",
    not_found_description: "This business plan does not exist, or its link no longer works.",
    not_found_message: "No such business plan, or you may not read it",
    login_before: "If this is your plan, ",
    login_link: "sign in",
    login_after: " to read it.",
    generating: "The AI analysts are writing this business plan; this page updates by itself. You can also leave and come back later.",
    failed: "Writing the plan failed; your credits have been refunded in full",
    kind_detailed: "Business plan · detailed",
    kind_standard: "Business plan · standard",
    overall_score: "Overall score ",
    created: |when| format!("Created {when}"),
    cost_paid: |n| format!("Cost {}", plural(n, "credit", "credits")),
    markdown: "Download Markdown",
    share_link: "Share link (anyone with the link can read this plan)",
    progress_heading: "Writing progress",
    record_heading: "Who wrote what",
    done_count: |done, all| format!("{done} of {all} sections done"),
    writer_pending: "Not yet known",
    took_tokens: |ms, n| format!("{} · {}", seconds_in(Lang::En, ms), plural(count(n), "token", "tokens")),
    elapsed: |s| format!("{s} s so far"),
    offline_title: "Written offline by built-in rules",
    fallback: "Fallback: ",
    preview_label: |stage| format!("Live preview of {}", stage_en(stage)),
    waiting_output: "Waiting for output…",
    loading_progress: "Loading the progress…",
    score: |s| format!("Score {s:.1} / 10"),
    built_in_rules: "built-in rules",
    written_by: |agent| format!("Written by {agent}"),
    model: |model| format!("Model: {model}"),
    tokens: |n| plural(count(n), "token", "tokens"),
    took: |ms| format!("Took {}", seconds_in(Lang::En, ms)),
    empty_section: "This section has no content yet.",
    stage: stage_en,
    stage_state: |s| match s {
        StageState::Waiting => "Waiting",
        StageState::Running => "Writing",
        StageState::Done => "Done",
    },
};
