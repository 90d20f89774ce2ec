mod audit_log;
mod decide_report;
mod member_orders;
mod refund_order;
mod report_queue;

pub use audit_log::*;
pub use decide_report::*;
pub use member_orders::*;
pub use refund_order::*;
pub use report_queue::*;
