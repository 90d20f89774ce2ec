use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Text, use_text};

/// The console's tabs; `current` is underlined.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let t = &use_text().admin.console;
    let tabs = [
        ("/admin/reports", t.tab_reports),
        ("/admin/ideas", t.tab_ideas),
        ("/admin/members", t.tab_members),
        ("/admin/orders", t.tab_orders),
        ("/admin/audit", t.tab_audit),
        ("/admin/analytics", t.tab_analytics),
    ];
    view! {
        <nav aria-label=t.title class="no-print -mx-1 flex gap-1 overflow-x-auto pb-1">
            {tabs.into_iter().map(|(href, label)| {
                let here = href == current;
                view! {
                    <a href=href aria-current=here.then_some("page")
                        class=format!("inline-flex min-h-11 shrink-0 items-center rounded-lg px-3 text-sm {}",
                            if here { "bg-indigo-600 text-white" } else { "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50" })>
                        {label}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// What a console page shows instead of its content: sign in first, or not an admin.
pub fn refusal(t: &'static Text, outcome: Result<(), AppError>, next: &'static str) -> AnyView {
    let c = &t.admin.console;
    match outcome {
        Ok(()) => view! {
            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="admin-signed-out">
                <p class="text-slate-600">{c.sign_in_first}</p>
                <a href=format!("/login?next={next}") class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
            </div>
        }.into_any(),
        Err(e) => view! {
            <div class="space-y-2 rounded-lg bg-red-50 p-4 text-red-700" role="alert" data-testid="admin-refused">
                <p>{e.message().to_owned()}</p>
                <p class="text-sm">
                    {c.second_factor_before}
                    <a href="/admin/2fa" class="underline" data-testid="go-second-factor">{c.second_factor_link}</a>
                    {c.second_factor_after}
                </p>
            </div>
        }.into_any(),
    }
}
