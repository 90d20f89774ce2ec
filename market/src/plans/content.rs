//! A stage's content as a provider must return it: parsed from JSON, then validated, with a
//! message that goes back to the model when it is wrong.

use model::{
    Competitor, Component, FinancePlan, IdeaParsing, LegalCompliance, MarketResearch, MarketSize, Milestone,
    PlanContent, Stage, Swot, TechArchitecture,
};

/// Most characters in a prose field (a problem statement, a reasoning, the ICP note).
pub const PROSE_MAX: usize = 2000;
/// Most characters in a list item or a short field (a name, a purpose, a strength).
pub const ITEM_MAX: usize = 200;
/// Most items in any list.
pub const LIST_MAX: usize = 12;
/// Most weeks one milestone may take.
pub const MILESTONE_WEEKS_MAX: u32 = 104;
/// Largest market size accepted, in yuan a year (a thousand trillion: more than the whole economy).
pub const MARKET_YUAN_MAX: i64 = 1_000_000_000_000_000;
/// Largest cost of a first test, in yuan.
pub const TEST_COST_MAX: i64 = 1_000_000_000;

/// One finished stage's content.
#[derive(Debug, Clone, PartialEq)]
pub enum StageContent {
    Parse(IdeaParsing),
    Tech(TechArchitecture),
    Market(MarketResearch),
    Legal(LegalCompliance),
    Finance(FinancePlan),
}

impl StageContent {
    /// The stage this content belongs to.
    pub fn stage(&self) -> Stage {
        match self {
            Self::Parse(_) => Stage::Parse,
            Self::Tech(_) => Stage::Tech,
            Self::Market(_) => Stage::Market,
            Self::Legal(_) => Stage::Legal,
            Self::Finance(_) => Stage::Finance,
        }
    }

    /// Parses and validates a provider's answer for `stage`. Tolerates a code fence around the JSON.
    pub fn from_json(stage: Stage, text: &str) -> Result<Self, String> {
        let trimmed =
            text.trim().trim_start_matches("```json").trim_start_matches("```").trim_end_matches("```").trim();
        let bad = |e: serde_json::Error| format!("不是合法的 JSON：{e}");
        let content = match stage {
            Stage::Parse => Self::Parse(serde_json::from_str(trimmed).map_err(bad)?),
            Stage::Tech => Self::Tech(serde_json::from_str(trimmed).map_err(bad)?),
            Stage::Market => Self::Market(serde_json::from_str(trimmed).map_err(bad)?),
            Stage::Legal => Self::Legal(serde_json::from_str(trimmed).map_err(bad)?),
            Stage::Finance => Self::Finance(serde_json::from_str(trimmed).map_err(bad)?),
        };
        content.validate()?;
        Ok(content)
    }

    /// The content as JSON, as stored and sent.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Self::Parse(c) => serde_json::to_value(c),
            Self::Tech(c) => serde_json::to_value(c),
            Self::Market(c) => serde_json::to_value(c),
            Self::Legal(c) => serde_json::to_value(c),
            Self::Finance(c) => serde_json::to_value(c),
        };
        value.unwrap_or(serde_json::Value::Null)
    }

    /// Files this content under its stage.
    pub fn put(self, plan: &mut PlanContent) {
        match self {
            Self::Parse(c) => plan.parse = Some(c),
            Self::Tech(c) => plan.tech = Some(c),
            Self::Market(c) => plan.market = Some(c),
            Self::Legal(c) => plan.legal = Some(c),
            Self::Finance(c) => plan.finance = Some(c),
        }
    }

    /// The checks every answer must pass (lengths, counts, ranges).
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Self::Parse(c) => parse(c),
            Self::Tech(c) => tech(c),
            Self::Market(c) => market(c),
            Self::Legal(c) => legal(c),
            Self::Finance(c) => finance(c),
        }
    }
}

fn parse(c: &IdeaParsing) -> Result<(), String> {
    text("problem", &c.problem, PROSE_MAX)?;
    list("target_users", &c.target_users, 1)?;
    text("value_proposition", &c.value_proposition, PROSE_MAX)?;
    list("key_assumptions", &c.key_assumptions, 1)?;
    score(c.score)
}

