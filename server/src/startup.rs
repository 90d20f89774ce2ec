//! Building the app from its configuration (stores, router, background tasks) and running it
//! until a signal, then shutting down in order.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::FromRef;
use axum::handler::Handler;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use market::Market;
use market::cache::Cache;
use market::db::Db;
use market::events::EventBus;
use market::sms::SmsSender;
use tokio::sync::watch;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::{Config, SmsProvider};
use crate::live::LiveStreams;
use crate::metrics::Metrics;
use crate::{analytics_csv, api, config, files, middleware, ops, payments, rate_limit, security, seo, serve, worker};

/// Everything a handler reaches, built once at start.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub market: Market,
    pub leptos_options: LeptosOptions,
    pub metrics: Arc<Metrics>,
    pub live: LiveStreams,
    pub catch_ups: api::CatchUps,
}

/// Connects the stores named by the configuration and applies the migrations.
pub async fn connect(config: &Config) -> anyhow::Result<Market> {
    let db = Db::connect(config.stores.database_url.expose(), config.stores.database_max_connections).await?;
    let (cache, events) = match &config.stores.redis_url {
        Some(url) => (
            Cache::redis(url.expose(), &config.stores.redis_prefix).await.context("connecting to Redis (REDIS_URL)")?,
            EventBus::redis(url.expose(), &config.stores.redis_prefix)
                .await
                .context("connecting to Redis pub/sub (REDIS_URL)")?,
        ),
        None => (Cache::memory(), EventBus::memory()),
    };
    let sms = match &config.sms_provider {
        SmsProvider::Log => SmsSender::Log,
        SmsProvider::Alibaba(alibaba) => {
            SmsSender::alibaba(alibaba.clone()).context("building the Alibaba Cloud SMS sender (ALIBABA_SMS_*)")?
        }
    };
    let settings = market::Settings {
        cookie_secure: config.http.cookie_secure,
        auction: config.auction.clone(),
        plans: config.plans.clone(),
        invites: config.invites.clone(),
        session_idle: config.session_idle,
        sms_resend_after: config.sms_resend_after,
        public_url: config.public_url.clone(),
        admin_second_factor: config.admin_second_factor,
        ..Default::default()
    };
    tracing::info!(database = db.backend(), cache = cache.backend(), events = events.backend(), "stores connected");
    let providers =
        market::ai::Providers::new(config.providers.iter().cloned().map(market::ai::provider::Provider::new));
    let offline = 5 - config.providers.len();
    tracing::info!(providers = config.providers.len(), offline, "AI agents ready");
    if config.forbidden_words.is_none() && config.env == config::AppEnv::Production {
        tracing::warn!("FORBIDDEN_WORDS_FILE is not set: submitted ideas are published unscreened");
    }
    let screening = market::moderation::screening::Screening::from_file(config.forbidden_words.clone());
    let mailer = match &config.mail_provider {
        config::MailProvider::Log => market::mail::Mailer::default(),
        config::MailProvider::Smtp(smtp) => {
            market::mail::Mailer::smtp(smtp).context("building the SMTP mailer (SMTP_*)")?
        }
    };
    tracing::info!(mail = mailer.backend(), public_url = %config.public_url, "mail ready");
    let provider = match &config.payment_provider {
        config::PaymentProvider::Dev => market::payments::Provider::Dev,
        config::PaymentProvider::Alipay(alipay) => {
            let client = alipay.client_config(&config.public_url).map_err(|e| anyhow::anyhow!(e))?;
            market::payments::Provider::Alipay(Arc::new(
                market::payments::Alipay::new(client).context("building the Alipay client (ALIPAY_*)")?,
            ))
        }
    };
    tracing::info!(payments = provider.kind().as_str(), "payments ready");
    let payments = market::payments::Payments {
        provider,
        packages: config.packages.clone(),
        query_every: config.payment_query_every,
    };
    let files = config.files.files().context("opening the attachment store (ATTACHMENT_*, OSS_*)")?;
    tracing::info!(files = ?config.files.store, "attachments ready");
    let market = Market::new(db, cache, events, sms, settings);
    market.activity.set_enabled(config.analytics);
    Ok(market
        .with_files(files)
        .with_providers(providers)
        .with_screening(screening)
        .with_mailer(mailer)
        .with_payments(payments))
}

