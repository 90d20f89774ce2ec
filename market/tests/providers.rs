//! Every provider path against a fake provider: a real HTTP server speaking the chat-completions
//! protocol that answers normally, slowly, with 429, with 500, with malformed or invalid JSON.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use market::ai::Providers;
use market::ai::provider::{Delta, Message, Provider, ProviderConfig};
use market::auction::analysts;
use market::ideas::IdeaBrief;
use model::{Agent, Category};
use serde_json::{Value, json};
use testkit::fake::{self, Fake, Reply};

fn valid() -> String {
    json!({"score": 7.5, "confidence": 0.8, "valuation": 640, "summary": "市场清晰，付费意愿强。", "strengths": ["刚需"], "risks": ["竞争激烈"]})
        .to_string()
}

async fn fake_provider(script: Vec<Reply>, otherwise: Option<Reply>) -> (String, Arc<Fake>) {
    fake::serve(script, otherwise, Arc::new(|_: &Value| valid())).await
}

fn config(base_url: String, timeout_ms: u64, max_retries: u32, concurrency: usize) -> ProviderConfig {
    ProviderConfig {
        agent: Agent::Tencent,
        base_url,
        model: "hunyuan-fake".into(),
        api_key: "test-key".into(),
        timeout: Duration::from_millis(timeout_ms),
        max_retries,
        concurrency,
        fen_per_1k_tokens: 50,
    }
}

fn idea(n: u32) -> IdeaBrief {
    IdeaBrief {
        title: format!("社区共享工具间 {n}"),
        description: "小区里共享电钻、梯子等工具，扫码借用，按次收费，面向城市家庭用户。".into(),
        category: Category::Lifestyle,
        tags: vec![],
    }
}

async fn market_with(cfg: ProviderConfig) -> (testkit::TestStore, market::Market) {
    let s = testkit::store(testkit::Backend::Embedded).await;
    let m = s.market.clone().with_providers(Providers::new([Provider::new(cfg)]));
    (s, m)
}

#[tokio::test]
async fn a_normal_answer_is_used_and_cached() {
    let (url, fake) = fake_provider(vec![], None).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    let (analysis, from) = analysts::analyse(&m, Agent::Tencent, &idea(1)).await;
    assert_eq!((analysis.score, analysis.valuation), (7.5, 640));
    assert_eq!((from.offline, from.model.as_str(), from.fallback.as_deref()), (false, "hunyuan-fake", None));
    let body = fake.bodies.lock().unwrap()[0].clone();
    assert_eq!(body["model"], "hunyuan-fake");
    assert!(body["messages"][0]["content"].as_str().unwrap().contains("腾讯混元"));
    let again = analysts::analyse(&m, Agent::Tencent, &idea(1)).await;
    assert_eq!(again.0, analysis);
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1, "the identical request came from the cache");
    let metrics = m.providers.metrics_text();
    assert!(metrics.contains("aimarket_ai_tokens_total{agent=\"tencent\"} 120"), "{metrics}");
    assert!(metrics.contains("aimarket_ai_cost_fen_total{agent=\"tencent\"} 6"), "{metrics}");
    // Agents without a provider are analysed offline.
    let (_, baidu) = analysts::analyse(&m, Agent::Baidu, &idea(1)).await;
    assert!(baidu.offline && baidu.fallback.is_none());
    s.cleanup().await;
}

#[tokio::test]
async fn rate_limits_are_retried_with_backoff() {
    let (url, fake) = fake_provider(vec![Reply::Status(429), Reply::Status(429)], None).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    let (_, from) = analysts::analyse(&m, Agent::Tencent, &idea(2)).await;
    assert!(!from.offline, "{from:?}");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 3);
    s.cleanup().await;
}

#[tokio::test]
async fn server_errors_fall_back_to_the_offline_analyst_with_the_reason() {
    let (url, fake) = fake_provider(vec![], Some(Reply::Status(500))).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    let (analysis, from) = analysts::analyse(&m, Agent::Tencent, &idea(3)).await;
    assert!(from.offline);
    assert!(from.fallback.as_deref().unwrap().contains("HTTP 500"), "{from:?}");
    assert!(analysis.validate().is_ok());
    assert_eq!(fake.requests.load(Ordering::SeqCst), 3, "one try and two retries");
    assert!(m.providers.metrics_text().contains("aimarket_ai_fallbacks_total{agent=\"tencent\"} 1"));
    s.cleanup().await;
}

#[tokio::test]
async fn an_invalid_answer_is_retried_once_with_the_validation_error() {
    let bad = json!({"score": 42, "confidence": 0.5, "valuation": 10, "summary": "x", "strengths": [], "risks": []})
        .to_string();
    let (url, fake) = fake_provider(vec![Reply::Answer(bad)], None).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    let (analysis, from) = analysts::analyse(&m, Agent::Tencent, &idea(4)).await;
    assert!(!from.offline);
    assert_eq!(analysis.score, 7.5);
    let bodies = fake.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    let correction = bodies[1]["messages"].as_array().unwrap().last().unwrap()["content"].as_str().unwrap().to_owned();
    assert!(correction.contains("不符合要求") && correction.contains("score"), "{correction}");

    let (url, fake) = fake_provider(vec![], Some(Reply::Answer("我觉得不错".into()))).await;
    let m2 = s.market.clone().with_providers(Providers::new([Provider::new(config(url, 2000, 2, 4))]));
    let (_, from) = analysts::analyse(&m2, Agent::Tencent, &idea(5)).await;
    assert!(from.offline && from.fallback.as_deref().unwrap().contains("JSON"), "{from:?}");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 2, "one corrective retry, then the fallback");
    s.cleanup().await;
}

