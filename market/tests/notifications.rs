//! Notifications on both backends: each event tells each member once, however often the step
//! that causes it runs again (a retry, a second instance, a crash and a restart), and the
//! important ones are mailed once to members who asked for it.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use market::accounts::{self, Viewer, settings};
use market::auction::{agents, steps, view};
use market::credits::{self, Reason, Transfer};
use market::moderation::{self, reports};
use market::notifications::{self, NewNotice, inbox, outbox, watches};
use market::payments::orders::{self, Payment};
use market::plans::{self, PlanSettings};
use market::{Market, MarketError, Settings, ideas};
use model::{GeneratePlanRequest, NewOrder, NewReport, NoticeKind, PlanOptions, ReportDecision, ReportReason};
use testkit::ideas::sample;
use testkit::{Backend, both_backends, members, store_with};

both_backends!(
    an_auction_tells_its_author_and_its_watchers_once,
    plans_tell_the_buyer_and_the_author_once,
    credits_tell_the_member_once,
    moderators_decisions_reach_the_author,
    important_notices_are_mailed_once_to_those_who_asked,
);

fn fast() -> Settings {
    Settings {
        plans: PlanSettings {
            offline_pace: Duration::ZERO,
            lease: Duration::from_secs(3),
            max_attempts: 1,
            ..PlanSettings::default()
        },
        ..Settings::default()
    }
}

async fn member(m: &Market, n: u32) -> Viewer {
    let user = members::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: false, session_key: String::new(), address: None }
}

/// The member's notices, oldest first, as (kind, idea, amount).
async fn told(m: &Market, who: &Viewer) -> Vec<(NoticeKind, Option<i64>, Option<i64>)> {
    let page = inbox::list(m, who.id, None).await.expect("list");
    page.items.iter().rev().map(|n| (n.kind, n.idea_id, n.amount)).collect()
}

async fn kinds(m: &Market, who: &Viewer) -> Vec<NoticeKind> {
    told(m, who).await.into_iter().map(|(k, _, _)| k).collect()
}

