use leptos::prelude::*;
use model::{FinanceAssumptions, FinancePlan, Financials, NextSteps, YearFigures};

use super::{Block, FinanceChart, TABLE_CLASS, TD_CLASS, TH_CLASS, bullets, paragraph};
use crate::format::{yuan_exact, yuan_in};
use crate::i18n::{Text, use_text};

const NUM: &str = "text-right tabular-nums whitespace-nowrap";

/// 财务模型: the proposed assumptions, three computed years, when it pays back, and what to do first.
#[component]
pub fn FinanceSection(content: FinancePlan, financials: Option<Financials>) -> impl IntoView {
    let FinancePlan { assumptions, next_steps } = content;
    let financials = financials.unwrap_or_else(|| assumptions.compute());
    let Financials { months, years, break_even_month, first_profitable_month } = financials;
    let t = use_text();
    let f = &t.plans.finance;
    view! {
        <Block title=f.assumptions>{assumption_table(t, assumptions)}</Block>
        <Block title=f.forecast>
            {year_table(t, years)}
            <p class="mt-2 flex flex-wrap gap-x-4 text-sm">
                <span class="font-semibold text-indigo-700" data-testid="break-even">{(f.break_even)(break_even_month)}</span>
                <span class="text-slate-600">{(f.profitable)(first_profitable_month)}</span>
            </p>
        </Block>
        <Block title=f.trend><FinanceChart months break_even_month/></Block>
        <Block title=f.next_steps>{next_steps_view(t, next_steps)}</Block>
    }
}

fn assumption_table(t: &'static Text, a: FinanceAssumptions) -> impl IntoView {
    let f = &t.plans.finance;
    let yuan = |n| yuan_in(t.lang, n);
    let rows = [
        (f.price, yuan(a.price_yuan)),
        (f.customers_month1, (f.customers)(a.customers_month1)),
        (f.growth, format!("{:.1}%", a.monthly_growth_pct)),
        (f.churn, format!("{:.1}%", a.monthly_churn_pct)),
        (f.variable_cost, yuan(a.variable_cost_yuan)),
        (f.fixed_cost, yuan(a.fixed_cost_yuan)),
        (f.initial_investment, yuan(a.initial_investment_yuan)),
    ];
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS data-testid="finance-assumptions">
                <thead>
                    <tr><th class=TH_CLASS scope="col">{f.assumption}</th><th class=format!("{TH_CLASS} text-right") scope="col">{f.value}</th></tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(name, value)| view! {
                        <tr><th class=format!("{TD_CLASS} font-normal") scope="row">{name}</th><td class=format!("{TD_CLASS} {NUM}")>{value}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h4 class="mt-3 text-sm font-medium text-slate-700">{f.rationale}</h4>
        {bullets(a.rationale)}
    }
}

fn year_table(t: &'static Text, years: Vec<YearFigures>) -> impl IntoView {
    let f = &t.plans.finance;
    let money = |v: i64| {
        let class = if v < 0 { format!("{TD_CLASS} {NUM} text-rose-700") } else { format!("{TD_CLASS} {NUM}") };
        view! { <td class=class title=yuan_exact(t.lang, v)>{yuan_in(t.lang, v)}</td> }
    };
    view! {
        <div class="overflow-x-auto">
            <table class=TABLE_CLASS data-testid="finance-years">
                <thead>
                    <tr>
                        <th class=TH_CLASS scope="col">{f.year_column}</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">{f.revenue}</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">{f.costs}</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">{f.profit}</th>
                        <th class=format!("{TH_CLASS} text-right") scope="col">{f.year_end_cash}</th>
                    </tr>
                </thead>
                <tbody>
                    {years.into_iter().map(|y| view! {
                        <tr>
                            <th class=format!("{TD_CLASS} font-normal whitespace-nowrap") scope="row">{(f.year)(y.year)}</th>
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

fn next_steps_view(t: &'static Text, n: NextSteps) -> impl IntoView {
    let f = &t.plans.finance;
    let NextSteps { first_test, cost_yuan, this_week, this_month } = n;
    view! {
        <div class="space-y-3" data-testid="next-steps">
            <div>
                <h4 class="text-sm font-medium text-slate-700">{f.first_test}</h4>
                {paragraph(first_test)}
                <p class="mt-1 text-sm text-slate-600">{(f.test_cost)(cost_yuan)}</p>
            </div>
            <div class="grid gap-3 sm:grid-cols-2">
                <div>
                    <h4 class="text-sm font-medium text-slate-700">{f.this_week}</h4>
                    {bullets(this_week)}
                </div>
                <div>
                    <h4 class="text-sm font-medium text-slate-700">{f.this_month}</h4>
                    {bullets(this_month)}
                </div>
            </div>
        </div>
    }
}
