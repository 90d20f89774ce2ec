//! Security headers on every answer, and the CSRF guard on cookie-authenticated writes (REST and
//! server functions alike), against the real binary. Neither depends on the stores, so these run
//! on the embedded default only.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, register, submit_idea};

/// Files served beside pages rendering at the same moment leave the pages their own policy.
/// (Leptos' file handler served each file under a reactive owner that could be a rendering
/// page's, took that page's response headers and left the page with the strict policy, which
/// blocked its stylesheet: 67 to 82 pages of these 300 before the fix.)
#[tokio::test]
async fn pages_keep_their_policy_while_files_are_served_beside_them() {
    let site = std::env::temp_dir().join(format!("aim-site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).expect("site");
    std::fs::write(site.join("pkg/island.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    // The binary, multi-threaded as in production.
    let s =
        TestServer::start_binary_with(Backend::Embedded, &[("SITE_ROOT", site.to_str().expect("utf-8 path"))]).await;
    // Every request must be answered; a hung one fails here rather than holding the suite.
    let c = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().expect("client");
    let (mut files, mut pages) = (tokio::task::JoinSet::new(), tokio::task::JoinSet::new());
    for _ in 0..30 {
        for _ in 0..40 {
            let (c, url) = (c.clone(), s.url("/pkg/island.wasm"));
            files.spawn(async move { c.get(url).send().await.map(|r| r.status()) });
        }
        for _ in 0..10 {
            let (c, url) = (c.clone(), s.url("/login"));
            pages.spawn(async move {
                let page = c.get(url).send().await.expect("page");
                page.headers()["content-security-policy"].to_str().expect("ascii").to_owned()
            });
        }
        tokio::task::yield_now().await;
    }
    let policies = pages.join_all().await;
    let strict = policies.iter().filter(|p| !p.contains("'nonce-")).count();
    assert_eq!(strict, 0, "{strict} of {} pages went out without their own policy", policies.len());
    for status in files.join_all().await {
        assert_eq!(status.expect("file"), StatusCode::OK);
    }
    s.stop().await;
    let _ = std::fs::remove_dir_all(&site);
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_and_everything_the_basic_headers() {
    let s = TestServer::start(Backend::Embedded).await;
    let c = reqwest::Client::new();
    let page = c.get(s.url("/")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "a real nonce: {nonce}");
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'") && !csp.contains("'unsafe-eval'")
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
    ] {
        assert_eq!(page.headers()[name], value, "{name}");
    }
    assert!(page.headers().get("strict-transport-security").is_none(), "HSTS only in production, behind HTTPS");
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the policy's nonce");
    // Each page gets its own nonce.
    let again = c.get(s.url("/")).send().await.unwrap();
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(nonce));

    let api = c.get(s.url("/api/ideas")).send().await.unwrap();
    assert!(api.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    let missing = c.get(s.url("/api/nothing-here")).send().await.unwrap();
    assert_eq!(
        (missing.status(), &missing.headers()["x-frame-options"]),
        (StatusCode::NOT_FOUND, &"DENY".parse().unwrap())
    );
    s.stop().await;
}

#[tokio::test]
async fn cookie_authenticated_writes_must_come_from_this_site() {
    let mut s = TestServer::start_with(Backend::Embedded, &[("ALLOWED_ORIGINS", "https://admin.example.cn")]).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 1).await;
    let cookie = format!("ai_market_session={token}");
    let this_site = s.url("");
    let idea = json!({"title": "跨站请求测试", "description": "检查只有本站页面发起的、依靠 Cookie 的写请求才会被接受。", "category": "tech", "tags": []});
    let post = |origin: Option<&str>| {
        let req = c.post(s.url("/api/ideas")).header("cookie", &cookie).json(&idea);
        match origin {
            Some(o) => req.header("origin", o),
            None => req,
        }
    };

    for refused in [None, Some("http://evil.example.cn"), Some("null")] {
        let res = post(refused).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "origin {refused:?}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "csrf");
    }
    assert_eq!(post(Some(this_site.trim_end_matches('/'))).send().await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(post(Some("https://admin.example.cn")).send().await.unwrap().status(), StatusCode::CREATED);
    // A Referer from this site stands in for a missing Origin.
    let referred =
        c.post(s.url("/api/ideas")).header("cookie", &cookie).header("referer", s.url("/submit")).json(&idea);
    assert_eq!(referred.send().await.unwrap().status(), StatusCode::CREATED);
    // A Bearer token is no ambient credential: no origin needed.
    let id = submit_idea(&s, &c, &token, idea.clone()).await;

    // Server functions are guarded the same way.
    let like = |origin: &str| {
        c.post(s.url(app::server_fns::ideas::SetLike::PATH))
            .header("cookie", &cookie)
            .header("origin", origin)
            .form(&[("id", id.to_string()), ("like", "true".into())])
    };
    assert_eq!(like("http://evil.example.cn").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let liked = like(this_site.trim_end_matches('/')).send().await.unwrap();
    assert_eq!(liked.status(), StatusCode::OK, "{}", liked.text().await.unwrap());
    let detail: Value =
        c.get(s.url(&format!("/api/ideas/{id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail["likes"], 1, "only the same-site like counted");

    // Signing in through a form needs this site's origin even without a cookie (login CSRF).
    let login_csrf = c
        .post(s.url(app::server_fns::accounts::Login::PATH))
        .header("origin", "http://evil.example.cn")
        .form(&[("login", "user1"), ("password", "tea-garden-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(login_csrf.status(), StatusCode::FORBIDDEN);
    // So do registering and asking for a code, which share the sign-in forms' path check.
    use app::server_fns::accounts as fns;
    for (path, form) in [
        (
            fns::Register::PATH,
            vec![
                ("username", "csrfuser"),
                ("email", "c@example.com"),
                ("password", "tea-garden-2026"),
                ("phone", "13900000099"),
                ("sms_code", "123456"),
                ("invite_code", ""),
            ],
        ),
        (fns::SendSmsCode::PATH, vec![("phone", "13900000099")]),
    ] {
        let res = c.post(s.url(path)).header("origin", "http://evil.example.cn").form(&form).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // And the account settings, with the session cookie.
    for (path, form) in [
        (
            fns::ChangePassword::PATH,
            vec![("current_password", "tea-garden-2026"), ("new_password", "stolen-garden-2027")],
        ),
        (fns::ChangeEmail::PATH, vec![("email", "evil@example.cn"), ("current_password", "tea-garden-2026")]),
        (
            fns::ChangePhone::PATH,
            vec![("phone", "13900000098"), ("sms_code", "123456"), ("current_password", "tea-garden-2026")],
        ),
        (fns::CreateApiToken::PATH, vec![("name", "stolen")]),
        (fns::RevokeApiToken::PATH, vec![("id", "1")]),
        (fns::LogoutEverywhere::PATH, vec![]),
    ] {
        let res = c.post(s.url(path)).header("cookie", &cookie).header("origin", "http://evil.example.cn").form(&form);
        assert_eq!(res.send().await.unwrap().status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(c.get(s.url("/api/me")).header("cookie", &cookie).send().await.unwrap().status(), StatusCode::OK);

    // Reads never need an origin; a cross-site page may read the API only from an allowed origin.
    assert_eq!(c.get(s.url("/api/me")).header("cookie", &cookie).send().await.unwrap().status(), StatusCode::OK);
    let preflight = |origin: &str| {
        c.request(reqwest::Method::OPTIONS, s.url("/api/ideas"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let allowed = preflight("https://admin.example.cn").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://admin.example.cn");
    let foreign = preflight("http://evil.example.cn").await.unwrap();
    assert!(foreign.headers().get("access-control-allow-origin").is_none());
    s.stop().await;
}

#[tokio::test]
async fn the_api_and_sign_in_are_rate_limited_per_client() {
    let env = [("RATE_LIMIT_API", "5"), ("RATE_LIMIT_AUTH", "3"), ("RATE_LIMIT_WINDOW_SECS", "60")];
    let s = TestServer::start_with(Backend::Embedded, &env).await;
    let c = reqwest::Client::new();
    for _ in 0..5 {
        assert_eq!(c.get(s.url("/api/ideas")).send().await.unwrap().status(), StatusCode::OK);
    }
    let limited = c.get(s.url("/api/ideas")).send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=120).contains(&retry), "at most two windows away: {retry}");
    assert_eq!(limited.json::<Value>().await.unwrap()["error"]["code"], "rate_limited");
    // Pages are not API requests.
    assert_eq!(c.get(s.url("/")).send().await.unwrap().status(), StatusCode::OK);

    // Sign-in has its own, stricter budget, shared by the API and the pages' server function.
    let login = json!({"login": "nobody", "password": "whatever1"});
    for _ in 0..2 {
        let res = c.post(s.url("/api/auth/login")).json(&login).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let by_page = c
        .post(s.url(app::server_fns::accounts::Login::PATH))
        .header("origin", s.url(""))
        .form(&[("login", "nobody"), ("password", "whatever1")])
        .send()
        .await
        .unwrap();
    assert_ne!(by_page.status(), StatusCode::TOO_MANY_REQUESTS, "the third sign-in attempt is allowed");
    let fourth = c.post(s.url("/api/auth/login")).json(&login).send().await.unwrap();
    assert_eq!(fourth.status(), StatusCode::TOO_MANY_REQUESTS);
    let by_page = c
        .post(s.url(app::server_fns::accounts::Login::PATH))
        .header("origin", s.url(""))
        .form(&[("login", "x"), ("password", "y")])
        .send()
        .await;
    assert_eq!(by_page.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    s.stop().await;
}

/// Windows slide: a client that spent its budget at the end of one window does not get it again
/// at the start of the next (a fixed window would give it twice over at the edge).
#[tokio::test]
async fn a_burst_across_a_window_edge_gets_the_budget_once() {
    let env = [("RATE_LIMIT_API", "5"), ("RATE_LIMIT_WINDOW_SECS", "2")];
    let s = TestServer::start_with(Backend::Embedded, &env).await;
    let c = reqwest::Client::new();
    let ms_into_window =
        || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() % 2000;
    // Late in one window...
    while !(1500..1700).contains(&ms_into_window()) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    for _ in 0..5 {
        assert_eq!(c.get(s.url("/api/ideas")).send().await.unwrap().status(), StatusCode::OK);
    }
    // ...and early in the next: most of the burst still lies within the last two seconds.
    while !(50..400).contains(&ms_into_window()) {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let mut allowed = 0;
    for _ in 0..5 {
        if c.get(s.url("/api/ideas")).send().await.unwrap().status() == StatusCode::OK {
            allowed += 1;
        }
    }
    assert!(allowed <= 1, "{allowed} more of 5 allowed right after the edge");
    s.stop().await;
}

/// With the counters down (Redis gone), sign-in and SMS codes wait rather than go unlimited,
/// while reading goes on.
#[tokio::test]
async fn without_its_counters_sign_in_waits_and_reading_goes_on() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = std::env::temp_dir().join(format!("aim-redis-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut redis = std::process::Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server runs (Debian's redis package)");
    let url = format!("redis://127.0.0.1:{port}");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let s = TestServer::start_with(Backend::Embedded, &[("REDIS_URL", &url), ("REDIS_PREFIX", "t:")]).await;
    let c = reqwest::Client::new();
    let login = json!({"login": "nobody", "password": "whatever1"});
    assert_eq!(c.post(s.url("/api/auth/login")).json(&login).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let _ = redis.kill();
    let _ = redis.wait();
    let refused = c.post(s.url("/api/auth/login")).json(&login).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(refused.json::<Value>().await.unwrap()["error"]["code"], "unavailable");
    let sms = c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": "13800138000"})).send().await.unwrap();
    assert_eq!(sms.status(), StatusCode::SERVICE_UNAVAILABLE);
    let ready = c.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "the load balancer takes this instance out");
    assert_eq!(c.get(s.url("/api/ideas/1")).send().await.unwrap().status(), StatusCode::NOT_FOUND, "reading goes on");
    s.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn secure_sessions_use_the_host_cookie_and_end_everywhere() {
    let mut s = TestServer::start_with(Backend::Embedded, &[("COOKIE_SECURE", "true")]).await;
    let c = reqwest::Client::new();
    let phone = "13900000077";
    c.post(s.url("/api/auth/sms-code")).json(&json!({"phone": phone})).send().await.unwrap();
    let code = s.sms_code(phone).await;
    let res = c
        .post(s.url("/api/auth/register"))
        .json(&json!({"username": "cookieuser", "email": "cookie@example.com", "password": "tea-garden-2026", "phone": phone, "smsCode": code}))
        .send()
        .await
        .unwrap();
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("__Host-ai_market_session=") && set_cookie.contains("; Secure"), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax") && !set_cookie.contains("Domain"));
    let token = res.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let me = |cookie: String| c.get(s.url("/api/me")).header("cookie", cookie).send();
    assert_eq!(me(format!("__Host-ai_market_session={token}")).await.unwrap().status(), StatusCode::OK);
    assert_eq!(me(format!("ai_market_session={token}")).await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // Signing in again ends the session the request came with.
    let sign_in = |cookie: String| {
        c.post(s.url("/api/auth/login"))
            .header("cookie", cookie)
            .header("origin", s.url("").trim_end_matches('/').to_owned())
            .json(&json!({"login": "cookieuser", "password": "tea-garden-2026"}))
            .send()
    };
    let first =
        sign_in(String::new()).await.unwrap().json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let again = sign_in(format!("__Host-ai_market_session={first}")).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let other = again.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    assert_ne!(other, first);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&first).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&other).send().await.unwrap().status(), StatusCode::OK);

    // A password change renews this session and ends the others and the API tokens; then log out
    // everywhere.
    let api_token = c.post(s.url("/api/me/tokens")).bearer_auth(&token).json(&json!({"name": "脚本"})).send();
    let api_token = api_token.await.unwrap().json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&api_token).send().await.unwrap().status(), StatusCode::OK);
    let changed = c
        .post(s.url("/api/me/password"))
        .bearer_auth(&token)
        .json(&json!({"currentPassword": "tea-garden-2026", "newPassword": "green-tea-garden-2027"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    let renewed = changed.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    for (t, want) in [
        (&token, StatusCode::UNAUTHORIZED),
        (&other, StatusCode::UNAUTHORIZED),
        (&api_token, StatusCode::UNAUTHORIZED),
        (&renewed, StatusCode::OK),
    ] {
        assert_eq!(c.get(s.url("/api/me")).bearer_auth(t).send().await.unwrap().status(), want);
    }
    let everywhere = c.post(s.url("/api/auth/logout-everywhere")).bearer_auth(&renewed).send().await.unwrap();
    assert_eq!(everywhere.status(), StatusCode::NO_CONTENT);
    assert_eq!(c.get(s.url("/api/me")).bearer_auth(&renewed).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    s.stop().await;
}
