//! Business plans end to end in the core: a whole plan from the offline analysts on both
//! backends, credits (charged once, refunded on failure, royalties), resuming after a crash,
//! and every provider failure path through the fake provider.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use market::ai::Providers;
use market::ai::provider::{Provider, ProviderConfig};
use market::events::topics::Subscription;
use market::ideas::IdeaBrief;
use market::plans::{self, PlanSettings, offline, prompts};
use market::{Market, MarketError, Settings, accounts, ideas, query_scalar};
use model::{
    Agent, Category, GeneratePlanRequest, NewIdea, PlanContent, PlanEvent, PlanOptions, PlanStatus, RegisterRequest,
    Stage, StageState,
};
use serde_json::Value;
use testkit::fake::{self, Fake, Reply};
use testkit::{Backend, both_backends, store_with};

both_backends!(
    a_whole_plan_from_the_offline_analysts,
    credits_are_charged_once_and_royalties_paid,
    a_plan_that_keeps_failing_is_refunded,
    a_killed_plan_resumes_from_its_last_finished_stage,
);

fn settings(plans: PlanSettings) -> Settings {
    Settings { plans, ..Settings::default() }
}

fn fast() -> PlanSettings {
    PlanSettings { offline_pace: Duration::ZERO, lease: Duration::from_secs(3), ..PlanSettings::default() }
}

async fn user(m: &Market, n: u32) -> i64 {
    let phone = format!("1370000{n:04}");
    accounts::send_sms_code(m, &phone, None).await.expect("code");
    let code = m.cache.get(&format!("sms:code:{phone}")).await.expect("cache").expect("code");
    let req = RegisterRequest {
        username: format!("user{n}"),
        email: format!("user{n}@example.com"),
        password: "tea-garden-2026".into(),
        phone,
        sms_code: code,
        invite_code: None,
    };
    accounts::register(m, req).await.expect("registered").user.id
}

async fn idea(m: &Market, author: i64) -> i64 {
    let idea = NewIdea {
        title: "社区宠物寄养互助平台".into(),
        description: "让附近的宠物主人互相寄养宠物、交换遛狗时间，平台按单抽佣并提供保险，面向城市年轻白领家庭。"
            .into(),
        category: "lifestyle".into(),
        tags: vec!["宠物".into(), "社区".into()],
    };
    ideas::create(m, author, idea).await.expect("created").id
}

fn request(idea_id: i64) -> GeneratePlanRequest {
    GeneratePlanRequest { idea_id, options: PlanOptions::default() }
}

async fn scalar(m: &Market, sql: &str, id: i64) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, sql, id).expect(sql)
}

async fn balance(m: &Market, user: i64) -> i64 {
    scalar(m, "SELECT credits FROM users WHERE id = ?", user).await
}

async fn ledger_sum(m: &Market, user: i64) -> i64 {
    scalar(m, "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger WHERE user_id = ?", user).await
}

/// Claims the plan (as the worker does) and generates it to the end.
async fn drive(m: &Market, id: i64) {
    assert_eq!(plans::claim_due(m, Utc::now()).await.expect("claim"), vec![id]);
    plans::run(m.clone(), id).await.expect("plan runs");
}

fn drain(rx: &mut Subscription<Arc<PlanEvent>>) -> Vec<PlanEvent> {
    std::iter::from_fn(|| rx.try_recv().ok()).map(|e| (*e).clone()).collect()
}

