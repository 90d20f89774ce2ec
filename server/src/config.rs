//! Typed configuration, read once at start from the environment (and `.env`).
//! With no settings at all the product runs on the embedded default: SQLite under `./data/`,
//! in-process cache and sessions, offline analysts, SMS codes printed to the log.

use std::net::SocketAddr;
use std::path::PathBuf;

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

#[derive(Debug, Clone)]
pub struct Config {
    pub env: AppEnv,
    pub addr: SocketAddr,
    pub database_url: Secret,
    pub database_max_connections: u32,
    pub redis_url: Option<Secret>,
    /// Prefix of every Redis key, so that several deployments can share one Redis.
    pub redis_prefix: String,
    /// Folder with `pkg/` (wasm, js, css) and the public files.
    pub site_root: PathBuf,
    pub cookie_secure: bool,
    pub sms_provider: SmsProvider,
    /// Largest request body the API accepts, in bytes.
    pub body_limit: usize,
    pub auction: market::auction::AuctionSettings,
    pub plans: market::plans::PlanSettings,
    pub invites: market::credits::invites::InviteSettings,
    /// Whether this instance runs the background worker (analysis, rounds, settlement).
    pub worker: bool,
    /// AI providers with a key; the other agents are offline analysts.
    pub providers: Vec<market::ai::provider::ProviderConfig>,
    /// Origins besides the site itself that browsers may call the API from (CORS) and send
    /// cookie-authenticated writes from (CSRF), e.g. `https://admin.example.com`.
    pub allowed_origins: Vec<String>,
    /// REST requests per client per window, and the stricter budget for sign-in and SMS.
    pub rate_limit_api: i64,
    pub rate_limit_auth: i64,
    pub rate_limit_window: std::time::Duration,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A session unused this long ends (it ends after 7 days regardless).
    pub session_idle: std::time::Duration,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_grace: std::time::Duration,
}

/// Reads variables from a source (the process environment, or a map in tests).
pub trait Source {
    fn get(&self, key: &str) -> Option<String>;
}

struct ProcessEnv;

impl Source for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.trim().is_empty())
    }
}

impl<const N: usize> Source for [(&str, &str); N] {
    fn get(&self, key: &str) -> Option<String> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()).filter(|v| !v.trim().is_empty())
    }
}

impl Config {
    pub fn from_env() -> Result<Self, Vec<String>> {
        Self::from_source(&ProcessEnv)
    }

