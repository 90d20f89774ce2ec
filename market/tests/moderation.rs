//! Moderation on both backends: hiding stops an idea everywhere and pays nobody, reports reach the
//! queue once per member, upheld reports act, and the screening holds ideas for review.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use chrono::{TimeDelta, Utc};
use market::accounts::Viewer;
use market::auction::{agents, steps, view};
use market::moderation::{self, reports, screening::Screening};
use market::{Market, MarketError, ideas, plans, query_scalar};
use model::{
    GeneratePlanRequest, IdeaQuery, IdeaStatus, NewReport, Outcome, PlanOptions, ReportDecision, ReportReason,
    ReportStatus, ReportTarget,
};
use testkit::ideas::sample as idea;
use testkit::{Backend, both_backends, members, store};

both_backends!(
    a_hidden_idea_is_gone_for_others_and_its_auction_pays_nobody,
    a_crash_after_hiding_still_pays_nobody,
    reports_reach_the_queue_once_and_upheld_ones_act,
    a_reported_shared_plan_loses_its_link,
    reports_are_rate_limited,
    the_screening_holds_an_idea_until_an_admin_lets_it_through,
    admins_choose_the_featured_ideas_and_each_choice_is_logged,
);

async fn viewer(m: &Market, n: u32, admin: bool) -> Viewer {
    let user = members::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: admin, session_key: String::new(), address: None }
}

fn report(reason: ReportReason, note: &str) -> NewReport {
    NewReport { reason, note: note.into() }
}

async fn listed(m: &Market, id: i64) -> bool {
    let page = ideas::list(m, &IdeaQuery { page: 1, ..IdeaQuery::default() }).await.expect("list");
    page.items.iter().any(|i| i.id == id)
}

async fn payouts(m: &Market) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM credit_ledger WHERE reason = 'auction_payout'")
        .expect("payouts")
}

/// Opens the idea's auction and plays rounds until an agent leads.
async fn at_auction_with_a_leader(m: &Market, id: i64) {
    agents::ensure_accounts(m).await.expect("agents");
    let mut now = Utc::now();
    steps::analyse_pending(m, now).await.expect("analyse");
    for _ in 0..40 {
        now += TimeDelta::seconds(5);
        steps::play_due_rounds(m, now).await.expect("round");
        if view::auction_state(m, id).await.expect("state").and_then(|a| a.leader).is_some() {
            return;
        }
    }
    panic!("no agent bid");
}

async fn a_hidden_idea_is_gone_for_others_and_its_auction_pays_nobody(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let other = viewer(m, 3, false).await;
    let id = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea").id;
    at_auction_with_a_leader(m, id).await;
    assert!(listed(m, id).await, "the list is cached before hiding");

    let refused = moderation::hide_idea(m, &other, id, "不喜欢").await;
    assert!(matches!(refused, Err(MarketError::Forbidden)), "{refused:?}");
    let refused = moderation::hide_idea(m, &admin, id, " ").await;
    assert!(matches!(refused, Err(MarketError::Invalid(_))), "a reason is needed: {refused:?}");
    moderation::hide_idea(m, &admin, id, "含有虚假宣传内容").await.expect("hidden");

    assert!(!listed(m, id).await, "gone from the cached list at once");
    assert!(matches!(ideas::get(m, id, Some(other.id), true).await, Err(MarketError::NotFound)));
    assert!(matches!(ideas::get(m, id, None, true).await, Err(MarketError::NotFound)));
    let own = ideas::get(m, id, Some(author.id), false).await.expect("the author still reads it");
    assert_eq!(own.hidden_reason.as_deref(), Some("含有虚假宣传内容"));
    assert!(matches!(view::auction_view(m, id).await, Err(MarketError::NotFound)));
    let state = view::auction_state(m, id).await.expect("state").expect("auction");
    assert_eq!(state.outcome, Some(Outcome::Unsold), "the auction stopped with a leader, unsold");
    assert_eq!(payouts(m).await, 0, "nobody was paid");
    let again = moderation::hide_idea(m, &admin, id, "再次隐藏").await;
    assert!(matches!(again, Err(MarketError::Invalid(_))), "{again:?}");

    moderation::unhide_idea(m, &admin, id).await.expect("shown again");
    assert!(listed(m, id).await);
    let back = ideas::get(m, id, Some(other.id), false).await.expect("public again");
    assert_eq!(back.hidden_reason, None);
    assert_eq!(back.status, IdeaStatus::Completed, "its stopped auction stays closed");
    assert!(matches!(moderation::unhide_idea(m, &admin, id).await, Err(MarketError::Invalid(_))));
    assert!(matches!(moderation::hide_idea(m, &admin, 999_999, "不存在").await, Err(MarketError::NotFound)));
    s.cleanup().await;
}

