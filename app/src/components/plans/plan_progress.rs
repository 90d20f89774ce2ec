use leptos::prelude::*;
use model::{Agent, PlanProgressView, PlanStatus, Stage, StageState, StageView};

use super::LiveStages;
use crate::i18n::use_text;

pub fn state_key(state: StageState) -> &'static str {
    match state {
        StageState::Waiting => "waiting",
        StageState::Running => "running",
        StageState::Done => "done",
    }
}

fn state_class(state: StageState) -> &'static str {
    match state {
        StageState::Waiting => "bg-slate-100 text-slate-600",
        StageState::Running => "bg-indigo-100 text-indigo-800",
        StageState::Done => "bg-emerald-100 text-emerald-800",
    }
}

/// One row per stage: who writes it, how far it is, and the text streaming in while it runs.
/// After the plan is finished the same rows are a compact record of who wrote what.
#[component]
pub fn PlanProgress(progress: PlanProgressView, live: LiveStages, now: RwSignal<i64>) -> impl IntoView {
    let p = &use_text().plans.page;
    let generating = progress.status == PlanStatus::Generating;
    let done = progress.stages.iter().filter(|s| s.state == StageState::Done).count();
    let chosen = progress.ai_services.clone();
    let rows = Stage::ALL.map(|stage| {
        let stage_view = progress.stages.iter().find(|s| s.stage == stage).cloned().unwrap_or(StageView {
            stage,
            state: StageState::Waiting,
            started_at: None,
            run: None,
        });
        // Until the stream names the writer, the intended provider if it was chosen.
        let intended = chosen.iter().any(|k| k == stage.agent().key()).then(|| stage.agent());
        view! { <StageRow stage_view intended live now generating/> }
    });
    view! {
        <section class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5" aria-labelledby="plan-progress-heading" data-testid="plan-progress">
            <div class="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="plan-progress-heading" class="font-semibold">{if generating { p.progress_heading } else { p.record_heading }}</h2>
                <span class="text-sm text-slate-500">{(p.done_count)(done, Stage::ALL.len())}</span>
            </div>
            <ol class="divide-y divide-slate-100">{rows.into_iter().collect_view()}</ol>
        </section>
    }
}

#[component]
fn StageRow(
    stage_view: StageView,
    intended: Option<Agent>,
    live: LiveStages,
    now: RwSignal<i64>,
    generating: bool,
) -> impl IntoView {
    let t = use_text();
    let p = &t.plans.page;
    let StageView { stage, state, started_at, run } = stage_view;
    let key = stage.key();
    let done_by = run.as_ref().map(|r| r.agent);
    let writer =
        move || done_by.or_else(|| live.writer(stage).get()).or(intended).map_or(p.writer_pending, t.labels.agent);
    let running = state == StageState::Running && generating;
    let timing = match (&run, started_at) {
        (Some(r), _) => {
            Some(view! { <span class="text-xs text-slate-500">{(p.took_tokens)(r.millis, r.tokens)}</span> }.into_any())
        }
        (None, Some(start)) if running => {
            let start = start.timestamp_millis();
            Some(
                view! {
                    <span class="text-xs tabular-nums text-indigo-700" data-testid=format!("stage-elapsed-{key}")>
                        {move || (p.elapsed)((now.get() - start).max(0) / 1000)}
                    </span>
                }
                .into_any(),
            )
        }
        _ => None,
    };
    let offline = run.as_ref().is_some_and(|r| r.offline);
    let fallback = run.as_ref().and_then(|r| r.fallback.clone());
    view! {
        <li class="py-2" data-testid=format!("stage-{key}") data-state=state_key(state)>
            <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span class="font-medium">{(p.stage)(stage)}</span>
                <span class="text-sm text-slate-600">{writer}</span>
                <span class=format!("rounded px-1.5 text-xs {}", state_class(state))>{(p.stage_state)(state)}</span>
                {offline.then(|| view! {
                    <span class="rounded bg-amber-100 px-1.5 text-xs text-amber-800" title=p.offline_title>{t.auction.offline}</span>
                })}
                <span class="ml-auto">{timing}</span>
            </div>
            {fallback.map(|reason| view! {
                <p class="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800" data-testid=format!("stage-fallback-{key}")>
                    {p.fallback}<span lang="zh-CN">{reason}</span>
                </p>
            })}
            {running.then(|| view! { <Preview stage live/> })}
        </li>
    }
}

/// The text of a running stage as it streams in, scrolled to the newest line.
#[component]
fn Preview(stage: Stage, live: LiveStages) -> impl IntoView {
    let p = &use_text().plans.page;
    let text = live.text(stage);
    let node = NodeRef::<leptos::html::Pre>::new();
    Effect::new(move |_| {
        text.track();
        #[cfg(feature = "hydrate")]
        if let Some(pre) = node.get() {
            pre.set_scroll_top(pre.scroll_height());
        }
    });
    view! {
        <pre
            node_ref=node
            class="mt-2 max-h-48 overflow-y-auto whitespace-pre-wrap break-words rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 no-print"
            aria-live="off"
            aria-label=(p.preview_label)(stage)
            lang=move || text.with(|t| !t.is_empty()).then_some("zh-CN")
            data-testid=format!("stage-preview-{}", stage.key())
        >
            {move || {
                let t = text.get();
                if t.is_empty() { p.waiting_output.to_owned() } else { t }
            }}
        </pre>
    }
}
