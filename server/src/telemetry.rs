//! JSON logs on stdout (or readable ones with `LOG_FORMAT=pretty`), filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let pretty = std::env::var("LOG_FORMAT").is_ok_and(|f| f == "pretty");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    let result = if pretty {
        builder.try_init()
    } else {
        builder.json().with_current_span(true).with_span_list(false).flatten_event(true).try_init()
    };
    // Already initialised (tests that start the server twice in one process): keep the first.
    let _ = result;
}
