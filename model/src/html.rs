//! Text placed inside HTML by hand, where no framework escapes it.

/// `text` as the content of an element: `&`, `<` and `>` become entities, so it can close no
/// element and open none. Quotes stay: this is not for attribute values.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape_text(r#"</title><meta http-equiv=refresh content="0;url=x"> & 'y'"#),
            r#"&lt;/title&gt;&lt;meta http-equiv=refresh content="0;url=x"&gt; &amp; 'y'"#
        );
        assert_eq!(escape_text("共享厨房"), "共享厨房");
        // Escaping is not idempotent on purpose: an entity in the text is shown as typed.
        assert_eq!(escape_text("&amp;"), "&amp;amp;");
    }
}
