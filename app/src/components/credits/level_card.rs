use leptos::prelude::*;
use model::CreditsOverview;

use crate::format::thousands;

/// Balance, member level and the progress bar towards the next level.
#[component]
pub fn LevelCard(overview: CreditsOverview) -> impl IntoView {
    let percent = overview.progress_percent();
    let progress = match (overview.next_level, overview.next_threshold) {
        (Some(next), Some(threshold)) => format!(
            "累计收益 {} / {} 积分，再赚 {} 积分升级为{}会员",
            thousands(overview.earned),
            thousands(threshold),
            thousands((threshold - overview.earned).max(0)),
            next.label_zh()
        ),
        _ => format!("累计收益 {} 积分，已是最高等级", thousands(overview.earned)),
    };
    view! {
        <section class="grid gap-4 sm:grid-cols-2">
            <div class="rounded-2xl bg-gradient-to-r from-amber-500 to-orange-500 p-5 text-white shadow-sm">
                <p class="text-sm text-amber-50">"积分余额"</p>
                <p class="mt-1 text-3xl font-bold" data-testid="credits-balance">{thousands(overview.balance)}</p>
                <p class="mt-3 flex flex-wrap gap-2 text-sm">
                    <a href="/credits/buy" class="inline-flex min-h-11 items-center rounded-lg bg-white px-3 font-medium text-orange-700 hover:bg-orange-50" data-testid="buy-credits">"购买积分"</a>
                    <a href="/orders" class="inline-flex min-h-11 items-center rounded-lg px-3 text-white underline underline-offset-2">"我的订单与收据"</a>
                </p>
            </div>
            <div class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <p class="text-sm text-slate-500">"会员等级"</p>
                <p class="mt-1 text-2xl font-bold text-slate-800" data-testid="credits-level">
                    {format!("{}会员", overview.level_zh)}
                </p>
                <div
                    class="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-100"
                    role="progressbar"
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
                    {format!(
                        "每天可提交 {} 个创意{}",
                        overview.daily_idea_limit,
                        if overview.discount_percent > 0 { format!("，计划书 {} 折", (100 - overview.discount_percent) / 10) } else { String::new() },
                    )}
                </p>
            </div>
        </section>
    }
}
