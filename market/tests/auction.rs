//! A whole auction on both backends, with the clock driven by the test: analysis, staggered
//! rising bids, close, and the payout exactly once.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use chrono::{TimeDelta, Utc};
use market::auction::{agents, steps, view};
use market::{Market, Settings, accounts, ideas, query_scalar};
use model::{Agent, BidStatus, IdeaStatus, NewIdea, Outcome};
use testkit::{Backend, books, both_backends, members, store_with};

both_backends!(an_auction_runs_and_pays_the_author_once, an_auction_without_bids_closes_unsold);

async fn author(m: &Market) -> i64 {
    members::register(m, 1).await.user.id
}

async fn submit(m: &Market, author: i64) -> i64 {
    let idea = NewIdea {
        title: "AI 智能冰箱管理助手".into(),
        description: "面向城市家庭用户的小程序：通过摄像头识别食材，AI 个性化推荐菜谱，提醒保质期。会员订阅收费，\
                      与生鲜电商合作抽成。市场规模千万家庭，刚需高频。"
            .into(),
        category: "tech".into(),
        tags: vec!["AI".into(), "IoT".into()],
        attachments: vec![],
    };
    ideas::create(m, author, idea).await.expect("created").id
}

async fn scalar(m: &Market, sql: &str, id: i64) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, sql, id).expect(sql)
}

async fn an_auction_runs_and_pays_the_author_once(backend: Backend) {
    let s = store_with(backend, Settings::default()).await;
    let m = &s.market;
    let settings = m.settings.auction.clone();
    agents::ensure_accounts(m).await.expect("agents");
    agents::ensure_accounts(m).await.expect("idempotent");
    let author = author(m).await;
    let total_before = books::totals(m).await.0;
    assert_eq!(total_before, 0, "double entry: the platform's side balances every row");
    let endowments = query_scalar!(
        m.db.exec(),
        fetch_one,
        i64,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger WHERE reason = 'agent_endowment' AND amount > 0"
    )
    .expect("endowments");
    assert_eq!(endowments, 5 * settings.agent_endowment, "one endowment per agent, however often started");
    let id = submit(m, author).await;

    let start = Utc::now();
    assert_eq!(steps::analyse_pending(m, start).await.expect("analyse"), 1);
    assert_eq!(steps::analyse_pending(m, start).await.expect("analyse"), 0, "analysed once");
    let v = view::auction_view(m, id).await.expect("view");
    assert_eq!(v.analyses.len(), 5);
    assert!(v.analyses.iter().all(|a| a.offline && a.model == "offline"));
    assert!(v.ai_score > 0.0);
    assert_eq!(ideas::get(m, id, None, false).await.expect("idea").status, IdeaStatus::Bidding);
    let reserve = v.auction.as_ref().expect("open").reserve;

    // Rounds until the (possibly extended) close.
    let mut now = start;
    let step = TimeDelta::from_std(settings.round_interval).unwrap();
    for _ in 0..200 {
        now += step;
        steps::play_due_rounds(m, now).await.expect("round");
        steps::close_due(m, now).await.expect("close");
    }
    let v = view::auction_view(m, id).await.expect("view");
    let bids = &v.bids;
    assert!(bids.len() >= 2, "the agents bid against each other: {bids:?}");
    let amounts: Vec<i64> = bids.iter().rev().map(|b| b.amount).collect();
    assert!(amounts.windows(2).all(|w| w[1] > w[0]), "prices only rise: {amounts:?}");
    assert!(amounts[0] >= reserve);
    assert!(bids.iter().all(|b| !b.reason.is_empty()));
    let Some(Outcome::Sold { agent, amount }) = v.auction.as_ref().and_then(|a| a.outcome) else {
        panic!("sold: {:?}", v.auction)
    };
    assert_eq!(amount, amounts[amounts.len() - 1], "the winner holds the highest bid");
    assert_eq!(bids.iter().filter(|b| b.status == BidStatus::Won).count(), 1);
    assert!(bids.iter().filter(|b| b.status != BidStatus::Won).all(|b| b.status == BidStatus::Lost));
    assert_eq!(bids[0].agent, agent);
    assert_eq!(ideas::get(m, id, None, false).await.expect("idea").status, IdeaStatus::Completed);

    // Paid exactly once, however often settlement is attempted again.
    assert!(!steps::settle(m, id, now, true).await.expect("settle"));
    assert_eq!(steps::close_due(m, now + step).await.expect("close"), 0);
    assert_eq!(accounts::me(m, author).await.expect("me").credits, 1000 + amount);
    let buyer = agents::account_id(m, agent).await.expect("id").expect("account");
    assert_eq!(scalar(m, "SELECT credits FROM users WHERE id = ?", buyer).await, settings.agent_endowment - amount);
    assert_eq!(books::totals(m).await.0, total_before, "credits only moved, none created or lost");
    for user in [author, buyer] {
        let sum = scalar(m, "SELECT CAST(SUM(amount) AS SIGNED) FROM credit_ledger WHERE user_id = ?", user).await;
        assert_eq!(sum, scalar(m, "SELECT credits FROM users WHERE id = ?", user).await, "balance equals its ledger");
    }
    assert!(Agent::ALL.contains(&agent));
    s.cleanup().await;
}

async fn an_auction_without_bids_closes_unsold(backend: Backend) {
    let mut settings = Settings::default();
    // Budgets below any reserve: nobody can open the bidding.
    settings.auction.agent_budget = 10;
    let s = store_with(backend, settings).await;
    let m = &s.market;
    agents::ensure_accounts(m).await.expect("agents");
    let author = author(m).await;
    let id = submit(m, author).await;
    let start = Utc::now();
    steps::analyse_pending(m, start).await.expect("analyse");
    let end = start + TimeDelta::from_std(m.settings.auction.duration).unwrap() + TimeDelta::seconds(1);
    assert_eq!(steps::play_due_rounds(m, start + TimeDelta::seconds(30)).await.expect("round"), 0);
    assert_eq!(steps::close_due(m, end).await.expect("close"), 1);
    let v = view::auction_view(m, id).await.expect("view");
    assert!(v.bids.is_empty());
    assert_eq!(v.auction.and_then(|a| a.outcome), Some(Outcome::Unsold));
    assert_eq!(accounts::me(m, author).await.expect("me").credits, 1000, "nothing paid");
    s.cleanup().await;
}
