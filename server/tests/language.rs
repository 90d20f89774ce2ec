//! The language of the interface over HTTP on both backends: pages follow the language cookie,
//! the header's switch sets it (and only ever sends the browser back to this site), and a
//! member's choice is kept with the account and comes back with a sign-in. Errors are written in
//! the caller's language: the cookie's, else (the REST API) the first of `Accept-Language`.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, ORIGIN, SET_COOKIE};
use serde_json::{Value, json};
use support::{Backend, TestServer, client, register};
use testkit::both_backends;

both_backends!(pages_follow_the_language_cookie_and_members_keep_their_choice, errors_answer_in_the_callers_language);

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

const ENGLISH_COOKIE: (&str, &str) = ("cookie", "ai_market_lang=en");
const ENGLISH_BROWSER: (&str, &str) = ("accept-language", "en-US,en;q=0.9,zh-CN;q=0.8");

/// The `error` of an API refusal sent with `headers`, and its status.
async fn refusal(req: reqwest::RequestBuilder, headers: &[(&str, &str)]) -> (StatusCode, Value) {
    let req = headers.iter().fold(req, |req, (name, value)| req.header(*name, *value));
    let res = req.send().await.unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    (status, body["error"].clone())
}

async fn errors_answer_in_the_callers_language(backend: Backend) {
    let s = TestServer::start(backend).await;
    let c = reqwest::Client::new();
    let bad = json!({"username": "ab", "email": "x", "password": "123", "phone": "1", "smsCode": "x"});
    let register = || c.post(s.url("/api/auth/register")).json(&bad);
    let me = || c.get(s.url("/api/me"));
    for english in [
        &[ENGLISH_COOKIE][..],
        &[ENGLISH_BROWSER],
        &[("cookie", "x=1; ai_market_lang=en"), ("accept-language", "zh-CN")],
    ] {
        let (status, error) = refusal(register(), english).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["message"], "Please check the fields marked in red", "{english:?}: {error}");
        let field = |name: &str| {
            error["fields"].as_array().unwrap().iter().find(|f| f["field"] == name).unwrap()["message"].clone()
        };
        assert_eq!(field("username"), "Usernames are 3–20 characters long");
        assert_eq!(field("phone"), "Please enter a valid mainland China mobile number");
        let (status, error) = refusal(me(), english).await;
        assert_eq!((status, error["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));
        assert_eq!(error["message"], "Please sign in first", "{english:?}");
    }
    for chinese in
        [&[][..], &[("accept-language", "zh-CN,en;q=0.9")], &[("cookie", "ai_market_lang=zh-CN"), ENGLISH_BROWSER]]
    {
        let (_, error) = refusal(register(), chinese).await;
        assert_eq!(error["message"], "请检查标红的字段", "{chinese:?}: {error}");
        assert_eq!(error["fields"][0], json!({"field": "username", "message": "用户名需 3–20 个字符"}));
        let (_, error) = refusal(me(), chinese).await;
        assert_eq!(error["message"], "请先登录", "{chinese:?}");
    }
    let (_, error) = refusal(c.get(s.url("/api/nowhere")), &[ENGLISH_BROWSER]).await;
    assert_eq!(error["message"], "There is no such endpoint", "the API's own refusals too");

    // The pages' server functions follow the page's language, the cookie's.
    let server_fn = |url: &str, form: &str, cookie: Option<&str>| {
        let req = c
            .post(s.url(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header(ORIGIN, s.url(""))
            .body(form.to_owned());
        let req = match cookie {
            Some(cookie) => req.header("cookie", cookie),
            None => req,
        };
        async move {
            let res = req.send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    let form = "username=ab&email=x&password=123&phone=1&sms_code=x&accept_terms=on";
    let (status, text) = server_fn(app::server_fns::accounts::Register::url(), form, Some("ai_market_lang=en")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("Usernames are 3–20 characters long") && !text.contains("用户名"), "{text}");
    let (_, text) = server_fn(app::server_fns::accounts::Register::url(), form, None).await;
    assert!(text.contains("用户名需 3–20 个字符"), "{text}");
    let (status, text) =
        server_fn(app::server_fns::notifications::ReadAllNotices::url(), "", Some("ai_market_lang=en")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{text}");
    assert!(text.contains("Please sign in first"), "{text}");
    let (_, text) = server_fn(app::server_fns::notifications::ReadAllNotices::url(), "", None).await;
    assert!(text.contains("请先登录"), "{text}");
    let forged = c
        .post(s.url(app::server_fns::accounts::Register::url()))
        .header("content-type", "application/x-www-form-urlencoded");
    let (status, error) =
        refusal(forged.body(form), &[ENGLISH_COOKIE, (ORIGIN.as_str(), "https://evil.example")]).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::FORBIDDEN, Some("csrf")));
    assert!(error["message"].as_str().is_some_and(|m| m.contains("does not trust")), "{error}");
    s.stop().await;
}
