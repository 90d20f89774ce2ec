use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{AuditAction, AuditEntry};

use crate::components::admin::{AdminNav, refusal};
use crate::i18n::{Text, use_text};
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
    let t = use_text();
    let (c, at) = (&t.admin.console, &t.admin.audit);
    view! {
        <Title text=(c.page_title)(c.tab_audit)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/audit"/>
            <form method="get" action="/admin/audit" class="flex flex-col gap-2 sm:flex-row sm:items-end">
                <label class="text-sm text-slate-700">
                    {at.admin}
                    <input name="admin" value=admin.unwrap_or_default() class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                </label>
                <label class="text-sm text-slate-700">
                    {at.action}
                    <select name="action" class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3">
                        <option value="">{c.all}</option>
                        {AuditAction::ALL.into_iter().map(|a| view! {
                            <option value=a.as_str() selected=action == Some(a)>{(c.audit_action)(a)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">{at.filter}</button>
            </form>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Faudit"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Faudit"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200">{at.none}</p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="divide-y divide-slate-100 rounded-2xl bg-white ring-1 ring-slate-200">{list.into_iter().map(|e| line(t, e)).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn line(t: &'static Text, e: AuditEntry) -> impl IntoView {
    let c = &t.admin.console;
    let address = e.address.unwrap_or_else(|| t.admin.audit.unknown_address.into());
    view! {
        <li class="space-y-1 px-4 py-3 text-sm" data-testid="audit-line">
            <p class="flex flex-wrap gap-x-3">
                <span class="font-medium">{(c.audit_action)(e.action)}</span>
                <span>{(c.audit_target)(e.target)}</span>
                <span class="text-slate-500">{format!("{} · {address} · {}", e.admin, (t.labels.when)(e.created_at))}</span>
            </p>
            {e.reason.map(|r| view! { <p class="whitespace-pre-wrap break-words text-slate-700">{r}</p> })}
        </li>
    }
}
