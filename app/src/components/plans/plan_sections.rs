use leptos::prelude::*;
use model::{PlanContent, PlanView, Stage, StageRun};

use super::{FinanceSection, LegalSection, MarketSection, ParseSection, StageCard, TechSection};
use crate::i18n::use_text;

/// A finished plan's five sections, each with who wrote it.
#[component]
pub fn PlanSections(plan: PlanView) -> impl IntoView {
    let run = |stage: Stage| plan.stages.iter().find(|s| s.stage == stage).and_then(|s| s.run.clone());
    let runs: [Option<StageRun>; 5] = Stage::ALL.map(run);
    let [parse_run, tech_run, market_run, legal_run, finance_run] = runs;
    let PlanContent { parse, tech, market, legal, finance } = plan.content;
    let empty = use_text().plans.page.empty_section;
    let missing = move || view! { <p class="text-sm text-slate-500">{empty}</p> }.into_any();
    view! {
        <div class="space-y-5" data-testid="plan-sections">
            <StageCard stage=Stage::Parse score=parse.as_ref().map(|c| c.score) run=parse_run>
                {parse.clone().map_or_else(missing, |content| view! { <ParseSection content/> }.into_any())}
            </StageCard>
            <StageCard stage=Stage::Tech score=tech.as_ref().map(|c| c.score) run=tech_run>
                {tech.clone().map_or_else(missing, |content| view! { <TechSection content/> }.into_any())}
            </StageCard>
            <StageCard stage=Stage::Market score=market.as_ref().map(|c| c.score) run=market_run>
                {market.clone().map_or_else(missing, |content| view! { <MarketSection content/> }.into_any())}
            </StageCard>
            <StageCard stage=Stage::Legal score=legal.as_ref().map(|c| c.score) run=legal_run>
                {legal.clone().map_or_else(missing, |content| view! { <LegalSection content/> }.into_any())}
            </StageCard>
            <StageCard stage=Stage::Finance score=plan.financials.as_ref().map(model::Financials::score) run=finance_run>
                {finance.clone().map_or_else(missing, |content| {
                    let financials = plan.financials.clone();
                    view! { <FinanceSection content financials/> }.into_any()
                })}
            </StageCard>
        </div>
    }
}