async fn a_whole_plan_from_the_offline_analysts(backend: Backend) {
    let s = store_with(backend, settings(fast())).await;
    let m = &s.market;
    let author = user(m, 1).await;
    let idea_id = idea(m, author).await;
    let created = plans::generate(m, author, &request(idea_id), None).await.expect("generate");
    let mut events = m.events.subscribe_plan(created.id);
    assert_eq!((created.status, created.cost), (PlanStatus::Generating, 200));
    let generating = plans::view(m, created.id, Some(author), None).await.expect("view");
    assert!(generating.stages.iter().all(|st| st.state == StageState::Waiting));
    drive(m, created.id).await;
    // Served: events come back through Redis.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let view = plans::view(m, created.id, Some(author), None).await.expect("view");
    assert_eq!(view.status, PlanStatus::Completed);
    assert!(view.stages.iter().all(|st| st.state == StageState::Done), "{:?}", view.stages);
    for st in &view.stages {
        let run = st.run.as_ref().expect("provenance");
        assert!(run.offline && run.model == "offline" && run.fallback.is_none(), "{run:?}");
        assert_eq!(run.agent, st.stage.agent());
    }
    let c = &view.content;
    assert!(c.parse.is_some() && c.tech.is_some() && c.market.is_some() && c.legal.is_some() && c.finance.is_some());
    let f = view.financials.as_ref().expect("financials");
    assert_eq!(f.years.len(), 3);
    assert!((0.0..=10.0).contains(&view.overall_score) && view.overall_score > 0.0, "{}", view.overall_score);
    assert!(view.share_token.is_some(), "the owner sees the share token");

    // Order: parse first; finance only after market research; finished last.
    let events = drain(&mut events);
    let pos =
        |want: &PlanEvent| events.iter().position(|e| e == want).unwrap_or_else(|| panic!("{want:?} in {events:?}"));
    let started = |stage| PlanEvent::StageStarted { plan_id: created.id, stage, agent: stage.agent() };
    let done = |stage| PlanEvent::StageDone { plan_id: created.id, stage };
    assert!(pos(&done(Stage::Parse)) < pos(&started(Stage::Tech)));
    assert!(pos(&done(Stage::Parse)) < pos(&started(Stage::Legal)));
    assert!(pos(&done(Stage::Market)) < pos(&started(Stage::Finance)));
    assert_eq!(events.last(), Some(&PlanEvent::Finished { plan_id: created.id, status: PlanStatus::Completed }));
    assert!(
        events.iter().any(|e| matches!(e, PlanEvent::Preview { stage: Stage::Legal, text, .. } if !text.is_empty()))
    );

    // Others cannot read it; the share token opens it, without revealing the token.
    let other = user(m, 2).await;
    assert!(matches!(plans::view(m, created.id, Some(other), None).await, Err(MarketError::NotFound)));
    assert!(matches!(plans::view(m, created.id, None, Some("nope")).await, Err(MarketError::NotFound)));
    let token = view.share_token.clone().unwrap();
    let shared = plans::view(m, created.id, None, Some(&token)).await.expect("shared");
    assert_eq!((shared.share_token, shared.overall_score), (None, view.overall_score));

    let md = plans::export_markdown(m, created.id, Some(author), None).await.expect("markdown");
    for stage in Stage::ALL {
        assert!(md.contains(stage.label_zh()), "{} in the export", stage.label_zh());
    }
    assert!(md.contains("社区宠物寄养互助平台"));
    // Nothing to claim once it is done.
    assert!(plans::claim_due(m, Utc::now() + TimeDelta::hours(1)).await.expect("claim").is_empty());
    s.cleanup().await;
}

async fn credits_are_charged_once_and_royalties_paid(backend: Backend) {
    let s = store_with(backend, settings(fast())).await;
    let m = &s.market;
    let author = user(m, 1).await;
    let buyer = user(m, 2).await;
    let idea_id = idea(m, author).await;

    // Not enough credits: a clear error, nothing charged, nothing created.
    let poor = Market { settings: Arc::new(settings(PlanSettings { cost: 5000, ..fast() })), ..m.clone() };
    let refused = plans::generate(&poor, buyer, &request(idea_id), None).await;
    assert!(matches!(refused, Err(MarketError::InsufficientCredits)), "{refused:?}");
    assert_eq!(scalar(m, "SELECT COUNT(*) FROM business_plans WHERE user_id = ?", buyer).await, 0);
    assert_eq!(balance(m, buyer).await, 1000);

    // Unknown providers are refused by name.
    let mut bad = request(idea_id);
    bad.options.ai_services = vec!["baidu".into(), "openai".into()];
    let Err(MarketError::Invalid(fields)) = plans::generate(m, buyer, &bad, None).await else { panic!("refused") };
    assert_eq!(fields[0].field, "options.aiServices");

    // A retried request (same key), even two at once, is one plan charged once.
    let req = GeneratePlanRequest { idea_id, options: PlanOptions { detailed: true, ..PlanOptions::default() } };
    let (a, b) = tokio::join!(
        plans::generate(m, buyer, &req, Some("retry-1")),
        plans::generate(m, buyer, &req, Some("retry-1"))
    );
    let (a, b) = (a.expect("first"), b.expect("second"));
    assert_eq!(a.id, b.id);
    let again = plans::generate(m, buyer, &req, Some("retry-1")).await.expect("third");
    assert_eq!(again.id, a.id);
    assert_eq!(a.cost, 300, "the detailed price");
    assert_eq!(balance(m, buyer).await, 700);
    assert_eq!(scalar(m, "SELECT COUNT(*) FROM business_plans WHERE user_id = ?", buyer).await, 1);

    drive(m, a.id).await;
    assert_eq!(balance(m, author).await, 1000 + 30, "10% royalty to the author");
    // The author buying a plan of their own idea earns no royalty.
    let own = plans::generate(m, author, &request(idea_id), None).await.expect("own");
    drive(m, own.id).await;
    assert_eq!(balance(m, author).await, 1000 + 30 - 200);
    for u in [author, buyer] {
        assert_eq!(balance(m, u).await, ledger_sum(m, u).await, "balance equals its ledger");
    }
    s.cleanup().await;
}

