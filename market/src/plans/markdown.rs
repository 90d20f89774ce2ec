//! Business plans as Markdown: one stage as a section, or the whole plan as a document to download.

use std::fmt::Write;

use model::format::thousands;
use model::{
    FinancePlan, Financials, IdeaParsing, LegalCompliance, MarketResearch, PlanContent, PlanView, Stage, StageRun,
    TechArchitecture,
};

use super::content::StageContent;

/// One stage as a Markdown section headed by the stage's name.
pub fn stage(content: &StageContent) -> String {
    format!("## {}\n\n{}", content.stage().label_zh(), body(content))
}

/// The whole plan as a Markdown document: each finished stage with who wrote it, then the computed figures.
pub fn plan(view: &PlanView) -> String {
    let title = inline(&view.idea_title);
    let mut out = format!("# {}：商业计划书\n\n", if title.is_empty() { "未命名创意" } else { &title });
    let _ = writeln!(out, "- 综合评分：**{:.1} / 10**", view.overall_score);
    let _ = writeln!(out, "- 状态：{}", view.status.label_zh());
    let _ = writeln!(out, "- 版本：{}", if view.options.detailed { "详细版" } else { "标准版" });
    let _ = writeln!(out, "- 生成时间：{}", view.created_at.format("%Y-%m-%d %H:%M UTC"));
    let missing: Vec<&str> =
        Stage::ALL.into_iter().filter(|&s| content_of(&view.content, s).is_none()).map(Stage::label_zh).collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "- 尚未完成：{}", missing.join("、"));
    }
    for stage in Stage::ALL {
        let Some(content) = content_of(&view.content, stage) else { continue };
        let _ = write!(out, "\n## {}\n\n", stage.label_zh());
        if let Some(run) = view.stages.iter().find(|s| s.stage == stage).and_then(|s| s.run.as_ref()) {
            let _ = write!(out, "> {}\n\n", provenance(run));
        }
        out.push_str(&body(&content));
    }
    if let Some(financials) = &view.financials {
        out.push_str("\n## 财务预测\n\n");
        out.push_str(&figures(financials));
    }
    out
}

fn content_of(content: &PlanContent, stage: Stage) -> Option<StageContent> {
    match stage {
        Stage::Parse => content.parse.clone().map(StageContent::Parse),
        Stage::Tech => content.tech.clone().map(StageContent::Tech),
        Stage::Market => content.market.clone().map(StageContent::Market),
        Stage::Legal => content.legal.clone().map(StageContent::Legal),
        Stage::Finance => content.finance.clone().map(StageContent::Finance),
    }
}

fn provenance(run: &StageRun) -> String {
    let mut parts = vec![format!("撰写：{}", run.agent.name_zh())];
    parts.push(if run.offline { "离线分析".to_owned() } else { format!("模型 {}", inline(&run.model)) });
    if let Some(reason) = &run.fallback {
        parts.push(format!("原定服务未完成：{}", inline(reason)));
    }
    if run.tokens > 0 {
        parts.push(format!("{} tokens", thousands(run.tokens.try_into().unwrap_or(i64::MAX))));
    }
    parts.push(format!("用时 {:.1} 秒", run.millis as f64 / 1000.0));
    parts.join(" · ")
}

fn body(content: &StageContent) -> String {
    match content {
        StageContent::Parse(c) => parsing(c),
        StageContent::Tech(c) => tech(c),
        StageContent::Market(c) => market(c),
        StageContent::Legal(c) => legal(c),
        StageContent::Finance(c) => finance(c),
    }
}

fn parsing(c: &IdeaParsing) -> String {
    let mut out = String::new();
    section(&mut out, "要解决的问题", &paragraph(&c.problem));
    section(&mut out, "目标用户", &bullets(&c.target_users));
    section(&mut out, "价值主张", &paragraph(&c.value_proposition));
    let numbered: String =
        c.key_assumptions.iter().enumerate().map(|(i, a)| format!("{}. {}\n", i + 1, inline(a))).collect();
    section(&mut out, "关键假设", &numbered);
    score(&mut out, "创意清晰度", c.score);
    out
}

fn tech(c: &TechArchitecture) -> String {
    let mut out = String::new();
    let rows: Vec<Vec<String>> = c.components.iter().map(|x| vec![x.name.clone(), x.purpose.clone()]).collect();
    section(&mut out, "系统组成", &table(&["组件", "作用"], &rows));
    section(&mut out, "技术栈", &bullets(&c.stack));
    let mut total = 0;
    let rows: Vec<Vec<String>> = c
        .milestones
        .iter()
        .map(|m| {
            total += m.weeks;
            vec![m.name.clone(), m.weeks.to_string(), format!("第 {total} 周")]
        })
        .collect();
    section(&mut out, "开发里程碑", &table(&["阶段", "周数", "完成于"], &rows));
    section(&mut out, "技术风险", &bullets(&c.risks));
    score(&mut out, "技术可行性", c.score);
    out
}

