use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::{AuctionView, ConsoleIdea, Outcome};

use crate::components::admin::{AdminNav, refusal};
use crate::format::beijing_time;
use crate::server_fns::admin::admin_idea;

/// One idea in the console, hidden or not: where it stands, the five analyses (with the model
/// that wrote each) and its auction with every bid.
#[component]
pub fn AdminIdeaPage() -> impl IntoView {
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let found = Resource::new(move || id, admin_idea);
    view! {
        <Title text="创意详情 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/ideas"/>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Fideas"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Fideas"),
                        Ok(Some((idea, auction))) => detail(idea, auction).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn detail(idea: ConsoleIdea, view: AuctionView) -> impl IntoView {
    let outcome = view.auction.as_ref().map(|a| match a.outcome {
        None => format!("竞价中，当前价 {} 积分，底价 {}", a.price.unwrap_or(0), a.reserve),
        Some(Outcome::Unsold) => format!("流拍（底价 {}）", a.reserve),
        Some(Outcome::Sold { agent, amount }) => format!("{} 以 {amount} 积分成交", agent.name_zh()),
    });
    view! {
        <section class="space-y-1 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-idea-detail">
            <h2 class="break-words text-lg font-semibold">{idea.title.clone()}</h2>
            <p class="text-sm text-slate-500">
                {format!("#{} · 作者 {} · {} · {} · AI 评分 {:.1}（分歧 {:.1}）", idea.id, idea.author, idea.status.label_zh(),
                    beijing_time(idea.submitted_at), view.ai_score, view.disagreement)}
            </p>
            {idea.hidden_reason.clone().map(|r| view! { <p class="break-words text-sm text-amber-800">{format!("已隐藏：{r}")}</p> })}
            {idea.featured.then(|| view! { <p class="text-sm text-indigo-700">"★ 精选中"</p> })}
            <p class="text-sm" data-testid="admin-idea-outcome">{outcome.unwrap_or_else(|| "分析中，尚未开拍".to_owned())}</p>
        </section>
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h2 class="font-semibold">"五位分析师"</h2>
            <ul class="space-y-2 text-sm" data-testid="admin-analyses">
                {view.analyses.into_iter().map(|a| view! {
                    <li class="rounded-lg bg-slate-50 p-2">
                        <p class="font-medium">{format!("{} · {:.1} 分 · 信心 {:.0}%", a.agent.name_zh(), a.score, a.confidence * 100.0)}</p>
                        <p class="text-xs text-slate-500">{if a.offline { format!("离线分析（{}）", a.model) } else { a.model.clone() }}</p>
                        <p class="break-words text-slate-700">{a.summary}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <h2 class="font-semibold">{format!("出价（{}）", view.bids.len())}</h2>
            <ul class="space-y-1 text-sm" data-testid="admin-bids">
                {view.bids.into_iter().map(|b| view! {
                    <li class="flex flex-wrap justify-between gap-2 border-t border-slate-100 py-1">
                        <span>{format!("第 {} 轮 · {}", b.round, b.agent.name_zh())}</span>
                        <span class="font-medium">{format!("{} 积分", b.amount)}</span>
                        <span class="w-full break-words text-xs text-slate-500">{b.reason}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
