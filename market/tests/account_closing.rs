//! Closing an account (注销) on both backends: the password, the cooling-off that signing in
//! cancels, then the erasure: personal data gone, sessions and tokens ended, the balance back to
//! the platform through the ledger, the member's ideas and sold plans still there.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use chrono::{TimeDelta, Utc};
use market::accounts::{self, Viewer, closing};
use market::{Market, MarketError, ideas, plans, query_scalar};
use model::{CreditAdjustment, GeneratePlanRequest, LoginRequest, PlanOptions, RegisterRequest};
use testkit::ideas::sample as idea;
use testkit::members::{self, PASSWORD};
use testkit::{Backend, books, both_backends, store};

both_backends!(signing_in_cancels_a_closing, a_closed_account_is_erased_and_the_books_still_balance);

async fn register(m: &Market, n: u32) -> (Viewer, String) {
    let token = members::register(m, n).await.token;
    (accounts::resolve_session(m, &token).await.expect("resolve").expect("signed in"), token)
}

fn login(name: &str) -> LoginRequest {
    LoginRequest { login: name.into(), password: PASSWORD.into() }
}

async fn signing_in_cancels_a_closing(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let (me, token) = register(m, 1).await;
    let api_token = accounts::tokens::create(m, me.id, "脚本").await.expect("token").token;

    let wrong = closing::request(m, &me, "not it".into(), None).await;
    assert!(matches!(&wrong, Err(MarketError::Invalid(f)) if f[0].field == "currentPassword"), "{wrong:?}");
    let scheduled = closing::request(m, &me, PASSWORD.into(), None).await.expect("scheduled");
    let days = (scheduled.erase_at - Utc::now()).num_hours();
    assert!((7 * 24 - 1..=7 * 24).contains(&days), "{scheduled:?}");
    assert!(accounts::resolve_session(m, &token).await.expect("resolve").is_none(), "signed out");
    assert!(accounts::tokens::resolve(m, &api_token).await.expect("resolve").is_none(), "tokens end too");

    let back = accounts::login(m, login("member1"), None).await.expect("signs in during the cooling-off");
    assert!(back.closing_cancelled);
    let after = Utc::now() + TimeDelta::days(8);
    assert_eq!(closing::erase_due(m, after).await.expect("erase"), 0, "nothing to erase once cancelled");
    assert!(!accounts::login(m, login("member1"), None).await.expect("again").closing_cancelled);
    assert_eq!(accounts::me(m, me.id).await.expect("me").username, "member1");
    s.cleanup().await;
}

async fn scalar(m: &Market, sql: &str, id: i64) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, sql, id).expect(sql)
}

async fn a_closed_account_is_erased_and_the_books_still_balance(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let (author, _) = register(m, 1).await;
    let (buyer, _) = register(m, 2).await;
    let own = ideas::create(m, author.id, idea("共享厨房预约")).await.expect("idea");
    let req = GeneratePlanRequest { idea_id: own.id, options: PlanOptions::default() };
    let plan = plans::generate(m, buyer.id, &req, None).await.expect("a plan of the author's idea").id;
    let balance = books::balance(m, author.id).await;
    assert!(balance > 0);
    let theirs = ideas::create(m, buyer.id, idea("社区共享工具间")).await.expect("idea");
    market::notifications::watches::watch(m, author.id, theirs.id).await.expect("watch");
    let mut tx = m.db.begin().await.expect("tx");
    let notice = market::notifications::NewNotice::new(author.id, model::NoticeKind::InviteReward, "erasure-test");
    assert!(market::notifications::record(&mut tx, notice, Utc::now()).await.expect("notice"));
    tx.commit().await.expect("commit");
    let platform_before = books::balance(m, books::platform(m).await).await;

    closing::request(m, &author, PASSWORD.into(), None).await.expect("scheduled");
    assert_eq!(closing::erase_due(m, Utc::now()).await.expect("erase"), 0, "not before the cooling-off ends");
    let after = Utc::now() + TimeDelta::days(7) + TimeDelta::minutes(1);
    assert_eq!(closing::erase_due(m, after).await.expect("erase"), 1);
    assert_eq!(closing::erase_due(m, after).await.expect("replay"), 0, "a replay finds nothing to do");
    assert_eq!(books::balance(m, books::platform(m).await).await, platform_before + balance, "back to the platform");

    // Personal data gone (their notifications and watches too); nobody signs in as it, by the
    // old name or the placeholder.
    assert_eq!(scalar(m, "SELECT COUNT(*) FROM notifications WHERE user_id = ?", author.id).await, 0);
    assert_eq!(scalar(m, "SELECT COUNT(*) FROM idea_watches WHERE user_id = ?", author.id).await, 0);
    let me = accounts::me(m, author.id).await.expect("the row stays");
    assert_eq!(me.username, closing::closed_name(author.id));
    assert!(me.email.ends_with(".invalid") && me.phone.is_none(), "{me:?}");
    for name in ["member1", "member1@example.com", me.username.as_str()] {
        let refused = accounts::login(m, login(name), None).await;
        assert!(matches!(refused, Err(MarketError::BadCredentials)), "{name}: {refused:?}");
    }
    // The old name, email and phone are free again.
    let code = members::sms_code(m, &members::phone(3)).await;
    let reuse = RegisterRequest {
        username: "member1".into(),
        email: "member1@example.com".into(),
        ..members::registration(3, code, None)
    };
    accounts::register(m, reuse).await.expect("the old name and email are free again");
    let holders: i64 =
        query_scalar!(m.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM users WHERE phone = ?", members::phone(1))
            .expect("phone");
    assert_eq!(holders, 0);

    // The balance went back to the platform through the ledger; every account still adds up.
    assert_eq!(books::balance(m, author.id).await, 0);
    assert_eq!(books::totals(m).await, (0, 0), "double entry holds");
    for id in [author.id, buyer.id] {
        books::consistent(m, id).await.expect("balance equals its rows");
    }
    let closing_rows =
        scalar(m, "SELECT COUNT(*) FROM credit_ledger WHERE user_id = ? AND reason = 'account_closed'", author.id)
            .await;
    assert_eq!(closing_rows, 1);

    // What others rely on stays: the idea (by the closed account) and the plan bought of it.
    let kept = ideas::get(m, own.id, None, false).await.expect("the idea stays");
    assert_eq!(kept.author, closing::closed_name(author.id));
    assert!(plans::view(m, plan, Some(buyer.id), None).await.is_ok());

    // Credits that reach the closed account later (here an admin's correction) go back too, once.
    let admin = Viewer { is_admin: true, ..buyer.clone() };
    let late = CreditAdjustment { amount: 50, memo: "补发奖励".into() };
    accounts::admin::adjust_credits(m, &admin, author.id, &late, "late").await.expect("credited");
    assert_eq!(books::balance(m, author.id).await, 50);
    assert_eq!(closing::erase_due(m, after).await.expect("sweep"), 1);
    assert_eq!(closing::erase_due(m, after).await.expect("replay"), 0);
    assert_eq!(books::balance(m, author.id).await, 0);
    books::consistent(m, author.id).await.expect("still adds up");
    assert_eq!(books::totals(m).await, (0, 0));
    s.cleanup().await;
}