    /// Every problem is reported at once, each naming the setting to change.
    pub fn from_source(src: &impl Source) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let env = match src.get("APP_ENV").as_deref() {
            None | Some("development") | Some("dev") => AppEnv::Development,
            Some("production") | Some("prod") => AppEnv::Production,
            Some(other) => {
                problems.push(format!("APP_ENV={other:?}: use development or production"));
                AppEnv::Development
            }
        };
        let host = src.get("HOST").unwrap_or_else(|| "127.0.0.1".into());
        let port = src.get("PORT").unwrap_or_else(|| "3000".into());
        let addr = match format!("{host}:{port}").parse::<SocketAddr>() {
            Ok(a) => a,
            Err(_) => {
                problems.push(format!("HOST={host:?} PORT={port:?}: not an IP address and port"));
                SocketAddr::from(([127, 0, 0, 1], 3000))
            }
        };
        let database_url = src.get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/ai-market.db".into());
        let database_max_connections = parse_number(src, "DATABASE_MAX_CONNECTIONS", 20, &mut problems);
        let redis_url = src.get("REDIS_URL");
        let redis_prefix = src.get("REDIS_PREFIX").unwrap_or_else(|| "aimarket:".into());
        let site_root = PathBuf::from(src.get("SITE_ROOT").unwrap_or_else(|| "target/site".into()));
        let cookie_secure = match src.get("COOKIE_SECURE").as_deref() {
            None => env == AppEnv::Production,
            Some("true") | Some("1") => true,
            Some("false") | Some("0") => false,
            Some(other) => {
                problems.push(format!("COOKIE_SECURE={other:?}: use true or false"));
                true
            }
        };
        let sms_provider = sms_provider(src, env, &mut problems);
        let body_limit = parse_number(src, "BODY_LIMIT_BYTES", 64 * 1024, &mut problems);
        let defaults = market::auction::AuctionSettings::default();
        let mut auction = defaults.clone();
        auction.duration = seconds(src, "AUCTION_DURATION_SECS", defaults.duration, &mut problems);
        auction.round_interval = seconds(src, "AUCTION_ROUND_SECS", defaults.round_interval, &mut problems);
        auction.rules.extension_window =
            seconds(src, "AUCTION_EXTENSION_WINDOW_SECS", defaults.rules.extension_window, &mut problems);
        auction.rules.extension = seconds(src, "AUCTION_EXTENSION_SECS", defaults.rules.extension, &mut problems);
        auction.rules.max_extensions =
            parse_number(src, "AUCTION_MAX_EXTENSIONS", defaults.rules.max_extensions, &mut problems);
        auction.agent_budget = parse_number(src, "AGENT_BUDGET_PER_IDEA", defaults.agent_budget, &mut problems);
        let worker = match src.get("WORKER").as_deref() {
            None | Some("on") | Some("true") | Some("1") => true,
            Some("off") | Some("false") | Some("0") => false,
            Some(other) => {
                problems.push(format!("WORKER={other:?}: use on or off"));
                true
            }
        };
        let providers = providers(src, &mut problems);
        let allowed_origins: Vec<String> = src
            .get("ALLOWED_ORIGINS")
            .unwrap_or_default()
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        let session_idle = seconds(src, "SESSION_IDLE_SECS", market::accounts::SESSION_IDLE, &mut problems);
        let shutdown_grace = seconds(src, "SHUTDOWN_GRACE_SECS", std::time::Duration::from_secs(20), &mut problems);
        let rate_limit_api = parse_number(src, "RATE_LIMIT_API", 100, &mut problems);
        let rate_limit_auth = parse_number(src, "RATE_LIMIT_AUTH", 20, &mut problems);
        let rate_limit_window =
            seconds(src, "RATE_LIMIT_WINDOW_SECS", std::time::Duration::from_secs(15 * 60), &mut problems);
        if rate_limit_api < 1 || rate_limit_auth < 1 || rate_limit_window.as_secs() < 1 {
            problems.push("RATE_LIMIT_API, RATE_LIMIT_AUTH and RATE_LIMIT_WINDOW_SECS must be at least 1".into());
        }
        let mut trusted_proxies = Vec::new();
        for proxy in src.get("TRUSTED_PROXIES").unwrap_or_default().split(',').map(str::trim).filter(|p| !p.is_empty())
        {
            match proxy.parse() {
                Ok(ip) => trusted_proxies.push(ip),
                Err(_) => problems.push(format!("TRUSTED_PROXIES: {proxy:?} is not an IP address")),
            }
        }
        for origin in &allowed_origins {
            let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains('/')
            });
            if !valid {
                problems.push(format!("ALLOWED_ORIGINS: {origin:?} is not an origin like https://example.com"));
            }
        }
        let plan_defaults = market::plans::PlanSettings::default();
        let plans = market::plans::PlanSettings {
            cost: parse_number(src, "PLAN_COST", plan_defaults.cost, &mut problems),
            cost_detailed: parse_number(src, "PLAN_COST_DETAILED", plan_defaults.cost_detailed, &mut problems),
            royalty_percent: parse_number(src, "PLAN_ROYALTY_PERCENT", plan_defaults.royalty_percent, &mut problems),
            lease: seconds(src, "PLAN_LEASE_SECS", plan_defaults.lease, &mut problems),
            max_attempts: parse_number(src, "PLAN_MAX_ATTEMPTS", plan_defaults.max_attempts, &mut problems),
            offline_pace: std::time::Duration::from_millis(parse_number(
                src,
                "PLAN_OFFLINE_PACE_MS",
                u64::try_from(plan_defaults.offline_pace.as_millis()).unwrap_or(0),
                &mut problems,
            )),
        };
        if plans.cost < 0 || plans.cost_detailed < 0 || !(0..=100).contains(&plans.royalty_percent) {
            problems.push("PLAN_COST, PLAN_COST_DETAILED must be ≥ 0 and PLAN_ROYALTY_PERCENT 0–100".into());
        }
        if plans.lease < std::time::Duration::from_secs(3) || plans.max_attempts < 1 {
            problems.push("PLAN_LEASE_SECS must be at least 3 and PLAN_MAX_ATTEMPTS at least 1".into());
        }
        let invite_defaults = market::credits::invites::InviteSettings::default();
        let invites = market::credits::invites::InviteSettings {
            reward: parse_number(src, "INVITE_REWARD", invite_defaults.reward, &mut problems),
            monthly_cap: parse_number(src, "INVITE_MONTHLY_CAP", invite_defaults.monthly_cap, &mut problems),
        };
        if invites.reward < 0 || invites.monthly_cap < 0 {
            problems.push("INVITE_REWARD and INVITE_MONTHLY_CAP must be ≥ 0".into());
        }
        if auction.round_interval.is_zero() || auction.duration <= auction.round_interval {
            problems.push("AUCTION_ROUND_SECS must be above 0 and below AUCTION_DURATION_SECS".into());
        }

        if env == AppEnv::Production {
            if database_url.starts_with("sqlite:") {
                problems.push("DATABASE_URL: production needs MySQL (mysql://…), not the embedded SQLite".into());
            }
            if redis_url.is_none() {
                problems.push(
                    "REDIS_URL: production needs Redis for sessions and the cache shared by every instance".into(),
                );
            }
            if !cookie_secure {
                problems.push("COOKIE_SECURE=false: production cookies must be Secure (served over HTTPS)".into());
            }
        }

        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            env,
            addr,
            database_url: Secret(database_url),
            database_max_connections,
            redis_url: redis_url.map(Secret),
            redis_prefix,
            site_root,
            cookie_secure,
            sms_provider,
            body_limit,
            auction,
            plans,
            invites,
            worker,
            providers,
            allowed_origins,
            rate_limit_api,
            rate_limit_auth,
            rate_limit_window,
            trusted_proxies,
            session_idle,
            shutdown_grace,
        })
    }
}

