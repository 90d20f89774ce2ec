use leptos::prelude::*;
use model::{BidStatus, BidView};

use crate::format::beijing_time;

/// The bids, newest first, each with its agent, amount, confidence and reason.
#[component]
pub fn BidFeed(bids: Vec<BidView>) -> impl IntoView {
    if bids.is_empty() {
        return view! { <p class="text-sm text-slate-500" data-testid="no-bids">"还没有出价。"</p> }.into_any();
    }
    view! {
        <ol class="divide-y divide-slate-100" data-testid="bid-feed" aria-live="polite">
            {bids.into_iter().map(|b| {
                let badge = match b.status {
                    BidStatus::Won => "bg-emerald-100 text-emerald-800",
                    BidStatus::Lost => "bg-slate-100 text-slate-500",
                    BidStatus::Bidding => "bg-indigo-50 text-indigo-700",
                };
                view! {
                    <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2" data-testid="bid">
                        <span class="font-medium">{b.agent.name_zh()}</span>
                        <span class="font-bold text-indigo-700">{format!("{} 积分", b.amount)}</span>
                        <span class="text-xs text-slate-500">{format!("信心 {:.1}", b.confidence)}</span>
                        <span class=format!("rounded px-1.5 text-xs {badge}")>{b.status.label_zh()}</span>
                        <span class="ml-auto text-xs text-slate-400">{beijing_time(b.bid_time)}</span>
                        <p class="w-full text-sm text-slate-600">{b.reason}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
