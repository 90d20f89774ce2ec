use leptos::prelude::*;
use model::{PlanStatus, PlanSummary};

use super::plan_status_class;
use crate::i18n::use_text;
use crate::server_fns::plans::idea_plans;

/// The signed-in user's plans of this idea, newest first.
#[component]
pub fn IdeaPlanList(idea_id: i64) -> impl IntoView {
    let plans = Resource::new(move || idea_id, idea_plans);
    let p = &use_text().plans.panel;
    view! {
        <Transition fallback=move || view! { <p class="text-sm text-slate-500">{p.loading_mine}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Err(e) => view! { <p class="text-sm text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="text-sm text-slate-500" data-testid="plan-none">{p.none_yet}</p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <div>
                            <h3 class="mb-1 text-sm font-medium text-slate-700">{p.mine}</h3>
                            <ul class="divide-y divide-slate-100" data-testid="plan-list">
                                {list.into_iter().map(|plan| view! { <li><PlanLink plan/></li> }).collect_view()}
                            </ul>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanLink(plan: PlanSummary) -> impl IntoView {
    let t = use_text();
    let p = &t.plans.panel;
    let score = (plan.status == PlanStatus::Completed).then(|| (p.overall_score)(plan.overall_score));
    view! {
        <a
            href=format!("/plans/{}", plan.id)
            class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm hover:bg-slate-50 focus:bg-slate-50"
            data-testid="plan-link"
        >
            <span class="font-medium text-indigo-700">{(p.plan_number)(plan.id)}</span>
            <span class=format!("rounded px-1.5 text-xs {}", plan_status_class(plan.status))>{(t.labels.plan_status)(plan.status)}</span>
            {score.map(|s| view! { <span class="text-slate-700">{s}</span> })}
            <span class="ml-auto text-xs text-slate-500">{(t.labels.when)(plan.created_at)}</span>
        </a>
    }
}
