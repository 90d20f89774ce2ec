//! A fake AI provider: a real HTTP server speaking the chat-completions protocol that answers
//! normally, slowly, with an HTTP error, with malformed JSON, streamed, or with a stream cut in
//! the middle. What a valid answer is depends on the request, so callers supply it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use market::ai::provider::{Message, ProviderConfig};
use market::ideas::IdeaBrief;
use market::plans::{offline, prompts};
use model::{Agent, Category, PlanContent};
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub enum Reply {
    /// This exact content.
    Answer(String),
    /// The valid answer to the request.
    Valid,
    Status(u16),
    /// The valid answer, after a delay.
    Slow(Duration),
    NotJson,
    /// The valid answer streamed in pieces, ended by `[DONE]`.
    Stream,
    /// A stream whose connection breaks after two pieces.
    StreamCut,
}

/// The valid answer to a request body.
pub type ValidAnswer = Arc<dyn Fn(&Value) -> String + Send + Sync>;

pub struct Fake {
    pub script: Mutex<VecDeque<Reply>>,
    pub otherwise: Mutex<Option<Reply>>,
    pub requests: AtomicUsize,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    pub bodies: Mutex<Vec<Value>>,
    valid: ValidAnswer,
}

async fn chat(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.requests.fetch_add(1, Ordering::SeqCst);
    let now = fake.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    fake.max_in_flight.fetch_max(now, Ordering::SeqCst);
    fake.bodies.lock().unwrap().push(body.clone());
    let reply = fake.script.lock().unwrap().pop_front().or_else(|| fake.otherwise.lock().unwrap().clone());
    let valid = (fake.valid)(&body);
    // An answer comes in the form asked for: streamed or whole.
    let answer = |content: &str| {
        if body["stream"].as_bool() == Some(true) { sse_body(content, true) } else { completion(content) }
    };
    let response = match reply.unwrap_or(Reply::Valid) {
        Reply::Answer(content) => answer(&content),
        Reply::Valid => answer(&valid),
        Reply::Status(code) => StatusCode::from_u16(code).unwrap().into_response(),
        Reply::Slow(delay) => {
            tokio::time::sleep(delay).await;
            answer(&valid)
        }
        Reply::NotJson => "<html>bad gateway</html>".into_response(),
        Reply::Stream => sse_body(&valid, true),
        Reply::StreamCut => sse_body(&valid, false),
    };
    fake.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// `text` streamed in three pieces; with `finish` false the connection breaks instead.
fn sse_body(text: &str, finish: bool) -> Response {
    let chars: Vec<char> = text.chars().collect();
    let third = chars.len() / 3;
    let pieces: Vec<String> = vec![
        chars[..third].iter().collect(),
        chars[third..2 * third].iter().collect(),
        chars[2 * third..].iter().collect(),
    ];
    let mut frames: Vec<Result<String, std::io::Error>> =
        pieces.iter().map(|p| Ok(format!("data: {}\n\n", json!({"choices": [{"delta": {"content": p}}]})))).collect();
    if finish {
        frames.push(Ok(format!("data: {}\n\n", json!({"choices": [], "usage": {"total_tokens": 90}}))));
        frames.push(Ok("data: [DONE]\n\n".to_owned()));
    } else {
        frames.truncate(2);
        frames.push(Err(std::io::Error::other("connection reset")));
    }
    Response::builder()
        .header("content-type", "text/event-stream")
        // Paced, so that the first pieces are on the wire before the connection breaks.
        .body(axum::body::Body::from_stream(futures_util::StreamExt::then(
            futures_util::stream::iter(frames),
            |f| async {
                tokio::time::sleep(Duration::from_millis(30)).await;
                f
            },
        )))
        .unwrap()
}

fn completion(content: &str) -> Response {
    Json(json!({"choices": [{"message": {"role": "assistant", "content": content}}], "usage": {"total_tokens": 120}}))
        .into_response()
}

/// Starts a fake provider: `script` answers the first requests in order, then `otherwise`
/// (default: the valid answer). Returns its base URL.
pub async fn serve(script: Vec<Reply>, otherwise: Option<Reply>, valid: ValidAnswer) -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake {
        script: Mutex::new(script.into()),
        otherwise: Mutex::new(otherwise),
        requests: AtomicUsize::new(0),
        in_flight: AtomicUsize::new(0),
        max_in_flight: AtomicUsize::new(0),
        bodies: Mutex::new(Vec::new()),
        valid,
    });
    let app = axum::Router::new().route("/v1/chat/completions", axum::routing::post(chat)).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/v1"), fake)
}

/// A valid answer to a plan's stage request: the offline analyst's content for the stage that
/// the prompt names, about a stand-in idea.
pub fn valid_stage(body: &Value) -> String {
    let messages: Vec<Message> = serde_json::from_value(body["messages"].clone()).expect("messages");
    let stage = prompts::stage_of(&messages).expect("the prompt names its stage");
    let brief =
        IdeaBrief {
            title: "测试".into(), description: "测试创意".into(), category: Category::Tech, tags: vec![]
        };
    serde_json::to_string(&offline::write(stage, &brief, &PlanContent::default(), false).to_json()).expect("json")
}

/// `agent`'s provider at `base_url` (a fake's), as the plan tests and the benchmark use it.
pub fn provider(agent: Agent, base_url: String, timeout: Duration, max_retries: u32) -> ProviderConfig {
    ProviderConfig {
        agent,
        base_url,
        model: format!("{}-fake", agent.key()),
        api_key: "test-key".into(),
        timeout,
        max_retries,
        concurrency: 4,
        fen_per_1k_tokens: 10,
    }
}
