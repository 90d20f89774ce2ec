//! Alipay's open platform: computer-website (`alipay.trade.page.pay`) and mobile-website
//! (`alipay.trade.wap.pay`) payment, `alipay.trade.query`, `.close` and `.refund`, and the
//! asynchronous notification. Requests carry the app's RSA2 signature; notifications and answers
//! are trusted only with Alipay's.

pub mod notify;
pub mod sign;

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Url;
use serde::Deserialize;
use serde_json::value::RawValue;

pub use notify::{Notice, NotifyRefusal};
pub use sign::{KeyError, PrivateKey, PublicKey};

/// Alipay's production gateway.
pub const DEFAULT_GATEWAY: &str = "https://openapi.alipay.com/gateway.do";

/// One Alipay app: its id, keys and where Alipay calls back.
#[derive(Debug)]
pub struct AlipayConfig {
    pub app_id: String,
    pub private_key: PrivateKey,
    pub alipay_public_key: PublicKey,
    /// `DEFAULT_GATEWAY`, the sandbox's, or a test's fake.
    pub gateway: String,
    /// The merchant's Alipay user id (2088…); when set, a notification must name it.
    pub seller_id: Option<String>,
    /// `https://<site>/payments/alipay/notify`.
    pub notify_url: String,
    /// The site's address; return pages are `<public_url>/orders/<id>`.
    pub public_url: String,
    pub timeout: Duration,
}

/// Which cashier page the payer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cashier {
    /// `alipay.trade.page.pay`: a QR code to scan, or Alipay's web sign-in.
    Desktop,
    /// `alipay.trade.wap.pay`: hands over to the Alipay app on a phone.
    Phone,
}

/// What Alipay knows of a trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradeState {
    /// Paid (`TRADE_SUCCESS` or `TRADE_FINISHED`): Alipay's number and the amount in fen.
    Paid { trade_no: String, amount_fen: i64 },
    /// Opened, not paid (`WAIT_BUYER_PAY`).
    Waiting,
    /// Closed unpaid or fully refunded (`TRADE_CLOSED`).
    Closed,
    /// The payer never opened the cashier (`ACQ.TRADE_NOT_EXIST`).
    Unknown,
}

/// Why a call to Alipay did not give an answer to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlipayError {
    #[error("Alipay refused: {code} {sub_code}: {message}")]
    Refused { code: String, sub_code: String, message: String },
    #[error("Alipay's answer is not signed by Alipay's key")]
    BadSignature,
    #[error("Alipay's answer could not be read: {0}")]
    Unreadable(String),
    #[error("Alipay unreachable: {0}")]
    Transport(String),
}

#[derive(Debug, Deserialize, Default)]
struct Common {
    #[serde(default)]
    code: String,
    #[serde(default)]
    msg: String,
    #[serde(default)]
    sub_code: String,
    #[serde(default)]
    sub_msg: String,
    #[serde(default)]
    trade_no: Option<String>,
    #[serde(default)]
    trade_status: Option<String>,
    #[serde(default)]
    total_amount: Option<String>,
}

/// Signs and sends requests to one Alipay app's gateway.
#[derive(Debug)]
pub struct Alipay {
    config: AlipayConfig,
    gateway: Url,
    client: reqwest::Client,
}

