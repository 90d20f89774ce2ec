mod adjust_member_credits;
mod audit_log;
mod decide_report;
mod get_member;
mod member_orders;
mod refund_order;
mod report_queue;
mod search_members;
mod set_member_banned;

pub use adjust_member_credits::*;
pub use audit_log::*;
pub use decide_report::*;
pub use get_member::*;
pub use member_orders::*;
pub use refund_order::*;
pub use report_queue::*;
pub use search_members::*;
pub use set_member_banned::*;
