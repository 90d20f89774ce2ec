use leptos::prelude::*;

use crate::error::AppError;

/// Checks a code from the admin's authenticator app; from then on this session has admin powers.
#[server]
pub async fn verify_second_factor(code: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    market::accounts::second_factor::verify(&market()?, &viewer, &code).await?;
    Ok(())
}
