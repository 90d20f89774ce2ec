use leptos::prelude::*;
use model::{AuctionState, AuctionView, Outcome};

use super::{AnalysisCard, BidChart, BidFeed};
use crate::browser;
use crate::clock::use_clock;
use crate::i18n::{Text, use_text};

/// "剩余 2:05" until the close, which moves when an extension comes in.
fn countdown(t: &Text, closes_at_ms: i64, now_ms: i64) -> String {
    let left = (closes_at_ms - now_ms).max(0) / 1000;
    if left == 0 { t.auction.closing_now.to_owned() } else { (t.auction.time_left)(left) }
}

/// The analyses and the auction of one idea, followed live while it runs (`live`: the auction
/// has not closed yet). The page hands it the view it read (`initial`), so the browser hydrates
/// exactly what the server rendered: no resource, no suspense, nothing fetched at hydration.
///
/// Lazy: one of the largest islands, so its code is a wasm file of its own that only a page
/// showing it fetches (README, "What the browser runs").
#[island(lazy)]
pub fn AuctionPanel(initial: AuctionView, live: bool) -> impl IntoView {
    browser::island_ready();
    #[cfg(not(feature = "hydrate"))]
    let _ = live;
    let shown = RwSignal::new(initial);
    let t = use_text();
    let now = use_clock();
    // A bid that follows the newest one shown is applied in place; anything else (a missed bid,
    // the open, the close) reloads the view from the database. At thousands of pages per auction
    // this keeps a bid from costing thousands of reads. EventSource reconnects by itself, and its
    // catch-up bids arrive in order. The stream opens once the panel has hydrated (an effect).
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if !live {
            return;
        }
        let reloads = reload::Reloads::new(shown);
        if let Some(source) = stream::listen(shown.with_untracked(|v| v.idea_id), move |event| {
            let next = event.filter(|_| !reloads.pending()).and_then(|event| {
                shown.with_untracked(|v| {
                    let mut v = v.clone();
                    v.apply(&event).then_some(v)
                })
            });
            match next {
                Some(v) => shown.set(v),
                None => reloads.start(),
            }
        }) {
            let source = send_wrapper::SendWrapper::new(source);
            on_cleanup(move || drop(source.take()));
        }
    });

    view! {
        <section class="space-y-4" data-testid="auction-panel">
            {move || panel(t, shown.get(), now)}
        </section>
    }
}

