use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::credits::{InviteCard, LedgerList, LevelCard};
use crate::i18n::use_text;
use crate::server_fns::credits::get_credits;

/// The member's credits: balance, level progress, invite link and the ledger history.
#[component]
pub fn CreditsPage() -> impl IntoView {
    let page = use_query_map().read_untracked().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let overview = Resource::new(move || page, get_credits);
    let t = use_text();

    view! {
        <Title text=t.title(t.wallet.credits_title)/>
        <Meta name="description" content=t.wallet.credits_description/>
        <div class="mx-auto max-w-3xl space-y-4">
            <h1 class="text-xl font-bold">{t.wallet.credits_title}</h1>
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(e) => view! {
                            <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p>
                        }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="credits-signed-out">
                                <p class="text-slate-600">{t.wallet.credits_signed_out}</p>
                                <A href="/login?next=/credits" attr:class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</A>
                            </div>
                        }.into_any(),
                        Ok(Some(o)) => {
                            let (entries, page, pages) = (o.entries.clone(), o.page, o.pages());
                            view! {
                                <LevelCard overview=o.clone()/>
                                <InviteCard overview=o/>
                                <LedgerList entries page pages/>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
