use leptos::prelude::*;
use leptos_router::components::A;
use model::LedgerEntry;

use crate::format::thousands;
use crate::i18n::use_text;

/// The ledger, newest first: reason (with an admin's note), time (Beijing), signed amount and
/// balance after.
#[component]
pub fn LedgerList(entries: Vec<LedgerEntry>, page: i64, pages: i64) -> impl IntoView {
    let t = use_text();
    let empty = entries.is_empty();
    let link = move |to: i64, label: &'static str| {
        view! {
            <A href=format!("/credits?page={to}") attr:class="rounded-lg bg-white px-3 py-1.5 ring-1 ring-slate-200 hover:bg-slate-50">
                {label}
            </A>
        }
    };
    view! {
        <section class="rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
            <h2 class="border-b border-slate-100 px-5 py-3 font-semibold text-slate-800">{t.wallet.history}</h2>
            {empty.then(|| view! { <p class="px-5 py-6 text-center text-sm text-slate-500">{t.wallet.history_empty}</p> })}
            <ul class="divide-y divide-slate-100">
                {entries.into_iter().map(|e| {
                    let (sign, color) = if e.amount >= 0 { ("+", "text-emerald-700") } else { ("−", "text-red-700") };
                    view! {
                        <li class="flex items-center justify-between gap-3 px-5 py-3" data-testid="ledger-row">
                            <div class="min-w-0">
                                <p class="truncate text-sm font-medium text-slate-800">{(t.labels.ledger_reason)(&e.reason, e.amount)}</p>
                                {e.memo.map(|memo| view! { <p class="break-words text-xs text-slate-600" data-testid="ledger-memo">{memo}</p> })}
                                <p class="text-xs text-slate-500">{(t.labels.when)(e.created_at)}</p>
                            </div>
                            <div class="shrink-0 text-right">
                                <p class=format!("font-semibold {color}")>{format!("{sign}{}", thousands(e.amount.abs()))}</p>
                                <p class="text-xs text-slate-500">{(t.wallet.balance_after)(e.balance_after)}</p>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(pages > 1).then(|| view! {
                <nav class="flex items-center justify-center gap-3 border-t border-slate-100 py-3 text-sm" aria-label=t.home.pages>
                    {(page > 1).then(|| link(page - 1, t.home.previous))}
                    <span class="text-slate-600">{(t.wallet.position)(page, pages)}</span>
                    {(page < pages).then(|| link(page + 1, t.home.next))}
                </nav>
            })}
        </section>
    }
}
