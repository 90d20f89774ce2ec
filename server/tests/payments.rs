//! Top-ups over HTTP on both backends, against a fake Alipay gateway with keys made by the test:
//! the cashier redirect, notifications (good, replayed, tampered, for another app, order or
//! amount), a member's privacy, admin refunds and figures, and a crash between the payment and
//! its crediting.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, TestServer, client, error_of, get_json, register};
use testkit::alipay::{APP_ID, FakeAlipay};
use testkit::both_backends;

both_backends!(
    a_member_pays_at_alipay_and_the_credits_arrive_once,
    bad_notifications_are_refused_counted_and_credit_nothing,
    orders_are_private_and_admins_refund_them,
    a_crash_between_payment_and_crediting_credits_once_after_the_restart,
);

fn alipay_env(fake: &FakeAlipay) -> Vec<(&'static str, String)> {
    vec![
        ("PAYMENT_PROVIDER", "alipay".into()),
        ("ALIPAY_APP_ID", APP_ID.into()),
        ("ALIPAY_APP_PRIVATE_KEY", fake.app.private_pem.clone()),
        ("ALIPAY_PUBLIC_KEY", fake.alipay.public_pem.clone()),
        ("ALIPAY_GATEWAY", fake.gateway.clone()),
        ("ALIPAY_SELLER_ID", testkit::alipay::SELLER_ID.into()),
        ("PAYMENT_QUERY_SECS", "1".into()),
    ]
}

async fn start(backend: Backend, fake: &FakeAlipay, binary: bool) -> TestServer {
    let env = alipay_env(fake);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if binary {
        TestServer::start_binary_with(backend, &env).await
    } else {
        TestServer::start_with(backend, &env).await
    }
}

async fn balance(s: &TestServer, c: &reqwest::Client, token: &str) -> i64 {
    get_json(s, c, "/api/me/credits", token).await["balance"].as_i64().expect("balance")
}

