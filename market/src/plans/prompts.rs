//! What each stage's agent is asked: a Chinese system prompt with the exact JSON shape, and the
//! idea with the earlier stages it builds on.

use model::{PlanContent, Stage};

use super::content::{ITEM_MAX, LIST_MAX, MILESTONE_WEEKS_MAX, PROSE_MAX};
use crate::ai::provider::Message;
use crate::ideas::IdeaBrief;

const MARKER_OPEN: &str = "【阶段:";
const MARKER_CLOSE: &str = "】";

/// The conversation that asks `stage`'s agent for its part of the plan.
pub fn messages(stage: Stage, idea: &IdeaBrief, earlier: &PlanContent, detailed: bool) -> Vec<Message> {
    let agent = stage.agent().name_zh();
    let depth = if detailed {
        "这是详细版计划书：每个列表写 6 到 10 条，论证更充分，给出具体数字和依据。"
    } else {
        "这是标准版计划书：每个列表写 3 到 5 条，简明扼要。"
    };
    let system = format!(
        "{MARKER_OPEN}{key}{MARKER_CLOSE}\n\
         你是{agent}，AI 商业计划书团队中负责「{label}」的分析师，面向中国大陆市场，为创业者写务实、具体、可执行的内容。\n\n\
         任务：{task}\n\n\
         {depth}\n\n\
         只返回一个 JSON 对象，不要 Markdown 代码块，不要任何解释文字。字段名必须与下面完全一致，所有文字用简体中文：\n\
         {shape}\n\n\
         要求：说明性段落每段不超过 {PROSE_MAX} 字；列表每项、名称和简短字段不超过 {ITEM_MAX} 字；\
         每个列表 1 到 {LIST_MAX} 项；score 是 0 到 10 的数字；金额是整数，单位为元。",
        key = stage.key(),
        label = stage.label_zh(),
        task = task(stage),
        shape = shape(stage),
    );
    vec![Message::new("system", system), Message::new("user", user(stage, idea, earlier))]
}

/// The stage a conversation from [`messages`] asks for, read back from its marker.
pub fn stage_of(messages: &[Message]) -> Option<Stage> {
    messages.iter().find_map(|m| {
        let rest = m.content.strip_prefix(MARKER_OPEN)?;
        let (key, _) = rest.split_once(MARKER_CLOSE)?;
        Stage::parse(key)
    })
}

fn task(stage: Stage) -> String {
    match stage {
        Stage::Parse => "解析这个创意：它要解决什么问题（problem），目标用户是谁（target_users，写具体人群），\
            价值主张是什么（value_proposition：为谁、解决什么、比现有方案好在哪里），\
            成立的前提是哪些关键假设（key_assumptions，每条都应能被验证）；\
            score 评价创意本身的清晰度和依据是否充分。"
            .into(),
        Stage::Tech => format!(
            "设计技术架构：系统由哪些组件构成（components，每个写名称 name 和作用 purpose），\
             推荐的技术栈（stack，优先国内云和国内可用的服务，数据境内存储），\
             从零到上线的开发里程碑（milestones，name 和所需周数 weeks，1 到 {MILESTONE_WEEKS_MAX} 的整数），\
             主要技术风险与应对（risks）；score 评价技术可行性。"
        ),
        Stage::Market => "做市场调研：按 TAM ≥ SAM ≥ SOM 估算每年的市场规模（单位：元，整数），\
            每项的 reasoning 写清推算链条（人群或企业数量 × 渗透率 × 客单价 × 12 个月等）；\
            SOM 是三年内可以现实拿下的份额。列出主要竞争对手（competitors：name、strength 优势、weakness 劣势，\
            包括国内的直接竞品和替代方案），行业趋势（trends），以及 SWOT 分析（swot）；score 评价市场吸引力。"
            .into(),
        Stage::Legal => "做中国大陆的法律合规分析：icp 说明需要 ICP 备案还是 ICP 经营许可证（增值电信业务经营许可证）\
            以及 App/小程序备案，各需要什么条件；pipl 说明《个人信息保护法》下的义务（告知同意、敏感个人信息单独同意、\
            未成年人信息、最小必要、数据境内存储与出境）；licences 列出所需的行业资质与许可证\
            （如医疗器械注册证、互联网医院、支付牌照、办学许可、网络文化经营许可证、算法备案等，没有就返回空数组）；\
            risks 列出主要法律风险与规避办法；score 越高表示法律障碍越少。"
            .into(),
        Stage::Finance => "给出财务模型的假设，并给出下一步行动。只需给假设，不要自己计算报表：\
            三年的月度收入、成本、利润、现金流和回本月份由程序根据这些假设精确计算。\
            assumptions 各字段：price_yuan 每个付费客户每月支付的价格（元/月，整数）；\
            customers_month1 第一个月的付费客户数（整数）；monthly_growth_pct 付费客户的月增长率（百分数，0 到 50，\
            例如 8 表示每月增长 8%）；monthly_churn_pct 每月流失的付费客户比例（百分数，0 到 50）；\
            variable_cost_yuan 服务一个客户每月的可变成本（元/月，整数）；fixed_cost_yuan 每月固定成本\
            （团队、房租、服务器，元/月，整数）；initial_investment_yuan 第一个月之前的一次性投入（元，整数）；\
            rationale 逐条说明这些数字的依据。如果提供了市场调研，客户数量应与其中的 SOM 相符。\
            next_steps：first_test 写最先要验证的最大风险假设以及验证方法；cost_yuan 是这次验证的花费（元，整数）；\
            this_week 是本周要做的事；this_month 是本月要做的事。"
            .into(),
    }
}

