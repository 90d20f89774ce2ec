use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::MemberSummary;

use crate::components::admin::{AdminNav, refusal};
use crate::format::{beijing_time, thousands};
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
    view! {
        <Title text="会员 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/members"/>
            <form method="get" action="/admin/members" role="search" class="flex gap-2">
                <label for="member-q" class="sr-only">"用户名、邮箱或手机号"</label>
                <input id="member-q" name="q" value=q placeholder="用户名、邮箱或手机号" maxlength="100" data-testid="member-q"
                    class="min-h-11 flex-1 rounded-lg border border-slate-300 px-3"/>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">"搜索"</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Fmembers"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Fmembers"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">"没有找到会员。"</p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200">{list.into_iter().map(row).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn row(m: MemberSummary) -> impl IntoView {
    view! {
        <li>
            <a href=format!("/admin/members/{}", m.id) class="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50" data-testid="member-row">
                <span class="font-medium">{m.username}</span>
                <span class="text-sm text-slate-500 break-all">{m.email}</span>
                <span class="text-sm text-slate-500">{m.phone.unwrap_or_default()}</span>
                <span class="text-sm">{m.standing.label_zh()}</span>
                <span class="ml-auto text-sm">{format!("{} 积分 · {}", thousands(m.credits), beijing_time(m.created_at))}</span>
            </a>
        </li>
    }
}
