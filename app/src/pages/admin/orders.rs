use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{MemberOrder, OrderState};

use crate::components::admin::{AdminNav, refusal};
use crate::components::payments::{OrderStateBadge, price};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::{RefundMemberOrder, member_orders};

/// Every member's orders, with a refund form on each paid one (the credits come back first, and a
/// refund whose credits were spent is refused).
#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    let state = use_query_map().read_untracked().get("state").and_then(|s| OrderState::parse(&s));
    let orders = Resource::new(move || state, |state| member_orders(state, 1));
    let t = use_text();
    let c = &t.admin.console;
    view! {
        <Title text=(c.page_title)(c.tab_orders)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/orders"/>
            <p class="flex flex-wrap gap-3 text-sm">
                <a href="/admin/orders" class=if state.is_none() { "font-semibold text-indigo-700" } else { "text-slate-600 underline" }>{c.all}</a>
                {OrderState::ALL.into_iter().map(|s| view! {
                    <a href=format!("/admin/orders?state={}", s.as_str()) class=if state == Some(s) { "font-semibold text-indigo-700" } else { "text-slate-600 underline" }>{(t.labels.order_state)(s)}</a>
                }).collect_view()}
            </p>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Forders"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Forders"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">{t.admin.members.no_orders}</p>
                        }.into_any(),
                        Ok(Some(list)) => view! { <ul class="space-y-3">{list.into_iter().map(|o| order(t, o)).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn order(t: &'static Text, MemberOrder { member, order }: MemberOrder) -> impl IntoView {
    let mt = &t.admin.members;
    let refundable = matches!(order.state, OrderState::Credited | OrderState::Paid);
    let id = order.id;
    view! {
        <li class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-order">
            <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span class="font-medium">{format!("#{id} · {member}")}</span>
                <span>{(t.common.credits)(order.credits)}</span>
                <span class="font-semibold">{price(order.amount_fen)}</span>
                <OrderStateBadge state=order.state/>
                <span class="ml-auto text-sm text-slate-500">{(t.labels.when)(order.created_at)}</span>
            </div>
            <p class="break-all text-xs text-slate-500">{format!("{} · {}", order.out_trade_no, order.trade_no.clone().unwrap_or_default())}</p>
            {refundable.then(|| view! {
                <form method="post" action=RefundMemberOrder::url() class="flex flex-col gap-2 sm:flex-row sm:items-end">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label class="flex-1 text-sm text-slate-700">
                        {mt.refund_reason}
                        <input name="reason" required minlength="2" maxlength="500" data-testid="refund-reason"
                            class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                    </label>
                    <button type="submit" data-testid="refund" class="min-h-11 rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">{mt.refund}</button>
                </form>
            })}
        </li>
    }
}
