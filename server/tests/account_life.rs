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
    an_account_is_closed_over_the_api,
    an_email_is_verified_over_the_api,
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
    // The real binary: rendered in-process beside the other tests of this file, the first page
    // with the banner hung about once in 13 runs (the server idle, the response never sent);
    // not seen in the binary or in Chromium. Kept apart until the cause is found.
    let mut s = TestServer::start_binary(backend).await;
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

/// 注销 over the API: the password, then signed out everywhere; signing in within the cooling-off
/// cancels it and says so.
async fn an_account_is_closed_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    let close = |password: &str| {
        c.post(s.url("/api/me/close")).bearer_auth(&token).json(&json!({"currentPassword": password})).send()
    };
    let (status, err) = error_of(close("not it").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["fields"][0]["field"], "currentPassword");
    assert_eq!(err["fields"][0]["message"], "当前密码不正确");
    let res = close("tea-garden-2026").await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    let body: Value = res.json().await.unwrap();
    assert!(body["eraseAt"].as_str().is_some(), "{body}");
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&token).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    let login = c.post(s.url("/api/auth/login")).json(&json!({"login": "user1", "password": "tea-garden-2026"})).send();
    let back: Value = login.await.unwrap().json().await.unwrap();
    assert_eq!(back["closing_cancelled"], true, "{back}");
    let again = c.post(s.url("/api/auth/login")).json(&json!({"login": "user1", "password": "tea-garden-2026"})).send();
    let again: Value = again.await.unwrap().json().await.unwrap();
    assert!(again.get("closing_cancelled").is_none(), "said once: {again}");
    s.stop().await;
}

/// The link mailed at registration verifies the address over the API, without a session; a bad
/// token gets a clear Chinese refusal.
async fn an_email_is_verified_over_the_api(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    assert_eq!(get_json(&s, &c, "/api/me", &token).await["email_verified"], false);
    let mail = s.market().mailer.last_to("user1@example.com").expect("mailed at registration");
    let (_, link) = mail.body.split_once("/verify-email?token=").expect("a link");
    let link: String = link.chars().take_while(char::is_ascii_hexdigit).collect();

    let anonymous = reqwest::Client::new();
    let verify = |token: &str| anonymous.post(s.url("/api/auth/verify-email")).json(&json!({"token": token})).send();
    let (status, err) = error_of(verify("0000").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err["fields"][0]["message"].as_str().unwrap().contains("验证链接无效或已过期"), "{err}");
    let done: Value = verify(&link).await.unwrap().json().await.unwrap();
    assert_eq!(done["email"], "user1@example.com");
    assert_eq!(get_json(&s, &c, "/api/me", &token).await["email_verified"], true);
    let resend = c.post(s.url("/api/me/email/verification")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resend.status(), StatusCode::UNPROCESSABLE_ENTITY, "already verified");
    s.stop().await;
}
