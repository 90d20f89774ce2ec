//! What islands do to the page around them: go to another page, reload it, and say when they
//! are interactive. On the server these do nothing.

use leptos::prelude::*;
use model::url::LocalPath;

/// Goes to a page of this site (a full page load: pages render on the server). Only a
/// `LocalPath`: an address that came from input can lead nowhere else.
pub fn go_to(path: &LocalPath) {
    #[cfg(feature = "hydrate")]
    let _ = window().location().set_href(path.as_str());
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Loads the page again from the server.
pub fn reload() {
    #[cfg(feature = "hydrate")]
    let _ = window().location().reload();
}

/// Called once by every island when it is interactive: when the last island of the page is,
/// the body gets `data-hydrated="true"`, which browser tests (and curious people) can wait for.
pub fn island_ready() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let ready = body.get_attribute("data-islands-ready").and_then(|n| n.parse::<u32>().ok()).unwrap_or(0) + 1;
            let _ = body.set_attribute("data-islands-ready", &ready.to_string());
            if ready >= islands_on_page() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        }
    });
}

#[cfg(feature = "hydrate")]
fn islands_on_page() -> u32 {
    document().query_selector_all("leptos-island").map(|list| list.length()).unwrap_or(0)
}
