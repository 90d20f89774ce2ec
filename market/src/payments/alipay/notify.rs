//! Alipay's asynchronous notification (`notify_type=trade_status_sync`), posted as a form to the
//! `notify_url` until it is answered `success`.

use super::sign::{self, PublicKey};

/// A notification whose signature and app checked out. Its order and amount are checked against
/// our order when it is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub out_trade_no: String,
    pub trade_no: String,
    /// `TRADE_SUCCESS`, `TRADE_FINISHED`, `WAIT_BUYER_PAY` or `TRADE_CLOSED`.
    pub trade_status: String,
    pub amount_fen: i64,
    pub notify_id: String,
}

impl Notice {
    /// Whether it says the money was paid.
    pub fn is_paid(&self) -> bool {
        matches!(self.trade_status.as_str(), "TRADE_SUCCESS" | "TRADE_FINISHED")
    }
}

/// Why a notification was refused; each is logged and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotifyRefusal {
    #[error("the signature is missing or not Alipay's")]
    BadSignature,
    #[error("it is for another app")]
    OtherApp,
    #[error("it is for another seller")]
    OtherSeller,
    #[error("a field is missing or malformed")]
    Malformed,
}

impl NotifyRefusal {
    /// The metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadSignature => "bad_signature",
            Self::OtherApp => "other_app",
            Self::OtherSeller => "other_seller",
            Self::Malformed => "malformed",
        }
    }
}

/// Checks the signature over every field but `sign` and `sign_type`, then the app and seller.
pub(super) fn verify(
    params: &[(String, String)],
    key: &PublicKey,
    app_id: &str,
    seller_id: Option<&str>,
) -> Result<Notice, NotifyRefusal> {
    let field = |name: &str| {
        let mut found = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
        // A field given twice is ambiguous: which one was signed?
        match (found.next(), found.next()) {
            (Some(value), None) => Some(value),
            _ => None,
        }
    };
    let signature = field("sign").ok_or(NotifyRefusal::BadSignature)?;
    if field("sign_type").is_some_and(|t| t != "RSA2") {
        return Err(NotifyRefusal::BadSignature);
    }
    let content = sign::content(params.iter().map(|(k, v)| (k.as_str(), v.as_str())), &["sign_type"]);
    if !key.verify(&content, signature) {
        return Err(NotifyRefusal::BadSignature);
    }
    if field("app_id") != Some(app_id) {
        return Err(NotifyRefusal::OtherApp);
    }
    if let Some(seller) = seller_id
        && field("seller_id") != Some(seller)
    {
        return Err(NotifyRefusal::OtherSeller);
    }
    let text = |name: &str| field(name).filter(|v| !v.is_empty()).map(str::to_owned).ok_or(NotifyRefusal::Malformed);
    Ok(Notice {
        out_trade_no: text("out_trade_no")?,
        trade_no: text("trade_no")?,
        trade_status: text("trade_status")?,
        amount_fen: field("total_amount").and_then(model::parse_yuan).ok_or(NotifyRefusal::Malformed)?,
        notify_id: field("notify_id").unwrap_or_default().to_owned(),
    })
}
