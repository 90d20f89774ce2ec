use serde::{Deserialize, Serialize};

use crate::FieldMsg;
use crate::validate::{self, Errors};

/// Credits every new account receives, written to the ledger.
pub const SIGNUP_CREDITS: i64 = 1000;

/// Member level, from lifetime earnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Bronze,
    Silver,
    Gold,
}

impl Level {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bronze" => Some(Self::Bronze),
            "silver" => Some(Self::Silver),
            "gold" => Some(Self::Gold),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Bronze => "青铜",
            Self::Silver => "白银",
            Self::Gold => "黄金",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Bronze => "Bronze",
            Self::Silver => "Silver",
            Self::Gold => "Gold",
        }
    }
}

/// How the OpenAPI description shows a phone field: one `Phone` schema that every request with
/// a phone refers to.
#[cfg(feature = "openapi")]
pub struct PhoneSchema;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for PhoneSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "A mainland mobile: 11 digits starting with 13–19, optionally with spaces, dashes or a `+86` prefix.",
            ))
            .pattern(Some(r"^[ -]*(\+[ -]*8[ -]*6[ -]*)?1[ -]*[3-9]([ -]*[0-9]){9}[ -]*$"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for PhoneSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        "Phone".into()
    }
}

/// `POST /api/auth/sms-code`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsCodeRequest {
    /// The phone to send the code to.
    #[cfg_attr(feature = "openapi", schema(value_type = PhoneSchema))]
    pub phone: String,
}

/// The answer to `POST /api/auth/sms-code`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsCodeSent {
    pub sent: bool,
    /// Seconds before another code may be sent to this phone.
    pub resend_after_seconds: u64,
}

/// The version of the 用户协议 and 隐私政策 in force (the date they took effect). A member who
/// accepted an older one is asked again.
pub const TERMS_VERSION: &str = "2026-12-06";

/// `POST /api/auth/register`, the original plan's body, plus the optional consent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    /// 3–20 letters, digits, Chinese characters, `_` or `-`, no `@` (trimmed).
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 20))]
    pub username: String,
    /// Trimmed and lower-cased.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 100))]
    pub email: String,
    /// Not one of the most common passwords, nor one character repeated.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub password: String,
    /// A mainland mobile, as for `POST /api/auth/sms-code`.
    #[cfg_attr(feature = "openapi", schema(value_type = PhoneSchema))]
    pub phone: String,
    /// The 6 digits sent by SMS.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{6}$"))]
    pub sms_code: String,
    /// A friend's invite code (optional; not in the original plan); an unknown one is 422 on
    /// `inviteCode`. The inviter is rewarded, up to a monthly cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_code: Option<String>,
    /// The member accepts the 用户协议 (/terms) and 隐私政策 (/privacy) in force. The registration
    /// page requires it; a client that follows the original plan leaves it out, and its member is
    /// asked on their first page (`POST /api/me/terms`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accept_terms: bool,
}

impl RegisterRequest {
    /// Trims what a person may have padded by accident; the password is kept as typed.
    pub fn normalized(mut self) -> Self {
        self.username = self.username.trim().to_owned();
        self.email = self.email.trim().to_lowercase();
        self.phone = normalize_phone(&self.phone);
        self.sms_code = self.sms_code.trim().to_owned();
        self.invite_code = self.invite_code.map(|c| c.trim().to_uppercase()).filter(|c| !c.is_empty());
        self
    }

    pub fn validate(&self) -> Result<(), Vec<FieldMsg>> {
        let mut e = Errors::default();
        e.check("username", validate::username(&self.username));
        e.check("email", validate::email(&self.email));
        e.check("password", validate::password(&self.password));
        e.check("phone", validate::phone(&self.phone));
        e.check("smsCode", validate::sms_code(&self.sms_code));
        e.finish()
    }
}

/// `POST /api/auth/login`: `login` is a username or an email. Clients that follow the original
/// plan's registration body send `username` or `email` instead, and are understood.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Username or email. A body with `username` or `email` in its place (as the registration
    /// body names them) is read the same way.
    #[serde(alias = "username", alias = "email")]
    pub login: String,
    pub password: String,
}

/// `POST /api/me/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// Not one of the most common passwords, nor one character repeated.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

