use leptos::prelude::*;
use model::BidView;

use crate::i18n::use_text;

/// The price over the bids, as a small line chart (SVG, no script needed).
#[component]
pub fn BidChart(bids: Vec<BidView>, reserve: i64) -> impl IntoView {
    let mut amounts: Vec<i64> = bids.iter().rev().map(|b| b.amount).collect();
    if amounts.len() < 2 {
        return None;
    }
    amounts.insert(0, reserve);
    let (w, h, pad) = (300.0_f64, 100.0_f64, 6.0_f64);
    let max = amounts.iter().copied().max().unwrap_or(1) as f64;
    let min = (reserve as f64).min(max - 1.0);
    let n = (amounts.len() - 1) as f64;
    let points = amounts
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let x = pad + (w - 2.0 * pad) * i as f64 / n;
            let y = h - pad - (h - 2.0 * pad) * (a as f64 - min) / (max - min);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let t = use_text();
    Some(view! {
        <svg viewBox=format!("0 0 {w} {h}") class="h-28 w-full" role="img" aria-label=t.auction.chart data-testid="bid-chart">
            <polyline points=points fill="none" stroke="#4f46e5" stroke-width="2" stroke-linejoin="round"/>
        </svg>
    })
}
