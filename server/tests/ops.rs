//! The operator's side of the real server: health, readiness and metrics, and release assets
//! named by content and cached for a year.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use serde_json::Value;
use support::{Backend, TestServer, client};
use testkit::both_backends;

both_backends!(ops_endpoints_report_health_and_metrics);

async fn ops_endpoints_report_health_and_metrics(backend: Backend) {
    let mut s = TestServer::start_binary(backend).await;
    let c = client(&s);
    assert_eq!(c.get(s.url("/healthz")).send().await.expect("healthz").text().await.expect("text"), "ok");
    let ready: Value = c.get(s.url("/readyz")).send().await.expect("readyz").json().await.expect("json");
    let expected = match backend {
        Backend::Embedded => ("sqlite", "memory"),
        Backend::Served => ("mysql", "redis"),
    };
    assert_eq!(ready["ready"], true);
    assert_eq!(
        (ready["database"]["backend"].as_str(), ready["cache"]["backend"].as_str()),
        (Some(expected.0), Some(expected.1))
    );
    let res = c.get(s.url("/api/ideas")).send().await.expect("list");
    let request_id =
        res.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned).unwrap_or_default();
    assert!(request_id.len() >= 32, "every response carries a request id");
    let line = s.wait_for_line(|l| l.contains(&request_id), std::time::Duration::from_secs(5)).await;
    assert!(line.starts_with('{') && line.contains("\"status\":200"), "a JSON log line of the request: {line}");
    let metrics = c.get(s.url("/metrics")).send().await.expect("metrics").text().await.expect("text");
    assert!(
        metrics.contains(r#"aimarket_http_requests_total{method="GET",route="/api/ideas",status="200"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("aimarket_db_pool_connections"), "{metrics}");
    assert!(metrics.contains("aimarket_ai_requests_total{agent=\"baidu\"} 0"), "provider counters: {metrics}");
    for line in [
        r#"aimarket_ideas{status="pending"} 0"#,
        r#"aimarket_plans{status="failed"} 0"#,
        "aimarket_auctions_overdue 0",
        "aimarket_ideas_pending_oldest_seconds 0",
        "aimarket_sse_streams 0",
        "aimarket_cache_up 1",
        // The alert rules and the dashboard read these four.
        "process_resident_memory_bytes ",
        "process_cpu_seconds_total ",
        "process_open_fds ",
        "process_max_fds ",
    ] {
        assert!(metrics.lines().any(|l| l.starts_with(line)), "{line} in:\n{metrics}");
    }
    s.stop().await;
}

/// A release site (bundles named by content, listed in `hash.txt`): pages link the hashed
/// names, the bundles are cached for a year and sent precompressed; a development site's
/// unhashed bundles must be revalidated.
#[tokio::test]
async fn release_assets_are_named_by_content_and_cached_for_a_year() {
    let site = std::env::temp_dir().join(format!("aim-site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).expect("site");
    std::fs::write(site.join("hash.txt"), "islands: 1a2b3c\ncss: 7a8b9c\n").expect("hash.txt");
    std::fs::create_dir_all(site.join("pkg/1a2b3c")).expect("islands folder");
    std::fs::write(site.join("pkg/1a2b3c/split_auction_panel_loader_1.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(site.join("pkg/ai-market.7a8b9c.css"), "body{margin:0}").expect("css");
    std::fs::write(site.join("pkg/ai-market.7a8b9c.css.br"), b"\x0b\x06\x80body{margin:0}\x03").expect("br");
    let s = TestServer::start_with(Backend::Embedded, &[("SITE_ROOT", site.to_str().expect("utf-8 path"))]).await;
    let c = reqwest::Client::new();
    let page = c.get(s.url("/")).send().await.expect("home").text().await.expect("html");
    for name in ["/pkg/ai-market.7a8b9c.css", "/pkg/1a2b3c/ai-market.js", "/pkg/1a2b3c/ai-market.wasm"] {
        assert!(page.contains(name), "{name} linked from the page");
    }
    let css = c.get(s.url("/pkg/ai-market.7a8b9c.css")).header("accept-encoding", "br").send().await.expect("css");
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(css.headers()["content-encoding"], "br", "the precompressed copy");
    // An island's wasm, in the folder named after the bundle's content.
    let island = c.get(s.url("/pkg/1a2b3c/split_auction_panel_loader_1.wasm")).send().await.expect("island");
    assert_eq!(island.status(), 200);
    assert_eq!(island.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(island.headers()["content-type"], "application/wasm");
    let missing = c.get(s.url("/pkg/ai-market.0000.css")).send().await.expect("missing");
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("cache-control").is_none_or(|v| v != "public, max-age=31536000, immutable"));
    s.stop().await;

    // Without hash.txt: plain names, revalidated.
    std::fs::remove_file(site.join("hash.txt")).expect("rm");
    std::fs::write(site.join("pkg/ai-market.css"), "body{margin:0}").expect("css");
    let s = TestServer::start_with(Backend::Embedded, &[("SITE_ROOT", site.to_str().expect("utf-8 path"))]).await;
    let page = c.get(s.url("/")).send().await.expect("home").text().await.expect("html");
    assert!(page.contains("/pkg/ai-market.css") && page.contains("/pkg/ai-market.js"), "unhashed names");
    let css = c.get(s.url("/pkg/ai-market.css")).send().await.expect("css");
    assert_eq!(css.headers()["cache-control"], "no-cache");
    s.stop().await;
    let _ = std::fs::remove_dir_all(&site);
}
