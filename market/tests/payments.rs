//! Top-ups on both backends against a fake Alipay gateway with keys made by the test: each order is
//! credited once however many notifications and queries report it, bad notifications credit
//! nothing, unpaid orders close, refunds take the credits back unless spent.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::sync::Arc;

use chrono::{TimeDelta, Utc};
use market::accounts::Viewer;
use market::credits::{self, Reason, Transfer};
use market::payments::alipay::{Cashier, NotifyRefusal, PayableOrder};
use market::payments::orders::{self, Payment, SettleRefusal, Settled};
use market::payments::{Alipay, Payments, Provider, dev, reconcile, refunds};
use market::{Market, MarketError, query_scalar};
use model::{NewOrder, OrderState, OrderView, RefundOrder};
use testkit::alipay::{APP_ID, FakeAlipay};
use testkit::{Backend, TestStore, books, both_backends, members, store};

both_backends!(
    an_order_is_credited_once_however_often_it_is_reported,
    bad_notifications_credit_nothing,
    a_notification_racing_a_query_on_two_instances_credits_once,
    unpaid_orders_close_after_30_minutes_and_late_payments_still_count,
    refunds_take_the_credits_back_once_and_are_refused_when_spent,
    development_orders_are_paid_by_their_member_only,
);

async fn with_alipay(backend: Backend) -> (TestStore, FakeAlipay) {
    let fake = FakeAlipay::start().await;
    let mut s = store(backend).await;
    let alipay = Alipay::new(fake.config("http://127.0.0.1:9")).expect("alipay");
    s.market = s
        .market
        .clone()
        .with_payments(Payments { provider: Provider::Alipay(Arc::new(alipay)), ..Payments::default() });
    (s, fake)
}

async fn member(m: &Market, n: u32) -> Viewer {
    let user = members::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: false, session_key: String::new(), address: None }
}

async fn admin(m: &Market) -> Viewer {
    let boss = member(m, 9).await;
    market::accounts::admin::grant(m, &boss.username).await.unwrap();
    Viewer { is_admin: true, ..boss }
}

async fn order(m: &Market, who: &Viewer, credits: i64, key: &str) -> OrderView {
    orders::create(m, who, &NewOrder { credits, idempotency_key: key.into() }).await.expect("order")
}

fn alipay(m: &Market) -> &Alipay {
    match &m.payments.provider {
        Provider::Alipay(a) => a,
        Provider::Dev => panic!("alipay expected"),
    }
}

/// Opens the cashier as the member's browser does; the fake checks our signature.
async fn open_cashier(m: &Market, o: &OrderView, cashier: Cashier) -> String {
    let url = alipay(m).cashier_url(
        &PayableOrder { id: o.id, out_trade_no: &o.out_trade_no, amount_fen: o.amount_fen, subject: "积分" },
        cashier,
        Utc::now(),
    );
    let res = reqwest::get(&url).await.expect("cashier");
    assert_eq!(res.status(), 200, "the fake accepted our signature");
    res.text().await.expect("page")
}

/// What the notify handler does with a notification's fields.
async fn deliver(m: &Market, params: &[(String, String)]) -> Result<Result<Settled, SettleRefusal>, NotifyRefusal> {
    let notice = alipay(m).verify_notice(params)?;
    let payment = Payment {
        out_trade_no: &notice.out_trade_no,
        trade_no: &notice.trade_no,
        amount_fen: notice.amount_fen,
        source: "notify",
    };
    Ok(orders::settle(m, payment).await.expect("settle"))
}

async fn credited_rows(m: &Market, id: i64) -> i64 {
    books::row_count(m, Some(&format!("order:{id}"))).await
}

