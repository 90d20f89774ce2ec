//! The real server over HTTP, on SQLite + in-process cache and on MariaDB + Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, client, error_of, register};
use testkit::both_backends;

both_backends!(
    accounts_over_the_api,
    bad_input_gets_clear_json_errors,
    ideas_over_the_api,
    pages_render_on_the_server,
    sign_in_details_change_after_the_password,
    every_documented_operation_is_served,
);

async fn accounts_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;

    let me: Value = c.get(s.url("/api/me")).bearer_auth(&token).send().await.expect("me").json().await.expect("json");
    assert_eq!(me["username"], "user1");
    assert_eq!(me["credits"], 1000);

    // Duplicate username names the field.
    c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": "13900000002"})).send().await.expect("send");
    let code = s.sms_code("13900000002").await;
    let res = c
        .post(s.url("/api/auth/register"))
        .json(&json!({"username": "USER1", "email": "other@example.com", "password": "tea-garden-2026", "phone": "13900000002", "smsCode": code}))
        .send()
        .await
        .expect("register");
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["fields"][0]["field"], "username");

    // A second code within a minute: 429 with Retry-After.
    let res = c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": "13900000002"})).send().await.expect("send");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=60).contains(&retry));

    // Login by email sets an HttpOnly cookie that authenticates the browser.
    let browser = client(&s);
    let res = browser
        .post(s.url("/api/auth/login"))
        .json(&json!({"login": "user1@example.com", "password": "tea-garden-2026"}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert_eq!(browser.get(s.url("/api/me")).send().await.expect("me").status(), 200);
    assert_eq!(browser.post(s.url("/api/auth/logout")).send().await.expect("logout").status(), 204);
    assert_eq!(browser.get(s.url("/api/me")).send().await.expect("me").status(), 401);
    // The API token is another session and lives on.
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&token).send().await.expect("me").status(), 200);

    let res = c
        .post(s.url("/api/auth/login"))
        .json(&json!({"login": "user1", "password": "wrong-password"}))
        .send()
        .await
        .expect("login");
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("bad_credentials")));

    // Clients that name the field as registration does are understood: `username` or `email`
    // in place of `login`; two of them at once is a clear refusal.
    for body in [
        json!({"username": "user1", "password": "tea-garden-2026"}),
        json!({"email": "User1@Example.com", "password": "tea-garden-2026"}),
    ] {
        let res = c.post(s.url("/api/auth/login")).json(&body).send().await.expect("login");
        assert_eq!(res.status(), 200, "{body}");
        let signed_in: Value = res.json().await.expect("json");
        assert_eq!(signed_in["user"]["username"], "user1", "{body}");
    }
    let both = json!({"username": "user1", "login": "user1", "password": "tea-garden-2026"});
    let (status, err) = error_of(c.post(s.url("/api/auth/login")).json(&both).send().await.expect("login")).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_field")), "{err}");
    s.stop().await;
}

