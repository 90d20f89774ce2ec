//! Access control: what belongs to one member (plans, their exports and progress, API tokens)
//! is out of reach of another, against the real binary on the embedded default.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, get_json, register, submit_idea};

#[tokio::test]
async fn one_user_cannot_read_what_belongs_to_another() {
    let mut s = TestServer::start_with(Backend::Embedded, &[("WORKER", "off")]).await;
    let c = reqwest::Client::new();
    let alice = register(&mut s, &c, 41).await;
    let bob = register(&mut s, &c, 42).await;
    let idea = json!({"title": "访问控制测试", "description": "一个用户的商业计划书不能被另一个用户读取、导出或订阅进度。", "category": "tech", "tags": []});
    let idea_id = submit_idea(&s, &c, &alice, idea).await;
    let res = c.post(s.url("/api/business-plan/generate")).bearer_auth(&alice).json(&json!({"ideaId": idea_id})).send();
    let plan_id = res.await.unwrap().json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let paths = [
        format!("/api/business-plan/{plan_id}"),
        format!("/api/business-plan/{plan_id}/markdown"),
        format!("/api/business-plan/{plan_id}/stream"),
    ];
    for path in &paths {
        let own = c.get(s.url(path)).bearer_auth(&alice).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::OK, "{path}: the owner reads it");
        for who in [Some(&bob), None] {
            let mut req = c.get(s.url(path));
            if let Some(token) = who {
                req = req.bearer_auth(token);
            }
            let res = req.send().await.unwrap();
            assert_eq!(
                res.status(),
                StatusCode::NOT_FOUND,
                "{path} as {}",
                if who.is_some() { "bob" } else { "nobody" }
            );
        }
    }
    let guessed = c.get(s.url(&format!("/api/business-plan/{plan_id}?share=00000000000000000000000000000000")));
    assert_eq!(guessed.send().await.unwrap().status(), StatusCode::NOT_FOUND, "a guessed share token");
    let bobs_list = get_json(&s, &c, &format!("/api/ideas/{idea_id}/plans"), &bob).await;
    assert_eq!(bobs_list, json!([]), "bob sees only his own plans of the idea");
    // Bob's credits are his own: Alice's plan cost Alice, not Bob.
    let credits = |t: &String| c.get(s.url("/api/me")).bearer_auth(t).send();
    assert_eq!(credits(&bob).await.unwrap().json::<Value>().await.unwrap()["credits"], 1000);
    assert_eq!(credits(&alice).await.unwrap().json::<Value>().await.unwrap()["credits"], 800);
    s.stop().await;
}

#[tokio::test]
async fn personal_api_tokens_are_created_used_and_revoked_by_their_owner() {
    let mut s = TestServer::start(Backend::Embedded).await;
    let c = reqwest::Client::new();
    let alice = register(&mut s, &c, 51).await;
    let bob = register(&mut s, &c, 52).await;
    let created = c.post(s.url("/api/me/tokens")).bearer_auth(&alice).json(&json!({"name": "部署脚本"})).send();
    let created = created.await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("aim_") && token.len() >= 4 + 32, "at least 128 bits: {token}");
    let id = created["id"].as_i64().unwrap();

    let me: Value = c.get(s.url("/api/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["username"], "user51");
    let listed: Value = c.get(s.url("/api/me/tokens")).bearer_auth(&alice).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed[0]["name"], "部署脚本");
    assert!(listed[0]["lastUsedAt"].is_string(), "use is recorded");
    assert!(!listed.to_string().contains(&token[4..]), "the secret is never listed");

    // Only its owner can revoke it; then it stops working at once.
    let by_bob = c.delete(s.url(&format!("/api/me/tokens/{id}"))).bearer_auth(&bob).send().await.unwrap();
    assert_eq!(by_bob.status(), StatusCode::NOT_FOUND);
    let revoked = c.delete(s.url(&format!("/api/me/tokens/{id}"))).bearer_auth(&alice).send().await.unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&token).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // Log out everywhere ends the live tokens too.
    let second =
        c.post(s.url("/api/me/tokens")).bearer_auth(&alice).json(&json!({"name": "备用"})).send().await.unwrap();
    let second = second.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&second).send().await.unwrap().status(), StatusCode::OK);
    c.post(s.url("/api/auth/logout-everywhere")).bearer_auth(&alice).send().await.unwrap();
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&second).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let forged = format!("aim_{}", "0".repeat(64));
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&forged).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    s.stop().await;
}
