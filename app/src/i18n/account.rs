//! The strings of registering, recovering a password, verifying an email and the settings page. One struct, one value per language.

pub struct AccountText {
    pub register_title: &'static str,
}

pub const ZH: AccountText = AccountText {
    register_title: "注册",
};

pub const EN: AccountText = AccountText {
    register_title: "Sign up",
};
