use model::{ApiError, FieldError, FieldMsg, Lang, Msg};

/// Everything the core can refuse or fail with. Each variant maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldMsg>),
    /// A unique field (username, email, phone) is taken.
    #[error("duplicate {0}")]
    Duplicate(&'static str),
    #[error("not signed in")]
    Unauthorized,
    #[error("wrong login or password")]
    BadCredentials,
    #[error("account banned")]
    Banned,
    /// Signed in, but this needs an admin.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// The member's daily idea submissions are used up.
    #[error("daily idea limit of {limit} reached")]
    DailyLimit { level: model::Level, limit: i64 },
    #[error("not enough credits")]
    InsufficientCredits,
    /// The SMS provider did not take the code; the sender has logged why.
    #[error("SMS not sent: {0}")]
    SmsFailed(#[from] crate::sms::SmsError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type MarketResult<T> = Result<T, MarketError>;

impl MarketError {
    pub fn invalid(field: &str, message: Msg) -> Self {
        Self::Invalid(vec![FieldMsg::new(field, message)])
    }

    /// For `Retry-After`: when a refused request may succeed, in seconds.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            Self::DailyLimit { .. } => {
                let now = chrono::Utc::now();
                let next_day = crate::beijing::day_start(now) + chrono::TimeDelta::days(1);
                Some(u64::try_from((next_day - now).num_seconds()).unwrap_or(0).max(1))
            }
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            Self::Invalid(_) => 422,
            Self::Duplicate(_) => 409,
            Self::Unauthorized | Self::BadCredentials => 401,
            Self::Banned | Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::RateLimited { .. } | Self::DailyLimit { .. } => 429,
            Self::InsufficientCredits => 402,
            Self::SmsFailed(_) => 502,
            Self::Internal(_) => 500,
        }
    }

    /// The body a client sees, in `lang`. Internal causes are never shown; the caller logs them.
    pub fn to_api_error(&self, lang: Lang) -> ApiError {
        let error = |code: &str, zh: &'static str, en: &'static str| ApiError::new(code, Msg::new(zh, en).get(lang));
        match self {
            Self::Invalid(fields) => ApiError::invalid(lang, fields),
            Self::Duplicate("report") => error(
                "duplicate",
                "你已经举报过该内容，管理员会尽快处理",
                "You have already reported this; an admin will look at it soon",
            ),
            Self::Duplicate(field) => {
                let (zh, en) = match *field {
                    "username" => ("用户名", "This username"),
                    "email" => ("邮箱", "This email address"),
                    "phone" => ("手机号", "This phone number"),
                    _ => ("该值", "This value"),
                };
                let message = Msg::new(format!("{zh}已被注册"), format!("{en} is already registered"));
                let mut e = ApiError::new("duplicate", message.get(lang));
                e.fields.push(FieldError::new(field, message.get(lang)));
                e
            }
            Self::Unauthorized => error("unauthorized", "请先登录", "Please sign in first"),
            Self::BadCredentials => {
                error("bad_credentials", "用户名/邮箱或密码不正确", "Wrong username, email or password")
            }
            Self::Banned => error("banned", "账号已被封禁", "This account is banned"),
            Self::Forbidden => error("forbidden", "需要管理员权限", "This needs an admin"),
            Self::NotFound => error("not_found", "找不到该内容", "Not found"),
            Self::RateLimited { retry_after_secs: s } => {
                let message =
                    Msg::new(format!("操作太频繁，请 {s} 秒后再试"), format!("Too many requests: try again in {s} s"));
                ApiError::new("rate_limited", message.get(lang))
            }
            Self::DailyLimit { level, limit } => {
                let message = Msg::new(
                    format!("今天的创意提交次数已用完（{}会员每天 {limit} 个），明天再来吧", level.label_zh()),
                    format!(
                        "You have used up today's idea submissions ({} members: {limit} a day); come back tomorrow",
                        level_en(*level)
                    ),
                );
                ApiError::new("daily_limit", message.get(lang))
            }
            Self::InsufficientCredits => error("insufficient_credits", "积分不足", "Not enough credits"),
            Self::SmsFailed(_) => {
                error("sms_failed", "短信发送失败，请稍后重试", "The SMS could not be sent; please try again later")
            }
            Self::Internal(_) => error(
                "internal",
                "服务器开小差了，请稍后重试",
                "Something went wrong on our side; please try again later",
            ),
        }
    }
}

fn level_en(level: model::Level) -> &'static str {
    match level {
        model::Level::Bronze => "Bronze",
        model::Level::Silver => "Silver",
        model::Level::Gold => "Gold",
    }
}

impl From<sqlx::Error> for MarketError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(anyhow::Error::new(e).context("database"))
    }
}

impl From<crate::cache::CacheError> for MarketError {
    fn from(e: crate::cache::CacheError) -> Self {
        Self::Internal(anyhow::Error::new(e).context("cache"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_say_when_to_come_back() {
        assert_eq!(MarketError::RateLimited { retry_after_secs: 42 }.retry_after_secs(), Some(42));
        let daily = MarketError::DailyLimit { level: model::Level::Bronze, limit: 5 }.retry_after_secs();
        assert!(daily.is_some_and(|s| (1..=86_400).contains(&s)), "until the next Beijing midnight: {daily:?}");
        assert_eq!(MarketError::NotFound.retry_after_secs(), None);
    }

    #[test]
    fn every_refusal_reads_in_both_languages() {
        let en = |e: MarketError| e.to_api_error(Lang::En).message;
        assert_eq!(en(MarketError::Unauthorized), "Please sign in first");
        assert_eq!(MarketError::Unauthorized.to_api_error(Lang::Zh).message, "请先登录");
        assert_eq!(en(MarketError::InsufficientCredits), "Not enough credits");
        assert_eq!(en(MarketError::RateLimited { retry_after_secs: 42 }), "Too many requests: try again in 42 s");
        let taken = MarketError::Duplicate("email").to_api_error(Lang::En);
        assert_eq!(taken.field("email"), Some("This email address is already registered"));
        assert_eq!(MarketError::Duplicate("email").to_api_error(Lang::Zh).field("email"), Some("邮箱已被注册"));
        let daily = MarketError::DailyLimit { level: model::Level::Gold, limit: 20 };
        assert!(en(daily).contains("Gold members: 20 a day"));
        let invalid = MarketError::invalid("name", Msg::new("名称需 1–50 个字符", "Names are 1–50 characters long"));
        assert_eq!(invalid.to_api_error(Lang::En).field("name"), Some("Names are 1–50 characters long"));
        assert_eq!(invalid.to_api_error(Lang::Zh).field("name"), Some("名称需 1–50 个字符"));
        let internal = MarketError::Internal(anyhow::anyhow!("secret cause"));
        assert!(!en(internal).contains("secret"));
    }
}
