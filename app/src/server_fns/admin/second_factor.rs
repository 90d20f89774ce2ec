use leptos::prelude::*;
use model::{SecondFactorSetup, SecondFactorState};

use crate::error::AppError;

/// Where the signed-in admin stands with the second factor, and (not set up yet) the secret and
/// QR code to set it up; `None` for a visitor.
#[server]
pub async fn second_factor() -> Result<Option<(SecondFactorState, Option<SecondFactorSetup>)>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let market = market()?;
    let state = market::accounts::second_factor::state(&market, &viewer).await?;
    let setup = match state.enrolled {
        true => None,
        false => Some(market::accounts::second_factor::setup(&market, &viewer).await?),
    };
    Ok(Some((state, setup)))
}