/// The whole application router. Its live streams end when `closing` turns true.
pub fn router(config: &Config, market: Market, closing: watch::Receiver<bool>) -> Router {
    // A release site names its bundles after their content and lists the hashes here (read by
    // `app::Assets`, not by Leptos: the pages load their islands with a script of our own).
    let hashes = std::fs::read_to_string(config.http.site_root.join("hash.txt")).ok();
    let assets = app::Assets::from_hashes(hashes.as_deref());
    let mut leptos_options = config.http.site.clone();
    leptos_options.site_root = config.http.site_root.to_string_lossy().into();
    leptos_options.site_addr = config.http.addr;
    let immutable_assets = hashes.is_some();
    let state = AppState {
        market: market.clone(),
        leptos_options: leptos_options.clone(),
        metrics: Arc::new(Metrics::new()),
        live: LiveStreams::new(closing),
        catch_ups: api::CatchUps::default(),
    };
    let routes = generate_route_list(app::App);
    let limits = Arc::new(rate_limit::Limits {
        market: market.clone(),
        api: config.limits.api,
        auth: config.limits.auth,
        window: config.limits.window,
        trusted_proxies: config.http.trusted_proxies.clone(),
    });
    let security = Arc::new(security::SecurityConfig {
        hsts: config.env == config::AppEnv::Production,
        cookie_secure: config.http.cookie_secure,
        allowed_origins: config.http.allowed_origins.clone(),
    });

    Router::new()
        .merge(ops::routes())
        .merge(payments::routes())
        .merge(files::routes())
        .merge(analytics_csv::routes())
        .merge(seo::routes())
        .merge(
            api::routes(config.http.body_limit)
                .layer(axum::middleware::from_fn_with_state(limits.clone(), rate_limit::api))
                .layer(api::cors(&config.http.allowed_origins)),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let (market, assets) = (market.clone(), assets.clone());
                move || {
                    provide_context(market.clone());
                    provide_context(assets.clone());
                }
            },
            move || app::shell(leptos_options.clone()),
        )
        // The site's files, and the not-found page for any other address (it renders the header
        // too, which reads the viewer through the market). Not Leptos' `file_and_error_handler`
        // for the files: it serves each inside `Owner::new()`, a child of whatever reactive owner
        // the worker thread last had current, so under load a file's response took the response
        // options of a page rendering beside it, page headers included (pages went out with the
        // strict policy of a file, and their stylesheet was blocked).
        .fallback_service(
            ServeDir::new(&config.http.site_root).precompressed_br().precompressed_gzip().fallback(
                leptos_axum::file_and_error_handler_with_context::<AppState, _>(
                    move || {
                        provide_context(market.clone());
                        provide_context(assets.clone());
                    },
                    app::shell,
                )
                .with_state(state.clone()),
            ),
        )
        .layer(axum::middleware::from_fn(move |req, next| middleware::cache_assets(immutable_assets, req, next)))
        .layer(axum::middleware::from_fn(middleware::render_to_completion))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::resolve_viewer))
        .layer(axum::middleware::from_fn_with_state(limits.clone(), rate_limit::auth_server_fns))
        .layer(axum::middleware::from_fn_with_state(security.clone(), security::csrf))
        .layer(axum::middleware::from_fn(middleware::localize_errors))
        .layer(axum::middleware::from_fn_with_state(limits, rate_limit::resolve_client))
        .layer(axum::middleware::from_fn_with_state(security, security::headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::record_metrics))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(middleware::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Serves until SIGTERM or Ctrl-C, then shuts down as [`Running::stop`] says.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.http.addr)
        .await
        .with_context(|| format!("binding {}", config.http.addr))?;
    let running = start(config, listener).await?;
    shutdown_signal().await;
    running.stop().await;
    Ok(())
}

