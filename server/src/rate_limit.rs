//! Rate limits that hold across instances (counters in Redis, or in process): the original plan's
//! 100 requests per 15 minutes per client for the REST API, and a stricter budget for signing
//! in, registering and SMS codes, whether they come through the API or the pages' server
//! functions. Over the limit: 429 with `Retry-After`. Windows slide (estimated from two fixed
//! ones), so a burst across a window's edge cannot get twice the budget.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

pub use app::web::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;
use market::Market;

#[derive(Debug, Clone)]
pub struct Limits {
    pub market: Market,
    /// REST requests per client per window.
    pub api: i64,
    /// Sign-in, registration and SMS requests per client per window.
    pub auth: i64,
    pub window: Duration,
    /// Proxies whose `X-Forwarded-For` is believed (the load balancer's addresses).
    pub trusted_proxies: Vec<IpAddr>,
}

/// The client address: the peer, or, when the peer is a trusted proxy, the nearest address in
/// `X-Forwarded-For` that is not one (the rest of that header is the client's to forge).
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.unwrap_or_default().split(',').rev().filter_map(|h| h.trim().parse::<IpAddr>().ok());
    let mut nearest = peer;
    for hop in hops {
        nearest = hop;
        if !trusted.contains(&hop) {
            break;
        }
    }
    nearest
}

/// Records [`ClientIp`] for the layers and handlers after it.
pub async fn resolve_client(State(limits): State<Arc<Limits>>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = peer {
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let ip = client_ip(peer, forwarded, &limits.trusted_proxies);
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// Paths that sign in or cost an SMS: the REST ones and the pages' server functions.
pub(crate) fn is_auth(path: &str) -> bool {
    use app::server_fns::accounts::{Login, Register, ResetPassword, SendSmsCode};
    path.starts_with("/api/auth/")
        || [Login::PATH, Register::PATH, ResetPassword::PATH, SendSmsCode::PATH].contains(&path)
}

/// The limit for the REST API (mounted on its routes).
pub async fn api(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let (bucket, limit) = if is_auth(req.uri().path()) { ("auth", limits.auth) } else { ("api", limits.api) };
    check(&limits, bucket, limit, req, next).await
}

/// The stricter limit for the sign-in server functions (mounted on the whole app).
pub async fn auth_server_fns(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/auth/") || !is_auth(req.uri().path()) {
        return next.run(req).await;
    }
    check(&limits, "auth", limits.auth, req, next).await
}

async fn check(limits: &Limits, bucket: &str, limit: i64, req: Request, next: Next) -> Response {
    let Some(ClientIp(ip)) = req.extensions().get::<ClientIp>().copied() else {
        return next.run(req).await;
    };
    match limits.market.cache.hit_sliding(&format!("ratelimit:{bucket}:{ip}"), limits.window).await {
        Ok(window) if window.estimate() <= limit => next.run(req).await,
        Ok(window) => {
            tracing::warn!(%ip, bucket, "rate limited");
            let retry_after_secs = window.retry_after(limit);
            crate::api::ApiFailure::from(market::MarketError::RateLimited { retry_after_secs }).into_response()
        }
        // The counters are down. Signing in and SMS codes wait (unlimited, they would invite
        // guessing and SMS bombing); everything else is served without a limit.
        Err(e) if bucket == "auth" => {
            tracing::error!(error = %e, "rate limit counter unavailable; refusing sign-in and SMS");
            crate::api::ApiFailure::unavailable().into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "rate limit counter unavailable");
            next.run(req).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let lb = [ip("10.0.0.1")];
        assert_eq!(
            client_ip(ip("1.2.3.4"), Some("9.9.9.9"), &lb),
            ip("1.2.3.4"),
            "a direct client cannot claim another address"
        );
        assert_eq!(client_ip(ip("10.0.0.1"), Some("9.9.9.9, 5.6.7.8"), &lb), ip("5.6.7.8"), "the hop the proxy saw");
        assert_eq!(
            client_ip(ip("10.0.0.1"), Some("5.6.7.8, 10.0.0.1"), &lb),
            ip("5.6.7.8"),
            "trusted hops are skipped"
        );
        assert_eq!(client_ip(ip("10.0.0.1"), None, &lb), ip("10.0.0.1"));
        assert_eq!(client_ip(ip("10.0.0.1"), Some("garbage"), &lb), ip("10.0.0.1"));
    }

    #[test]
    fn sign_in_paths_are_recognised() {
        use app::server_fns::accounts::{Login, ResetPassword};
        assert!(is_auth("/api/auth/login") && is_auth(Login::PATH));
        assert!(is_auth("/api/auth/password-reset") && is_auth(ResetPassword::PATH));
        assert!(!is_auth("/api/ideas") && !is_auth("/"));
    }
}
