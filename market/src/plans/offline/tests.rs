//! Tests of the offline analyst: sample ideas, categories, detail levels and arbitrary input.

use model::{Category, PlanContent, Stage};
use proptest::prelude::*;

use super::profiles::TRAIT_WORDS;
use super::write;
use crate::ideas::IdeaBrief;
use crate::plans::content::{MARKET_YUAN_MAX, StageContent};

fn idea(title: &str, description: &str, category: Category, tags: &[&str]) -> IdeaBrief {
    IdeaBrief {
        title: title.into(),
        description: description.into(),
        category,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// Every stage in order, each reading the ones before, as the pipeline runs them.
fn plan(idea: &IdeaBrief, detailed: bool) -> Vec<StageContent> {
    let mut earlier = PlanContent::default();
    Stage::ALL
        .into_iter()
        .map(|stage| {
            let content = write(stage, idea, &earlier, detailed);
            content.clone().put(&mut earlier);
            content
        })
        .collect()
}

fn fridge() -> IdeaBrief {
    idea(
        "智能冰箱管理助手",
        "通过摄像头识别食材，AI 推荐菜谱，提醒临期食品，会员订阅收费，面向城市家庭用户。",
        Category::Tech,
        &["AI", "智能家居"],
    )
}

#[test]
fn every_stage_of_a_sample_idea_is_valid_and_quotes_it() {
    for detailed in [false, true] {
        let contents = plan(&fridge(), detailed);
        for content in &contents {
            assert_eq!(content.validate(), Ok(()), "{content:?}");
        }
        let StageContent::Parse(parse) = &contents[0] else { panic!("parse first") };
        assert!(parse.problem.contains("智能冰箱管理助手") && parse.problem.contains("摄像头识别食材"));
        assert!(parse.target_users[0].contains("城市家庭"), "{:?}", parse.target_users);
    }
}

#[test]
fn different_ideas_give_different_content() {
    let other = idea(
        "社区老人助餐",
        "为社区独居老人提供午餐配送和健康提醒，子女通过小程序付费预约。",
        Category::Lifestyle,
        &["养老"],
    );
    for stage in Stage::ALL {
        let a = write(stage, &fridge(), &PlanContent::default(), false);
        let b = write(stage, &other, &PlanContent::default(), false);
        assert_ne!(a, b, "{stage:?}");
    }
}

#[test]
fn categories_bring_their_own_licences_and_rivals() {
    let cases = [
        (idea("慢病随访助手", "帮助高血压患者记录血压，医生远程随访。", Category::Health, &[]), "医疗器械"),
        (idea("小微商户收款", "帮小微商户聚合收款并提供经营贷款推荐。", Category::Finance, &[]), "支付"),
        (idea("作文批改", "AI 批改中小学生作文，家长付费订阅。", Category::Education, &[]), "办学"),
        (idea("独立游戏社区", "玩家分享独立游戏和直播攻略的社区。", Category::Entertainment, &[]), "版号"),
    ];
    for (idea, licence) in cases {
        let StageContent::Legal(legal) = write(Stage::Legal, &idea, &PlanContent::default(), true) else {
            panic!("legal")
        };
        assert!(legal.licences.iter().any(|l| l.contains(licence)), "{licence}: {:?}", legal.licences);
        assert!(legal.score < 9.0);
    }
    let kids = idea("作文批改", "AI 批改中小学生作文，家长付费订阅。", Category::Education, &[]);
    let StageContent::Legal(legal) = write(Stage::Legal, &kids, &PlanContent::default(), false) else {
        panic!("legal")
    };
    assert!(legal.pipl.contains("未成年人"), "{}", legal.pipl);
    let StageContent::Market(market) = write(Stage::Market, &kids, &PlanContent::default(), false) else {
        panic!("market")
    };
    assert!(market.competitors.iter().any(|c| c.name.contains("作业帮")));
    assert!(market.tam.yuan >= market.sam.yuan && market.sam.yuan >= market.som.yuan && market.som.yuan > 0);
    assert!(market.tam.reasoning.contains("× 12"), "{}", market.tam.reasoning);
}

#[test]
fn finance_reuses_the_market_som() {
    let finance = |som: Option<i64>| {
        let mut earlier = PlanContent::default();
        write(Stage::Market, &fridge(), &earlier, false).put(&mut earlier);
        if let (Some(market), Some(som)) = (earlier.market.as_mut(), som) {
            market.som.yuan = som;
        }
        if som.is_none() {
            earlier.market = None;
        }
        let content = write(Stage::Finance, &fridge(), &earlier, true);
        assert_eq!(content.validate(), Ok(()), "som {som:?}");
        let StageContent::Finance(plan) = content else { panic!("finance") };
        plan.assumptions
    };
    let small = finance(Some(2_000_000));
    let larger = finance(Some(20_000_000));
    assert!(small.rationale.iter().any(|r| r.contains("沿用市场调研")), "{:?}", small.rationale);
    assert!(small.monthly_growth_pct < larger.monthly_growth_pct, "{small:?} {larger:?}");
    assert!(finance(None).rationale.iter().any(|r| r.contains("按本计划的市场测算")));
    for som in [0, 1, MARKET_YUAN_MAX] {
        finance(Some(som));
    }
}

#[test]
fn detailed_plans_say_more() {
    let standard = plan(&fridge(), false);
    let detailed = plan(&fridge(), true);
    let size = |c: &[StageContent]| c.iter().map(|c| c.to_json().to_string().chars().count()).sum::<usize>();
    assert!(size(&detailed) > size(&standard));
    let (StageContent::Tech(s), StageContent::Tech(d)) = (&standard[1], &detailed[1]) else { panic!("tech") };
    assert!(d.milestones.len() > s.milestones.len());
}

fn any_idea() -> impl Strategy<Value = IdeaBrief> {
    (".{0,60}", ".{0,600}", proptest::collection::vec(".{0,24}", 0..6), 0usize..6).prop_map(
        |(title, description, tags, category)| IdeaBrief {
            title,
            description,
            category: Category::ALL[category],
            tags,
        },
    )
}

proptest! {
    #[test]
    fn any_idea_gives_a_valid_plan_the_same_every_time(idea in any_idea(), detailed in any::<bool>()) {
        let first = plan(&idea, detailed);
        for content in &first {
            prop_assert_eq!(content.validate(), Ok(()), "{:?}", content);
        }
        prop_assert_eq!(first, plan(&idea, detailed));
    }

    #[test]
    fn keyword_rich_ideas_give_a_valid_plan(
        words in proptest::collection::vec(proptest::sample::select(TRAIT_WORDS.concat()), 0..40),
        category in 0usize..6,
        detailed in any::<bool>(),
    ) {
        let idea = IdeaBrief {
            title: words.join(" "),
            description: words.concat(),
            category: Category::ALL[category],
            tags: words.iter().map(|w| (*w).to_owned()).collect(),
        };
        for content in plan(&idea, detailed) {
            prop_assert_eq!(content.validate(), Ok(()), "{:?}", content);
        }
    }
}