async fn a_plan_that_keeps_failing_is_refunded(backend: Backend) {
    let s = store_with(backend, settings(PlanSettings { max_attempts: 2, ..fast() })).await;
    let m = &s.market;
    let author = user(m, 1).await;
    let idea_id = idea(m, author).await;
    let created = plans::generate(m, author, &request(idea_id), Some("k")).await.expect("generate");
    assert_eq!(balance(m, author).await, 800);
    // Two instances take it in turn and die before finishing; the third finds it abandoned.
    let mut now = Utc::now();
    for _ in 0..2 {
        assert_eq!(plans::claim_due(m, now).await.expect("claim"), vec![created.id]);
        assert!(plans::claim_due(m, now).await.expect("claim").is_empty(), "held under its lease");
        now += TimeDelta::seconds(4);
    }
    assert!(plans::claim_due(m, now).await.expect("claim").is_empty());
    let view = plans::view(m, created.id, Some(author), None).await.expect("view");
    assert_eq!(view.status, PlanStatus::Failed);
    assert_eq!(balance(m, author).await, 1000, "refunded in full");
    assert_eq!(ledger_sum(m, author).await, 1000);
    assert!(plans::claim_due(m, now + TimeDelta::seconds(10)).await.expect("claim").is_empty());
    assert_eq!(balance(m, author).await, 1000, "refunded once");
    s.cleanup().await;
}

/// The brief of the ideas the tests submit, for the fake provider's valid answers.
fn brief() -> IdeaBrief {
    IdeaBrief { title: "测试".into(), description: "测试创意".into(), category: Category::Tech, tags: vec![] }
}

/// A valid answer to a plan request: the offline analyst's content for the stage asked.
fn valid_stage(body: &Value) -> String {
    let messages: Vec<market::ai::provider::Message> =
        serde_json::from_value(body["messages"].clone()).expect("messages");
    let stage = prompts::stage_of(&messages).expect("the prompt names its stage");
    let earlier = PlanContent::default();
    serde_json::to_string(&offline::write(stage, &brief(), &earlier, false).to_json()).expect("json")
}

async fn fake(script: Vec<Reply>, otherwise: Option<Reply>) -> (String, Arc<Fake>) {
    fake::serve(script, otherwise, Arc::new(valid_stage)).await
}

fn provider(agent: Agent, base_url: String, timeout_ms: u64) -> Provider {
    Provider::new(ProviderConfig {
        agent,
        base_url,
        model: format!("{}-fake", agent.key()),
        api_key: "test-key".into(),
        timeout: Duration::from_millis(timeout_ms),
        max_retries: 1,
        concurrency: 4,
        fen_per_1k_tokens: 10,
    })
}

