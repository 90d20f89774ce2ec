//! The AI providers' plumbing: which agent has one, their usage as metrics, and asking one for an
//! answer that a feature's parser accepts (cached, retried once). What to ask and how to read the
//! answer belong to the features: the auction's analysis, the plans' stages.

pub mod provider;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use model::Agent;
use sha2::{Digest, Sha256};

use tokio::sync::mpsc::UnboundedSender;

use self::provider::{Delta, Message, Provider};
use crate::Market;

/// Reads one counter of a provider's usage.
type ReadUsage = fn(&provider::Usage) -> u64;

/// The configured providers; an agent missing here is analysed offline.
#[derive(Debug, Default)]
pub struct Providers {
    by_agent: HashMap<Agent, Arc<Provider>>,
}

impl Providers {
    pub fn new(providers: impl IntoIterator<Item = Provider>) -> Self {
        Self { by_agent: providers.into_iter().map(|p| (p.config.agent, Arc::new(p))).collect() }
    }

    pub fn get(&self, agent: Agent) -> Option<&Arc<Provider>> {
        self.by_agent.get(&agent)
    }

    /// Prometheus text for the providers' requests, failures, tokens, cost and fallbacks.
    pub fn metrics_text(&self) -> String {
        let mut out = String::new();
        let metrics: [(&str, &str, ReadUsage); 5] = [
            ("aimarket_ai_requests_total", "Requests sent to AI providers.", |u| u.requests.load(Ordering::Relaxed)),
            ("aimarket_ai_failures_total", "Failed AI provider requests.", |u| u.failures.load(Ordering::Relaxed)),
            ("aimarket_ai_tokens_total", "Tokens counted by AI providers.", |u| u.tokens.load(Ordering::Relaxed)),
            ("aimarket_ai_cost_fen_total", "AI provider cost in fen (0.01 yuan).", |u| {
                u.cost_fen.load(Ordering::Relaxed)
            }),
            ("aimarket_ai_fallbacks_total", "Analyses that fell back to the offline analyst.", |u| {
                u.fallbacks.load(Ordering::Relaxed)
            }),
        ];
        for (name, help, read) in metrics {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n"));
            for agent in Agent::ALL {
                let value = self.by_agent.get(&agent).map_or(0, |p| read(&p.usage));
                out.push_str(&format!("{name}{{agent=\"{}\"}} {value}\n", agent.key()));
            }
        }
        out
    }
}

/// Identical requests are answered from the cache for 7 days (the original plan's AI cache time).
const CACHE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Asks `provider` for an answer that `parse` accepts: from the cache when the same request was
/// answered within 7 days, otherwise by a request (streamed to `deltas` when given) that is
/// retried once with the validation error. Returns the value and the tokens spent, or why not.
pub async fn ask<T>(
    market: &Market,
    provider: &Provider,
    mut messages: Vec<Message>,
    parse: impl Fn(&str) -> Result<T, String>,
    deltas: Option<&UnboundedSender<Delta>>,
) -> Result<(T, u64), String> {
    let key = format!(
        "ai:cache:{}",
        hex::encode(Sha256::digest(format!(
            "{}\n{}",
            provider.config.model,
            serde_json::to_string(&messages).unwrap_or_default()
        )))
    );
    if let Ok(Some(hit)) = market.cache.get(&key).await
        && let Ok(value) = parse(&hit)
    {
        if let Some(deltas) = deltas {
            let _ = deltas.send(Delta::Text(hit));
        }
        return Ok((value, 0));
    }
    let mut failure = String::new();
    let mut tokens = 0;
    for attempt in 0..2 {
        if attempt > 0
            && let Some(deltas) = deltas
        {
            let _ = deltas.send(Delta::Restart);
        }
        let answer = match deltas {
            Some(deltas) => provider.chat_stream(&messages, deltas).await,
            None => provider.chat(&messages).await,
        };
        match answer {
            Ok(done) => {
                tokens += done.tokens;
                match parse(&done.content) {
                    Ok(value) => {
                        if let Err(e) = market.cache.set_ex(&key, &done.content, CACHE_TTL).await {
                            tracing::warn!(error = %e, "caching an AI answer failed");
                        }
                        return Ok((value, tokens));
                    }
                    Err(e) if attempt == 0 => {
                        messages.push(Message::new("assistant", done.content));
                        messages
                            .push(Message::new("user", format!("你的回答不符合要求：{e}。请只返回符合格式的 JSON。")));
                        failure = e;
                    }
                    Err(e) => failure = e,
                }
            }
            Err(e) => {
                failure = e.to_string();
                break;
            }
        }
    }
    provider.usage.fallbacks.fetch_add(1, Ordering::Relaxed);
    Err(format!("{} 失败：{failure}", provider.config.model).chars().take(200).collect())
}
