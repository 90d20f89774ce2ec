use leptos::prelude::*;
use model::{FinanceAssumptions, FinancePlan, Financials, NextSteps, YearFigures};

use super::{Block, FinanceChart, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets, paragraph};
use crate::format::{thousands, yuan};

const NUM: &str = "text-right tabular-nums whitespace-nowrap";

/// 财务模型: the proposed assumptions, three computed years, when it pays back, and what to do first.
#[component]
pub fn FinanceSection(content: FinancePlan, financials: Option<Financials>) -> impl IntoView {
    let FinancePlan { assumptions, next_steps } = content;
    let financials = financials.unwrap_or_else(|| assumptions.compute());
    let Financials { months, years, break_even_month, first_profitable_month } = financials;
    let break_even = match break_even_month {
        Some(m) => format!("第 {m} 个月回本"),
        None => "三年内未回本".to_owned(),
    };
    let profitable = match first_profitable_month {
        Some(m) => format!("第 {m} 个月起单月盈利"),
        None => "三年内单月未盈利".to_owned(),
    };
    view! {
        <Block title="关键假设">{assumption_table(assumptions)}</Block>
        <Block title="三年财务预测">
            {year_table(years)}
            <p class="mt-2 flex flex-wrap gap-x-4 text-sm">
                <span class="font-semibold text-indigo-700" data-testid="break-even">{format!("回本月份：{break_even}")}</span>
                <span class="text-slate-600">{profitable}</span>
            </p>
        </Block>
        <Block title="36 个月走势"><FinanceChart months break_even_month/></Block>
        <Block title="下一步行动">{next_steps_view(next_steps)}</Block>
    }
}

fn assumption_table(a: FinanceAssumptions) -> impl IntoView {
    let rows = [
        ("客单价（每月）", yuan(a.price_yuan)),
        ("首月付费用户", format!("{} 人", thousands(a.customers_month1))),
        ("月增长率", format!("{:.1}%", a.monthly_growth_pct)),
        ("月流失率", format!("{:.1}%", a.monthly_churn_pct)),
        ("单用户月成本", yuan(a.variable_cost_yuan)),
        ("月固定成本", yuan(a.fixed_cost_yuan)),
        ("初始投入", yuan(a.initial_investment_yuan)),
    ];
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS data-testid="finance-assumptions">
                <thead>
                    <tr><th class=TH_CLASS scope="col">"假设"</th><th class=format!("{TH_CLASS} text-right") scope="col">"取值"</th></tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(name, value)| view! {
                        <tr><th class=format!("{TD_CLASS} font-normal") scope="row">{name}</th><td class=format!("{TD_CLASS} {NUM}")>{value}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h4 class="mt-3 text-sm font-medium text-slate-700">"假设依据"</h4>
        {bullets(a.rationale)}
    }
}

fn year_table(years: Vec<YearFigures>) -> impl IntoView {
    let money = |v: i64| {
        let class = if v < 0 { format!("{TD_CLASS} {NUM} text-rose-700") } else { format!("{TD_CLASS} {NUM}") };
        view! { <td class=class title=format!("{} 元", thousands(v))>{yuan(v)}</td> }
    };
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS data-testid="finance-years">
                <thead>
                    <tr>
                        <th class=TH_CLASS scope="col">"年份"</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">"收入"</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">"成本"</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">"利润"</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">"年末累计现金"</th>
                    </tr>
                </thead>
                <tbody>
                    {years.into_iter().map(|y| view! {
                        <tr>
                            <th class=format!("{TD_CLASS} font-normal whitespace-nowrap") scope="row">{format!("第 {} 年", y.year)}</th>
                            {money(y.revenue)}
                            {money(y.costs)}
                            {money(y.profit)}
                            {money(y.cash)}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn next_steps_view(n: NextSteps) -> impl IntoView {
    let NextSteps { first_test, cost_yuan, this_week, this_month } = n;
    view! {
        <div class="space-y-3" data-testid="next-steps">
            <div>
                <h4 class="text-sm font-medium text-slate-700">"首先验证"</h4>
                {paragraph(first_test)}
                <p class="mt-1 text-sm text-slate-600">{format!("验证成本约 {}", yuan(cost_yuan))}</p>
            </div>
            <div class="grid gap-3 sm:grid-cols-2">
                <div>
                    <h4 class="text-sm font-medium text-slate-700">"本周"</h4>
                    {bullets(this_week)}
                </div>
                <div>
                    <h4 class="text-sm font-medium text-slate-700">"本月"</h4>
                    {bullets(this_month)}
                </div>
            </div>
        </div>
    }
}
