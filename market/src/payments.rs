//! Money in: members buy packages of credits. An order is created with the member's idempotency
//! key, paid at the provider, and credited through the ledger exactly once, in the transaction
//! that marks it paid, whichever of the notification, the worker's query or a retry gets there
//! first, on any number of instances. Unpaid orders close after 30 minutes; admins refund.

pub mod alipay;
pub mod dev;
pub mod figures;
pub mod orders;
pub mod reconcile;
pub mod refunds;

use std::sync::Arc;
use std::time::Duration;

use model::{Package, PaymentProvider};

pub use alipay::Alipay;

/// How long an order waits for its payment.
pub const UNPAID_CLOSE_AFTER: Duration = Duration::from_secs(30 * 60);
/// How often the worker asks the provider about an order still waiting, unless configured.
pub const QUERY_EVERY: Duration = Duration::from_secs(60);

/// Where orders are paid.
#[derive(Clone, Debug)]
pub enum Provider {
    /// Development: the order page's button pays. Production refuses it at start.
    Dev,
    Alipay(Arc<Alipay>),
}

impl Provider {
    pub fn kind(&self) -> PaymentProvider {
        match self {
            Self::Dev => PaymentProvider::Dev,
            Self::Alipay(_) => PaymentProvider::Alipay,
        }
    }
}

/// What is on sale and who takes the money.
#[derive(Clone, Debug)]
pub struct Payments {
    pub provider: Provider,
    /// Cheapest first.
    pub packages: Vec<Package>,
    /// How often the worker asks the provider about an order still waiting.
    pub query_every: Duration,
}

/// 100, 500 and 1,200 credits for ¥10, ¥45 and ¥98.
pub fn default_packages() -> Vec<Package> {
    vec![
        Package { credits: 100, price_fen: 1_000 },
        Package { credits: 500, price_fen: 4_500 },
        Package { credits: 1_200, price_fen: 9_800 },
    ]
}

/// Reads `CREDIT_PACKAGES`: `credits:fen` pairs separated by commas (`100:1000,500:4500`).
pub fn parse_packages(text: &str) -> Result<Vec<Package>, String> {
    let mut packages = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (credits, fen) = part.split_once(':').ok_or_else(|| format!("{part:?} is not credits:fen"))?;
        let number = |s: &str| s.trim().parse::<i64>().ok().filter(|n| (1..=100_000_000).contains(n));
        let (Some(credits), Some(price_fen)) = (number(credits), number(fen)) else {
            return Err(format!("{part:?}: credits and fen must be whole numbers from 1 to 100000000"));
        };
        if packages.iter().any(|p: &Package| p.credits == credits) {
            return Err(format!("two packages of {credits} credits"));
        }
        packages.push(Package { credits, price_fen });
    }
    if packages.is_empty() {
        return Err("no package".into());
    }
    packages.sort_by_key(|p| p.price_fen);
    Ok(packages)
}

impl Default for Payments {
    fn default() -> Self {
        Self { provider: Provider::Dev, packages: default_packages(), query_every: QUERY_EVERY }
    }
}

impl Payments {
    pub fn package(&self, credits: i64) -> Option<Package> {
        self.packages.iter().copied().find(|p| p.credits == credits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_read_from_the_setting() {
        let read = parse_packages(" 500:4500, 100:1000 ").unwrap();
        assert_eq!(read, vec![Package { credits: 100, price_fen: 1000 }, Package { credits: 500, price_fen: 4500 }]);
        for bad in ["", "100", "100:", "x:100", "100:0", "100:10.5", "100:1000,100:900", "-5:100"] {
            assert!(parse_packages(bad).is_err(), "{bad:?}");
        }
    }
}
