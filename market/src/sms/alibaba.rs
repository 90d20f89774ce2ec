//! Alibaba Cloud SMS: `SendSms` of Dysmsapi 2017-05-25, parameters in the query string, signed
//! with ACS3-HMAC-SHA256.

use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use serde::Deserialize;

use super::{SmsError, acs3};

/// The public Dysmsapi endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://dysmsapi.aliyuncs.com";
/// How long one `SendSms` call may take unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
const ACTION: &str = "SendSms";
const VERSION: &str = "2017-05-25";

/// The AccessKey, signature name and template of one Alibaba Cloud SMS account.
#[derive(Clone, PartialEq, Eq)]
pub struct AlibabaSmsConfig {
    pub access_key_id: String,
    /// Never printed: `Debug` shows `***`.
    pub access_key_secret: String,
    /// The approved signature (签名) shown in front of the message.
    pub sign_name: String,
    /// The approved template, with one `${code}` variable.
    pub template_code: String,
    /// `https://dysmsapi.aliyuncs.com` unless overridden (tests point it at a fake).
    pub endpoint: String,
    pub timeout: Duration,
}

impl AlibabaSmsConfig {
    /// A configuration on the public endpoint with the default timeout.
    pub fn new(access_key_id: &str, access_key_secret: &str, sign_name: &str, template_code: &str) -> Self {
        Self {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            sign_name: sign_name.to_owned(),
            template_code: template_code.to_owned(),
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Checks the endpoint: http or https, a host, no path or query.
    pub fn validate(&self) -> Result<(), SmsError> {
        parse_endpoint(&self.endpoint).map(|_| ())
    }
}

/// The endpoint's URL and the `host` header it is signed with (with the port unless the default).
fn parse_endpoint(endpoint: &str) -> Result<(Url, String), SmsError> {
    let bad = |why: &str| SmsError::Config(format!("endpoint {endpoint:?}: {why}"));
    let url = Url::parse(endpoint).map_err(|_| bad("not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.path() != "/" || url.query().is_some() {
        return Err(bad("use https://host[:port] with no path"));
    }
    let name = url.host_str().ok_or_else(|| bad("no host"))?;
    let host = match url.port() {
        Some(port) => format!("{name}:{port}"),
        None => name.to_owned(),
    };
    Ok((url, host))
}

impl std::fmt::Debug for AlibabaSmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlibabaSmsConfig")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"***")
            .field("sign_name", &self.sign_name)
            .field("template_code", &self.template_code)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A `SendSms` client, built once at start and shared.
#[derive(Debug)]
pub struct AlibabaSms {
    config: AlibabaSmsConfig,
    url: Url,
    /// The `host` header, signed as sent (with the port when it is not the scheme's default).
    host: String,
    client: reqwest::Client,
}

/// The fields of Dysmsapi's JSON answer that matter here.
#[derive(Deserialize)]
struct Reply {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
    #[serde(rename = "RequestId", default)]
    request_id: String,
}

impl AlibabaSms {
    /// Checks the endpoint and builds the HTTP client.
    pub fn new(config: AlibabaSmsConfig) -> Result<Self, SmsError> {
        let (url, host) = parse_endpoint(&config.endpoint)?;
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| SmsError::Config(format!("HTTP client: {}", e.without_url())))?;
        Ok(Self { config, url, host, client })
    }

    /// Sends `code` to `phone` through the template, as `{"code": "<code>"}`.
    pub async fn send_code(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        let result = self.send(phone, code).await;
        if let Err(e) = &result {
            tracing::warn!(target: "sms", error = %e, "SMS code not sent");
        }
        result
    }

    async fn send(&self, phone: &str, code: &str) -> Result<(), SmsError> {
        let template_param = serde_json::json!({ "code": code }).to_string();
        let query = [
            ("PhoneNumbers", phone),
            ("SignName", self.config.sign_name.as_str()),
            ("TemplateCode", self.config.template_code.as_str()),
            ("TemplateParam", template_param.as_str()),
        ];
        let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = hex::encode(rand::random::<[u8; 16]>());
        let body: &[u8] = b"";
        let content_sha256 = acs3::hashed_payload(body);
        let headers = [
            ("host", self.host.as_str()),
            ("x-acs-action", ACTION),
            ("x-acs-version", VERSION),
            ("x-acs-date", date.as_str()),
            ("x-acs-signature-nonce", nonce.as_str()),
            ("x-acs-content-sha256", content_sha256.as_str()),
        ];
        let request = acs3::Request { method: "POST", path: "/", query: &query, headers: &headers, body };
        let authorization =
            acs3::sign(&request, &self.config.access_key_secret).authorization(&self.config.access_key_id);

        // The signed canonical query is the query sent, so the server decodes exactly what was signed.
        let mut url = self.url.clone();
        url.set_query(Some(&acs3::canonical_query(&query)));
        let mut http = self.client.post(url).header(AUTHORIZATION, authorization).header(ACCEPT, "application/json");
        for (name, value) in headers {
            http = http.header(name, value);
        }
        let response = http.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(transport)?;
        match serde_json::from_str::<Reply>(&text) {
            Ok(reply) if reply.code == "OK" => Ok(()),
            Ok(reply) => {
                Err(SmsError::Rejected { code: reply.code, message: reply.message, request_id: reply.request_id })
            }
            Err(_) => Err(SmsError::Unreadable { status }),
        }
    }
}

/// A transport failure without the URL, whose query holds the phone and the code.
fn transport(e: reqwest::Error) -> SmsError {
    if e.is_timeout() {
        return SmsError::Timeout;
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    SmsError::Transport(text)
}
