//! The Alibaba Cloud SMS sender against a fake Dysmsapi: a real HTTP server that checks each
//! request's ACS3-HMAC-SHA256 signature from what arrived on the wire, then answers as scripted.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use market::MarketError;
use market::cache::Cache;
use market::db::Db;
use market::events::EventBus;
use market::sms::{AlibabaSmsConfig, SmsError, SmsSender, acs3};
use sha2::{Digest, Sha256};

const KEY_ID: &str = "LTAI5tTestKeyId";
const SECRET: &str = "test-secret-Zq8v/+=";
const PHONE: &str = "13800138000";
const CODE: &str = "123456";

/// What the fake saw of one request, and whether the signature held.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    raw: String,
    params: BTreeMap<String, String>,
    headers: BTreeMap<String, String>,
    body_sha256: String,
    credential: String,
    claimed: (String, String),
    recomputed: acs3::Signed,
    with_wrong_secret: acs3::Signed,
}

struct Fake {
    status: StatusCode,
    answer: String,
    delay: Duration,
    seen: Mutex<Vec<Seen>>,
}

async fn dysmsapi(
    State(fake): State<Arc<Fake>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let url = reqwest::Url::parse(&format!("http://fake{uri}")).unwrap();
    let query: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let headers: Vec<(String, String)> =
        headers.iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned())).collect();
    let q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let request = acs3::Request { method: method.as_str(), path: uri.path(), query: &q, headers: &h, body: &body };
    let received: BTreeMap<String, String> = headers.iter().cloned().collect();
    let authorization = received.get("authorization").cloned().unwrap_or_default();
    let rest = authorization.strip_prefix("ACS3-HMAC-SHA256 ").unwrap_or_default();
    let fields: BTreeMap<&str, &str> = rest.split(',').filter_map(|f| f.split_once('=')).collect();
    fake.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: uri.path().to_owned(),
        raw: uri.to_string(),
        params: query.iter().cloned().collect(),
        body_sha256: hex::encode(Sha256::digest(&body)),
        credential: fields.get("Credential").copied().unwrap_or_default().to_owned(),
        claimed: (
            fields.get("SignedHeaders").copied().unwrap_or_default().to_owned(),
            fields.get("Signature").copied().unwrap_or_default().to_owned(),
        ),
        recomputed: acs3::sign(&request, SECRET),
        with_wrong_secret: acs3::sign(&request, "another-secret"),
        headers: received,
    });
    tokio::time::sleep(fake.delay).await;
    (fake.status, fake.answer.clone())
}

/// Starts a fake answering every request with `status` and `answer`; returns its endpoint.
async fn fake(status: u16, answer: &str, delay: Duration) -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake {
        status: StatusCode::from_u16(status).unwrap(),
        answer: answer.to_owned(),
        delay,
        seen: Mutex::default(),
    });
    let app = axum::Router::new().fallback(dysmsapi).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), fake)
}

fn sender(endpoint: &str, timeout: Duration) -> SmsSender {
    let mut config = AlibabaSmsConfig::new(KEY_ID, SECRET, "AI市场", "SMS_154950909");
    config.endpoint = endpoint.to_owned();
    config.timeout = timeout;
    SmsSender::alibaba(config).expect("valid endpoint")
}

const OK: &str =
    r#"{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}"#;

