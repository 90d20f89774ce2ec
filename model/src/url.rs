//! URL pieces shared by the pages and the server.

use std::fmt;

use serde::{Deserialize, Serialize};

/// RFC 3986 encoding of UTF-8: `A-Z a-z 0-9 - _ . ~` stay, every other byte becomes `%XY`
/// (so a space is `%20`, never `+`, and `*` is `%2A`).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Longer return-to values are refused rather than parsed: no page of the site needs one.
pub const LOCAL_PATH_MAX: usize = 2048;

/// A stand-in for this site's origin. `.invalid` can never be a real host (RFC 2606), so no
/// input naming another site can share it.
const SITE: &str = "https://site.invalid/";

/// `input` resolved against [`SITE`], as the path, query and fragment, when it stays there: the
/// whole serialised address must begin with the site, so another scheme, host or port, and a
/// user name before the host, all leave. The server parses with the `url` crate; the browser
/// with its own `URL`, the same standard at no cost to the wasm (the crate adds 80 KB gzipped).
fn on_site(input: &str) -> Option<String> {
    #[cfg(not(target_arch = "wasm32"))]
    let href = ::url::Url::parse(SITE).ok()?.join(input).ok()?.to_string();
    #[cfg(target_arch = "wasm32")]
    let href = web_sys::Url::new_with_base(input, SITE).ok()?.href();
    href.strip_prefix(SITE.trim_end_matches('/')).filter(|p| p.starts_with('/')).map(str::to_owned)
}

/// A path on this site, with its query and fragment: the only thing a page navigates or
/// redirects to when the address came from input (`?next=`, a return-to value). It is made by
/// parsing the input as browsers do (the WHATWG URL standard, which drops tabs and newlines and
/// reads `\` as `/`) against this site's origin, and kept only when the origin is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalPath(String);

/// A return-to value that leaves this site, or that is empty or too long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLocal;

impl fmt::Display for NotLocal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a path on this site")
    }
}

impl std::error::Error for NotLocal {}

impl LocalPath {
    /// The path `input` names on this site, or `NotLocal`.
    pub fn parse(input: &str) -> Result<Self, NotLocal> {
        if input.trim().is_empty() || input.len() > LOCAL_PATH_MAX {
            return Err(NotLocal);
        }
        let path = on_site(input).ok_or(NotLocal)?;
        // A serialised path can begin with `//` (`/.//x` is `//x`), which a browser would read
        // as another host: such a path is refused, and what is kept parses back to itself.
        if path.starts_with("//") || on_site(&path).as_deref() != Some(path.as_str()) {
            return Err(NotLocal);
        }
        Ok(Self(path))
    }

    /// `input` when it is a path on this site, otherwise the home page.
    pub fn or_home(input: Option<&str>) -> Self {
        input.and_then(|s| Self::parse(s).ok()).unwrap_or_else(Self::home)
    }

    /// The home page, `/`.
    pub fn home() -> Self {
        Self("/".to_owned())
    }

    /// An idea's page.
    pub fn idea(id: i64) -> Self {
        Self(format!("/ideas/{id}"))
    }

    /// An order's page (its state, and its receipt once paid).
    pub fn order(id: i64) -> Self {
        Self(format!("/orders/{id}"))
    }

