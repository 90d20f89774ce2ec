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

#[tokio::main(flavor = "current_thread")]
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
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().context("the server's address")?;
    let request = format!("GET /api/ideas/{id}/stream HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    let connect_started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let (request, latencies, errors, closed, last_connected, connected) = (
            request.clone(),
            latencies.clone(),
            errors.clone(),
            closed.clone(),
            last_connected.clone(),
            connected.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let on_open = || {
                let mut t = last_connected.lock().unwrap_or_else(|p| p.into_inner());
                *t = (*t).max(chrono::Utc::now());
                connected.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            };
            match watch(addr, &request, on_open).await {
                Ok(mine) => {
                    closed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    latencies.lock().unwrap_or_else(|p| p.into_inner()).extend(mine);
                }
                Err(_) => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
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
    let cpu_open = (cpu_seconds(pid), cpu_seconds(std::process::id()));
    // The allocator returns what the connections' requests freed after a delay (mimalloc: 1 s),
    // so memory is sampled again once the burst of connections is over.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (rss_settled, _) = rss_kib(pid);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(120), t).await;
    }
    let cpu = (cpu_seconds(pid).since(cpu_open.0), cpu_seconds(std::process::id()).since(cpu_open.1));
    // The server ends each stream after `closed`; the wait lets the allocator give memory back
    // (and would let a stream that outlived its client notice at its next keep-alive, 15 s).
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
        "server RSS MiB: all streams open {:.0}, 5 s later {:.0}, 20 s after they all closed {:.0} (streams left: {streams_left}), peak {:.0}",
        rss_connected as f64 / 1024.0,
        rss_settled as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        rss_peak as f64 / 1024.0
    );
    // What an event costs once every stream is open (the bids, then the close, which also
    // ends every connection): the auction's own work is a small part of it.
    let events = steady.len() as f64 / closed.max(1) as f64 + 1.0;
    let per_event = |s: f64| s * 1000.0 / events;
    println!(
        "CPU ms per event once every stream was open ({events:.0} events): server {:.0} (user {:.0}, kernel {:.0}), watchers {:.0} (user {:.0}, kernel {:.0})",
        per_event(cpu.0.user + cpu.0.system),
        per_event(cpu.0.user),
        per_event(cpu.0.system),
        per_event(cpu.1.user + cpu.1.system),
        per_event(cpu.1.user),
        per_event(cpu.1.system),
    );
    Ok(())
}

/// Holds one stream until the auction's `closed` event, returning (bid time, latency ms) for
/// each bid received. A plain socket rather than an HTTP client: the watchers share the
/// server's two cores, so each reads only what it measures, the event's name and the bid's time,
/// from the raw bytes (chunk sizes between the events do not matter to that).
async fn watch(
    addr: std::net::SocketAddr,
    request: &str,
    on_open: impl FnOnce(),
) -> anyhow::Result<Vec<(chrono::DateTime<chrono::Utc>, f64)>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut tcp = tokio::net::TcpStream::connect(addr).await?;
    tcp.write_all(request.as_bytes()).await?;
    let mut buf = Vec::with_capacity(2048);
    let head_end = loop {
        if tcp.read_buf(&mut buf).await? == 0 {
            bail!("closed before the response head");
        }
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            break end + 4;
        }
    };
    if !buf.starts_with(b"HTTP/1.1 200") {
        bail!("{}", String::from_utf8_lossy(&buf[..head_end]));
    }
    buf.drain(..head_end);
    on_open();
    let mut mine = Vec::new();
    loop {
        while let Some(end) = find(&buf, b"\n\n") {
            let block = &buf[..end];
            if find(block, b"event: bid").is_some() {
                let received = chrono::Utc::now();
                let time = find(block, b"\"bid_time\":\"")
                    .map(|at| &block[at + 12..])
                    .and_then(|rest| rest.iter().position(|&b| b == b'"').map(|q| &rest[..q]))
                    .and_then(|t| std::str::from_utf8(t).ok())
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
                if let Some(t) = time {
                    let ms = (received - t.to_utc()).num_microseconds().unwrap_or(0) as f64 / 1000.0;
                    mine.push((t.to_utc(), ms));
                }
            } else if find(block, b"event: closed").is_some() {
                return Ok(mine);
            }
            buf.drain(..end + 2);
        }
        if tcp.read_buf(&mut buf).await? == 0 {
            bail!("the stream ended before the auction closed");
        }
    }
}

/// CPU seconds a process has used so far, in its own code and in the kernel's.
#[derive(Clone, Copy)]
struct Cpu {
    user: f64,
    system: f64,
}

impl Cpu {
    fn since(self, before: Cpu) -> Cpu {
        Cpu { user: self.user - before.user, system: self.system - before.system }
    }
}

fn cpu_seconds(pid: u32) -> Cpu {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    // utime and stime (fields 14 and 15; the 12th and 13th after the name), in USER_HZ (100).
    let seconds = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 100.0;
    Cpu { user: seconds(11), system: seconds(12) }
}
