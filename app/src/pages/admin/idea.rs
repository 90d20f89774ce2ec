use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{AuctionView, ConsoleIdea, Outcome};

use crate::components::admin::{AdminNav, refusal};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::admin_idea;

/// One idea in the console, hidden or not: where it stands, the five analyses (with the model
/// that wrote each) and its auction with every bid.
#[component]
pub fn AdminIdeaPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let found = Resource::new(move || id, admin_idea);
    let t = use_text();
    let c = &t.admin.console;
    view! {
        <Title text=(c.page_title)(t.admin.ideas.detail_title)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/ideas"/>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Fideas"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Fideas"),
                        Ok(Some((idea, auction))) => detail(t, idea, auction).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn detail(t: &'static Text, idea: ConsoleIdea, view: AuctionView) -> impl IntoView {
    let (c, it) = (&t.admin.console, &t.admin.ideas);
    let outcome = view.auction.as_ref().map(|a| match a.outcome {
        None => (it.bidding)(a.price.unwrap_or(0), a.reserve),
        Some(Outcome::Unsold) => (it.unsold)(a.reserve),
        Some(Outcome::Sold { agent, amount }) => (it.sold)((t.labels.agent)(agent), amount),
    });
    view! {
        <section class="space-y-1 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-idea-detail">
            <h2 class="break-words text-lg font-semibold">{idea.title.clone()}</h2>
            <p class="text-sm text-slate-500">
                {format!("#{} · {} · {} · {} · {}", idea.id, (c.by)(&idea.author), (t.labels.status)(idea.status),
                    (t.labels.when)(idea.submitted_at), (it.score)(view.ai_score, view.disagreement))}
            </p>
            {idea.hidden_reason.clone().map(|r| view! { <p class="break-words text-sm text-amber-800">{(c.hidden_because)(&r)}</p> })}
            {idea.featured.then(|| view! { <p class="text-sm text-indigo-700">{c.featured}</p> })}
            <p class="text-sm" data-testid="admin-idea-outcome">{outcome.unwrap_or_else(|| it.not_started.to_owned())}</p>
        </section>
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h2 class="font-semibold">{it.analysts}</h2>
            <ul class="space-y-2 text-sm" data-testid="admin-analyses">
                {view.analyses.into_iter().map(|a| view! {
                    <li class="rounded-lg bg-slate-50 p-2">
                        <p class="font-medium">{(it.analysis)((t.labels.agent)(a.agent), a.score, a.confidence)}</p>
                        <p class="text-xs text-slate-500">{if a.offline { (it.offline_model)(&a.model) } else { a.model.clone() }}</p>
                        <p class="break-words text-slate-700" lang="zh-CN">{a.summary}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h2 class="font-semibold">{(it.bids)(view.bids.len())}</h2>
            <ul class="space-y-1 text-sm" data-testid="admin-bids">
                {view.bids.into_iter().map(|b| view! {
                    <li class="flex flex-wrap justify-between gap-2 border-t border-slate-100 py-1">
                        <span>{(it.round)(b.round, (t.labels.agent)(b.agent))}</span>
                        <span class="font-medium">{(t.common.credits)(b.amount)}</span>
                        <span class="w-full break-words text-xs text-slate-500" lang="zh-CN">{b.reason}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