fn parse_number<T: std::str::FromStr + Copy>(
    src: &impl Source,
    key: &str,
    default: T,
    problems: &mut Vec<String>,
) -> T {
    match src.get(key) {
        None => default,
        Some(v) => v.trim().parse().unwrap_or_else(|_| {
            problems.push(format!("{key}={v:?}: not a number"));
            default
        }),
    }
}

/// The providers that have a key, each with its endpoint and model (overridable).
fn providers(src: &impl Source, problems: &mut Vec<String>) -> Vec<market::ai::provider::ProviderConfig> {
    use market::ai::provider::ProviderConfig;
    use model::Agent;
    let timeout = seconds(src, "AI_TIMEOUT_SECS", std::time::Duration::from_secs(30), problems);
    let max_retries = parse_number(src, "AI_MAX_RETRIES", 2, problems);
    let concurrency = parse_number(src, "AI_CONCURRENCY", 4, problems);
    let mut out = Vec::new();
    for agent in Agent::ALL {
        // The original plan's variable names first; iFlytek and Tencent's OpenAI-compatible
        // endpoints take an API password / API key of their own.
        let key_vars: &[&str] = match agent {
            Agent::Baidu => &["BAIDU_API_KEY"],
            Agent::Alibaba => &["ALIBABA_DASHSCOPE_API_KEY"],
            Agent::Iflytek => &["IFLYTEK_API_PASSWORD", "IFLYTEK_API_SECRET"],
            Agent::Tencent => &["TENCENT_HUNYUAN_API_KEY", "TENCENT_SECRET_KEY"],
            Agent::Zhipu => &["ZHIPU_API_KEY"],
        };
        let Some(api_key) = key_vars.iter().find_map(|k| src.get(k)) else { continue };
        let prefix = agent.key().to_uppercase();
        let (base, model) = ProviderConfig::defaults(agent);
        out.push(ProviderConfig {
            agent,
            base_url: src.get(&format!("{prefix}_BASE_URL")).unwrap_or_else(|| base.to_owned()),
            model: src.get(&format!("{prefix}_MODEL")).unwrap_or_else(|| model.to_owned()),
            api_key,
            timeout,
            max_retries,
            concurrency,
            fen_per_1k_tokens: parse_number(src, &format!("{prefix}_FEN_PER_1K_TOKENS"), 1, problems),
        });
    }
    out
}

