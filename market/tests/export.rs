//! A member's data export holds what is theirs, and nothing of anyone else's, on both backends.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::credits::invites;
use market::notifications::watches;
use market::{accounts, ideas, plans};
use model::{GeneratePlanRequest, NoticeKind, PlanOptions, PlanStatus};
use testkit::ideas::sample as idea;
use testkit::{Backend, books, both_backends, members, store};

both_backends!(an_export_holds_everything_of_the_member_and_nothing_else);

async fn an_export_holds_everything_of_the_member_and_nothing_else(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = members::register(m, 1).await.user;
    let code = invites::code_for(m, author.id).await.expect("invite code");
    let friend = members::try_register(m, 2, Some(&code)).await.expect("invited").user;
    let own = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea");
    let theirs = ideas::create(m, friend.id, idea("社区共享工具间")).await.expect("idea");
    ideas::set_like(m, author.id, theirs.id, true).await.expect("like");
    ideas::set_like(m, friend.id, own.id, true).await.expect("like");
    let req = GeneratePlanRequest { idea_id: own.id, options: PlanOptions::default() };
    let plan = plans::generate(m, author.id, &req, None).await.expect("a plan");
    accounts::tokens::create(m, author.id, "备份脚本").await.expect("token");
    watches::watch(m, author.id, theirs.id).await.expect("watch");

    let export = market::export::everything(m, author.id).await.expect("export");
    assert_eq!(export.account.username, "member1");
    assert_eq!(export.invite_code.as_deref(), Some(code.as_str()));
    assert_eq!(export.invited_by, None);
    assert_eq!(export.ideas.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["共享厨房预约"]);
    assert_eq!(export.likes.iter().map(|l| l.idea_id).collect::<Vec<_>>(), [theirs.id]);
    assert_eq!(export.watches.iter().map(|w| w.idea_id).collect::<Vec<_>>(), [theirs.id]);
    // The friend's registration paid the author an invite reward, and told them.
    assert_eq!(export.notifications.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::InviteReward]);
    assert_eq!(export.plans.len(), 1);
    assert_eq!(
        (export.plans[0].id, export.plans[0].idea_id, export.plans[0].status),
        (plan.id, own.id, PlanStatus::Generating)
    );
    assert_eq!(export.api_tokens.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["备份脚本"]);
    // The whole ledger, oldest first: the signup bonus, the invite reward, the plan.
    let balance = books::balance(m, author.id).await;
    assert_eq!(export.ledger.iter().map(|e| e.amount).sum::<i64>(), balance);
    assert_eq!(export.ledger.last().map(|e| e.balance_after), Some(balance));
    assert!(export.ledger.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
    assert_eq!(export.ledger.len(), 3, "{:?}", export.ledger);
    assert!(!serde_json::to_string(&export).expect("json").contains("aim_"), "no token secret");

    let theirs_export = market::export::everything(m, friend.id).await.expect("export");
    assert_eq!(theirs_export.invited_by.as_deref(), Some("member1"));
    assert_eq!(theirs_export.ideas.iter().map(|i| i.id).collect::<Vec<_>>(), [theirs.id]);
    assert_eq!(theirs_export.likes.iter().map(|l| l.idea_id).collect::<Vec<_>>(), [own.id]);
    assert!(theirs_export.plans.is_empty() && theirs_export.api_tokens.is_empty());
    assert!(theirs_export.watches.is_empty() && theirs_export.notifications.is_empty());
    s.cleanup().await;
}
