//! Submitting, listing, reading and liking ideas. The list is cached (1 hour, per the original
//! plan) under a generation number that every change to an idea bumps.

use chrono::{DateTime, Utc};
use model::{Category, IdeaDetail, IdeaPage, IdeaQuery, IdeaStatus, IdeaSummary, LikeState, NewIdea, PAGE_SIZE};

pub mod featured;
mod hot;
pub mod of_member;
pub mod status;
pub mod views;
pub mod visibility;

use crate::attachments;
use crate::db::is_unique_violation;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

/// The idea as the agents read it.
#[derive(Debug, Clone, PartialEq)]
pub struct IdeaBrief {
    pub title: String,
    pub description: String,
    pub category: model::Category,
    pub tags: Vec<String>,
}

const EXCERPT_CHARS: usize = 120;

#[derive(sqlx::FromRow)]
struct IdeaRow {
    id: i64,
    title: String,
    description: String,
    category: String,
    status: String,
    ai_score: f64,
    views: i64,
    likes: i64,
    submitted_at: DateTime<Utc>,
    author_id: i64,
    author: String,
    tags: Option<String>,
    hidden: bool,
    hidden_reason: Option<String>,
    /// The object key of its first image.
    cover: Option<String>,
}

/// `description` is cut to the excerpt length in SQL for lists.
const SELECT_IDEA: &str = "SELECT i.id, i.title, {description} AS description, i.category, i.status, \
     CAST(i.ai_score AS DOUBLE) AS ai_score, i.views, i.likes, i.submitted_at, i.author_id, u.username AS author, \
     (SELECT GROUP_CONCAT(t.tag) FROM idea_tags t WHERE t.idea_id = i.id) AS tags, i.hidden, i.hidden_reason, \
     (SELECT a.object_key FROM attachments a WHERE a.idea_id = i.id AND a.kind = 'image' AND a.state = 'ready' \
      ORDER BY a.id LIMIT 1) AS cover \
     FROM ideas i JOIN users u ON u.id = i.author_id";

/// Search matches title, description or an exact tag; `!` escapes LIKE's wildcards in both dialects.
const FILTER: &str = "i.hidden = FALSE AND (? IS NULL OR i.category = ?) \
     AND (? IS NULL OR i.title LIKE ? ESCAPE '!' OR i.description LIKE ? ESCAPE '!' \
          OR EXISTS (SELECT 1 FROM idea_tags t2 WHERE t2.idea_id = i.id AND t2.tag = ?))";

impl IdeaRow {
    fn parts(&self) -> MarketResult<(Category, IdeaStatus, Vec<String>)> {
        let category = Category::parse(&self.category)
            .ok_or_else(|| anyhow::anyhow!("idea {} has unknown category {:?}", self.id, self.category))?;
        let status = IdeaStatus::parse(&self.status)
            .ok_or_else(|| anyhow::anyhow!("idea {} has unknown status {:?}", self.id, self.status))?;
        let mut tags: Vec<String> =
            self.tags.as_deref().unwrap_or("").split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect();
        tags.sort();
        Ok((category, status, tags))
    }

    fn into_summary(self) -> MarketResult<IdeaSummary> {
        let (category, status, tags) = self.parts()?;
        Ok(IdeaSummary {
            id: self.id,
            excerpt: model::excerpt(&self.description, EXCERPT_CHARS),
            title: self.title,
            category,
            tags,
            author: self.author,
            status,
            ai_score: self.ai_score,
            views: self.views,
            likes: self.likes,
            submitted_at: self.submitted_at,
            cover: self.cover.map(|key| model::file_url(&key, true)),
        })
    }

    fn into_detail(self, liked: bool) -> MarketResult<IdeaDetail> {
        let (category, status, tags) = self.parts()?;
        Ok(IdeaDetail {
            id: self.id,
            title: self.title,
            description: self.description,
            category,
            tags,
            author_id: self.author_id,
            author: self.author,
            status,
            ai_score: self.ai_score,
            views: self.views,
            likes: self.likes,
            submitted_at: self.submitted_at,
            liked,
            watching: false,
            hidden_reason: self
                .hidden
                .then(|| self.hidden_reason.unwrap_or_else(|| visibility::UNDER_REVIEW.to_owned())),
            attachments: Vec::new(),
        })
    }
}

