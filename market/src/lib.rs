//! The server-only core of AI Market. Never part of the wasm build.

pub mod accounts;
pub mod ai;
pub mod analytics;
pub mod attachments;
pub mod auction;
pub mod beijing;
pub mod cache;
pub mod console;
pub mod credits;
pub mod db;
pub mod error;
pub mod events;
pub mod export;
pub mod fills;
pub mod idea_lists;
pub mod ideas;
pub mod mail;
pub mod moderation;
pub mod notifications;
pub mod payments;
pub mod plans;
pub mod profiles;
pub mod share;
pub mod sms;
pub mod stats;

use std::sync::Arc;
use std::time::Duration;

pub use error::{MarketError, MarketResult};

/// Tunable durations, defaulting to the original plan's values.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Absolute lifetime of a session (the original plan's 7 days)...
    pub session_ttl: Duration,
    /// ...which also ends after this long without a request.
    pub session_idle: Duration,
    pub idea_list_ttl: Duration,
    pub sms_code_ttl: Duration,
    pub sms_resend_after: Duration,
    /// Whether cookies carry `Secure` (true behind HTTPS, required in production).
    pub cookie_secure: bool,
    /// The site's address as members reach it, for links in mail (`PUBLIC_URL`).
    pub public_url: String,
    pub auction: auction::AuctionSettings,
    pub plans: plans::PlanSettings,
    pub invites: credits::invites::InviteSettings,
    /// Whether admin powers need a second factor (TOTP) on the session: production.
    pub admin_second_factor: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_ttl: accounts::SESSION_TTL,
            session_idle: accounts::SESSION_IDLE,
            idea_list_ttl: Duration::from_secs(3600),
            sms_code_ttl: Duration::from_secs(5 * 60),
            sms_resend_after: Duration::from_secs(60),
            cookie_secure: false,
            public_url: "http://127.0.0.1:3000".to_owned(),
            auction: auction::AuctionSettings::default(),
            plans: plans::PlanSettings::default(),
            invites: credits::invites::InviteSettings::default(),
            admin_second_factor: false,
        }
    }
}

/// Everything the core needs, built once at start and cloned cheaply into handlers.
#[derive(Clone, Debug)]
pub struct Market {
    pub db: db::Db,
    pub cache: cache::Cache,
    pub events: events::EventBus,
    pub sms: sms::SmsSender,
    pub hasher: accounts::password::Hasher,
    pub providers: Arc<ai::Providers>,
    pub settings: Arc<Settings>,
    /// Idea views not yet written (`ideas::views::flush`).
    pub views: Arc<ideas::views::PendingViews>,
    /// The forbidden words that hold a submitted idea for review.
    pub screening: Arc<moderation::screening::Screening>,
    pub mailer: mail::Mailer,
    /// The credit packages on sale and the provider that takes the money.
    pub payments: Arc<payments::Payments>,
    /// Where attachments are kept (in memory unless [`Market::with_files`] says otherwise).
    pub files: attachments::Files,
    /// Members' sign-ins and page views not yet written (`analytics::activity::flush`).
    pub activity: Arc<analytics::activity::PendingActivity>,
    /// Cache entries being filled, so that a missing one is built once (`fills`).
    pub fills: Arc<fills::Fills>,
}

impl Market {
    pub fn new(
        db: db::Db,
        cache: cache::Cache,
        events: events::EventBus,
        sms: sms::SmsSender,
        settings: Settings,
    ) -> Self {
        let cores = std::thread::available_parallelism().map(usize::from).unwrap_or(2);
        let hasher = accounts::password::Hasher::new(cores);
        Self {
            db,
            cache,
            events,
            sms,
            hasher,
            providers: Arc::default(),
            settings: Arc::new(settings),
            views: Arc::default(),
            screening: Arc::default(),
            mailer: mail::Mailer::default(),
            payments: Arc::default(),
            files: attachments::Files::memory(),
            activity: Arc::default(),
            fills: Arc::default(),
        }
    }

    /// Keeps attachments in this store.
    pub fn with_files(mut self, files: attachments::Files) -> Self {
        self.files = files;
        self
    }

    /// Sends mail (email verification links) this way; the default writes them to the log.
    pub fn with_mailer(mut self, mailer: mail::Mailer) -> Self {
        self.mailer = mailer;
        self
    }

    /// Sells these packages through this provider; the default is the development provider.
    pub fn with_payments(mut self, payments: payments::Payments) -> Self {
        self.payments = Arc::new(payments);
        self
    }

    /// Holds submitted ideas that contain a word of this list for review.
    pub fn with_screening(mut self, screening: moderation::screening::Screening) -> Self {
        self.screening = Arc::new(screening);
        self
    }

    /// Counts a member's sign-in for the analytics (in memory; `analytics::activity::flush`).
    pub fn count_sign_in(&self, user_id: i64) {
        self.activity.add(beijing::date_of(chrono::Utc::now()), user_id, 1, 0);
    }

    /// Counts a page a member opened, as [`Market::count_sign_in`] does.
    pub fn count_page_view(&self, user_id: i64) {
        self.activity.add(beijing::date_of(chrono::Utc::now()), user_id, 0, 1);
    }

    /// Uses these AI providers; agents without one are analysed offline.
    pub fn with_providers(mut self, providers: ai::Providers) -> Self {
        self.providers = Arc::new(providers);
        self
    }
}
