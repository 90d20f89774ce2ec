//! The sitemap's addresses: every published idea (by id), then the page of every author with a
//! published idea (by member id), cut into files of a given size.

use chrono::{DateTime, Utc};

use crate::error::MarketResult;
use crate::{Market, query_as, query_scalar};

/// Addresses per sitemap file: with the home page on the first, 50,000, the protocol's limit.
pub const SITEMAP_URLS: i64 = 49_999;

/// One address: a path on the site and when what it shows last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    pub path: String,
    pub changed: DateTime<Utc>,
}

/// Authors listed: members in good standing with a published idea.
const AUTHORS: &str = "FROM users u JOIN ideas i ON i.author_id = u.id AND i.hidden = FALSE \
     WHERE u.role IN ('user', 'admin') AND u.closed_at IS NULL";

async fn idea_count(market: &Market) -> MarketResult<i64> {
    Ok(query_scalar!(market.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM ideas WHERE hidden = FALSE")?)
}

/// How many files of `per_file` addresses the ideas and authors fill (at least one, for the home page).
pub async fn sitemap_files(market: &Market, per_file: i64) -> MarketResult<i64> {
    let authors = query_scalar!(market.db.exec(), fetch_one, i64, &format!("SELECT COUNT(DISTINCT u.id) {AUTHORS}"))?;
    let urls = idea_count(market).await? + authors;
    Ok(((urls + per_file - 1) / per_file).max(1))
}

/// The addresses of sitemap file `file` (from 1): the ideas, then the authors, in that order
/// across the files.
pub async fn sitemap_urls(market: &Market, file: i64, per_file: i64) -> MarketResult<Vec<SitemapUrl>> {
    let start = (file.max(1) - 1) * per_file;
    let ideas: Vec<(i64, DateTime<Utc>)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, DateTime<Utc>),
        "SELECT id, submitted_at FROM ideas WHERE hidden = FALSE ORDER BY id LIMIT ? OFFSET ?",
        per_file,
        start
    )?;
    let mut urls: Vec<SitemapUrl> =
        ideas.into_iter().map(|(id, changed)| SitemapUrl { path: format!("/ideas/{id}"), changed }).collect();
    let room = per_file - urls.len() as i64;
    if room > 0 {
        let skip = (start - idea_count(market).await?).max(0);
        let authors: Vec<(String, DateTime<Utc>)> = query_as!(
            market.db.exec(),
            fetch_all,
            (String, DateTime<Utc>),
            &format!(
                "SELECT u.username, MAX(i.submitted_at) {AUTHORS} GROUP BY u.id, u.username ORDER BY u.id LIMIT ? OFFSET ?"
            ),
            room,
            skip
        )?;
        urls.extend(authors.into_iter().map(|(name, changed)| SitemapUrl { path: model::author_path(&name), changed }));
    }
    Ok(urls)
}