#[tokio::test]
async fn a_malformed_response_or_a_timeout_falls_back() {
    let (url, fake) = fake_provider(vec![], Some(Reply::NotJson)).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    let (_, from) = analysts::analyse(&m, Agent::Tencent, &idea(6)).await;
    assert!(from.offline && from.fallback.as_deref().unwrap().contains("malformed"), "{from:?}");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 1, "a malformed envelope is not retried");

    let (url, _) = fake_provider(vec![], Some(Reply::Slow(Duration::from_secs(2)))).await;
    let m2 = s.market.clone().with_providers(Providers::new([Provider::new(config(url, 300, 0, 4))]));
    let (_, from) = analysts::analyse(&m2, Agent::Tencent, &idea(7)).await;
    assert!(from.offline && from.fallback.as_deref().unwrap().contains("timed out"), "{from:?}");
    s.cleanup().await;
}

#[tokio::test]
async fn the_circuit_opens_after_repeated_failures() {
    let (url, fake) = fake_provider(vec![], Some(Reply::Status(503))).await;
    let (s, m) = market_with(config(url, 2000, 2, 4)).await;
    analysts::analyse(&m, Agent::Tencent, &idea(8)).await;
    analysts::analyse(&m, Agent::Tencent, &idea(9)).await;
    assert_eq!(fake.requests.load(Ordering::SeqCst), 5, "the fifth failure opened the circuit");
    let (_, from) = analysts::analyse(&m, Agent::Tencent, &idea(10)).await;
    assert!(from.fallback.as_deref().unwrap().contains("circuit"), "{from:?}");
    assert_eq!(fake.requests.load(Ordering::SeqCst), 5, "an open circuit sends nothing");
    s.cleanup().await;
}

#[tokio::test]
async fn concurrency_is_limited_per_provider() {
    let (url, fake) = fake_provider(vec![], Some(Reply::Slow(Duration::from_millis(150)))).await;
    let (s, m) = market_with(config(url, 2000, 0, 1)).await;
    let ideas: Vec<IdeaBrief> = (20..24).map(idea).collect();
    futures_util::future::join_all(ideas.iter().map(|i| analysts::analyse(&m, Agent::Tencent, i))).await;
    assert_eq!(fake.requests.load(Ordering::SeqCst), 4);
    assert_eq!(fake.max_in_flight.load(Ordering::SeqCst), 1);
    s.cleanup().await;
}

async fn collect_stream(
    provider: &Provider,
) -> (Result<market::ai::provider::Completion, market::ai::provider::ProviderError>, Vec<Delta>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let messages = [Message::new("user", "评估：社区共享工具间")];
    let result = provider.chat_stream(&messages, &tx).await;
    drop(tx);
    let mut deltas = Vec::new();
    while let Some(d) = rx.recv().await {
        deltas.push(d);
    }
    (result, deltas)
}

#[tokio::test]
async fn a_streamed_answer_arrives_in_pieces() {
    let (url, fake) = fake_provider(vec![], Some(Reply::Stream)).await;
    let provider = Provider::new(config(url, 2000, 2, 4));
    let (result, deltas) = collect_stream(&provider).await;
    let done = result.expect("streamed");
    assert_eq!(done.content, valid());
    assert_eq!(done.tokens, 90);
    assert_eq!(deltas.len(), 3, "{deltas:?}");
    assert_eq!(fake.bodies.lock().unwrap()[0]["stream"], true);
}

#[tokio::test]
async fn a_stream_cut_in_the_middle_is_retried_from_the_start() {
    let (url, fake) = fake_provider(vec![Reply::StreamCut], Some(Reply::Stream)).await;
    let provider = Provider::new(config(url, 2000, 2, 4));
    let (result, deltas) = collect_stream(&provider).await;
    assert_eq!(result.expect("second attempt streamed").content, valid());
    assert_eq!(fake.requests.load(Ordering::SeqCst), 2);
    let restart = deltas.iter().position(|d| *d == Delta::Restart).expect("the receiver was told to start over");
    let after: String =
        deltas[restart + 1..].iter().map(|d| if let Delta::Text(t) = d { t.as_str() } else { "" }).collect();
    assert_eq!(after, valid(), "what follows the restart is the whole answer");

    let (url, _) = fake_provider(vec![], Some(Reply::StreamCut)).await;
    let provider = Provider::new(config(url, 2000, 0, 4));
    let (result, _) = collect_stream(&provider).await;
    assert!(matches!(result, Err(market::ai::provider::ProviderError::Cut(n)) if n > 0), "{result:?}");
}
