//! One OpenAI-compatible chat-completions client for the five providers, with a timeout,
//! retries with exponential backoff and jitter on 429/5xx/timeouts, a circuit breaker, a
//! concurrency limit, and token accounting.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use model::Agent;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// Where and how to reach one provider.
#[derive(Clone)]
pub struct ProviderConfig {
    pub agent: Agent,
    pub base_url: String,
    pub model: String,
    pub api_key: String,
    pub timeout: Duration,
    pub max_retries: u32,
    pub concurrency: usize,
    /// Price in fen (0.01 yuan) per 1000 tokens, for cost accounting.
    pub fen_per_1k_tokens: u64,
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("agent", &self.agent)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &"***")
            .finish_non_exhaustive()
    }
}

impl ProviderConfig {
    /// The documented OpenAI-compatible endpoint and a default model of each provider.
    pub fn defaults(agent: Agent) -> (&'static str, &'static str) {
        match agent {
            Agent::Baidu => ("https://qianfan.baidubce.com/v2", "ernie-4.0-turbo-8k"),
            Agent::Alibaba => ("https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus"),
            Agent::Iflytek => ("https://spark-api-open.xf-yun.com/v1", "generalv3.5"),
            Agent::Tencent => ("https://api.hunyuan.cloud.tencent.com/v1", "hunyuan-turbos-latest"),
            Agent::Zhipu => ("https://open.bigmodel.cn/api/paas/v4", "glm-4-plus"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: String,
    pub content: String,
}

impl Message {
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Self { role: role.to_owned(), content: content.into() }
    }
}

/// What a provider answered, with the tokens it counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub content: String,
    pub tokens: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("circuit open after repeated failures")]
    CircuitOpen,
    #[error("timed out")]
    Timeout,
    #[error("HTTP {0}")]
    Status(u16),
    #[error("network: {0}")]
    Network(String),
    #[error("malformed response: {0}")]
    Malformed(String),
    #[error("stream cut after {0} characters")]
    Cut(usize),
}

impl ProviderError {
    fn retryable(&self) -> bool {
        match self {
            Self::Timeout | Self::Network(_) | Self::Cut(_) => true,
            Self::Status(s) => *s == 429 || *s >= 500,
            Self::CircuitOpen | Self::Malformed(_) => false,
        }
    }
}

/// Opens after this many consecutive failures...
const BREAKER_THRESHOLD: u32 = 5;
/// ...for this long, then lets one trial request through.
const BREAKER_COOL_DOWN: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Usage {
    pub requests: AtomicU64,
    pub failures: AtomicU64,
    pub tokens: AtomicU64,
    pub cost_fen: AtomicU64,
    pub fallbacks: AtomicU64,
}

pub struct Provider {
    pub config: ProviderConfig,
    http: reqwest::Client,
    permits: Semaphore,
    breaker: Mutex<Breaker>,
    pub usage: Usage,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("config", &self.config).finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct ChatResponse {
    choices: Vec<Choice>,
    usage: Option<TokenUsage>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChoiceMessage,
}

#[derive(Deserialize)]
struct ChoiceMessage {
    content: Option<String>,
}

#[derive(Deserialize)]
struct StreamChunk {
    #[serde(default)]
    choices: Vec<StreamChoice>,
    usage: Option<TokenUsage>,
}

#[derive(Deserialize)]
struct StreamChoice {
    delta: StreamDelta,
}

#[derive(Deserialize)]
struct StreamDelta {
    content: Option<String>,
}

/// A piece of a streamed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    Text(String),
    /// The stream broke and is being retried: drop what came so far.
    Restart,
}

#[derive(Deserialize)]
struct TokenUsage {
    total_tokens: Option<u64>,
}

impl Provider {
    pub fn new(config: ProviderConfig) -> Self {
        let permits = Semaphore::new(config.concurrency.max(1));
        let http = reqwest::Client::builder().timeout(config.timeout).build().unwrap_or_default();
        Self { config, http, permits, breaker: Mutex::new(Breaker::default()), usage: Usage::default() }
    }

    fn breaker(&self) -> std::sync::MutexGuard<'_, Breaker> {
        self.breaker.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One chat completion, retried on transient failures.
    pub async fn chat(&self, messages: &[Message]) -> Result<Completion, ProviderError> {
        self.with_retries(|| self.once(messages)).await
    }

    /// The same, streamed: each piece of text goes to `deltas` as it arrives. A stream cut in the
    /// middle is retried from the start, announced by [`Delta::Restart`].
    pub async fn chat_stream(
        &self,
        messages: &[Message],
        deltas: &tokio::sync::mpsc::UnboundedSender<Delta>,
    ) -> Result<Completion, ProviderError> {
        let attempts = std::sync::atomic::AtomicU32::new(0);
        self.with_retries(|| {
            if attempts.fetch_add(1, Ordering::Relaxed) > 0 {
                let _ = deltas.send(Delta::Restart);
            }
            self.once_streamed(messages, deltas.clone())
        })
        .await
    }

