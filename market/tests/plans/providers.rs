//! Which provider writes each stage: the one asked for, the next when it fails, the offline
//! analyst last; streamed text, retries with the error, cut streams and slow providers.

use super::*;

/// A plan with the given providers, run to the end on SQLite; returns its view and the events.
async fn plan_with(providers: Vec<Provider>, services: &[&str]) -> (model::PlanView, Vec<PlanEvent>) {
    let s = store_with(Backend::Embedded, settings(fast())).await;
    let m = &s.market.clone().with_providers(Providers::new(providers));
    let author = members::register(m, 1).await.user.id;
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
