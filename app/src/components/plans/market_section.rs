use leptos::prelude::*;
use model::{MarketResearch, MarketSize, Swot};

use super::{Block, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets};
use crate::format::{thousands, yuan};

/// 市场调研: market sizes, competitors, trends and a SWOT grid.
#[component]
pub fn MarketSection(content: MarketResearch) -> impl IntoView {
    let MarketResearch { tam, sam, som, competitors, trends, swot, .. } = content;
    view! {
        <Block title="市场规模（年）">
            <div class="grid gap-3 sm:grid-cols-3">
                {size("TAM", "总体市场", tam)}
                {size("SAM", "可服务市场", sam)}
                {size("SOM", "可获得市场", som)}
            </div>
        </Block>
        <Block title="竞争对手">
            {if competitors.is_empty() {
                view! { <p class="text-sm text-slate-400">"—"</p> }.into_any()
            } else {
                view! {
                    <div class="overflow-x-auto">
                        <table class=TABLE_CLASS>
                            <thead>
                                <tr>
                                    <th class=TH_CLASS scope="col">"竞争对手"</th>
                                    <th class=TH_CLASS scope="col">"优势"</th>
                                    <th class=TH_CLASS scope="col">"劣势"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {competitors.into_iter().map(|c| view! {
                                    <tr>
                                        <td class=format!("{TD_CLASS} font-medium")>{c.name}</td>
                                        <td class=TD_CLASS>{c.strength}</td>
                                        <td class=TD_CLASS>{c.weakness}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </Block>
        <Block title="行业趋势">{bullets(trends)}</Block>
        <Block title="SWOT 分析">{swot_grid(swot)}</Block>
    }
}

fn size(short: &'static str, name: &'static str, s: MarketSize) -> impl IntoView {
    view! {
        <div class="space-y-1 rounded-xl border border-slate-200 p-3" data-testid=format!("market-{}", short.to_lowercase())>
            <p class="text-xs text-slate-500">{format!("{short} · {name}")}</p>
            <p class="text-lg font-bold text-indigo-700" title=format!("{} 元", thousands(s.yuan))>{yuan(s.yuan)}</p>
            <p class="text-xs leading-relaxed text-slate-600 break-words">{s.reasoning}</p>
        </div>
    }
}

fn swot_grid(swot: Swot) -> impl IntoView {
    let Swot { strengths, weaknesses, opportunities, threats } = swot;
    let cell = |title: &'static str, class: &'static str, items: Vec<String>| {
        view! {
            <div class=format!("rounded-xl border p-3 {class}")>
                <h4 class="mb-1 font-semibold">{title}</h4>
                {bullets(items)}
            </div>
        }
    };
    view! {
        <div class="grid gap-3 sm:grid-cols-2" data-testid="swot">
            {cell("优势 S", "border-emerald-200 bg-emerald-50", strengths)}
            {cell("劣势 W", "border-rose-200 bg-rose-50", weaknesses)}
            {cell("机会 O", "border-sky-200 bg-sky-50", opportunities)}
            {cell("威胁 T", "border-amber-200 bg-amber-50", threats)}
        </div>
    }
}