    async fn with_retries<F, Fut>(&self, mut attempt_once: F) -> Result<Completion, ProviderError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Completion, (ProviderError, Option<Duration>)>>,
    {
        {
            let b = self.breaker();
            if b.open_until.is_some_and(|until| Instant::now() < until) {
                return Err(ProviderError::CircuitOpen);
            }
        }
        let _permit = self.permits.acquire().await.map_err(|_| ProviderError::CircuitOpen)?;
        let mut attempt = 0;
        loop {
            self.usage.requests.fetch_add(1, Ordering::Relaxed);
            match attempt_once().await {
                Ok(done) => {
                    *self.breaker() = Breaker::default();
                    self.usage.tokens.fetch_add(done.tokens, Ordering::Relaxed);
                    self.usage
                        .cost_fen
                        .fetch_add(done.tokens * self.config.fen_per_1k_tokens / 1000, Ordering::Relaxed);
                    return Ok(done);
                }
                Err((e, retry_after)) => {
                    self.usage.failures.fetch_add(1, Ordering::Relaxed);
                    let open = {
                        let mut b = self.breaker();
                        b.failures += 1;
                        if b.failures >= BREAKER_THRESHOLD {
                            b.open_until = Some(Instant::now() + BREAKER_COOL_DOWN);
                        }
                        b.open_until.is_some()
                    };
                    if !e.retryable() || attempt >= self.config.max_retries || open {
                        return Err(e);
                    }
                    tokio::time::sleep(backoff(attempt, retry_after)).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn send(
        &self,
        messages: &[Message],
        stream: bool,
    ) -> Result<reqwest::Response, (ProviderError, Option<Duration>)> {
        let url = format!("{}/chat/completions", self.config.base_url.trim_end_matches('/'));
        let body = serde_json::json!({
            "model": self.config.model,
            "messages": messages,
            "temperature": 0.3,
            "stream": stream,
            "response_format": { "type": "json_object" },
        });
        let res = self.http.post(url).bearer_auth(&self.config.api_key).json(&body).send().await.map_err(transport)?;
        let status = res.status();
        if !status.is_success() {
            let retry_after = res
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err((ProviderError::Status(status.as_u16()), retry_after));
        }
        Ok(res)
    }

    async fn once_streamed(
        &self,
        messages: &[Message],
        deltas: tokio::sync::mpsc::UnboundedSender<Delta>,
    ) -> Result<Completion, (ProviderError, Option<Duration>)> {
        let mut res = self.send(messages, true).await?;
        let (mut buf, mut content, mut tokens) = (String::new(), String::new(), 0_u64);
        loop {
            let chunk = res.chunk().await.map_err(|e| {
                if e.is_timeout() {
                    (ProviderError::Timeout, None)
                } else {
                    (ProviderError::Cut(content.chars().count()), None)
                }
            })?;
            let Some(chunk) = chunk else {
                // The body ended without `data: [DONE]`.
                return Err((ProviderError::Cut(content.chars().count()), None));
            };
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find('\n') {
                let line: String = buf.drain(..=end).collect();
                let Some(data) = line.trim().strip_prefix("data:").map(str::trim) else { continue };
                if data == "[DONE]" {
                    return Ok(Completion { content, tokens });
                }
                let piece: StreamChunk =
                    serde_json::from_str(data).map_err(|e| (ProviderError::Malformed(e.to_string()), None))?;
                if let Some(total) = piece.usage.and_then(|u| u.total_tokens) {
                    tokens = total;
                }
                if let Some(text) = piece.choices.into_iter().next().and_then(|c| c.delta.content) {
                    content.push_str(&text);
                    let _ = deltas.send(Delta::Text(text));
                }
            }
        }
    }

    async fn once(&self, messages: &[Message]) -> Result<Completion, (ProviderError, Option<Duration>)> {
        let res = self.send(messages, false).await?;
        let text = res.text().await.map_err(transport)?;
        let parsed: ChatResponse =
            serde_json::from_str(&text).map_err(|e| (ProviderError::Malformed(e.to_string()), None))?;
        let content = parsed
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or_else(|| (ProviderError::Malformed("no choices[0].message.content".into()), None))?;
        let tokens = parsed.usage.and_then(|u| u.total_tokens).unwrap_or(0);
        Ok(Completion { content, tokens })
    }
}

fn transport(e: reqwest::Error) -> (ProviderError, Option<Duration>) {
    (if e.is_timeout() { ProviderError::Timeout } else { ProviderError::Network(e.to_string()) }, None)
}

/// 200 ms doubling per attempt, plus up to 100 ms of jitter; a server's Retry-After wins, up to 5 s.
fn backoff(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(Duration::from_secs(5));
    }
    let base = Duration::from_millis(200 * 2_u64.pow(attempt.min(6)));
    base + Duration::from_millis(rand::random::<u64>() % 100)
}
