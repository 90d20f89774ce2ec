use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::BuyPage;

use crate::components::payments::{BuyForm, price};
use crate::i18n::use_text;
use crate::server_fns::payments::get_buy_page;

/// Buying credits: a package, then the provider's cashier. Orders still waiting for their
/// payment are listed above, so a member without JavaScript finds the one they just made.
#[component]
pub fn BuyCreditsPage() -> impl IntoView {
    let page = Resource::new(|| (), |()| get_buy_page());
    let t = use_text();
    view! {
        <Title text=t.title(t.wallet.buy)/>
        <Meta name="description" content=t.wallet.buy_description/>
        <div class="mx-auto max-w-2xl space-y-4">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="text-xl font-bold">{t.wallet.buy}</h1>
                <a href="/orders" class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline-offset-2 hover:underline">{t.wallet.my_orders}</a>
            </div>
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="buy-signed-out">
                                <p class="text-slate-600">{t.wallet.buy_signed_out}</p>
                                <a href="/login?next=%2Fcredits%2Fbuy" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
                            </div>
                        }.into_any(),
                        Ok(Some(page)) => buy(page).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn buy(page: BuyPage) -> impl IntoView {
    let BuyPage { packages, provider, waiting, idempotency_key } = page;
    let t = use_text();
    let how = (t.wallet.how_to_pay)(provider);
    view! {
        {(!waiting.is_empty()).then(|| view! {
            <section class="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="orders-waiting" aria-label=t.wallet.waiting_orders>
                <h2 class="text-sm font-semibold text-amber-900">{t.wallet.waiting_orders}</h2>
                <ul class="mt-2 space-y-1 text-sm">
                    {waiting.into_iter().map(|o| view! {
                        <li>
                            <a href=format!("/orders/{}", o.id) class="text-indigo-700 underline">
                                {format!("{} · {} · {}", (t.common.credits)(o.credits), price(o.amount_fen), (t.labels.when)(o.created_at))}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <div class="rounded-2xl bg-slate-50 p-4 sm:p-6">
            <BuyForm packages idempotency_key/>
            <p class="mt-3 text-sm text-slate-600">{how}</p>
        </div>
    }
}