fn tech(c: &TechArchitecture) -> Result<(), String> {
    count("components", c.components.len(), 1)?;
    for (i, Component { name, purpose }) in c.components.iter().enumerate() {
        text(&format!("components[{i}].name"), name, ITEM_MAX)?;
        text(&format!("components[{i}].purpose"), purpose, ITEM_MAX)?;
    }
    list("stack", &c.stack, 1)?;
    count("milestones", c.milestones.len(), 1)?;
    for (i, Milestone { name, weeks }) in c.milestones.iter().enumerate() {
        text(&format!("milestones[{i}].name"), name, ITEM_MAX)?;
        if !(1..=MILESTONE_WEEKS_MAX).contains(weeks) {
            return Err(format!("milestones[{i}].weeks must be 1..={MILESTONE_WEEKS_MAX}, got {weeks}"));
        }
    }
    list("risks", &c.risks, 1)?;
    score(c.score)
}

fn market(c: &MarketResearch) -> Result<(), String> {
    size("tam", &c.tam)?;
    size("sam", &c.sam)?;
    size("som", &c.som)?;
    if c.sam.yuan > c.tam.yuan {
        return Err(format!("sam.yuan ({}) must not exceed tam.yuan ({})", c.sam.yuan, c.tam.yuan));
    }
    if c.som.yuan > c.sam.yuan {
        return Err(format!("som.yuan ({}) must not exceed sam.yuan ({})", c.som.yuan, c.sam.yuan));
    }
    count("competitors", c.competitors.len(), 1)?;
    for (i, Competitor { name, strength, weakness }) in c.competitors.iter().enumerate() {
        text(&format!("competitors[{i}].name"), name, ITEM_MAX)?;
        text(&format!("competitors[{i}].strength"), strength, ITEM_MAX)?;
        text(&format!("competitors[{i}].weakness"), weakness, ITEM_MAX)?;
    }
    list("trends", &c.trends, 1)?;
    let Swot { strengths, weaknesses, opportunities, threats } = &c.swot;
    list("swot.strengths", strengths, 1)?;
    list("swot.weaknesses", weaknesses, 1)?;
    list("swot.opportunities", opportunities, 1)?;
    list("swot.threats", threats, 1)?;
    score(c.score)
}

fn legal(c: &LegalCompliance) -> Result<(), String> {
    text("icp", &c.icp, PROSE_MAX)?;
    text("pipl", &c.pipl, PROSE_MAX)?;
    // An idea may need no sector licence at all.
    list("licences", &c.licences, 0)?;
    list("risks", &c.risks, 1)?;
    score(c.score)
}

fn finance(c: &FinancePlan) -> Result<(), String> {
    c.assumptions.validate().map_err(|e| format!("assumptions.{e}"))?;
    list("assumptions.rationale", &c.assumptions.rationale, 1)?;
    let steps = &c.next_steps;
    text("next_steps.first_test", &steps.first_test, PROSE_MAX)?;
    if !(0..=TEST_COST_MAX).contains(&steps.cost_yuan) {
        return Err(format!("next_steps.cost_yuan must be 0..={TEST_COST_MAX}, got {}", steps.cost_yuan));
    }
    list("next_steps.this_week", &steps.this_week, 1)?;
    list("next_steps.this_month", &steps.this_month, 1)
}

fn text(field: &str, s: &str, max: usize) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err(format!("{field} must not be empty"));
    }
    let n = s.chars().count();
    if n > max {
        return Err(format!("{field} must be at most {max} characters, got {n}"));
    }
    Ok(())
}

fn count(field: &str, n: usize, min: usize) -> Result<(), String> {
    if (min..=LIST_MAX).contains(&n) {
        Ok(())
    } else {
        Err(format!("{field} must have {min} to {LIST_MAX} items, got {n}"))
    }
}

fn list(field: &str, items: &[String], min: usize) -> Result<(), String> {
    count(field, items.len(), min)?;
    items.iter().enumerate().try_for_each(|(i, item)| text(&format!("{field}[{i}]"), item, ITEM_MAX))
}

fn size(field: &str, m: &MarketSize) -> Result<(), String> {
    if !(0..=MARKET_YUAN_MAX).contains(&m.yuan) {
        return Err(format!("{field}.yuan must be 0..={MARKET_YUAN_MAX} yuan a year, got {}", m.yuan));
    }
    text(&format!("{field}.reasoning"), &m.reasoning, PROSE_MAX)
}

