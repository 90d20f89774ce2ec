//! The auction's rules as pure functions, so that they can be property-tested without a clock or
//! a database: an ascending auction in rounds, at most one staggered bid per round, each bid at
//! least one increment above the last, never above the bidder's cap, with a capped anti-sniping
//! extension when a bid lands in the last minute.

use std::time::Duration;

use model::Agent;

#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Smallest raise, in credits.
    pub min_increment: i64,
    /// Raise as a share of the current price, in percent (the larger of the two applies).
    pub increment_percent: i64,
    /// A bid this close to the end extends the auction...
    pub extension_window: Duration,
    /// ...to this long after the bid...
    pub extension: Duration,
    /// ...at most this many times.
    pub max_extensions: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            min_increment: 10,
            increment_percent: 5,
            extension_window: Duration::from_secs(60),
            extension: Duration::from_secs(60),
            max_extensions: 5,
        }
    }
}

/// An agent in one auction: what it will pay at most, and how keen it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Bidder {
    pub agent: Agent,
    /// The lower of its valuation and its budget.
    pub cap: i64,
    /// 0.0–1.0.
    pub confidence: f64,
}

/// The book as it stands: the highest bid and who holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Book {
    pub price: Option<i64>,
    pub leader: Option<Agent>,
    pub reserve: i64,
}

/// A bid the rules call for, with its one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedBid {
    pub agent: Agent,
    pub amount: i64,
    pub reason: String,
}

/// The reserve price from the panel's score: nothing sells below it.
pub fn reserve(ai_score: f64) -> i64 {
    let s = ai_score.clamp(0.0, 10.0);
    (((s * s * 5.0) / 10.0).round() as i64 * 10).max(50)
}

/// The least the next bid may be.
pub fn next_minimum(rules: &Rules, book: &Book) -> i64 {
    match book.price {
        None => book.reserve,
        Some(p) => {
            let step = (p * rules.increment_percent / 100).max(rules.min_increment);
            // Round the raise up to whole tens so prices read cleanly.
            p + (step + 9) / 10 * 10
        }
    }
}

