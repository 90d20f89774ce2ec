//! Prometheus metrics: requests by route and status, latency, the database pool, the market's
//! state (ideas, auctions, plans), live streams, the cache, and the process itself.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    db_pool: IntGaugeVec,
    ideas: IntGaugeVec,
    plans: IntGaugeVec,
    auctions_overdue: IntGauge,
    oldest_pending: IntGauge,
    sse_streams: IntGauge,
    cache_up: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// What a scrape reads from the stores and the live streams.
pub struct Scrape<'a> {
    pub db: &'a market::db::Db,
    /// `None` when the database did not answer; the gauges then keep their last values.
    pub gauges: Option<market::stats::Gauges>,
    pub sse_streams: i64,
    pub cache_up: bool,
}

fn gauge(name: &str, help: &str) -> IntGauge {
    IntGauge::with_opts(Opts::new(name, help)).unwrap_or_else(|_| unreachable!("metric definitions are valid"))
}

fn gauge_vec(name: &str, help: &str, label: &str) -> IntGaugeVec {
    IntGaugeVec::new(Opts::new(name, help), &[label]).unwrap_or_else(|_| unreachable!("metric definitions are valid"))
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("aimarket".into()), None).unwrap_or_default();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status."),
            &["method", "route", "status"],
        )
        .unwrap_or_else(|_| unreachable!("metric definitions are valid"));
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route.")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5]),
            &["method", "route"],
        )
        .unwrap_or_else(|_| unreachable!("metric definitions are valid"));
        let metrics = Self {
            requests,
            latency,
            db_pool: gauge_vec("db_pool_connections", "Database pool connections by state.", "state"),
            ideas: gauge_vec("ideas", "Ideas by status.", "status"),
            plans: gauge_vec("plans", "Business plans by status.", "status"),
            auctions_overdue: gauge(
                "auctions_overdue",
                "Open auctions more than a minute past their close time (a stuck settlement).",
            ),
            oldest_pending: gauge(
                "ideas_pending_oldest_seconds",
                "Age of the oldest idea still being analysed, in seconds (0 when none is).",
            ),
            sse_streams: gauge("sse_streams", "Live event streams open on this instance."),
            cache_up: gauge("cache_up", "1 when the cache (Redis, or in process) answers."),
            registry,
        };
        let collectors: [Box<dyn prometheus::core::Collector>; 10] = [
            Box::new(metrics.requests.clone()),
            Box::new(metrics.latency.clone()),
            Box::new(metrics.db_pool.clone()),
            Box::new(metrics.ideas.clone()),
            Box::new(metrics.plans.clone()),
            Box::new(metrics.auctions_overdue.clone()),
            Box::new(metrics.oldest_pending.clone()),
            Box::new(metrics.sse_streams.clone()),
            Box::new(metrics.cache_up.clone()),
            Box::new(build_info()),
        ];
        // Registering can only fail on a duplicate name, and these names are distinct.
        for c in collectors {
            let _ = metrics.registry.register(c);
        }
        metrics
    }

    /// The text exposition format, with the gauges read at scrape time.
    pub fn render(&self, scrape: Scrape<'_>) -> String {
        let (size, idle) = scrape.db.pool_stats();
        self.db_pool.with_label_values(&["open"]).set(i64::from(size));
        self.db_pool.with_label_values(&["idle"]).set(i64::try_from(idle).unwrap_or(i64::MAX));
        if let Some(g) = scrape.gauges {
            for (vec, known, counts) in [
                (&self.ideas, &["pending", "bidding", "completed"][..], &g.ideas),
                (&self.plans, &["generating", "completed", "failed"][..], &g.plans),
            ] {
                // Every status is exported, zero when no row has it, so alerts see the series.
                for status in known {
                    let n = counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
                    vec.with_label_values(&[status]).set(n);
                }
            }
            self.auctions_overdue.set(g.auctions_overdue);
            self.oldest_pending.set(g.oldest_pending_secs);
        }
        self.sse_streams.set(scrape.sse_streams);
        self.cache_up.set(i64::from(scrape.cache_up));
        let mut out = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut out).is_err() {
            return String::new();
        }
        let mut text = String::from_utf8(out).unwrap_or_default();
        text.push_str(&process_metrics());
        text
    }
}

/// `aimarket_build_info{version="…"} 1`, so dashboards can tell releases apart.
fn build_info() -> IntGaugeVec {
    let info = gauge_vec("build_info", "The running release, as a label; always 1.", "version");
    info.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
    info
}

/// The standard process metrics, from `/proc/self` (Linux; elsewhere nothing).
fn process_metrics() -> String {
    let mut out = String::new();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(kib) = rss_kib {
        out.push_str("# HELP process_resident_memory_bytes Resident memory size in bytes.\n");
        out.push_str(&format!(
            "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {}\n",
            kib * 1024
        ));
    }
    // utime and stime, fields 14 and 15, in clock ticks: USER_HZ, 100 on Linux's /proc.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    if let (Some(utime), Some(stime)) =
        (fields.get(11).and_then(|v| v.parse::<u64>().ok()), fields.get(12).and_then(|v| v.parse::<u64>().ok()))
    {
        out.push_str("# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n");
        out.push_str(&format!(
            "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {}\n",
            (utime + stime) as f64 / 100.0
        ));
    }
    if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
        out.push_str("# HELP process_open_fds Number of open file descriptors.\n");
        out.push_str(&format!("# TYPE process_open_fds gauge\nprocess_open_fds {}\n", fds.count()));
    }
    out
}
