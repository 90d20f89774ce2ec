use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use model::Package;
use model::url::LocalPath;

use super::price;
use crate::browser;
use crate::i18n::use_text;
use crate::server_fns::payments::CreateOrder;

/// The packages to choose from and the order button. A plain form without JavaScript (the page
/// then lists the new order to pay); with it, the order page opens at once.
#[island]
pub fn BuyForm(packages: Vec<Package>, idempotency_key: String) -> impl IntoView {
    browser::island_ready();
    let t = use_text();
    let chosen = RwSignal::new(packages.get(1).or(packages.first()).map(|p| p.credits));
    let action = ServerAction::<CreateOrder>::new();
    let key = idempotency_key.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(credits) = chosen.get_untracked() {
            action.dispatch(CreateOrder { credits, key: key.clone() });
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(order)) = action.value().get() {
            browser::go_to(&LocalPath::order(order.id));
        }
    });
    let error = move || action.value().get().and_then(Result::err).map(|e| e.message().to_owned());
    let cards = packages
        .into_iter()
        .map(|p| {
            let credits = p.credits;
            view! {
                <label class="flex cursor-pointer items-center gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-500">
                    <input type="radio" name="credits" value=credits.to_string() class="h-5 w-5"
                        checked=move || chosen.get() == Some(credits)
                        on:change=move |_| chosen.set(Some(credits)) data-testid="package"/>
                    <span class="flex-1">
                        <span class="block text-lg font-semibold">{(t.common.credits)(credits)}</span>
                        <span class="block text-sm text-slate-500">{t.wallet.credited_at_once}</span>
                    </span>
                    <span class="text-lg font-bold text-indigo-700">{price(p.price_fen)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=CreateOrder::url() class="space-y-3" on:submit=on_submit data-testid="buy-form">
            <fieldset class="space-y-2">
                <legend class="mb-2 text-sm font-medium text-slate-700">{t.wallet.choose_package}</legend>
                {cards}
            </fieldset>
            <input type="hidden" name="key" value=idempotency_key/>
            <p class="text-sm text-red-700" role="alert">{error}</p>
            <button type="submit" class="min-h-11 w-full rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60 sm:w-auto"
                disabled=move || action.pending().get() data-testid="buy-submit">
                {move || if action.pending().get() { t.wallet.ordering } else { t.wallet.order_and_pay }}
            </button>
        </form>
    }
}