async fn an_auction_tells_its_author_and_its_watchers_once(backend: Backend) {
    let s = store_with(backend, Settings::default()).await;
    let m = &s.market;
    agents::ensure_accounts(m).await.expect("agents");
    let author = member(m, 1).await;
    let watcher = member(m, 2).await;
    let bystander = member(m, 3).await;
    let id = ideas::create(m, author.id, sample("社区共享厨房")).await.expect("idea").id;
    watches::watch(m, watcher.id, id).await.expect("watch");
    watches::watch(m, watcher.id, id).await.expect("watching twice is watching");
    watches::watch(m, author.id, id).await.expect("an author may watch too");
    assert!(watches::is_watching(m, watcher.id, id).await.expect("watching"));
    assert!(matches!(watches::watch(m, watcher.id, id + 1000).await, Err(MarketError::NotFound)));

    let mut now = Utc::now();
    assert_eq!(steps::analyse_pending(m, now).await.expect("analyse"), 1);
    assert_eq!(steps::analyse_pending(m, now).await.expect("again"), 0);
    assert_eq!(told(m, &author).await, vec![(NoticeKind::AuctionOpened, Some(id), None)]);
    assert_eq!(inbox::unread(m, author.id).await.expect("unread"), 1);
    assert!(kinds(m, &watcher).await.is_empty(), "watchers hear only of the close");

    // Rounds until the last minute: two instances sweep at once, each watcher is told once.
    let step = TimeDelta::from_std(m.settings.auction.round_interval).unwrap();
    loop {
        now += step;
        steps::play_due_rounds(m, now).await.expect("round");
        let closes_at = view::auction_state(m, id).await.expect("state").expect("open").closes_at;
        if closes_at - now <= watches::CLOSING_NOTICE {
            break;
        }
    }
    let (a, b) = tokio::join!(watches::tell_watchers(m, now), watches::tell_watchers(m, now));
    let (a, b) = (a.unwrap_or(0), b.unwrap_or(0));
    assert_eq!(a + b, 1, "one notice between two sweeping instances");
    assert_eq!(watches::tell_watchers(m, now).await.expect("sweep"), 0);
    assert_eq!(kinds(m, &watcher).await, vec![NoticeKind::WatchClosing]);

    for _ in 0..200 {
        now += step;
        steps::play_due_rounds(m, now).await.expect("round");
        steps::close_due(m, now).await.expect("close");
    }
    // The close replayed, as after a crash between its commit and the next tick: nothing new.
    assert!(!steps::settle(m, id, now, true).await.expect("settle again"));
    let sold = view::auction_state(m, id).await.expect("state").and_then(|a| a.outcome);
    let Some(model::Outcome::Sold { amount, .. }) = sold else { panic!("sold: {sold:?}") };
    assert_eq!(
        told(m, &author).await,
        vec![(NoticeKind::AuctionOpened, Some(id), None), (NoticeKind::AuctionClosed, Some(id), Some(amount))]
    );
    assert_eq!(watches::tell_watchers(m, now).await.expect("sweep"), 1);
    assert_eq!(watches::tell_watchers(m, now).await.expect("sweep"), 0);
    assert_eq!(told(m, &watcher).await[1], (NoticeKind::WatchClosed, Some(id), Some(amount)));
    assert!(kinds(m, &bystander).await.is_empty());
    let page = inbox::list(m, author.id, None).await.expect("list");
    assert!(
        page.items[0].message(model::Lang::Zh).contains(&format!("{amount} 积分买下")),
        "{}",
        page.items[0].message(model::Lang::Zh)
    );
    assert!(matches!(watches::watch(m, bystander.id, id).await, Err(MarketError::Invalid(_))));

    // Reading: one, someone else's, then all.
    assert_eq!(inbox::unread(m, author.id).await.expect("unread"), 2);
    let newest = page.items[0].id;
    assert!(matches!(inbox::mark_read(m, watcher.id, newest).await, Err(MarketError::NotFound)));
    assert_eq!(inbox::mark_read(m, author.id, newest).await.expect("read"), 1);
    assert!(inbox::list(m, author.id, None).await.expect("list").items[0].read);
    assert_eq!(inbox::mark_all_read(m, author.id).await.expect("all read"), 0);
    assert_eq!(accounts::me(m, author.id).await.expect("me").unread_notices, 0);
    assert_eq!(accounts::me(m, watcher.id).await.expect("me").unread_notices, 2);
    watches::unwatch(m, watcher.id, id).await.expect("unwatch");
    assert!(!watches::is_watching(m, watcher.id, id).await.expect("watching"));
    s.cleanup().await;
}

async fn plans_tell_the_buyer_and_the_author_once(backend: Backend) {
    let s = store_with(backend, fast()).await;
    let m = &s.market;
    let author = member(m, 1).await;
    let buyer = member(m, 2).await;
    let idea_id = ideas::create(m, author.id, sample("旧衣回收小程序")).await.expect("idea").id;
    let request = GeneratePlanRequest { idea_id, options: PlanOptions::default() };

    let plan = plans::generate(m, buyer.id, &request, Some("one")).await.expect("plan");
    assert_eq!(plans::claim_due(m, Utc::now()).await.expect("claim"), vec![plan.id]);
    plans::run(m.clone(), plan.id).await.expect("runs");
    plans::run(m.clone(), plan.id).await.expect("a second run finds it done");
    assert_eq!(told(m, &buyer).await, vec![(NoticeKind::PlanReady, Some(idea_id), None)]);
    let royalty = 200 * m.settings.plans.royalty_percent / 100;
    assert_eq!(told(m, &author).await, vec![(NoticeKind::Royalty, Some(idea_id), Some(royalty))]);
    let ready = &inbox::list(m, buyer.id, None).await.expect("list").items[0];
    assert_eq!(ready.link(), format!("/plans/{}", plan.id));

    // A plan whose generator dies is failed and refunded by the next claim: told once.
    let failing = plans::generate(m, buyer.id, &request, Some("two")).await.expect("plan");
    let mut now = Utc::now();
    assert_eq!(plans::claim_due(m, now).await.expect("claim"), vec![failing.id]);
    now += TimeDelta::seconds(4);
    assert!(plans::claim_due(m, now).await.expect("claim").is_empty());
    assert!(plans::claim_due(m, now + TimeDelta::seconds(10)).await.expect("claim").is_empty());
    assert_eq!(
        told(m, &buyer).await[1..],
        [(NoticeKind::PlanFailed, Some(idea_id), Some(200))],
        "the refund is told once"
    );
    assert_eq!(kinds(m, &author).await.len(), 1, "no royalty for a failed plan");
    s.cleanup().await;
}

