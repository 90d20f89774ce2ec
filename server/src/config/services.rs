//! The services the server calls: the AI providers and the SMS sender.

use std::time::Duration;

use market::ai::provider::ProviderConfig;
use model::Agent;

use super::reader::Reader;
use super::{AppEnv, SmsProvider};

/// The providers that have a key, each with its endpoint and model (overridable).
pub(super) fn providers(r: &mut Reader) -> Vec<ProviderConfig> {
    let timeout = r.seconds("AI_TIMEOUT_SECS", Duration::from_secs(30));
    let max_retries = r.number("AI_MAX_RETRIES", 2);
    let concurrency = r.number("AI_CONCURRENCY", 4);
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
        let Some(api_key) = key_vars.iter().find_map(|k| r.get(k)) else { continue };
        let prefix = agent.key().to_uppercase();
        let (base, model) = ProviderConfig::defaults(agent);
        out.push(ProviderConfig {
            agent,
            base_url: r.text(&format!("{prefix}_BASE_URL"), base),
            model: r.text(&format!("{prefix}_MODEL"), model),
            api_key,
            timeout,
            max_retries,
            concurrency,
            fen_per_1k_tokens: r.number(&format!("{prefix}_FEN_PER_1K_TOKENS"), 1),
        });
    }
    out
}

/// `log` (the default) or `alibaba` with its settings. Production refuses `log` and also names the
/// Alibaba settings still missing, so that one failed start lists everything to set.
pub(super) fn sms_provider(r: &mut Reader, env: AppEnv) -> SmsProvider {
    let alibaba = match r.get("SMS_PROVIDER").as_deref() {
        None | Some("log") => false,
        Some("alibaba") => true,
        Some(other) => {
            r.problem(format!("SMS_PROVIDER={other:?}: use log or alibaba"));
            false
        }
    };
    if !alibaba && env == AppEnv::Development {
        return SmsProvider::Log;
    }
    let mut required = |key: &str| {
        r.get(key).unwrap_or_else(|| {
            r.problem(format!("{key}: SMS codes go through Alibaba Cloud SMS, which needs this setting"));
            String::new()
        })
    };
    let mut config = market::sms::AlibabaSmsConfig::new(
        &required("ALIBABA_SMS_ACCESS_KEY_ID"),
        &required("ALIBABA_SMS_ACCESS_KEY_SECRET"),
        &required("ALIBABA_SMS_SIGN_NAME"),
        &required("ALIBABA_SMS_TEMPLATE_CODE"),
    );
    if let Some(endpoint) = r.get("ALIBABA_SMS_ENDPOINT") {
        config.endpoint = endpoint.trim().to_owned();
        if config.validate().is_err() {
            r.problem(format!("ALIBABA_SMS_ENDPOINT={endpoint:?}: use https://host[:port] with no path"));
        } else if env == AppEnv::Production && !config.endpoint.starts_with("https://") {
            r.problem(format!("ALIBABA_SMS_ENDPOINT={endpoint:?}: production sends SMS over HTTPS only"));
        }
    }
    config.timeout = r.seconds("ALIBABA_SMS_TIMEOUT_SECS", config.timeout);
    if config.timeout.is_zero() {
        r.problem("ALIBABA_SMS_TIMEOUT_SECS must be above 0");
    }
    if !alibaba {
        r.problem("SMS_PROVIDER=log: production must not print SMS codes to the log; set SMS_PROVIDER=alibaba");
        return SmsProvider::Log;
    }
    SmsProvider::Alibaba(config)
}
