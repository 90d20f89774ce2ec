use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{Notice, NoticePage};

use crate::i18n::{Text, use_text};
use crate::server_fns::notifications::{OpenNotice, ReadAllNotices, list_notices};

/// The member's notifications, newest first: unread ones marked, each opening where it leads
/// (and counting as read), all markable read at once. Plain forms: it works without JavaScript.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.read().get("before").and_then(|b| b.parse::<i64>().ok());
    let page = Resource::new(before, list_notices);
    let t = use_text();
    view! {
        <Title text=t.title(t.common.notifications)/>
        <Meta name="description" content=t.space.notices.description/>
        <div class="mx-auto max-w-3xl space-y-4">
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Err(e) => view! { <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p> }.into_any(),
                        Ok(None) => view! {
                            <h1 class="text-xl font-bold">{t.common.notifications}</h1>
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200">
                                <p class="text-slate-600">{t.space.notices.login_prompt}</p>
                                <a href="/login?next=%2Fnotifications" class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</a>
                            </div>
                        }.into_any(),
                        Ok(Some(page)) => notice_page(t, page).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn notice_page(t: &'static Text, page: NoticePage) -> impl IntoView + use<> {
    let NoticePage { items, unread, next_before } = page;
    let s = &t.space.notices;
    view! {
        <div class="flex flex-wrap items-center justify-between gap-2">
            <h1 class="text-xl font-bold">
                {t.common.notifications}
                {(unread > 0).then(|| view! { <span class="ml-2 text-base font-normal text-slate-500" data-testid="notices-unread">{(s.unread)(unread)}</span> })}
            </h1>
            {(unread > 0).then(|| view! {
                <form method="post" action=ReadAllNotices::url()>
                    <button type="submit" data-testid="read-all" class="min-h-11 rounded-lg px-4 text-sm text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50">
                        {s.read_all}
                    </button>
                </form>
            })}
        </div>
        {if items.is_empty() {
            view! {
                <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200" data-testid="notices-empty">
                    {s.empty}
                </p>
            }.into_any()
        } else {
            view! {
                <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200" data-testid="notice-list">
                    {items.into_iter().map(|n| notice_row(t, n)).collect_view()}
                </ul>
            }.into_any()
        }}
        {next_before.map(|b| view! {
            <a href=format!("/notifications?before={b}") class="inline-block min-h-11 py-3 text-sm text-indigo-700 hover:underline">{s.older}</a>
        })}
    }
}

fn notice_row(t: &'static Text, n: Notice) -> impl IntoView + use<> {
    let unread = !n.read;
    view! {
        <li>
            <form method="post" action=OpenNotice::url()>
                <input type="hidden" name="id" value=n.id.to_string()/>
                <button type="submit" data-testid="notice" data-kind=n.kind.as_str() data-read=n.read.to_string()
                    class="flex min-h-11 w-full items-start gap-3 px-4 py-3 text-left hover:bg-slate-50">
                    <span aria-hidden="true" class=if unread { "mt-2 h-2 w-2 shrink-0 rounded-full bg-rose-600" } else { "mt-2 h-2 w-2 shrink-0" }></span>
                    <span class="min-w-0 flex-1">
                        <span class=if unread { "block break-words font-medium text-slate-900" } else { "block break-words text-slate-600" }>
                            {n.message(t.lang)}
                        </span>
                        <span class="block text-xs text-slate-500">
                            {(t.labels.when)(n.created_at)}
                            {unread.then_some(t.space.notices.unread_mark)}
                        </span>
                    </span>
                </button>
            </form>
        </li>
    }
}
