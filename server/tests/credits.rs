//! `GET /api/me/credits` against the real binary: balance, level, invite link and the ledger,
//! an invite that pays its inviter, and admins' adjustments and bans (an admin made with
//! `ai-market grant-admin`).
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use serde_json::{Value, json};
use support::{Backend, TestServer, grant_admin, register};
use testkit::both_backends;

both_backends!(credits_over_the_api, the_daily_idea_limit_says_when_to_come_back, admins_over_the_api);

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

async fn admins_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = reqwest::Client::new();
    let member = register(&mut s, &c, 80).await;
    let admin = register(&mut s, &c, 81).await;
    let member_id = c
        .get(s.url("/api/me"))
        .bearer_auth(&member)
        .send()
        .await
        .expect("me")
        .json::<Value>()
        .await
        .expect("json")["id"]
        .as_i64()
        .expect("id");
    let adjust = |token: &str, key: &str, body: Value| {
        c.post(s.url(&format!("/api/admin/users/{member_id}/credits")))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let compensation = json!({"amount": 300, "memo": "服务故障补偿"});
    let res = adjust(&admin, "a1", compensation.clone()).await.expect("send");
    assert_eq!(res.status(), 403, "not an admin yet");
    assert_eq!(res.json::<Value>().await.expect("json")["error"]["code"], "forbidden");

    let missing = grant_admin(&s, "nobody");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("没有用户名为"), "{missing:?}");
    let granted = grant_admin(&s, "user81");
    assert!(granted.status.success(), "{granted:?}");
    assert!(String::from_utf8_lossy(&granted.stdout).contains("现在是管理员"));

    let first: Value = adjust(&admin, "a1", compensation.clone()).await.expect("send").json().await.expect("json");
    assert_eq!((first["amount"].as_i64(), first["balance"].as_i64()), (Some(300), Some(1300)), "{first}");
    let replay: Value = adjust(&admin, "a1", compensation).await.expect("send").json().await.expect("json");
    assert_eq!(replay, first, "the same key returns the first adjustment");
    let res = adjust(&admin, "a2", json!({"amount": -5000, "memo": "收回"})).await.expect("send");
    assert_eq!(res.status(), 402);
    let res = adjust(&admin, "a3", json!({"amount": 0, "memo": ""})).await.expect("send");
    assert_eq!(res.status(), 422);
    let mine = credits(&s, &c, &member, "").await;
    assert_eq!(mine["balance"], 1300);
    assert_eq!(
        (mine["entries"][0]["reasonZh"].as_str(), mine["entries"][0]["memo"].as_str()),
        (Some("管理员调整"), Some("服务故障补偿"))
    );

    // A ban ends the member's token at its next request, for good: lifting it lets them sign in again.
    let ban = s.url(&format!("/api/admin/users/{member_id}/ban"));
    assert_eq!(c.post(&ban).bearer_auth(&member).send().await.expect("send").status(), 403);
    assert_eq!(c.post(&ban).bearer_auth(&admin).send().await.expect("send").status(), 204);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&member).send().await.expect("me").status(), 401);
    assert_eq!(c.delete(&ban).bearer_auth(&admin).send().await.expect("send").status(), 204);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&member).send().await.expect("me").status(), 401);
    let login = json!({"login": "user80", "password": "tea-garden-2026"});
    assert_eq!(c.post(s.url("/api/auth/login")).json(&login).send().await.expect("login").status(), 200);
    s.stop().await;
}