fn score(s: f64) -> Result<(), String> {
    if s.is_finite() && (0.0..=10.0).contains(&s) {
        Ok(())
    } else {
        Err(format!("score must be between 0 and 10, got {s}"))
    }
}

#[cfg(test)]
mod tests {
    use model::{FinanceAssumptions, NextSteps};

    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn parsing() -> IdeaParsing {
        IdeaParsing {
            problem: "城市家庭常常忘记冰箱里的食材，造成浪费。".into(),
            target_users: strings(&["城市双职工家庭"]),
            value_proposition: "拍照即可记录食材并提醒临期。".into(),
            key_assumptions: strings(&["用户愿意每次采购后拍照"]),
            score: 6.5,
        }
    }

    fn architecture() -> TechArchitecture {
        TechArchitecture {
            components: vec![Component { name: "小程序".into(), purpose: "拍照与提醒".into() }],
            stack: strings(&["微信小程序", "MySQL"]),
            milestones: vec![Milestone { name: "MVP".into(), weeks: 6 }],
            risks: strings(&["识别准确率不足"]),
            score: 7.0,
        }
    }

    fn size(yuan: i64) -> MarketSize {
        MarketSize { yuan, reasoning: "家庭数 × 客单价 × 12 个月".into() }
    }

    fn research() -> MarketResearch {
        MarketResearch {
            tam: size(1_000_000_000),
            sam: size(200_000_000),
            som: size(2_000_000),
            competitors: vec![Competitor {
                name: "下厨房".into(),
                strength: "菜谱内容丰富".into(),
                weakness: "不管理库存".into(),
            }],
            trends: strings(&["智能家电普及"]),
            swot: Swot {
                strengths: strings(&["上手简单"]),
                weaknesses: strings(&["没有数据积累"]),
                opportunities: strings(&["减少食物浪费受政策鼓励"]),
                threats: strings(&["冰箱厂商自带同类功能"]),
            },
            score: 6.0,
        }
    }

    fn compliance() -> LegalCompliance {
        LegalCompliance {
            icp: "经营性网站需要 ICP 经营许可证。".into(),
            pipl: "照片可能含人脸，需要单独同意。".into(),
            licences: vec![],
            risks: strings(&["隐私投诉"]),
            score: 8.0,
        }
    }

    fn plan() -> FinancePlan {
        FinancePlan {
            assumptions: FinanceAssumptions {
                price_yuan: 15,
                customers_month1: 200,
                monthly_growth_pct: 12.0,
                monthly_churn_pct: 4.0,
                variable_cost_yuan: 3,
                fixed_cost_yuan: 60_000,
                initial_investment_yuan: 300_000,
                rationale: strings(&["参考同类工具的会员价"]),
            },
            next_steps: NextSteps {
                first_test: "做一个落地页测试付费意愿。".into(),
                cost_yuan: 2_000,
                this_week: strings(&["访谈 10 个家庭"]),
                this_month: strings(&["上线 MVP"]),
            },
        }
    }

    fn error(content: StageContent) -> String {
        content.validate().expect_err("the content should be rejected")
    }

    #[test]
    fn valid_content_passes() {
        for content in [
            StageContent::Parse(parsing()),
            StageContent::Tech(architecture()),
            StageContent::Market(research()),
            StageContent::Legal(compliance()),
            StageContent::Finance(plan()),
        ] {
            assert_eq!(content.validate(), Ok(()), "{content:?}");
        }
    }

