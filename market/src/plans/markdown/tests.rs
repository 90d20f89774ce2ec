use chrono::DateTime;
use model::{Agent, Category, Competitor, PlanOptions, PlanStatus, StageState, StageView};

use super::*;
use crate::ideas::IdeaBrief;
use crate::plans::offline;

fn view() -> PlanView {
    let idea = IdeaBrief {
        title: "智能冰箱管理助手".into(),
        description: "通过摄像头识别食材，AI 推荐菜谱，会员订阅收费，面向城市家庭用户。".into(),
        category: Category::Tech,
        tags: vec!["AI".into()],
    };
    let mut content = PlanContent::default();
    for stage in Stage::ALL {
        offline::write(stage, &idea, &content, false).put(&mut content);
    }
    let financials = content.finance.as_ref().map(|f| f.assumptions.compute());
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| StageView {
            stage,
            state: StageState::Done,
            started_at: None,
            run: Some(if stage == Stage::Tech {
                StageRun {
                    agent: Agent::Alibaba,
                    model: "qwen-plus".into(),
                    offline: false,
                    fallback: None,
                    tokens: 12_345,
                    millis: 8_200,
                }
            } else {
                StageRun {
                    agent: stage.agent(),
                    model: "offline".into(),
                    offline: true,
                    fallback: (stage == Stage::Legal).then(|| "glm-4-plus 失败：HTTP 503".into()),
                    tokens: 0,
                    millis: 3,
                }
            }),
        })
        .collect();
    PlanView {
        id: 7,
        idea_id: 3,
        idea_title: idea.title,
        status: PlanStatus::Completed,
        overall_score: 6.8,
        options: PlanOptions::default(),
        cost: 100,
        created_at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        stages,
        content,
        financials,
        share_token: None,
    }
}

#[test]
fn a_whole_plan_renders_every_section_and_the_yearly_figures() {
    let view = view();
    let md = plan(&view);
    assert!(md.starts_with("# 智能冰箱管理助手：商业计划书"), "{md}");
    assert!(md.contains("**6.8 / 10**"));
    for stage in Stage::ALL {
        assert!(md.contains(&format!("\n## {}\n", stage.label_zh())), "{} missing", stage.label_zh());
    }
    for heading in ["### 竞争对手", "### SWOT 分析", "### 开发里程碑", "### 下一步", "## 财务预测"] {
        assert!(md.contains(heading), "{heading} missing");
    }
    assert!(md.contains("| 年份 | 收入 | 成本 | 利润 | 累计现金 |"));
    let financials = view.financials.as_ref().unwrap();
    for year in &financials.years {
        let row = format!(
            "| 第 {} 年 | {} | {} | {} | {} |",
            year.year,
            yuan(year.revenue),
            yuan(year.costs),
            yuan(year.profit),
            yuan(year.cash)
        );
        assert!(md.contains(&row), "{row} missing from\n{md}");
    }
    assert!(md.contains("回本月份"));
    assert!(md.contains("撰写：通义千问 · 模型 qwen-plus · 12,345 tokens · 用时 8.2 秒"), "{md}");
    assert!(md.contains("离线分析") && md.contains("原定服务未完成：glm-4-plus 失败：HTTP 503"));
    assert!(!md.contains("尚未完成"));
}

#[test]
fn unfinished_stages_are_listed_not_rendered() {
    let mut view = view();
    view.content.finance = None;
    view.financials = None;
    let md = plan(&view);
    assert!(md.contains("尚未完成：财务模型"));
    assert!(!md.contains("## 财务模型") && !md.contains("## 财务预测"));
}

#[test]
fn a_pipe_or_newline_in_a_cell_does_not_break_the_table() {
    let mut market = view().content.market.unwrap();
    market.competitors =
        vec![Competitor { name: "A|B 科技".into(), strength: "便宜\n好用".into(), weakness: "慢 | 贵".into() }];
    let md = stage(&StageContent::Market(market));
    let row = md.lines().find(|l| l.contains("A\\|B 科技")).unwrap();
    let unescaped = row.match_indices('|').filter(|(i, _)| !row[..*i].ends_with('\\')).count();
    assert_eq!(unescaped, 4, "{row}");
    assert!(row.contains("便宜<br>好用") && row.contains("慢 \\| 贵"), "{row}");
    let header = md.lines().position(|l| l == "| 竞品 | 优势 | 劣势 |").unwrap();
    assert_eq!(md.lines().nth(header + 2), Some(row));
}

#[test]
fn text_from_the_idea_stays_text() {
    let mut view = view();
    view.idea_title = "<script>alert(1)</script> [点我](javascript:alert(1)) **粗** &amp; | ~~删~~ ![i](x)".into();
    let md = plan(&view);
    let heading = md.lines().next().unwrap();
    assert_eq!(
        heading,
        "# \\<script\\>alert(1)\\</script\\> \\[点我\\](javascript:alert(1)) \\*\\*粗\\*\\* \\&amp; \\| \\~\\~删\\~\\~ \\!\\[i\\](x)：商业计划书"
    );
    assert_eq!(paragraph("# 标题\n- 列表\n1. 序号\n12.5% 的人"), "\\# 标题\n\\- 列表\n1\\. 序号\n12.5% 的人\n");
}

#[test]
fn every_stage_renders_alone() {
    let view = view();
    for stage in Stage::ALL {
        let md = super::stage(&content_of(&view.content, stage).unwrap());
        assert!(md.starts_with(&format!("## {}\n", stage.label_zh())));
    }
}

#[test]
fn money_has_thousands_separators() {
    assert_eq!(yuan(0), "0 元");
    assert_eq!(yuan(999), "999 元");
    assert_eq!(yuan(1_000), "1,000 元");
    assert_eq!(yuan(-1_234_567), "-1,234,567 元");
    assert_eq!(yuan(i64::MIN), "-9,223,372,036,854,775,808 元");
}

/// What a CommonMark reader (with GitHub's tables and strikethrough) makes of `md`: its text,
/// and every construct other than paragraphs, text and hard breaks it found.
fn read(md: &str) -> (String, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut text, mut markup) = (String::new(), Vec::new());
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak => text.push('\n'),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            other => markup.push(format!("{other:?}")),
        }
    }
    (text, markup)
}

proptest::proptest! {
    /// Any line a member or a model writes reads back as exactly that text, with no markup.
    #[test]
    fn any_text_reads_back_as_itself(line in "[a-z0-9 中#*_`\\[\\]()<>&;|~!\\\\=+.):/-]{1,40}") {
        let line = line.trim();
        proptest::prop_assume!(!line.is_empty());
        let (text, markup) = read(&paragraph(line));
        proptest::prop_assert!(markup.is_empty(), "{line:?} became {markup:?}");
        proptest::prop_assert_eq!(text, line);
    }
}