impl Alipay {
    pub fn new(config: AlipayConfig) -> Result<Self, AlipayError> {
        let gateway = Url::parse(&config.gateway)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
            .ok_or_else(|| AlipayError::Unreadable(format!("gateway {:?} is not an http(s) URL", config.gateway)))?;
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| AlipayError::Transport(e.to_string()))?;
        Ok(Self { config, gateway, client })
    }

    pub fn app_id(&self) -> &str {
        &self.config.app_id
    }

    /// The cashier's address for an order: the member's browser goes there. Alipay closes the
    /// trade itself after `timeout_express` (30 minutes, as we do).
    pub fn cashier_url(&self, order: &PayableOrder<'_>, cashier: Cashier, now: DateTime<Utc>) -> String {
        let return_url = format!("{}/orders/{}", self.config.public_url, order.id);
        let (method, product) = match cashier {
            Cashier::Desktop => ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"),
            Cashier::Phone => ("alipay.trade.wap.pay", "QUICK_WAP_WAY"),
        };
        let mut biz = serde_json::json!({
            "out_trade_no": order.out_trade_no,
            "total_amount": model::yuan(order.amount_fen),
            "subject": order.subject,
            "product_code": product,
            "timeout_express": "30m",
        });
        if cashier == Cashier::Phone {
            biz["quit_url"] = serde_json::Value::String(return_url.clone());
        }
        let params = self.signed(method, &biz, Some(&return_url), now);
        let mut url = self.gateway.clone();
        url.query_pairs_mut().extend_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        url.into()
    }

    /// `alipay.trade.query`.
    pub async fn query(&self, out_trade_no: &str) -> Result<TradeState, AlipayError> {
        let biz = serde_json::json!({ "out_trade_no": out_trade_no });
        match self.call("alipay.trade.query", &biz).await {
            Ok(answer) => trade_state(&answer),
            Err(AlipayError::Refused { sub_code, .. }) if sub_code == "ACQ.TRADE_NOT_EXIST" => Ok(TradeState::Unknown),
            Err(e) => Err(e),
        }
    }

    /// `alipay.trade.close`: `Ok` when the trade is closed or never existed; a paid trade answers
    /// `ACQ.TRADE_STATUS_ERROR` and stays open.
    pub async fn close(&self, out_trade_no: &str) -> Result<(), AlipayError> {
        let biz = serde_json::json!({ "out_trade_no": out_trade_no });
        match self.call("alipay.trade.close", &biz).await {
            Ok(_) => Ok(()),
            Err(AlipayError::Refused { sub_code, .. }) if sub_code == "ACQ.TRADE_NOT_EXIST" => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `alipay.trade.refund` of the whole amount. `out_request_no` names the refund: sent again,
    /// Alipay refunds once.
    pub async fn refund(
        &self,
        out_trade_no: &str,
        amount_fen: i64,
        out_request_no: &str,
        reason: &str,
    ) -> Result<(), AlipayError> {
        let biz = serde_json::json!({
            "out_trade_no": out_trade_no,
            "refund_amount": model::yuan(amount_fen),
            "out_request_no": out_request_no,
            "refund_reason": reason,
        });
        self.call("alipay.trade.refund", &biz).await.map(|_| ())
    }

    /// Checks an asynchronous notification: Alipay's signature, then that it is for this app
    /// (and seller, if configured).
    pub fn verify_notice(&self, params: &[(String, String)]) -> Result<Notice, NotifyRefusal> {
        notify::verify(params, &self.config.alipay_public_key, &self.config.app_id, self.config.seller_id.as_deref())
    }

    /// The common parameters of a request with its `biz_content`, and their `sign`.
    fn signed(
        &self,
        method: &str,
        biz: &serde_json::Value,
        return_url: Option<&str>,
        now: DateTime<Utc>,
    ) -> Vec<(String, String)> {
        let timestamp = (now + chrono::TimeDelta::hours(8)).format("%Y-%m-%d %H:%M:%S").to_string();
        let mut params: Vec<(String, String)> = [
            ("app_id", self.config.app_id.as_str()),
            ("method", method),
            ("format", "JSON"),
            ("charset", "utf-8"),
            ("sign_type", "RSA2"),
            ("timestamp", &timestamp),
            ("version", "1.0"),
            ("notify_url", &self.config.notify_url),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        if let Some(url) = return_url {
            params.push(("return_url".into(), url.into()));
        }
        params.push(("biz_content".into(), biz.to_string()));
        let sign =
            self.config.private_key.sign(&sign::content(params.iter().map(|(k, v)| (k.as_str(), v.as_str())), &[]));
        params.push(("sign".into(), sign));
        params
    }

    /// Sends one request; the answer's node for the method, once its signature checks out.
    async fn call(&self, method: &str, biz: &serde_json::Value) -> Result<Common, AlipayError> {
        let params = self.signed(method, biz, None, Utc::now());
        let mut url = self.gateway.clone();
        url.query_pairs_mut().append_pair("charset", "utf-8");
        let answer = self
            .client
            .post(url)
            .form(&params)
            .send()
            .await
            .map_err(|e| AlipayError::Transport(e.to_string()))?
            .text()
            .await
            .map_err(|e| AlipayError::Transport(e.to_string()))?;
        let node_name = format!("{}_response", method.replace('.', "_"));
        // `{"<method>_response": {...}, "sign": "..."}`, the node kept as sent.
        let nodes: HashMap<&str, &RawValue> =
            serde_json::from_str(&answer).map_err(|e| AlipayError::Unreadable(e.to_string()))?;
        let node = nodes.get(node_name.as_str()).ok_or_else(|| AlipayError::Unreadable(format!("no {node_name}")))?;
        let sign: Option<String> = nodes.get("sign").and_then(|raw| serde_json::from_str(raw.get()).ok());
        // Alipay signs the node's text exactly as sent.
        if !sign.is_some_and(|sign| self.config.alipay_public_key.verify(node.get(), &sign)) {
            return Err(AlipayError::BadSignature);
        }
        let common: Common = serde_json::from_str(node.get()).map_err(|e| AlipayError::Unreadable(e.to_string()))?;
        if common.code != "10000" {
            return Err(AlipayError::Refused {
                code: common.code,
                sub_code: common.sub_code,
                message: format!("{} {}", common.msg, common.sub_msg).trim().to_owned(),
            });
        }
        Ok(common)
    }
}

/// What the cashier needs of an order.
pub struct PayableOrder<'a> {
    pub id: i64,
    pub out_trade_no: &'a str,
    pub amount_fen: i64,
    pub subject: &'a str,
}

fn trade_state(answer: &Common) -> Result<TradeState, AlipayError> {
    Ok(match answer.trade_status.as_deref() {
        Some("TRADE_SUCCESS" | "TRADE_FINISHED") => {
            let trade_no =
                answer.trade_no.clone().ok_or_else(|| AlipayError::Unreadable("paid without trade_no".into()))?;
            let amount_fen = answer
                .total_amount
                .as_deref()
                .and_then(model::parse_yuan)
                .ok_or_else(|| AlipayError::Unreadable(format!("total_amount {:?}", answer.total_amount)))?;
            TradeState::Paid { trade_no, amount_fen }
        }
        Some("WAIT_BUYER_PAY") => TradeState::Waiting,
        Some("TRADE_CLOSED") => TradeState::Closed,
        other => return Err(AlipayError::Unreadable(format!("trade_status {other:?}"))),
    })
}
