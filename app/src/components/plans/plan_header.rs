use leptos::prelude::*;
use model::{PlanStatus, PlanView};

use super::plan_status_class;
use crate::i18n::use_text;

/// The plan's title block: the idea it is about, its status, score, date and price.
#[component]
pub fn PlanHeader(plan: PlanView) -> impl IntoView {
    let t = use_text();
    let p = &t.plans.page;
    let score = (plan.status == PlanStatus::Completed).then(|| {
        view! {
            <span data-testid="plan-score">
                {p.overall_score} <strong class="text-lg text-indigo-700">{format!("{:.1}", plan.overall_score)}</strong> " / 10"
            </span>
        }
    });
    view! {
        <div class="space-y-2 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
            <p class="text-sm text-slate-500">
                {if plan.options.detailed { p.kind_detailed } else { p.kind_standard }}
            </p>
            <h1 class="text-2xl font-bold leading-snug break-words" data-testid="plan-title">
                <a href=format!("/ideas/{}", plan.idea_id) class="hover:text-indigo-700">{plan.idea_title.clone()}</a>
            </h1>
            <div class="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
                <span
                    class=format!("rounded px-2 py-0.5 text-xs {}", plan_status_class(plan.status))
                    data-testid="plan-status"
                    data-status=plan.status.key()
                >
                    {(t.labels.plan_status)(plan.status)}
                </span>
                {score}
                <span>{(p.created)(&(t.labels.when)(plan.created_at))}</span>
                <span data-testid="plan-cost-paid">{(p.cost_paid)(plan.cost)}</span>
            </div>
        </div>
    }
}
