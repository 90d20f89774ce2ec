use leptos::prelude::*;
use model::{BidStatus, BidView};

use crate::i18n::use_text;

/// The bids, newest first, each with its agent, amount, confidence and reason.
#[component]
pub fn BidFeed(bids: Vec<BidView>) -> impl IntoView {
    let t = use_text();
    if bids.is_empty() {
        return view! { <p class="text-sm text-slate-500" data-testid="no-bids">{t.auction.no_bids}</p> }.into_any();
    }
    view! {
        <ol class="divide-y divide-slate-100" data-testid="bid-feed" aria-live="polite">
            {bids.into_iter().map(|b| {
                let badge = match b.status {
                    BidStatus::Won => "bg-emerald-100 text-emerald-800",
                    BidStatus::Lost => "bg-slate-100 text-slate-600",
                    BidStatus::Bidding => "bg-indigo-50 text-indigo-700",
                };
                view! {
                    <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2" data-testid="bid">
                        <span class="font-medium">{(t.labels.agent)(b.agent)}</span>
                        <span class="font-bold text-indigo-700">{(t.common.credits)(b.amount)}</span>
                        <span class="text-xs text-slate-500">{(t.auction.confidence)(b.confidence)}</span>
                        <span class=format!("rounded px-1.5 text-xs {badge}")>{(t.labels.bid_status)(b.status)}</span>
                        <span class="ml-auto text-xs text-slate-500">{(t.labels.when)(b.bid_time)}</span>
                        <p class="w-full text-sm text-slate-600" lang="zh-CN">{b.reason}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
