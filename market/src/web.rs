//! The session cookie and how a request carries its session (cookie or Bearer token).

/// Cookie name; the `__Host-` prefix comes with HTTPS (see the security issue).
pub const SESSION_COOKIE: &str = "ai_market_session";

/// `Set-Cookie` value that starts a browser session: HttpOnly, SameSite=Lax, Secure behind HTTPS.
pub fn session_cookie(token: &str, secure: bool, max_age_secs: u64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", secure, 0)
}

/// The session token of a request: the `Authorization: Bearer` header first, then the cookie.
pub fn session_token<'a>(authorization: Option<&'a str>, cookie: Option<&'a str>) -> Option<&'a str> {
    if let Some(token) = authorization.and_then(|a| a.strip_prefix("Bearer ")).map(str::trim) {
        return Some(token).filter(|t| !t.is_empty());
    }
    cookie?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comes_from_bearer_then_cookie() {
        assert_eq!(session_token(Some("Bearer abc"), Some("ai_market_session=def")), Some("abc"));
        assert_eq!(session_token(None, Some("x=1; ai_market_session=def; y=2")), Some("def"));
        assert_eq!(session_token(None, Some("ai_market_session=")), None);
        assert_eq!(session_token(Some("Basic abc"), None), None);
        assert!(session_cookie("t", true, 60).contains("HttpOnly; SameSite=Lax; Max-Age=60; Secure"));
    }
}
