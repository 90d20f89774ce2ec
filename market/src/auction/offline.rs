//! The built-in offline analysts: deterministic, explainable heuristics over the idea text.
//! Each agent reads the same five signals but weighs them by its own taste, so the panel
//! disagrees the way five people would, and every score can be traced to the words that moved it.

use model::{Agent, Category};

use super::analysis::Analysis;
use crate::ideas::IdeaBrief;

/// One thing an analyst looks for, with the words that signal it.
struct Signal {
    name: &'static str,
    words: &'static [&'static str],
}

const MARKET: Signal = Signal {
    name: "市场规模",
    words: &[
        "用户",
        "市场",
        "消费者",
        "家庭",
        "学生",
        "白领",
        "老人",
        "年轻人",
        "全国",
        "城市",
        "企业",
        "商家",
        "刚需",
        "高频",
        "千万",
        "亿",
        "社区",
        "平台",
    ],
};
const FEASIBILITY: Signal = Signal {
    name: "技术可行性",
    words: &[
        "app",
        "小程序",
        "网站",
        "平台",
        "摄像头",
        "传感器",
        "算法",
        "api",
        "saas",
        "云",
        "数据",
        "现有",
        "开源",
        "简单",
        "mvp",
        "自动",
    ],
};
const NOVELTY: Signal = Signal {
    name: "创新程度",
    words: &[
        "ai",
        "人工智能",
        "大模型",
        "首个",
        "首创",
        "全新",
        "创新",
        "个性化",
        "智能",
        "识别",
        "推荐",
        "区块链",
        "虚拟",
    ],
};
const MONETISATION: Signal = Signal {
    name: "盈利模式",
    words: &[
        "订阅",
        "会员",
        "付费",
        "收费",
        "佣金",
        "广告",
        "抽成",
        "分成",
        "电商",
        "销售",
        "增值",
        "授权",
        "企业版",
        "收入",
    ],
};
const RISK: Signal = Signal {
    name: "风险与合规",
    words: &[
        "医疗",
        "诊断",
        "药",
        "金融",
        "贷款",
        "理财",
        "投资",
        "支付",
        "未成年",
        "儿童",
        "隐私",
        "个人信息",
        "人脸",
        "监控",
        "牌照",
        "资质",
        "审批",
        "博彩",
    ],
};

/// How strongly each agent weighs market, feasibility, novelty, monetisation and safety.
fn weights(agent: Agent) -> [f64; 5] {
    match agent {
        Agent::Baidu => [0.40, 0.15, 0.15, 0.15, 0.15],
        Agent::Alibaba => [0.15, 0.40, 0.15, 0.15, 0.15],
        Agent::Iflytek => [0.15, 0.15, 0.40, 0.15, 0.15],
        Agent::Tencent => [0.15, 0.15, 0.15, 0.40, 0.15],
        Agent::Zhipu => [0.15, 0.15, 0.15, 0.15, 0.40],
    }
}

fn hits(text: &str, signal: &Signal) -> Vec<&'static str> {
    signal.words.iter().copied().filter(|w| text.contains(w)).collect()
}

/// 0.25 with no evidence, rising towards 1.0 with each further signal word.
fn strength(hit_count: usize) -> f64 {
    0.25 + 0.75 * (1.0 - (-(hit_count as f64) / 2.0).exp())
}

