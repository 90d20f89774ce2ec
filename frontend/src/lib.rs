//! Hydrates the interactive parts of the server-rendered page: its islands.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Each island reports when it is interactive; a page without islands already is.
    app::browser::mark_hydrated_if_no_islands();
}
