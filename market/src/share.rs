//! What sharing needs on the server: QR codes (for WeChat, which opens links from a scan, and
//! for authenticator apps) drawn as SVG, an idea's share card, and the sitemap.

pub mod card;
pub mod sitemap;

use base64::Engine;

use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as, query_scalar};

/// A QR code of `text` as an SVG document, at least `side` pixels wide.
pub fn qr_svg(text: &str, side: u32) -> MarketResult<String> {
    Ok(qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| MarketError::Internal(anyhow::anyhow!("the QR code: {e}")))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(side, side)
        .build())
}

/// A QR code of `text` as a `data:image/svg+xml;base64,…` address, at least `side` pixels wide.
pub fn qr_data_url(text: &str, side: u32) -> MarketResult<String> {
    Ok(format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(qr_svg(text, side)?)))
}

/// The share card of a visible idea (none for a hidden or missing one), leading to `url`.
pub async fn idea_card(market: &Market, id: i64, url: String) -> MarketResult<Option<Vec<u8>>> {
    let Some(score) = query_scalar!(
        market.db.exec(),
        fetch_optional,
        Option<f64>,
        "SELECT CASE WHEN status = 'pending' THEN NULL ELSE CAST(ai_score AS DOUBLE) END FROM ideas WHERE id = ? AND hidden = FALSE",
        id
    )?
    else {
        return Ok(None);
    };
    let scores: Vec<(String, f64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (String, f64),
        "SELECT ai_agent, CAST(score AS DOUBLE) FROM ai_analyses WHERE idea_id = ?",
        id
    )?;
    let agents = model::Agent::ALL.map(|agent| scores.iter().find(|(a, _)| a == agent.key()).map(|(_, s)| *s));
    let card = card::Card { score, agents, url };
    // Drawing and encoding take a few milliseconds of CPU: off the async threads.
    let png = tokio::task::spawn_blocking(move || card::draw(&card))
        .await
        .map_err(|e| MarketError::Internal(e.into()))?
        .map_err(|e| MarketError::Internal(e.into()))?;
    Ok(Some(png))
}
