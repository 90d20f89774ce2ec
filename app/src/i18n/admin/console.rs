//! What every console page shares: its name, its tabs, why it refuses, and the names of the kinds
//! only the console shows.

use model::{AccountStanding, AuditAction, AuditTarget};

/// The console's frame and its kinds' names.
pub struct ConsoleText {
    pub title: &'static str,
    pub description: &'static str,
    /// A console page's title: `page · console`.
    pub page_title: fn(&str) -> String,
    pub tab_reports: &'static str,
    pub tab_ideas: &'static str,
    pub tab_members: &'static str,
    pub tab_orders: &'static str,
    pub tab_audit: &'static str,
    pub tab_analytics: &'static str,
    pub sign_in_first: &'static str,
    /// The sentence around the link to the second factor, spaces included where needed.
    pub second_factor_before: &'static str,
    pub second_factor_link: &'static str,
    pub second_factor_after: &'static str,
    pub all: &'static str,
    pub search: &'static str,
    pub by: fn(&str) -> String,
    pub hidden_because: fn(&str) -> String,
    pub featured: &'static str,
    pub standing: fn(AccountStanding) -> &'static str,
    pub audit_action: fn(AuditAction) -> &'static str,
    pub audit_target: fn(AuditTarget) -> String,
}

pub const ZH: ConsoleText = ConsoleText {
    title: "管理后台",
    description: "AI创意交易市场管理后台。",
    page_title: |page| format!("{page} · 管理后台"),
    tab_reports: "举报审核",
    tab_ideas: "创意",
    tab_members: "会员",
    tab_orders: "订单与退款",
    tab_audit: "审计日志",
    tab_analytics: "数据",
    sign_in_first: "请先以管理员身份登录。",
    second_factor_before: "管理员每次登录后需先完成",
    second_factor_link: "两步验证",
    second_factor_after: "。",
    all: "全部",
    search: "搜索",
    by: |author| format!("作者 {author}"),
    hidden_because: |reason| format!("已隐藏：{reason}"),
    featured: "★ 精选中",
    standing: AccountStanding::label_zh,
    audit_action: AuditAction::label_zh,
    audit_target: AuditTarget::label_zh,
};

pub const EN: ConsoleText = ConsoleText {
    title: "Admin console",
    description: "The admin console of AI Idea Market.",
    page_title: |page| format!("{page} · Admin console"),
    tab_reports: "Reports",
    tab_ideas: "Ideas",
    tab_members: "Members",
    tab_orders: "Orders and refunds",
    tab_audit: "Audit log",
    tab_analytics: "Analytics",
    sign_in_first: "Please sign in as an admin first.",
    second_factor_before: "After each sign-in, admins must first pass ",
    second_factor_link: "two-step verification",
    second_factor_after: ".",
    all: "All",
    search: "Search",
    by: |author| format!("by {author}"),
    hidden_because: |reason| format!("Hidden: {reason}"),
    featured: "★ Featured",
    standing: |standing| match standing {
        AccountStanding::Active => "Active",
        AccountStanding::Banned => "Banned",
        AccountStanding::Closing => "Closing",
        AccountStanding::Closed => "Closed",
    },
    audit_action: |action| match action {
        AuditAction::AdjustCredits => "Adjust credits",
        AuditAction::Ban => "Ban account",
        AuditAction::Unban => "Unban account",
        AuditAction::HideIdea => "Hide idea",
        AuditAction::UnhideIdea => "Show idea again",
        AuditAction::FeatureIdea => "Feature idea",
        AuditAction::UnfeatureIdea => "Stop featuring idea",
        AuditAction::UpholdReport => "Uphold report",
        AuditAction::DismissReport => "Dismiss report",
        AuditAction::RefundOrder => "Refund order",
    },
    audit_target: |target| {
        let what = match target {
            AuditTarget::User(_) => "Member",
            AuditTarget::Idea(_) => "Idea",
            AuditTarget::Report(_) => "Report",
            AuditTarget::Order(_) => "Order",
        };
        format!("{what} #{}", target.id())
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_keeps_the_models_words() {
        assert_eq!((ZH.page_title)(ZH.tab_analytics), "数据 · 管理后台");
        assert_eq!((EN.page_title)(EN.tab_analytics), "Analytics · Admin console");
        assert_eq!((ZH.audit_target)(AuditTarget::Idea(7)), "创意 #7");
        assert_eq!((EN.audit_target)(AuditTarget::User(7)), "Member #7");
        assert_eq!((ZH.audit_action)(AuditAction::RefundOrder), "订单退款");
        assert_eq!((ZH.standing)(AccountStanding::Banned), "已封禁");
    }
}
