//! Business plans over HTTP against the real binary: the original plan's request, the progress
//! stream, the export, the credit errors, and a server killed mid-plan that resumes on restart
//! without charging twice.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, assert_ended, get_json, read_events, register, submit_idea};
use testkit::both_backends;

both_backends!(a_plan_over_the_api, a_plan_survives_the_server_being_killed);

fn idea() -> Value {
    json!({
        "title": "智能冰箱管理助手",
        "description": "通过摄像头识别冰箱里的食材，提醒保质期并推荐菜谱，减少家庭食物浪费。会员订阅收费。",
        "category": "tech",
        "tags": ["AI", "IoT"]
    })
}

/// The original plan's example body.
fn generate_body(idea_id: i64) -> Value {
    json!({"ideaId": idea_id, "options": {"detailed": true, "aiServices": ["baidu", "alibaba", "iflytek", "tencent", "zhipu"]}})
}

async fn credits(s: &TestServer, c: &reqwest::Client, token: &str) -> i64 {
    let me: Value = c.get(s.url("/api/me")).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    me["credits"].as_i64().expect("credits")
}

async fn plan(s: &TestServer, c: &reqwest::Client, token: &str, id: i64) -> Value {
    let res = c.get(s.url(&format!("/api/business-plan/{id}"))).bearer_auth(token).send().await.expect("get");
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

async fn a_plan_over_the_api(backend: Backend) {
    let env = [("PLAN_COST_DETAILED", "600"), ("PLAN_OFFLINE_PACE_MS", "300")];
    let mut s = TestServer::start_with(backend, &env).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 1).await;
    let idea_id = submit_idea(&s, &c, &token, idea()).await;

    let anon = c.post(s.url("/api/business-plan/generate")).json(&generate_body(idea_id)).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    let bad = c
        .post(s.url("/api/business-plan/generate"))
        .bearer_auth(&token)
        .json(&json!({"ideaId": idea_id, "options": {"aiServices": ["gpt"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = c.post(s.url("/api/business-plan/generate")).bearer_auth(&token).json(&generate_body(999_999)).send();
    assert_eq!(missing.await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);

    let quote: Value =
        c.get(s.url("/api/business-plan/quote")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!((quote["detailed"].as_i64(), quote["balance"].as_i64()), (Some(600), Some(1000)));

    let generate = || {
        c.post(s.url("/api/business-plan/generate"))
            .bearer_auth(&token)
            .header("Idempotency-Key", "first-try")
            .json(&generate_body(idea_id))
            .send()
    };
    let res = generate().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let created: Value = res.json().await.unwrap();
    assert_eq!((created["status"].as_str(), created["cost"].as_i64()), (Some("generating"), Some(600)));
    let id = created["id"].as_i64().unwrap();

    // Watch it being written, to the end.
    let mut stream =
        c.get(s.url(&format!("/api/business-plan/{id}/stream"))).bearer_auth(&token).send().await.expect("stream");
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let events = read_events(&mut stream, Duration::from_secs(20), |e| e.iter().any(|e| e.name == "finished")).await;
    let names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"preview") && names.contains(&"stage_done"), "{names:?}");
    assert_eq!(events.last().unwrap().data["status"], "completed", "{names:?}");
    assert_ended(&mut stream).await;

    // The retried request finds the same plan and charges nothing more.
    let retried = generate().await.unwrap();
    assert_eq!(retried.json::<Value>().await.unwrap()["id"].as_i64(), Some(id));
    assert_eq!(credits(&s, &c, &token).await, 400);

    let view = plan(&s, &c, &token, id).await;
    assert_eq!(view["status"], "completed");
    assert_eq!(view["stages"].as_array().unwrap().len(), 5);
    assert_eq!(view["financials"]["years"].as_array().unwrap().len(), 3);
    assert_eq!(view["options"]["aiServices"].as_array().unwrap().len(), 5);

    let md = c.get(s.url(&format!("/api/business-plan/{id}/markdown"))).bearer_auth(&token).send().await.unwrap();
    assert_eq!(md.headers()["content-type"], "text/markdown; charset=utf-8");
    assert!(md.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let text = md.text().await.unwrap();
    assert!(text.contains("智能冰箱管理助手") && text.contains("财务模型"), "{text}");

    // Someone else sees nothing without the share link, everything with it.
    let other = register(&mut s, &c, 2).await;
    let hidden = c.get(s.url(&format!("/api/business-plan/{id}"))).bearer_auth(&other).send().await.unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let share = view["shareToken"].as_str().unwrap();
    let shared = c.get(s.url(&format!("/api/business-plan/{id}?share={share}"))).send().await.unwrap();
    assert_eq!(shared.status(), 200);
    let page = c.get(s.url(&format!("/plans/{id}?share={share}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("智能冰箱管理助手") && page.contains("财务模型"), "the plan page renders on the server");
    // A shared link shows the plan's title and the idea's card, and names the share address.
    assert!(page.contains(r#"<meta property="og:title" content="商业计划书：智能冰箱管理助手""#), "og:title");
    assert!(page.contains(&format!(r#"/ideas/{idea_id}/card.png""#)), "og:image");
    assert!(page.contains(&format!(r#"/plans/{id}?share={share}" rel="canonical""#)), "canonical");

    // Not enough credits left for a second detailed plan: 402, nothing charged or created.
    let poor = c.post(s.url("/api/business-plan/generate")).bearer_auth(&token).json(&generate_body(idea_id)).send();
    let poor = poor.await.unwrap();
    assert_eq!(poor.status(), StatusCode::PAYMENT_REQUIRED);
    assert_eq!(poor.json::<Value>().await.unwrap()["error"]["code"], "insufficient_credits");
    assert_eq!(credits(&s, &c, &token).await, 400);
    let mine = get_json(&s, &c, &format!("/api/ideas/{idea_id}/plans"), &token).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    s.stop().await;
}

async fn a_plan_survives_the_server_being_killed(backend: Backend) {
    // Each offline stage takes 2 s to write, so the kill lands mid-plan.
    let env = [("PLAN_OFFLINE_PACE_MS", "2000"), ("PLAN_LEASE_SECS", "3")];
    let mut first = TestServer::start_binary_with(backend, &env).await;
    let c = reqwest::Client::new();
    let token = register(&mut first, &c, 3).await;
    let idea_id = submit_idea(&first, &c, &token, idea()).await;
    let res = c
        .post(first.url("/api/business-plan/generate"))
        .bearer_auth(&token)
        .json(&json!({"ideaId": idea_id, "options": {"detailed": false}}))
        .send()
        .await
        .unwrap();
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let mut stream = c.get(first.url(&format!("/api/business-plan/{id}/stream"))).bearer_auth(&token).send().await;
    let events = read_events(stream.as_mut().unwrap(), Duration::from_secs(10), |e| {
        e.iter().any(|e| e.name == "stage_done" && e.data["stage"] == "parse")
    })
    .await;
    assert!(events.iter().any(|e| e.name == "stage_done"), "the first stage finished before the kill");
    let parse_before = plan(&first, &c, &token, id).await["stages"][0].clone();
    first.kill();

    // Sessions live in process on the embedded default: sign in again on the new instance.
    let second = TestServer::start_beside(&first, &env).await;
    let login: Value = c
        .post(second.url("/api/auth/login"))
        .json(&json!({"login": "user3", "password": "tea-garden-2026"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    let view = loop {
        let v = plan(&second, &c, &token, id).await;
        if v["status"] != "generating" {
            break v;
        }
        assert!(Instant::now() < deadline, "the plan never finished after the restart: {v}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(view["status"], "completed");
    assert_eq!(view["stages"][0], parse_before, "the finished stage was kept as it was");
    assert_eq!(credits(&second, &c, &token).await, 800, "charged exactly once");
    second.stop().await;
    first.stop().await;
}
