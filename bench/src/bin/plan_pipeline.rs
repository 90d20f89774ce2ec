//! Plan pipeline: every provider answers after the same fixed delay; a plan's wall time is
//! compared with its critical path (parse, then the longest of tech, legal, and market followed
//! by finance). Stages that can run together must, so the two stay within a few percent.
//! See bench/RESULTS.md.
//!
//!   cargo run --release -p bench --bin plan_pipeline -- [delay-ms] [plans]

use std::sync::Arc;
use std::time::{Duration, Instant};

use market::ai::Providers;
use market::ai::provider::Provider;
use market::cache::Cache;
use market::db::Db;
use market::events::EventBus;
use market::plans::{self, PlanSettings};
use market::sms::SmsSender;
use market::{Market, Settings, ideas};
use model::{Agent, GeneratePlanRequest, NewIdea, PlanOptions, Stage};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let delay = Duration::from_millis(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500));
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);

    let (url, fake) =
        testkit::fake::serve(vec![], Some(testkit::fake::Reply::Slow(delay)), Arc::new(testkit::fake::valid_stage))
            .await;
    let providers =
        Agent::ALL.map(|agent| Provider::new(testkit::fake::provider(agent, url.clone(), Duration::from_secs(30), 0)));
    let dir = std::env::temp_dir().join(format!("plan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.display()), 8).await?;
    let settings = Settings {
        plans: PlanSettings { offline_pace: Duration::ZERO, ..PlanSettings::default() },
        ..Settings::default()
    };
    let m = Market::new(db, Cache::memory(), EventBus::memory(), SmsSender::Log, settings)
        .with_providers(Providers::new(providers));

    let user = testkit::members::register(&m, 0).await.user.id;

    println!("provider delay {} ms, {runs} plans", delay.as_millis());
    println!(
        "| plan | wall ms | critical path ms (stage times) | wall / critical path | 3 × request ms | wall / 3 requests |"
    );
    let (mut ratios, mut nominal_ratios) = (Vec::new(), Vec::new());
    for n in 0..runs {
        // A new idea each time, so no stage is answered from the cache of identical requests.
        let idea = NewIdea {
            title: format!("基准创意 {n}"),
            description: "用于测量商业计划生成流水线在各服务商固定延迟下的并发程度。".into(),
            category: "tech".into(),
            tags: vec![],
            attachments: vec![],
        };
        let idea_id = ideas::create(&m, user, idea).await?.id;
        let req = GeneratePlanRequest { idea_id, options: PlanOptions::default() };
        let created = plans::generate(&m, user, &req, None).await?;
        let requests_before = fake.requests.load(std::sync::atomic::Ordering::SeqCst);
        let clock = Instant::now();
        plans::claim_due(&m, chrono::Utc::now()).await?;
        plans::run(m.clone(), created.id).await?;
        let wall = clock.elapsed().as_secs_f64() * 1000.0;
        let view = plans::view(&m, created.id, Some(user), None).await?;
        let ms = |stage: Stage| {
            view.stages.iter().find(|s| s.stage == stage).and_then(|s| s.run.as_ref()).map_or(0.0, |r| r.millis as f64)
        };
        let critical =
            ms(Stage::Parse) + ms(Stage::Tech).max(ms(Stage::Legal)).max(ms(Stage::Market) + ms(Stage::Finance));
        // One request's own time, measured through the whole client (delay plus the streamed reply).
        let request = ms(Stage::Parse);
        let asked = fake.requests.load(std::sync::atomic::Ordering::SeqCst) - requests_before;
        anyhow::ensure!(asked == 5, "each stage asked its provider once (asked {asked})");
        ratios.push(wall / critical);
        nominal_ratios.push(wall / (3.0 * request));
        println!(
            "| {n} | {wall:.0} | {critical:.0} | {:.3} | {:.0} | {:.3} |",
            wall / critical,
            3.0 * request,
            wall / (3.0 * request)
        );
    }
    println!(
        "median wall / critical path: {:.3}; median wall / (3 × one request): {:.3}",
        median(ratios),
        median(nominal_ratios)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