/// The process dies after the hiding commits, before the auction is stopped: the worker's close
/// still sells nothing, and rounds stop at once.
async fn a_crash_after_hiding_still_pays_nobody(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let id = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea").id;
    at_auction_with_a_leader(m, id).await;
    let mut tx = m.db.begin().await.expect("tx");
    ideas::visibility::hide(&mut tx, id, "违规", admin.id, Utc::now()).await.expect("hide");
    tx.commit().await.expect("commit");
    let bids = view::bids(m, id).await.expect("bids").len();
    let later = Utc::now() + TimeDelta::days(30);
    assert_eq!(steps::play_due_rounds(m, later).await.expect("rounds"), 0, "no more bids on a hidden idea");
    assert_eq!(view::bids(m, id).await.expect("bids").len(), bids);
    assert_eq!(steps::close_due(m, later).await.expect("close"), 1);
    let state = view::auction_state(m, id).await.expect("state").expect("auction");
    assert_eq!(state.outcome, Some(Outcome::Unsold));
    assert_eq!(payouts(m).await, 0);
    s.cleanup().await;
}

async fn reports_reach_the_queue_once_and_upheld_ones_act(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let reader = viewer(m, 3, false).await;
    let second = viewer(m, 4, false).await;
    let id = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea").id;

    let own = reports::report_idea(m, &author, id, report(ReportReason::Spam, "")).await;
    assert!(matches!(own, Err(MarketError::Invalid(_))), "not one's own: {own:?}");
    let bare = reports::report_idea(m, &reader, id, report(ReportReason::Other, "  ")).await;
    assert!(matches!(bare, Err(MarketError::Invalid(_))), "`other` needs a note: {bare:?}");
    reports::report_idea(m, &reader, id, report(ReportReason::Spam, "<b>广告</b>")).await.expect("reported");
    let twice = reports::report_idea(m, &reader, id, report(ReportReason::Abuse, "")).await;
    assert!(matches!(twice, Err(MarketError::Duplicate("report"))), "{twice:?}");
    reports::report_idea(m, &second, id, report(ReportReason::Illegal, "")).await.expect("reported");

    assert!(matches!(reports::queue(m, &reader, ReportStatus::Open, 1).await, Err(MarketError::Forbidden)));
    let queue = reports::queue(m, &admin, ReportStatus::Open, 1).await.expect("queue");
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0].reporter, reader.username);
    assert_eq!(queue[0].note, "<b>广告</b>", "stored as typed; pages escape it");
    assert_eq!(queue[0].target, ReportTarget::Idea { idea_id: id, title: "共享厨房预约".into(), hidden: false });

    let dismissed = reports::decide(m, &admin, queue[0].id, &ReportDecision { uphold: false, reason: String::new() })
        .await
        .expect("dismissed");
    assert_eq!(dismissed.status, ReportStatus::Dismissed);
    assert!(ideas::get(m, id, None, false).await.is_ok(), "a dismissal changes nothing");
    let no_reason =
        reports::decide(m, &admin, queue[1].id, &ReportDecision { uphold: true, reason: String::new() }).await;
    assert!(matches!(no_reason, Err(MarketError::Invalid(_))), "{no_reason:?}");
    let upheld = ReportDecision { uphold: true, reason: "违反社区规范".into() };
    let decided = reports::decide(m, &admin, queue[1].id, &upheld).await.expect("upheld");
    assert_eq!(decided.status, ReportStatus::Upheld);
    assert!(matches!(decided.target, ReportTarget::Idea { hidden: true, .. }));
    let own = ideas::get(m, id, Some(author.id), false).await.expect("author");
    assert_eq!(own.hidden_reason.as_deref(), Some("违反社区规范"));
    let again = reports::decide(m, &admin, queue[1].id, &upheld).await;
    assert!(matches!(again, Err(MarketError::Invalid(_))), "decided once: {again:?}");
    assert!(reports::queue(m, &admin, ReportStatus::Open, 1).await.expect("queue").is_empty());
    let handled = reports::queue(m, &admin, ReportStatus::Upheld, 1).await.expect("upheld");
    assert_eq!(handled.len(), 1);
    let gone = reports::report_idea(m, &viewer(m, 5, false).await, id, report(ReportReason::Spam, "")).await;
    assert!(matches!(gone, Err(MarketError::NotFound)), "a hidden idea cannot be reported: {gone:?}");
    s.cleanup().await;
}