/// `POST /api/me/email`: a new email address, confirmed by the current password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangeEmailRequest {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 100))]
    pub email: String,
}

/// `POST /api/me/phone`: a new mainland mobile, confirmed by the current password and by the
/// SMS code sent to the new number (`POST /api/auth/sms-code`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePhoneRequest {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(value_type = PhoneSchema))]
    pub phone: String,
    /// 6 digits, sent to the new number.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{6}$"))]
    pub sms_code: String,
}

/// `POST /api/auth/password-reset`: a new password for the account whose phone the SMS code
/// (`POST /api/auth/sms-code`) proves.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The account's mainland mobile.
    #[cfg_attr(feature = "openapi", schema(value_type = PhoneSchema))]
    pub phone: String,
    /// 6 digits, sent to that phone.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{6}$"))]
    pub sms_code: String,
    /// Not one of the most common passwords, nor one character repeated.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 128))]
    pub new_password: String,
}

impl ResetPasswordRequest {
    /// Trims the phone and the code; the password is kept as typed.
    pub fn normalized(mut self) -> Self {
        self.phone = normalize_phone(&self.phone);
        self.sms_code = self.sms_code.trim().to_owned();
        self
    }

    pub fn validate(&self) -> Result<(), Vec<FieldMsg>> {
        let mut e = Errors::default();
        e.check("phone", validate::phone(&self.phone));
        e.check("smsCode", validate::sms_code(&self.sms_code));
        e.check("newPassword", validate::password(&self.new_password));
        e.finish()
    }
}

/// What the API answers on login or registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Bearer token for the API (the browser gets the same session as an HttpOnly cookie).
    pub token: String,
    pub user: Me,
    /// This sign-in cancelled the account's closing (注销), asked for within the last 7 days.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closing_cancelled: bool,
}

/// `POST /api/auth/verify-email`: the token of the link mailed to the address.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 128))]
    pub token: String,
}

/// The answer to a verification: the address now verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailVerified {
    pub email: String,
}

/// `POST /api/me/close`: close the account (注销), confirmed by the password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CloseAccountRequest {
    pub current_password: String,
}

/// The answer to closing: when the account's personal data will be erased, unless the member
/// signs in before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClosingScheduled {
    pub erase_at: chrono::DateTime<chrono::Utc>,
}

/// `GET /api/me`: the signed-in user with the credit balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub phone: Option<String>,
    pub credits: i64,
    pub level: Level,
    pub is_admin: bool,
    /// Whether the member accepted the 用户协议 and 隐私政策 in force; if not, the pages ask, and
    /// `POST /api/me/terms` accepts them.
    pub terms_accepted: bool,
    /// Whether the member opened the link mailed to the current address (`POST
    /// /api/me/email/verification` sends another).
    pub email_verified: bool,
    /// Whether the important notifications are also mailed (once the address is verified).
    pub notify_by_email: bool,
    /// Notifications not read yet: the header's bell.
    pub unread_notices: i64,
    /// The language of the interface the member chose (`POST /api/me/language`).
    pub language: crate::Lang,
}

/// A mainland number as typed, without spaces, dashes or a +86 prefix.
pub fn normalize_phone(raw: &str) -> String {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits);
    digits.to_owned()
}

/// `POST /api/me/tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    /// 1–50 characters once trimmed.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub name: String,
}

/// A personal API token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The answer to creating a token: its secret, shown this once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiToken {
    pub token: String,
    #[serde(flatten)]
    pub view: ApiTokenView,
}

/// The account settings page: who the member is and their live API tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub me: Me,
    pub tokens: Vec<ApiTokenView>,
}

/// Where an admin stands with the second factor (TOTP) that production requires of admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorState {
    /// Whether admin powers need it (production).
    pub required: bool,
    /// Whether an authenticator app is set up.
    pub enrolled: bool,
    /// Whether this session gave a code.
    pub verified: bool,
}

/// Setting up an authenticator app: the secret to type in, or the QR code to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorSetup {
    /// Base32, as authenticator apps take it by hand.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_url: String,
    /// The QR code as a `data:image/svg+xml;base64,…` address.
    pub qr: String,
}
