//! The strings of registering, recovering a password, verifying an email and the settings page:
//! one struct per part, each part with its two languages in its own file under `account/`.

mod forms;
mod recover;
mod register;
mod settings;
mod tokens;

pub use forms::FormsText;
pub use recover::RecoverText;
pub use register::RegisterText;
pub use settings::SettingsText;
pub use tokens::TokensText;

/// The account area's strings, by part.
pub struct AccountText {
    pub forms: FormsText,
    pub register: RegisterText,
    pub recover: RecoverText,
    pub settings: SettingsText,
    pub tokens: TokensText,
}

pub const ZH: AccountText = AccountText {
    forms: forms::ZH,
    register: register::ZH,
    recover: recover::ZH,
    settings: settings::ZH,
    tokens: tokens::ZH,
};

pub const EN: AccountText = AccountText {
    forms: forms::EN,
    register: register::EN,
    recover: recover::EN,
    settings: settings::EN,
    tokens: tokens::EN,
};

#[cfg(test)]
mod tests {

    use super::{EN, ZH};

    #[test]
    fn values_sit_where_each_language_puts_them() {
        assert_eq!((ZH.forms.resend_in)(59), "59 秒后重发");
        assert_eq!((EN.forms.resend_in)(59), "Resend in 59 s");
        assert_eq!((ZH.register.bonus)(1000), "注册即送 1000 积分");
        assert_eq!((EN.register.bonus)(1000), "Sign up and get 1,000 credits");
        assert_eq!((ZH.tokens.created_at)("2026-12-07 12:05", "从未使用"), "创建于 2026-12-07 12:05 · 从未使用");
    }
}
