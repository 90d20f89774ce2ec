//! Author pages and a member's own space on both backends: public figures only for visible
//! ideas, and what each of one's ideas earned (the sale and the royalties).
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use market::accounts::Viewer;
use market::auction::{agents, steps};
use market::notifications::watches;
use market::plans::{self, PlanSettings};
use market::{Market, MarketError, Settings, ideas, moderation, profiles};
use model::{GeneratePlanRequest, Outcome, PlanOptions, PlanStatus};
use testkit::ideas::sample;
use testkit::{Backend, both_backends, members, store_with};

both_backends!(an_author_page_shows_the_public_and_my_space_the_rest);

async fn member(m: &Market, n: u32) -> Viewer {
    let user = members::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: false, session_key: String::new(), address: None }
}

/// Runs the open auctions to their close.
async fn run_auctions(m: &Market) {
    agents::ensure_accounts(m).await.expect("agents");
    let mut now = Utc::now();
    steps::analyse_pending(m, now).await.expect("analyse");
    for _ in 0..200 {
        now += TimeDelta::seconds(6);
        steps::play_due_rounds(m, now).await.expect("round");
        steps::close_due(m, now).await.expect("close");
    }
}

async fn an_author_page_shows_the_public_and_my_space_the_rest(backend: Backend) {
    let fast = PlanSettings { offline_pace: Duration::ZERO, ..PlanSettings::default() };
    let s = store_with(backend, Settings { plans: fast, ..Settings::default() }).await;
    let m = &s.market;
    let author = member(m, 1).await;
    let buyer = member(m, 2).await;
    let admin = Viewer { is_admin: true, ..member(m, 3).await };
    let sold = ideas::create(m, author.id, sample("社区团购小程序")).await.expect("idea").id;
    run_auctions(m).await;
    let hidden = ideas::create(m, author.id, sample("将被隐藏的创意")).await.expect("idea").id;
    moderation::hide_idea(m, &admin, hidden, "重复提交").await.expect("hidden");
    let pending = ideas::create(m, buyer.id, sample("等待分析的创意")).await.expect("idea").id;
    watches::watch(m, author.id, pending).await.expect("watch");
    let req = GeneratePlanRequest { idea_id: sold, options: PlanOptions::default() };
    let plan = plans::generate(m, buyer.id, &req, None).await.expect("plan");
    assert_eq!(plans::claim_due(m, Utc::now()).await.expect("claim"), vec![plan.id]);
    plans::run(m.clone(), plan.id).await.expect("written");
    let royalty = plan.cost * m.settings.plans.royalty_percent / 100;

    let page = profiles::author(m, "member1").await.expect("author page");
    assert_eq!(page.ideas.iter().map(|i| i.id).collect::<Vec<_>>(), [sold], "the hidden idea is not shown");
    let Some(Outcome::Sold { amount, .. }) =
        market::auction::view::auction_state(m, sold).await.unwrap().and_then(|a| a.outcome)
    else {
        panic!("sold")
    };
    assert_eq!((page.totals.ideas, page.totals.sold, page.totals.sold_for), (1, 1, amount));
    let json = serde_json::to_string(&page).expect("json");
    assert!(!json.contains("example.com") && !json.contains("credits"), "nothing private: {json}");
    assert!(matches!(profiles::author(m, "nobody").await, Err(MarketError::NotFound)));
    assert!(matches!(profiles::author(m, "agent_deepseek").await, Err(MarketError::NotFound)), "agents have no page");

    let space = profiles::mine(m, author.id).await.expect("my space");
    assert_eq!(space.ideas.iter().map(|i| (i.idea.id, i.hidden)).collect::<Vec<_>>(), [(hidden, true), (sold, false)]);
    let mine = &space.ideas[1];
    assert!(matches!(mine.outcome, Some(Outcome::Sold { amount: a, .. }) if a == amount));
    assert_eq!(mine.earned, amount + royalty, "the sale and the royalty");
    assert_eq!(space.earned, amount + royalty);
    assert_eq!(space.ideas[0].outcome, None, "hidden before its analysis: never auctioned");
    assert_eq!(space.watching.iter().map(|i| i.id).collect::<Vec<_>>(), [pending]);
    assert!(space.plans.is_empty());
    assert_eq!(space.credits, testkit::books::balance(m, author.id).await);

    let theirs = profiles::mine(m, buyer.id).await.expect("my space");
    assert_eq!(theirs.plans.len(), 1);
    assert_eq!((theirs.plans[0].idea_id, theirs.plans[0].status), (sold, PlanStatus::Completed));
    assert_eq!(theirs.plans[0].idea_title, "社区团购小程序");
    assert_eq!(theirs.earned, 0);
    s.cleanup().await;
}