fn shape(stage: Stage) -> &'static str {
    match stage {
        Stage::Parse => {
            r#"{"problem": "要解决的问题", "target_users": ["目标用户"], "value_proposition": "价值主张", "key_assumptions": ["关键假设"], "score": 7.5}"#
        }
        Stage::Tech => {
            r#"{"components": [{"name": "组件名称", "purpose": "作用"}], "stack": ["技术选型"], "milestones": [{"name": "里程碑", "weeks": 4}], "risks": ["技术风险与应对"], "score": 7.5}"#
        }
        Stage::Market => {
            r#"{"tam": {"yuan": 10000000000, "reasoning": "推算依据"}, "sam": {"yuan": 1000000000, "reasoning": "推算依据"}, "som": {"yuan": 10000000, "reasoning": "推算依据"}, "competitors": [{"name": "竞品", "strength": "优势", "weakness": "劣势"}], "trends": ["行业趋势"], "swot": {"strengths": ["优势"], "weaknesses": ["劣势"], "opportunities": ["机会"], "threats": ["威胁"]}, "score": 7.5}"#
        }
        Stage::Legal => {
            r#"{"icp": "ICP 备案或许可证的要求", "pipl": "个人信息保护义务", "licences": ["所需资质"], "risks": ["法律风险与规避"], "score": 7.5}"#
        }
        Stage::Finance => {
            r#"{"assumptions": {"price_yuan": 30, "customers_month1": 100, "monthly_growth_pct": 10.0, "monthly_churn_pct": 3.0, "variable_cost_yuan": 5, "fixed_cost_yuan": 50000, "initial_investment_yuan": 200000, "rationale": ["假设依据"]}, "next_steps": {"first_test": "先验证什么、怎么验证", "cost_yuan": 3000, "this_week": ["本周行动"], "this_month": ["本月行动"]}}"#
        }
    }
}

fn user(stage: Stage, idea: &IdeaBrief, earlier: &PlanContent) -> String {
    let tags = if idea.tags.is_empty() { "（无）".to_owned() } else { idea.tags.join("、") };
    let mut out = format!(
        "创意标题：{}\n分类：{}\n标签：{}\n描述：{}",
        idea.title,
        idea.category.label_zh(),
        tags,
        idea.description
    );
    let mut summary = serde_json::Map::new();
    for &need in stage.needs() {
        if let Some(value) = earlier_content(need, earlier) {
            summary.insert(need.key().to_owned(), value);
        }
    }
    if !summary.is_empty() {
        let names: Vec<&str> =
            stage.needs().iter().filter(|s| summary.contains_key(s.key())).map(|s| s.label_zh()).collect();
        out.push_str(&format!(
            "\n\n前面阶段的结论（{}，JSON）：\n{}",
            names.join("、"),
            serde_json::Value::Object(summary)
        ));
    }
    out
}

