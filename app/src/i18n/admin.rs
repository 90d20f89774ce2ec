//! The strings of the admin console: one part per page (or group of pages), each with its value
//! per language in `admin/<part>.rs`.

mod analytics;
mod audit;
mod console;
mod ideas;
mod members;
mod reports;
mod second_factor;

pub use analytics::AnalyticsText;
pub use audit::AuditText;
pub use console::ConsoleText;
pub use ideas::IdeasText;
pub use members::MembersText;
pub use reports::ReportsText;
pub use second_factor::SecondFactorText;

/// The admin console's strings.
pub struct AdminText {
    pub console: ConsoleText,
    pub reports: ReportsText,
    pub ideas: IdeasText,
    pub members: MembersText,
    pub audit: AuditText,
    pub analytics: AnalyticsText,
    pub second_factor: SecondFactorText,
}

pub const ZH: AdminText = AdminText {
    console: console::ZH,
    reports: reports::ZH,
    ideas: ideas::ZH,
    members: members::ZH,
    audit: audit::ZH,
    analytics: analytics::ZH,
    second_factor: second_factor::ZH,
};

pub const EN: AdminText = AdminText {
    console: console::EN,
    reports: reports::EN,
    ideas: ideas::EN,
    members: members::EN,
    audit: audit::EN,
    analytics: analytics::EN,
    second_factor: second_factor::EN,
};
