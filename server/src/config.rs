//! Typed configuration, read once at start from the environment (and `.env`).
//! With no settings at all the product runs on the embedded default: SQLite under `./data/`,
//! in-process cache and sessions, offline analysts, SMS codes printed to the log.

mod files;
mod http;
mod mail;
mod payments;
mod reader;
mod rules;
mod services;
mod stores;
#[cfg(test)]
mod tests;

use std::time::Duration;

pub use files::{FileSettings, FileStore};
pub use http::{Http, RateLimits};
pub use mail::MailProvider;
pub use payments::{AlipaySettings, PaymentProvider};
pub use reader::Source;
pub use stores::Stores;

use reader::{ProcessEnv, Reader};

/// Development or production; production refuses unsafe defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Production,
}

/// How SMS codes leave the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsProvider {
    /// One log line per code: development only.
    Log,
    /// Alibaba Cloud SMS, from the `ALIBABA_SMS_*` settings.
    Alibaba(market::sms::AlibabaSmsConfig),
}

/// A value that must never be printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Every setting, in sections by area; each section reads its own variables.
#[derive(Debug, Clone)]
pub struct Config {
    pub env: AppEnv,
    pub http: Http,
    pub limits: RateLimits,
    pub stores: Stores,
    pub sms_provider: SmsProvider,
    /// AI providers with a key; the other agents are offline analysts.
    pub providers: Vec<market::ai::provider::ProviderConfig>,
    pub auction: market::auction::AuctionSettings,
    pub plans: market::plans::PlanSettings,
    pub invites: market::credits::invites::InviteSettings,
    /// A session unused this long ends (it ends after 7 days regardless).
    pub session_idle: Duration,
    /// The wait before another SMS code may go to the same phone.
    pub sms_resend_after: Duration,
    /// Whether this instance runs the background worker (analysis, rounds, settlement).
    pub worker: bool,
    /// The forbidden words that hold a submitted idea for review (one per line), read again
    /// whenever the file changes.
    pub forbidden_words: Option<std::path::PathBuf>,
    pub mail_provider: MailProvider,
    /// The site's address for links in mail.
    pub public_url: String,
    /// Who takes the money for credit packages...
    pub payment_provider: PaymentProvider,
    /// ...what is on sale...
    pub packages: Vec<model::Package>,
    /// ...and how often the worker asks the provider about an unpaid order.
    pub payment_query_every: Duration,
    /// Where attachments go, and how big they may be.
    pub files: FileSettings,
    /// Whether admin powers need a TOTP code on the session (always in production).
    pub admin_second_factor: bool,
    /// Whether members' sign-ins and page views are counted for the analytics.
    pub analytics: bool,
}

impl Config {
    pub fn from_env() -> Result<Self, Vec<String>> {
        Self::from_source(&ProcessEnv)
    }

    /// Every problem is reported at once, each naming the setting to change; production refuses
    /// unsafe defaults (each section checks its own).
    pub fn from_source(src: &impl Source) -> Result<Self, Vec<String>> {
        let mut r = Reader::new(src);
        let env = match r.get("APP_ENV").as_deref() {
            None | Some("development" | "dev") => AppEnv::Development,
            Some("production" | "prod") => AppEnv::Production,
            Some(other) => {
                r.problem(format!("APP_ENV={other:?}: use development or production"));
                AppEnv::Development
            }
        };
        let http = Http::read(&mut r, env);
        let config = Self {
            env,
            public_url: mail::public_url(&mut r, env, http.addr),
            mail_provider: mail::provider(&mut r, env),
            http,
            limits: RateLimits::read(&mut r),
            stores: Stores::read(&mut r, env),
            sms_provider: services::sms_provider(&mut r, env),
            providers: services::providers(&mut r),
            auction: rules::auction(&mut r),
            plans: rules::plans(&mut r),
            invites: rules::invites(&mut r),
            session_idle: r.seconds("SESSION_IDLE_SECS", market::accounts::SESSION_IDLE),
            sms_resend_after: r.seconds("SMS_RESEND_SECS", market::Settings::default().sms_resend_after),
            worker: r.switch("WORKER", true, "on or off"),
            forbidden_words: r.get("FORBIDDEN_WORDS_FILE").map(std::path::PathBuf::from),
            payment_provider: payments::provider(&mut r, env),
            packages: payments::packages(&mut r),
            payment_query_every: r.seconds("PAYMENT_QUERY_SECS", market::payments::QUERY_EVERY),
            files: files::read(&mut r, env),
            admin_second_factor: r.switch("ADMIN_TOTP", env == AppEnv::Production, "on or off"),
            analytics: r.switch("ANALYTICS", true, "on or off"),
        };
        if let Some(path) = &config.forbidden_words
            && let Err(e) = std::fs::read_to_string(path)
        {
            r.problem(format!("FORBIDDEN_WORDS_FILE={}: cannot be read ({e})", path.display()));
        }
        if env == AppEnv::Production && !config.admin_second_factor {
            r.problem("ADMIN_TOTP=off: production requires admins to give a TOTP code; remove the setting");
        }
        if config.payment_query_every < Duration::from_secs(1) {
            r.problem("PAYMENT_QUERY_SECS must be at least 1");
        }
        if config.sms_resend_after < Duration::from_secs(1) {
            r.problem("SMS_RESEND_SECS must be at least 1");
        }
        if r.problems.is_empty() { Ok(config) } else { Err(r.problems) }
    }
}
