//! Copying a link for the reader, in the browser only.

use leptos::prelude::window;
use wasm_bindgen::JsValue;

use crate::i18n::Text;

/// Copies through the Clipboard API where the page may use it (HTTPS or localhost); elsewhere
/// selects the text so the reader can copy it by hand.
pub fn copy(text: &str, input: Option<web_sys::HtmlInputElement>, t: &Text) -> &'static str {
    let navigator = window().navigator();
    let available = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if available {
        let _ = navigator.clipboard().write_text(text);
        return t.common.copied;
    }
    if let Some(input) = input {
        let _ = input.focus();
        input.select();
    }
    t.common.selected
}
