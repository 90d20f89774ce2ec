//! The parameters that several operations share, as the description shows them. The handlers read
//! them through their own extractors (`IdPath`, a query map); these types only describe them.
#![allow(dead_code)]

use utoipa::IntoParams;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Id {
    /// A positive id; anything else is 404.
    #[param(minimum = 1)]
    id: i64,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Upload {
    /// The file's name on your machine, only to show (folders are dropped).
    #[param(max_length = 255)]
    name: Option<String>,
    /// Your idea to put the file on (it must still be `pending`); without it, a draft.
    #[param(minimum = 1)]
    idea: Option<i64>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Before {
    /// The `nextBefore` of the previous page: notifications older than this id.
    #[param(minimum = 1)]
    before: Option<i64>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Share {
    /// The plan's share token, for readers other than its owner.
    share: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdeaList {
    /// One category; `all` (or empty) means every category.
    #[param(schema_with = category_filter)]
    category: Option<String>,
    /// Matches the title, the description or an exact tag; at most 100 characters once trimmed.
    #[param(max_length = 100)]
    search: Option<String>,
    #[param(inline, value_type = Option<model::Sort>)]
    sort: Option<String>,
    /// 1-based.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryPage {
    /// 1-based; clamped to 1–1000000, and anything but a number is page 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
}

fn category_filter() -> Schema {
    let values = std::iter::once("all").chain(model::Category::ALL.map(model::Category::as_str));
    Schema::Object(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build())
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQueue {
    /// Which reports: `open` (the default), `upheld` or `dismissed`.
    #[param(inline, value_type = Option<model::ReportStatus>)]
    status: Option<String>,
    /// 1-based; 50 a page.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<i64>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayRange {
    /// The first day, `2026-12-01` (Beijing time); 29 days before `to` when left out.
    #[param(format = Date)]
    from: Option<String>,
    /// The last day; today when left out.
    #[param(format = Date)]
    to: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this admin's actions (a username).
    #[param(max_length = 32)]
    admin: Option<String>,
    /// Only this action.
    #[param(inline, value_type = Option<model::AuditAction>)]
    action: Option<String>,
    /// Only actions on this: `user:12`, `idea:3`, `report:7` or `order:5`.
    #[param(pattern = "^(user|idea|report|order):[0-9]{1,18}$")]
    target: Option<String>,
    /// 1-based; 50 a page.
    #[param(minimum = 1, maximum = 100000)]
    page: Option<i64>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberSearch {
    /// Part of a username, email or phone; up to 100 characters.
    #[param(max_length = 100)]
    q: Option<String>,
}
