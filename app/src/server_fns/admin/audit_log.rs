use leptos::prelude::*;
use model::{AuditAction, AuditEntry};

use crate::error::AppError;

/// One page of the audit log, narrowed to one admin and one action when given (admins only;
/// `None` for a visitor).
#[server]
pub async fn audit_log(
    admin: Option<String>,
    action: Option<AuditAction>,
    page: i64,
) -> Result<Option<Vec<AuditEntry>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let filter =
        market::accounts::audit::Filter { admin: admin.filter(|a| !a.trim().is_empty()), action, target: None };
    Ok(Some(market::accounts::audit::list(&market()?, &viewer, &filter, page).await?))
}
