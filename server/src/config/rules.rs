//! The market's own rules: auctions, plan prices and work, invite rewards.

use std::time::Duration;

use market::auction::AuctionSettings;
use market::credits::invites::InviteSettings;
use market::plans::PlanSettings;

use super::reader::Reader;

pub(super) fn auction(r: &mut Reader) -> AuctionSettings {
    let defaults = AuctionSettings::default();
    let mut auction = defaults.clone();
    auction.duration = r.seconds("AUCTION_DURATION_SECS", defaults.duration);
    auction.round_interval = r.seconds("AUCTION_ROUND_SECS", defaults.round_interval);
    auction.rules.extension_window = r.seconds("AUCTION_EXTENSION_WINDOW_SECS", defaults.rules.extension_window);
    auction.rules.extension = r.seconds("AUCTION_EXTENSION_SECS", defaults.rules.extension);
    auction.rules.max_extensions = r.number("AUCTION_MAX_EXTENSIONS", defaults.rules.max_extensions);
    auction.agent_budget = r.number("AGENT_BUDGET_PER_IDEA", defaults.agent_budget);
    if auction.round_interval.is_zero() || auction.duration <= auction.round_interval {
        r.problem("AUCTION_ROUND_SECS must be above 0 and below AUCTION_DURATION_SECS");
    }
    auction
}

pub(super) fn plans(r: &mut Reader) -> PlanSettings {
    let defaults = PlanSettings::default();
    let pace_ms = u64::try_from(defaults.offline_pace.as_millis()).unwrap_or(0);
    let plans = PlanSettings {
        cost: r.number("PLAN_COST", defaults.cost),
        cost_detailed: r.number("PLAN_COST_DETAILED", defaults.cost_detailed),
        royalty_percent: r.number("PLAN_ROYALTY_PERCENT", defaults.royalty_percent),
        lease: r.seconds("PLAN_LEASE_SECS", defaults.lease),
        max_attempts: r.number("PLAN_MAX_ATTEMPTS", defaults.max_attempts),
        offline_pace: Duration::from_millis(r.number("PLAN_OFFLINE_PACE_MS", pace_ms)),
    };
    if plans.cost < 0 || plans.cost_detailed < 0 || !(0..=100).contains(&plans.royalty_percent) {
        r.problem("PLAN_COST, PLAN_COST_DETAILED must be ≥ 0 and PLAN_ROYALTY_PERCENT 0–100");
    }
    if plans.lease < Duration::from_secs(3) || plans.max_attempts < 1 {
        r.problem("PLAN_LEASE_SECS must be at least 3 and PLAN_MAX_ATTEMPTS at least 1");
    }
    plans
}

pub(super) fn invites(r: &mut Reader) -> InviteSettings {
    let defaults = InviteSettings::default();
    let invites = InviteSettings {
        reward: r.number("INVITE_REWARD", defaults.reward),
        monthly_cap: r.number("INVITE_MONTHLY_CAP", defaults.monthly_cap),
    };
    if invites.reward < 0 || invites.monthly_cap < 0 {
        r.problem("INVITE_REWARD and INVITE_MONTHLY_CAP must be ≥ 0");
    }
    invites
}