async fn bad_input_gets_clear_json_errors(backend: Backend) {
    let mut s = TestServer::start_binary(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 3).await;
    let post = |path: &str| c.post(s.url(path)).bearer_auth(&token);

    let (status, err) = error_of(
        post("/api/ideas").header("content-type", "application/json").body("{not json").send().await.expect("send"),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed")));
    let (status, _) = error_of(post("/api/ideas").body("title=x").send().await.expect("send")).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, _) = error_of(post("/api/ideas").json(&json!({"title": 5})).send().await.expect("send")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = "长".repeat(100_000);
    let res = post("/api/ideas")
        .json(&json!({"title": "t", "description": huge, "category": "tech"}))
        .send()
        .await
        .expect("send");
    assert_eq!(
        res.headers().get("connection").map(|v| v.as_bytes()),
        Some(&b"close"[..]),
        "the unread connection is not reused"
    );
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));

    let (status, err) = error_of(
        post("/api/ideas")
            .json(&json!({"title": "ab", "description": "短", "category": "cooking", "tags": ["a,b"]}))
            .send()
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        err["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["title", "description", "category", "tags"]);

    let (status, _) = error_of(client(&s).post(s.url("/api/ideas")).json(&json!({})).send().await.expect("send")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no token");
    let (status, _) = error_of(c.get(s.url("/api/me")).bearer_auth("forged-token").send().await.expect("send")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for path in
        ["/api/ideas/abc", "/api/ideas/0", "/api/ideas/99999999999999999999", "/api/ideas/424242", "/api/nothing/here"]
    {
        let (status, _) = error_of(c.get(s.url(path)).send().await.expect("send")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    // A known path with a method it does not take: 405 in the same shape, naming what it takes.
    let res = c.put(s.url("/api/ideas")).bearer_auth(&token).send().await.expect("send");
    let allow = res.headers().get("allow").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["code"].as_str()), (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed")));
    assert!(allow.contains("GET") && allow.contains("POST"), "Allow: {allow}");
    let (status, err) = error_of(c.get(s.url("/api/ideas?sort=best&page=-3")).send().await.expect("send")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["fields"].as_array().map(Vec::len), Some(2));

    // Odd but well-formed input never produces a 500.
    let odd = [
        json!({"phone": "１３８００１３８０００"}),
        json!({"phone": "13800138000'; DROP TABLE users; --"}),
        json!({"username": "\u{0000}", "email": "@", "password": "", "phone": "", "smsCode": "💥💥💥💥💥💥"}),
        json!({"login": "' OR 1=1 --", "password": "x"}),
        json!({"title": "\u{202e}标题标题", "description": "描述".repeat(20), "category": "tech", "tags": ["𝕏".repeat(20)]}),
        json!(null),
        json!([1, 2, 3]),
    ];
    for path in ["/api/auth/sms-code", "/api/auth/register", "/api/auth/login", "/api/ideas"] {
        for body in &odd {
            let res = post(path).json(body).send().await.expect("send");
            assert!(res.status().is_client_error() || res.status().is_success(), "{path} {body} -> {}", res.status());
        }
    }
    assert!(!s.log_lines().iter().any(|l| l.contains("\"level\":\"ERROR\"")), "no internal errors logged");
    s.stop().await;
}

async fn ideas_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 5).await;
    // The original plan's example body.
    let res = c
        .post(s.url("/api/ideas"))
        .bearer_auth(&token)
        .json(&json!({"title": "智能冰箱管理助手", "description": "通过摄像头识别冰箱里的食材，提醒保质期并推荐菜谱，减少家庭食物浪费。", "category": "tech", "tags": ["AI", "IoT", "智能家居"]}))
        .send()
        .await
        .expect("create");
    assert_eq!(res.status(), StatusCode::CREATED);
    let idea: Value = res.json().await.expect("json");
    assert_eq!(idea["status"], "pending");
    let id = idea["id"].as_i64().expect("id");

    let list: Value = c
        .get(s.url("/api/ideas?category=tech&search=冰箱&sort=hottest"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id);
    let none: Value =
        c.get(s.url("/api/ideas?category=health")).send().await.expect("list").json().await.expect("json");
    assert_eq!(none["total"], 0);

    let like = |method: reqwest::Method| c.request(method, s.url(&format!("/api/ideas/{id}/like"))).bearer_auth(&token);
    let liked: Value = like(reqwest::Method::POST).send().await.expect("like").json().await.expect("json");
    assert_eq!(liked, json!({"liked": true, "likes": 1}));
    let again: Value = like(reqwest::Method::POST).send().await.expect("like").json().await.expect("json");
    assert_eq!(again["likes"], 1);
    let detail: Value = c
        .get(s.url(&format!("/api/ideas/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!((detail["liked"].as_bool(), detail["views"].as_i64()), (Some(true), Some(1)));
    let list: Value = c.get(s.url("/api/ideas")).send().await.expect("list").json().await.expect("json");
    assert_eq!(list["items"][0]["likes"], 1, "the list cache was invalidated by the like");
    let unliked: Value = like(reqwest::Method::DELETE).send().await.expect("unlike").json().await.expect("json");
    assert_eq!(unliked, json!({"liked": false, "likes": 0}));
    let anon = client(&s).post(s.url(&format!("/api/ideas/{id}/like"))).send().await.expect("like");
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    s.stop().await;
}

async fn pages_render_on_the_server(backend: Backend) {
    // No worker: the idea must still be pending when its page is rendered.
    let mut s = TestServer::start_binary_with(backend, &[("WORKER", "off")]).await;
    let c = client(&s);
    let empty = c.get(s.url("/")).send().await.expect("home").text().await.expect("html");
    assert!(empty.contains("还没有人提交创意"), "empty state");
    let token = register(&mut s, &c, 7).await;
    let res = c
        .post(s.url("/api/ideas"))
        .bearer_auth(&token)
        .json(&json!({"title": "<script>alert(1)</script>宠物社交", "description": "让附近的宠物主人互相认识，一起遛狗、交换寄养，还能分享兽医评价。", "category": "lifestyle", "tags": ["宠物"]}))
        .send()
        .await
        .expect("create");
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");

    // The list is in the HTML itself: readable without JavaScript, and escaped.
    let home = c.get(s.url("/?category=lifestyle")).send().await.expect("home").text().await.expect("html");
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;宠物社交"), "title rendered as text");
    assert!(!home.contains("<script>alert(1)"), "never as markup");
    assert!(home.contains(&format!("/ideas/{id}")));
    assert!(home.contains("/pkg/ai-market.js"), "hydration script linked");

    let page = c.get(s.url(&format!("/ideas/{id}"))).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("一起遛狗"), "description rendered");
    assert!(html.contains("分析中"), "status shown");
    let detail: Value =
        c.get(s.url(&format!("/api/ideas/{id}"))).send().await.expect("get").json().await.expect("json");
    assert_eq!(detail["views"], 2, "the page view and this read both count");

    let missing = c.get(s.url("/no-such-page")).send().await.expect("404");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.expect("html").contains("页面不存在"));
    // Signed in, the not-found page still renders the header with the user.
    let missing = c.get(s.url("/no-such-page")).bearer_auth(&token).send().await.expect("404");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.expect("html").contains("user7"), "the header shows who is signed in");
    assert!(!s.log_lines().iter().any(|l| l.contains("\"level\":\"ERROR\"")), "nothing went wrong on the way");
    s.stop().await;
}

/// `POST /api/me/email` and `/api/me/phone` ask for the password again; the phone also for the
/// code sent to the new number.
async fn sign_in_details_change_after_the_password(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 12).await;
    c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": "13900000099"})).send().await.expect("send");
    let code = s.sms_code("13900000099").await;
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&token).json(&body).send();
    let (status, err) = error_of(
        post("/api/me/email", json!({"currentPassword": "nope", "email": "x@example.com"})).await.expect("send"),
    )
    .await;
    assert_eq!(
        (status, err["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("currentPassword"))
    );
    let me: Value =
        post("/api/me/email", json!({"currentPassword": "tea-garden-2026", "email": "Renamed@Example.com"}))
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
    assert_eq!(me["email"], "renamed@example.com");

    let me: Value =
        post("/api/me/phone", json!({"currentPassword": "tea-garden-2026", "phone": "13900000099", "smsCode": code}))
            .await
            .expect("send")
            .json()
            .await
            .expect("json");
    assert_eq!(me["phone"], "13900000099");
    let (status, _) = error_of(
        post("/api/me/phone", json!({"currentPassword": "tea-garden-2026", "phone": "13900000099", "smsCode": code}))
            .await
            .expect("send"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the code is spent");
    s.stop().await;
}

/// The description served at `/api/openapi.json` names only what the router serves: each of its
/// operations, asked as a signed-in member about idea 1, reaches a handler (not the API's
/// fallback, nor a 405).
async fn every_documented_operation_is_served(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    let doc: Value = c.get(s.url("/api/openapi.json")).send().await.expect("spec").json().await.expect("json");
    let fallback: Value =
        c.get(s.url("/api/no-such-thing")).send().await.expect("fallback").json().await.expect("json");
    let mut asked = 0;
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            if path.ends_with("/password") || path.contains("logout") {
                continue; // they would end the session the other requests use; tested on their own
            }
            let url = s.url(&path.replace("{id}", "1"));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let res = c
                .request(method.clone(), url)
                .bearer_auth(&token)
                .timeout(std::time::Duration::from_secs(5))
                .send()
                .await;
            let res = res.expect("an answer");
            assert_ne!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            if res
                .headers()
                .get("content-type")
                .is_some_and(|t| t.to_str().is_ok_and(|t| t.starts_with("application/json")))
            {
                let body: Value = res.json().await.expect("json");
                assert_ne!(body, fallback, "{method} {path} reaches the fallback");
            }
            asked += 1;
        }
    }
    assert!(asked >= 28, "only {asked} operations asked");
}
