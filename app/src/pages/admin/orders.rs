use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{MemberOrder, OrderState};

use crate::components::admin::{AdminNav, refusal};
use crate::components::payments::{OrderStateBadge, price};
use crate::format::{beijing_time, thousands};
use crate::server_fns::admin::{RefundMemberOrder, member_orders};

/// Every member's orders, with a refund form on each paid one (the credits come back first, and a
/// refund whose credits were spent is refused).
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let state = use_query_map().read_untracked().get("state").and_then(|s| OrderState::parse(&s));
    let orders = Resource::new(move || state, |state| member_orders(state, 1));
    view! {
        <Title text="订单与退款 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/orders"/>
            <p class="flex flex-wrap gap-3 text-sm">
                <a href="/admin/orders" class=if state.is_none() { "font-semibold text-indigo-700" } else { "text-slate-600 underline" }>"全部"</a>
                {OrderState::ALL.into_iter().map(|s| view! {
                    <a href=format!("/admin/orders?state={}", s.as_str()) class=if state == Some(s) { "font-semibold text-indigo-700" } else { "text-slate-600 underline" }>{s.label_zh()}</a>
                }).collect_view()}
            </p>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Forders"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Forders"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">"没有订单。"</p>
                        }.into_any(),
                        Ok(Some(list)) => view! { <ul class="space-y-3">{list.into_iter().map(order).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn order(MemberOrder { member, order }: MemberOrder) -> impl IntoView {
    let refundable = matches!(order.state, OrderState::Credited | OrderState::Paid);
    let id = order.id;
    view! {
        <li class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-order">
            <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span class="font-medium">{format!("#{id} · {member}")}</span>
                <span>{format!("{} 积分", thousands(order.credits))}</span>
                <span class="font-semibold">{price(order.amount_fen)}</span>
                <OrderStateBadge state=order.state/>
                <span class="ml-auto text-sm text-slate-500">{beijing_time(order.created_at)}</span>
            </div>
            <p class="break-all text-xs text-slate-500">{format!("{} · {}", order.out_trade_no, order.trade_no.clone().unwrap_or_default())}</p>
            {refundable.then(|| view! {
                <form method="post" action=RefundMemberOrder::url() class="flex flex-col gap-2 sm:flex-row sm:items-end">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label class="flex-1 text-sm text-slate-700">
                        "退款原因"
                        <input name="reason" required minlength="2" maxlength="500" data-testid="refund-reason"
                            class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                    </label>
                    <button type="submit" data-testid="refund" class="min-h-11 rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">"全额退款"</button>
                </form>
            })}
        </li>
    }
}
