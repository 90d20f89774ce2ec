//! The yardstick for the server's own pages (bench/RESULTS.md): a bare axum + sqlx handler that
//! serves the rows of the home page's list (newest ideas, twelve a page, with author, tags and
//! the total) as plain HTML, straight from MariaDB: no cache, no template, no middleware, no
//! rate limit. `bench/load.sh` runs it beside the server on the same database, so the two are
//! measured in one run.
//!
//!   bare <database-url> <port>        GET /?page=N  (N from 1)

use anyhow::Context;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::get;
use model::PAGE_SIZE;
use model::html::escape_text;
use sqlx::MySqlPool;
use sqlx::mysql::MySqlPoolOptions;

/// The same columns and filter as `market::ideas::list` for the newest sort, without search.
const LIST: &str = "SELECT i.id, i.title, SUBSTR(i.description, 1, 121) AS description, i.category, i.status, \
     CAST(i.ai_score AS DOUBLE) AS ai_score, i.views, i.likes, u.username, \
     (SELECT GROUP_CONCAT(t.tag) FROM idea_tags t WHERE t.idea_id = i.id) AS tags \
     FROM ideas i JOIN users u ON u.id = i.author_id WHERE i.hidden = FALSE \
     ORDER BY i.submitted_at DESC, i.id DESC LIMIT ? OFFSET ?";

type Row = (i64, String, String, String, String, f64, i64, i64, String, Option<String>);

fn page_of(query: Option<&str>) -> u32 {
    query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("page=")?.parse().ok())
        .unwrap_or(1u32)
        .max(1)
}

async fn home(State(pool): State<MySqlPool>, RawQuery(query): RawQuery) -> Result<Html<String>, StatusCode> {
    let offset = i64::from(page_of(query.as_deref()) - 1) * i64::from(PAGE_SIZE);
    let failed = |e: sqlx::Error| {
        eprintln!("query failed: {e}");
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let rows: Vec<Row> =
        sqlx::query_as(LIST).bind(i64::from(PAGE_SIZE)).bind(offset).fetch_all(&pool).await.map_err(failed)?;
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ideas WHERE hidden = FALSE").fetch_one(&pool).await.map_err(failed)?;
    let mut html = format!("<!DOCTYPE html><html lang=\"zh-CN\"><title>ideas</title><p>{total} ideas</p><ul>");
    for (id, title, description, category, status, score, views, likes, author, tags) in rows {
        html.push_str(&format!(
            "<li><a href=\"/ideas/{id}\">{}</a> <span>{category} {status} {score:.1} {views} {likes}</span> \
             <span>{}</span> <span>{}</span><p>{}</p></li>",
            escape_text(&title),
            escape_text(&author),
            escape_text(tags.as_deref().unwrap_or("")),
            escape_text(&description),
        ));
    }
    html.push_str("</ul></html>");
    Ok(Html(html))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(port)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: bare <database-url> <port>");
    };
    // As many connections as the server's default pool (DATABASE_MAX_CONNECTIONS).
    let pool = MySqlPoolOptions::new()
        .max_connections(20)
        .connect(&url)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port.parse::<u16>()?)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, Router::new().route("/", get(home)).with_state(pool)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::page_of;

    #[test]
    fn the_page_comes_from_the_query() {
        assert_eq!(page_of(None), 1);
        assert_eq!(page_of(Some("page=3")), 3);
        assert_eq!(page_of(Some("sort=newest&page=2")), 2);
        assert_eq!(page_of(Some("page=0")), 1);
        assert_eq!(page_of(Some("page=x")), 1);
    }
}