fn market(c: &MarketResearch) -> String {
    let mut out = String::new();
    let rows: Vec<Vec<String>> =
        [("TAM（总体市场）", &c.tam), ("SAM（可服务市场）", &c.sam), ("SOM（可获得市场）", &c.som)]
            .into_iter()
            .map(|(name, size)| vec![name.to_owned(), format!("{} / 年", yuan(size.yuan)), size.reasoning.clone()])
            .collect();
    section(&mut out, "市场规模", &table(&["口径", "规模", "推算依据"], &rows));
    let rows: Vec<Vec<String>> =
        c.competitors.iter().map(|x| vec![x.name.clone(), x.strength.clone(), x.weakness.clone()]).collect();
    section(&mut out, "竞争对手", &table(&["竞品", "优势", "劣势"], &rows));
    section(&mut out, "行业趋势", &bullets(&c.trends));
    let quadrant = |title: &str, items: &[String]| {
        let mut cell = format!("**{title}**");
        for item in items {
            cell.push_str(&format!("<br>• {}", cell_text(item)));
        }
        cell
    };
    let swot = format!(
        "|  | 有利 | 不利 |\n| --- | --- | --- |\n| **内部** | {} | {} |\n| **外部** | {} | {} |\n",
        quadrant("优势（S）", &c.swot.strengths),
        quadrant("劣势（W）", &c.swot.weaknesses),
        quadrant("机会（O）", &c.swot.opportunities),
        quadrant("威胁（T）", &c.swot.threats),
    );
    section(&mut out, "SWOT 分析", &swot);
    score(&mut out, "市场吸引力", c.score);
    out
}

fn legal(c: &LegalCompliance) -> String {
    let mut out = String::new();
    section(&mut out, "ICP 备案与经营许可", &paragraph(&c.icp));
    section(&mut out, "个人信息保护（PIPL）", &paragraph(&c.pipl));
    let licences =
        if c.licences.is_empty() { "无需特殊的行业资质。\n".to_owned() } else { bullets(&c.licences) };
    section(&mut out, "所需资质与许可", &licences);
    section(&mut out, "法律风险", &bullets(&c.risks));
    score(&mut out, "合规评分（越高障碍越少）", c.score);
    out
}

fn finance(c: &FinancePlan) -> String {
    let mut out = String::new();
    let a = &c.assumptions;
    let rows = [
        ("客单价", format!("{} / 月", yuan(a.price_yuan))),
        ("首月付费客户", format!("{} 个", thousands(a.customers_month1))),
        ("月增长率", format!("{}%", a.monthly_growth_pct)),
        ("月流失率", format!("{}%", a.monthly_churn_pct)),
        ("单客月成本", format!("{} / 月", yuan(a.variable_cost_yuan))),
        ("月固定成本", format!("{} / 月", yuan(a.fixed_cost_yuan))),
        ("初始投入", yuan(a.initial_investment_yuan)),
    ]
    .map(|(name, value)| vec![name.to_owned(), value]);
    section(&mut out, "财务假设", &table(&["假设", "数值"], &rows));
    section(&mut out, "假设依据", &bullets(&a.rationale));
    let s = &c.next_steps;
    let next = format!(
        "**最先验证：**{}（预计花费 {}）\n\n**本周：**\n\n{}\n**本月：**\n\n{}",
        inline(&s.first_test),
        yuan(s.cost_yuan),
        bullets(&s.this_week),
        bullets(&s.this_month)
    );
    section(&mut out, "下一步", &next);
    out
}

/// The yearly table and the break-even month, as computed from the assumptions.
fn figures(f: &Financials) -> String {
    let rows: Vec<Vec<String>> = f
        .years
        .iter()
        .map(|y| vec![format!("第 {} 年", y.year), yuan(y.revenue), yuan(y.costs), yuan(y.profit), yuan(y.cash)])
        .collect();
    let mut out = table(&["年份", "收入", "成本", "利润", "累计现金"], &rows);
    out.push('\n');
    let _ = writeln!(
        out,
        "- 回本月份：{}",
        f.break_even_month.map_or_else(|| "36 个月内未回本".to_owned(), |m| format!("第 {m} 个月"))
    );
    let _ = writeln!(
        out,
        "- 首次盈利月份：{}",
        f.first_profitable_month.map_or_else(|| "36 个月内未盈利".to_owned(), |m| format!("第 {m} 个月"))
    );
    out.push_str("\n*以上数字由程序根据财务假设逐月计算，金额单位为元。*\n");
    out
}

fn section(out: &mut String, title: &str, body: &str) {
    let _ = write!(out, "### {title}\n\n{body}\n");
}

fn score(out: &mut String, label: &str, score: f64) {
    let _ = writeln!(out, "**{label}：{score:.1} / 10**");
}

fn paragraph(s: &str) -> String {
    let lines: Vec<String> = s.trim().lines().map(|l| escape(l.trim())).collect();
    format!("{}\n", lines.join("\n"))
}

fn bullets(items: &[String]) -> String {
    items.iter().map(|i| format!("- {}\n", inline(i))).collect()
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|{}\n", header.join(" | "), " --- |".repeat(header.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell_text(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// Text that must stay on one line (a list item, a heading).
fn inline(s: &str) -> String {
    escape(&s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
}

/// Text for a table cell: line breaks as `<br>`, so the row stays one row.
fn cell_text(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).map(escape).collect::<Vec<_>>().join("<br>")
}

/// One line of text from the idea or a model, shown as written by any Markdown reader: a
/// backslash before each character that could begin emphasis, code, a link or image, raw HTML,
/// an entity, a table cell or a heading, and before a line start that would begin a list.
fn escape(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1);
        let ends_marker = next.is_none_or(|n| n.is_whitespace());
        // `- x`, `+ x`, `---`, `===` start lists, rules or headings; `-1,234` does not.
        let list_marker = (i == 0 && matches!(c, '-' | '+' | '=') && (ends_marker || next == Some(&c)))
            || (i == digits && digits > 0 && matches!(c, '.' | ')') && ends_marker);
        if list_marker || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Yuan with thousands separators: `-1,234,567 元`.
fn yuan(n: i64) -> String {
    format!("{} 元", thousands(n))
}

#[cfg(test)]
mod tests;
