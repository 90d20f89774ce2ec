//! A fake Alipay open-platform gateway, served by the test on a loopback port: page and wap pay
//! (the cashier), `alipay.trade.query`, `.close` and `.refund`, each request's RSA2 signature
//! checked with the app's public key and each answer signed with "Alipay's" key, both pairs made
//! fresh by the test. The test plays the payer (`pay`) and Alipay's notifier (`notice`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Form, Router};
use market::payments::alipay::{AlipayConfig, PrivateKey, PublicKey, sign};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};

pub const APP_ID: &str = "2021000000000001";
pub const SELLER_ID: &str = "2088000000000001";

/// An RSA key pair as PEM text: PKCS #8 private key, X.509 public key.
pub struct KeyPair {
    pub private_pem: String,
    pub public_pem: String,
}

impl KeyPair {
    pub fn generate() -> Self {
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
        Self {
            private_pem: key.to_pkcs8_pem(LineEnding::LF).expect("pkcs8").to_string(),
            public_pem: key.to_public_key().to_public_key_pem(LineEnding::LF).expect("spki"),
        }
    }
}

/// One trade as the fake knows it.
#[derive(Debug, Clone)]
pub struct Trade {
    pub amount: String,
    pub status: &'static str,
    pub trade_no: String,
    /// Refund request numbers seen, each refunded once.
    pub refunds: Vec<String>,
}

#[derive(Default)]
struct Book {
    trades: HashMap<String, Trade>,
    /// Methods called, in order (`alipay.trade.page.pay`, `alipay.trade.query`, …).
    calls: Vec<String>,
    /// Requests whose signature did not verify.
    bad_signatures: usize,
}

struct Inner {
    alipay_key: PrivateKey,
    app_public: PublicKey,
    book: Mutex<Book>,
}

pub struct FakeAlipay {
    pub gateway: String,
    /// The app's key pair (the server signs with its private half)...
    pub app: KeyPair,
    /// ...and "Alipay's" (the server checks with its public half).
    pub alipay: KeyPair,
    inner: Arc<Inner>,
}

