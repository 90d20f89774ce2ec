//! Response headers every answer carries, and the CSRF guard for cookie-authenticated writes.
//! Pages set their own Content-Security-Policy with the hydration script's nonce
//! (`app::web::page_csp`, sent by `app::shell`).
//!
//! Leptos server functions have no CSRF protection of their own, and the session cookie is sent
//! with cross-site form posts' top-level navigations (SameSite=Lax). So a write that relies on
//! the cookie must come from one of our own pages: its `Origin` (or, lacking one, `Referer`)
//! must name this site or an allowed origin. So must a form-encoded sign-in, cookie or not
//! (login CSRF). Bearer-token requests carry no ambient credential and need no such check.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What the security layers need from the configuration.
#[derive(Debug, Clone, Default)]
pub struct SecurityConfig {
    /// Send `Strict-Transport-Security` (production, served over HTTPS).
    pub hsts: bool,
    /// Sessions use the `__Host-` cookie (behind HTTPS).
    pub cookie_secure: bool,
    /// Origins other than the site itself allowed to send cookie-authenticated writes and to read
    /// the API from a browser (CORS), e.g. `https://admin.example.com`.
    pub allowed_origins: Vec<String>,
}

/// The policy for everything else (API answers, files): nothing may run or frame it.
const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Adds the security headers; a page that set its own Content-Security-Policy keeps it.
pub async fn headers(State(config): State<Arc<SecurityConfig>>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(STRICT_CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if config.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// Refuses a state-changing request that relies on the session cookie unless it comes from this
/// site or an allowed origin.
pub async fn csrf(State(config): State<Arc<SecurityConfig>>, req: Request, next: Next) -> Response {
    let h = req.headers();
    // Signing in needs no cookie to be forged: a form on another site could sign the visitor
    // into the attacker's account (login CSRF).
    let sign_in = simple_content_type(h) && !bearer(h) && crate::rate_limit::is_auth(req.uri().path());
    let forgeable = cookie_authenticated(h, config.cookie_secure) || sign_in;
    if !writes(req.method()) || !forgeable || same_origin(h, &config) {
        return next.run(req).await;
    }
    tracing::warn!(
        origin = ?req.headers().get(header::ORIGIN),
        referer = ?req.headers().get(header::REFERER),
        path = %req.uri().path(),
        "refused a cookie-authenticated write from another origin"
    );
    let message = model::Msg::new(
        "请求来源不受信任，请刷新页面后重试",
        "The request comes from a page this site does not trust; please reload the page and try again",
    );
    crate::api::ApiFailure::new(StatusCode::FORBIDDEN, "csrf", message).into_response()
}

fn writes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn bearer(headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer "))
}

/// The session would come from the cookie: there is one, and no Bearer token takes precedence.
fn cookie_authenticated(headers: &HeaderMap, secure: bool) -> bool {
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    !bearer(headers) && app::web::session_token(None, cookie, secure).is_some()
}

/// A body another site's plain HTML form can send without a CORS preflight (the server
/// functions' encoding among them); JSON needs a preflight, which CORS refuses.
fn simple_content_type(headers: &HeaderMap) -> bool {
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    kind.is_empty()
        || ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
            .iter()
            .any(|k| kind.starts_with(k))
}

/// `scheme://host[:port]` of an Origin or Referer value.
fn origin_of(url: &str) -> Option<&str> {
    let rest_at = url.find("://")? + 3;
    let end = url[rest_at..].find(['/', '?', '#']).map_or(url.len(), |i| rest_at + i);
    Some(&url[..end])
}

fn same_origin(headers: &HeaderMap, config: &SecurityConfig) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let claimed = match text(header::ORIGIN) {
        Some(origin) if origin != "null" => origin_of(origin),
        Some(_) => None,
        None => text(header::REFERER).and_then(origin_of),
    };
    let Some(claimed) = claimed else { return false };
    if config.allowed_origins.iter().any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(claimed)) {
        return true;
    }
    // This site, as the browser reached it: the host part must equal the Host header.
    let host = text(header::HOST);
    host.is_some_and(|host| {
        claimed.split_once("://").is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origins_are_compared_by_scheme_host_and_port() {
        let none = SecurityConfig::default();
        assert!(same_origin(&headers(&[("host", "a.cn"), ("origin", "https://a.cn")]), &none));
        assert!(same_origin(&headers(&[("host", "a.cn:8080"), ("referer", "http://a.cn:8080/ideas/1?x=1")]), &none));
        assert!(!same_origin(&headers(&[("host", "a.cn"), ("origin", "https://evil.cn")]), &none));
        assert!(!same_origin(&headers(&[("host", "a.cn"), ("origin", "https://a.cn.evil.cn")]), &none));
        assert!(!same_origin(&headers(&[("host", "a.cn"), ("origin", "null")]), &none));
        assert!(!same_origin(&headers(&[("host", "a.cn")]), &none), "no origin at all is refused");
        let admin = SecurityConfig { allowed_origins: vec!["https://admin.a.cn".into()], ..SecurityConfig::default() };
        assert!(same_origin(&headers(&[("host", "a.cn"), ("origin", "https://admin.a.cn")]), &admin));
    }

    #[test]
    fn only_cookie_sessions_need_the_check() {
        assert!(cookie_authenticated(&headers(&[("cookie", "ai_market_session=abc")]), false));
        assert!(cookie_authenticated(&headers(&[("cookie", "__Host-ai_market_session=abc")]), true));
        let both = headers(&[("cookie", "ai_market_session=abc"), ("authorization", "Bearer t")]);
        assert!(!cookie_authenticated(&both, false));
        assert!(!cookie_authenticated(&headers(&[("cookie", "other=1")]), false));
        assert!(writes(&Method::POST) && writes(&Method::DELETE) && !writes(&Method::GET));
        assert!(simple_content_type(&headers(&[("content-type", "application/x-www-form-urlencoded")])));
        assert!(simple_content_type(&headers(&[("content-type", "text/plain;charset=UTF-8")])));
        assert!(!simple_content_type(&headers(&[("content-type", "application/json")])));
    }

    /// The header middleware against a bare route: HSTS only when configured (production).
    async fn answer_headers(hsts: bool) -> HeaderMap {
        use tower::ServiceExt;
        let config = Arc::new(SecurityConfig { hsts, ..SecurityConfig::default() });
        let app = axum::Router::new()
            .route("/", axum::routing::get(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(config, super::headers));
        let req = Request::builder().uri("/").body(axum::body::Body::empty()).expect("a request");
        app.oneshot(req).await.expect("an answer").headers().clone()
    }

    #[tokio::test]
    async fn production_answers_carry_hsts() {
        let production = answer_headers(true).await;
        assert_eq!(production[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
        assert_eq!(production[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(production[header::CONTENT_SECURITY_POLICY], STRICT_CSP);
        assert!(answer_headers(false).await.get(header::STRICT_TRANSPORT_SECURITY).is_none());
    }
}