/// The app serving on its listener, with its worker and its view writer.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub market: Market,
    closing: watch::Sender<bool>,
    done: tokio::task::JoinHandle<()>,
}

/// Connects the stores and starts serving on `listener` (in the binary, or in a test's process).
pub async fn start(config: Config, listener: tokio::net::TcpListener) -> anyhow::Result<Running> {
    let market = connect(&config).await?;
    let (closing_tx, closing) = watch::channel(false);
    let app = router(&config, market.clone(), closing.clone());
    let addr = listener.local_addr().context("reading the bound address")?;
    tracing::info!(%addr, env = ?config.env, "listening on http://{addr}");
    let serving = market.clone();
    let done = tokio::spawn(async move {
        let market = serving;
        let worker = config.worker.then(|| tokio::spawn(worker::run(market.clone(), closing.clone())));
        let views = tokio::spawn(write_views(market.clone(), closing.clone()));
        let serve = serve::serve(listener, app, closing.clone(), serve::HEADER_READ_TIMEOUT);
        let mut waiting = closing.clone();
        let grace = config.http.shutdown_grace;
        let grace_over = async move {
            let _ = waiting.wait_for(|closing| *closing).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            () = serve => {}
            () = grace_over => tracing::warn!(?grace, "requests still in flight after the grace period; stopping anyway"),
        }
        if let Some(worker) = worker {
            let _ = tokio::time::timeout(Duration::from_secs(10), worker).await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), views).await;
        tokio::time::timeout(Duration::from_secs(5), market.db.close()).await.ok();
        tracing::info!("stopped");
    });
    Ok(Running { addr, market, closing: closing_tx, done })
}

impl Running {
    /// Stops accepting connections, ends the live streams (their clients reconnect to another
    /// instance), lets requests in flight finish for up to `shutdown_grace`, and stops the worker
    /// between two steps.
    pub async fn stop(self) {
        let _ = self.closing.send(true);
        let _ = self.done.await;
    }
}

/// Writes the idea views and the members' activity counted in memory every two seconds, and
/// once more at shutdown.
async fn write_views(market: Market, mut closing: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        let last = tokio::select! {
            _ = tick.tick() => false,
            _ = closing.wait_for(|closing| *closing) => true,
        };
        if let Err(e) = market::ideas::views::flush(&market).await {
            tracing::warn!(error = ?e, "writing idea views failed; kept for the next try");
        }
        if let Err(e) = market::analytics::activity::flush(&market).await {
            tracing::warn!(error = ?e, "writing members' activity failed; kept for the next try");
        }
        if last {
            break;
        }
    }
}

/// `ai-market grant-admin <username>`: makes an existing account an admin.
pub async fn grant_admin(config: &Config, username: &str) -> anyhow::Result<()> {
    let db = Db::connect(config.stores.database_url.expose(), 1).await?;
    let market = Market::new(db, Cache::memory(), EventBus::memory(), SmsSender::Log, market::Settings::default());
    match market::accounts::admin::grant(&market, username).await {
        Ok(id) => {
            println!("{username} (id {id}) 现在是管理员 / is now an admin");
            Ok(())
        }
        Err(market::MarketError::NotFound) => anyhow::bail!("没有用户名为 {username:?} 的账号 / no such account"),
        Err(e) => Err(anyhow::Error::new(e).context("granting admin")),
    }
}

/// `ai-market reset-second-factor <username>`: the admin sets up a new authenticator at their
/// next visit to the console; their sessions end.
pub async fn reset_second_factor(config: &Config, username: &str) -> anyhow::Result<()> {
    let db = Db::connect(config.stores.database_url.expose(), 1).await?;
    let market = Market::new(db, Cache::memory(), EventBus::memory(), SmsSender::Log, market::Settings::default());
    if market::accounts::second_factor::reset(&market, username).await.context("resetting the second factor")? {
        println!("{username} 的身份验证器已移除，下次进入管理后台时重新设置 / authenticator removed");
        Ok(())
    } else {
        anyhow::bail!("{username:?} 没有设置身份验证器 / has no authenticator")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