async fn an_order_is_credited_once_however_often_it_is_reported(backend: Backend) {
    let (s, fake) = with_alipay(backend).await;
    let m = &s.market;
    let buyer = member(m, 1).await;
    let before = books::balance(m, buyer.id).await;
    let o = order(m, &buyer, 500, "first-click-0001").await;
    assert_eq!((o.state, o.amount_fen, o.credits), (OrderState::Created, 4500, 500));
    assert_eq!(order(m, &buyer, 500, "first-click-0001").await.id, o.id, "the same key is the same order");
    assert!(open_cashier(m, &o, Cashier::Desktop).await.contains("alipay.trade.page.pay"));
    assert!(open_cashier(m, &o, Cashier::Phone).await.contains("alipay.trade.wap.pay"));

    let notice = fake.pay(&o.out_trade_no, "45.00");
    assert_eq!(deliver(m, &notice).await, Ok(Ok(Settled::Now(OrderState::Credited))));
    for _ in 0..3 {
        assert_eq!(
            deliver(m, &notice).await,
            Ok(Ok(Settled::Already(OrderState::Credited))),
            "a replay changes nothing"
        );
    }
    // The worker's query finds it paid too, and moves nothing.
    reconcile::run(m, Utc::now() + TimeDelta::minutes(2)).await.expect("reconcile");
    assert_eq!(books::balance(m, buyer.id).await, before + 500);
    assert_eq!(credited_rows(m, o.id).await, 2, "one transfer: two rows");
    let seen = orders::get(m, &buyer, o.id).await.expect("own order");
    assert_eq!(seen.state, OrderState::Credited);
    assert!(seen.trade_no.is_some() && seen.paid_at.is_some());
    assert_eq!(orders::list(m, &buyer).await.expect("list").len(), 1);
    // Nobody else sees or pays it.
    let other = member(m, 2).await;
    assert!(matches!(orders::get(m, &other, o.id).await, Err(MarketError::NotFound)));
    assert!(orders::list(m, &other).await.expect("list").is_empty());
    s.cleanup().await;
}

