use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::{MyIdea, MyPlan, MySpace, Outcome};

use crate::components::ideas::{IdeaCard, status_class};
use crate::format::{beijing_time, thousands};
use crate::server_fns::profiles::get_my_space;

const SECTION_CLASS: &str = "space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

/// The member's own space: credits at a glance, every idea with where it stands and what it
/// earned, their plans and the auctions they watch.
#[component]
pub fn MePage() -> impl IntoView {
    let space = Resource::new(|| (), |()| get_my_space());
    view! {
        <Title text="我的空间 · AI创意交易市场"/>
        <Meta name="description" content="你的创意、计划书、关注的竞拍和积分。"/>
        <div class="mx-auto max-w-4xl space-y-5">
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match space.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <h1 class="text-xl font-bold">"我的空间"</h1>
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">"登录后查看你的创意、计划书和积分。"</p>
                                <a href="/login?next=%2Fme" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">"登录"</a>
                            </div>
                        }.into_any(),
                        Ok(Some(space)) => space_view(space).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn space_view(space: MySpace) -> impl IntoView + use<> {
    let MySpace { username, credits, level, earned, ideas, plans, watching } = space;
    let public = model::author_path(&username);
    view! {
        <div class="flex flex-wrap items-baseline justify-between gap-2">
            <h1 class="text-xl font-bold">"我的空间"</h1>
            <div class="flex flex-wrap gap-x-4 text-sm">
                <a href=public class="inline-flex min-h-11 items-center text-indigo-700 hover:underline" data-testid="me-public">"我的公开主页"</a>
                <a href="/settings" class="inline-flex min-h-11 items-center text-indigo-700 hover:underline" data-testid="me-settings">"账户设置"</a>
            </div>
        </div>
        <a href="/credits" class="grid grid-cols-3 gap-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300" data-testid="me-credits">
            <span><span class="block text-xs text-slate-500">"积分余额"</span><span class="text-lg font-semibold">{thousands(credits)}</span></span>
            <span><span class="block text-xs text-slate-500">"会员等级"</span><span class="text-lg font-semibold">{level.label_zh()}</span></span>
            <span><span class="block text-xs text-slate-500">"创意累计收入"</span><span class="text-lg font-semibold">{thousands(earned)}</span></span>
        </a>
        <section class=SECTION_CLASS aria-labelledby="my-ideas">
            <h2 id="my-ideas" class="font-semibold">"我的创意"</h2>
            {if ideas.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-ideas-empty">"还没有提交创意。" <a href="/submit" class="text-indigo-700 underline">"去提交"</a></p> }.into_any()
            } else {
                view! { <ul class="divide-y divide-slate-100" data-testid="my-ideas">{ideas.into_iter().map(idea_row).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class=SECTION_CLASS aria-labelledby="my-plans">
            <h2 id="my-plans" class="font-semibold">"我的计划书"</h2>
            {if plans.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-plans-empty">"还没有订购商业计划书。在创意页面可以订购。"</p> }.into_any()
            } else {
                view! { <ul class="divide-y divide-slate-100" data-testid="my-plans">{plans.into_iter().map(plan_row).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class=SECTION_CLASS aria-labelledby="my-watching">
            <h2 id="my-watching" class="font-semibold">"关注的竞拍"</h2>
            {if watching.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-watching-empty">"还没有关注竞拍。在创意页面点“关注竞拍”，截止前一分钟和结束时会通知你。"</p> }.into_any()
            } else {
                view! {
                    <div class="grid gap-4 sm:grid-cols-2" data-testid="my-watching">
                        {watching.into_iter().map(|idea| view! { <IdeaCard idea/> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn idea_row(mine: MyIdea) -> impl IntoView + use<> {
    let MyIdea { idea, hidden, outcome, earned } = mine;
    let result = match outcome {
        Some(Outcome::Sold { agent, amount }) => format!("{} 以 {} 积分买下", agent.name_zh(), thousands(amount)),
        Some(Outcome::Unsold) => "未成交".to_owned(),
        None => String::new(),
    };
    view! {
        <li class="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-testid="my-idea">
            <a href=format!("/ideas/{}", idea.id) class="min-w-0 flex-1 basis-48 break-words font-medium text-slate-900 hover:text-indigo-700">{idea.title}</a>
            <span class=format!("rounded px-2 py-0.5 text-xs {}", status_class(idea.status))>{idea.status.label_zh()}</span>
            {hidden.then(|| view! { <span class="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">"已隐藏"</span> })}
            <span class="text-sm text-slate-500">{format!("AI评分 {:.1}", idea.ai_score)}</span>
            {(!result.is_empty()).then(|| view! { <span class="text-sm text-slate-600" data-testid="my-idea-outcome">{result}</span> })}
            <span class="text-sm font-medium text-emerald-700" data-testid="my-idea-earned">{format!("收入 {} 积分", thousands(earned))}</span>
        </li>
    }
}

fn plan_row(plan: MyPlan) -> impl IntoView + use<> {
    view! {
        <li>
            <a href=format!("/plans/{}", plan.id) class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 py-3 hover:bg-slate-50" data-testid="my-plan">
                <span class="min-w-0 flex-1 basis-48 break-words">{format!("《{}》商业计划书", plan.idea_title)}</span>
                <span class="text-sm text-slate-600">{plan.status.label_zh()}</span>
                <span class="text-sm text-slate-500">{beijing_time(plan.created_at)}</span>
            </a>
        </li>
    }
}