    /// A plan's page, with the share token the reader came with.
    pub fn plan(id: i64, share: Option<&str>) -> Self {
        match share {
            Some(token) => Self(format!("/plans/{id}?share={}", percent_encode(token))),
            None => Self(format!("/plans/{id}")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The sign-in page, coming back here afterwards.
    pub fn login_page(&self) -> Self {
        Self(format!("/login?next={}", percent_encode(&self.0)))
    }

    /// The registration page, coming back here afterwards.
    pub fn register_page(&self) -> Self {
        Self(format!("/register?next={}", percent_encode(&self.0)))
    }
}

impl TryFrom<String> for LocalPath {
    type Error = NotLocal;

    fn try_from(s: String) -> Result<Self, NotLocal> {
        Self::parse(&s)
    }
}

impl From<LocalPath> for String {
    fn from(p: LocalPath) -> String {
        p.0
    }
}

impl fmt::Display for LocalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> Option<String> {
        LocalPath::parse(s).ok().map(String::from)
    }

    #[test]
    fn paths_on_this_site_are_kept() {
        assert_eq!(local("/submit").as_deref(), Some("/submit"));
        assert_eq!(local("/ideas/3?x=1#bids").as_deref(), Some("/ideas/3?x=1#bids"));
        assert_eq!(local("/plans/7?share=a%2Fb").as_deref(), Some("/plans/7?share=a%2Fb"));
        assert_eq!(local("/?search=共享").as_deref(), Some("/?search=%E5%85%B1%E4%BA%AB"));
        assert_eq!(local("ideas/3").as_deref(), Some("/ideas/3"), "relative to the site's root");
        assert_eq!(local("/a/../credits").as_deref(), Some("/credits"));
        // Encoded slashes stay encoded: one path segment, never a host.
        assert_eq!(local("/%2F%2Fevil.example").as_deref(), Some("/%2F%2Fevil.example"));
        assert_eq!(local("/%5C%5Cevil.example").as_deref(), Some("/%5C%5Cevil.example"));
        // The site's own scheme without slashes is a relative path, as in a browser.
        assert_eq!(local("https:evil.example").as_deref(), Some("/evil.example"));
        assert_eq!(local("https:/evil.example").as_deref(), Some("/evil.example"));
    }

    #[test]
    fn addresses_that_leave_the_site_are_refused() {
        let long = format!("/{}", "a".repeat(LOCAL_PATH_MAX));
        for evil in [
            "//evil.example",
            "///evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "\u{0}//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "\\/evil.example",
            "/.//evil.example",
            "/./\t/evil.example",
            "https://evil.example",
            "https://evil.example/login",
            "http://site.invalid/",
            "HTTPS://evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "mailto:a@evil.example",
            "ftp://evil.example",
            "//user:pw@evil.example",
            "https://site.invalid@evil.example/",
            "https://user@site.invalid/credits",
            "//evil.example\\@site.invalid",
            "//%65vil.example",
            "",
            "   ",
            "\t\n",
            long.as_str(),
        ] {
            assert_eq!(local(evil), None, "{evil:?}");
        }
    }

    #[test]
    fn refused_values_fall_back_to_home() {
        assert_eq!(LocalPath::or_home(Some("/\t/evil.example")).as_str(), "/");
        assert_eq!(LocalPath::or_home(None).as_str(), "/");
        assert_eq!(LocalPath::or_home(Some("/credits")).as_str(), "/credits");
    }

    #[test]
    fn links_carry_the_path_encoded() {
        let plan = LocalPath::plan(7, Some("a b&c"));
        assert_eq!(plan.as_str(), "/plans/7?share=a%20b%26c");
        let login = plan.login_page();
        assert_eq!(login.as_str(), "/login?next=%2Fplans%2F7%3Fshare%3Da%2520b%2526c");
        let register = LocalPath::idea(3).register_page();
        assert_eq!(register.as_str(), "/register?next=%2Fideas%2F3");
        // Every constructor makes what parse would keep.
        for p in [LocalPath::home(), LocalPath::idea(3), plan, login, register] {
            assert_eq!(LocalPath::parse(p.as_str()), Ok(p.clone()));
        }
    }

    #[test]
    fn deserialising_checks_too() {
        let ok: Result<LocalPath, _> = serde_json::from_str(r#""/credits""#);
        assert_eq!(ok.map(String::from).ok().as_deref(), Some("/credits"));
        let evil: Result<LocalPath, _> = serde_json::from_str(r#""/\t/evil.example""#);
        assert!(evil.is_err());
    }
}
