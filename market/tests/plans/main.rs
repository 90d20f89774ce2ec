//! Business plans end to end in the core: a whole plan from the offline analysts on both
//! backends, credits (charged once, refunded on failure, royalties), resuming after a crash,
//! and every provider failure path through the fake provider.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use market::ai::Providers;
use market::ai::provider::Provider;
use market::events::topics::Subscription;
use market::plans::{self, PlanSettings};
use market::{Market, MarketError, Settings, ideas, query_scalar};
use model::{Agent, GeneratePlanRequest, NewIdea, PlanEvent, PlanOptions, PlanStatus, Stage, StageState};
use testkit::books::{balance, ledger_sum};
use testkit::fake::{self, Fake, Reply};
use testkit::{Backend, both_backends, members, store_with};

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

async fn idea(m: &Market, author: i64) -> i64 {
    let idea = NewIdea {
        title: "社区宠物寄养互助平台".into(),
        description: "让附近的宠物主人互相寄养宠物、交换遛狗时间，平台按单抽佣并提供保险，面向城市年轻白领家庭。"
            .into(),
        category: "lifestyle".into(),
        tags: vec!["宠物".into(), "社区".into()],
        attachments: vec![],
    };
    ideas::create(m, author, idea).await.expect("created").id
}

fn request(idea_id: i64) -> GeneratePlanRequest {
    GeneratePlanRequest { idea_id, options: PlanOptions::default() }
}

async fn scalar(m: &Market, sql: &str, id: i64) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, sql, id).expect(sql)
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
    let author = members::register(m, 1).await.user.id;
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
    let other = members::register(m, 2).await.user.id;
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
    let author = members::register(m, 1).await.user.id;
    let buyer = members::register(m, 2).await.user.id;
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
    let author = members::register(m, 1).await.user.id;
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

async fn fake(script: Vec<Reply>, otherwise: Option<Reply>) -> (String, Arc<Fake>) {
    fake::serve(script, otherwise, Arc::new(fake::valid_stage)).await
}

fn provider(agent: Agent, base_url: String, timeout_ms: u64) -> Provider {
    Provider::new(fake::provider(agent, base_url, Duration::from_millis(timeout_ms), 1))
}

async fn a_killed_plan_resumes_from_its_last_finished_stage(backend: Backend) {
    let s = store_with(backend, settings(fast())).await;
    // One provider writes every stage (the others have no key); it hangs on the fifth request,
    // the financial model, and the instance dies while waiting.
    let (url, tencent) = fake(vec![Reply::Valid; 4], Some(Reply::Slow(Duration::from_secs(20)))).await;
    let m = &s.market.clone().with_providers(Providers::new([provider(Agent::Tencent, url, 30_000)]));
    let author = members::register(m, 1).await.user.id;
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

mod providers;
