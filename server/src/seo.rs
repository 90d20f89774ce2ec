//! What search engines read: `robots.txt` (everything public, nothing private, and where the
//! sitemap is) and `sitemap.xml`: the home page, every published idea and the page of each of
//! their authors, as one file up to 50,000 addresses and past that as an index of files of
//! 50,000 (`/sitemaps/{n}.xml`). Addresses are absolute, on `PUBLIC_URL`. And what a shared link
//! shows: an idea's share card (`/ideas/{id}/card.png`), the picture of an idea without an image
//! of its own.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use market::Market;
use market::share::sitemap::{SITEMAP_URLS, sitemap_files, sitemap_urls};

use crate::AppState;
use crate::api::ApiFailure;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/sitemaps/{file}", get(sitemap_file))
        .route("/ideas/{id}/card.png", get(share_card))
        .route("/ideas/{id}/qr.svg", get(share_qr))
}

/// The QR code of an idea's address, for its share panel. An image of its own rather than inside
/// the page: drawing it took an eighth of an idea page's CPU time (`bench/profile.sh`), and the
/// panel is closed until opened. It depends on the address only, so it is cached for a day.
async fn share_qr(State(market): State<Market>, Path(id): Path<String>) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let site = market.settings.public_url.trim_end_matches('/');
    match market::share::qr_svg(&format!("{site}/ideas/{id}"), SHARE_QR_SIDE) {
        Ok(svg) => image(svg, "image/svg+xml", "public, max-age=86400"),
        Err(e) => ApiFailure::from(e).into_response(),
    }
}

/// An image drawn here, cached as `cache_control` says; never sniffed as another type.
fn image(body: impl IntoResponse, kind: &'static str, cache_control: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The share panel shows the QR code this wide (pixels).
const SHARE_QR_SIDE: u32 = 160;

/// An idea's share card; 404 for a hidden or missing one. Cached for an hour: the score moves
/// only once, at the analysis.
async fn share_card(State(market): State<Market>, Path(id): Path<String>) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let site = market.settings.public_url.trim_end_matches('/');
    match market::share::idea_card(&market, id, format!("{site}/ideas/{id}")).await {
        Ok(Some(png)) => image(png, "image/png", "public, max-age=3600"),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => ApiFailure::from(e).into_response(),
    }
}

fn text(kind: &'static str, body: String) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

async fn robots(State(market): State<Market>) -> Response {
    let site = market.settings.public_url.trim_end_matches('/');
    text(
        "text/plain; charset=utf-8",
        format!(
            "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\nDisallow: /settings\nDisallow: /credits\n\
             Disallow: /orders\nDisallow: /submit\nDisallow: /files/\nDisallow: /notifications\nDisallow: /me\n\nSitemap: {site}/sitemap.xml\n"
        ),
    )
}

async fn sitemap(State(market): State<Market>) -> Response {
    let site = market.settings.public_url.trim_end_matches('/').to_owned();
    let files = match sitemap_files(&market, SITEMAP_URLS).await {
        Ok(files) => files,
        Err(e) => return ApiFailure::from(e).into_response(),
    };
    if files == 1 {
        return urlset(&market, &site, 1, true).await;
    }
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#,
    );
    for n in 1..=files {
        xml.push_str(&format!("<sitemap><loc>{site}/sitemaps/{n}.xml</loc></sitemap>"));
    }
    xml.push_str("</sitemapindex>");
    text("application/xml; charset=utf-8", xml)
}

async fn sitemap_file(State(market): State<Market>, Path(file): Path<String>) -> Response {
    let site = market.settings.public_url.trim_end_matches('/').to_owned();
    match file.strip_suffix(".xml").and_then(|n| n.parse::<i64>().ok()).filter(|n| *n >= 1) {
        Some(n) => urlset(&market, &site, n, n == 1).await,
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// One file of addresses: sitemap file `file`'s ideas and authors, after the home page on the first.
async fn urlset(market: &Market, site: &str, file: i64, with_home: bool) -> Response {
    let urls = match sitemap_urls(market, file, SITEMAP_URLS).await {
        Ok(urls) => urls,
        Err(e) => return ApiFailure::from(e).into_response(),
    };
    if urls.is_empty() && !with_home {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#,
    );
    if with_home {
        xml.push_str(&format!("<url><loc>{site}/</loc><changefreq>hourly</changefreq></url>"));
    }
    // Paths are percent-encoded (no `&` or `<` in them), so they go into the XML as they are.
    for url in urls {
        xml.push_str(&format!(
            "<url><loc>{site}{}</loc><lastmod>{}</lastmod></url>",
            url.path,
            url.changed.format("%Y-%m-%d")
        ));
    }
    xml.push_str("</urlset>");
    text("application/xml; charset=utf-8", xml)
}
