//! The generation number of the cached idea lists: every change that a list shows (a new idea,
//! a status, a hidden idea, a cover image) bumps it, so every cached page is missed from then on.

use crate::Market;
use crate::error::MarketResult;

const GENERATION_KEY: &str = "ideas:generation";

/// The current generation, part of every cached page's key.
pub(crate) async fn generation(market: &Market) -> MarketResult<String> {
    Ok(market.cache.get(GENERATION_KEY).await?.unwrap_or_default())
}

/// Bumps the generation (old pages expire on their own).
pub async fn invalidate(market: &Market) {
    if let Err(e) = market.cache.incr(GENERATION_KEY).await {
        // The change is committed; a stale list for at most an hour is the worst case.
        tracing::warn!(error = %e, "could not invalidate the idea list cache");
    }
}
