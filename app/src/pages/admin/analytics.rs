use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::{AnalyticsReport, Retention};

use crate::components::admin::{AdminNav, BarChart, LineChart, heat_class, refusal};
use crate::i18n::{Text, use_text};
use crate::server_fns::admin::analytics_figures;

/// 数据: active members, new members, ideas, plans and revenue per day, the agents' outcomes and
/// latency, retention by signup week and conversion, for a range of days; each table as CSV.
#[component]
pub fn AdminAnalyticsPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let (from, to) = (query.get("from"), query.get("to"));
    let report = Resource::new(move || (from.clone(), to.clone()), |(from, to)| analytics_figures(from, to));
    let t = use_text();
    let c = &t.admin.console;
    view! {
        <Title text=(c.page_title)(c.tab_analytics)/>
        <Meta name="description" content=c.description/>
        <div class="mx-auto max-w-5xl space-y-4">
            <h1 class="text-xl font-bold">{c.title}</h1>
            <AdminNav current="/admin/analytics"/>
            <Suspense fallback=|| view! { <p class="py-10 text-center text-slate-500">{t.admin.analytics.counting}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Err(e) => refusal(t, Err(e), "%2Fadmin%2Fanalytics"),
                        Ok(None) => refusal(t, Ok(()), "%2Fadmin%2Fanalytics"),
                        Ok(Some(r)) => figures(t, r).into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// A table of the page with its title and its CSV download over the same days.
fn table_section<B: IntoView>(
    t: &'static Text,
    title: &'static str,
    table: &'static str,
    (from, to): &(String, String),
    test_id: Option<&'static str>,
    body: B,
) -> impl IntoView + use<B> {
    let href = format!("/admin/analytics.csv?table={table}&from={from}&to={to}");
    view! {
        <section class="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid=test_id>
            <div class="flex items-center justify-between">
                <h2 class="font-semibold">{title}</h2>
                <a href=href download class="inline-flex min-h-11 items-center text-sm text-indigo-700 underline" data-testid=format!("csv-{table}")>
                    {t.admin.analytics.csv}
                </a>
            </div>
            {body}
        </section>
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn retention_cell(r: Option<Retention>) -> impl IntoView {
    match r {
        None => view! { <td class="px-2 py-1 text-center text-slate-500">"—"</td> }.into_any(),
        Some(r) => view! {
            <td class=format!("px-2 py-1 text-center {}", heat_class(r.share())) title=format!("{} / {}", r.retained, r.of)>
                {percent(r.share())}
            </td>
        }
        .into_any(),
    }
}

fn figures(t: &'static Text, r: AnalyticsReport) -> impl IntoView {
    let at = &t.admin.analytics;
    let labels: Vec<String> = r.days.iter().map(|d| d.day[5..].to_owned()).collect();
    let col = |f: fn(&model::DayFigures) -> i64| r.days.iter().map(f).collect::<Vec<_>>();
    let last = r.days.last().cloned();
    let stickiness = last.as_ref().filter(|d| d.mau > 0).map(|d| percent(d.dau as f64 / d.mau as f64));
    let c = r.conversion;
    let range = (r.from.clone(), r.to.clone());
    let share = |n: i64| if c.signups > 0 { percent(n as f64 / c.signups as f64) } else { "—".to_owned() };
    view! {
        <form method="get" action="/admin/analytics" class="flex flex-wrap items-end gap-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
            <label class="text-sm text-slate-700">{at.from}
                <input type="date" name="from" value=r.from.clone() class="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"/>
            </label>
            <label class="text-sm text-slate-700">{at.to}
                <input type="date" name="to" value=r.to.clone() class="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"/>
            </label>
            <button type="submit" class="min-h-11 rounded-lg bg-indigo-600 px-4 text-white hover:bg-indigo-700">{at.show}</button>
        </form>
        <section class="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="headline">
            {[(at.dau, last.as_ref().map_or(0, |d| d.dau).to_string()),
              (at.wau, last.as_ref().map_or(0, |d| d.wau).to_string()),
              (at.mau, last.as_ref().map_or(0, |d| d.mau).to_string()),
              ("DAU/MAU", stickiness.unwrap_or_else(|| "—".to_owned()))]
                .into_iter()
                .map(|(label, value)| view! {
                    <div class="rounded-2xl bg-white p-3 ring-1 ring-slate-200">
                        <p class="text-xs text-slate-500">{label}</p>
                        <p class="text-xl font-semibold">{value}</p>
                    </div>
                })
                .collect_view()}
        </section>
        <div class="grid gap-3 lg:grid-cols-2">
            <LineChart title=at.active_members labels=labels.clone()
                series=vec![("DAU", "#4f46e5", col(|d| d.dau)), ("WAU", "#0d9488", col(|d| d.wau)), ("MAU", "#d97706", col(|d| d.mau))]/>
            <BarChart title=at.new_members labels=labels.clone() values=col(|d| d.new_members) color="#4f46e5"/>
            <BarChart title=at.ideas_submitted labels=labels.clone() values=col(|d| d.ideas) color="#0d9488"/>
            <BarChart title=at.plans_bought labels=labels.clone() values=col(|d| d.plans) color="#7c3aed"/>
            <BarChart title=at.revenue_fen labels=labels.clone() values=col(|d| d.paid_fen - d.refunded_fen) color="#d97706"/>
        </div>
        {table_section(t, at.days, "days", &range, None, view! {
            <div class="overflow-x-auto">
                <table class="w-full text-right text-sm" data-testid="days-table">
                    <thead class="text-xs text-slate-500"><tr>
                        <th class="px-2 text-left">{at.day}</th><th class="px-2">"DAU"</th><th class="px-2">"WAU"</th><th class="px-2">"MAU"</th>
                        <th class="px-2">{at.new_members}</th><th class="px-2">{at.ideas}</th><th class="px-2">{at.plans}</th><th class="px-2">{at.revenue}</th>
                    </tr></thead>
                    <tbody>
                        {r.days.iter().rev().map(|d| view! {
                            <tr class="border-t border-slate-100">
                                <td class="px-2 py-1 text-left">{d.day.clone()}</td><td class="px-2">{d.dau}</td><td class="px-2">{d.wau}</td>
                                <td class="px-2">{d.mau}</td><td class="px-2">{d.new_members}</td><td class="px-2">{d.ideas}</td>
                                <td class="px-2">{d.plans}</td><td class="px-2">{format!("¥{}", model::yuan(d.paid_fen - d.refunded_fen))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {table_section(t, at.agents, "agents", &range, None, view! {
            <div class="overflow-x-auto">
                <table class="w-full text-right text-sm" data-testid="agents-table">
                    <thead class="text-xs text-slate-500"><tr>
                        <th class="px-2 text-left">{at.analyst}</th><th class="px-2">{at.ok}</th><th class="px-2">{at.fallback}</th><th class="px-2">{at.offline}</th>
                        <th class="px-2">{at.success_rate}</th><th class="px-2">"P50"</th><th class="px-2">"P95"</th>
                    </tr></thead>
                    <tbody>
                        {r.agents.iter().map(|a| view! {
                            <tr class="border-t border-slate-100">
                                <td class="px-2 py-1 text-left">{(t.labels.agent)(a.agent)}</td><td class="px-2">{a.ok}</td><td class="px-2">{a.fallback}</td>
                                <td class="px-2">{a.offline}</td><td class="px-2">{a.success_rate().map_or("—".to_owned(), percent)}</td>
                                <td class="px-2">{a.p50_ms.map_or("—".to_owned(), |ms| format!("{ms} ms"))}</td>
                                <td class="px-2">{a.p95_ms.map_or("—".to_owned(), |ms| format!("{ms} ms"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {table_section(t, at.cohorts, "cohorts", &range, None, view! {
            <div class="overflow-x-auto">
                <table class="w-full text-sm" data-testid="cohorts-table">
                    <thead class="text-xs text-slate-500"><tr>
                        <th class="px-2 text-left">{at.signup_week}</th><th class="px-2">{at.members}</th><th class="px-2">{at.day1}</th><th class="px-2">{at.day7}</th><th class="px-2">{at.day30}</th>
                    </tr></thead>
                    <tbody>
                        {r.cohorts.iter().map(|c| view! {
                            <tr class="border-t border-slate-100">
                                <td class="px-2 py-1">{c.week.clone()}</td><td class="px-2 text-center">{c.members}</td>
                                {retention_cell(c.day1)}{retention_cell(c.day7)}{retention_cell(c.day30)}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {table_section(t, at.conversion, "conversion", &range, Some("conversion"), view! {
            <ul class="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                <li>{at.signed_up}<b>{c.signups}</b></li>
                <li>{at.first_idea}<b>{c.first_idea}</b>" · "{share(c.first_idea)}</li>
                <li>{at.first_plan}<b>{c.first_plan}</b>" · "{share(c.first_plan)}</li>
                <li>{at.first_topup}<b>{c.first_topup}</b>" · "{share(c.first_topup)}</li>
            </ul>
        })}
        {table_section(t, at.categories, "categories", &range, None, view! {
            <ul class="space-y-1 text-sm">
                {category_totals(t, &r).into_iter().map(|(label, n)| view! { <li class="flex justify-between"><span>{label}</span><b>{n}</b></li> }).collect_view()}
            </ul>
        })}
    }
}

fn category_totals(t: &'static Text, r: &AnalyticsReport) -> Vec<(&'static str, i64)> {
    model::Category::ALL
        .into_iter()
        .map(|c| {
            ((t.labels.category)(c), r.ideas_by_category.iter().filter(|d| d.category == c).map(|d| d.ideas).sum())
        })
        .collect()
}
