use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::MemberSummary;

use crate::components::admin::{AdminNav, refusal};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::search_members;

/// Members found by name, email or phone (a plain GET form), each linking to their page.
#[component]
pub fn AdminMembersPage() -> impl IntoView {
    let q = use_query_map().read_untracked().get("q").unwrap_or_default();
    let found = Resource::new(
        {
            let q = q.clone();
            move || q.clone()
        },
        search_members,
    );
    let t = use_text();
    let (c, mt) = (&t.admin.console, &t.admin.members);
    view! {
        <Title text=(c.page_title)(c.tab_members)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/members"/>
            <form method="get" action="/admin/members" role="search" class="flex gap-2">
                <label for="member-q" class="sr-only">{mt.search_label}</label>
                <input id="member-q" name="q" value=q placeholder=mt.search_label maxlength="100" data-testid="member-q"
                    class="min-h-11 flex-1 rounded-lg border border-slate-300 px-3"/>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">{c.search}</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Fmembers"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Fmembers"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">{mt.none}</p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200">{list.into_iter().map(|m| row(t, m)).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn row(t: &'static Text, m: MemberSummary) -> impl IntoView {
    view! {
        <li>
            <a href=format!("/admin/members/{}", m.id) class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50" data-testid="member-row">
                <span class="font-medium">{m.username}</span>
                <span class="text-sm text-slate-500 break-all">{m.email}</span>
                <span class="text-sm text-slate-500">{m.phone.unwrap_or_default()}</span>
                <span class="text-sm">{(t.admin.console.standing)(m.standing)}</span>
                <span class="ml-auto text-sm">{format!("{} · {}", (t.common.credits)(m.credits), (t.labels.when)(m.created_at))}</span>
            </a>
        </li>
    }
}
