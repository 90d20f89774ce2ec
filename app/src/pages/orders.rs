use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::payments::{OrderStateBadge, price};
use crate::i18n::use_text;
use crate::server_fns::payments::list_orders;

/// The member's orders with their states, each linking to its page and receipt.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |()| list_orders());
    let t = use_text();
    let o = &t.plans.orders;
    view! {
        <Title text=t.title(o.list_title)/>
        <Meta name="description" content=o.list_description/>
        <div class="mx-auto max-w-3xl space-y-4">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="text-xl font-bold">{o.list_title}</h1>
                <a href="/credits/buy" class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline-offset-2 hover:underline">{o.buy_credits}</a>
            </div>
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">{o.sign_in_to_see_orders}</p>
                                <a href="/login?next=%2Forders" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
                            </div>
                        }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200" data-testid="orders-empty">
                                {o.no_orders} <a href="/credits/buy" class="text-indigo-700 underline">{o.go_buy_credits}</a>
                            </p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200" data-testid="order-list">
                                {list.into_iter().map(|order| view! {
                                    <li>
                                        <a href=format!("/orders/{}", order.id) class="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50" data-testid="order-row">
                                            <span class="font-medium">{(t.common.credits)(order.credits)}</span>
                                            <span class="text-slate-700">{price(order.amount_fen)}</span>
                                            <OrderStateBadge state=order.state/>
                                            <span class="ml-auto text-sm text-slate-500">{(t.labels.when)(order.created_at)}</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
