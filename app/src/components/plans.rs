mod finance_chart;
mod finance_section;
mod generate_plan;
mod idea_plan_list;
mod legal_section;
mod market_section;
mod parse_section;
mod plan_actions;
mod plan_header;
mod plan_live;
mod plan_progress;
mod plan_sections;
mod stage_card;
mod tech_section;

pub use finance_chart::*;
pub use finance_section::*;
pub use generate_plan::*;
pub use idea_plan_list::*;
pub use legal_section::*;
pub use market_section::*;
pub use parse_section::*;
pub use plan_actions::*;
pub use plan_header::*;
pub use plan_live::*;
pub use plan_progress::*;
pub use plan_sections::*;
pub use stage_card::*;
pub use tech_section::*;

use model::PlanStatus;

use crate::format::query_value;

/// Badge colours of a plan's status.
pub fn plan_status_class(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Generating => "bg-indigo-50 text-indigo-700",
        PlanStatus::Completed => "bg-emerald-100 text-emerald-800",
        PlanStatus::Failed => "bg-rose-100 text-rose-800",
    }
}

/// The plan page's address, with the share token when the reader came through a shared link.
pub fn plan_href(id: i64, share: Option<&str>) -> String {
    model::url::LocalPath::plan(id, share).into()
}

/// `path`, with `?share=` added when the reader came through a shared link.
pub fn with_share(path: String, share: Option<&str>) -> String {
    match share {
        Some(token) => format!("{path}?share={}", query_value(token)),
        None => path,
    }
}
