//! The idea list's four orders on both backends: newest, hottest (the hot score: attention that
//! fades with age), the agents' score, and the auctions closing soonest.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use chrono::{DateTime, TimeDelta, Utc};
use market::{Market, execute, ideas};
use model::{IdeaQuery, Sort};
use testkit::ideas::sample;
use testkit::{Backend, both_backends, members, store};

both_backends!(each_sort_orders_the_list_as_it_says);

async fn order(m: &Market, sort: Sort) -> Vec<i64> {
    market::idea_lists::invalidate(m).await;
    let query = IdeaQuery::parse(None, None, Some(sort.as_str()), None).expect("a valid sort");
    ideas::list(m, &query).await.expect("list").items.into_iter().map(|i| i.id).collect()
}

async fn set(m: &Market, sql: &str, value: i64, id: i64) {
    execute!(m.db.exec(), sql, value, id).expect(sql);
}

async fn open_auction(m: &Market, id: i64, closes_at: DateTime<Utc>) {
    let now = Utc::now();
    execute!(
        m.db.exec(),
        "INSERT INTO auctions (idea_id, reserve, seed, opens_at, closes_at, next_round_at) VALUES (?, 100, 1, ?, ?, ?)",
        id,
        now,
        closes_at,
        closes_at
    )
    .expect("auction");
}

async fn each_sort_orders_the_list_as_it_says(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = members::register(m, 1).await.user.id;
    let old = ideas::create(m, author, sample("三十小时前的创意")).await.expect("idea").id;
    let new = ideas::create(m, author, sample("刚刚提交的创意")).await.expect("idea").id;
    let third = ideas::create(m, author, sample("第三个创意")).await.expect("idea").id;
    let long_ago = Utc::now() - TimeDelta::hours(30);
    execute!(m.db.exec(), "UPDATE ideas SET submitted_at = ? WHERE id = ?", long_ago, old).expect("age");
    assert_eq!(order(m, Sort::Newest).await, [third, new, old]);

    // 100 views thirty hours ago (101/32² ≈ 0.1) lose to a new idea with 3 views (4/2² = 1)...
    set(m, "UPDATE ideas SET views = ? WHERE id = ?", 100, old).await;
    set(m, "UPDATE ideas SET views = ? WHERE id = ?", 3, new).await;
    assert_eq!(order(m, Sort::Hottest).await, [new, third, old]);
    // ...and 2,000 (≈ 2) win; likes weigh three views each (new: 3 + 3 × 200 + 1 over 4 ≈ 151).
    set(m, "UPDATE ideas SET views = ? WHERE id = ?", 2000, old).await;
    assert_eq!(order(m, Sort::Hottest).await, [old, new, third]);
    set(m, "UPDATE ideas SET likes = ? WHERE id = ?", 200, new).await;
    assert_eq!(order(m, Sort::Hottest).await, [new, old, third]);

    set(m, "UPDATE ideas SET ai_score = ? WHERE id = ?", 9, third).await;
    set(m, "UPDATE ideas SET ai_score = ? WHERE id = ?", 5, old).await;
    set(m, "UPDATE ideas SET ai_score = ? WHERE id = ?", 7, new).await;
    assert_eq!(order(m, Sort::Score).await, [third, new, old]);

    // Open auctions first, the soonest to close first; then the rest, newest first.
    open_auction(m, old, Utc::now() + TimeDelta::minutes(2)).await;
    open_auction(m, third, Utc::now() + TimeDelta::minutes(1)).await;
    assert_eq!(order(m, Sort::Closing).await, [third, old, new]);
    execute!(m.db.exec(), "UPDATE auctions SET status = 'closed' WHERE idea_id = ?", third).expect("close");
    assert_eq!(order(m, Sort::Closing).await, [old, third, new]);

    let refused = IdeaQuery::parse(None, None, Some("loudest"), None).expect_err("no such sort");
    assert_eq!(refused[0].field, "sort");
    s.cleanup().await;
}
