//! Prometheus metrics: requests by route and status, latency, and the database pool.

use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder};

pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    db_pool: IntGaugeVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("aimarket".into()), None).unwrap_or_default();
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status."),
            &["method", "route", "status"],
        );
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency by route.")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5]),
            &["method", "route"],
        );
        let db_pool =
            IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections by state."), &["state"]);
        // The metric definitions are constants; registering them can only fail on a duplicate name.
        let (requests, latency, db_pool) = match (requests, latency, db_pool) {
            (Ok(r), Ok(l), Ok(d)) => (r, l, d),
            _ => unreachable!("metric definitions are valid"),
        };
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(db_pool.clone()),
        ] {
            let _ = registry.register(c);
        }
        Self { registry, requests, latency, db_pool }
    }

    /// The text exposition format, with the pool read at scrape time.
    pub fn render(&self, db: &market::db::Db) -> String {
        let (size, idle) = db.pool_stats();
        self.db_pool.with_label_values(&["open"]).set(i64::from(size));
        self.db_pool.with_label_values(&["idle"]).set(i64::try_from(idle).unwrap_or(i64::MAX));
        let mut out = Vec::new();
        if TextEncoder::new().encode(&self.registry.gather(), &mut out).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