/// The analysis of `agent` for an idea, the same every time for the same text.
pub fn analyse(agent: Agent, idea: &IdeaBrief) -> Analysis {
    let text = format!("{} {} {}", idea.title, idea.description, idea.tags.join(" ")).to_lowercase();
    let market = hits(&text, &MARKET);
    let feasibility = hits(&text, &FEASIBILITY);
    let novelty = hits(&text, &NOVELTY);
    let money = hits(&text, &MONETISATION);
    let risk = hits(&text, &RISK);
    let regulated = matches!(idea.category, Category::Finance | Category::Health);
    let risk_level = (1.0 - (-(risk.len() as f64) / 2.0).exp()).max(if regulated { 0.3 } else { 0.0 });
    let dims = [
        strength(market.len()),
        strength(feasibility.len()),
        strength(novelty.len()),
        strength(money.len()),
        1.0 - 0.8 * risk_level,
    ];

    let w = weights(agent);
    let raw: f64 = dims.iter().zip(w).map(|(d, w)| d * w).sum::<f64>() * 10.0;
    let score = raw.clamp(0.0, 10.0);
    // Confidence grows with detail (20 characters → 0.35, 400 and more → 0.85) and with the
    // evidence for what this agent cares about most.
    let chars = idea.description.chars().count() as f64;
    let detail = 0.35 + 0.5 * ((chars - 20.0) / 380.0).clamp(0.0, 1.0);
    let confidence = (detail * (0.7 + 0.3 * dims[primary(agent)])).clamp(0.0, 1.0);
    let valuation = ((score * score * 12.0 * (0.6 + 0.8 * confidence)) / 10.0).round() as i64 * 10;

    let signals: [(&Signal, &Vec<&str>); 4] =
        [(&MARKET, &market), (&FEASIBILITY, &feasibility), (&NOVELTY, &novelty), (&MONETISATION, &money)];
    let strengths = signals
        .iter()
        .filter(|(_, found)| found.len() >= 2)
        .map(|(s, found)| format!("{}：提到了{}", s.name, quote(found)))
        .collect::<Vec<_>>();
    let mut risks = Vec::new();
    if !risk.is_empty() {
        risks.push(format!("{}：涉及{}，需要相应资质或合规审查", RISK.name, quote(&risk)));
    } else if regulated {
        risks.push(format!("{}：{}类项目通常受监管", RISK.name, idea.category.label_zh()));
    }
    for (s, found) in signals {
        if found.is_empty() {
            risks.push(format!("{}：描述中没有说明", s.name));
        }
    }
    let focus = ["市场规模", "技术可行性", "创新程度", "盈利模式", "风险与合规"][primary(agent)];
    let summary = format!(
        "{}（{}）：{}得分 {:.0}/10，综合评分 {:.1}，估值 {} 积分。",
        agent.name_zh(),
        agent.taste_zh(),
        focus,
        dims[primary(agent)] * 10.0,
        score,
        valuation
    );
    Analysis { score, confidence, valuation, summary, strengths, risks }.normalized()
}

fn primary(agent: Agent) -> usize {
    match agent {
        Agent::Baidu => 0,
        Agent::Alibaba => 1,
        Agent::Iflytek => 2,
        Agent::Tencent => 3,
        Agent::Zhipu => 4,
    }
}

fn quote(words: &[&str]) -> String {
    words.iter().take(4).map(|w| format!("“{w}”")).collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(title: &str, description: &str, category: Category) -> IdeaBrief {
        IdeaBrief { title: title.into(), description: description.into(), category, tags: vec![] }
    }

    #[test]
    fn same_text_same_analysis() {
        let idea = brief(
            "智能冰箱管理助手",
            "通过摄像头识别食材，AI 推荐菜谱，会员订阅收费，面向城市家庭用户。",
            Category::Tech,
        );
        for agent in Agent::ALL {
            assert_eq!(analyse(agent, &idea), analyse(agent, &idea));
            assert!(analyse(agent, &idea).validate().is_ok());
        }
    }

    #[test]
    fn agents_weigh_by_their_taste() {
        let money_only = brief("付费会员", "会员订阅收费，广告分成，电商佣金，增值服务收入。", Category::Lifestyle);
        let tencent = analyse(Agent::Tencent, &money_only);
        let alibaba = analyse(Agent::Alibaba, &money_only);
        assert!(tencent.score > alibaba.score, "Tencent values monetisation: {} vs {}", tencent.score, alibaba.score);
        assert!(tencent.strengths.iter().any(|s| s.contains("盈利模式")), "{:?}", tencent.strengths);
    }

    #[test]
    fn risk_lowers_the_compliance_agents_score_and_is_explained() {
        let safe = brief("社区读书会", "在城市社区组织读书会，用户通过小程序报名，会员收费。", Category::Education);
        let risky =
            brief("社区贷款", "在城市社区给用户发放小额贷款，通过小程序收集个人信息和人脸，收费。", Category::Finance);
        let z_safe = analyse(Agent::Zhipu, &safe);
        let z_risky = analyse(Agent::Zhipu, &risky);
        assert!(z_risky.score < z_safe.score);
        assert!(z_risky.risks[0].contains("贷款"), "{:?}", z_risky.risks);
    }

    #[test]
    fn detail_earns_confidence_and_valuation_follows_score() {
        let short = brief("共享雨伞", "地铁站借还雨伞，扫码付费使用。", Category::Lifestyle);
        let long =
            brief("共享雨伞", &"地铁站借还雨伞，扫码付费使用，面向城市白领用户。".repeat(12), Category::Lifestyle);
        let (s, l) = (analyse(Agent::Baidu, &short), analyse(Agent::Baidu, &long));
        assert!(l.confidence > s.confidence);
        assert!(l.valuation >= s.valuation);
        assert_eq!(s.valuation % 10, 0);
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_valid_analysis(title in ".{0,60}", description in ".{0,600}", cat in 0usize..6) {
            let idea = IdeaBrief { title, description, category: Category::ALL[cat], tags: vec![] };
            for agent in Agent::ALL {
                let a = analyse(agent, &idea);
                proptest::prop_assert!(a.validate().is_ok(), "{:?}", a);
            }
        }
    }
}
