//! Hydrates the interactive parts of the server-rendered page: its islands.

// The islands' exports live in `app`; naming the crate links it, however little this one calls.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
