use model::{ApiError, FieldError};

/// Everything the core can refuse or fail with. Each variant maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum MarketError {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
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
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
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

    /// The body a client sees. Internal causes are never shown; the caller logs them.
    pub fn to_api_error(&self) -> ApiError {
        match self {
            Self::Invalid(fields) => ApiError::invalid(fields.clone()),
            Self::Duplicate("report") => ApiError::new("duplicate", "你已经举报过该内容，管理员会尽快处理"),
            Self::Duplicate(field) => {
                let what = match *field {
                    "username" => "用户名",
                    "email" => "邮箱",
                    "phone" => "手机号",
                    _ => "该值",
                };
                let mut e = ApiError::new("duplicate", format!("{what}已被注册"));
                e.fields.push(FieldError::new(field, format!("{what}已被注册")));
                e
            }
            Self::Unauthorized => ApiError::new("unauthorized", "请先登录"),
            Self::BadCredentials => ApiError::new("bad_credentials", "用户名/邮箱或密码不正确"),
            Self::Banned => ApiError::new("banned", "账号已被封禁"),
            Self::Forbidden => ApiError::new("forbidden", "需要管理员权限"),
            Self::NotFound => ApiError::new("not_found", "找不到该内容"),
            Self::RateLimited { retry_after_secs } => {
                ApiError::new("rate_limited", format!("操作太频繁，请 {retry_after_secs} 秒后再试"))
            }
            Self::DailyLimit { level, limit } => ApiError::new(
                "daily_limit",
                format!("今天的创意提交次数已用完（{}会员每天 {limit} 个），明天再来吧", level.label_zh()),
            ),
            Self::InsufficientCredits => ApiError::new("insufficient_credits", "积分不足"),
            Self::SmsFailed(_) => ApiError::new("sms_failed", "短信发送失败，请稍后重试"),
            Self::Internal(_) => ApiError::new("internal", "服务器开小差了，请稍后重试"),
        }
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
}
