use leptos::prelude::*;

use crate::browser;
use crate::i18n::{Text, use_text};

/// The header's bell with the unread count: rendered with the page (so it shows without
/// JavaScript), then kept current by the member's notification stream, which every instance
/// feeds.
#[island]
pub fn NotificationBell(unread: i64) -> impl IntoView {
    browser::island_ready();
    let count = RwSignal::new(unread);
    follow_count(count);
    let t = use_text();
    view! {
        <a href="/notifications" data-testid="bell" aria-label=move || label(t, count.get())
            class="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-full text-slate-700 hover:bg-slate-100 hover:text-indigo-700">
            <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="1.8"
                stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
                <path d="M6 16v-5a6 6 0 0 1 12 0v5l1.5 2h-15z"/>
                <path d="M10 20.5a2 2 0 0 0 4 0"/>
            </svg>
            <span data-testid="bell-count" aria-hidden="true"
                class=move || badge_class(count.get())>
                {move || badge(count.get())}
            </span>
        </a>
    }
}

fn badge_class(unread: i64) -> &'static str {
    if unread > 0 {
        "absolute right-0.5 top-0.5 min-w-5 rounded-full bg-rose-600 px-1 text-center text-xs font-semibold leading-5 text-white"
    } else {
        "hidden"
    }
}

fn label(t: &Text, unread: i64) -> String {
    if unread > 0 { (t.common.unread)(unread) } else { t.common.notifications.to_owned() }
}

fn badge(unread: i64) -> String {
    if unread > 99 { "99+".to_owned() } else { unread.to_string() }
}

/// Sets `count` from each `unread` event for as long as the island lives.
fn follow_count(count: RwSignal<i64>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(listening) = stream::listen(count) {
            let listening = send_wrapper::SendWrapper::new(listening);
            on_cleanup(move || drop(listening.take()));
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}

#[cfg(feature = "hydrate")]
mod stream {
    use leptos::prelude::{RwSignal, Set};
    use model::UnreadCount;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    /// An open EventSource and its listener; dropping it closes the connection.
    pub struct Listening {
        source: web_sys::EventSource,
        _listener: Closure<dyn Fn(web_sys::Event)>,
    }

    impl Drop for Listening {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    pub fn listen(count: RwSignal<i64>) -> Option<Listening> {
        let source = web_sys::EventSource::new("/api/notifications/stream").ok()?;
        // The stream sends the count on each (re)connection, so nothing missed stays stale.
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let data = ev.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
            if let Some(UnreadCount { unread }) = data.and_then(|d| serde_json::from_str(&d).ok()) {
                count.set(unread);
            }
        });
        let _ = source.add_event_listener_with_callback("unread", listener.as_ref().unchecked_ref());
        Some(Listening { source, _listener: listener })
    }
}
