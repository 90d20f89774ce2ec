//! The strings of credits: the balance and ledger, levels, invitations and buying credits. One struct, one value per language.

pub struct WalletText {
    pub credits_title: &'static str,
}

pub const ZH: WalletText = WalletText {
    credits_title: "我的积分",
};

pub const EN: WalletText = WalletText {
    credits_title: "My credits",
};
