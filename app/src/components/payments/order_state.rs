use leptos::prelude::*;
use model::OrderState;

use crate::i18n::use_text;

/// An order's state as a coloured label.
#[component]
pub fn OrderStateBadge(state: OrderState) -> impl IntoView {
    let t = use_text();
    let colour = match state {
        OrderState::Created => "bg-amber-50 text-amber-800 ring-amber-200",
        OrderState::Credited => "bg-emerald-50 text-emerald-800 ring-emerald-200",
        OrderState::Paid => "bg-sky-50 text-sky-800 ring-sky-200",
        OrderState::Closed | OrderState::Refunded => "bg-slate-100 text-slate-700 ring-slate-200",
    };
    view! {
        <span class=format!("inline-block rounded px-2 py-0.5 text-xs ring-1 {colour}") data-testid="order-state">
            {(t.labels.order_state)(state)}
        </span>
    }
}

/// `¥45.00`.
pub fn price(fen: i64) -> String {
    format!("¥{}", model::yuan(fen))
}
