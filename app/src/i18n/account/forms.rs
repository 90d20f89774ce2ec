/// The rows that several account forms share (`components/forms`): who the member is, the phone
/// and its SMS code, passwords, and the print button.
pub struct FormsText {
    pub username: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub sms_code: &'static str,
    pub send_code: &'static str,
    pub sending_code: &'static str,
    /// Seconds before another code may be sent.
    pub resend_in: fn(u32) -> String,
    pub password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    /// A password's least length.
    pub password_hint: fn(usize) -> String,
    pub print: &'static str,
}

pub const ZH: FormsText = FormsText {
    username: "用户名",
    email: "邮箱",
    phone: "手机号",
    sms_code: "短信验证码",
    send_code: "获取验证码",
    sending_code: "发送中…",
    resend_in: |n| format!("{n} 秒后重发"),
    password: "密码",
    current_password: "当前密码",
    new_password: "新密码",
    password_hint: |n| format!("至少 {n} 位"),
    print: "打印 / 保存为 PDF",
};

pub const EN: FormsText = FormsText {
    username: "Username",
    email: "Email",
    phone: "Mobile number",
    sms_code: "SMS code",
    send_code: "Send code",
    sending_code: "Sending…",
    resend_in: |n| format!("Resend in {n} s"),
    password: "Password",
    current_password: "Current password",
    new_password: "New password",
    password_hint: |n| format!("At least {n} characters"),
    print: "Print / save as PDF",
};
