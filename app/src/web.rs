//! The web edge of a session: the cookie that carries it, how a request presents it (cookie or
//! Bearer token), the address it comes from and the policy a page is served with.

/// The address a request comes from, as far as it can be trusted (the server resolves it once
/// per request, believing `X-Forwarded-For` only from its trusted proxies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

/// Cookie name over plain HTTP (development)...
pub const SESSION_COOKIE: &str = "ai_market_session";
/// ...and behind HTTPS, where the `__Host-` prefix makes the browser refuse the cookie unless it
/// is Secure, for this exact host and path `/`: a sibling subdomain cannot plant one.
pub const SECURE_SESSION_COOKIE: &str = "__Host-ai_market_session";

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
}

/// `Set-Cookie` value that starts a browser session: HttpOnly, SameSite=Lax, Secure behind HTTPS.
pub fn session_cookie(token: &str, secure: bool, max_age_secs: u64) -> String {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// The cookie that remembers a browser's language of the interface.
pub const LANG_COOKIE: &str = "ai_market_lang";

/// `Set-Cookie` value that remembers the language of the interface for a year (HttpOnly: the
/// page's `lang` tells scripts the language, nothing reads the cookie).
pub fn language_cookie(lang: model::Lang, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LANG_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}", lang.tag())
}

/// The Content-Security-Policy of a page rendered by Leptos: scripts only from this site or
/// carrying the page's nonce (the inline hydration script), `wasm-unsafe-eval` to start the wasm.
/// Under `cargo leptos watch` (`live_reload`, its port) the page may also open the socket that
/// tells it to reload.
pub fn page_csp(nonce: &str, live_reload: Option<u32>) -> String {
    let reload = live_reload.map(|port| format!(" ws://*:{port}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", secure, 0)
}

/// The session token of a request: the `Authorization: Bearer` header first, then the cookie
/// of the name this deployment uses (only the `__Host-` one behind HTTPS).
pub fn session_token<'a>(authorization: Option<&'a str>, cookie: Option<&'a str>, secure: bool) -> Option<&'a str> {
    if let Some(token) = authorization.and_then(|a| a.strip_prefix("Bearer ")).map(str::trim) {
        return Some(token).filter(|t| !t.is_empty());
    }
    cookie_value(cookie?, cookie_name(secure)).filter(|v| !v.is_empty())
}

/// The language a `Cookie` header asks for, if any.
pub fn language_from_cookies(header: &str) -> Option<model::Lang> {
    cookie_value(header, LANG_COOKIE).and_then(model::Lang::parse)
}

/// The language an API answer is written in: the language cookie's, else English when the first
/// tag of `Accept-Language` is English (`en`, `en-US`…), else Chinese, the default.
pub fn answer_language(cookie: Option<&str>, accept_language: Option<&str>) -> model::Lang {
    if let Some(lang) = cookie.and_then(language_from_cookies) {
        return lang;
    }
    let first = accept_language.and_then(|v| v.split(',').next()).and_then(|t| t.split(';').next()).unwrap_or("");
    let first = first.trim().to_ascii_lowercase();
    if first == "en" || first.starts_with("en-") { model::Lang::En } else { model::Lang::Zh }
}

/// The value of the cookie `name` in a `Cookie` header.
fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').filter_map(|pair| pair.trim().split_once('=')).find(|(n, _)| *n == name).map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_found_among_others() {
        use model::Lang;
        assert_eq!(language_from_cookies("a=1; ai_market_lang=en; b=2"), Some(Lang::En));
        assert_eq!(language_from_cookies("ai_market_lang=zh-CN"), Some(Lang::Zh));
        assert_eq!(language_from_cookies("x_ai_market_lang=en"), None);
        assert_eq!(language_from_cookies("ai_market_lang=klingon"), None);
        assert_eq!(language_from_cookies(""), None);
    }

    #[test]
    fn an_answer_follows_the_cookie_then_the_first_accepted_language() {
        use model::Lang;
        assert_eq!(answer_language(None, None), Lang::Zh);
        assert_eq!(answer_language(None, Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(answer_language(None, Some("EN")), Lang::En);
        assert_eq!(answer_language(None, Some("en;q=0.8")), Lang::En);
        assert_eq!(answer_language(None, Some("zh-CN,en;q=0.9")), Lang::Zh, "only the first tag counts");
        assert_eq!(answer_language(None, Some("eno, fr")), Lang::Zh);
        assert_eq!(answer_language(Some("ai_market_lang=zh-CN"), Some("en-US")), Lang::Zh, "the cookie first");
        assert_eq!(answer_language(Some("ai_market_lang=en"), Some("zh-CN")), Lang::En);
        assert_eq!(answer_language(Some("ai_market_lang=klingon"), Some("en-GB")), Lang::En);
    }

    #[test]
    fn token_comes_from_bearer_then_cookie() {
        assert_eq!(session_token(Some("Bearer abc"), Some("ai_market_session=def"), false), Some("abc"));
        assert_eq!(session_token(None, Some("x=1; ai_market_session=def; y=2"), false), Some("def"));
        assert_eq!(session_token(None, Some("ai_market_session="), false), None);
        assert_eq!(session_token(Some("Basic abc"), None, false), None);
        // Behind HTTPS only the __Host- cookie counts: a planted plain one is ignored.
        assert_eq!(session_token(None, Some("ai_market_session=planted"), true), None);
        assert_eq!(session_token(None, Some("ai_market_session=x; __Host-ai_market_session=real"), true), Some("real"));
        let cookie = session_cookie("t", true, 60);
        assert!(cookie.starts_with("__Host-ai_market_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"));
        assert!(!cookie.contains("Domain"), "{cookie}");
        assert!(session_cookie("t", false, 60).starts_with("ai_market_session=t;"));
    }

    #[test]
    fn the_page_policy_carries_the_nonce_and_allows_no_eval() {
        let csp = page_csp("abc123", None);
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        assert!(page_csp("abc123", Some(3001)).contains("connect-src 'self' ws://*:3001;"));
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("'unsafe-eval'"), "{csp}");
        assert!(csp.contains("style-src 'self';") && !csp.contains("'unsafe-inline'"), "{csp}");
        assert!(csp.contains("base-uri 'none'"), "{csp}");
    }
}
