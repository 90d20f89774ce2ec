//! The admins' analytics on both backends, from a seeded set of facts whose answers are known:
//! active members over 1, 7 and 30 days, new members, ideas by category, plans and revenue per
//! day, the agents' outcomes and latency, retention by signup week and conversion.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use market::accounts::Viewer;
use market::analytics::{activity, figures};
use market::{Market, MarketError, execute, ideas};
use model::{Agent, Category, Retention};
use testkit::{Backend, both_backends, members, store};

both_backends!(figures_follow_a_known_set_of_facts, only_admins_read_them_and_ranges_are_bounded);

/// Monday 2 November 2026, a few weeks before the test's "today" (its clock is real).
fn d(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap() + TimeDelta::days(n)
}

/// 10:00 in Beijing on day `n`.
fn at(n: i64) -> DateTime<Utc> {
    market::beijing::midnight(d(n)) + TimeDelta::hours(10)
}

async fn seed_member(m: &Market, n: u32, signup_day: i64) -> i64 {
    let id = members::register(m, n).await.user.id;
    execute!(m.db.exec(), "UPDATE users SET created_at = ? WHERE id = ?", at(signup_day), id).unwrap();
    id
}

async fn figures_follow_a_known_set_of_facts(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    // Registration signs in (today): leave that out of the seeded activity.
    m.activity.set_enabled(false);
    let m1 = seed_member(m, 1, 0).await;
    let m2 = seed_member(m, 2, 0).await;
    let m3 = seed_member(m, 3, 1).await;
    let m4 = seed_member(m, 4, 8).await;
    let boss = seed_member(m, 5, -40).await;
    market::accounts::admin::grant(m, "member5").await.unwrap();
    let admin =
        Viewer { id: boss, username: "member5".into(), is_admin: true, session_key: String::new(), address: None };
    m.activity.set_enabled(true);
    for (user, day) in [(m1, 0), (m1, 1), (m1, 7), (m2, 0), (m3, 1), (m3, 2), (m4, 8), (m1, 1)] {
        m.activity.add(d(day), user, 1, 3);
    }
    activity::flush(m).await.unwrap();

    // m1 submits an idea (day 2) and buys a plan (day 3); m2 pays for credits (day 4).
    let idea = ideas::create(m, m1, testkit::ideas::sample("数据统计用的创意")).await.unwrap().id;
    execute!(m.db.exec(), "UPDATE ideas SET submitted_at = ? WHERE id = ?", at(2), idea).unwrap();
    execute!(
        m.db.exec(),
        "INSERT INTO business_plans (idea_id, user_id, plan_data, status, created_at) VALUES (?, ?, '{}', 'completed', ?)",
        idea,
        m1,
        at(3)
    )
    .unwrap();
    execute!(
        m.db.exec(),
        "INSERT INTO orders (user_id, credits, amount_fen, provider, out_trade_no, state, idempotency_key, paid_at, created_at) \
         VALUES (?, 100, 1000, 'dev', 'AIMTEST0001', 'credited', 'k1', ?, ?)",
        m2,
        at(4),
        at(4)
    )
    .unwrap();
    // Analyses: baidu's provider answered in 100, 200 and 300 ms; alibaba's failed after 5 s and
    // the offline analyst stood in; iflytek has no provider.
    let mut rows = vec![
        (Agent::Baidu, false, None, Some(100)),
        (Agent::Alibaba, true, Some("超时"), Some(5000)),
        (Agent::Iflytek, true, None, None),
    ];
    rows.push((Agent::Baidu, false, None, Some(300)));
    rows.push((Agent::Baidu, false, None, Some(200)));
    for (i, (agent, offline, fallback, latency)) in rows.into_iter().enumerate() {
        let on = if i < 3 {
            idea
        } else {
            ideas::create(m, m2, testkit::ideas::sample(&format!("另一个创意 {i}"))).await.unwrap().id
        };
        execute!(
            m.db.exec(),
            "INSERT INTO ai_analyses (idea_id, ai_agent, score, confidence, valuation, analysis, model, offline, fallback, latency_ms, created_at) \
             VALUES (?, ?, 7.0, 0.8, 1000, '{}', 'test', ?, ?, ?, ?)",
            on,
            agent.key(),
            offline,
            fallback,
            latency,
            at(2)
        )
        .unwrap();
    }
    execute!(m.db.exec(), "UPDATE ideas SET submitted_at = ? WHERE author_id = ?", at(20), m2).unwrap();

    let r = figures::report(m, &admin, d(0), d(13)).await.unwrap();
    assert_eq!(r.days.len(), 14);
    let col = |f: fn(&model::DayFigures) -> i64| r.days.iter().map(f).collect::<Vec<_>>();
    assert_eq!(col(|x| x.dau), vec![2, 2, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    assert_eq!(col(|x| x.wau), vec![2, 3, 3, 3, 3, 3, 3, 2, 3, 2, 2, 2, 2, 2]);
    assert_eq!(col(|x| x.mau), vec![2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
    assert_eq!(col(|x| x.new_members), vec![2, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(col(|x| x.ideas), vec![0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "m2's ideas are outside the range");
    assert_eq!(col(|x| x.plans), vec![0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(col(|x| x.paid_fen), vec![0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(r.ideas_by_category.len(), 1);
    assert_eq!(
        (r.ideas_by_category[0].day.as_str(), r.ideas_by_category[0].category),
        ("2026-11-04", Category::Lifestyle)
    );

    let agent = |a: Agent| r.agents.iter().find(|f| f.agent == a).unwrap().clone();
    let baidu = agent(Agent::Baidu);
    assert_eq!((baidu.ok, baidu.fallback, baidu.offline, baidu.p50_ms, baidu.p95_ms), (3, 0, 0, Some(200), Some(300)));
    assert_eq!(baidu.success_rate(), Some(1.0));
    let alibaba = agent(Agent::Alibaba);
    assert_eq!((alibaba.ok, alibaba.fallback, alibaba.p50_ms, alibaba.success_rate()), (0, 1, Some(5000), Some(0.0)));
    let iflytek = agent(Agent::Iflytek);
    assert_eq!((iflytek.offline, iflytek.p50_ms, iflytek.success_rate()), (1, None, None));

    // Week of 2 November: m1 and m2 (day 0) and m3 (day 1). Day 1: m1 and m3 came back; day 7: m1.
    assert_eq!(r.cohorts.len(), 2);
    let first = &r.cohorts[0];
    assert_eq!((first.week.as_str(), first.members), ("2026-11-02", 3));
    assert_eq!(first.day1, Some(Retention { retained: 2, of: 3 }));
    assert_eq!(first.day7, Some(Retention { retained: 1, of: 3 }));
    assert_eq!(first.day30, Some(Retention { retained: 0, of: 3 }), "their day 30 has come, nobody was active");
    let second = &r.cohorts[1];
    assert_eq!((second.week.as_str(), second.members), ("2026-11-09", 1));
    assert_eq!(second.day1, Some(Retention { retained: 0, of: 1 }));

    let c = r.conversion;
    assert_eq!((c.signups, c.first_idea, c.first_plan, c.first_topup), (4, 2, 1, 1), "m1 and m2 submitted ideas");
    s.cleanup().await;
}

async fn only_admins_read_them_and_ranges_are_bounded(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let member = members::register(m, 1).await.user;
    let viewer =
        Viewer { id: member.id, username: member.username, is_admin: false, session_key: String::new(), address: None };
    assert!(matches!(figures::report(m, &viewer, d(0), d(1)).await, Err(MarketError::Forbidden)));
    let admin = Viewer { is_admin: true, ..viewer };
    assert!(matches!(figures::report(m, &admin, d(0), d(400)).await, Err(MarketError::Invalid(_))));
    assert!(matches!(figures::report(m, &admin, d(2), d(1)).await, Err(MarketError::Invalid(_))));
    // Counting is off the request path and can be switched off (`ANALYTICS=off`).
    assert_eq!(activity::flush(m).await.unwrap(), 1, "registering signed the member in");
    m.activity.set_enabled(false);
    m.count_page_view(member.id);
    assert_eq!(activity::flush(m).await.unwrap(), 0);
    m.activity.set_enabled(true);
    m.count_page_view(member.id);
    m.count_page_view(member.id);
    assert_eq!(activity::flush(m).await.unwrap(), 1, "one row per member and day");
    let views: i64 = market::query_scalar!(
        m.db.exec(),
        fetch_one,
        i64,
        "SELECT page_views FROM member_activity WHERE user_id = ?",
        member.id
    )
    .unwrap();
    assert_eq!(views, 2);
    s.cleanup().await;
}
