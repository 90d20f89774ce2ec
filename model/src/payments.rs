//! Buying credits: packages, orders and their states, shared by the pages and the API. Money is
//! integer fen (分) everywhere; yuan strings exist only at the edges (the page, Alipay's fields).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A package of credits on sale at a fixed price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// Credits bought; also the package's name in an order.
    pub credits: i64,
    /// The price in fen (1 yuan = 100 fen).
    pub price_fen: i64,
}

/// `12.50` for 1250 fen: the form Alipay's `total_amount` and the pages use.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}{}.{:02}", fen / 100, fen % 100)
}

/// Reads a non-negative yuan amount with at most two decimals (`12`, `12.5`, `12.50`) as fen,
/// exactly: no floating point, nothing else accepted.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || whole.len() > 12 || (text.contains('.') && !digits(frac)) || frac.len() > 2 {
        return None;
    }
    let frac_fen: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac_fen)
}

/// Where an order stands: `created → credited` (or `paid` when its credits could not be
/// delivered, the account having been erased), or `closed` unpaid, or `refunded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrderState {
    /// Waiting for the payment.
    Created,
    /// Paid, credits not delivered (an admin refunds it).
    Paid,
    /// Paid and its credits are on the member's balance.
    Credited,
    /// Not paid within 30 minutes, or closed at the provider.
    Closed,
    /// The money went back and the credits were taken back.
    Refunded,
}

impl OrderState {
    pub const ALL: [Self; 5] = [Self::Created, Self::Paid, Self::Credited, Self::Closed, Self::Refunded];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Paid => "paid",
            Self::Credited => "credited",
            Self::Closed => "closed",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Created => "待支付",
            Self::Paid => "已支付，待处理",
            Self::Credited => "已到账",
            Self::Closed => "已关闭",
            Self::Refunded => "已退款",
        }
    }

    /// Whether money was received for it (a receipt exists).
    pub fn is_paid(self) -> bool {
        matches!(self, Self::Paid | Self::Credited | Self::Refunded)
    }
}

/// Who takes the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PaymentProvider {
    Alipay,
    /// Development only: a button on the order page pays it. Production refuses it.
    Dev,
}

impl PaymentProvider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alipay => "alipay",
            Self::Dev => "dev",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Alipay, Self::Dev].into_iter().find(|p| p.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Alipay => "支付宝",
            Self::Dev => "开发环境模拟支付",
        }
    }
}

/// One order as its member (or an admin) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: i64,
    pub credits: i64,
    pub amount_fen: i64,
    pub provider: PaymentProvider,
    pub state: OrderState,
    /// Our number for it at the provider.
    pub out_trade_no: String,
    /// The provider's number for the payment, once paid.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub trade_no: Option<String>,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub paid_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub closed_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub refunded_at: Option<DateTime<Utc>>,
}

/// `POST /api/orders`: buy the package of `credits`. The same key from the same member names the
/// same order, so a repeated click or retry never makes a second one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewOrder {
    pub credits: i64,
    /// 8–64 letters, digits, `-` or `_`, chosen by the client.
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 64, pattern = "^[A-Za-z0-9_-]{8,64}$"))]
    pub idempotency_key: String,
}

impl NewOrder {
    pub fn key_is_valid(&self) -> bool {
        (8..=64).contains(&self.idempotency_key.len())
            && self.idempotency_key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// What the buy page shows a member: the packages, who takes the money, their orders waiting for
/// payment, and a fresh idempotency key for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyPage {
    pub packages: Vec<Package>,
    pub provider: PaymentProvider,
    pub waiting: Vec<OrderView>,
    pub idempotency_key: String,
}

/// An order in the admins' list, with its member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberOrder {
    pub member: String,
    pub order: OrderView,
}

/// `POST /api/admin/orders/{id}/refund`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundOrder {
    /// 2–500 characters, kept with the ledger row.
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 500))]
    pub reason: String,
}

/// Money in and out on one day (Beijing time), for the admins' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaymentDay {
    /// `2026-12-06`.
    pub day: String,
    pub orders_paid: i64,
    pub paid_fen: i64,
    pub refunds: i64,
    pub refunded_fen: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_and_fen_convert_exactly() {
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(9800), "98.00");
        assert_eq!(yuan(123_456), "1234.56");
        for fen in [0, 1, 10, 99, 100, 101, 4500, 9800, 123_456_789] {
            assert_eq!(parse_yuan(&yuan(fen)), Some(fen));
        }
        assert_eq!(parse_yuan("12"), Some(1200));
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan("0.01"), Some(1));
    }

    #[test]
    fn odd_amounts_are_not_read() {
        for text in [
            "",
            ".",
            "1.",
            ".5",
            "1.234",
            "-1.00",
            "+1.00",
            "1e3",
            "1,00",
            " 1.00",
            "1.00 ",
            "0x10",
            "１.00",
            "99999999999999.00",
        ] {
            assert_eq!(parse_yuan(text), None, "{text:?}");
        }
    }

    #[test]
    fn order_states_read_back() {
        for state in OrderState::ALL {
            assert_eq!(OrderState::parse(state.as_str()), Some(state));
        }
        assert_eq!(OrderState::parse("CREDITED"), None);
    }
}
