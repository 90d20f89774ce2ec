use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;
use model::AuthorPage;

use crate::components::ideas::IdeaCard;
use crate::components::sharing::site_url;
use crate::format::thousands;
use crate::i18n::{Text, use_text};
use crate::server_fns::profiles::get_author;

/// An author's public page: their published ideas and public totals, nothing private.
#[component]
pub fn AuthorProfilePage() -> impl IntoView {
    let params = use_params_map();
    let username = move || params.read().get("username").unwrap_or_default();
    let page = Resource::new(username, get_author);
    let t = use_text();
    let p = &t.space.profile;
    view! {
        <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! {
                        <Title text=t.title(p.author_not_found)/>
                        <Meta name="description" content=p.author_not_found_description/>
                        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200">
                            <p class="text-slate-700">{e.message().to_owned()}</p>
                            <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">{t.common.back_home}</a>
                        </div>
                    }.into_any(),
                    Ok(author) => author_view(t, author).into_any(),
                }
            })}
        </Suspense>
    }
}

fn author_view(t: &'static Text, author: AuthorPage) -> impl IntoView + use<> {
    let AuthorPage { username, joined_at, level, totals, ideas } = author;
    let p = &t.space.profile;
    let canonical = format!("{}{}", site_url(), model::author_path(&username));
    let stats = [
        (p.stat_ideas, thousands(totals.ideas)),
        (p.stat_likes, thousands(totals.likes)),
        (p.stat_sold, thousands(totals.sold)),
        (p.stat_sold_for, thousands(totals.sold_for)),
    ];
    view! {
        <Title text=t.title(&(p.author_title)(&username))/>
        <Meta name="description" content=(p.author_description)(&username, totals.ideas)/>
        <Link rel="canonical" href=canonical/>
        <section class="space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8">
            <h1 class="break-words text-2xl font-bold" data-testid="author-name">{username.clone()}</h1>
            <p class="text-sm text-slate-500">{(p.member_since)((t.labels.level)(level), &(t.labels.when)(joined_at))}</p>
            <dl class="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="author-totals">
                {stats.into_iter().map(|(label, value)| view! {
                    <div class="rounded-lg bg-slate-50 p-3">
                        <dt class="text-xs text-slate-500">{label}</dt>
                        <dd class="text-lg font-semibold">{value}</dd>
                    </div>
                }).collect_view()}
            </dl>
        </section>
        <h2 class="mb-3 mt-6 font-semibold">{p.published}</h2>
        {if ideas.is_empty() {
            view! { <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200" data-testid="author-empty">{p.author_empty}</p> }.into_any()
        } else {
            view! {
                <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="idea-list">
                    {ideas.into_iter().map(|idea| view! { <IdeaCard idea/> }).collect_view()}
                </div>
            }.into_any()
        }}
    }
}
