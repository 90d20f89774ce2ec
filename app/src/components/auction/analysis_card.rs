use leptos::prelude::*;
use model::AnalysisView;

use crate::i18n::use_text;

/// One agent's analysis: score, summary, strengths and risks, and where it came from.
#[component]
pub fn AnalysisCard(analysis: AnalysisView) -> impl IntoView {
    let t = use_text();
    view! {
        <article class="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="analysis-card">
            <div class="flex items-center justify-between gap-2">
                <h3 class="font-semibold">{(t.labels.agent)(analysis.agent)}</h3>
                <span class="text-lg font-bold text-indigo-700">{format!("{:.1}", analysis.score)}</span>
            </div>
            <div class="flex flex-wrap gap-1 text-xs">
                <span class="rounded bg-slate-100 px-2 py-0.5 text-slate-600">{(t.labels.taste)(analysis.agent)}</span>
                {analysis.offline.then(|| view! {
                    <span class="rounded bg-amber-100 px-2 py-0.5 text-amber-800" title=t.auction.offline_title>{t.auction.offline}</span>
                })}
                <span class="rounded bg-slate-100 px-2 py-0.5 text-slate-600">{(t.auction.certainty)(analysis.confidence)}</span>
            </div>
            // What the analysts write is Chinese, whatever the page's language.
            <p class="text-sm text-slate-700" lang="zh-CN">{analysis.summary.clone()}</p>
            <ul class="space-y-0.5 text-sm text-emerald-700" lang="zh-CN">
                {analysis.strengths.iter().map(|s| view! { <li>"＋ "{s.clone()}</li> }).collect_view()}
            </ul>
            <ul class="space-y-0.5 text-sm text-rose-700" lang="zh-CN">
                {analysis.risks.iter().map(|s| view! { <li>"－ "{s.clone()}</li> }).collect_view()}
            </ul>
        </article>
    }
}
