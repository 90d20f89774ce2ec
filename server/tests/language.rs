//! The language of the interface over HTTP on both backends: pages follow the language cookie,
//! the header's switch sets it (and only ever sends the browser back to this site), and a
//! member's choice is kept with the account and comes back with a sign-in.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, ORIGIN, SET_COOKIE};
use serde_json::{Value, json};
use support::{Backend, TestServer, client, register};
use testkit::both_backends;

both_backends!(pages_follow_the_language_cookie_and_members_keep_their_choice);

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

async fn page(s: &TestServer, path: &str, cookie: Option<&str>) -> String {
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(20)).build().unwrap();
    let mut req = client.get(s.url(path));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req.send().await.unwrap().text().await.unwrap()
}

async fn pages_follow_the_language_cookie_and_members_keep_their_choice(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;

    let chinese = page(&s, "/", None).await;
    assert!(chinese.contains(r#"<html lang="zh-CN""#), "Chinese by default");
    assert!(chinese.contains("创意广场") && !chinese.contains(">Sign in<"));
    let english = page(&s, "/", Some("ai_market_lang=en")).await;
    assert!(english.contains(r#"<html lang="en""#), "the cookie's language");
    assert!(english.contains(">Sign in<") && english.contains("Sell your idea to AI"), "{english}");
    assert!(english.contains("<title>Ideas · AI Idea Market</title>"));
    let unknown = page(&s, "/login", Some("ai_market_lang=<script>")).await;
    assert!(unknown.contains(r#"<html lang="zh-CN""#), "an unknown value is the default");

    // The switch: a plain form, back to where it was, never off the site.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers([(ORIGIN, s.url("").parse().unwrap())].into_iter().collect())
        .build()
        .unwrap();
    let switch = |lang: &str, next: &str| {
        browser
            .post(s.url(app::server_fns::accounts::SetLanguage::url()))
            .header("accept", "text/html")
            .form(&[("lang", lang), ("next", next)])
            .send()
    };
    let res = switch("en", "/ideas?sort=hottest").await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[LOCATION], "/ideas?sort=hottest");
    let cookies = set_cookies(&res);
    assert!(
        cookies.iter().any(|c| c.starts_with("ai_market_lang=en;") && c.contains("Max-Age=31536000")),
        "{cookies:?}"
    );
    for hostile in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let res = switch("zh-CN", hostile).await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/", "{hostile}");
    }
    let refused = switch("klingon", "/").await.unwrap();
    assert!(!refused.status().is_success() && !refused.status().is_redirection(), "{}", refused.status());
    assert!(set_cookies(&refused).is_empty());

    // A member's choice, through the API, is kept and comes back with the next sign-in.
    let chosen =
        c.post(s.url("/api/me/language")).bearer_auth(&token).json(&json!({"language": "en"})).send().await.unwrap();
    assert_eq!(chosen.status(), StatusCode::OK);
    assert!(set_cookies(&chosen).iter().any(|c| c.starts_with("ai_market_lang=en;")));
    assert_eq!(chosen.json::<Value>().await.unwrap()["language"], "en");
    let bad =
        c.post(s.url("/api/me/language")).bearer_auth(&token).json(&json!({"language": "fr"})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let elsewhere = reqwest::Client::new()
        .post(s.url("/api/auth/login"))
        .json(&json!({"login": "user1", "password": "tea-garden-2026"}))
        .send()
        .await
        .unwrap();
    assert!(set_cookies(&elsewhere).iter().any(|c| c.starts_with("ai_market_lang=en;")), "restored at sign-in");
    assert_eq!(elsewhere.json::<Value>().await.unwrap()["user"]["language"], "en");
    s.stop().await;
}
