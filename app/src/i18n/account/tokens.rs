/// The settings page's personal API tokens.
pub struct TokensText {
    pub heading: &'static str,
    /// The intro's parts: before the header, the header's example, after it.
    pub intro_before: &'static str,
    pub intro_header: &'static str,
    pub intro_after: &'static str,
    pub name: &'static str,
    pub name_placeholder: &'static str,
    pub creating: &'static str,
    pub create: &'static str,
    /// The new token's name.
    pub created: fn(&str) -> String,
    pub new_token: &'static str,
    pub saved: &'static str,
    pub empty: &'static str,
    /// When a token was created, and `used` or `never_used`.
    pub created_at: fn(&str, &str) -> String,
    pub used: fn(&str) -> String,
    pub never_used: &'static str,
    pub revoke: &'static str,
}

pub const ZH: TokensText = TokensText {
    heading: "API 令牌",
    intro_before: "供脚本调用 REST API：请求头写 ",
    intro_header: "Authorization: Bearer 令牌",
    intro_after: "。令牌与账号权限相同，请妥善保管。",
    name: "新令牌名称",
    name_placeholder: "例如：数据看板脚本",
    creating: "正在创建…",
    create: "创建",
    created: |name| format!("令牌「{name}」已创建。它只显示这一次，请立即复制保存："),
    new_token: "新令牌",
    saved: "已保存，刷新列表",
    empty: "还没有令牌。",
    created_at: |at, used| format!("创建于 {at} · {used}"),
    used: |at| format!("最近使用 {at}"),
    never_used: "从未使用",
    revoke: "撤销",
};

pub const EN: TokensText = TokensText {
    heading: "API tokens",
    intro_before: "For scripts that call the REST API: send the header ",
    intro_header: "Authorization: Bearer <token>",
    intro_after: ". A token can do all that your account can, so keep it safe.",
    name: "New token name",
    name_placeholder: "e.g. dashboard script",
    creating: "Creating…",
    create: "Create",
    created: |name| format!("Token “{name}” created. It is shown only this once: copy it and keep it safe now:"),
    new_token: "New token",
    saved: "I have saved it: refresh the list",
    empty: "No tokens yet.",
    created_at: |at, used| format!("created {at} · {used}"),
    used: |at| format!("last used {at}"),
    never_used: "never used",
    revoke: "Revoke",
};
