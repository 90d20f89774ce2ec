/// The pages reached from outside the settings: resetting a forgotten password, and the link
/// that verifies an email address.
pub struct RecoverText {
    pub forgot_title: &'static str,
    pub forgot_description: &'static str,
    pub forgot_intro: &'static str,
    /// Before the sign-in link, spaced where the language spaces words.
    pub remembered: &'static str,
    pub resetting: &'static str,
    pub reset: &'static str,
    pub reset_done: &'static str,
    pub go_sign_in: &'static str,
    pub verify_title: &'static str,
    pub verify_description: &'static str,
    pub verify_intro: &'static str,
    pub verifying: &'static str,
    pub verify: &'static str,
    /// The address just verified.
    pub verified: fn(&str) -> String,
}

pub const ZH: RecoverText = RecoverText {
    forgot_title: "找回密码",
    forgot_description: "用注册手机号收到的验证码重设密码。",
    forgot_intro: "验证注册时的手机号后设置新密码。所有设备上的登录和 API 令牌都会失效。",
    remembered: "想起来了？",
    resetting: "正在重置…",
    reset: "重置密码",
    reset_done: "密码已重置，请用新密码登录。",
    go_sign_in: "去登录",
    verify_title: "验证邮箱",
    verify_description: "验证你的邮箱地址。",
    verify_intro: "点击下面的按钮，确认这个邮箱属于你。",
    verifying: "正在验证…",
    verify: "确认验证",
    verified: |email| format!("邮箱 {email} 已验证，谢谢！"),
};

pub const EN: RecoverText = RecoverText {
    forgot_title: "Reset your password",
    forgot_description: "Set a new password with a code sent to the mobile number you signed up with.",
    forgot_intro: "Confirm the mobile number you signed up with, then set a new password. Every device is signed out and every API token stops working.",
    remembered: "Remembered it? ",
    resetting: "Resetting…",
    reset: "Reset password",
    reset_done: "Your password is reset. Sign in with the new one.",
    go_sign_in: "Sign in",
    verify_title: "Verify your email",
    verify_description: "Verify your email address.",
    verify_intro: "Press the button below to confirm that this address is yours.",
    verifying: "Verifying…",
    verify: "Verify",
    verified: |email| format!("{email} is verified. Thank you!"),
};
