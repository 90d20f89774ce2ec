use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::ConsoleIdea;

use crate::components::admin::{AdminNav, refusal};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::{SetIdeaFeatured, SetIdeaHidden, search_ideas};

/// Ideas found by title, hidden ones included, each with a form to hide it (with a reason its
/// author reads) or show it again, and one to feature it on the home page or stop.
#[component]
pub fn AdminIdeasPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let q = query.get("q").unwrap_or_default();
    let hidden = match query.get("hidden").as_deref() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    let found = Resource::new(
        {
            let q = q.clone();
            move || (q.clone(), hidden)
        },
        |(q, hidden)| search_ideas(q, hidden),
    );
    let t = use_text();
    let (c, it) = (&t.admin.console, &t.admin.ideas);
    view! {
        <Title text=(c.page_title)(c.tab_ideas)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/ideas"/>
            <form method="get" action="/admin/ideas" role="search" class="flex flex-col gap-2 sm:flex-row">
                <label for="idea-q" class="sr-only">{it.idea_title}</label>
                <input id="idea-q" name="q" value=q placeholder=it.idea_title maxlength="100" data-testid="idea-q"
                    class="min-h-11 flex-1 rounded-lg border border-slate-300 px-3"/>
                <label for="idea-hidden" class="sr-only">{it.visibility}</label>
                <select id="idea-hidden" name="hidden" class="min-h-11 rounded-lg border border-slate-300 px-3">
                    <option value="" selected=hidden.is_none()>{c.all}</option>
                    <option value="false" selected=hidden == Some(false)>{it.public}</option>
                    <option value="true" selected=hidden == Some(true)>{it.hidden}</option>
                </select>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">{c.search}</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Fideas"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Fideas"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">{it.none}</p>
                        }.into_any(),
                        Ok(Some(list)) => view! { <ul class="space-y-3">{list.into_iter().map(|i| idea(t, i)).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn idea(t: &'static Text, i: ConsoleIdea) -> impl IntoView {
    let (c, it) = (&t.admin.console, &t.admin.ideas);
    let id = i.id;
    view! {
        <li class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-idea">
            <p><a href=format!("/ideas/{id}") class="inline-flex min-h-11 items-center font-medium text-indigo-700 underline wrap-anywhere">{i.title}</a></p>
            <p><a href=format!("/admin/ideas/{id}") class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline" data-testid="admin-idea-open">{it.open}</a></p>
            <p class="text-sm text-slate-500">
                {format!("#{id} · {} · {} · {} · {}", (c.by)(&i.author), (t.labels.status)(i.status), (t.labels.when)(i.submitted_at), (it.open_reports)(i.open_reports))}
            </p>
            {i.hidden_reason.clone().map(|r| view! { <p class="break-words text-sm text-amber-800" data-testid="admin-idea-hidden">{(c.hidden_because)(&r)}</p> })}
            {i.featured.then(|| view! { <p class="text-sm font-medium text-indigo-700" data-testid="admin-idea-featured">{c.featured}</p> })}
            {(!i.hidden || i.featured).then(|| view! {
                <form method="post" action=SetIdeaFeatured::url()>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="featured" value=(!i.featured).to_string()/>
                    <button type="submit" data-testid=if i.featured { "unfeature" } else { "feature" }
                        class="min-h-11 rounded-lg px-4 text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50">
                        {if i.featured { it.unfeature } else { it.feature }}
                    </button>
                </form>
            })}
            <form method="post" action=SetIdeaHidden::url() class="flex flex-col gap-2 sm:flex-row sm:items-end">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="hidden" value=(!i.hidden).to_string()/>
                {if i.hidden {
                    view! {
                        <input type="hidden" name="reason" value=""/>
                        <button type="submit" data-testid="unhide" class="min-h-11 rounded-lg px-4 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">{it.unhide}</button>
                    }.into_any()
                } else {
                    view! {
                        <label class="flex-1 text-sm text-slate-700">
                            {it.hide_reason}
                            <input name="reason" required minlength="2" maxlength="500" data-testid="hide-reason"
                                class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                        </label>
                        <button type="submit" data-testid="hide" class="min-h-11 rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">{it.hide}</button>
                    }.into_any()
                }}
            </form>
        </li>
    }
}