/// `log` (the default) or `alibaba` with its settings. Production refuses `log` and also names the
/// Alibaba settings still missing, so that one failed start lists everything to set.
fn sms_provider(src: &impl Source, env: AppEnv, problems: &mut Vec<String>) -> SmsProvider {
    let alibaba = match src.get("SMS_PROVIDER").as_deref() {
        None | Some("log") => false,
        Some("alibaba") => true,
        Some(other) => {
            problems.push(format!("SMS_PROVIDER={other:?}: use log or alibaba"));
            false
        }
    };
    if !alibaba && env == AppEnv::Development {
        return SmsProvider::Log;
    }
    let mut required = |key: &str| {
        src.get(key).unwrap_or_else(|| {
            problems.push(format!("{key}: SMS codes go through Alibaba Cloud SMS, which needs this setting"));
            String::new()
        })
    };
    let mut config = market::sms::AlibabaSmsConfig::new(
        &required("ALIBABA_SMS_ACCESS_KEY_ID"),
        &required("ALIBABA_SMS_ACCESS_KEY_SECRET"),
        &required("ALIBABA_SMS_SIGN_NAME"),
        &required("ALIBABA_SMS_TEMPLATE_CODE"),
    );
    if let Some(endpoint) = src.get("ALIBABA_SMS_ENDPOINT") {
        config.endpoint = endpoint.trim().to_owned();
        if config.validate().is_err() {
            problems.push(format!("ALIBABA_SMS_ENDPOINT={endpoint:?}: use https://host[:port] with no path"));
        } else if env == AppEnv::Production && !config.endpoint.starts_with("https://") {
            problems.push(format!("ALIBABA_SMS_ENDPOINT={endpoint:?}: production sends SMS over HTTPS only"));
        }
    }
    config.timeout = seconds(src, "ALIBABA_SMS_TIMEOUT_SECS", config.timeout, problems);
    if config.timeout.is_zero() {
        problems.push("ALIBABA_SMS_TIMEOUT_SECS must be above 0".into());
    }
    if !alibaba {
        problems
            .push("SMS_PROVIDER=log: production must not print SMS codes to the log; set SMS_PROVIDER=alibaba".into());
        return SmsProvider::Log;
    }
    SmsProvider::Alibaba(config)
}

