//! The admins' second factor: setting up an authenticator app and giving its code.

/// The two-step verification page.
pub struct SecondFactorText {
    pub title: &'static str,
    /// Followed by the link into the console, its trailing space included where needed.
    pub done: &'static str,
    pub enter: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub scan: &'static str,
    pub qr_alt: &'static str,
    pub code: &'static str,
    pub verifying: &'static str,
    pub verify: &'static str,
}

pub const ZH: SecondFactorText = SecondFactorText {
    title: "两步验证",
    done: "这次登录已经完成两步验证。 ",
    enter: "进入管理后台",
    required: "管理员每次登录后需要输入身份验证器上的 6 位验证码，才能使用管理后台。",
    optional: "本环境不强制两步验证；生产环境中管理员每次登录都需要验证码。",
    scan: "用身份验证器 App（如 Microsoft Authenticator、Google 身份验证器或阿里云 App）扫描二维码，或手动输入密钥：",
    qr_alt: "两步验证二维码",
    code: "验证码",
    verifying: "正在验证…",
    verify: "验证",
};

pub const EN: SecondFactorText = SecondFactorText {
    title: "Two-step verification",
    done: "This sign-in has passed two-step verification. ",
    enter: "Go to the admin console",
    required: "After each sign-in, admins enter the 6-digit code from their authenticator app before they can use the admin console.",
    optional: "Two-step verification is optional here; in production, admins need a code on every sign-in.",
    scan: "Scan the QR code with an authenticator app (such as Microsoft Authenticator, Google Authenticator or the Alibaba Cloud app), or type in the secret key:",
    qr_alt: "QR code for two-step verification",
    code: "Verification code",
    verifying: "Verifying…",
    verify: "Verify",
};