impl FakeAlipay {
    pub async fn start() -> Self {
        let (app, alipay) = (KeyPair::generate(), KeyPair::generate());
        let inner = Arc::new(Inner {
            alipay_key: PrivateKey::parse(&alipay.private_pem).expect("alipay key"),
            app_public: PublicKey::parse(&app.public_pem).expect("app key"),
            book: Mutex::default(),
        });
        let router = Router::new().route("/gateway.do", get(cashier).post(api)).with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let gateway = format!("http://{}/gateway.do", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { gateway, app, alipay, inner }
    }

    /// The server's settings for this fake, calling back to `public_url`.
    pub fn config(&self, public_url: &str) -> AlipayConfig {
        AlipayConfig {
            app_id: APP_ID.into(),
            private_key: PrivateKey::parse(&self.app.private_pem).expect("app key"),
            alipay_public_key: PublicKey::parse(&self.alipay.public_pem).expect("alipay key"),
            gateway: self.gateway.clone(),
            seller_id: Some(SELLER_ID.into()),
            notify_url: format!("{public_url}/payments/alipay/notify"),
            public_url: public_url.into(),
            timeout: Duration::from_secs(5),
        }
    }

    /// The payer pays at the cashier: the trade becomes `TRADE_SUCCESS` (made if the cashier was
    /// never opened). Returns the notification Alipay then posts.
    pub fn pay(&self, out_trade_no: &str, amount: &str) -> Vec<(String, String)> {
        let trade = {
            let mut book = self.inner.book.lock().expect("book");
            let n = book.trades.len();
            let trade = book.trades.entry(out_trade_no.to_owned()).or_insert_with(|| Trade {
                amount: amount.to_owned(),
                status: "WAIT_BUYER_PAY",
                trade_no: String::new(),
                refunds: Vec::new(),
            });
            trade.status = "TRADE_SUCCESS";
            trade.trade_no = format!("2026120622001{n:08}");
            trade.clone()
        };
        self.notice(&[
            ("out_trade_no", out_trade_no),
            ("trade_no", &trade.trade_no),
            ("total_amount", &trade.amount),
            ("trade_status", "TRADE_SUCCESS"),
        ])
    }

    /// A notification with Alipay's usual fields, `fields` overriding them, signed by Alipay.
    pub fn notice(&self, fields: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut params: Vec<(String, String)> = [
            ("notify_time", "2026-12-06 20:00:00"),
            ("notify_type", "trade_status_sync"),
            ("notify_id", "ac05099524730693a8b330c5ecf72da9786"),
            ("app_id", APP_ID),
            ("seller_id", SELLER_ID),
            ("charset", "utf-8"),
            ("version", "1.0"),
            ("sign_type", "RSA2"),
            ("buyer_id", "2088102122524333"),
            ("subject", "AI创意交易市场 积分"),
            ("gmt_payment", "2026-12-06 19:59:58"),
        ]
        .into_iter()
        .filter(|(k, _)| !fields.iter().any(|(f, _)| f == k))
        .chain(fields.iter().copied())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let content = sign::content(params.iter().map(|(k, v)| (k.as_str(), v.as_str())), &["sign_type"]);
        params.push(("sign".into(), self.inner.alipay_key.sign(&content)));
        params
    }

    pub fn trade(&self, out_trade_no: &str) -> Option<Trade> {
        self.inner.book.lock().expect("book").trades.get(out_trade_no).cloned()
    }

    /// How many times `method` was called.
    pub fn calls(&self, method: &str) -> usize {
        self.inner.book.lock().expect("book").calls.iter().filter(|m| *m == method).count()
    }

    pub fn bad_signatures(&self) -> usize {
        self.inner.book.lock().expect("book").bad_signatures
    }
}

/// Checks a request's signature and reads its method and `biz_content`.
fn read(inner: &Inner, params: &HashMap<String, String>) -> Option<(String, serde_json::Value)> {
    let content = sign::content(params.iter().map(|(k, v)| (k.as_str(), v.as_str())), &[]);
    let mut book = inner.book.lock().expect("book");
    let signed = params.get("sign").is_some_and(|s| inner.app_public.verify(&content, s))
        && params.get("app_id").map(String::as_str) == Some(APP_ID)
        && params.get("sign_type").map(String::as_str) == Some("RSA2");
    if !signed {
        book.bad_signatures += 1;
        return None;
    }
    let method = params.get("method")?.clone();
    book.calls.push(method.clone());
    Some((method, serde_json::from_str(params.get("biz_content")?).ok()?))
}

/// The cashier page the member's browser is sent to.
async fn cashier(
    State(inner): State<Arc<Inner>>,
    Query(params): Query<HashMap<String, String>>,
) -> (axum::http::StatusCode, String) {
    let Some((method, biz)) = read(&inner, &params) else {
        return (axum::http::StatusCode::BAD_REQUEST, "invalid-signature".into());
    };
    let out_trade_no = biz["out_trade_no"].as_str().unwrap_or_default().to_owned();
    let amount = biz["total_amount"].as_str().unwrap_or_default().to_owned();
    inner.book.lock().expect("book").trades.entry(out_trade_no.clone()).or_insert(Trade {
        amount: amount.clone(),
        status: "WAIT_BUYER_PAY",
        trade_no: String::new(),
        refunds: Vec::new(),
    });
    (axum::http::StatusCode::OK, format!("fake cashier {method} {out_trade_no} {amount}"))
}

/// query, close and refund, answered as Alipay does: the method's node and its signature.
async fn api(State(inner): State<Arc<Inner>>, Form(params): Form<HashMap<String, String>>) -> String {
    let Some((method, biz)) = read(&inner, &params) else {
        return answer(
            &inner,
            "error_response",
            &serde_json::json!({"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"}),
        );
    };
    let node = format!("{}_response", method.replace('.', "_"));
    let out_trade_no = biz["out_trade_no"].as_str().unwrap_or_default();
    let not_exist = serde_json::json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"});
    let body = {
        let mut book = inner.book.lock().expect("book");
        match (method.as_str(), book.trades.get_mut(out_trade_no)) {
            (_, None) => not_exist,
            ("alipay.trade.query", Some(t)) => serde_json::json!({
                "code": "10000", "msg": "Success", "out_trade_no": out_trade_no, "trade_no": t.trade_no,
                "trade_status": t.status, "total_amount": t.amount,
            }),
            ("alipay.trade.close", Some(t)) if t.status == "WAIT_BUYER_PAY" => {
                t.status = "TRADE_CLOSED";
                serde_json::json!({"code": "10000", "msg": "Success", "out_trade_no": out_trade_no})
            }
            ("alipay.trade.close", Some(_)) => {
                serde_json::json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR"})
            }
            ("alipay.trade.refund", Some(t))
                if t.status == "TRADE_SUCCESS" && biz["refund_amount"].as_str() == Some(&t.amount) =>
            {
                let request = biz["out_request_no"].as_str().unwrap_or_default().to_owned();
                if !t.refunds.contains(&request) {
                    t.refunds.push(request);
                }
                serde_json::json!({"code": "10000", "msg": "Success", "fund_change": "Y", "refund_fee": t.amount})
            }
            _ => serde_json::json!({"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR"}),
        }
    };
    answer(&inner, &node, &body)
}

fn answer(inner: &Inner, node: &str, body: &serde_json::Value) -> String {
    let text = body.to_string();
    let sign = inner.alipay_key.sign(&text);
    format!(r#"{{"{node}":{text},"sign":{}}}"#, serde_json::Value::String(sign))
}