async fn a_reported_shared_plan_loses_its_link(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let owner = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let reader = viewer(m, 3, false).await;
    let id = ideas::create(m, owner.id, idea("共享厨房预约")).await.expect("idea").id;
    let req = GeneratePlanRequest { idea_id: id, options: PlanOptions::default() };
    let plan = plans::generate(m, owner.id, &req, None).await.expect("plan").id;
    let token = plans::view(m, plan, Some(owner.id), None).await.expect("owner").share_token.expect("a share token");

    let own = reports::report_plan(m, &owner, plan, Some(&token), report(ReportReason::Spam, "")).await;
    assert!(matches!(own, Err(MarketError::Invalid(_))), "not one's own, even through the link: {own:?}");
    let unseen = reports::report_plan(m, &reader, plan, None, report(ReportReason::Spam, "")).await;
    assert!(matches!(unseen, Err(MarketError::NotFound)), "without the link there is nothing to report: {unseen:?}");
    reports::report_plan(m, &reader, plan, Some(&token), report(ReportReason::Infringement, "抄袭")).await.expect("ok");
    let queue = reports::queue(m, &admin, ReportStatus::Open, 1).await.expect("queue");
    assert!(matches!(&queue[0].target, ReportTarget::Plan { plan_id, shared: true, .. } if *plan_id == plan));

    let upheld = ReportDecision { uphold: true, reason: "侵犯他人权益".into() };
    reports::decide(m, &admin, queue[0].id, &upheld).await.expect("upheld");
    let read = plans::view(m, plan, Some(reader.id), Some(&token)).await;
    assert!(matches!(read, Err(MarketError::NotFound)), "the link is dead on every instance: {read:?}");
    let kept = plans::view(m, plan, Some(owner.id), None).await.expect("the owner keeps the plan");
    assert_eq!(kept.share_token, None);
    let late =
        reports::report_plan(m, &viewer(m, 4, false).await, plan, Some(&token), report(ReportReason::Spam, "")).await;
    assert!(matches!(late, Err(MarketError::NotFound)), "a dead link reports nothing: {late:?}");
    let own = reports::report_plan(m, &owner, plan, None, report(ReportReason::Spam, "")).await;
    assert!(matches!(own, Err(MarketError::NotFound)), "nor does the owner without a link: {own:?}");
    s.cleanup().await;
}

async fn reports_are_rate_limited(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let reader = viewer(m, 1, false).await;
    let mut ids = Vec::new();
    for n in 0..11 {
        let author = members::register(m, 10 + n).await.user.id;
        ids.push(ideas::create(m, author, idea(&format!("创意编号 {n}"))).await.expect("idea").id);
    }
    for id in &ids[..10] {
        reports::report_idea(m, &reader, *id, report(ReportReason::Spam, "")).await.expect("reported");
    }
    let limited = reports::report_idea(m, &reader, ids[10], report(ReportReason::Spam, "")).await;
    assert!(matches!(limited, Err(MarketError::RateLimited { retry_after_secs: 1..=3600 })), "{limited:?}");
    s.cleanup().await;
}

