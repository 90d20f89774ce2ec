//! The current time for countdowns and elapsed clocks, ticking in the browser.

use leptos::prelude::*;

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now() as i64;
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    return chrono::Utc::now().timestamp_millis();
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    0
}

/// The current time, updated every second in the browser (on the server it stays put).
pub fn use_clock() -> RwSignal<i64> {
    let now = RwSignal::new(now_millis());
    Effect::new(move |_| {
        let handle = set_interval_with_handle(move || now.set(now_millis()), std::time::Duration::from_secs(1));
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
    now
}
