use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use model::{MyIdea, MyPlan, MySpace, Outcome};

use crate::components::ideas::{IdeaCard, status_class};
use crate::format::thousands;
use crate::i18n::{Text, use_text};
use crate::server_fns::profiles::get_my_space;

const SECTION_CLASS: &str = "space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

/// The member's own space: credits at a glance, every idea with where it stands and what it
/// earned, their plans and the auctions they watch.
#[component]
pub fn MePage() -> impl IntoView {
    let space = Resource::new(|| (), |()| get_my_space());
    let t = use_text();
    view! {
        <Title text=t.title(t.common.my_space)/>
        <Meta name="description" content=t.space.profile.me_description/>
        <div class="mx-auto max-w-4xl space-y-5">
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match space.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <h1 class="text-xl font-bold">{t.common.my_space}</h1>
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">{t.space.profile.me_login_prompt}</p>
                                <a href="/login?next=%2Fme" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
                            </div>
                        }.into_any(),
                        Ok(Some(space)) => space_view(t, space).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn space_view(t: &'static Text, space: MySpace) -> impl IntoView + use<> {
    let MySpace { username, credits, level, earned, ideas, plans, watching } = space;
    let p = &t.space.profile;
    let public = model::author_path(&username);
    view! {
        <div class="flex flex-wrap items-baseline justify-between gap-2">
            <h1 class="text-xl font-bold">{t.common.my_space}</h1>
            <div class="flex flex-wrap gap-x-4 text-sm">
                <a href=public class="inline-flex min-h-11 items-center text-indigo-700 hover:underline" data-testid="me-public">{p.public_page}</a>
                <a href="/settings" class="inline-flex min-h-11 items-center text-indigo-700 hover:underline" data-testid="me-settings">{p.settings}</a>
            </div>
        </div>
        <a href="/credits" class="grid grid-cols-3 gap-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300" data-testid="me-credits">
            <span><span class="block text-xs text-slate-500">{p.balance}</span><span class="text-lg font-semibold">{thousands(credits)}</span></span>
            <span><span class="block text-xs text-slate-500">{p.level}</span><span class="text-lg font-semibold">{(t.labels.level)(level)}</span></span>
            <span><span class="block text-xs text-slate-500">{p.earned_total}</span><span class="text-lg font-semibold">{thousands(earned)}</span></span>
        </a>
        <section class=SECTION_CLASS aria-labelledby="my-ideas">
            <h2 id="my-ideas" class="font-semibold">{p.my_ideas}</h2>
            {if ideas.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-ideas-empty">{p.no_ideas}<a href="/submit" class="text-indigo-700 underline">{p.go_submit}</a></p> }.into_any()
            } else {
                view! { <ul class="divide-y divide-slate-100" data-testid="my-ideas">{ideas.into_iter().map(|mine| idea_row(t, mine)).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class=SECTION_CLASS aria-labelledby="my-plans">
            <h2 id="my-plans" class="font-semibold">{p.my_plans}</h2>
            {if plans.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-plans-empty">{p.no_plans}</p> }.into_any()
            } else {
                view! { <ul class="divide-y divide-slate-100" data-testid="my-plans">{plans.into_iter().map(|plan| plan_row(t, plan)).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class=SECTION_CLASS aria-labelledby="my-watching">
            <h2 id="my-watching" class="font-semibold">{p.watching}</h2>
            {if watching.is_empty() {
                view! { <p class="text-slate-600" data-testid="my-watching-empty">{p.no_watching}</p> }.into_any()
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

fn idea_row(t: &'static Text, mine: MyIdea) -> impl IntoView + use<> {
    let MyIdea { idea, hidden, outcome, earned } = mine;
    let p = &t.space.profile;
    let result = match outcome {
        Some(Outcome::Sold { agent, amount }) => (p.sold_to)((t.labels.agent)(agent), amount),
        Some(Outcome::Unsold) => p.unsold.to_owned(),
        None => String::new(),
    };
    view! {
        <li class="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-testid="my-idea">
            <a href=format!("/ideas/{}", idea.id) class="min-w-0 flex-1 basis-48 break-words font-medium text-slate-900 hover:text-indigo-700">{idea.title}</a>
            <span class=format!("rounded px-2 py-0.5 text-xs {}", status_class(idea.status))>{(t.labels.status)(idea.status)}</span>
            {hidden.then(|| view! { <span class="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-800">{p.hidden}</span> })}
            <span class="text-sm text-slate-500">{(t.idea.ai_score)(idea.ai_score)}</span>
            {(!result.is_empty()).then(|| view! { <span class="text-sm text-slate-600" data-testid="my-idea-outcome">{result}</span> })}
            <span class="text-sm font-medium text-emerald-700" data-testid="my-idea-earned">{(p.earned)(earned)}</span>
        </li>
    }
}

fn plan_row(t: &'static Text, plan: MyPlan) -> impl IntoView + use<> {
    let p = &t.space.profile;
    view! {
        <li>
            <a href=format!("/plans/{}", plan.id) class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 py-3 hover:bg-slate-50" data-testid="my-plan">
                <span class="min-w-0 flex-1 basis-48 break-words">{(p.plan_of)(&plan.idea_title)}</span>
                <span class="text-sm text-slate-600">{(t.labels.plan_status)(plan.status)}</span>
                <span class="text-sm text-slate-500">{(t.labels.when)(plan.created_at)}</span>
            </a>
        </li>
    }
}
