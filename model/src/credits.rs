//! Levels, invites and the credit history: thresholds and wire types shared by page and API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Level;

/// Lifetime earnings that make a member silver...
pub const SILVER_EARNINGS: i64 = 2_000;
/// ...and gold.
pub const GOLD_EARNINGS: i64 = 10_000;
/// Ledger rows on one page of the history.
pub const LEDGER_PAGE_SIZE: i64 = 20;
/// Ledger reasons that count as earnings towards a level.
pub const EARNING_REASONS: [&str; 3] = ["auction_payout", "plan_royalty", "invite_reward"];

impl Level {
    /// The level that lifetime earnings of `earned` credits reach.
    pub fn for_earnings(earned: i64) -> Self {
        if earned >= GOLD_EARNINGS {
            Self::Gold
        } else if earned >= SILVER_EARNINGS {
            Self::Silver
        } else {
            Self::Bronze
        }
    }

    /// The next level and the lifetime earnings it needs, if there is one.
    pub fn next(self) -> Option<(Self, i64)> {
        match self {
            Self::Bronze => Some((Self::Silver, SILVER_EARNINGS)),
            Self::Silver => Some((Self::Gold, GOLD_EARNINGS)),
            Self::Gold => None,
        }
    }

    /// Ideas a member may submit per day (since midnight Beijing time).
    pub fn daily_idea_limit(self) -> i64 {
        match self {
            Self::Bronze => 5,
            Self::Silver => 10,
            Self::Gold => 20,
        }
    }
}

/// A reason code as people read it.
pub fn reason_label_zh(reason: &str) -> &'static str {
    match reason {
        "signup_bonus" => "注册奖励",
        "agent_endowment" => "AI 初始资金",
        "auction_purchase" => "竞拍买入创意",
        "auction_payout" => "创意拍卖收入",
        "plan_purchase" => "生成商业计划书",
        "plan_refund" => "计划书失败退款",
        "plan_royalty" => "计划书分成",
        "invite_reward" => "邀请好友奖励",
        _ => "积分变动",
    }
}

/// One ledger row as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    pub id: i64,
    /// Positive for credits received, negative for credits spent.
    pub amount: i64,
    pub balance_after: i64,
    /// The machine code, e.g. `auction_payout`.
    pub reason: String,
    /// The reason in Chinese.
    pub reason_zh: String,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/me/credits?page=`: balance, level progress, invite link data and one page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditsOverview {
    pub balance: i64,
    pub level: Level,
    pub level_zh: String,
    /// Lifetime earnings (auction payouts, plan royalties, invite rewards).
    pub earned: i64,
    /// The next level, absent at gold.
    pub next_level: Option<Level>,
    /// Lifetime earnings the next level needs.
    pub next_threshold: Option<i64>,
    pub daily_idea_limit: i64,
    pub discount_percent: i64,
    pub invite_code: String,
    /// Relative link a friend registers with.
    pub invite_path: String,
    pub invites_rewarded_this_month: i64,
    pub invite_monthly_cap: i64,
    pub invite_reward: i64,
    /// Newest first.
    pub entries: Vec<LedgerEntry>,
    /// 1-based.
    pub page: i64,
    pub page_size: i64,
    /// Ledger rows in all pages.
    pub total: i64,
}

impl CreditsOverview {
    /// Progress towards the next level in percent (100 at gold).
    pub fn progress_percent(&self) -> i64 {
        match self.next_threshold {
            Some(t) if t > 0 => (self.earned.max(0) * 100 / t).min(100),
            _ => 100,
        }
    }

    /// Pages of history in all.
    pub fn pages(&self) -> i64 {
        ((self.total + self.page_size - 1) / self.page_size.max(1)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_move_at_the_thresholds() {
        assert_eq!(Level::for_earnings(0), Level::Bronze);
        assert_eq!(Level::for_earnings(SILVER_EARNINGS - 1), Level::Bronze);
        assert_eq!(Level::for_earnings(SILVER_EARNINGS), Level::Silver);
        assert_eq!(Level::for_earnings(GOLD_EARNINGS - 1), Level::Silver);
        assert_eq!(Level::for_earnings(GOLD_EARNINGS), Level::Gold);
        assert_eq!(Level::Gold.next(), None);
    }
}
