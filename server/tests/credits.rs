//! `GET /api/me/credits` against the real binary: balance, level, invite link and the ledger,
//! and an invite that pays its inviter.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

#[macro_use]
mod support;

use serde_json::{Value, json};
use support::{Backend, TestServer, register};

both_backends!(credits_over_the_api, the_daily_idea_limit_says_when_to_come_back);

async fn credits(s: &TestServer, c: &reqwest::Client, token: &str, page: &str) -> Value {
    let res = c.get(s.url(&format!("/api/me/credits{page}"))).bearer_auth(token).send().await.expect("get");
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

async fn credits_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = reqwest::Client::new();
    let anonymous = c.get(s.url("/api/me/credits")).send().await.expect("get");
    assert_eq!(anonymous.status(), 401);

    let token = register(&mut s, &c, 70).await;
    let mine = credits(&s, &c, &token, "").await;
    assert_eq!(mine["balance"], 1000);
    assert_eq!((mine["level"].as_str(), mine["levelZh"].as_str()), (Some("bronze"), Some("青铜")));
    assert_eq!((mine["earned"].as_i64(), mine["nextThreshold"].as_i64()), (Some(0), Some(2000)));
    assert_eq!((mine["page"].as_i64(), mine["total"].as_i64()), (Some(1), Some(1)));
    let entry = &mine["entries"][0];
    assert_eq!((entry["amount"].as_i64(), entry["balanceAfter"].as_i64()), (Some(1000), Some(1000)));
    assert_eq!(entry["reasonZh"], "注册奖励");
    let code = mine["inviteCode"].as_str().expect("invite code").to_owned();
    assert_eq!(mine["invitePath"], format!("/register?invite={code}"));

    // A friend registers with the code: the inviter earns the reward.
    let phone = "13900000071";
    let sent = c.post(s.url("/api/auth/sms-code")).json(&json!({ "phone": phone })).send().await.expect("send");
    assert_eq!(sent.status(), 200);
    let sms = s.sms_code(phone).await;
    let mut body = json!({
        "username": "friend71", "email": "friend71@example.com", "password": "tea-garden-2026",
        "phone": phone, "smsCode": sms, "inviteCode": "WRONGCODE1"
    });
    let refused = c.post(s.url("/api/auth/register")).json(&body).send().await.expect("register");
    assert_eq!(refused.status(), 422);
    let err: Value = refused.json().await.expect("json");
    assert_eq!(err["error"]["fields"][0]["field"], "inviteCode");
    body["inviteCode"] = json!(code);
    let done = c.post(s.url("/api/auth/register")).json(&body).send().await.expect("register");
    assert_eq!(done.status(), 201);

    let mine = credits(&s, &c, &token, "?page=1").await;
    assert_eq!((mine["balance"].as_i64(), mine["earned"].as_i64()), (Some(1200), Some(200)));
    assert_eq!(mine["invitesRewardedThisMonth"], 1);
    assert_eq!(mine["entries"][0]["reason"], "invite_reward");
    assert_eq!(mine["entries"][0]["balanceAfter"], 1200);
    let beyond = credits(&s, &c, &token, "?page=9").await;
    assert_eq!(beyond["entries"].as_array().map(Vec::len), Some(0));
    let junk = credits(&s, &c, &token, "?page=abc").await;
    assert_eq!(junk["page"], 1);
    s.stop().await;
}

async fn the_daily_idea_limit_says_when_to_come_back(backend: Backend) {
    let mut s = TestServer::start_with(backend, &[("WORKER", "off")]).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 61).await;
    let idea = |n: usize| json!({"title": format!("每日上限测试 {n}"), "description": "青铜会员每天最多提交五个创意，第六个应被拒绝并告知何时再来。", "category": "tech", "tags": []});
    for n in 0..5 {
        let res = c.post(s.url("/api/ideas")).bearer_auth(&token).json(&idea(n)).send().await.unwrap();
        assert_eq!(res.status(), 201, "idea {n}");
    }
    let refused = c.post(s.url("/api/ideas")).bearer_auth(&token).json(&idea(5)).send().await.unwrap();
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=86_400).contains(&retry), "until the next Beijing midnight: {retry}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "daily_limit");
    s.stop().await;
}
