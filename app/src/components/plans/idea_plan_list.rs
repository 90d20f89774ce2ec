use leptos::prelude::*;
use model::{PlanStatus, PlanSummary};

use super::plan_status_class;
use crate::format::beijing_time;
use crate::server_fns::plans::idea_plans;

/// The signed-in user's plans of this idea, newest first.
#[component]
pub fn IdeaPlanList(idea_id: i64) -> impl IntoView {
    let plans = Resource::new(move || idea_id, idea_plans);
    view! {
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"正在加载你的计划书…"</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Err(e) => view! { <p class="text-sm text-red-600" role="alert">{e.message().to_owned()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="text-sm text-slate-500" data-testid="plan-none">"你还没有为这个创意生成商业计划书。"</p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <div>
                            <h3 class="mb-1 text-sm font-medium text-slate-700">"我的商业计划书"</h3>
                            <ul class="divide-y divide-slate-100" data-testid="plan-list">
                                {list.into_iter().map(|p| view! { <li><PlanLink plan=p/></li> }).collect_view()}
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
    let score = (plan.status == PlanStatus::Completed).then(|| format!("综合评分 {:.1}", plan.overall_score));
    view! {
        <a
            href=format!("/plans/{}", plan.id)
            class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm hover:bg-slate-50 focus:bg-slate-50"
            data-testid="plan-link"
        >
            <span class="font-medium text-indigo-700">{format!("计划书 #{}", plan.id)}</span>
            <span class=format!("rounded px-1.5 text-xs {}", plan_status_class(plan.status))>{plan.status.label_zh()}</span>
            {score.map(|s| view! { <span class="text-slate-700">{s}</span> })}
            <span class="ml-auto text-xs text-slate-400">{beijing_time(plan.created_at)}</span>
        </a>
    }
}