async fn new_order(s: &TestServer, c: &reqwest::Client, token: &str, credits: i64, key: &str) -> Value {
    let res = c
        .post(s.url("/api/orders"))
        .bearer_auth(token)
        .json(&json!({"credits": credits, "idempotencyKey": key}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Posts a notification as Alipay does; its plain-text answer.
async fn notify(s: &TestServer, params: &[(String, String)]) -> String {
    let res = reqwest::Client::new().post(s.url("/payments/alipay/notify")).form(params).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

async fn a_member_pays_at_alipay_and_the_credits_arrive_once(backend: Backend) {
    let fake = FakeAlipay::start().await;
    let mut s = start(backend, &fake, false).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    let packages = get_json(&s, &c, "/api/credits/packages", &token).await;
    assert_eq!(packages[1], json!({"credits": 500, "priceFen": 4500}));
    let before = balance(&s, &c, &token).await;
    let order = new_order(&s, &c, &token, 500, "pay-at-alipay-1").await;
    assert_eq!((order["state"].as_str(), order["amountFen"].as_i64()), (Some("created"), Some(4500)));
    assert_eq!(new_order(&s, &c, &token, 500, "pay-at-alipay-1").await["id"], order["id"], "one order per key");
    let id = order["id"].as_i64().unwrap();

    // The pay link sends the browser to the cashier, on a phone to the mobile one.
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (agent, method) in [
        ("Mozilla/5.0 (X11; Linux x86_64)", "alipay.trade.page.pay"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile", "alipay.trade.wap.pay"),
    ] {
        let res = no_redirects
            .get(s.url(&format!("/orders/{id}/pay")))
            .bearer_auth(&token)
            .header("user-agent", agent)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with(&fake.gateway), "{to}");
        let cashier = reqwest::get(&to).await.unwrap();
        assert_eq!(cashier.status(), 200, "the fake accepts the server's signature");
        assert!(cashier.text().await.unwrap().contains(method));
    }
    // Without a session the link asks to sign in first, and comes back.
    let res = no_redirects.get(s.url(&format!("/orders/{id}/pay"))).send().await.unwrap();
    assert_eq!(res.headers()["location"], format!("/login?next=%2Forders%2F{id}").as_str());

    let out_trade_no = order["outTradeNo"].as_str().unwrap();
    let notice = fake.pay(out_trade_no, "45.00");
    assert_eq!(notify(&s, &notice).await, "success");
    assert_eq!(notify(&s, &notice).await, "success", "a replay is acknowledged...");
    assert_eq!(balance(&s, &c, &token).await, before + 500, "...and credits nothing more");
    let seen = get_json(&s, &c, &format!("/api/orders/{id}"), &token).await;
    assert_eq!(seen["state"], "credited");
    assert!(seen["tradeNo"].is_string() && seen["paidAt"].is_string());
    // A paid order's link goes back to its page.
    let res = no_redirects.get(s.url(&format!("/orders/{id}/pay"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.headers()["location"], format!("/orders/{id}").as_str());
    let metrics = reqwest::get(s.url("/metrics")).await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"aimarket_payment_notifications_total{outcome="credited"} 1"#), "{metrics}");
    assert!(metrics.contains(r#"aimarket_payment_notifications_total{outcome="already"} 1"#));
    s.stop().await;
}

async fn bad_notifications_are_refused_counted_and_credit_nothing(backend: Backend) {
    let fake = FakeAlipay::start().await;
    let mut s = start(backend, &fake, false).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    let before = balance(&s, &c, &token).await;
    let order = new_order(&s, &c, &token, 100, "bad-notices-001").await;
    let no = order["outTradeNo"].as_str().unwrap();
    let paid = |amount: &str| {
        vec![
            ("out_trade_no", no.to_owned()),
            ("trade_no", "2026T1".into()),
            ("total_amount", amount.to_owned()),
            ("trade_status", "TRADE_SUCCESS".into()),
        ]
    };
    let signed =
        |fields: Vec<(&str, String)>| fake.notice(&fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());

    let tampered: Vec<_> = signed(paid("10.00"))
        .into_iter()
        .map(|(k, v)| if k == "total_amount" { (k, "0.01".into()) } else { (k, v) })
        .collect();
    let mut other_app = paid("10.00");
    other_app.push(("app_id", "2021999999999999".into()));
    let mut unknown = paid("10.00");
    unknown[0].1 = "AIM20261206deadbeefdeadbeef".into();
    for (params, outcome) in [
        (tampered, "bad_signature"),
        (
            FakeAlipay::start().await.notice(&[
                ("out_trade_no", no),
                ("trade_no", "T"),
                ("total_amount", "10.00"),
                ("trade_status", "TRADE_SUCCESS"),
            ]),
            "bad_signature",
        ),
        (signed(other_app), "other_app"),
        (signed(paid("1.00")), "wrong_amount"),
        (signed(unknown), "unknown_order"),
        (vec![("sign".into(), "x".into())], "bad_signature"),
    ] {
        assert_eq!(notify(&s, &params).await, "failure", "{outcome}");
    }
    let res = reqwest::Client::new()
        .post(s.url("/payments/alipay/notify"))
        .body("%zz=&&=")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap(), "failure");
    assert_eq!(balance(&s, &c, &token).await, before);
    assert_eq!(get_json(&s, &c, &format!("/api/orders/{}", order["id"]), &token).await["state"], "created");
    let metrics = reqwest::get(s.url("/metrics")).await.unwrap().text().await.unwrap();
    for (outcome, n) in [("bad_signature", 4), ("other_app", 1), ("wrong_amount", 1), ("unknown_order", 1)] {
        assert!(
            metrics.contains(&format!(r#"aimarket_payment_notifications_total{{outcome="{outcome}"}} {n}"#)),
            "{outcome} in {metrics}"
        );
    }
    // A notification that the trade waits for payment is acknowledged and changes nothing.
    let waiting = signed(vec![
        ("out_trade_no", no.to_owned()),
        ("trade_no", "2026T1".into()),
        ("total_amount", "10.00".into()),
        ("trade_status", "WAIT_BUYER_PAY".into()),
    ]);
    assert_eq!(notify(&s, &waiting).await, "success");
    assert_eq!(balance(&s, &c, &token).await, before);
    s.stop().await;
}

async fn orders_are_private_and_admins_refund_them(backend: Backend) {
    let fake = FakeAlipay::start().await;
    let mut s = start(backend, &fake, false).await;
    let c = client(&s);
    let buyer = register(&mut s, &c, 1).await;
    let other = register(&mut s, &c, 2).await;
    let admin = register(&mut s, &c, 3).await;
    market::accounts::admin::grant(s.market(), "user3").await.unwrap();
    let before = balance(&s, &c, &buyer).await;
    let order = new_order(&s, &c, &buyer, 1200, "private-order-1").await;
    let id = order["id"].as_i64().unwrap();
    assert_eq!(notify(&s, &fake.pay(order["outTradeNo"].as_str().unwrap(), "98.00")).await, "success");

    let (status, e) =
        error_of(c.get(s.url(&format!("/api/orders/{id}"))).bearer_auth(&other).send().await.unwrap()).await;
    assert_eq!((status.as_u16(), e["code"].as_str()), (404, Some("not_found")));
    assert_eq!(get_json(&s, &c, "/api/orders", &other).await, json!([]));
    let res = c.post(s.url(&format!("/api/orders/{id}/confirm"))).bearer_auth(&buyer).send().await.unwrap();
    assert_eq!(res.status(), 404, "no confirm button while Alipay takes the money");
    let res = c
        .post(s.url(&format!("/api/admin/orders/{id}/refund")))
        .bearer_auth(&buyer)
        .json(&json!({"reason": "我想退款"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let res = c
        .post(s.url(&format!("/api/admin/orders/{id}/refund")))
        .bearer_auth(&admin)
        .json(&json!({"reason": "用户误购，全额退款"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["state"], "refunded");
    assert_eq!(balance(&s, &c, &buyer).await, before);
    assert_eq!(fake.trade(order["outTradeNo"].as_str().unwrap()).unwrap().refunds.len(), 1);
    let history = get_json(&s, &c, "/api/me/credits", &buyer).await;
    let reasons: Vec<&str> =
        history["entries"].as_array().unwrap().iter().filter_map(|e| e["reasonZh"].as_str()).collect();
    assert!(reasons.contains(&"充值积分") && reasons.contains(&"充值退款，积分收回"), "{reasons:?}");

    let days = get_json(&s, &c, "/api/admin/payments/daily", &admin).await;
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = days.last().unwrap();
    assert_eq!(
        (today["ordersPaid"].as_i64(), today["paidFen"].as_i64(), today["refundedFen"].as_i64()),
        (Some(1), Some(9800), Some(9800))
    );
    let res = c
        .get(s.url("/api/admin/payments/daily?from=2026-01-01&to=2025-01-01"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    s.stop().await;
}

async fn a_crash_between_payment_and_crediting_credits_once_after_the_restart(backend: Backend) {
    let fake = FakeAlipay::start().await;
    let mut first = start(backend, &fake, true).await;
    let c = reqwest::Client::new();
    let token = register(&mut first, &c, 1).await;
    let before = balance(&first, &c, &token).await;
    let order = new_order(&first, &c, &token, 500, "crash-order-001").await;
    let out_trade_no = order["outTradeNo"].as_str().unwrap().to_owned();
    // Paid at Alipay; the server dies before the notification is processed.
    let notice = fake.pay(&out_trade_no, "45.00");
    first.kill();
    let env = alipay_env(&fake);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let second = TestServer::start_beside(&first, &env).await;
    // The embedded default keeps sessions in process: sign in again on the new instance.
    let login = c
        .post(second.url("/api/auth/login"))
        .json(&json!({"login": "user1", "password": "tea-garden-2026"}))
        .send()
        .await
        .unwrap();
    let token = login.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    // The restarted worker asks Alipay and credits the order...
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = get_json(&second, &c, &format!("/api/orders/{}", order["id"]), &token).await["state"].clone();
        if state == "credited" {
            break;
        }
        assert!(Instant::now() < deadline, "never credited: {state}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // ...and Alipay's notification, sent again, changes nothing.
    assert_eq!(notify(&second, &notice).await, "success");
    assert_eq!(notify(&second, &notice).await, "success");
    assert_eq!(balance(&second, &c, &token).await, before + 500);
    assert!(fake.calls("alipay.trade.query") >= 1);
    second.stop().await;
    first.stop().await;
}
