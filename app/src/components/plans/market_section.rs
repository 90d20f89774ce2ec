use leptos::prelude::*;
use model::{MarketResearch, MarketSize, Swot};

use super::{Block, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets};
use crate::format::{yuan_exact, yuan_in};
use crate::i18n::{Text, use_text};

/// 市场调研: market sizes, competitors, trends and a SWOT grid.
#[component]
pub fn MarketSection(content: MarketResearch) -> impl IntoView {
    let MarketResearch { tam, sam, som, competitors, trends, swot, .. } = content;
    let t = use_text();
    let s = &t.plans.sections;
    view! {
        <Block title=s.market_size>
            <div class="grid gap-3 sm:grid-cols-3">
                {size(t, "TAM", s.tam, tam)}
                {size(t, "SAM", s.sam, sam)}
                {size(t, "SOM", s.som, som)}
            </div>
        </Block>
        <Block title=s.competitors>
            {if competitors.is_empty() {
                view! { <p class="text-sm text-slate-500">"—"</p> }.into_any()
            } else {
                view! {
                    <div class="overflow-x-auto">
                        <table class=TABLE_CLASS>
                            <thead>
                                <tr>
                                    <th class=TH_CLASS scope="col">{s.competitor}</th>
                                    <th class=TH_CLASS scope="col">{s.strengths}</th>
                                    <th class=TH_CLASS scope="col">{s.weaknesses}</th>
                                </tr>
                            </thead>
                            <tbody lang="zh-CN">
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
        <Block title=s.trends>{bullets(trends)}</Block>
        <Block title=s.swot>{swot_grid(t, swot)}</Block>
    }
}

fn size(t: &'static Text, short: &'static str, name: &'static str, s: MarketSize) -> impl IntoView {
    view! {
        <div class="space-y-1 rounded-xl border border-slate-200 p-3" data-testid=format!("market-{}", short.to_lowercase())>
            <p class="text-xs text-slate-500">{format!("{short} · {name}")}</p>
            <p class="text-lg font-bold text-indigo-700" title=yuan_exact(t.lang, s.yuan)>{yuan_in(t.lang, s.yuan)}</p>
            <p class="text-xs leading-relaxed text-slate-600 break-words" lang="zh-CN">{s.reasoning}</p>
        </div>
    }
}

fn swot_grid(t: &'static Text, swot: Swot) -> impl IntoView {
    let s = &t.plans.sections;
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
            {cell(s.swot_strengths, "border-emerald-200 bg-emerald-50", strengths)}
            {cell(s.swot_weaknesses, "border-rose-200 bg-rose-50", weaknesses)}
            {cell(s.swot_opportunities, "border-sky-200 bg-sky-50", opportunities)}
            {cell(s.swot_threats, "border-amber-200 bg-amber-50", threats)}
        </div>
    }
}