/// A number in [0, 1) from the auction, round and agent: the same inputs, the same draw.
fn draw(seed: u64, round: u32, agent: Agent) -> f64 {
    let mut x = seed ^ (u64::from(round) << 32) ^ (agent as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The bid of round `round`, if any agent still wants the idea at the next price. The keenest
/// eligible agent (confidence, broken by a seeded draw) bids; a very keen one with room to spare
/// jumps two increments.
pub fn plan_round(rules: &Rules, book: &Book, bidders: &[Bidder], seed: u64, round: u32) -> Option<PlannedBid> {
    let minimum = next_minimum(rules, book);
    let chosen = bidders.iter().filter(|b| Some(b.agent) != book.leader && b.cap >= minimum).max_by(|a, b| {
        let ka = a.confidence + 0.3 * draw(seed, round, a.agent);
        let kb = b.confidence + 0.3 * draw(seed, round, b.agent);
        ka.total_cmp(&kb)
    })?;
    let jump = next_minimum(rules, &Book { price: Some(minimum), ..*book });
    let amount = if chosen.confidence >= 0.7 && chosen.cap >= jump && book.price.is_some() { jump } else { minimum };
    let headroom = chosen.cap - amount;
    let reason = match (book.price, book.leader) {
        (None, _) => format!("{}：以保留价 {amount} 开价", chosen.agent.taste_zh()),
        (Some(_), Some(leader)) if headroom > amount / 2 => {
            format!("{}，信心充足，加价超过{}", chosen.agent.taste_zh(), leader.name_zh())
        }
        (Some(_), Some(leader)) => format!("{}，接近心理价位，仍跟进{}", chosen.agent.taste_zh(), leader.name_zh()),
        (Some(_), None) => format!("{}：出价 {amount}", chosen.agent.taste_zh()),
    };
    Some(PlannedBid { agent: chosen.agent, amount, reason })
}

/// When the auction closes after a bid at `bid_at` (all in milliseconds): extended if the bid came
/// within the window of the end and extensions remain. Returns the new close and the extensions used.
pub fn close_after_bid(rules: &Rules, closes_at: i64, extensions: u32, bid_at: i64) -> (i64, u32) {
    let window = i64::try_from(rules.extension_window.as_millis()).unwrap_or(i64::MAX);
    let extension = i64::try_from(rules.extension.as_millis()).unwrap_or(i64::MAX);
    if closes_at - bid_at <= window && bid_at < closes_at && extensions < rules.max_extensions {
        (bid_at.saturating_add(extension).max(closes_at), extensions + 1)
    } else {
        (closes_at, extensions)
    }
}

/// The outcome at close: the leader wins at the price, if the price met the reserve.
pub fn outcome(book: &Book) -> Option<(Agent, i64)> {
    match (book.leader, book.price) {
        (Some(agent), Some(price)) if price >= book.reserve => Some((agent, price)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn bidders(caps: &[i64; 5], confidence: &[f64; 5]) -> Vec<Bidder> {
        Agent::ALL
            .iter()
            .enumerate()
            .map(|(i, &agent)| Bidder { agent, cap: caps[i], confidence: confidence[i] })
            .collect()
    }

    /// Runs rounds until nobody bids; returns every bid and the final book.
    fn run(rules: &Rules, reserve: i64, field: &[Bidder], seed: u64) -> (Vec<PlannedBid>, Book) {
        let mut book = Book { price: None, leader: None, reserve };
        let mut bids = Vec::new();
        for round in 0..10_000 {
            let Some(bid) = plan_round(rules, &book, field, seed, round) else { break };
            book = Book { price: Some(bid.amount), leader: Some(bid.agent), reserve };
            bids.push(bid);
        }
        (bids, book)
    }

    #[test]
    fn reserve_follows_the_score() {
        assert_eq!(reserve(0.0), 50);
        assert_eq!(reserve(6.0), 180);
        assert_eq!(reserve(8.0), 320);
        assert_eq!(reserve(f64::NAN.max(0.0)), 50);
    }

    #[test]
    fn increments_round_up_to_tens() {
        let rules = Rules::default();
        let book = |p| Book { price: Some(p), leader: None, reserve: 50 };
        assert_eq!(next_minimum(&rules, &Book { price: None, leader: None, reserve: 180 }), 180);
        assert_eq!(next_minimum(&rules, &book(180)), 190);
        assert_eq!(next_minimum(&rules, &book(1000)), 1050);
        assert_eq!(next_minimum(&rules, &book(1010)), 1060);
        assert_eq!(next_minimum(&rules, &book(250)), 270, "a raise of 12 rounds up to 20");
    }

    #[test]
    fn nobody_bids_below_the_reserve() {
        let field = bidders(&[100; 5], &[0.9; 5]);
        let (bids, book) = run(&Rules::default(), 180, &field, 7);
        assert!(bids.is_empty());
        assert_eq!(outcome(&book), None, "unsold");
    }

    #[test]
    fn extension_is_capped_and_only_in_the_window() {
        let rules = Rules::default();
        let s = 1000;
        assert_eq!(close_after_bid(&rules, 1000 * s, 0, 900 * s), (1000 * s, 0), "outside the last minute");
        assert_eq!(close_after_bid(&rules, 1000 * s, 0, 970 * s), (1030 * s, 1));
        assert_eq!(close_after_bid(&rules, 1000 * s, 5, 990 * s), (1000 * s, 5), "no extensions left");
        assert_eq!(close_after_bid(&rules, 1000 * s, 0, 1000 * s), (1000 * s, 0), "a bid at the close is too late");
    }

    proptest! {
        #[test]
        fn auction_invariants(
            caps in proptest::array::uniform5(0i64..3000),
            confidence in proptest::array::uniform5(0.0f64..1.0),
            reserve in 50i64..800,
            seed: u64,
        ) {
            let rules = Rules::default();
            let field = bidders(&caps, &confidence);
            let (bids, book) = run(&rules, reserve, &field, seed);
            let mut last = None;
            for (i, bid) in bids.iter().enumerate() {
                let cap = field.iter().find(|b| b.agent == bid.agent).map(|b| b.cap).unwrap_or(0);
                prop_assert!(bid.amount <= cap, "bid above its cap");
                prop_assert!(bid.amount >= reserve, "bid below the reserve");
                if let Some(prev) = last { prop_assert!(bid.amount > prev, "prices only rise"); }
                if i > 0 { prop_assert_ne!(Some(bid.agent), bids.get(i - 1).map(|b| b.agent), "no agent outbids itself"); }
                prop_assert!(!bid.reason.is_empty());
                last = Some(bid.amount);
            }
            match outcome(&book) {
                Some((winner, price)) => {
                    prop_assert_eq!(Some(price), bids.iter().map(|b| b.amount).max(), "the winner holds the highest bid");
                    prop_assert_eq!(Some(winner), bids.last().map(|b| b.agent));
                    // Nobody else would have paid the next increment.
                    let next = next_minimum(&rules, &book);
                    prop_assert!(field.iter().all(|b| b.agent == winner || b.cap < next));
                }
                None => {
                    prop_assert!(bids.is_empty());
                    prop_assert!(caps.iter().all(|&c| c < reserve));
                }
            }
        }

        #[test]
        fn extensions_never_shorten_and_stay_capped(closes in 100_000i64..10_000_000, offsets in proptest::collection::vec(0i64..200_000, 0..40)) {
            let rules = Rules::default();
            let (mut close, mut used) = (closes, 0);
            for off in offsets {
                let bid_at = close - off;
                let (next, n) = close_after_bid(&rules, close, used, bid_at);
                prop_assert!(next >= close);
                prop_assert!(n <= rules.max_extensions);
                close = next;
                used = n;
            }
            prop_assert!(close <= closes + i64::from(rules.max_extensions) * 60_000);
        }
    }
}
