use leptos::prelude::*;
use model::CreditsOverview;

use crate::format::thousands;
use crate::i18n::use_text;

/// Balance, member level and the progress bar towards the next level.
#[component]
pub fn LevelCard(overview: CreditsOverview) -> impl IntoView {
    let percent = overview.progress_percent();
    let t = use_text();
    let progress = match (overview.next_level, overview.next_threshold) {
        (Some(next), Some(threshold)) => (t.wallet.progress)(overview.earned, threshold, next),
        _ => (t.wallet.top_level)(overview.earned),
    };
    view! {
        <section class="grid gap-4 sm:grid-cols-2">
            <div class="rounded-2xl bg-gradient-to-r from-amber-700 to-orange-700 p-5 text-white shadow-sm">
                <p class="text-sm text-amber-50">{t.wallet.balance}</p>
                <p class="mt-1 text-3xl font-bold" data-testid="credits-balance">{thousands(overview.balance)}</p>
                <p class="mt-3 flex flex-wrap gap-2 text-sm">
                    <a href="/credits/buy" class="inline-flex min-h-11 items-center rounded-lg bg-white px-3 font-medium text-orange-700 hover:bg-orange-50" data-testid="buy-credits">{t.wallet.buy}</a>
                    <a href="/orders" class="inline-flex min-h-11 items-center rounded-lg px-3 text-white underline underline-offset-2">{t.wallet.orders_and_receipts}</a>
                </p>
            </div>
            <div class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <p class="text-sm text-slate-500">{t.wallet.level_label}</p>
                <p class="mt-1 text-2xl font-bold text-slate-800" data-testid="credits-level">
                    {(t.labels.level_member)(overview.level)}
                </p>
                <div
                    class="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-100"
                    role="progressbar"
                    aria-label=t.wallet.level_label
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=percent.to_string()
                    data-testid="credits-progress"
                >
                    // An SVG bar, so the page needs no inline style (the CSP allows none).
                    <svg class="block h-full w-full" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">
                        <rect class="fill-indigo-600" width=percent.to_string() height="1"/>
                    </svg>
                </div>
                <p class="mt-2 text-xs text-slate-600">{progress}</p>
                <p class="mt-1 text-xs text-slate-500">
                    {(t.wallet.perks)(overview.daily_idea_limit, overview.discount_percent)}
                </p>
            </div>
        </section>
    }
}