fn earlier_content(stage: Stage, earlier: &PlanContent) -> Option<serde_json::Value> {
    let value = match stage {
        Stage::Parse => serde_json::to_value(earlier.parse.as_ref()?),
        Stage::Tech => serde_json::to_value(earlier.tech.as_ref()?),
        Stage::Market => serde_json::to_value(earlier.market.as_ref()?),
        Stage::Legal => serde_json::to_value(earlier.legal.as_ref()?),
        Stage::Finance => serde_json::to_value(earlier.finance.as_ref()?),
    };
    value.ok()
}

#[cfg(test)]
mod tests {
    use model::{Category, Competitor, MarketResearch, MarketSize, Swot};

    use super::*;

    fn idea() -> IdeaBrief {
        IdeaBrief {
            title: "社区宠物托管".into(),
            description: "为上班族提供白天的宠物托管和遛狗服务，通过小程序预约。".into(),
            category: Category::Lifestyle,
            tags: vec!["宠物".into(), "社区".into()],
        }
    }

    fn research() -> MarketResearch {
        let size = |yuan| MarketSize { yuan, reasoning: "养宠家庭 × 月费 × 12".into() };
        MarketResearch {
            tam: size(50_000_000_000),
            sam: size(5_000_000_000),
            som: size(12_345_678),
            competitors: vec![Competitor {
                name: "小佩宠物".into(), strength: "品牌".into(), weakness: "贵".into()
            }],
            trends: vec!["养宠人数增长".into()],
            swot: Swot {
                strengths: vec!["近".into()],
                weaknesses: vec!["小".into()],
                opportunities: vec!["多".into()],
                threats: vec!["强".into()],
            },
            score: 6.0,
        }
    }

    #[test]
    fn the_marker_round_trips_for_every_stage() {
        for stage in Stage::ALL {
            for detailed in [false, true] {
                let messages = messages(stage, &idea(), &PlanContent::default(), detailed);
                assert_eq!(messages[0].role, "system");
                assert!(messages[0].content.starts_with(&format!("【阶段:{}】", stage.key())));
                assert!(messages[0].content.contains(stage.agent().name_zh()));
                assert_eq!(stage_of(&messages), Some(stage));
            }
        }
        assert_eq!(stage_of(&[Message::new("system", "你是分析师")]), None);
        assert_eq!(stage_of(&[Message::new("system", "【阶段:nope】")]), None);
    }

    #[test]
    fn the_user_message_carries_the_idea() {
        let messages = messages(Stage::Parse, &idea(), &PlanContent::default(), false);
        let user = &messages[1].content;
        assert_eq!(messages[1].role, "user");
        for part in ["社区宠物托管", "生活", "宠物、社区", "遛狗"] {
            assert!(user.contains(part), "{part} missing from {user}");
        }
        assert!(!user.contains("前面阶段"));
    }

    #[test]
    fn the_finance_prompt_includes_the_market_research_when_present() {
        let without = messages(Stage::Finance, &idea(), &PlanContent::default(), false);
        assert!(!without[1].content.contains("12345678"));
        let earlier = PlanContent { market: Some(research()), ..PlanContent::default() };
        let with = messages(Stage::Finance, &idea(), &earlier, true);
        assert!(with[1].content.contains("12345678"), "{}", with[1].content);
        assert!(with[1].content.contains("小佩宠物"));
        assert!(with[0].content.contains("monthly_churn_pct") && with[0].content.contains("程序"));
        assert!(with[0].content.contains("详细版"));
        // Stages that do not read the market research are not given it.
        let tech = messages(Stage::Tech, &idea(), &earlier, false);
        assert!(!tech[1].content.contains("小佩宠物"));
    }

    #[test]
    fn every_prompt_names_its_fields() {
        let fields: [(Stage, &[&str]); 5] = [
            (Stage::Parse, &["problem", "target_users", "value_proposition", "key_assumptions"]),
            (Stage::Tech, &["components", "purpose", "stack", "milestones", "weeks", "risks"]),
            (Stage::Market, &["tam", "sam", "som", "reasoning", "competitors", "weakness", "trends", "opportunities"]),
            (Stage::Legal, &["icp", "pipl", "licences", "risks"]),
            (
                Stage::Finance,
                &["price_yuan", "customers_month1", "initial_investment_yuan", "first_test", "this_month"],
            ),
        ];
        for (stage, names) in fields {
            let system = &messages(stage, &idea(), &PlanContent::default(), false)[0].content;
            for name in names {
                assert!(system.contains(&format!("\"{name}\"")), "{} lacks {name}", stage.key());
            }
            assert!(system.contains("JSON"));
        }
    }
}
