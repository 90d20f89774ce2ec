//! The console's review queue of reports.

/// The reports page.
pub struct ReportsText {
    pub open: &'static str,
    pub upheld: &'static str,
    pub dismissed: &'static str,
    pub none: &'static str,
    /// A reported idea: its title and whether it is hidden.
    pub idea: fn(&str, bool) -> String,
    /// A reported business plan: its idea's title and whether it is still shared.
    pub plan: fn(&str, bool) -> String,
    pub reporter: fn(&str) -> String,
    pub uphold_reason: &'static str,
    pub uphold: &'static str,
    pub dismiss: &'static str,
}

pub const ZH: ReportsText = ReportsText {
    open: "待处理",
    upheld: "已成立",
    dismissed: "已驳回",
    none: "没有举报。",
    idea: |title, hidden| format!("创意《{title}》{}", if hidden { "（已隐藏）" } else { "" }),
    plan: |title, shared| format!("《{title}》的商业计划书{}", if shared { "" } else { "（已停止分享）" }),
    reporter: |name| format!("举报人 {name}"),
    uphold_reason: "成立的原因（作者会看到）",
    uphold: "举报成立",
    dismiss: "驳回",
};

pub const EN: ReportsText = ReportsText {
    open: "Open",
    upheld: "Upheld",
    dismissed: "Dismissed",
    none: "No reports.",
    idea: |title, hidden| format!("Idea “{title}”{}", if hidden { " (hidden)" } else { "" }),
    plan: |title, shared| format!("Business plan for “{title}”{}", if shared { "" } else { " (no longer shared)" }),
    reporter: |name| format!("reported by {name}"),
    uphold_reason: "Why the report is upheld (the author sees this)",
    uphold: "Uphold",
    dismiss: "Dismiss",
};