async fn a_killed_plan_resumes_from_its_last_finished_stage(backend: Backend) {
    let s = store_with(backend, settings(fast())).await;
    // One provider writes every stage (the others have no key); it hangs on the fifth request,
    // the financial model, and the instance dies while waiting.
    let (url, tencent) = fake(vec![Reply::Valid; 4], Some(Reply::Slow(Duration::from_secs(20)))).await;
    let m = &s.market.clone().with_providers(Providers::new([provider(Agent::Tencent, url, 30_000)]));
    let author = user(m, 1).await;
    let idea_id = idea(m, author).await;
    let created = plans::generate(m, author, &request(idea_id), None).await.expect("generate");
    assert_eq!(plans::claim_due(m, Utc::now()).await.expect("claim"), vec![created.id]);
    let crashed = tokio::spawn(plans::run(m.clone(), created.id));
    let finished = "SELECT COUNT(*) FROM plan_stages WHERE plan_id = ? AND content IS NOT NULL";
    for _ in 0..200 {
        if scalar(m, finished, created.id).await == 4 && tencent.requests.load(Ordering::SeqCst) == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(scalar(m, finished, created.id).await, 4, "four stages saved before the crash");
    crashed.abort();
    let _ = crashed.await;
    let before: Vec<(String, String)> = stage_rows(m, created.id).await;

    // The provider recovers; after the lease runs out the plan resumes where it stopped.
    *tencent.otherwise.lock().unwrap() = Some(Reply::Valid);
    assert!(plans::claim_due(m, Utc::now()).await.expect("claim").is_empty(), "the lease still holds");
    let later = Utc::now() + TimeDelta::seconds(4);
    assert_eq!(plans::claim_due(m, later).await.expect("claim"), vec![created.id]);
    plans::run(m.clone(), created.id).await.expect("resumed");
    let after = stage_rows(m, created.id).await;
    assert_eq!(&after[..4], &before[..], "finished stages were kept, not rewritten");
    let view = plans::view(m, created.id, Some(author), None).await.expect("view");
    assert_eq!(view.status, PlanStatus::Completed);
    let finance = view.stages.iter().find(|st| st.stage == Stage::Finance).unwrap().run.clone().unwrap();
    assert_eq!((finance.offline, finance.model.as_str()), (false, "tencent-fake"));
    assert_eq!(
        scalar(m, "SELECT COUNT(*) FROM credit_ledger WHERE idempotency_key LIKE CONCAT('plan:', ?, ':%')", created.id)
            .await,
        2,
        "charged once: the buyer's row and the platform's"
    );
    assert_eq!(balance(m, author).await, ledger_sum(m, author).await);
    s.cleanup().await;
}

/// Finished stages as (stage, content), in stage order.
async fn stage_rows(m: &Market, id: i64) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = market::query_as!(
        m.db.exec(),
        fetch_all,
        (String, String),
        "SELECT stage, CAST(content AS CHAR) FROM plan_stages WHERE plan_id = ? AND content IS NOT NULL",
        id
    )
    .expect("rows");
    rows.sort_by_key(|(stage, _)| Stage::ALL.iter().position(|s| s.key() == stage));
    rows
}

/// A plan with the given providers, run to the end on SQLite; returns its view and the events.
async fn plan_with(providers: Vec<Provider>, services: &[&str]) -> (model::PlanView, Vec<PlanEvent>) {
    let s = store_with(Backend::Embedded, settings(fast())).await;
    let m = &s.market.clone().with_providers(Providers::new(providers));
    let author = user(m, 1).await;
    let idea_id = idea(m, author).await;
    let mut req = request(idea_id);
    req.options.ai_services = services.iter().map(|s| (*s).to_owned()).collect();
    let created = plans::generate(m, author, &req, None).await.expect("generate");
    let mut events = m.events.subscribe_plan(created.id);
    drive(m, created.id).await;
    let view = plans::view(m, created.id, Some(author), None).await.expect("view");
    assert_eq!(view.status, PlanStatus::Completed);
    let events = drain(&mut events);
    s.cleanup().await;
    (view, events)
}

fn run_of(view: &model::PlanView, stage: Stage) -> model::StageRun {
    view.stages.iter().find(|st| st.stage == stage).unwrap().run.clone().unwrap()
}

const ALL: &[&str] = &["baidu", "alibaba", "iflytek", "tencent", "zhipu"];

