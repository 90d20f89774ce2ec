//! The admin routes over HTTP on both backends: a member is refused at every admin operation of
//! the API description and every admin server function, and changes nothing; an admin's actions
//! land in the audit log with the address they came from.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use leptos::server_fn::ServerFn;
use serde_json::{Value, json};
use support::{Backend, TestServer, client, get_json, register};
use testkit::both_backends;

both_backends!(members_are_refused_everywhere_in_the_console_and_admins_are_audited);

async fn members_are_refused_everywhere_in_the_console_and_admins_are_audited(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let member = register(&mut s, &c, 1).await;
    let admin = register(&mut s, &c, 2).await;
    market::accounts::admin::grant(s.market(), "user2").await.unwrap();
    let member_id = get_json(&s, &c, "/api/me", &member).await["id"].as_i64().unwrap();

    // Every admin operation the description lists, with a body every one of them accepts.
    let doc: Value = reqwest::get(s.url("/api/openapi.json")).await.unwrap().json().await.unwrap();
    let body = json!({"amount": 5, "memo": "补偿", "uphold": false, "reason": "测试原因"});
    let mut tried = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/admin/") {
            continue;
        }
        let path = path.replace("{id}", &member_id.to_string());
        for method in item.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = c.request(method.clone(), s.url(&path)).bearer_auth(&member).json(&body).send().await.unwrap();
            assert_eq!(res.status(), 403, "{method} {path} lets a member in");
            tried += 1;
        }
    }
    assert!(tried >= 12, "only {tried} admin operations found");

    // The console's server functions, posted as its forms are, from a member's signed-in browser.
    let browser = client(&s);
    let login = browser
        .post(s.url("/api/auth/login"))
        .json(&json!({"login": "user1", "password": "tea-garden-2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    for (url, form) in [
        (app::server_fns::admin::DecideReport::url(), "id=1&uphold=true&reason=xx"),
        (app::server_fns::admin::RefundMemberOrder::url(), "id=1&reason=xx"),
        (app::server_fns::admin::AuditLog::url(), "page=1"),
        (app::server_fns::admin::MemberOrders::url(), "page=1"),
        (app::server_fns::admin::ReportQueue::url(), "status=open&page=1"),
        (app::server_fns::admin::SearchMembers::url(), "q=user"),
        (app::server_fns::admin::SearchIdeas::url(), "q="),
        (app::server_fns::admin::SetIdeaHidden::url(), "id=1&hidden=true&reason=xx"),
        (app::server_fns::admin::SetIdeaFeatured::url(), "id=1&featured=true"),
        (app::server_fns::admin::AdminIdea::url(), "id=1"),
        (app::server_fns::admin::AnalyticsFigures::url(), "from=2026-11-01&to=2026-11-30"),
        (app::server_fns::admin::GetMember::url(), "id=1"),
        (app::server_fns::admin::SetMemberBanned::url(), "id=1&banned=true&reason=xx"),
        (app::server_fns::admin::AdjustMemberCredits::url(), "id=1&amount=5&memo=xx&key=k1"),
    ] {
        let res = browser
            .post(s.url(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(!status.is_success() && !status.is_redirection(), "{url} answered {status}: {text}");
        assert!(text.contains("需要管理员权限"), "{url} says why: {text}");
    }

    // Nothing changed, and the log holds only what the admin does now, with its address.
    assert_eq!(get_json(&s, &c, "/api/admin/audit", &admin).await, json!([]));
    let ban = c.post(s.url(&format!("/api/admin/users/{member_id}/ban"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(ban.status(), 204);
    let log = get_json(&s, &c, "/api/admin/audit?action=ban", &admin).await;
    assert_eq!(log[0]["admin"], "user2");
    assert_eq!(log[0]["target"], json!({"kind": "user", "id": member_id}));
    assert_eq!(log[0]["address"], "127.0.0.1");
    let found = get_json(&s, &c, "/api/admin/users?q=user1", &admin).await;
    assert_eq!(found[0]["standing"], "banned");
    let detail = get_json(&s, &c, &format!("/api/admin/users/{member_id}"), &admin).await;
    assert_eq!(detail["member"]["username"], "user1");
    let bad = c.get(s.url("/api/admin/audit?target=planet:1")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(bad.status(), 422);

    // The analytics tables as CSV: admins only (user1 is banned by now; user3 is a member).
    let other = register(&mut s, &c, 3).await;
    let csv = |token: Option<&str>| {
        let mut req =
            reqwest::Client::new().get(s.url("/admin/analytics.csv?table=days&from=2026-11-01&to=2026-11-30"));
        if let Some(t) = token {
            req = req.bearer_auth(t.to_owned());
        }
        req.send()
    };
    assert_eq!(csv(None).await.unwrap().status(), 401);
    assert_eq!(csv(Some(&other)).await.unwrap().status(), 403);
    let table = csv(Some(&admin)).await.unwrap();
    assert_eq!(table.headers()["content-type"], "text/csv; charset=utf-8");
    let text = table.text().await.unwrap();
    assert!(
        text.starts_with("\u{feff}day,dau,wau,mau,new_members,ideas,plans,paid_fen,refunded_fen\r\n2026-11-01,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 31, "a header and 30 days");
    let bad = reqwest::Client::new()
        .get(s.url("/admin/analytics.csv?table=secrets"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    s.stop().await;
}
