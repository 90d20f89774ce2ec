use leptos::prelude::*;
use model::TechArchitecture;

use super::{Block, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets};
use crate::i18n::use_text;

/// 技术架构: the components, the stack, the milestones in weeks, and the technical risks.
#[component]
pub fn TechSection(content: TechArchitecture) -> impl IntoView {
    let s = &use_text().plans.sections;
    let TechArchitecture { components, stack, milestones, risks, .. } = content;
    let total: u32 = milestones.iter().map(|m| m.weeks).sum();
    let mut elapsed = 0;
    let milestone_rows = milestones
        .into_iter()
        .map(|m| {
            elapsed += m.weeks;
            view! {
                <tr>
                    <td class=TD_CLASS lang="zh-CN">{m.name}</td>
                    <td class=format!("{TD_CLASS} text-right tabular-nums")>{(s.weeks)(m.weeks)}</td>
                    <td class=format!("{TD_CLASS} text-right tabular-nums text-slate-500")>{(s.week)(elapsed)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Block title=s.components>
            <div class="overflow-x-auto">
                <table class=TABLE_CLASS>
                    <thead><tr><th class=TH_CLASS scope="col">{s.component}</th><th class=TH_CLASS scope="col">{s.purpose}</th></tr></thead>
                    <tbody lang="zh-CN">
                        {components.into_iter().map(|c| view! {
                            <tr><td class=format!("{TD_CLASS} font-medium whitespace-nowrap")>{c.name}</td><td class=TD_CLASS>{c.purpose}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Block>
        <Block title=s.stack>
            <div class="flex flex-wrap gap-1.5" lang="zh-CN">
                {stack.into_iter().map(|s| view! { <span class="rounded border border-slate-200 bg-slate-50 px-2 py-0.5 text-sm">{s}</span> }).collect_view()}
            </div>
        </Block>
        <Block title=(s.milestones)(total)>
            <div class="overflow-x-auto">
                <table class=TABLE_CLASS>
                    <thead>
                        <tr>
                            <th class=TH_CLASS scope="col">{s.milestone}</th>
                            <th class=format!("{TH_CLASS} text-right") scope="col">{s.weeks_column}</th>
                            <th class=format!("{TH_CLASS} text-right") scope="col">{s.done_by}</th>
                        </tr>
                    </thead>
                    <tbody>{milestone_rows}</tbody>
                </table>
            </div>
        </Block>
        <Block title=s.tech_risks>{bullets(risks)}</Block>
    }
}