async fn bad_notifications_credit_nothing(backend: Backend) {
    let (s, fake) = with_alipay(backend).await;
    let m = &s.market;
    let buyer = member(m, 1).await;
    let before = books::balance(m, buyer.id).await;
    let o = order(m, &buyer, 100, "bad-notices-01").await;
    let good = fake.notice(&[
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);

    let tampered: Vec<_> =
        good.iter().map(|(k, v)| (k.clone(), if k == "total_amount" { "0.01".into() } else { v.clone() })).collect();
    assert_eq!(deliver(m, &tampered).await, Err(NotifyRefusal::BadSignature));
    let unsigned: Vec<_> = good.iter().filter(|(k, _)| k != "sign").cloned().collect();
    assert_eq!(deliver(m, &unsigned).await, Err(NotifyRefusal::BadSignature));
    let mut doubled = good.clone();
    doubled.push(("total_amount".into(), "0.01".into()));
    assert_eq!(deliver(m, &doubled).await, Err(NotifyRefusal::BadSignature), "a field given twice is not trusted");
    // Signed by somebody else's key.
    let stranger = FakeAlipay::start().await;
    let forged = stranger.notice(&[
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &forged).await, Err(NotifyRefusal::BadSignature));
    // Alipay's signature, but for another app or seller.
    let other_app = fake.notice(&[
        ("app_id", "2021999999999999"),
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &other_app).await, Err(NotifyRefusal::OtherApp));
    let other_seller = fake.notice(&[
        ("seller_id", "2088999999999999"),
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &other_seller).await, Err(NotifyRefusal::OtherSeller));
    // Alipay's signature and our app, but not our order's amount, or no order of ours.
    let short = fake.notice(&[
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "1.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &short).await, Ok(Err(SettleRefusal::WrongAmount)));
    let unknown = fake.notice(&[
        ("out_trade_no", "AIM20261206ffffffffffffffff"),
        ("trade_no", "T2"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &unknown).await, Ok(Err(SettleRefusal::UnknownOrder)));
    let malformed = fake.notice(&[
        ("out_trade_no", &o.out_trade_no),
        ("trade_no", "T1"),
        ("total_amount", "10.001"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &malformed).await, Err(NotifyRefusal::Malformed));

    assert_eq!(books::balance(m, buyer.id).await, before);
    assert_eq!(credited_rows(m, o.id).await, 0);
    assert_eq!(orders::get(m, &buyer, o.id).await.unwrap().state, OrderState::Created);
    assert_eq!(APP_ID, alipay(m).app_id());
    s.cleanup().await;
}

async fn a_notification_racing_a_query_on_two_instances_credits_once(backend: Backend) {
    let (s, fake) = with_alipay(backend).await;
    let a = &s.market;
    let b = s.beside().await;
    let buyer = member(a, 1).await;
    let before = books::balance(a, buyer.id).await;
    let mut made = Vec::new();
    for n in 0..8 {
        let o = order(a, &buyer, 100, &format!("race-order-{n:04}")).await;
        made.push((o.id, fake.pay(&o.out_trade_no, "10.00")));
    }
    // Instance A takes the notifications (each twice, as Alipay retries) while instance B's
    // worker finds the same orders paid by querying.
    let later = Utc::now() + TimeDelta::minutes(2);
    let notices = async {
        for (_, notice) in &made {
            let (x, y) = tokio::join!(deliver(a, notice), deliver(a, notice));
            assert!(x.is_ok() && y.is_ok());
        }
    };
    let queries = async {
        for _ in 0..3 {
            reconcile::run(&b, later).await.expect("reconcile");
        }
    };
    tokio::join!(notices, queries);
    reconcile::run(&b, later + TimeDelta::minutes(2)).await.expect("reconcile");
    assert_eq!(books::balance(a, buyer.id).await, before + 800);
    for (id, _) in &made {
        assert_eq!(credited_rows(a, *id).await, 2, "order {id} credited once");
        assert_eq!(orders::get(a, &buyer, *id).await.unwrap().state, OrderState::Credited);
    }
    b.db.close().await;
    s.cleanup().await;
}

async fn unpaid_orders_close_after_30_minutes_and_late_payments_still_count(backend: Backend) {
    let (s, fake) = with_alipay(backend).await;
    let m = &s.market;
    let buyer = member(m, 1).await;
    let before = books::balance(m, buyer.id).await;
    let opened = order(m, &buyer, 100, "opened-unpaid").await;
    open_cashier(m, &opened, Cashier::Desktop).await;
    let never_opened = order(m, &buyer, 100, "never-opened").await;
    let paid_late = order(m, &buyer, 500, "paid-no-notice").await;
    open_cashier(m, &paid_late, Cashier::Phone).await;
    fake.pay(&paid_late.out_trade_no, "45.00"); // its notification is lost

    // Within the 30 minutes nothing closes, but the query already finds the payment.
    reconcile::run(m, Utc::now() + TimeDelta::minutes(5)).await.expect("reconcile");
    assert_eq!(orders::get(m, &buyer, opened.id).await.unwrap().state, OrderState::Created);
    assert_eq!(orders::get(m, &buyer, paid_late.id).await.unwrap().state, OrderState::Credited);
    reconcile::run(m, Utc::now() + TimeDelta::minutes(31)).await.expect("reconcile");
    for o in [&opened, &never_opened] {
        let now = orders::get(m, &buyer, o.id).await.unwrap();
        assert_eq!(now.state, OrderState::Closed, "order {} closed", o.id);
    }
    assert_eq!(fake.trade(&opened.out_trade_no).unwrap().status, "TRADE_CLOSED", "closed at Alipay first");
    assert!(fake.trade(&never_opened.out_trade_no).is_none());
    // A payment that still arrives for a closed order counts: the money came.
    fake.pay(&never_opened.out_trade_no, "10.00");
    let notice = fake.notice(&[
        ("out_trade_no", &never_opened.out_trade_no),
        ("trade_no", "T9"),
        ("total_amount", "10.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &notice).await, Ok(Ok(Settled::Now(OrderState::Credited))));
    assert_eq!(books::balance(m, buyer.id).await, before + 600);
    assert_eq!(fake.bad_signatures(), 0);
    s.cleanup().await;
}

async fn refunds_take_the_credits_back_once_and_are_refused_when_spent(backend: Backend) {
    let (s, fake) = with_alipay(backend).await;
    let m = &s.market;
    let buyer = member(m, 1).await;
    let before = books::balance(m, buyer.id).await;
    let kept = order(m, &buyer, 1200, "refund-me-0001").await;
    deliver(m, &fake.pay(&kept.out_trade_no, "98.00")).await.unwrap().unwrap();
    let reason = RefundOrder { reason: "用户误购，全额退款".into() };
    assert!(
        matches!(refunds::refund(m, &buyer, kept.id, &reason).await, Err(MarketError::Forbidden)),
        "members do not refund"
    );
    let boss = admin(m).await;
    let done = refunds::refund(m, &boss, kept.id, &reason).await.expect("refund");
    assert_eq!(done.state, OrderState::Refunded);
    assert_eq!(books::balance(m, buyer.id).await, before);
    assert_eq!(fake.trade(&kept.out_trade_no).unwrap().refunds, vec![format!("{}R", kept.out_trade_no)]);
    assert!(refunds::refund(m, &boss, kept.id, &reason).await.is_err(), "refunded once");
    reconcile::run(m, Utc::now()).await.expect("reconcile");
    assert_eq!(fake.calls("alipay.trade.refund"), 1, "a confirmed refund is not sent again");
    // A replayed notification after the refund credits nothing.
    let replay = fake.notice(&[
        ("out_trade_no", &kept.out_trade_no),
        ("trade_no", "T"),
        ("total_amount", "98.00"),
        ("trade_status", "TRADE_SUCCESS"),
    ]);
    assert_eq!(deliver(m, &replay).await, Ok(Ok(Settled::Already(OrderState::Refunded))));
    assert_eq!(books::balance(m, buyer.id).await, before);

    let spent = order(m, &buyer, 100, "spent-it-0001").await;
    deliver(m, &fake.pay(&spent.out_trade_no, "10.00")).await.unwrap().unwrap();
    let balance = books::balance(m, buyer.id).await;
    let mut tx = m.db.begin().await.unwrap();
    credits::transfer(&mut tx, Transfer::charge(buyer.id, balance - 50, Reason::PlanPurchase, "spend-most"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let refused = refunds::refund(m, &boss, spent.id, &reason).await;
    assert!(
        matches!(&refused, Err(MarketError::Invalid(f)) if f[0].message.get(model::Lang::Zh).contains("已被使用")),
        "{refused:?}"
    );
    assert_eq!(orders::get(m, &buyer, spent.id).await.unwrap().state, OrderState::Credited);
    assert_eq!(books::balance(m, buyer.id).await, 50);
    assert_eq!(fake.calls("alipay.trade.refund"), 1);
    s.cleanup().await;
}

async fn development_orders_are_paid_by_their_member_only(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let buyer = member(m, 1).await;
    let other = member(m, 2).await;
    let before = books::balance(m, buyer.id).await;
    let o = order(m, &buyer, 100, "dev-order-0001").await;
    assert_eq!(o.provider, model::PaymentProvider::Dev);
    assert!(matches!(dev::confirm(m, &other, o.id).await, Err(MarketError::NotFound)), "not another member's order");
    assert_eq!(dev::confirm(m, &buyer, o.id).await.unwrap(), OrderState::Credited);
    assert_eq!(dev::confirm(m, &buyer, o.id).await.unwrap(), OrderState::Credited);
    assert_eq!(books::balance(m, buyer.id).await, before + 100);
    assert!(
        orders::create(m, &buyer, &NewOrder { credits: 7, idempotency_key: "no-such-package".into() }).await.is_err()
    );
    assert!(orders::create(m, &buyer, &NewOrder { credits: 100, idempotency_key: "bad key!".into() }).await.is_err());
    // The day's figures count it.
    let today = (Utc::now() + TimeDelta::hours(8)).date_naive();
    let boss = admin(m).await;
    let days = market::payments::figures::daily(m, &boss, today - TimeDelta::days(1), today).await.unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!((days[1].orders_paid, days[1].paid_fen), (1, 1000));
    let unpaid =
        query_scalar!(m.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM orders WHERE state = 'created'").unwrap();
    assert_eq!(unpaid, 0);
    s.cleanup().await;
}