#[tokio::test]
async fn sends_a_send_sms_request_whose_signature_verifies() {
    let (endpoint, fake) = fake(200, OK, Duration::ZERO).await;
    let sms = sender(&endpoint, Duration::from_secs(5));
    sms.send_code(PHONE, CODE).await.expect("sent");
    sms.send_code(PHONE, "654321").await.expect("sent again");

    let seen = fake.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let first = &seen[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/"));
    assert_eq!(first.headers["x-acs-action"], "SendSms");
    assert_eq!(first.headers["x-acs-version"], "2017-05-25");
    assert_eq!(first.headers["host"], endpoint.trim_start_matches("http://"));
    let params: Vec<(&str, &str)> = first.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        params,
        [
            ("PhoneNumbers", PHONE),
            ("SignName", "AI市场"),
            ("TemplateCode", "SMS_154950909"),
            ("TemplateParam", r#"{"code":"123456"}"#)
        ]
    );
    assert!(first.raw.contains("SignName=AI%E5%B8%82%E5%9C%BA"), "Chinese percent-encoded: {}", first.raw);
    assert_eq!(first.headers["x-acs-content-sha256"], first.body_sha256, "hashed payload of the body sent");

    for s in &seen {
        assert_eq!(s.credential, KEY_ID);
        assert_eq!(
            s.claimed.0,
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        assert_eq!(
            (s.claimed.0.as_str(), s.claimed.1.as_str()),
            (s.recomputed.signed_headers.as_str(), s.recomputed.signature.as_str())
        );
        assert_ne!(s.claimed.1, s.with_wrong_secret.signature, "the check depends on the secret");
        let date = chrono::NaiveDateTime::parse_from_str(&s.headers["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ")
            .expect("ISO 8601 UTC");
        let skew = chrono::Utc::now().naive_utc() - date;
        assert!(skew.num_seconds().abs() < 60, "date {date} is now");
        let nonce = &s.headers["x-acs-signature-nonce"];
        assert!(nonce.len() == 32 && nonce.bytes().all(|b| b.is_ascii_hexdigit()), "{nonce}");
        let everything = format!("{} {:?}", s.raw, s.headers);
        assert!(!everything.contains(SECRET), "the secret never travels");
    }
    assert_ne!(seen[0].headers["x-acs-signature-nonce"], seen[1].headers["x-acs-signature-nonce"]);
    assert_eq!(seen[1].params["TemplateParam"], r#"{"code":"654321"}"#);
}

#[tokio::test]
async fn a_refusal_is_a_typed_error_and_a_clear_chinese_message() {
    let refusal = r#"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发小时级流控Permits:5","RequestId":"A1B2C3"}"#;
    let (endpoint, fake) = fake(200, refusal, Duration::ZERO).await;
    let err = sender(&endpoint, Duration::from_secs(5)).send_code(PHONE, CODE).await.expect_err("refused");
    assert_eq!(
        err,
        SmsError::Rejected {
            code: "isv.BUSINESS_LIMIT_CONTROL".into(),
            message: "触发小时级流控Permits:5".into(),
            request_id: "A1B2C3".into()
        }
    );
    assert_eq!(fake.seen.lock().unwrap().len(), 1);

    let market_error = MarketError::from(err.clone());
    assert_eq!(market_error.status_code(), 502);
    let shown = market_error.to_api_error(model::Lang::Zh);
    assert_eq!((shown.code.as_str(), shown.message.as_str()), ("sms_failed", "短信发送失败，请稍后重试"));
    for text in [format!("{err} {err:?}"), format!("{market_error} {market_error:?}"), format!("{shown:?}")] {
        assert!(!text.contains(SECRET), "no secret in {text}");
    }
    assert!(!format!("{shown:?}").contains("BUSINESS_LIMIT"), "provider internals stay in the log");
}

#[tokio::test]
async fn registration_code_request_reports_the_failed_send() {
    let (endpoint, _fake) =
        fake(200, r#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"invalid"}"#, Duration::ZERO).await;
    let dir = std::env::temp_dir().join(format!("t_sms_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}/test.db", dir.display()), 4).await.expect("sqlite opens");
    let sms = sender(&endpoint, Duration::from_secs(5));
    let market = market::Market::new(db, Cache::memory(), EventBus::memory(), sms, market::Settings::default());
    let err = market::accounts::send_sms_code(&market, PHONE, None).await.expect_err("not sent");
    assert!(
        matches!(&err, MarketError::SmsFailed(SmsError::Rejected { code, .. }) if code == "isv.MOBILE_NUMBER_ILLEGAL")
    );
    assert_eq!(err.to_api_error(model::Lang::Zh).message, "短信发送失败，请稍后重试");
    // Nothing was sent, so the one-a-minute wait does not apply: trying again reaches the provider.
    let again = market::accounts::send_sms_code(&market, PHONE, None).await.expect_err("still refused");
    assert!(matches!(again, MarketError::SmsFailed(_)), "not rate limited: {again:?}");
    market.db.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn unreadable_slow_and_unreachable_providers_are_typed_errors() {
    let (endpoint, _fake) = fake(503, "<html>upstream down</html>", Duration::ZERO).await;
    let err = sender(&endpoint, Duration::from_secs(5)).send_code(PHONE, CODE).await.expect_err("503");
    assert_eq!(err, SmsError::Unreadable { status: 503 });

    let (endpoint, _fake) = fake(200, OK, Duration::from_secs(3)).await;
    let err = sender(&endpoint, Duration::from_millis(200)).send_code(PHONE, CODE).await.expect_err("slow");
    assert_eq!(err, SmsError::Timeout);

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let err =
        sender(&format!("http://{closed}"), Duration::from_secs(5)).send_code(PHONE, CODE).await.expect_err("closed");
    assert!(matches!(&err, SmsError::Transport(_)), "{err:?}");
    assert!(!err.to_string().contains(PHONE) && !err.to_string().contains(CODE), "no phone or code in {err}");
}

#[test]
fn endpoints_with_a_path_or_another_scheme_are_refused() {
    for endpoint in ["ftp://dysmsapi.aliyuncs.com", "https://dysmsapi.aliyuncs.com/sms", "not a url", "https://x/?a=1"]
    {
        let mut config = AlibabaSmsConfig::new(KEY_ID, SECRET, "AI市场", "SMS_1");
        config.endpoint = endpoint.into();
        assert!(matches!(SmsSender::alibaba(config.clone()), Err(SmsError::Config(_))), "{endpoint}");
        assert!(!format!("{config:?}").contains(SECRET), "Debug hides the secret");
    }
}
