//! What search engines and shared links read, over HTTP on both backends: robots.txt, the
//! sitemap, a description on every page, and an idea's share card.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::{Backend, TestServer, client, register};
use testkit::both_backends;

both_backends!(search_engines_read_robots_and_the_sitemap);

async fn search_engines_read_robots_and_the_sitemap(backend: Backend) {
    let mut s = TestServer::start_with(backend, &[("PUBLIC_URL", "https://aimarket.example.com")]).await;
    let c = client(&s);
    let token = register(&mut s, &c, 1).await;
    let idea = support::submit_idea(
        &s,
        &c,
        &token,
        json!({"title": "地图上的创意", "description": "把写字楼里闲置的茶水间改造成可预约的共享厨房，按小时收费。", "category": "lifestyle"}),
    )
    .await;

    let robots = reqwest::get(s.url("/robots.txt")).await.unwrap();
    assert_eq!(robots.headers()["content-type"], "text/plain; charset=utf-8");
    let robots = robots.text().await.unwrap();
    assert!(robots.contains("Disallow: /admin") && robots.contains("Disallow: /api/"), "{robots}");
    assert!(robots.ends_with("Sitemap: https://aimarket.example.com/sitemap.xml\n"), "{robots}");

    let sitemap = reqwest::get(s.url("/sitemap.xml")).await.unwrap();
    assert_eq!(sitemap.headers()["content-type"], "application/xml; charset=utf-8");
    let sitemap = sitemap.text().await.unwrap();
    assert!(sitemap.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><urlset"#), "{sitemap}");
    assert!(sitemap.contains("<loc>https://aimarket.example.com/</loc>"));
    assert!(sitemap.contains(&format!("<loc>https://aimarket.example.com/ideas/{idea}</loc><lastmod>")), "{sitemap}");
    assert!(
        sitemap.contains("<loc>https://aimarket.example.com/u/user1</loc><lastmod>"),
        "its author's page: {sitemap}"
    );
    assert_eq!(reqwest::get(s.url("/sitemaps/1.xml")).await.unwrap().text().await.unwrap(), sitemap);
    // Every page a search engine reaches says what it is, once.
    for path in [
        "/",
        "/login",
        "/register",
        "/submit",
        "/terms",
        "/privacy",
        "/forgot-password",
        &format!("/ideas/{idea}"),
        "/no-such-page",
    ] {
        let html = reqwest::get(s.url(path)).await.unwrap().text().await.unwrap();
        assert_eq!(html.matches(r#"<meta name="description""#).count(), 1, "{path}");
    }
    for missing in ["/sitemaps/2.xml", "/sitemaps/0.xml", "/sitemaps/x"] {
        assert_eq!(reqwest::get(s.url(missing)).await.unwrap().status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // An idea without an image is shared with the card the server draws for it.
    let page = reqwest::get(s.url(&format!("/ideas/{idea}"))).await.unwrap().text().await.unwrap();
    let card = format!("https://aimarket.example.com/ideas/{idea}/card.png");
    assert!(page.contains(&format!(r#"<meta property="og:image" content="{card}""#)), "og:image");
    assert!(page.contains(r#"<meta name="twitter:card" content="summary_large_image""#));
    let res = reqwest::get(s.url(&format!("/ideas/{idea}/card.png"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        (res.headers()["content-type"].to_str().unwrap(), res.headers()["x-content-type-options"].to_str().unwrap()),
        ("image/png", "nosniff")
    );
    let png = image::load_from_memory(&res.bytes().await.unwrap()).expect("a PNG");
    assert_eq!((png.width(), png.height()), (1200, 630));
    for missing in ["/ideas/999/card.png", "/ideas/x/card.png", "/ideas/0/card.png"] {
        assert_eq!(reqwest::get(s.url(missing)).await.unwrap().status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // The share panel's QR code is an image of its own, not drawn into every idea page.
    assert!(page.contains(&format!(r#"src="/ideas/{idea}/qr.svg""#)), "the panel links the QR code");
    assert!(!page.contains("data:image/svg+xml"), "no QR code inside the page");
    let qr = |id: i64| reqwest::get(s.url(&format!("/ideas/{id}/qr.svg")));
    let res = qr(idea).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert_eq!(res.headers()["cache-control"], "public, max-age=86400");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let svg = res.text().await.unwrap();
    assert!(svg.contains("<svg") && svg.contains("<path"), "an SVG drawing");
    assert_ne!(qr(idea + 1).await.unwrap().text().await.unwrap(), svg, "each address its own code");
    for missing in ["/ideas/x/qr.svg", "/ideas/0/qr.svg", "/ideas/-3/qr.svg"] {
        assert_eq!(reqwest::get(s.url(missing)).await.unwrap().status(), StatusCode::NOT_FOUND, "{missing}");
    }
    s.stop().await;
}
