use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::{ApiError, IdeaQuery, Sort};

use crate::components::ideas::{CategoryTabs, IdeaCard, Pager, list_href};
use crate::error::AppError;
use crate::i18n::use_text;
use crate::server_fns::ideas::{featured_ideas, list_ideas};

/// The idea list: category tabs, search, sort, paging and an empty state. Rendered on the
/// server; the tabs, sorts and pages are links and the search a plain form.
#[component]
pub fn HomePage() -> impl IntoView {
    let query = {
        let p = use_query_map().read_untracked();
        IdeaQuery::parse(
            p.get("category").as_deref(),
            p.get("search").as_deref(),
            p.get("sort").as_deref(),
            p.get("page").as_deref(),
        )
    };
    let requested = query.clone();
    let lang = crate::i18n::use_lang();
    let ideas = Resource::new(
        move || requested.clone(),
        move |q| async move {
            match q {
                Ok(q) => list_ideas(q).await,
                Err(fields) => Err(AppError(ApiError::invalid(lang, &fields))),
            }
        },
    );
    let t = use_text();
    let current = query.unwrap_or_else(|_| IdeaQuery { page: 1, ..Default::default() });
    let searching = current.search.is_some() || current.category.is_some();
    // The featured ideas lead the first page of the unfiltered list only.
    let show_featured = !searching && current.page == 1;
    let featured = Resource::new(
        || (),
        move |_| async move { if show_featured { featured_ideas().await } else { Ok(Vec::new()) } },
    );

    view! {
        <Title text=t.title(t.home.title)/>
        <Meta name="description" content=t.home.description/>
        <section class="space-y-4">
            <div class="rounded-2xl bg-gradient-to-r from-indigo-600 to-violet-600 p-6 text-white">
                <h1 class="text-2xl font-bold">{t.home.hero_title}</h1>
                <p class="mt-1 text-indigo-100">{t.home.hero_text}</p>
                <A href="/submit" attr:class="mt-4 inline-block rounded-lg bg-white px-4 py-2 font-medium text-indigo-700 hover:bg-indigo-50">{t.common.nav_submit}</A>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    featured.await.ok().filter(|items| !items.is_empty()).map(|items| view! {
                        <section class="space-y-2" aria-labelledby="featured-heading" data-testid="featured">
                            <h2 id="featured-heading" class="text-lg font-semibold">{t.home.featured}</h2>
                            <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                                {items.into_iter().map(|idea| view! { <IdeaCard idea/> }).collect_view()}
                            </div>
                        </section>
                    })
                })}
            </Suspense>
            {
                let q = current.clone();
                view! {
                    <CategoryTabs query=q.clone()/>
                    <div class="flex flex-wrap items-center gap-3">
                        <form method="get" action="/" class="flex w-full min-w-0 gap-2 sm:w-auto sm:flex-1" role="search">
                            {q.category.map(|c| view! { <input type="hidden" name="category" value=c.as_str()/> })}
                            {(q.sort != Sort::default()).then(|| view! { <input type="hidden" name="sort" value=q.sort.as_str()/> })}
                            <input
                                type="search"
                                name="search"
                                placeholder=t.home.search_placeholder
                                aria-label=t.home.search_label
                                value=q.search.clone().unwrap_or_default()
                                maxlength=model::SEARCH_MAX
                                class="min-h-11 min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2"
                            />
                            <button class="min-h-11 rounded-lg bg-slate-800 px-4 py-2 text-white hover:bg-slate-900">{t.home.search}</button>
                        </form>
                        <nav class="flex flex-wrap gap-1 text-sm" aria-label=t.home.sort>
                            {Sort::ALL.into_iter().map(|sort| {
                                let active = q.sort == sort;
                                let href = list_href(&IdeaQuery { sort, page: 1, ..q.clone() });
                                let class = if active {
                                    "inline-flex min-h-11 items-center rounded-lg bg-slate-800 px-3 text-white"
                                } else {
                                    "inline-flex min-h-11 items-center rounded-lg px-3 text-slate-600 hover:bg-slate-200"
                                };
                                view! {
                                    <A href=href attr:class=class attr:data-sort=sort.as_str() attr:aria-current=active.then_some("page")>
                                        {(t.labels.sort)(sort)}
                                    </A>
                                }
                            }).collect_view()}
                        </nav>
                    </div>
                }
            }
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.home.loading}</p> }>
                {move || {
                    let current = current.clone();
                    Suspend::new(async move {
                    match ideas.await {
                        Err(e) => view! {
                            <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p>
                        }.into_any(),
                        Ok(page) if page.items.is_empty() => {
                            view! {
                                <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200" data-testid="empty-state">
                                    <p class="text-slate-600">{if searching { t.home.nothing_found } else { t.home.nothing_yet }}</p>
                                    <A href="/submit" attr:class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.home.first_idea}</A>
                                </div>
                            }.into_any()
                        }
                        Ok(page) => {
                            let pages = page.pages();
                            view! {
                                <p class="text-sm text-slate-500">{(t.home.total)(page.total)}</p>
                                <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="idea-list">
                                    {page.items.into_iter().map(|idea| view! { <IdeaCard idea/> }).collect_view()}
                                </div>
                                <Pager query=current pages/>
                            }.into_any()
                        }
                    }
                })
                }}
            </Suspense>
        </section>
    }
}