async fn credits_tell_the_member_once(backend: Backend) {
    let s = store_with(backend, Settings::default()).await;
    let m = &s.market;
    let inviter = member(m, 1).await;
    let code = credits::invites::code_for(m, inviter.id).await.expect("code");
    members::try_register(m, 2, Some(&code)).await.expect("invited");
    let reward = m.settings.invites.reward;
    assert_eq!(told(m, &inviter).await, vec![(NoticeKind::InviteReward, None, Some(reward))]);

    // Earnings past silver, then more (no new level), then past gold: each level told once.
    for (amount, key) in [(model::SILVER_EARNINGS, "a"), (100, "b"), (model::GOLD_EARNINGS, "c"), (100, "d")] {
        let mut tx = m.db.begin().await.expect("tx");
        let t = Transfer::issue(inviter.id, amount, Reason::AuctionPayout, key);
        credits::transfer(&mut tx, t).await.expect("pay");
        // The same transfer replayed in its own transaction tells nothing more.
        credits::transfer(&mut tx, t).await.expect("replay");
        tx.commit().await.expect("commit");
    }
    let levels: Vec<_> = inbox::list(m, inviter.id, None)
        .await
        .expect("list")
        .items
        .into_iter()
        .filter(|n| n.kind == NoticeKind::LevelReached)
        .map(|n| n.detail)
        .collect();
    assert_eq!(levels, vec![Some("gold".to_owned()), Some("silver".to_owned())]);

    // A top-up reported twice (the notify and the query) is told once.
    let order = orders::create(m, &inviter, &NewOrder { credits: 100, idempotency_key: "top-up-1".into() })
        .await
        .expect("order");
    for source in ["notify", "query"] {
        let payment =
            Payment { out_trade_no: &order.out_trade_no, trade_no: "T1", amount_fen: order.amount_fen, source };
        orders::settle(m, payment).await.expect("settle").expect("accepted");
    }
    let top_ups: Vec<_> =
        told(m, &inviter).await.into_iter().filter(|(k, _, _)| *k == NoticeKind::TopUpCredited).collect();
    assert_eq!(top_ups, vec![(NoticeKind::TopUpCredited, None, Some(100))]);

    // A notice recorded again under its event's key, as a retried step would: still one.
    let mut tx = m.db.begin().await.expect("tx");
    let key = format!("order:{}", order.id);
    let again = NewNotice::new(inviter.id, NoticeKind::TopUpCredited, &key).amount(100);
    assert!(!notifications::record(&mut tx, again, Utc::now()).await.expect("record"));
    tx.commit().await.expect("commit");
    assert_eq!(kinds(m, &inviter).await.len(), 4);
    s.cleanup().await;
}

