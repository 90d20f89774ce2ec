use leptos::prelude::*;
use model::{Stage, StageRun};

use crate::i18n::use_text;

pub const TABLE_CLASS: &str = "w-full border-collapse text-left text-sm";
pub const TH_CLASS: &str = "border-b border-slate-300 px-2 py-1.5 font-medium text-slate-600";
pub const TD_CLASS: &str = "border-b border-slate-100 px-2 py-1.5 align-top";

/// One stage of a finished plan: its title and score, who wrote it, and its content.
#[component]
pub fn StageCard(stage: Stage, score: Option<f64>, run: Option<StageRun>, children: Children) -> impl IntoView {
    let p = &use_text().plans.page;
    let heading = format!("plan-section-{}", stage.key());
    let labelled_by = heading.clone();
    view! {
        <section
            class="plan-section space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6"
            aria-labelledby=labelled_by
            data-testid=format!("section-{}", stage.key())
        >
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id=heading class="text-xl font-bold">{(p.stage)(stage)}</h2>
                {score.map(|s| view! { <span class="font-semibold text-indigo-700">{(p.score)(s)}</span> })}
            </div>
            {run.map(|run| view! { <Provenance run/> })}
            {children()}
        </section>
    }
}

/// Who wrote a stage, with which model, at what cost in tokens and time.
#[component]
pub fn Provenance(run: StageRun) -> impl IntoView {
    let t = use_text();
    let p = &t.plans.page;
    let model = if run.offline { p.built_in_rules.to_owned() } else { run.model.clone() };
    view! {
        <div class="space-y-1 text-xs text-slate-500" data-testid="provenance">
            <p class="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span>{(p.written_by)((t.labels.agent)(run.agent))}</span>
                <span>{(p.model)(&model)}</span>
                {run.offline.then(|| view! { <span class="rounded bg-amber-100 px-1.5 text-amber-800">{t.auction.offline}</span> })}
                <span>{(p.tokens)(run.tokens)}</span>
                <span>{(p.took)(run.millis)}</span>
            </p>
            {run.fallback.map(|reason| view! {
                <p class="rounded bg-amber-50 px-2 py-1 text-amber-800">{p.fallback}<span lang="zh-CN">{reason}</span></p>
            })}
        </div>
    }
}

/// A titled part of a section.
#[component]
pub fn Block(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <div class="space-y-1.5">
            <h3 class="font-semibold text-slate-800">{title}</h3>
            {children()}
        </div>
    }
}

/// A plain list of the writer's lines (Chinese, as the AI writes them); a dash when there are none.
pub fn bullets(items: Vec<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="text-sm text-slate-500">"—"</p> }.into_any();
    }
    view! {
        <ul class="list-disc space-y-1 pl-5 text-slate-800" lang="zh-CN">
            {items.into_iter().map(|i| view! { <li class="break-words">{i}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A paragraph of the writer's (Chinese) text that keeps its line breaks.
pub fn paragraph(text: String) -> impl IntoView {
    view! { <p class="whitespace-pre-wrap break-words leading-relaxed text-slate-800" lang="zh-CN">{text}</p> }
}
