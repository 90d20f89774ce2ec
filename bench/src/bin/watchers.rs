//! Live watchers: starts the server, runs one auction, and holds N SSE streams on it, measuring
//! how long each bid takes from the worker placing it to each watcher receiving it (fan-out
//! latency), and the server's resident memory. See bench/RESULTS.md.
//!
//!   cargo run --release -p bench --bin watchers -- <server-binary> <watchers>

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use serde_json::{Value, json};

fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(bin), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        bail!("usage: watchers <server-binary> <watchers>");
    };
    let dir = std::env::temp_dir().join(format!("aim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let bin = std::fs::canonicalize(bin).context("the server binary")?;
    let mut child = Command::new(bin)
        .current_dir(&dir)
        .env("PORT", "0")
        .env("DATABASE_URL", format!("sqlite://{}/bench.db", dir.display()))
        .env("RUST_LOG", "warn,server=info,sms=info")
        // Every watcher connects from this one address.
        .env("RATE_LIMIT_API", "1000000")
        .env("AUCTION_DURATION_SECS", "40")
        .env("AUCTION_ROUND_SECS", "1")
        .env("AUCTION_EXTENSION_WINDOW_SECS", "2")
        .env("AUCTION_EXTENSION_SECS", "2")
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the server")?;
    let pid = child.id();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    let stdout = child.stdout.take().context("stdout")?;
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap_or_else(|p| p.into_inner()).push(l);
        }
    });
    let find = |needle: &str| -> Option<String> {
        lines.lock().unwrap_or_else(|p| p.into_inner()).iter().rev().find(|l| l.contains(needle)).cloned()
    };
    let started = Instant::now();
    let base = loop {
        if let Some(l) = find("listening on http://") {
            let addr = l.split("listening on http://").nth(1).and_then(|s| s.split('"').next()).context("addr")?;
            break format!("http://{addr}");
        }
        if started.elapsed() > Duration::from_secs(30) {
            bail!("the server did not start");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    let c = reqwest::Client::new();
    c.post(format!("{base}/api/auth/sms-code")).json(&json!({"phone": "13800000000"})).send().await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let code_line = find("SMS code for 13800000000: ").context("no SMS code in the log")?;
    let code: String = code_line.split("SMS code for 13800000000: ").nth(1).context("code")?.chars().take(6).collect();
    let reg: Value = c
        .post(format!("{base}/api/auth/register"))
        .json(&json!({"username": "bench", "email": "bench@example.com", "password": "tea-garden-2026", "phone": "13800000000", "smsCode": code}))
        .send()
        .await?
        .json()
        .await?;
    let token = reg["token"].as_str().context("token")?.to_owned();
    let idea: Value = c
        .post(format!("{base}/api/ideas"))
        .bearer_auth(&token)
        .json(&json!({"title": "压测：AI 智能冰箱", "description": "面向城市家庭用户的小程序，摄像头识别食材，AI 个性化推荐，会员订阅收费，电商抽成。", "category": "tech", "tags": []}))
        .send()
        .await?
        .json()
        .await?;
    let id = idea["id"].as_i64().context("idea id")?;

    // Connect the watchers in batches, before the first bid.
    // (bid time, latency ms) per delivery, and when each watcher's stream was open.
    let latencies = Arc::new(Mutex::new(Vec::<(chrono::DateTime<chrono::Utc>, f64)>::with_capacity(n * 40)));
    let last_connected = Arc::new(Mutex::new(chrono::DateTime::<chrono::Utc>::MIN_UTC));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let closed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let connected = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let watcher_client = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
    let connect_started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let (c, url, latencies, errors, closed, last_connected, connected) = (
            watcher_client.clone(),
            format!("{base}/api/ideas/{id}/stream"),
            latencies.clone(),
            errors.clone(),
            closed.clone(),
            last_connected.clone(),
            connected.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = match c.get(url).send().await {
                Ok(r) if r.status().is_success() => r,
                _ => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return;
                }
            };
            {
                let mut t = last_connected.lock().unwrap_or_else(|p| p.into_inner());
                *t = (*t).max(chrono::Utc::now());
            }
            connected.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let mut body = res.bytes_stream();
            let mut buf = String::new();
            let mut mine = Vec::new();
            while let Some(Ok(chunk)) = body.next().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                // The watchers share the server's two cores, so each reads only what it measures:
                // the event's name and the bid's time, not the whole JSON.
                while let Some(end) = buf.find("\n\n") {
                    let block: String = buf.drain(..end + 2).collect();
                    let received = chrono::Utc::now();
                    match block.lines().find_map(|l| l.strip_prefix("event:")).map(str::trim) {
                        Some("bid") => {
                            let time = block
                                .split("\"bid_time\":\"")
                                .nth(1)
                                .and_then(|rest| rest.split('"').next())
                                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
                            if let Some(t) = time {
                                let ms = (received - t.to_utc()).num_microseconds().unwrap_or(0) as f64 / 1000.0;
                                mine.push((t.to_utc(), ms));
                            }
                        }
                        Some("closed") => {
                            closed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            latencies.lock().unwrap_or_else(|p| p.into_inner()).extend(mine);
                            return;
                        }
                        _ => {}
                    }
                }
            }
            errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }));
        if i % 500 == 499 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    // RSS once every stream is open (or has failed), then once the auction has closed and every
    // watcher has hung up: what the server keeps after its streams are gone.
    let all_in = Instant::now();
    while connected.load(std::sync::atomic::Ordering::Relaxed) + errors.load(std::sync::atomic::Ordering::Relaxed) < n
        && all_in.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (rss_connected, _) = rss_kib(pid);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(120), t).await;
    }
    // A stream learns that its client left when it next writes: the keep-alive, every 15 s.
    tokio::time::sleep(Duration::from_secs(20)).await;
    let metrics = c.get(format!("{base}/metrics")).send().await?.text().await?;
    let streams_left = metrics.lines().find_map(|l| l.strip_prefix("aimarket_sse_streams ")).unwrap_or("?").to_owned();
    let (rss_end, rss_peak) = rss_kib(pid);
    let bids: Vec<Value> = c.get(format!("{base}/api/ideas/{id}/bids")).send().await?.json().await?;
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);

    let all = latencies.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let connected_at = *last_connected.lock().unwrap_or_else(|p| p.into_inner());
    let sorted = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    let l = sorted(all.iter().map(|(_, ms)| *ms).collect());
    // Steady state: bids placed once every watcher's stream was open (not caught up on connect).
    let steady = sorted(all.iter().filter(|(t, _)| *t > connected_at).map(|(_, ms)| *ms).collect());
    let closed = closed.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "watchers: {n}, all streams open {:.1}s after the first connect, saw the close: {closed}, errors: {}",
        (connected_at - chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now() - connect_started.elapsed()))
            .num_milliseconds() as f64
            / 1000.0,
        errors.load(std::sync::atomic::Ordering::Relaxed)
    );
    println!("bids: {}, deliveries: {} (expected {})", bids.len(), l.len(), bids.len() * closed);
    println!(
        "steady-state fan-out latency ms ({} deliveries): p50 {:.1}, p99 {:.1}, max {:.1}",
        steady.len(),
        percentile(&steady, 0.5),
        percentile(&steady, 0.99),
        steady.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "all deliveries, including catch-up on connect, latency ms: p50 {:.1}, p99 {:.1}, max {:.1}",
        percentile(&l, 0.5),
        percentile(&l, 0.99),
        l.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "server RSS MiB: all streams open {:.0}, 20 s after they all closed {:.0} (streams left: {streams_left}), peak {:.0}",
        rss_connected as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        rss_peak as f64 / 1024.0
    );
    Ok(())
}
