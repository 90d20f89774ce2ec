use leptos::prelude::*;
use model::{AuctionState, AuctionView, Outcome};

use super::{AnalysisCard, BidChart, BidFeed};
use crate::browser;
use crate::clock::use_clock;
use crate::server_fns::ideas::get_auction;

/// "剩余 2:05" until the close, which moves when an extension comes in.
fn countdown(closes_at_ms: i64, now_ms: i64) -> String {
    let left = (closes_at_ms - now_ms).max(0) / 1000;
    if left == 0 { "即将结束".to_owned() } else { format!("剩余 {}:{:02}", left / 60, left % 60) }
}

/// The analyses and the auction of one idea, followed live while it runs (`live`: the auction
/// has not closed yet).
#[island]
pub fn AuctionPanel(id: i64, live: bool) -> impl IntoView {
    browser::island_ready();
    #[cfg(not(feature = "hydrate"))]
    let _ = live;
    let data = Resource::new(move || id, get_auction);
    let now = use_clock();
    // Turns true once, when the panel has its first data (a reload keeps the old value).
    let loaded = Memo::new(move |_| data.with(Option::is_some));
    #[cfg(not(feature = "hydrate"))]
    let _ = loaded;
    Effect::new(move |_| {
        // A bid that follows the newest one shown is applied in place; anything else (a missed
        // bid, the open, the close) reloads the panel from the database. At thousands of pages
        // per auction this keeps a bid from costing thousands of reads. EventSource reconnects
        // by itself, and its catch-up bids arrive in order. The stream opens only once the panel
        // has hydrated with its data: a reload while it still hydrates would disturb its
        // Transition (the suspected cause of a wasm panic that a browser test hit once in CI).
        #[cfg(feature = "hydrate")]
        if live
            && loaded.get()
            && let Some(source) = stream::listen(id, move |event| {
                // Only a bid that applies is written into the resource; anything else reloads it.
                // (Writing while it still loads, e.g. during hydration, would disturb its Suspense.)
                let next = event.and_then(|event| {
                    data.with_untracked(|loaded| match loaded {
                        Some(Ok(view)) => {
                            let mut view = view.clone();
                            view.apply(&event).then_some(view)
                        }
                        _ => None,
                    })
                });
                match next {
                    Some(view) => data.set(Some(Ok(view))),
                    None => data.refetch(),
                }
            })
        {
            let source = send_wrapper::SendWrapper::new(source);
            on_cleanup(move || drop(source.take()));
        }
    });

    view! {
        <section class="space-y-4" data-testid="auction-panel">
            <Transition fallback=|| view! { <p class="text-slate-500">"正在加载 AI 分析…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <p class="text-red-600" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(v) => panel(v, now).into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn panel(v: AuctionView, now: RwSignal<i64>) -> impl IntoView {
    let Some(auction) = v.auction.clone() else {
        return view! {
            <div class="rounded-xl bg-amber-50 p-4 text-amber-900" data-testid="analysing">
                <h2 class="font-semibold">"五位 AI 分析师正在分析这个创意…"</h2>
                <p class="mt-1 text-sm">"分析完成后竞价立即开始，本页会自动更新。"</p>
            </div>
        }
        .into_any();
    };
    let AuctionState { reserve, price, leader, closes_at, extensions, outcome } = auction;
    let closes_ms = closes_at.timestamp_millis();
    let status = match outcome {
        Some(Outcome::Sold { agent, amount }) => view! {
            <p class="text-lg font-semibold text-emerald-700" data-testid="auction-outcome">
                {format!("已成交：{} 以 {} 积分买下", agent.name_zh(), amount)}
            </p>
        }
        .into_any(),
        Some(Outcome::Unsold) => view! {
            <p class="text-lg font-semibold text-slate-600" data-testid="auction-outcome">"流拍：没有出价达到保留价"</p>
        }
        .into_any(),
        None => view! {
            <p class="text-lg font-semibold text-indigo-700" data-testid="countdown">{move || countdown(closes_ms, now.get())}</p>
        }
        .into_any(),
    };
    view! {
        <div class="grid gap-4 md:grid-cols-3">
            <div class="rounded-xl bg-white p-4 ring-1 ring-slate-200 md:col-span-1">
                <h2 class="font-semibold">"竞价"</h2>
                {status}
                <dl class="mt-2 grid grid-cols-2 gap-y-1 text-sm">
                    <dt class="text-slate-500">"当前价"</dt>
                    <dd class="font-bold" data-testid="current-price">{price.map_or("—".to_owned(), |p| format!("{p} 积分"))}</dd>
                    <dt class="text-slate-500">"领先"</dt>
                    <dd data-testid="leader">{leader.map_or("—", |a| a.name_zh())}</dd>
                    <dt class="text-slate-500">"保留价"</dt>
                    <dd>{format!("{reserve} 积分")}</dd>
                    <dt class="text-slate-500">"AI评分"</dt>
                    <dd>{format!("{:.1}（分歧 {:.1}）", v.ai_score, v.disagreement)}</dd>
                    <dt class="text-slate-500">"延时"</dt>
                    <dd>{format!("{extensions} 次")}</dd>
                </dl>
                <BidChart bids=v.bids.clone() reserve/>
            </div>
            <div class="rounded-xl bg-white p-4 ring-1 ring-slate-200 md:col-span-2">
                <h2 class="mb-1 font-semibold">{format!("出价记录（{}）", v.bids.len())}</h2>
                <BidFeed bids=v.bids.clone()/>
            </div>
        </div>
        <h2 class="font-semibold">"AI 分析"</h2>
        <div class="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {v.analyses.into_iter().map(|analysis| view! { <AnalysisCard analysis/> }).collect_view()}
        </div>
    }
    .into_any()
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
