use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{OrderState, OrderView, PaymentProvider};

use crate::components::payments::{OrderReceipt, OrderStateBadge, price};
use crate::i18n::{Text, use_text};
use crate::server_fns::payments::{ConfirmDevOrder, get_order};

/// One order: where it stands, the way to pay it while it waits, and its receipt once paid.
/// Alipay's return page is this page too: it shows the state and never credits anything.
#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let order = Resource::new(move || id, get_order);
    let t = use_text();
    let o = &t.plans.orders;
    view! {
        <Title text=t.title(o.order_title)/>
        <Meta name="description" content=o.order_description/>
        <div class="mx-auto max-w-2xl space-y-4">
            <a href="/orders" class="text-sm text-indigo-700 underline-offset-2 hover:underline">{o.back_to_orders}</a>
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">{o.sign_in_to_see_order}</p>
                                <a href=format!("/login?next=%2Forders%2F{id}") class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
                            </div>
                        }.into_any(),
                        Ok(Some((order, member))) => details(t, order, member).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn details(t: &'static Text, order: OrderView, member: String) -> impl IntoView {
    let o = &t.plans.orders;
    let id = order.id;
    let waiting = order.state == OrderState::Created;
    let next_step = match (order.state, order.provider) {
        (OrderState::Created, PaymentProvider::Alipay) => view! {
            <a href=format!("/orders/{id}/pay") rel="external" data-testid="pay-alipay"
                class="inline-flex min-h-11 items-center rounded-lg bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800">
                {o.pay_alipay}
            </a>
            <a href=format!("/orders/{id}") class="ml-3 text-sm text-indigo-700 underline">{o.paid_refresh}</a>
        }.into_any(),
        (OrderState::Created, PaymentProvider::Dev) => view! {
            <form method="post" action=ConfirmDevOrder::url()>
                <input type="hidden" name="id" value=id.to_string()/>
                <button type="submit" data-testid="confirm-dev-payment"
                    class="min-h-11 rounded-lg bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800">
                    {o.confirm_dev}
                </button>
            </form>
        }.into_any(),
        (OrderState::Credited, _) => view! {
            <p class="text-emerald-700" data-testid="order-credited">
                {(o.credited)(order.credits)} <a href="/credits" class="underline">{o.see_credits}</a>
            </p>
        }.into_any(),
        (OrderState::Paid, _) => view! {
            <p class="text-sky-800">{o.paid_not_credited}</p>
        }.into_any(),
        (OrderState::Closed, _) => view! {
            <p class="text-slate-600">{o.closed} <a href="/credits/buy" class="text-indigo-700 underline">{o.order_again}</a></p>
        }.into_any(),
        (OrderState::Refunded, _) => view! {
            <p class="text-slate-600">{(o.refunded)(&price(order.amount_fen), order.credits)}</p>
        }.into_any(),
    };
    let receipt = order.state.is_paid().then(|| view! { <OrderReceipt order=order.clone() member/> });
    view! {
        <section class="no-print space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8" data-testid="order">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-xl font-bold">{(t.common.credits)(order.credits)}</h1>
                <OrderStateBadge state=order.state/>
            </div>
            <p class="text-2xl font-bold text-indigo-700" data-testid="order-amount">{price(order.amount_fen)}</p>
            <p class="text-sm text-slate-500">{(o.placed)(&(t.labels.when)(order.created_at), &order.out_trade_no)}</p>
            {waiting.then(|| view! { <p class="text-sm text-slate-600">{o.waiting_note}</p> })}
            <div>{next_step}</div>
        </section>
        {receipt}
    }
}
