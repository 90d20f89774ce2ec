use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Agent;

/// A bid's state: open while the auction runs, then won or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BidStatus {
    Bidding,
    Won,
    Lost,
}

impl BidStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bidding" => Some(Self::Bidding),
            "won" => Some(Self::Won),
            "lost" => Some(Self::Lost),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Bidding => "竞价中",
            Self::Won => "中标",
            Self::Lost => "未中标",
        }
    }
}

/// One agent's analysis of an idea, as shown on its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalysisView {
    pub agent: Agent,
    pub score: f64,
    pub confidence: f64,
    pub summary: String,
    pub strengths: Vec<String>,
    pub risks: Vec<String>,
    /// Written by the built-in offline analyst ("离线分析").
    pub offline: bool,
    pub model: String,
}

/// `GET /api/ideas/{id}/bids`: one bid with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BidView {
    pub id: i64,
    pub agent: Agent,
    pub amount: i64,
    /// 0.0–10.0, as in the original plan's `ai_bids.confidence`.
    pub confidence: f64,
    pub reason: String,
    pub status: BidStatus,
    pub round: i64,
    pub bid_time: DateTime<Utc>,
}

/// How an auction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase", tag = "outcome")]
pub enum Outcome {
    Sold { agent: Agent, amount: i64 },
    Unsold,
}

/// Everything the idea page shows of the analysis and the auction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuctionView {
    pub idea_id: i64,
    pub ai_score: f64,
    pub disagreement: f64,
    pub analyses: Vec<AnalysisView>,
    /// `None` while the agents are still analysing.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub auction: Option<AuctionState>,
    /// Newest first.
    pub bids: Vec<BidView>,
}

impl AuctionView {
    /// Applies a live bid in place when it follows the newest bid shown; returns false when the
    /// page must reload the view instead (a missed bid, the open or the close of the auction).
    pub fn apply(&mut self, event: &AuctionEvent) -> bool {
        let AuctionEvent::Bid { idea_id, prev_bid_id, bid, auction } = event else { return false };
        if *idea_id != self.idea_id || self.auction.is_none() {
            return false;
        }
        if self.bids.iter().any(|b| b.id == bid.id) {
            return true;
        }
        if self.bids.first().map(|b| b.id) != *prev_bid_id {
            return false;
        }
        self.bids.insert(0, bid.clone());
        self.auction = Some(auction.clone());
        true
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuctionState {
    pub reserve: i64,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub price: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub leader: Option<Agent>,
    pub closes_at: DateTime<Utc>,
    pub extensions: i64,
    /// `None` while open.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub outcome: Option<Outcome>,
}

/// What the live stream of an auction sends (`GET /api/ideas/{id}/stream`, server-sent events
/// named after the variant, with the bid id as the event id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AuctionEvent {
    /// The agents finished analysing and the auction opened.
    Opened { idea_id: i64 },
    /// A new bid, with the auction as it stands after it. `prev_bid_id` is the idea's bid before
    /// this one, so that a receiver can tell when it missed one.
    Bid { idea_id: i64, prev_bid_id: Option<i64>, bid: BidView, auction: AuctionState },
    /// The auction closed.
    Closed { idea_id: i64, outcome: Outcome },
}

impl AuctionEvent {
    pub fn idea_id(&self) -> i64 {
        match self {
            Self::Opened { idea_id } | Self::Bid { idea_id, .. } | Self::Closed { idea_id, .. } => *idea_id,
        }
    }

    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Opened { .. } => "opened",
            Self::Bid { .. } => "bid",
            Self::Closed { .. } => "closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn state(price: i64) -> AuctionState {
        AuctionState {
            reserve: 100,
            price: Some(price),
            leader: Some(Agent::Baidu),
            closes_at: Utc.timestamp_opt(1_800_000_000, 0).unwrap(),
            extensions: 0,
            outcome: None,
        }
    }

    fn bid(id: i64, amount: i64) -> BidView {
        BidView {
            id,
            agent: Agent::Baidu,
            amount,
            confidence: 7.0,
            reason: "看好".into(),
            status: BidStatus::Bidding,
            round: id,
            bid_time: Utc.timestamp_opt(1_700_000_000 + id, 0).unwrap(),
        }
    }

    fn event(prev: Option<i64>, id: i64, amount: i64) -> AuctionEvent {
        AuctionEvent::Bid { idea_id: 1, prev_bid_id: prev, bid: bid(id, amount), auction: state(amount) }
    }

    #[test]
    fn a_bid_that_follows_the_newest_is_applied_in_place() {
        let mut v = AuctionView {
            idea_id: 1,
            ai_score: 7.0,
            disagreement: 1.0,
            analyses: vec![],
            auction: Some(state(100)),
            bids: vec![],
        };
        assert!(v.apply(&event(None, 5, 120)));
        assert!(v.apply(&event(Some(5), 9, 150)));
        assert_eq!(v.bids.iter().map(|b| b.id).collect::<Vec<_>>(), vec![9, 5], "newest first");
        assert_eq!(v.auction.as_ref().and_then(|a| a.price), Some(150));
        assert!(v.apply(&event(Some(5), 9, 150)), "a repeat changes nothing");
        assert_eq!(v.bids.len(), 2);
        // A gap, another idea's bid, the open and the close all call for a reload.
        assert!(!v.apply(&event(Some(10), 12, 180)));
        let AuctionEvent::Bid { prev_bid_id, bid, auction, .. } = event(Some(9), 13, 190) else { unreachable!() };
        assert!(!v.apply(&AuctionEvent::Bid { idea_id: 2, prev_bid_id, bid, auction }));
        assert!(!v.apply(&AuctionEvent::Closed { idea_id: 1, outcome: Outcome::Unsold }));
        assert_eq!(v.bids.len(), 2);
    }
}
