//! Consent to the 用户协议 and 隐私政策: which version a member accepted, and when. Registration
//! records it when given; a member on an older version (or none) accepts here.

use chrono::Utc;
use model::{Me, TERMS_VERSION};

use crate::error::MarketResult;
use crate::{Market, execute};

/// Records that the member accepts the terms in force, now.
#[tracing::instrument(skip(market))]
pub async fn accept_terms(market: &Market, user_id: i64) -> MarketResult<Me> {
    execute!(
        market.db.exec(),
        "UPDATE users SET terms_version = ?, terms_accepted_at = ? WHERE id = ?",
        TERMS_VERSION,
        Utc::now(),
        user_id
    )?;
    tracing::info!(version = TERMS_VERSION, "terms accepted");
    super::me(market, user_id).await
}
