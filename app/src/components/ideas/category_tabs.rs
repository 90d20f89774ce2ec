use leptos::prelude::*;
use leptos_router::components::A;
use model::{Category, IdeaQuery};

use super::list_href;
use crate::i18n::use_text;

/// "All" plus the six categories; the current one is highlighted. Changing category resets paging.
#[component]
pub fn CategoryTabs(query: IdeaQuery) -> impl IntoView {
    let t = use_text();
    let tab = |label: &'static str, category: Option<Category>| {
        let active = query.category == category;
        let href = list_href(&IdeaQuery { category, page: 1, ..query.clone() });
        let class = if active {
            "inline-flex min-h-11 shrink-0 items-center rounded-full bg-indigo-600 px-4 text-sm text-white"
        } else {
            "inline-flex min-h-11 shrink-0 items-center rounded-full bg-white px-4 text-sm text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50"
        };
        view! { <A href=href attr:class=class attr:aria-current=active.then_some("page")>{label}</A> }
    };
    view! {
        <nav class="flex gap-2 overflow-x-auto pb-1" aria-label=t.home.categories>
            {tab(t.home.all, None)}
            {Category::ALL.into_iter().map(|c| tab((t.labels.category)(c), Some(c))).collect_view()}
        </nav>
    }
}
