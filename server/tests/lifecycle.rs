//! The server's life: a graceful shutdown on SIGTERM (requests in flight finish, live streams
//! end so their clients reconnect elsewhere, new connections are refused, nothing is lost),
//! and production mode refusing each unsafe setting by name.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Backend, TestServer, register, submit_idea};
use testkit::both_backends;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

both_backends!(sigterm_finishes_requests_in_flight_and_ends_live_streams, pages_left_mid_render_cause_no_panic);

async fn metric(s: &TestServer, name: &str) -> String {
    let text = reqwest::get(s.url("/metrics")).await.expect("metrics").text().await.expect("text");
    text.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_owned()
}

async fn sigterm_finishes_requests_in_flight_and_ends_live_streams(backend: Backend) {
    let mut s = TestServer::start_binary_with(backend, &[("WORKER", "off")]).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 90).await;
    let idea = json!({"title": "社区共享工具间", "description": "把邻居闲置的工具集中起来按次借用，押金走信用分", "category": "lifestyle", "tags": ["共享"]});
    let id = submit_idea(&s, &c, &token, idea).await;
    assert_eq!(c.get(s.url(&format!("/ideas/{id}"))).send().await.expect("page").status(), 200, "one view");
    let mut stream = c.get(s.url(&format!("/api/ideas/{id}/stream"))).send().await.expect("stream");
    assert_eq!(stream.status(), 200);
    assert_eq!(metric(&s, "aimarket_sse_streams").await, "aimarket_sse_streams 1");

    // A request whose body is still arriving when the signal comes.
    let body = json!({"title": "旧书漂流站", "description": "小区门口的旧书交换柜，扫码登记，借一还一", "category": "education", "tags": []})
        .to_string();
    let addr = s.base.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    let head = format!(
        "POST /api/ideas HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.expect("head");
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    slow.write_all(first).await.expect("first half");
    tokio::time::sleep(Duration::from_millis(200)).await;

    s.terminate();
    // The live stream ends at once, so its client can reconnect to another instance.
    let ended =
        tokio::time::timeout(Duration::from_secs(5), async { while stream.chunk().await.ok().flatten().is_some() {} })
            .await;
    assert!(ended.is_ok(), "the stream ended after SIGTERM");
    s.wait_for_line(|l| l.contains("shutdown signal received"), Duration::from_secs(5)).await;
    // New connections are refused while the request in flight is still being served (the
    // listener closes a moment after the log line; until then the kernel still queues connects)...
    let refusing = tokio::time::timeout(Duration::from_secs(3), async {
        while tokio::net::TcpStream::connect(&addr).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(refusing.is_ok(), "no new connections after SIGTERM");
    // ...and it completes.
    slow.write_all(rest).await.expect("second half");
    let mut answer = String::new();
    slow.read_to_string(&mut answer).await.expect("answer");
    assert!(answer.starts_with("HTTP/1.1 201"), "the request in flight was served: {answer}");

    let status = s.wait_exit(Duration::from_secs(15)).await;
    assert!(status.success(), "a clean exit: {status}");
    assert!(s.log_lines().iter().any(|l| l.contains("\"stopped\"")), "it says so");

    // Nothing was lost: another instance on the same stores lists both ideas.
    let next = TestServer::start_beside(&s, &[("WORKER", "off")]).await;
    let list: serde_json::Value = reqwest::get(next.url("/api/ideas")).await.expect("list").json().await.expect("json");
    let titles: Vec<&str> =
        list["items"].as_array().expect("items").iter().filter_map(|i| i["title"].as_str()).collect();
    assert!(titles.contains(&"旧书漂流站") && titles.contains(&"社区共享工具间"), "{titles:?}");
    let detail: serde_json::Value =
        reqwest::get(next.url(&format!("/api/ideas/{id}"))).await.expect("idea").json().await.expect("json");
    assert_eq!(detail["views"], 2, "the view counted before the shutdown was written, plus this one");
    next.stop().await;
    s.stop().await;
}

/// A visitor who leaves while a page renders (a closed tab, a second click) must not leave the
/// render half done: Leptos would then run on with disposed values and panic.
async fn pages_left_mid_render_cause_no_panic(backend: Backend) {
    let mut s = TestServer::start_binary_with(backend, &[("WORKER", "off")]).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 91).await;
    let idea = json!({"title": "楼道快递柜", "description": "老小区楼道里的共享快递柜，居民扫码取件，按月付费", "category": "lifestyle", "tags": []});
    let id = submit_idea(&s, &c, &token, idea).await;
    let addr = s.base.trim_start_matches("http://").to_owned();
    for path in [format!("/ideas/{id}"), "/credits".to_owned(), "/".to_owned()] {
        // Gone at various moments of the render.
        for wait_micros in (0..12_000).step_by(400) {
            let mut socket = tokio::net::TcpStream::connect(&addr).await.expect("connect");
            let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n");
            socket.write_all(request.as_bytes()).await.expect("request");
            tokio::time::sleep(Duration::from_micros(wait_micros)).await;
            drop(socket);
        }
    }
    // The pages still render for those who stay, and nothing panicked meanwhile.
    let page = c.get(s.url(&format!("/ideas/{id}"))).bearer_auth(&token).send().await.expect("page");
    assert_eq!(page.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let panics: Vec<String> = s.log_lines().into_iter().filter(|l| l.contains("panicked")).collect();
    assert!(panics.is_empty(), "{panics:#?}");
    s.stop().await;
}

/// Runs the binary with `env` (and nothing from this process's environment but PATH) and
/// returns its exit code and what it printed to stderr.
fn start_with_only(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("aim-prod-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ai-market"))
        .current_dir(&dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    let _ = std::fs::remove_dir_all(&dir);
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn production_refuses_each_unsafe_setting_by_name() {
    let (code, stderr) = start_with_only(&[("APP_ENV", "production"), ("COOKIE_SECURE", "false")]);
    assert_eq!(code, Some(2), "refused before touching anything: {stderr}");
    for setting in [
        "DATABASE_URL",
        "REDIS_URL",
        "COOKIE_SECURE=false",
        "SMS_PROVIDER=log",
        "ALIBABA_SMS_ACCESS_KEY_ID",
        "ALIBABA_SMS_ACCESS_KEY_SECRET",
        "ALIBABA_SMS_SIGN_NAME",
        "ALIBABA_SMS_TEMPLATE_CODE",
        "MAIL_PROVIDER=log",
        "PUBLIC_URL",
        "PAYMENT_PROVIDER=dev",
    ] {
        assert!(
            stderr.lines().any(|l| l.starts_with("配置错误") && l.contains(setting)),
            "{setting} not named:\n{stderr}"
        );
    }

    // Every setting safe: the configuration passes, and the start fails only at the (absent) database.
    let (app, alipay) = (testkit::alipay::KeyPair::generate(), testkit::alipay::KeyPair::generate());
    let (code, stderr) = start_with_only(&[
        ("PAYMENT_PROVIDER", "alipay"),
        ("ALIPAY_APP_ID", "2021000000000001"),
        ("ALIPAY_APP_PRIVATE_KEY", &app.private_pem),
        ("ALIPAY_PUBLIC_KEY", &alipay.public_pem),
        ("APP_ENV", "production"),
        ("DATABASE_URL", "mysql://app@127.0.0.1:1/ai_market"),
        ("REDIS_URL", "redis://127.0.0.1:1"),
        ("SMS_PROVIDER", "alibaba"),
        ("ALIBABA_SMS_ACCESS_KEY_ID", "LTAI-test"),
        ("ALIBABA_SMS_ACCESS_KEY_SECRET", "secret-never-printed"),
        ("ALIBABA_SMS_SIGN_NAME", "AI市场"),
        ("ALIBABA_SMS_TEMPLATE_CODE", "SMS_0001"),
        ("PUBLIC_URL", "https://aimarket.example.com"),
        ("MAIL_PROVIDER", "smtp"),
        ("SMTP_HOST", "127.0.0.1"),
        ("MAIL_FROM", "noreply@aimarket.example.com"),
        ("ATTACHMENT_STORE", "local"),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("配置错误"), "the configuration is accepted: {stderr}");
    assert!(stderr.contains("MySQL"), "it names what it could not reach: {stderr}");
    assert!(!stderr.contains("secret-never-printed"));
    assert!(!stderr.contains(&app.private_pem[40..80]), "nor the app's private key");
}
