//! Moderation over HTTP on both backends: a member reports, an admin decides in the queue, the
//! hidden idea is gone for others (API, page, stream) but its author reads why, in Chinese.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, client, error_of, get_json, grant_admin, register, submit_idea};
use testkit::both_backends;

both_backends!(a_report_goes_through_the_queue_and_hides_the_idea);

const REASON: &str = "</p><script>alert('hidden')</script>违规 & \"引号\"";

async fn a_report_goes_through_the_queue_and_hides_the_idea(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let author = register(&mut s, &c, 1).await;
    let reader = register(&mut s, &c, 2).await;
    let admin = register(&mut s, &c, 3).await;
    assert!(grant_admin(&s, "user3").status.success());
    let idea = submit_idea(
        &s,
        &c,
        &author,
        json!({"title": "共享厨房预约", "description": "把写字楼里闲置的茶水间改造成可预约的共享厨房，按小时收费。", "category": "lifestyle"}),
    )
    .await;

    let report = |token: &str, body: Value| {
        c.post(s.url(&format!("/api/ideas/{idea}/report"))).bearer_auth(token.to_owned()).json(&body).send()
    };
    let (status, err) = error_of(report(&reader, json!({"reason": "rude"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (status, err) = error_of(report(&reader, json!({"reason": "other"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["fields"][0]["field"], "note", "{err}");
    let (status, err) = error_of(report(&author, json!({"reason": "spam"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not one's own: {err}");
    let anonymous = reqwest::Client::new()
        .post(s.url(&format!("/api/ideas/{idea}/report")))
        .json(&json!({"reason": "spam"}))
        .send();
    assert_eq!(anonymous.await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        report(&reader, json!({"reason": "spam", "note": REASON})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let (status, err) = error_of(report(&reader, json!({"reason": "abuse"})).await.unwrap()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["message"].as_str().unwrap().contains("已经举报过"), "{err}");

    let (status, _) = error_of(c.get(s.url("/api/admin/reports")).bearer_auth(&reader).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let queue = get_json(&s, &c, "/api/admin/reports", &admin).await;
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["note"], REASON);
    assert_eq!(queue[0]["target"]["kind"], "idea");
    let report_id = queue[0]["id"].as_i64().unwrap();
    let bad = c.get(s.url("/api/admin/reports?status=closed")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let decide = c
        .post(s.url(&format!("/api/admin/reports/{report_id}")))
        .bearer_auth(&admin)
        .json(&json!({"uphold": true, "reason": REASON}))
        .send()
        .await
        .unwrap();
    assert_eq!(decide.status(), StatusCode::OK);
    assert_eq!(decide.json::<Value>().await.unwrap()["status"], "upheld");

    // Gone for everyone else: the API, the page, the auction and its stream.
    for path in
        [format!("/api/ideas/{idea}"), format!("/api/ideas/{idea}/auction"), format!("/api/ideas/{idea}/stream")]
    {
        assert_eq!(
            c.get(s.url(&path)).bearer_auth(&reader).send().await.unwrap().status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(c.get(s.url(&format!("/ideas/{idea}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let list = get_json(&s, &c, "/api/ideas", &reader).await;
    assert!(list["items"].as_array().unwrap().iter().all(|i| i["id"] != idea), "{list}");
    // Its author reads why, as text.
    let own = get_json(&s, &c, &format!("/api/ideas/{idea}"), &author).await;
    assert_eq!(own["hidden_reason"], REASON);
    let page = c
        .get(s.url(&format!("/ideas/{idea}")))
        .header(reqwest::header::COOKIE, format!("ai_market_session={author}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-testid=\"idea-hidden\""), "the author sees the notice");
    assert!(!html.contains("<script>alert('hidden')"), "the reason is text, not markup");
    assert!(html.contains("&lt;/p&gt;&lt;script&gt;alert("), "escaped once");

    // Shown again: public for all.
    let unhide = c.delete(s.url(&format!("/api/admin/ideas/{idea}/hide"))).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(unhide.status(), StatusCode::NO_CONTENT);
    assert_eq!(c.get(s.url(&format!("/api/ideas/{idea}"))).send().await.unwrap().status(), StatusCode::OK);
    let hide = c
        .post(s.url(&format!("/api/admin/ideas/{idea}/hide")))
        .bearer_auth(&admin)
        .json(&json!({"reason": "x"}))
        .send();
    let (status, err) = error_of(hide.await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(err["fields"][0]["message"].as_str().unwrap().contains("原因"), "{err}");
    s.stop().await;
}
