//! URL pieces shared by the pages and the server.

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