/// Stores a new idea (status `pending`) with its tags, in one transaction, within the
/// author's daily limit.
#[tracing::instrument(skip(market, idea))]
pub async fn create(market: &Market, author_id: i64, idea: NewIdea) -> MarketResult<IdeaDetail> {
    let idea = idea.normalized();
    let category = idea.validate().map_err(MarketError::Invalid)?;
    let mut texts = vec![idea.title.as_str(), idea.description.as_str()];
    texts.extend(idea.tags.iter().map(String::as_str));
    // Held ideas wait, hidden, for an admin to show them (`moderation::unhide_idea`).
    let held = market.screening.holds(&texts).then_some(visibility::HELD_FOR_REVIEW);
    let mut tx = market.db.begin().await?;
    crate::credits::levels::check_daily_ideas(&mut tx, author_id).await?;
    let id = execute!(
        tx.exec(),
        "INSERT INTO ideas (title, description, category, author_id, status, submitted_at, hidden, hidden_reason) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
        &idea.title,
        &idea.description,
        category.as_str(),
        author_id,
        Utc::now(),
        held.is_some(),
        held
    )?
    .last_id;
    for tag in &idea.tags {
        match execute!(tx.exec(), "INSERT INTO idea_tags (idea_id, tag) VALUES (?, ?)", id, tag) {
            Ok(_) => {}
            // Two tags that the database's collation holds equal though `normalized` kept both
            // (MySQL's utf8mb4_unicode_ci: "Ä"/"ä", "Ａ"/"A", "é"/"e"): the first one stays.
            Err(e) if is_unique_violation(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    attachments::claim(&mut tx, author_id, id, &idea.attachments).await?;
    tx.commit().await?;
    invalidate_lists(market).await;
    tracing::info!(idea_id = id, held = held.is_some(), "idea submitted");
    fetch_detail(market, id).await?.ok_or(MarketError::NotFound)
}

/// A page of visible ideas, from the cache when it has this exact query (built once however
/// many ask for it at the same moment).
pub async fn list(market: &Market, query: &IdeaQuery) -> MarketResult<IdeaPage> {
    let generation = crate::idea_lists::generation(market).await?;
    let key = format!("ideas:list:{generation}:{}", query.to_query_string());
    market.fills.cached(&market.cache, &key, market.settings.idea_list_ttl, || list_uncached(market, query)).await
}

async fn list_uncached(market: &Market, query: &IdeaQuery) -> MarketResult<IdeaPage> {
    let category = query.category.map(Category::as_str);
    let pattern = query.search.as_deref().map(crate::db::like_pattern);
    let order = hot::order_by(query.sort, market.db.backend() == "mysql", chrono::Utc::now());
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(PAGE_SIZE);
    let sql = format!(
        "{} WHERE {FILTER} ORDER BY {order} LIMIT ? OFFSET ?",
        SELECT_IDEA.replace("{description}", &format!("SUBSTR(i.description, 1, {})", EXCERPT_CHARS + 1))
    );
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        IdeaRow,
        &sql,
        category,
        category,
        pattern.as_deref(),
        pattern.as_deref(),
        pattern.as_deref(),
        query.search.as_deref(),
        i64::from(PAGE_SIZE),
        offset
    )?;
    let total = query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        &format!("SELECT COUNT(*) FROM ideas i WHERE {FILTER}"),
        category,
        category,
        pattern.as_deref(),
        pattern.as_deref(),
        pattern.as_deref(),
        query.search.as_deref()
    )?;
    let items = rows.into_iter().map(IdeaRow::into_summary).collect::<MarketResult<Vec<_>>>()?;
    Ok(IdeaPage { items, total, page: query.page, per_page: PAGE_SIZE })
}

/// The idea, hidden or not: callers decide who may see a hidden one.
async fn fetch_detail(market: &Market, id: i64) -> MarketResult<Option<IdeaDetail>> {
    let sql = format!("{} WHERE i.id = ?", SELECT_IDEA.replace("{description}", "i.description"));
    let Some(row) = query_as!(market.db.exec(), fetch_optional, IdeaRow, &sql, id)? else {
        return Ok(None);
    };
    let mut detail = row.into_detail(false)?;
    detail.attachments = attachments::of_idea(market.db.exec(), id).await?;
    Ok(Some(detail))
}

/// One idea; `count_view` adds a view (page visits do, API reads after an action do not). A
/// hidden idea exists only for its author, who reads why.
pub async fn get(market: &Market, id: i64, viewer: Option<i64>, count_view: bool) -> MarketResult<IdeaDetail> {
    let mut detail = fetch_detail(market, id)
        .await?
        .filter(|d| d.hidden_reason.is_none() || viewer == Some(d.author_id))
        .ok_or(MarketError::NotFound)?;
    // Counted in memory, written by `views::flush`; the reader sees their own view at once.
    detail.views += if count_view { market.views.add(id) } else { market.views.of(id) };
    if let Some(user_id) = viewer {
        detail.liked = query_scalar!(
            market.db.exec(),
            fetch_optional,
            i64,
            "SELECT 1 FROM idea_likes WHERE idea_id = ? AND user_id = ?",
            id,
            user_id
        )?
        .is_some();
        detail.watching = crate::notifications::watches::is_watching(market, user_id, id).await?;
    }
    Ok(detail)
}

/// Likes (`true`) or unlikes an idea; repeating either is harmless. One like per user.
#[tracing::instrument(skip(market))]
pub async fn set_like(market: &Market, user_id: i64, idea_id: i64, like: bool) -> MarketResult<LikeState> {
    let mut tx = market.db.begin().await?;
    let exists =
        query_scalar!(tx.exec(), fetch_optional, i64, "SELECT 1 FROM ideas WHERE id = ? AND hidden = FALSE", idea_id)?;
    if exists.is_none() {
        return Err(MarketError::NotFound);
    }
    let changed = if like {
        match execute!(
            tx.exec(),
            "INSERT INTO idea_likes (idea_id, user_id, created_at) VALUES (?, ?, ?)",
            idea_id,
            user_id,
            Utc::now()
        ) {
            Ok(_) => true,
            Err(e) if is_unique_violation(&e) => false,
            Err(e) => return Err(e.into()),
        }
    } else {
        execute!(tx.exec(), "DELETE FROM idea_likes WHERE idea_id = ? AND user_id = ?", idea_id, user_id)?.rows == 1
    };
    if changed {
        let delta: i64 = if like { 1 } else { -1 };
        execute!(tx.exec(), "UPDATE ideas SET likes = likes + ? WHERE id = ?", delta, idea_id)?;
    }
    let likes = query_scalar!(tx.exec(), fetch_one, i64, "SELECT likes FROM ideas WHERE id = ?", idea_id)?;
    tx.commit().await?;
    if changed {
        invalidate_lists(market).await;
    }
    Ok(LikeState { liked: like, likes })
}

pub(crate) use crate::idea_lists::invalidate as invalidate_lists;

#[derive(sqlx::FromRow)]
struct BriefRow {
    title: String,
    description: String,
    category: String,
    tags: Option<String>,
    author_id: i64,
}

/// The idea as the agents read it, and its author.
pub async fn brief(market: &Market, id: i64) -> MarketResult<(IdeaBrief, i64)> {
    let row = query_as!(
        market.db.exec(),
        fetch_optional,
        BriefRow,
        "SELECT title, description, category, (SELECT GROUP_CONCAT(t.tag) FROM idea_tags t WHERE t.idea_id = ideas.id) AS tags, author_id FROM ideas WHERE id = ?",
        id
    )?
    .ok_or(MarketError::NotFound)?;
    let brief = IdeaBrief {
        title: row.title,
        category: Category::parse(&row.category).ok_or_else(|| anyhow::anyhow!("idea {id}: bad category"))?,
        description: row.description,
        tags: row.tags.unwrap_or_default().split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
    };
    Ok((brief, row.author_id))
}
