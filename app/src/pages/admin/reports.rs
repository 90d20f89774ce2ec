use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{ReportStatus, ReportTarget, ReportView};

use crate::components::admin::{AdminNav, refusal};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::{DecideReport, report_queue};

/// The review queue: each open report with what it is about, and the forms to uphold it (with a
/// reason the author reads) or dismiss it.
#[component]
pub fn AdminReportsPage() -> impl IntoView {
    let status = use_query_map()
        .read_untracked()
        .get("status")
        .and_then(|s| ReportStatus::parse(&s))
        .unwrap_or(ReportStatus::Open);
    let queue = Resource::new(move || status, |status| report_queue(status, 1));
    let t = use_text();
    let (c, rt) = (&t.admin.console, &t.admin.reports);
    view! {
        <Title text=(c.page_title)(c.tab_reports)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-4xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/reports"/>
            <p class="flex flex-wrap gap-3 text-sm">
                {[(ReportStatus::Open, rt.open), (ReportStatus::Upheld, rt.upheld), (ReportStatus::Dismissed, rt.dismissed)].into_iter().map(|(s, label)| view! {
                    <a href=format!("/admin/reports?status={}", s.as_str()) class=if s == status { "font-semibold text-indigo-700" } else { "text-slate-600 underline" }>{label}</a>
                }).collect_view()}
            </p>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Freports"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Freports"),
                        Ok(Some(list)) if list.is_empty() => view! {
                            <p class="rounded-2xl bg-white p-8 text-center text-slate-600 ring-1 ring-slate-200" data-testid="reports-empty">{rt.none}</p>
                        }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="space-y-3">{list.into_iter().map(|r| report(t, r)).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn report(t: &'static Text, r: ReportView) -> impl IntoView {
    let rt = &t.admin.reports;
    let (what, href) = match &r.target {
        ReportTarget::Idea { idea_id, title, hidden } => ((rt.idea)(title, *hidden), format!("/ideas/{idea_id}")),
        ReportTarget::Plan { plan_id, title, shared, .. } => ((rt.plan)(title, *shared), format!("/plans/{plan_id}")),
    };
    let open = r.status == ReportStatus::Open;
    let id = r.id;
    view! {
        <li class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="admin-report">
            <p class="text-sm text-slate-500">{format!("#{id} · {} · {} · {}", (t.labels.report_reason)(r.reason), (rt.reporter)(&r.reporter), (t.labels.when)(r.created_at))}</p>
            <p><a href=href class="font-medium text-indigo-700 underline break-words">{what}</a></p>
            {(!r.note.is_empty()).then(|| view! { <p class="whitespace-pre-wrap break-words text-slate-700" data-testid="admin-report-note">{r.note.clone()}</p> })}
            {open.then(|| view! {
                <div class="flex flex-col gap-2 sm:flex-row sm:items-end">
                    <form method="post" action=DecideReport::url() class="flex flex-1 flex-col gap-2 sm:flex-row sm:items-end">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="uphold" value="true"/>
                        <label class="flex-1 text-sm text-slate-700">
                            {rt.uphold_reason}
                            <input name="reason" required minlength="2" maxlength="500" data-testid="uphold-reason"
                                class="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"/>
                        </label>
                        <button type="submit" data-testid="uphold" class="min-h-11 rounded-lg bg-rose-600 px-4 text-white hover:bg-rose-700">{rt.uphold}</button>
                    </form>
                    <form method="post" action=DecideReport::url()>
                        <input type="hidden" name="id" value=id.to_string()/>
                        <input type="hidden" name="uphold" value="false"/>
                        <input type="hidden" name="reason" value=""/>
                        <button type="submit" data-testid="dismiss" class="min-h-11 w-full rounded-lg px-4 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">{rt.dismiss}</button>
                    </form>
                </div>
            })}
        </li>
    }
}
