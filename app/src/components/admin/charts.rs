//! Charts drawn on the server as SVG: no script, readable on a phone (they scale to the width),
//! each with a title and the figures in a table beside it for screen readers and CSV.

use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 180.0;
const PAD: f64 = 24.0;

/// The base line, the top value and 0, and the first and last day.
fn axes(max: i64, labels: &[String]) -> impl IntoView + use<> {
    let (first, last) = (labels.first().cloned().unwrap_or_default(), labels.last().cloned().unwrap_or_default());
    view! {
        <line x1=PAD y1=HEIGHT - PAD x2=WIDTH - PAD y2=HEIGHT - PAD stroke="#cbd5e1"/>
        <text x="2" y=PAD font-size="11" fill="#64748b">{max}</text>
        <text x="2" y=HEIGHT - PAD font-size="11" fill="#64748b">"0"</text>
        <text x=PAD y=HEIGHT - 6.0 font-size="11" fill="#64748b">{first}</text>
        <text x=WIDTH - PAD y=HEIGHT - 6.0 font-size="11" fill="#64748b" text-anchor="end">{last}</text>
    }
}

/// A line per series over the days, with the largest value marked on the axis.
#[component]
pub fn LineChart(
    title: &'static str,
    labels: Vec<String>,
    series: Vec<(&'static str, &'static str, Vec<i64>)>,
) -> impl IntoView {
    let max = series.iter().flat_map(|(_, _, v)| v.iter().copied()).max().unwrap_or(0).max(1);
    let n = labels.len().max(2) - 1;
    let x = move |i: usize| PAD + (WIDTH - 2.0 * PAD) * i as f64 / n as f64;
    let y = move |v: i64| HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * v as f64 / max as f64;
    let lines = series
        .iter()
        .map(|(_, color, values)| {
            let points = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline points=points fill="none" stroke=*color stroke-width="2"/> }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|(name, color, _)| {
            view! { <span class="inline-flex items-center gap-1"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill=*color/></svg>{*name}</span> }
        })
        .collect_view();
    let legend = view! { <div class="flex flex-wrap gap-3 text-xs text-slate-600">{legend}</div> };
    frame(title, axes(max, &labels), lines, Some(legend))
}

/// One bar per day.
#[component]
pub fn BarChart(title: &'static str, labels: Vec<String>, values: Vec<i64>, color: &'static str) -> impl IntoView {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let slot = (WIDTH - 2.0 * PAD) / values.len().max(1) as f64;
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let h = (HEIGHT - 2.0 * PAD) * (*v).max(0) as f64 / max as f64;
            view! {
                <rect x=PAD + slot * i as f64 + slot * 0.15 y=HEIGHT - PAD - h width=slot * 0.7 height=h fill=color>
                    <title>{format!("{}: {}", labels.get(i).cloned().unwrap_or_default(), v)}</title>
                </rect>
            }
        })
        .collect_view();
    frame(title, axes(max, &labels), bars, None::<()>)
}

/// A chart's figure: its title, the drawing over its axes, and what follows it (a legend).
fn frame(
    title: &'static str,
    axes: impl IntoView + 'static,
    marks: impl IntoView + 'static,
    after: Option<impl IntoView + 'static>,
) -> impl IntoView {
    view! {
        <figure class="space-y-1 rounded-2xl bg-white p-4 ring-1 ring-slate-200" data-testid="chart">
            <figcaption class="text-sm font-semibold">{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="h-auto w-full" role="img" aria-label=title>
                {axes}
                {marks}
            </svg>
            {after}
        </figure>
    }
}

/// The background of a heat-map cell for a share from 0 to 1 (classes written out in full so
/// Tailwind keeps them; the page's CSP allows no inline style).
pub fn heat_class(share: f64) -> &'static str {
    const SHADES: [&str; 6] = [
        "bg-indigo-50",
        "bg-indigo-100",
        "bg-indigo-200",
        "bg-indigo-300",
        "bg-indigo-400 text-white",
        "bg-indigo-600 text-white",
    ];
    let i = (share.clamp(0.0, 1.0) * (SHADES.len() - 1) as f64).round() as usize;
    SHADES[i.min(SHADES.len() - 1)]
}
