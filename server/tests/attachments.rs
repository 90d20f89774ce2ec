//! Attachments over HTTP on both backends: uploading as a draft and onto an idea, the headers files
//! are served with, who may read them, and the refusals a client sees.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::header;
use serde_json::{Value, json};
use support::{Backend, TestServer, client, error_of, register};
use testkit::both_backends;
use testkit::files as fx;

both_backends!(files_go_up_as_drafts_join_an_idea_and_are_served_safely, refusals_and_privacy_over_http);

async fn upload(s: &TestServer, c: &reqwest::Client, token: &str, query: &str, bytes: Vec<u8>) -> reqwest::Response {
    c.post(s.url(&format!("/api/attachments?{query}")))
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

fn idea(title: &str, attachments: Vec<i64>) -> Value {
    json!({
        "title": title,
        "description": "把写字楼里闲置的茶水间改造成可预约的共享厨房，按小时收费，面向附近的上班族。",
        "category": "lifestyle",
        "tags": ["共享"],
        "attachments": attachments,
    })
}

async fn files_go_up_as_drafts_join_an_idea_and_are_served_safely(backend: Backend) {
    let mut s = TestServer::start(backend).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;

    let photo = upload(&s, &c, &token, "name=..%2F..%2F%E5%81%87%E6%97%A5.jpg", fx::jpeg_with_gps(40, 30)).await;
    assert_eq!(photo.status(), 201);
    let photo: Value = photo.json().await.unwrap();
    assert_eq!(photo["name"], "假日.jpg");
    let deck = upload(&s, &c, &token, "name=%E8%B7%AF%E6%BC%94.pdf", fx::pdf(4096)).await;
    assert_eq!(deck.status(), 201);
    let deck: Value = deck.json().await.unwrap();
    let drafts: Value =
        c.get(s.url("/api/attachments")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(drafts.as_array().unwrap().len(), 2);

    let res = c
        .post(s.url("/api/ideas"))
        .bearer_auth(&token)
        .json(&idea("带图的创意", vec![photo["id"].as_i64().unwrap(), deck["id"].as_i64().unwrap()]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let detail: Value = res.json().await.unwrap();
    assert_eq!(detail["attachments"].as_array().unwrap().len(), 2);
    let list: Value = c.get(s.url("/api/ideas")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"][0]["cover"], photo["thumb_url"]);

    // Anyone reads a visible idea's files, with caching, nosniff and a sandbox.
    let anonymous = reqwest::Client::new();
    for (url, kind) in
        [(&photo["url"], "image/jpeg"), (&photo["thumb_url"], "image/jpeg"), (&deck["url"], "application/pdf")]
    {
        let res = anonymous.get(s.url(url.as_str().unwrap())).send().await.unwrap();
        assert_eq!(res.status(), 200, "{url}");
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], kind);
        assert_eq!(h[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], "default-src 'none'; sandbox");
    }
    let pdf = anonymous.get(s.url(deck["url"].as_str().unwrap())).send().await.unwrap();
    let disposition = pdf.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().to_owned();
    assert_eq!(disposition, "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E8%B7%AF%E6%BC%94.pdf");
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), fx::pdf(4096).as_slice(), "the PDF comes back whole");
    let jpeg = anonymous.get(s.url(photo["url"].as_str().unwrap())).send().await.unwrap().bytes().await.unwrap();
    assert!(!jpeg.windows(fx::GPS_SECRET.len()).any(|w| w == fx::GPS_SECRET.as_bytes()), "served without its EXIF");

    // The idea page shows the gallery, and the list its cover.
    let page = anonymous.get(s.url(&format!("/ideas/{}", detail["id"]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(photo["thumb_url"].as_str().unwrap()) && page.contains("data-testid=\"gallery\""));
    // Shared, it shows the first image: absolute addresses on PUBLIC_URL.
    let image = format!("{}{}", s.market().settings.public_url, photo["url"].as_str().unwrap());
    let tag = page.split("<meta").find(|t| t.contains("og:image")).unwrap_or_default();
    assert!(page.contains(&format!(r#"<meta property="og:image" content="{image}""#)), "og:image: {tag}");
    assert!(page.contains(r#"<meta name="twitter:card" content="summary_large_image""#));
    let home = anonymous.get(s.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("data-testid=\"idea-cover\""), "the card shows its cover");
    s.stop().await;
}

async fn refusals_and_privacy_over_http(backend: Backend) {
    let mut s = TestServer::start_with(backend, &[("ATTACHMENT_MAX_FILE_MB", "1")]).await;
    let c = client(&s);
    let me = register(&mut s, &c, 1).await;
    let other = register(&mut s, &c, 2).await;

    let unsigned = reqwest::Client::new().post(s.url("/api/attachments")).body(fx::pdf(100)).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);

    for (query, bytes, expected) in [
        ("name=photo.png", fx::EXE.to_vec(), "只支持"),
        ("name=x.svg", fx::SVG.to_vec(), "只支持"),
        ("name=bomb.png", fx::png_claiming(60_000, 60_000), "过大"),
        ("name=big.pdf", fx::pdf(1024 * 1024 + 1), "不能超过 1 MB"),
        ("name=empty.pdf", Vec::new(), "空的"),
    ] {
        let res = upload(&s, &c, &me, query, bytes).await;
        assert_eq!(res.headers()[header::CONNECTION], "close", "{query}");
        let (status, error) = error_of(res).await;
        assert_eq!(status, 422, "{query}");
        assert!(error["fields"][0]["message"].as_str().unwrap().contains(expected), "{query}: {error}");
    }
    let res = upload(&s, &c, &me, "idea=999999&name=a.pdf", fx::pdf(100)).await;
    assert_eq!(res.status(), 404, "no such idea");

    // A draft is its uploader's alone, and goes when removed.
    let draft: Value = upload(&s, &c, &me, "name=mine.pdf", fx::pdf(2048)).await.json().await.unwrap();
    let url = s.url(draft["url"].as_str().unwrap());
    for token in [None, Some(&other)] {
        let mut req = reqwest::Client::new().get(&url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.unwrap().status(), 404);
    }
    let mine = c.get(&url).bearer_auth(&me).send().await.unwrap();
    assert_eq!(
        (mine.status().as_u16(), mine.headers()[header::CACHE_CONTROL].to_str().unwrap()),
        (200, "private, no-store")
    );
    let remove = |token: &str| {
        c.delete(s.url(&format!("/api/attachments/{}", draft["id"]))).bearer_auth(token.to_owned()).send()
    };
    assert_eq!(remove(&other).await.unwrap().status(), 404);
    assert_eq!(remove(&me).await.unwrap().status(), 204);
    assert_eq!(c.get(&url).bearer_auth(&me).send().await.unwrap().status(), 404);

    // Someone else's draft cannot be put on my idea.
    let theirs: Value = upload(&s, &c, &other, "name=theirs.pdf", fx::pdf(2048)).await.json().await.unwrap();
    let res = c
        .post(s.url("/api/ideas"))
        .bearer_auth(&me)
        .json(&idea("别人的附件", vec![theirs["id"].as_i64().unwrap()]))
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(res).await;
    assert_eq!((status.as_u16(), error["fields"][0]["field"].as_str()), (422, Some("attachments")));
    assert_eq!(reqwest::Client::new().get(s.url("/files/not-a-key")).send().await.unwrap().status(), 404);
    s.stop().await;
}
