use leptos::prelude::*;
use leptos_router::components::A;
use model::IdeaQuery;

use super::list_href;
use crate::i18n::use_text;

/// Previous / next links with the page position; hidden when everything fits on one page.
#[component]
pub fn Pager(query: IdeaQuery, pages: u32) -> impl IntoView {
    let page = query.page;
    let t = use_text();
    let link = move |to: u32, label: &'static str| {
        let href = list_href(&IdeaQuery { page: to, ..query.clone() });
        view! { <A href=href attr:class="rounded-lg bg-white px-3 py-1.5 ring-1 ring-slate-200 hover:bg-slate-50">{label}</A> }
    };
    (pages > 1).then(|| {
        view! {
            <nav class="flex items-center justify-center gap-3 text-sm" aria-label=t.home.pages>
                {(page > 1).then(|| link(page - 1, t.home.previous))}
                <span class="text-slate-600" data-testid="page-position">{(t.home.position)(page, pages)}</span>
                {(page < pages).then(|| link(page + 1, t.home.next))}
            </nav>
        }
    })
}
