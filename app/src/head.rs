//! What every page puts in its `<head>`.

/// The formatter of the root `<Title>`, through which every page's title passes.
///
/// leptos_meta 0.8.7 (and 0.9.0-rc1, the newest release to date) writes the title's text into
/// `<title>` on the server as it is (`ServerMetaContextOutput::inject_meta_context`), unlike the
/// text and attributes of the body, which tachys escapes. A stored idea title such as
/// `</title><meta http-equiv=refresh …>` would end the element and add live markup to the head.
/// So the server escapes it here, once. In the browser `document.title` takes plain text, and
/// escaping there would show the entities.
pub fn title(text: String) -> String {
    if cfg!(feature = "ssr") { model::html::escape_text(&text) } else { text }
}
