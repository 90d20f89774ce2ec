//! A member's account over the real server: a forgotten password, the data export, and consent
//! to the terms, on SQLite + in-process cache and on MariaDB + Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, client, error_of, get_json, register};
use testkit::both_backends;

both_backends!(
    a_forgotten_password_is_reset_over_the_api,
    the_member_downloads_their_data,
    consent_is_asked_on_the_pages_until_given,
);

/// `POST /api/auth/password-reset` with the code sent to the account's phone: the old password,
/// the session and the API token stop working, the new password signs in.
async fn a_forgotten_password_is_reset_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 7).await;
    let phone = "13900000007";
    // Registration spent the code; the test skips the minute before another may be sent.
    s.market().cache.del(&format!("sms:cooldown:{phone}")).await.expect("cache");
    let sent = c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": phone})).send().await.expect("send");
    assert_eq!(sent.status(), StatusCode::OK);
    let code = s.sms_code(phone).await;
    let reset = |body: Value| c.post(s.url("/api/auth/password-reset")).json(&body).send();
    let (status, err) =
        error_of(reset(json!({"phone": phone, "smsCode": code, "newPassword": "short"})).await.expect("reset")).await;
    assert_eq!((status, err["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("newPassword")));
    assert!(err["fields"][0]["message"].as_str().is_some_and(|m| m.contains("密码")), "{err}");
    let done =
        reset(json!({"phone": phone, "smsCode": code, "newPassword": "new-tea-garden-2027"})).await.expect("reset");
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        c.get(s.url("/api/me")).bearer_auth(&token).send().await.expect("me").status(),
        StatusCode::UNAUTHORIZED
    );
    let login =
        |password: &str| c.post(s.url("/api/auth/login")).json(&json!({"login": "user7", "password": password})).send();
    assert_eq!(login("tea-garden-2026").await.expect("login").status(), StatusCode::UNAUTHORIZED);
    assert_eq!(login("new-tea-garden-2027").await.expect("login").status(), StatusCode::OK);
    s.stop().await;
}

/// `GET /api/me/export`: the member's data as a JSON attachment; only for the signed in.
async fn the_member_downloads_their_data(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 8).await;
    let anonymous = reqwest::Client::new().get(s.url("/api/me/export")).send().await.expect("export");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let res = c.get(s.url("/api/me/export")).bearer_auth(&token).send().await.expect("export");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/json");
    let disposition = res.headers()["content-disposition"].to_str().expect("ascii").to_owned();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''ai-market-user8.json"),
        "{disposition}"
    );
    let export: Value = res.json().await.expect("json");
    assert_eq!(export["account"]["username"], "user8");
    assert_eq!(export["ledger"][0]["reason"], "signup_bonus");
    assert_eq!(export["ideas"], json!([]));
    s.stop().await;
}

/// A member registered through the API without `acceptTerms` (the original plan's body) is asked
/// on every page until `POST /api/me/terms`; the terms and the privacy policy are pages.
async fn consent_is_asked_on_the_pages_until_given(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 9).await;
    let me: Value = get_json(&s, &c, "/api/me", &token).await;
    assert_eq!(me["terms_accepted"], false);
    // A browser of its own: signing in ends the session its cookie jar carried.
    let browser = client(&s);
    let login =
        browser.post(s.url("/api/auth/login")).json(&json!({"login": "user9", "password": "tea-garden-2026"})).send();
    assert_eq!(login.await.expect("login").status(), StatusCode::OK);
    let home = browser.get(s.url("/")).send().await.expect("page").text().await.expect("html");
    assert!(home.contains("data-testid=\"consent-banner\""), "asked on the page");
    let accepted = c.post(s.url("/api/me/terms")).bearer_auth(&token).send().await.expect("accept");
    assert_eq!(accepted.status(), StatusCode::OK);
    assert_eq!(accepted.json::<Value>().await.expect("json")["terms_accepted"], true);
    let home = browser.get(s.url("/")).send().await.expect("page").text().await.expect("html");
    assert!(!home.contains("consent-banner"), "not asked again");
    for (path, title) in [("/terms", "用户协议"), ("/privacy", "隐私政策")] {
        let page = c.get(s.url(path)).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert!(html.contains(title) && html.contains(model::TERMS_VERSION), "{path}");
    }
    s.stop().await;
}
