//! How the server meets browsers: its address, files, cookies, origins, proxies and rate limits.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use leptos::prelude::LeptosOptions;

use super::AppEnv;
use super::reader::Reader;

#[derive(Debug, Clone)]
pub struct Http {
    /// The site's settings (`Leptos.toml`): the bundles' name and package folder, and the
    /// defaults of `addr` and `site_root`.
    pub site: LeptosOptions,
    pub addr: SocketAddr,
    /// Folder with `pkg/` (wasm, js, css) and the public files.
    pub site_root: PathBuf,
    /// Largest request body the API accepts, in bytes.
    pub body_limit: usize,
    pub cookie_secure: bool,
    /// Origins besides the site itself that browsers may call the API from (CORS) and send
    /// cookie-authenticated writes from (CSRF), e.g. `https://admin.example.com`.
    pub allowed_origins: Vec<String>,
    /// Load balancers whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

/// REST requests per client per window, and the stricter budget for sign-in and SMS.
#[derive(Debug, Clone)]
pub struct RateLimits {
    pub api: i64,
    pub auth: i64,
    pub window: Duration,
}

impl Http {
    pub(super) fn read(r: &mut Reader, env: AppEnv) -> Self {
        let site = crate::site::options().unwrap_or_else(|problem| {
            r.problem(problem);
            LeptosOptions::builder().output_name(app::OUTPUT_NAME).build()
        });
        let host = r.text("HOST", &site.site_addr.ip().to_string());
        let port = r.text("PORT", &site.site_addr.port().to_string());
        let addr = format!("{host}:{port}").parse::<SocketAddr>().unwrap_or_else(|_| {
            r.problem(format!("HOST={host:?} PORT={port:?}: not an IP address and port"));
            SocketAddr::from(([127, 0, 0, 1], 3000))
        });
        let cookie_secure = match r.get("COOKIE_SECURE").as_deref() {
            None => env == AppEnv::Production,
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                r.problem(format!("COOKIE_SECURE={other:?}: use true or false"));
                true
            }
        };
        if env == AppEnv::Production && !cookie_secure {
            r.problem("COOKIE_SECURE=false: production cookies must be Secure (served over HTTPS)");
        }
        let allowed_origins: Vec<String> =
            r.list("ALLOWED_ORIGINS").into_iter().map(|o| o.trim_end_matches('/').to_owned()).collect();
        for origin in &allowed_origins {
            let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains('/')
            });
            if !valid {
                r.problem(format!("ALLOWED_ORIGINS: {origin:?} is not an origin like https://example.com"));
            }
        }
        let mut trusted_proxies = Vec::new();
        for proxy in r.list("TRUSTED_PROXIES") {
            match proxy.parse() {
                Ok(ip) => trusted_proxies.push(ip),
                Err(_) => r.problem(format!("TRUSTED_PROXIES: {proxy:?} is not an IP address")),
            }
        }
        let site_root = PathBuf::from(r.text("SITE_ROOT", &site.site_root));
        Self {
            site,
            addr,
            site_root,
            body_limit: r.number("BODY_LIMIT_BYTES", 64 * 1024),
            cookie_secure,
            allowed_origins,
            trusted_proxies,
            shutdown_grace: r.seconds("SHUTDOWN_GRACE_SECS", Duration::from_secs(20)),
        }
    }
}

impl RateLimits {
    pub(super) fn read(r: &mut Reader) -> Self {
        let limits = Self {
            api: r.number("RATE_LIMIT_API", 100),
            auth: r.number("RATE_LIMIT_AUTH", 20),
            window: r.seconds("RATE_LIMIT_WINDOW_SECS", Duration::from_secs(15 * 60)),
        };
        if limits.api < 1 || limits.auth < 1 || limits.window.as_secs() < 1 {
            r.problem("RATE_LIMIT_API, RATE_LIMIT_AUTH and RATE_LIMIT_WINDOW_SECS must be at least 1");
        }
        limits
    }
}
