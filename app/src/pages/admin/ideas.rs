use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::ConsoleIdea;

use crate::components::admin::{AdminNav, refusal};
use crate::format::beijing_time;
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
    view! {
        <Title text="创意 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/ideas"/>
            <form method="get" action="/admin/ideas" role="search" class="flex flex-col gap-2 sm:flex-row">
                <label for="idea-q" class="sr-only">"创意标题"</label>
                <input id="idea-q" name="q" value=q placeholder="创意标题" maxlength="100" data-testid="idea-q"
                    class="min-h-11 flex-1 rounded-lg border border-slate-300 px-3"/>
                <label for="idea-hidden" class="sr-only">"可见性"</label>
                <select id="idea-hidden" name="hidden" class="min-h-11 rounded-lg border border-slate-300 px-3">
                    <option value="" selected=hidden.is_none()>"全部"</option>
                    <option value="false" selected=hidden == Some(false)>"公开"</option>
                    <option value="true" selected=hidden == Some(true)>"已隐藏"</option>
                </select>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">"搜索"</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Fideas"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Fideas"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">"没有找到创意。"</p>
                        }.into_any(),
                        Ok(Some(list)) => view! { <ul class="space-y-3">{list.into_iter().map(idea).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn idea(i: ConsoleIdea) -> impl IntoView {
    let id = i.id;
    view! {
        <li class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-idea">
            <p><a href=format!("/ideas/{id}") class="inline-flex min-h-11 items-center font-medium text-indigo-700 underline wrap-anywhere">{i.title}</a></p>
            <p><a href=format!("/admin/ideas/{id}") class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline" data-testid="admin-idea-open">"分析与竞价"</a></p>
            <p class="text-sm text-slate-500">
                {format!("#{id} · 作者 {} · {} · {} · 待处理举报 {}", i.author, i.status.label_zh(), beijing_time(i.submitted_at), i.open_reports)}
            </p>
            {i.hidden_reason.clone().map(|r| view! { <p class="break-words text-sm text-amber-800" data-testid="admin-idea-hidden">{format!("已隐藏：{r}")}</p> })}
            {i.featured.then(|| view! { <p class="text-sm font-medium text-indigo-700" data-testid="admin-idea-featured">"★ 精选中"</p> })}
            {(!i.hidden || i.featured).then(|| view! {
                <form method="post" action=SetIdeaFeatured::url()>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="featured" value=(!i.featured).to_string()/>
                    <button type="submit" data-testid=if i.featured { "unfeature" } else { "feature" }
                        class="min-h-11 rounded-lg px-4 text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50">
                        {if i.featured { "取消精选" } else { "设为精选" }}
                    </button>
                </form>
            })}
            <form method="post" action=SetIdeaHidden::url() class="flex flex-col gap-2 sm:flex-row sm:items-end">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="hidden" value=(!i.hidden).to_string()/>
                {if i.hidden {
                    view! {
                        <input type="hidden" name="reason" value=""/>
                        <button type="submit" data-testid="unhide" class="min-h-11 rounded-lg px-4 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">"恢复公开"</button>
                    }.into_any()
                } else {
                    view! {
                        <label class="flex-1 text-sm text-slate-700">
                            "隐藏原因（作者会看到）"
                            <input name="reason" required minlength="2" maxlength="500" data-testid="hide-reason"
                                class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                        </label>
                        <button type="submit" data-testid="hide" class="min-h-11 rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">"隐藏"</button>
                    }.into_any()
                }}
            </form>
        </li>
    }
}
