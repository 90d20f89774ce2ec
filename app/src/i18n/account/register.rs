use crate::i18n::names::credits;

/// The sign-up page.
pub struct RegisterText {
    pub title: &'static str,
    /// The meta description, with the credits a new account receives.
    pub description: fn(i64) -> String,
    /// The credits a new account receives.
    pub bonus: fn(i64) -> String,
    /// Before the sign-in link, spaced where the language spaces words.
    pub have_account: &'static str,
    pub invite_code: &'static str,
    /// Before the links to the terms and the privacy policy (`t.common.terms`, `and`, `privacy`).
    pub accept_terms: &'static str,
    pub signing_up: &'static str,
}

pub const ZH: RegisterText = RegisterText {
    title: "注册",
    description: |n| format!("注册 AI创意交易市场：提交创意，五位 AI 分析师评估并竞价，注册即送 {n} 积分。"),
    bonus: |n| format!("注册即送 {n} 积分"),
    have_account: "已有账号？",
    invite_code: "邀请码（选填）",
    accept_terms: "我已阅读并同意",
    signing_up: "正在注册…",
};

pub const EN: RegisterText = RegisterText {
    title: "Sign up",
    description: |n| {
        format!(
            "Sign up to AI Idea Market: submit ideas, five AI analysts assess them and bid on them, and you start with {}.",
            credits(n)
        )
    },
    bonus: |n| format!("Sign up and get {}", credits(n)),
    have_account: "Already have an account? ",
    invite_code: "Invite code (optional)",
    accept_terms: "I have read and agree to the ",
    signing_up: "Signing up…",
};
