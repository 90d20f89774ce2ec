use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{AuditAction, AuditEntry};

use crate::components::admin::{AdminNav, refusal};
use crate::format::beijing_time;
use crate::server_fns::admin::audit_log;

/// The audit log, newest first, narrowed by admin and action (a plain GET form).
#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let admin = query.get("admin").filter(|a| !a.trim().is_empty());
    let action = query.get("action").and_then(|a| AuditAction::parse(&a));
    let page = query.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let filter = (admin.clone(), action, page);
    let log = Resource::new(move || filter.clone(), |(admin, action, page)| audit_log(admin, action, page));
    view! {
        <Title text="审计日志 · 管理后台"/>
        <Meta name="description" content="AI创意交易市场管理后台。"/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">"管理后台"</h1>
            <AdminNav current="/admin/audit"/>
            <form method="get" action="/admin/audit" class="flex flex-col gap-2 sm:flex-row sm:items-end">
                <label class="text-sm text-slate-700">
                    "管理员"
                    <input name="admin" value=admin.unwrap_or_default() class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                </label>
                <label class="text-sm text-slate-700">
                    "操作"
                    <select name="action" class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3">
                        <option value="">"全部"</option>
                        {AuditAction::ALL.into_iter().map(|a| view! {
                            <option value=a.as_str() selected=action == Some(a)>{a.label_zh()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">"筛选"</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Err(e) => refusal(Err(e), "%2Fadmin%2Faudit"),
                        Ok(None) => refusal(Ok(()), "%2Fadmin%2Faudit"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">"没有记录。"</p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200">{list.into_iter().map(line).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn line(e: AuditEntry) -> impl IntoView {
    view! {
        <li class="space-y-1 px-4 py-3 text-sm" data-testid="audit-line">
            <p class="flex flex-wrap gap-x-3">
                <span class="font-medium">{e.action.label_zh()}</span>
                <span>{e.target.label_zh()}</span>
                <span class="text-slate-500">{format!("{} · {} · {}", e.admin, e.address.unwrap_or_else(|| "地址未知".into()), beijing_time(e.created_at))}</span>
            </p>
            {e.reason.map(|r| view! { <p class="whitespace-pre-wrap break-words text-slate-700">{r}</p> })}
        </li>
    }
}
