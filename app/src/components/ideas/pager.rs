use leptos::prelude::*;
use leptos_router::components::A;
use model::IdeaQuery;

use super::list_href;

/// Previous / next links with the page position; hidden when everything fits on one page.
#[component]
pub fn Pager(query: IdeaQuery, pages: u32) -> impl IntoView {
    let page = query.page;
    let link = move |to: u32, label: &'static str| {
        let href = list_href(&IdeaQuery { page: to, ..query.clone() });
        view! { <A href=href attr:class="rounded-lg bg-white px-3 py-1.5 ring-1 ring-slate-200 hover:bg-slate-50">{label}</A> }
    };
    (pages > 1).then(|| {
        view! {
            <nav class="flex items-center justify-center gap-3 text-sm" aria-label="分页">
                {(page > 1).then(|| link(page - 1, "上一页"))}
                <span class="text-slate-600" data-testid="page-position">{format!("第 {page} / {pages} 页")}</span>
                {(page < pages).then(|| link(page + 1, "下一页"))}
            </nav>
        }
    })
}
