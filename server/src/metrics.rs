//! Prometheus metrics: requests by route and status, latency, the database pool, the market's
//! state (ideas, auctions, plans), live streams, the cache, and the process itself.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    /// The standard `process_*` metrics, without the `aimarket_` prefix that dashboards and
    /// alerts do not expect on them.
    process: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    /// Alipay's notifications by what became of them (`credited`, `already`, `bad_signature`, …).
    pub payment_notices: IntCounterVec,
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
        let payment_notices = IntCounterVec::new(
            Opts::new("payment_notifications_total", "Payment notifications by outcome; refusals credit nothing."),
            &["outcome"],
        )
        .unwrap_or_else(|_| unreachable!("metric definitions are valid"));
        let metrics = Self {
            requests,
            payment_notices,
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
            process: Registry::new(),
        };
        // Read from /proc at each scrape; Linux only, elsewhere there are none.
        #[cfg(target_os = "linux")]
        let _ = metrics.process.register(Box::new(prometheus::process_collector::ProcessCollector::for_self()));
        let collectors: [Box<dyn prometheus::core::Collector>; 11] = [
            Box::new(metrics.requests.clone()),
            Box::new(metrics.payment_notices.clone()),
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
        let mut families = self.registry.gather();
        families.extend(self.process.gather());
        let mut out = Vec::new();
        if TextEncoder::new().encode(&families, &mut out).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// `aimarket_build_info{version="…"} 1`, so dashboards can tell releases apart.
fn build_info() -> IntGaugeVec {
    let info = gauge_vec("build_info", "The running release, as a label; always 1.", "version");
    info.with_label_values(&[env!("CARGO_PKG_VERSION")]).set(1);
    info
}