fn panel(t: &'static Text, v: AuctionView, now: RwSignal<i64>) -> impl IntoView {
    let Some(auction) = v.auction.clone() else {
        return view! {
            <div class="rounded-xl bg-amber-50 p-4 text-amber-900" data-testid="analysing">
                <h2 class="font-semibold">{t.auction.analysing_title}</h2>
                <p class="mt-1 text-sm">{t.auction.analysing_text}</p>
            </div>
        }
        .into_any();
    };
    let AuctionState { reserve, price, leader, closes_at, extensions, outcome } = auction;
    let closes_ms = closes_at.timestamp_millis();
    let status = match outcome {
        Some(Outcome::Sold { agent, amount }) => view! {
            <p class="text-lg font-semibold text-emerald-700" data-testid="auction-outcome">
                {(t.auction.sold)((t.labels.agent)(agent), amount)}
            </p>
        }
        .into_any(),
        Some(Outcome::Unsold) => view! {
            <p class="text-lg font-semibold text-slate-600" data-testid="auction-outcome">{t.auction.unsold}</p>
        }
        .into_any(),
        None => view! {
            <p class="text-lg font-semibold text-indigo-700" data-testid="countdown">{move || countdown(t, closes_ms, now.get())}</p>
        }
        .into_any(),
    };
    view! {
        <div class="grid gap-4 md:grid-cols-3">
            <div class="rounded-xl bg-white p-4 ring-1 ring-slate-200 md:col-span-1">
                <h2 class="font-semibold">{t.auction.bidding}</h2>
                {status}
                <dl class="mt-2 grid grid-cols-2 gap-y-1 text-sm">
                    <dt class="text-slate-500">{t.auction.price}</dt>
                    <dd class="font-bold" data-testid="current-price">{price.map_or("—".to_owned(), t.common.credits)}</dd>
                    <dt class="text-slate-500">{t.auction.leader}</dt>
                    <dd data-testid="leader">{leader.map_or("—", t.labels.agent)}</dd>
                    <dt class="text-slate-500">{t.auction.reserve}</dt>
                    <dd>{(t.common.credits)(reserve)}</dd>
                    <dt class="text-slate-500">{t.auction.ai_score}</dt>
                    <dd>{(t.auction.score_spread)(v.ai_score, v.disagreement)}</dd>
                    <dt class="text-slate-500">{t.auction.extensions_label}</dt>
                    <dd>{(t.auction.extensions)(extensions)}</dd>
                </dl>
                <BidChart bids=v.bids.clone() reserve/>
            </div>
            <div class="rounded-xl bg-white p-4 ring-1 ring-slate-200 md:col-span-2">
                <h2 class="mb-1 font-semibold">{(t.auction.bids)(v.bids.len())}</h2>
                <BidFeed bids=v.bids.clone()/>
            </div>
        </div>
        <h2 class="font-semibold">{t.auction.analyses}</h2>
        <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {v.analyses.into_iter().map(|analysis| view! { <AnalysisCard analysis/> }).collect_view()}
        </div>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod reload {
    use leptos::prelude::*;
    use model::AuctionView;

    use crate::server_fns::ideas::get_auction;

    /// Reloads of the view from the server. Only the newest one started is applied, and while
    /// one is on its way a live bid is not applied in place (the reload may have read the
    /// database before that bid and would then take it away again): it starts another reload.
    #[derive(Clone, Copy)]
    pub struct Reloads {
        view: RwSignal<AuctionView>,
        started: StoredValue<u64>,
        finished: StoredValue<u64>,
    }

    impl Reloads {
        pub fn new(view: RwSignal<AuctionView>) -> Self {
            Self { view, started: StoredValue::new(0), finished: StoredValue::new(0) }
        }

        pub fn pending(&self) -> bool {
            self.started.get_value() != self.finished.get_value()
        }

        pub fn start(self) {
            self.started.update_value(|n| *n += 1);
            let this_one = self.started.get_value();
            let id = self.view.with_untracked(|v| v.idea_id);
            leptos::task::spawn_local(async move {
                let read = get_auction(id).await;
                // A newer reload is on its way: this one's answer may be older than its.
                // (The panel may be gone by now: the `try_` calls then do nothing.)
                if self.started.try_get_value() != Some(this_one) {
                    return;
                }
                self.finished.try_set_value(this_one);
                // A failed reload keeps what is shown; the next event tries again.
                if let Ok(fresh) = read {
                    self.view.try_set(fresh);
                }
            });
        }
    }
}

#[cfg(feature = "hydrate")]
mod stream {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    /// An open EventSource and its listener; dropping it closes the connection.
    pub struct Listening {
        source: web_sys::EventSource,
        _listener: Closure<dyn Fn(web_sys::MessageEvent)>,
    }

    impl Drop for Listening {
        fn drop(&mut self) {
            self.source.close();
        }
    }

    /// Calls `on_event` with each event of the idea's stream (`None` if one cannot be read), up to
    /// `closed`, after which the server ends the stream and the page stops listening.
    pub fn listen(idea_id: i64, on_event: impl Fn(Option<model::AuctionEvent>) + 'static) -> Option<Listening> {
        let source = web_sys::EventSource::new(&format!("/api/ideas/{idea_id}/stream")).ok()?;
        let this = source.clone();
        let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            if message.type_() == "closed" {
                this.close();
            }
            on_event(message.data().as_string().and_then(|json| serde_json::from_str(&json).ok()))
        });
        for name in ["opened", "bid", "closed"] {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        Some(Listening { source, _listener: listener })
    }
}
