use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::payments::{OrderStateBadge, price};
use crate::format::{beijing_time, thousands};
use crate::server_fns::payments::list_orders;

/// The member's orders with their states, each linking to its page and receipt.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = Resource::new(|| (), |()| list_orders());
    view! {
        <Title text="我的订单 · AI创意交易市场"/>
        <Meta name="description" content="你的积分充值订单。"/>
        <div class="mx-auto max-w-3xl space-y-4">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="text-xl font-bold">"我的订单"</h1>
                <a href="/credits/buy" class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline-offset-2 hover:underline">"购买积分"</a>
            </div>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">"登录后查看你的订单。"</p>
                                <a href="/login?next=%2Forders" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">"登录"</a>
                            </div>
                        }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200" data-testid="orders-empty">
                                "还没有订单。" <a href="/credits/buy" class="text-indigo-700 underline">"去购买积分"</a>
                            </p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200" data-testid="order-list">
                                {list.into_iter().map(|o| view! {
                                    <li>
                                        <a href=format!("/orders/{}", o.id) class="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50" data-testid="order-row">
                                            <span class="font-medium">{format!("{} 积分", thousands(o.credits))}</span>
                                            <span class="text-slate-700">{price(o.amount_fen)}</span>
                                            <OrderStateBadge state=o.state/>
                                            <span class="ml-auto text-sm text-slate-500">{beijing_time(o.created_at)}</span>
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
