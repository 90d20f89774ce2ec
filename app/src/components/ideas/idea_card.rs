use leptos::prelude::*;
use leptos_router::components::A;
use model::{IdeaStatus, IdeaSummary};

use crate::i18n::use_text;

pub fn status_class(status: IdeaStatus) -> &'static str {
    match status {
        IdeaStatus::Pending => "bg-amber-100 text-amber-800",
        IdeaStatus::Bidding => "bg-emerald-100 text-emerald-800",
        IdeaStatus::Completed => "bg-slate-200 text-slate-700",
    }
}

/// One idea in the list.
#[component]
pub fn IdeaCard(idea: IdeaSummary) -> impl IntoView {
    let href = format!("/ideas/{}", idea.id);
    let t = use_text();
    view! {
        <article class="flex min-w-0 flex-col gap-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="idea-card">
            {idea.cover.clone().map(|src| view! {
                <img src=src alt="" loading="lazy" width="480" height="360" data-testid="idea-cover"
                    class="-mx-4 -mt-4 mb-1 aspect-[4/3] w-[calc(100%+2rem)] max-w-none rounded-t-xl object-cover"/>
            })}
            <div class="flex items-center gap-2 text-xs">
                <span class="rounded bg-indigo-50 px-2 py-0.5 text-indigo-700">{(t.labels.category)(idea.category)}</span>
                <span class=format!("rounded px-2 py-0.5 {}", status_class(idea.status))>{(t.labels.status)(idea.status)}</span>
            </div>
            <h2 class="text-lg font-semibold leading-snug wrap-anywhere">
                <A href=href attr:class="flex min-h-11 items-center hover:text-indigo-700">{idea.title.clone()}</A>
            </h2>
            <p class="text-sm text-slate-600 wrap-anywhere">{idea.excerpt.clone()}</p>
            <div class="flex flex-wrap gap-1">
                {idea.tags.iter().map(|t| view! { <span class="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">"#"{t.clone()}</span> }).collect_view()}
            </div>
            <div class="mt-auto flex flex-wrap gap-x-3 text-xs text-slate-500">
                <span>{idea.author.clone()}</span>
                <span>{(t.labels.when)(idea.submitted_at)}</span>
                <span>{(t.idea.views)(idea.views)}</span>
                <span>{(t.idea.likes)(idea.likes)}</span>
            </div>
        </article>
    }
}
