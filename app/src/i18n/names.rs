//! English words more than one catalogue needs: counts with their nouns, and the names of the
//! model's kinds (the Chinese ones are the model's own `label_zh`).

use model::{OrderState, PlanStatus};

use crate::format::thousands;

/// A count and its noun: `1 idea`, `1,200 ideas`.
pub fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `1 credit`, `2,000 credits`.
pub fn credits(n: i64) -> String {
    plural(n, "credit", "credits")
}

pub fn plan_status(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Generating => "Writing",
        PlanStatus::Completed => "Completed",
        PlanStatus::Failed => "Failed",
    }
}

pub fn order_state(state: OrderState) -> &'static str {
    match state {
        OrderState::Created => "Awaiting payment",
        OrderState::Paid => "Paid, being processed",
        OrderState::Credited => "Credited",
        OrderState::Closed => "Closed",
        OrderState::Refunded => "Refunded",
    }
}

/// A ledger row's reason code and its amount: an auction's payout is a sale to the seller and a
/// purchase to the buying agent, told apart by the sign.
pub fn ledger_reason(reason: &str, amount: i64) -> &'static str {
    match reason {
        "signup_bonus" => "Sign-up bonus",
        "agent_endowment" => "AI starting funds",
        "auction_payout" if amount < 0 => "Idea bought at auction",
        "auction_purchase" => "Idea bought at auction",
        "auction_payout" => "Idea sold at auction",
        "plan_purchase" => "Business plan generated",
        "plan_refund" => "Refund for a failed business plan",
        "plan_royalty" => "Business plan royalty",
        "invite_reward" => "Invite reward",
        "admin_adjustment" => "Adjustment by an admin",
        "account_closed" => "Account closed, credits returned to the platform",
        "top_up" => "Credits topped up",
        "top_up_refund" => "Top-up refunded, credits taken back",
        _ => "Credit change",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_only_for_one() {
        assert_eq!(credits(1), "1 credit");
        assert_eq!(credits(0), "0 credits");
        assert_eq!(credits(2_000), "2,000 credits");
        assert_eq!(plural(-1, "idea", "ideas"), "-1 ideas");
    }
}
