use leptos::prelude::*;
use model::MonthFigures;

use crate::i18n::use_text;

const W: f64 = 360.0;
const H: f64 = 120.0;
const PAD: f64 = 4.0;

/// Maps month index and amount into the chart's box, `lo..=hi` spanning its height.
struct Scale {
    n: usize,
    lo: i64,
    hi: i64,
}

impl Scale {
    fn new(n: usize, values: impl Iterator<Item = i64> + Clone) -> Self {
        let lo = values.clone().min().unwrap_or(0).min(0);
        let hi = values.max().unwrap_or(0).max(0);
        Self { n, lo, hi: if hi == lo { lo + 1 } else { hi } }
    }

    fn x(&self, i: usize) -> f64 {
        PAD + (W - 2.0 * PAD) * i as f64 / (self.n.max(2) - 1) as f64
    }

    fn y(&self, v: i64) -> f64 {
        PAD + (H - 2.0 * PAD) * (self.hi - v) as f64 / (self.hi - self.lo) as f64
    }

    fn points(&self, values: impl Iterator<Item = i64>) -> String {
        values.enumerate().map(|(i, v)| format!("{:.1},{:.1}", self.x(i), self.y(v))).collect::<Vec<_>>().join(" ")
    }
}

fn swatch(color: &'static str, dashed: bool, label: &'static str) -> impl IntoView {
    let line = if dashed { "border-dashed" } else { "border-solid" };
    view! {
        <span class="inline-flex items-center gap-1">
            <span class=format!("inline-block w-5 border-t-2 {line} {color}")></span>
            {label}
        </span>
    }
}

/// Monthly revenue against costs, and cumulative cash, over the 36 months (inline SVG, no script).
#[component]
pub fn FinanceChart(months: Vec<MonthFigures>, break_even_month: Option<u32>) -> impl IntoView {
    if months.len() < 2 {
        return None;
    }
    let n = months.len();
    let f = &use_text().plans.finance;
    let flows = Scale::new(n, months.iter().flat_map(|m| [m.revenue, m.costs]));
    let cash = Scale::new(n, months.iter().map(|m| m.cash));
    let revenue_line = flows.points(months.iter().map(|m| m.revenue));
    let cost_line = flows.points(months.iter().map(|m| m.costs));
    let cash_line = cash.points(months.iter().map(|m| m.cash));
    let zero = cash.y(0);
    let marker = break_even_month.map(|m| cash.x((m as usize).saturating_sub(1)));
    let months_axis = move || {
        view! {
            <div class="flex justify-between text-xs text-slate-500">
                {[1, 12, 24, n].map(|m| view! { <span>{(f.month)(m)}</span> })}
            </div>
        }
    };
    Some(view! {
        <figure class="plan-chart space-y-4" data-testid="finance-chart">
            <div>
                <div class="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
                    <span class="font-medium">{f.flows}</span>
                    <span class="flex gap-3">{swatch("border-emerald-600", false, f.revenue)}{swatch("border-rose-600", true, f.costs)}</span>
                </div>
                <p class="text-xs text-slate-500">{(f.high)(flows.hi)}</p>
                <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" class="h-36 w-full rounded border border-slate-200" role="img" aria-label=f.flows_label>
                    <line x1=PAD y1=flows.y(0) x2=W - PAD y2=flows.y(0) stroke="#cbd5e1" stroke-width="1" vector-effect="non-scaling-stroke"/>
                    <polyline points=revenue_line fill="none" stroke="#059669" stroke-width="2" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>
                    <polyline points=cost_line fill="none" stroke="#e11d48" stroke-width="2" stroke-dasharray="6 4" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>
                </svg>
                {months_axis()}
            </div>
            <div>
                <div class="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
                    <span class="font-medium">{f.cash}</span>
                    <span class="flex gap-3">
                        {swatch("border-indigo-600", false, f.cash)}
                        {marker.map(|_| swatch("border-amber-500", true, f.payback))}
                    </span>
                </div>
                <p class="text-xs text-slate-500">{(f.high_low)(cash.hi.max(0), cash.lo)}</p>
                <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" class="h-36 w-full rounded border border-slate-200" role="img" aria-label=f.cash_label>
                    <line x1=PAD y1=zero x2=W - PAD y2=zero stroke="#94a3b8" stroke-width="1" stroke-dasharray="3 3" vector-effect="non-scaling-stroke"/>
                    {marker.map(|x| view! {
                        <line x1=x y1=PAD x2=x y2=H - PAD stroke="#f59e0b" stroke-width="1.5" stroke-dasharray="4 3" vector-effect="non-scaling-stroke"/>
                    })}
                    <polyline points=cash_line fill="none" stroke="#4f46e5" stroke-width="2" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>
                </svg>
                {months_axis()}
            </div>
            <figcaption class="text-xs text-slate-500">{f.caption}</figcaption>
        </figure>
    })
}