/// A duration in (possibly fractional) seconds.
fn seconds(
    src: &impl Source,
    key: &str,
    default: std::time::Duration,
    problems: &mut Vec<String>,
) -> std::time::Duration {
    match src.get(key) {
        None => default,
        Some(v) => match v.trim().parse::<f64>() {
            Ok(s) if s.is_finite() && (0.0..=30.0 * 86_400.0).contains(&s) => std::time::Duration::from_secs_f64(s),
            _ => {
                problems.push(format!("{key}={v:?}: seconds, from 0 to 30 days"));
                default
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_settings_is_the_embedded_default() {
        let c = Config::from_source(&[]).expect("defaults are valid");
        assert_eq!(c.env, AppEnv::Development);
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url.expose(), "sqlite://data/ai-market.db");
        assert!(c.redis_url.is_none());
        assert!(!c.cookie_secure);
        assert_eq!(c.sms_provider, SmsProvider::Log);
    }

    #[test]
    fn production_refuses_each_unsafe_default_by_name() {
        let problems = Config::from_source(&[("APP_ENV", "production"), ("COOKIE_SECURE", "false")])
            .expect_err("unsafe production refused");
        let all = problems.join("\n");
        for setting in
            ["DATABASE_URL", "REDIS_URL", "COOKIE_SECURE", "ALIBABA_SMS_ACCESS_KEY_SECRET", "SMS_PROVIDER=log"]
        {
            assert!(all.contains(setting), "{setting} not named in:\n{all}");
        }
    }

    #[test]
    fn production_with_mysql_and_redis_still_needs_sms_secrets() {
        let problems = Config::from_source(&[
            ("APP_ENV", "production"),
            ("DATABASE_URL", "mysql://app@db/ai_market"),
            ("REDIS_URL", "redis://cache:6379"),
        ])
        .expect_err("no SMS secrets");
        assert!(
            problems
                .iter()
                .all(|p| !p.starts_with("DATABASE_URL") && !p.starts_with("REDIS_URL") && !p.starts_with("COOKIE")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.starts_with("ALIBABA_SMS_ACCESS_KEY_ID")));
    }

    #[test]
    fn bad_values_are_named() {
        let problems =
            Config::from_source(&[("PORT", "eighty"), ("APP_ENV", "staging"), ("DATABASE_MAX_CONNECTIONS", "many")])
                .expect_err("refused");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn providers_come_from_the_plans_variables() {
        let c = Config::from_source(&[
            ("TENCENT_SECRET_KEY", "tk"),
            ("ZHIPU_API_KEY", "zk"),
            ("ZHIPU_BASE_URL", "http://127.0.0.1:9/v4"),
            ("ZHIPU_MODEL", "glm-4-air"),
        ])
        .expect("valid");
        let agents: Vec<_> =
            c.providers.iter().map(|p| (p.agent.key(), p.base_url.as_str(), p.model.as_str())).collect();
        assert_eq!(
            agents,
            [
                ("tencent", "https://api.hunyuan.cloud.tencent.com/v1", "hunyuan-turbos-latest"),
                ("zhipu", "http://127.0.0.1:9/v4", "glm-4-air")
            ]
        );
        assert!(!format!("{c:?}").contains("zk"), "keys never print");
        assert!(Config::from_source(&[]).expect("valid").providers.is_empty(), "no keys: five offline analysts");
    }

    /// Every production setting, with SMS through Alibaba Cloud.
    const PRODUCTION: [(&str, &str); 8] = [
        ("APP_ENV", "production"),
        ("DATABASE_URL", "mysql://app@db/ai_market"),
        ("REDIS_URL", "redis://cache:6379"),
        ("SMS_PROVIDER", "alibaba"),
        ("ALIBABA_SMS_ACCESS_KEY_ID", "LTAI-example-id"),
        ("ALIBABA_SMS_ACCESS_KEY_SECRET", "sms-secret-hunter2"),
        ("ALIBABA_SMS_SIGN_NAME", "AI市场"),
        ("ALIBABA_SMS_TEMPLATE_CODE", "SMS_0001"),
    ];

    #[test]
    fn production_with_alibaba_sms_starts() {
        let c = Config::from_source(&PRODUCTION).expect("production with Alibaba Cloud SMS is accepted");
        assert_eq!(c.env, AppEnv::Production);
        let SmsProvider::Alibaba(sms) = &c.sms_provider else { panic!("not Alibaba: {:?}", c.sms_provider) };
        assert_eq!(
            (sms.access_key_id.as_str(), sms.sign_name.as_str(), sms.template_code.as_str()),
            ("LTAI-example-id", "AI市场", "SMS_0001")
        );
        assert_eq!(sms.endpoint, "https://dysmsapi.aliyuncs.com");
        assert!(!format!("{c:?}").contains("hunter2"), "the AccessKey secret never prints");
    }

    #[test]
    fn production_refuses_the_log_sender_even_with_the_alibaba_keys() {
        let mut settings = PRODUCTION;
        settings[3] = ("SMS_PROVIDER", "log");
        let problems = Config::from_source(&settings).expect_err("log sender refused");
        assert!(problems.iter().any(|p| p.starts_with("SMS_PROVIDER=log")), "{problems:?}");
        assert!(problems.iter().all(|p| !p.starts_with("ALIBABA_SMS")), "{problems:?}");
    }

    #[test]
    fn alibaba_sms_names_each_missing_or_bad_setting() {
        let problems = Config::from_source(&[
            ("SMS_PROVIDER", "alibaba"),
            ("ALIBABA_SMS_ACCESS_KEY_ID", "LTAI-example-id"),
            ("ALIBABA_SMS_ENDPOINT", "ftp://dysmsapi.aliyuncs.com/x"),
        ])
        .expect_err("incomplete");
        let all = problems.join("\n");
        for setting in [
            "ALIBABA_SMS_ACCESS_KEY_SECRET",
            "ALIBABA_SMS_SIGN_NAME",
            "ALIBABA_SMS_TEMPLATE_CODE",
            "ALIBABA_SMS_ENDPOINT",
        ] {
            assert!(all.contains(setting), "{setting} not named in:\n{all}");
        }
        assert!(!all.contains("ALIBABA_SMS_ACCESS_KEY_ID"), "{all}");

        let mut settings = PRODUCTION.to_vec();
        settings.push(("ALIBABA_SMS_ENDPOINT", "http://127.0.0.1:9"));
        let settings: [(&str, &str); 9] = settings.try_into().expect("nine settings");
        let problems = Config::from_source(&settings).expect_err("plain HTTP refused in production");
        assert!(problems.iter().all(|p| p.starts_with("ALIBABA_SMS_ENDPOINT")), "{problems:?}");
    }

    #[test]
    fn secrets_do_not_print() {
        let c = Config::from_source(&[("DATABASE_URL", "mysql://root:hunter2@db/x")]).expect("valid");
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