async fn moderators_decisions_reach_the_author(backend: Backend) {
    let s = store_with(backend, Settings::default()).await;
    let m = &s.market;
    let author = member(m, 1).await;
    let reader = member(m, 2).await;
    let admin = Viewer { is_admin: true, ..member(m, 3).await };
    let id = ideas::create(m, author.id, sample("城市露营装备租赁")).await.expect("idea").id;
    let report = NewReport { reason: ReportReason::Spam, note: "广告".into() };
    reports::report_idea(m, &reader, id, report).await.expect("reported");
    let open = reports::queue(m, &admin, model::ReportStatus::Open, 1).await.expect("queue");
    reports::decide(m, &admin, open[0].id, &ReportDecision { uphold: false, reason: String::new() })
        .await
        .expect("dismissed");
    assert!(
        reports::decide(m, &admin, open[0].id, &ReportDecision { uphold: false, reason: String::new() }).await.is_err()
    );
    assert_eq!(kinds(m, &author).await, vec![NoticeKind::ReportDismissed]);
    assert!(kinds(m, &reader).await.is_empty());

    moderation::hide_idea(m, &admin, id, "含有<script>违规</script>内容").await.expect("hidden");
    let page = inbox::list(m, author.id, None).await.expect("list");
    assert_eq!(page.items[0].kind, NoticeKind::IdeaHidden);
    assert_eq!(page.items[0].detail.as_deref(), Some("含有<script>违规</script>内容"));
    assert_eq!(page.items[0].idea_title.as_deref(), Some("城市露营装备租赁"), "the author still reads the title");
    s.cleanup().await;
}

/// The notification mails sent to `email` (registration sent a verification mail too).
fn notices_mailed(m: &Market, email: &str) -> Vec<market::mail::Mail> {
    m.mailer.kept_for(email).into_iter().filter(|mail| !mail.body.contains("/verify-email")).collect()
}

async fn important_notices_are_mailed_once_to_those_who_asked(backend: Backend) {
    let s = store_with(backend, Settings::default()).await;
    let m = &s.market;
    let asked = member(m, 1).await;
    let silent = member(m, 2).await;
    let unverified = member(m, 3).await;
    let quitter = member(m, 4).await;
    for who in [&asked, &unverified, &quitter] {
        assert!(settings::set_notify_by_email(m, who, true).await.expect("opt in").notify_by_email);
    }
    market::execute!(
        m.db.exec(),
        "UPDATE users SET email_verified_at = CURRENT_TIMESTAMP WHERE id IN (?, ?, ?)",
        asked.id,
        silent.id,
        quitter.id
    )
    .expect("verified");
    let mut tx = m.db.begin().await.expect("tx");
    for who in [&asked, &silent, &unverified, &quitter] {
        let top_up = NewNotice::new(who.id, NoticeKind::TopUpCredited, "order:test").amount(500);
        notifications::record(&mut tx, top_up, Utc::now()).await.expect("record");
        let level = NewNotice::new(who.id, NoticeKind::LevelReached, "level:silver").detail("silver");
        notifications::record(&mut tx, level, Utc::now()).await.expect("record");
    }
    tx.commit().await.expect("commit");
    // Opting out before the worker sends it stops the mail too.
    settings::set_notify_by_email(m, &quitter, false).await.expect("opt out");

    let now = Utc::now();
    let (a, b) = tokio::join!(outbox::send_due(m, now), outbox::send_due(m, now));
    assert_eq!(a.expect("send") + b.expect("send"), 1, "one mail between two instances");
    assert_eq!(outbox::send_due(m, now + TimeDelta::hours(1)).await.expect("send"), 0, "sent once");
    let email = accounts::me(m, asked.id).await.expect("me").email;
    let mails = notices_mailed(m, &email);
    assert_eq!(mails.len(), 1, "only the important kind is mailed: {mails:?}");
    assert!(mails[0].body.contains("500 积分已到账"), "{}", mails[0].body);
    assert!(mails[0].body.contains("/credits"), "with a link: {}", mails[0].body);
    for who in [&silent, &unverified, &quitter] {
        let email = accounts::me(m, who.id).await.expect("me").email;
        assert!(notices_mailed(m, &email).is_empty(), "no mail without asking and a verified address");
    }
    s.cleanup().await;
}