async fn the_screening_holds_an_idea_until_an_admin_lets_it_through(backend: Backend) {
    let s = store(backend).await;
    let words = std::env::temp_dir().join(format!("aim-words-{}.txt", uuid::Uuid::new_v4()));
    std::fs::write(&words, "# 测试用\n违禁品\n").expect("words");
    let m = &s.market.clone().with_screening(Screening::from_file(Some(words.clone())));
    let author = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let clean = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea");
    assert_eq!(clean.hidden_reason, None);
    let mut bad = idea("二手交易平台");
    bad.tags = vec!["违 禁 品".into()];
    let held = ideas::create(m, author.id, bad).await.expect("stored, not lost");
    assert!(held.hidden_reason.as_deref().is_some_and(|r| r.contains("审核")), "{held:?}");
    assert!(!listed(m, held.id).await);
    assert!(matches!(ideas::get(m, held.id, None, false).await, Err(MarketError::NotFound)));
    agents::ensure_accounts(m).await.expect("agents");
    assert_eq!(steps::analyse_pending(m, Utc::now()).await.expect("analyse"), 1, "only the clean idea is analysed");

    moderation::unhide_idea(m, &admin, held.id).await.expect("let through");
    assert!(listed(m, held.id).await);
    assert_eq!(steps::analyse_pending(m, Utc::now()).await.expect("analyse"), 1, "then analysed and auctioned");
    std::fs::remove_file(&words).expect("remove");
    s.cleanup().await;
}

async fn admins_choose_the_featured_ideas_and_each_choice_is_logged(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = viewer(m, 1, false).await;
    let admin = viewer(m, 2, true).await;
    let first = ideas::create(m, author.id, idea("精选一号")).await.unwrap().id;
    let second = ideas::create(m, author.id, idea("精选二号")).await.unwrap().id;
    let featured = |m: &Market| {
        let m = m.clone();
        async move { ideas::featured::list(&m).await.unwrap().into_iter().map(|i| i.id).collect::<Vec<_>>() }
    };
    let third = ideas::create(m, author.id, idea("热门三号")).await.unwrap().id;
    assert_eq!(
        featured(m).await,
        vec![third, second, first],
        "unchosen, the hottest fill it: the newest of equals first"
    );
    ideas::set_like(m, admin.id, first, true).await.unwrap();
    assert_eq!(featured(m).await, vec![first, third, second], "a like makes an idea hotter");
    assert!(matches!(moderation::feature_idea(m, &author, first, true).await, Err(MarketError::Forbidden)));

    moderation::feature_idea(m, &admin, first, true).await.unwrap();
    assert_eq!(featured(m).await, vec![first, third, second], "the choice leads, the hottest of the rest follow");
    moderation::feature_idea(m, &admin, second, true).await.unwrap();
    assert_eq!(featured(m).await, vec![second, first, third], "the newest choice first");
    assert!(
        matches!(moderation::feature_idea(m, &admin, first, true).await, Err(MarketError::Invalid(_))),
        "no repeat"
    );
    assert!(matches!(moderation::feature_idea(m, &admin, 999_999, true).await, Err(MarketError::NotFound)));

    // Hiding a featured idea takes it off the home page; a hidden idea cannot be featured.
    moderation::hide_idea(m, &admin, first, "核实中").await.unwrap();
    assert_eq!(featured(m).await, vec![second, third]);
    moderation::feature_idea(m, &admin, first, false).await.unwrap();
    assert!(matches!(moderation::feature_idea(m, &admin, first, true).await, Err(MarketError::Invalid(_))));
    moderation::feature_idea(m, &admin, second, false).await.unwrap();
    assert_eq!(featured(m).await, vec![third, second], "hidden never shows, chosen or hot");

    let logged: Vec<(String, i64)> = query_as_pairs(m).await;
    assert_eq!(
        logged,
        vec![
            ("feature_idea".to_owned(), first),
            ("feature_idea".to_owned(), second),
            ("hide_idea".to_owned(), first),
            ("unfeature_idea".to_owned(), first),
            ("unfeature_idea".to_owned(), second),
        ],
        "every change once, refusals never"
    );
    s.cleanup().await;
}

async fn query_as_pairs(m: &Market) -> Vec<(String, i64)> {
    market::query_as!(
        m.db.exec(),
        fetch_all,
        (String, i64),
        "SELECT action, target_id FROM audit_log WHERE target_kind = 'idea' ORDER BY id"
    )
    .unwrap()
}