#[tokio::test]
async fn every_stage_written_by_its_provider_streams_its_text() {
    let (url, fake) = fake(vec![], Some(Reply::Stream)).await;
    let providers = Agent::ALL.into_iter().map(|a| provider(a, url.clone(), 5000)).collect();
    let (view, events) = plan_with(providers, ALL).await;
    for stage in Stage::ALL {
        let run = run_of(&view, stage);
        assert_eq!((run.agent, run.offline, run.fallback.as_deref()), (stage.agent(), false, None), "{stage:?}");
        assert_eq!((run.model, run.tokens), (format!("{}-fake", stage.agent().key()), 90));
    }
    assert_eq!(fake.requests.load(Ordering::SeqCst), 5);
    let finance_prompt =
        fake.bodies.lock().unwrap().iter().find(|b| b.to_string().contains("【阶段:finance】")).cloned();
    assert!(finance_prompt.expect("finance asked").to_string().contains("tam"), "finance reads the market research");
    let preview: String = events
        .iter()
        .filter_map(|e| match e {
            PlanEvent::Preview { stage: Stage::Market, text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(preview.contains("\"tam\""), "the market stage streamed its text: {preview}");
}

#[tokio::test]
async fn a_failing_provider_is_replaced_by_the_next_with_the_reason() {
    let (bad, _) = fake(vec![], Some(Reply::Status(500))).await;
    let (good, fake_ok) = fake(vec![], None).await;
    let providers = vec![provider(Agent::Baidu, bad, 5000), provider(Agent::Alibaba, good, 5000)];
    let (view, _) = plan_with(providers, ALL).await;
    let parse = run_of(&view, Stage::Parse);
    assert_eq!((parse.agent, parse.offline), (Agent::Alibaba, false));
    assert!(parse.fallback.as_deref().unwrap().contains("HTTP 500"), "{parse:?}");
    assert_eq!(run_of(&view, Stage::Tech).agent, Agent::Alibaba);
    assert!(fake_ok.requests.load(Ordering::SeqCst) >= 2);
}

#[tokio::test]
async fn a_provider_left_out_is_skipped_and_the_offline_analyst_stands_in_last() {
    let (url, fake) = fake(vec![], None).await;
    let (view, _) = plan_with(vec![provider(Agent::Baidu, url, 5000)], &["alibaba", "zhipu"]).await;
    assert_eq!(fake.requests.load(Ordering::SeqCst), 0, "baidu was not chosen");
    let parse = run_of(&view, Stage::Parse);
    assert!(parse.offline && parse.fallback.as_deref().unwrap().contains("未选用文心一言"), "{parse:?}");
}

#[tokio::test]
async fn malformed_answers_are_retried_with_the_error_then_fall_back() {
    // Parse: non-JSON once, then valid. Legal: invalid every time, so it falls back offline.
    let (url, fake) = fake(vec![Reply::NotJson, Reply::Answer("{\"problem\": 1}".into())], None).await;
    let (zhipu_url, zhipu) = fake_invalid().await;
    let (view, _) = plan_with(
        vec![provider(Agent::Baidu, url, 5000), provider(Agent::Zhipu, zhipu_url, 5000)],
        &["baidu", "zhipu"],
    )
    .await;
    let parse = run_of(&view, Stage::Parse);
    assert!(!parse.offline && parse.agent == Agent::Baidu, "{parse:?}");
    let bodies = fake.bodies.lock().unwrap().clone();
    let retry = bodies.iter().find(|b| b["messages"].as_array().unwrap().len() > 2).expect("a corrective retry");
    assert!(retry.to_string().contains("不符合要求"), "the validation error went back to the model");
    // Zhipu never answers validly: the next chosen provider writes the stage, with the reason.
    let legal = run_of(&view, Stage::Legal);
    assert_eq!((legal.agent, legal.offline), (Agent::Baidu, false), "{legal:?}");
    assert!(legal.fallback.as_deref().unwrap().contains("zhipu-fake"), "{legal:?}");
    let legal_asks = zhipu.bodies.lock().unwrap().iter().filter(|b| b.to_string().contains("【阶段:legal】")).count();
    assert_eq!(legal_asks, 2, "asked, then asked again with the error");
}

async fn fake_invalid() -> (String, Arc<Fake>) {
    fake(
        vec![],
        Some(Reply::Answer("{\"icp\": \"\", \"pipl\": \"\", \"licences\": [], \"risks\": [], \"score\": 99}".into())),
    )
    .await
}

#[tokio::test]
async fn a_cut_stream_restarts_the_preview_and_slow_or_limited_providers_recover_or_fall_back() {
    let (cut, _) = fake(vec![Reply::StreamCut], Some(Reply::Stream)).await;
    let (limited, limited_fake) = fake(vec![Reply::Status(429)], None).await;
    let (slow, _) = fake(vec![], Some(Reply::Slow(Duration::from_secs(3)))).await;
    let providers = vec![
        provider(Agent::Iflytek, cut, 5000),
        provider(Agent::Tencent, limited, 5000),
        provider(Agent::Zhipu, slow, 300),
    ];
    let (view, events) = plan_with(providers, ALL).await;
    // Baidu has no key, so iFlytek writes the idea parsing; its first stream breaks and is retried.
    let parse = run_of(&view, Stage::Parse);
    assert_eq!((parse.agent, parse.offline), (Agent::Iflytek, false), "the cut stream was retried");
    assert!(parse.fallback.as_deref().unwrap().contains("文心一言未配置密钥"), "{parse:?}");
    assert!(events.iter().any(|e| matches!(e, PlanEvent::PreviewRestart { stage: Stage::Parse, .. })));
    assert_eq!(run_of(&view, Stage::Market).agent, Agent::Iflytek);
    assert_eq!(run_of(&view, Stage::Finance).agent, Agent::Tencent, "429 retried");
    assert_eq!(limited_fake.requests.load(Ordering::SeqCst), 2);
    // Zhipu times out; the next allowed providers are tried before the offline analyst.
    let legal = run_of(&view, Stage::Legal);
    assert!(legal.fallback.as_deref().unwrap().contains("timed out"), "{legal:?}");
    assert_ne!(legal.agent, Agent::Zhipu);
}
