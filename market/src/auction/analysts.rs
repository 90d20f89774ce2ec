//! The analysts: each agent's provider is asked what `analysis` describes, and the offline
//! analyst stands in for a provider without a key or one that fails.

use model::Agent;

use super::analysis::{Analysis, Provenance};
use super::offline;
use crate::Market;
use crate::ai::ask;
use crate::ai::provider::Message;
use crate::ideas::IdeaBrief;

fn prompt(agent: Agent, idea: &IdeaBrief) -> Vec<Message> {
    let system = format!(
        "你是{}，一位{}的创业投资分析师。请评估用户提交的创意，只返回一个 JSON 对象，不要任何其他文字。\
         格式：{{\"score\": 0到10的数字, \"confidence\": 0到1的数字, \"valuation\": 你愿意为它支付的积分（整数，0到5000）, \
         \"summary\": \"一两句中文结论\", \"strengths\": [\"优势\"], \"risks\": [\"风险\"]}}",
        agent.name_zh(),
        agent.taste_zh()
    );
    let user = format!(
        "标题：{}\n分类：{}\n标签：{}\n描述：{}",
        idea.title,
        idea.category.label_zh(),
        idea.tags.join("、"),
        idea.description
    );
    vec![Message::new("system", system), Message::new("user", user)]
}

fn parse(content: &str) -> Result<Analysis, String> {
    // Some models wrap JSON in a code fence despite being asked not to.
    let trimmed = content.trim().trim_start_matches("```json").trim_start_matches("```").trim_end_matches("```").trim();
    let analysis: Analysis = serde_json::from_str(trimmed).map_err(|e| format!("不是合法的 JSON：{e}"))?;
    analysis.validate()?;
    Ok(analysis.normalized())
}

/// The analysis of `agent`: from its provider when configured (validated, retried once with the
/// validation error, cached), otherwise or on failure from the offline analyst, with the reason.
pub async fn analyse(market: &Market, agent: Agent, idea: &IdeaBrief) -> (Analysis, Provenance) {
    let offline = |fallback: Option<String>, latency_ms: Option<i64>| {
        let from = Provenance { agent, model: "offline".into(), offline: true, fallback, latency_ms };
        (offline::analyse(agent, idea), from)
    };
    let Some(provider) = market.providers.get(agent) else {
        return offline(None, None);
    };
    let started = std::time::Instant::now();
    let answer = ask(market, provider, prompt(agent, idea), parse, None).await;
    let latency_ms = Some(i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX));
    match answer {
        Ok((analysis, _)) => {
            let from =
                Provenance { agent, model: provider.config.model.clone(), offline: false, fallback: None, latency_ms };
            (analysis, from)
        }
        Err(reason) => {
            tracing::warn!(agent = agent.key(), %reason, "AI provider failed; the offline analyst stands in");
            offline(Some(reason), latency_ms)
        }
    }
}