    #[test]
    fn bad_text_and_lists_are_rejected_by_name() {
        let e = error(StageContent::Parse(IdeaParsing { problem: "  ".into(), ..parsing() }));
        assert!(e.contains("problem") && e.contains("empty"), "{e}");
        let e = error(StageContent::Parse(IdeaParsing { value_proposition: "长".repeat(PROSE_MAX + 1), ..parsing() }));
        assert!(e.contains("value_proposition") && e.contains("2000"), "{e}");
        let e = error(StageContent::Parse(IdeaParsing { target_users: vec![], ..parsing() }));
        assert!(e.contains("target_users"), "{e}");
        let e = error(StageContent::Parse(IdeaParsing { key_assumptions: vec!["假设".into(); 13], ..parsing() }));
        assert!(e.contains("key_assumptions") && e.contains("13"), "{e}");
        let e = error(StageContent::Parse(IdeaParsing { target_users: vec!["人".repeat(ITEM_MAX + 1)], ..parsing() }));
        assert!(e.contains("target_users[0]"), "{e}");
        let e = error(StageContent::Legal(LegalCompliance { icp: String::new(), ..compliance() }));
        assert!(e.contains("icp"), "{e}");
        let e = error(StageContent::Legal(LegalCompliance { risks: vec![], ..compliance() }));
        assert!(e.contains("risks"), "{e}");
        let mut market = research();
        market.swot.threats.clear();
        assert!(error(StageContent::Market(market)).contains("swot.threats"));
        let mut market = research();
        market.competitors[0].weakness = "\n".into();
        assert!(error(StageContent::Market(market)).contains("competitors[0].weakness"));
        let mut tech = architecture();
        tech.components[0].purpose.clear();
        assert!(error(StageContent::Tech(tech)).contains("components[0].purpose"));
    }

    #[test]
    fn bad_numbers_are_rejected_by_name() {
        for bad in [f64::NAN, f64::INFINITY, -0.1, 10.5] {
            let e = error(StageContent::Parse(IdeaParsing { score: bad, ..parsing() }));
            assert!(e.contains("score"), "{e}");
        }
        for weeks in [0, MILESTONE_WEEKS_MAX + 1] {
            let mut tech = architecture();
            tech.milestones[0].weeks = weeks;
            assert!(error(StageContent::Tech(tech)).contains("milestones[0].weeks"));
        }
        let e = error(StageContent::Market(MarketResearch { sam: size(2_000_000_000), ..research() }));
        assert!(e.contains("sam.yuan") && e.contains("tam.yuan"), "{e}");
        let e = error(StageContent::Market(MarketResearch { som: size(300_000_000), ..research() }));
        assert!(e.contains("som.yuan"), "{e}");
        let e = error(StageContent::Market(MarketResearch { som: size(-1), ..research() }));
        assert!(e.contains("som.yuan"), "{e}");
        let mut finance = plan();
        finance.assumptions.monthly_growth_pct = 80.0;
        assert!(error(StageContent::Finance(finance)).contains("assumptions.monthly_growth_pct"));
        let mut finance = plan();
        finance.assumptions.price_yuan = -5;
        assert!(error(StageContent::Finance(finance)).contains("price_yuan"));
        let mut finance = plan();
        finance.next_steps.cost_yuan = -1;
        assert!(error(StageContent::Finance(finance)).contains("next_steps.cost_yuan"));
        let mut finance = plan();
        finance.next_steps.this_week.clear();
        assert!(error(StageContent::Finance(finance)).contains("next_steps.this_week"));
    }

    #[test]
    fn from_json_accepts_a_fenced_block_and_rejects_the_rest() {
        let json = serde_json::to_string_pretty(&parsing()).expect("serialize");
        let fenced = format!("```json\n{json}\n```");
        assert_eq!(StageContent::from_json(Stage::Parse, &fenced), Ok(StageContent::Parse(parsing())));
        assert_eq!(StageContent::from_json(Stage::Parse, &json), Ok(StageContent::Parse(parsing())));
        let e = StageContent::from_json(Stage::Parse, "好的，以下是分析：问题是……").expect_err("not JSON");
        assert!(e.contains("JSON"), "{e}");
        // Valid JSON of another stage's shape does not pass as this one.
        assert!(StageContent::from_json(Stage::Tech, &json).is_err());
        let invalid = serde_json::to_string(&IdeaParsing { score: 42.0, ..parsing() }).expect("serialize");
        assert!(StageContent::from_json(Stage::Parse, &invalid).expect_err("score").contains("score"));
    }

    #[test]
    fn put_files_content_under_its_stage() {
        let mut plan_content = PlanContent::default();
        let content = StageContent::Market(research());
        assert_eq!(content.stage(), Stage::Market);
        content.put(&mut plan_content);
        assert_eq!(plan_content.market, Some(research()));
    }
}
