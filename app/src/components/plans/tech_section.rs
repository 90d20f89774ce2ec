use leptos::prelude::*;
use model::TechArchitecture;

use super::{Block, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets};

/// 技术架构: the components, the stack, the milestones in weeks, and the technical risks.
#[component]
pub fn TechSection(content: TechArchitecture) -> impl IntoView {
    let TechArchitecture { components, stack, milestones, risks, .. } = content;
    let total: u32 = milestones.iter().map(|m| m.weeks).sum();
    let mut elapsed = 0;
    let milestone_rows = milestones
        .into_iter()
        .map(|m| {
            elapsed += m.weeks;
            view! {
                <tr>
                    <td class=TD_CLASS>{m.name}</td>
                    <td class=format!("{TD_CLASS} text-right tabular-nums")>{format!("{} 周", m.weeks)}</td>
                    <td class=format!("{TD_CLASS} text-right tabular-nums text-slate-500")>{format!("第 {elapsed} 周")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Block title="系统组成">
            <div class="overflow-x-auto">
                <table class=TABLE_CLASS>
                    <thead><tr><th class=TH_CLASS scope="col">"模块"</th><th class=TH_CLASS scope="col">"作用"</th></tr></thead>
                    <tbody>
                        {components.into_iter().map(|c| view! {
                            <tr><td class=format!("{TD_CLASS} font-medium whitespace-nowrap")>{c.name}</td><td class=TD_CLASS>{c.purpose}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Block>
        <Block title="技术栈">
            <div class="flex flex-wrap gap-1.5">
                {stack.into_iter().map(|s| view! { <span class="rounded border border-slate-200 bg-slate-50 px-2 py-0.5 text-sm">{s}</span> }).collect_view()}
            </div>
        </Block>
        <Block title=format!("里程碑（共 {total} 周）")>
            <div class="overflow-x-auto">
                <table class=TABLE_CLASS>
                    <thead>
                        <tr>
                            <th class=TH_CLASS scope="col">"里程碑"</th>
                            <th class=format!("{TH_CLASS} text-right") scope="col">"周数"</th>
                            <th class=format!("{TH_CLASS} text-right") scope="col">"完成于"</th>
                        </tr>
                    </thead>
                    <tbody>{milestone_rows}</tbody>
                </table>
            </div>
        </Block>
        <Block title="技术风险">{bullets(risks)}</Block>
    }
}
