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
    /// Percent off the price of a business plan at this level.
    pub fn plan_discount_percent(self) -> i64 {
        match self {
            Self::Bronze => 0,
            Self::Silver => 10,
            Self::Gold => 20,
        }
    }

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

/// A ledger row's reason as people read it; `amount` tells the paying side from the receiving one.
pub fn reason_label_zh(reason: &str, amount: i64) -> &'static str {
    match reason {
        "signup_bonus" => "注册奖励",
        "agent_endowment" => "AI 初始资金",
        // `auction_purchase` names the buying side of sales recorded before double entry.
        "auction_payout" if amount < 0 => "竞拍买入创意",
        "auction_purchase" => "竞拍买入创意",
        "auction_payout" => "创意拍卖收入",
        "plan_purchase" => "生成商业计划书",
        "plan_refund" => "计划书失败退款",
        "plan_royalty" => "计划书分成",
        "invite_reward" => "邀请好友奖励",
        "admin_adjustment" => "管理员调整",
        "account_closed" => "账号注销，积分退回平台",
        "top_up" => "充值积分",
        "top_up_refund" => "充值退款，积分收回",
        _ => "积分变动",
    }
}

/// One ledger row as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// What an admin wrote when adjusting the balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `GET /api/me/credits?page=`: balance, level progress, invite link data and one page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreditsOverview {
    pub balance: i64,
    pub level: Level,
    pub level_zh: String,
    /// Lifetime earnings (auction payouts, plan royalties, invite rewards).
    pub earned: i64,
    /// The next level, absent at gold.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_level: Option<Level>,
    /// Lifetime earnings the next level needs.
    #[cfg_attr(feature = "openapi", schema(required = true))]
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

/// The largest correction one admin adjustment may make, either way.
pub const ADJUSTMENT_MAX: i64 = 1_000_000;
/// Characters an adjustment's reason may hold.
pub const ADJUSTMENT_MEMO_MAX: usize = 200;

/// `POST /api/admin/users/{id}/credits`: an admin's correction of a balance, with the reason
/// the member will read in their history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreditAdjustment {
    /// Non-zero, at most 1000000 either way: positive adds credits, negative takes them back.
    pub amount: i64,
    /// The reason, 2–200 characters; the member reads it.
    pub memo: String,
}

impl CreditAdjustment {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldMsg>> {
        use crate::Msg;
        let mut errors = crate::validate::Errors::default();
        if self.amount == 0 || self.amount.abs() > ADJUSTMENT_MAX {
            let message = Msg::new(
                format!("调整数额需为非零整数，绝对值不超过 {ADJUSTMENT_MAX}"),
                format!("The amount is a whole number other than zero, at most {ADJUSTMENT_MAX} either way"),
            );
            errors.push("amount", message);
        }
        let memo = self.memo.trim();
        if memo.chars().count() < 2 || memo.chars().count() > ADJUSTMENT_MEMO_MAX {
            let message = Msg::new(
                format!("请填写调整原因（2–{ADJUSTMENT_MEMO_MAX} 个字）"),
                format!("Please give the reason for the adjustment (2–{ADJUSTMENT_MEMO_MAX} characters)"),
            );
            errors.push("memo", message);
        } else if memo.chars().any(|c| c.is_control()) {
            errors.push("memo", Msg::new("调整原因不能包含控制字符", "Reasons cannot contain control characters"));
        }
        errors.finish()
    }
}

/// The adjustment as recorded: the member's new balance and their ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentDone {
    pub user_id: i64,
    pub amount: i64,
    pub balance: i64,
    pub entry_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_need_an_amount_and_a_reason() {
        let ok = CreditAdjustment { amount: -50, memo: "重复到账，收回".into() };
        assert!(ok.validate().is_ok());
        let fields = |a: CreditAdjustment| {
            a.validate().err().unwrap_or_default().into_iter().map(|f| f.field).collect::<Vec<_>>()
        };
        assert_eq!(fields(CreditAdjustment { amount: 0, memo: " x ".into() }), ["amount", "memo"]);
        assert_eq!(fields(CreditAdjustment { amount: ADJUSTMENT_MAX + 1, memo: "补偿".into() }), ["amount"]);
        assert_eq!(fields(CreditAdjustment { amount: 5, memo: "补\u{0}偿".into() }), ["memo"]);
        assert_eq!(fields(CreditAdjustment { amount: 5, memo: "长".repeat(ADJUSTMENT_MEMO_MAX + 1) }), ["memo"]);
    }

    #[test]
    fn a_sale_reads_as_income_or_purchase_by_its_side() {
        assert_eq!(reason_label_zh("auction_payout", 300), "创意拍卖收入");
        assert_eq!(reason_label_zh("auction_payout", -300), "竞拍买入创意");
        assert_eq!(reason_label_zh("admin_adjustment", -3), "管理员调整");
    }

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
