//! The console's member pages on both backends: search by name, email or phone (wildcards taken
//! literally), one member's account with ledger, ideas, orders and reports, admins only.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::{Viewer, admin};
use market::console::ideas as found;
use market::console::members;
use market::moderation::reports;
use market::payments::{dev, orders};
use market::{Market, MarketError, ideas, moderation};
use model::{AccountStanding, CreditAdjustment, NewOrder, NewReport, ReportReason};
use testkit::ideas::sample as idea;
use testkit::{Backend, both_backends, members as people, store};

both_backends!(admins_find_members_and_read_their_accounts, admins_find_ideas_hidden_or_not);

async fn viewer(m: &Market, n: u32) -> Viewer {
    let user = people::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: false, session_key: String::new(), address: None }
}

async fn admins_find_members_and_read_their_accounts(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let member = viewer(m, 1).await;
    let other = viewer(m, 2).await;
    let mut boss = viewer(m, 3).await;
    admin::grant(m, &boss.username).await.unwrap();
    boss.is_admin = true;

    assert!(matches!(members::search(m, &member, "").await, Err(MarketError::Forbidden)));
    assert!(matches!(members::detail(m, &member, member.id).await, Err(MarketError::Forbidden)));

    let all = members::search(m, &boss, "").await.unwrap();
    assert_eq!(
        all.iter().map(|s| s.id).collect::<Vec<_>>(),
        [boss.id, other.id, member.id],
        "people only, newest first"
    );
    let by_name = members::search(m, &boss, &member.username).await.unwrap();
    assert_eq!(by_name.len(), 1);
    let summary = &by_name[0];
    let by_email = members::search(m, &boss, &summary.email.to_uppercase()).await.unwrap();
    assert_eq!(by_email.iter().map(|s| s.id).collect::<Vec<_>>(), [member.id], "email, case aside");
    let phone = summary.phone.clone().unwrap();
    assert_eq!(members::search(m, &boss, &phone[3..]).await.unwrap().len(), 1, "part of the phone");
    assert!(members::search(m, &boss, "%").await.unwrap().is_empty(), "a wildcard is a character");
    assert!(members::search(m, &boss, "_").await.unwrap().is_empty());
    assert!(members::search(m, &boss, &"长".repeat(101)).await.is_err());

    let id = ideas::create(m, member.id, idea("会员详情测试创意")).await.unwrap().id;
    reports::report_idea(m, &other, id, NewReport { reason: ReportReason::Spam, note: String::new() }).await.unwrap();
    let order = orders::create(m, &member, &NewOrder { credits: 100, idempotency_key: "console-member-1".into() })
        .await
        .unwrap();
    dev::confirm(m, &member, order.id).await.unwrap();
    admin::adjust_credits(m, &boss, member.id, &CreditAdjustment { amount: -30, memo: "违规扣回".into() }, "k")
        .await
        .unwrap();
    admin::set_banned(m, &boss, member.id, true, Some("发布广告")).await.unwrap();

    let d = members::detail(m, &boss, member.id).await.unwrap();
    assert_eq!(d.member.standing, AccountStanding::Banned);
    assert_eq!(d.member.credits, 1000 + 100 - 30);
    assert_eq!(d.ideas.iter().map(|i| i.id).collect::<Vec<_>>(), [id]);
    assert_eq!(d.orders.iter().map(|o| o.id).collect::<Vec<_>>(), [order.id]);
    assert_eq!(d.reports_against, 1);
    assert_eq!(d.ledger[0].amount, -30);
    assert_eq!(d.ledger[0].memo.as_deref(), Some("违规扣回"));
    assert!(matches!(members::detail(m, &boss, 999_999).await, Err(MarketError::NotFound)));
    s.cleanup().await;
}

async fn admins_find_ideas_hidden_or_not(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = viewer(m, 1).await;
    let reader = viewer(m, 2).await;
    let mut boss = viewer(m, 3).await;
    admin::grant(m, &boss.username).await.unwrap();
    boss.is_admin = true;
    let shown = ideas::create(m, author.id, idea("共享厨房 100% 可行")).await.unwrap().id;
    let hidden = ideas::create(m, author.id, idea("另一个共享厨房")).await.unwrap().id;
    reports::report_idea(m, &reader, shown, NewReport { reason: ReportReason::Spam, note: String::new() })
        .await
        .unwrap();
    moderation::hide_idea(m, &boss, hidden, "重复提交").await.unwrap();

    assert!(matches!(found::search(m, &author, "", None).await, Err(MarketError::Forbidden)));
    let all = found::search(m, &boss, "共享厨房", None).await.unwrap();
    assert_eq!(all.iter().map(|i| i.id).collect::<Vec<_>>(), [hidden, shown], "hidden ones too, newest first");
    assert_eq!(all[1].open_reports, 1);
    assert_eq!(all[1].author, author.username);
    let only_hidden = found::search(m, &boss, "", Some(true)).await.unwrap();
    assert_eq!(only_hidden.iter().map(|i| i.id).collect::<Vec<_>>(), [hidden]);
    assert_eq!(only_hidden[0].hidden_reason.as_deref(), Some("重复提交"));
    assert_eq!(
        found::search(m, &boss, "", Some(false)).await.unwrap().iter().map(|i| i.id).collect::<Vec<_>>(),
        [shown]
    );
    assert_eq!(found::search(m, &boss, "100%", None).await.unwrap().len(), 1, "a percent sign is a character");
    assert!(found::search(m, &boss, "%厨房", None).await.unwrap().is_empty());

    // Each idea's analyses and auction, hidden ones too, for admins only.
    market::auction::agents::ensure_accounts(m).await.unwrap();
    market::auction::steps::analyse_pending(m, chrono::Utc::now()).await.unwrap();
    let (one, auction) = found::one(m, &boss, hidden).await.unwrap();
    assert_eq!((one.id, one.hidden_reason.as_deref()), (hidden, Some("重复提交")));
    assert!(auction.analyses.is_empty() && auction.auction.is_none(), "held hidden, it was never analysed");
    let (_, shown_auction) = found::one(m, &boss, shown).await.unwrap();
    assert_eq!(shown_auction.analyses.len(), 5, "the five analyses");
    assert!(shown_auction.auction.is_some());
    assert!(
        matches!(market::auction::view::auction_view(m, hidden).await, Err(MarketError::NotFound)),
        "not for the public"
    );
    assert!(matches!(found::one(m, &author, shown).await, Err(MarketError::Forbidden)));
    assert!(matches!(found::one(m, &boss, 999_999).await, Err(MarketError::NotFound)));
    s.cleanup().await;
}
