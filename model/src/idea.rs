use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::{self, Errors};
use crate::{FieldMsg, Msg};

pub const SEARCH_MAX: usize = 100;
pub const PAGE_SIZE: u32 = 12;

/// The six idea categories of the original plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Tech,
    Lifestyle,
    Education,
    Health,
    Finance,
    Entertainment,
}

impl Category {
    pub const ALL: [Category; 6] =
        [Self::Tech, Self::Lifestyle, Self::Education, Self::Health, Self::Finance, Self::Entertainment];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tech => "tech",
            Self::Lifestyle => "lifestyle",
            Self::Education => "education",
            Self::Health => "health",
            Self::Finance => "finance",
            Self::Entertainment => "entertainment",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Tech => "科技",
            Self::Lifestyle => "生活",
            Self::Education => "教育",
            Self::Health => "健康",
            Self::Finance => "金融",
            Self::Entertainment => "娱乐",
        }
    }
}

/// Where an idea is in its life: analysed, then auctioned, then done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum IdeaStatus {
    Pending,
    Bidding,
    Completed,
}

impl IdeaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Bidding => "bidding",
            Self::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "bidding" => Some(Self::Bidding),
            "completed" => Some(Self::Completed),
            _ => None,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Pending => "分析中",
            Self::Bidding => "竞价中",
            Self::Completed => "已成交",
        }
    }
}

/// `POST /api/ideas`, exactly the original plan's body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewIdea {
    /// 4–200 characters once trimmed, one line, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 4, max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")
    )]
    pub title: String,
    /// 20–5000 characters once trimmed, no control characters but line breaks and tabs.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 20,
            max_length = 5000,
            pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
        )
    )]
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Category))]
    pub category: String,
    /// At most 5 tags of 1–20 characters without commas or control characters (trimmed, a
    /// leading `#` dropped; repeats are merged, empty ones dropped).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub tags: Vec<String>,
    /// Ids of files the author uploaded beforehand (`POST /api/attachments` without an idea),
    /// to attach to this idea.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 6))]
    pub attachments: Vec<i64>,
}

impl NewIdea {
    /// Trims the text fields and drops empty and repeated tags.
    pub fn normalized(mut self) -> Self {
        self.title = self.title.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.category = self.category.trim().to_owned();
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags.iter().map(|t| t.trim().trim_start_matches('#').trim()) {
            if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                tags.push(tag.to_owned());
            }
        }
        self.tags = tags;
        self
    }

    /// The same checks run in the form as the user types and on the server.
    pub fn validate(&self) -> Result<Category, Vec<FieldMsg>> {
        let mut e = Errors::default();
        e.check("title", validate::title(&self.title));
        e.check("description", validate::description(&self.description));
        let category = Category::parse(&self.category);
        if category.is_none() {
            e.push("category", choose_category());
        }
        e.check("tags", validate::tags(&self.tags));
        e.finish()?;
        category.ok_or_else(|| vec![FieldMsg::new("category", choose_category())])
    }
}

fn choose_category() -> Msg {
    Msg::new("请选择一个分类", "Please choose a category")
}

/// Splits a tag line as typed in the form ("AI, IoT 智能家居") into tags.
pub fn split_tags(line: &str) -> Vec<String> {
    line.split([',', '，', ' ', '、', ';', '；']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// How the idea list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Newest,
    /// By the hot score: views, likes and bids, decaying with age (`market::ideas::hot`).
    Hottest,
    /// By the agents' consensus score, highest first.
    Score,
    /// Open auctions first, the soonest to close first; then the rest, newest first.
    Closing,
}

impl Sort {
    pub const ALL: [Self; 4] = [Self::Newest, Self::Hottest, Self::Score, Self::Closing];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Hottest => "hottest",
            Self::Score => "score",
            Self::Closing => "closing",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Newest => "最新",
            Self::Hottest => "最热",
            Self::Score => "评分最高",
            Self::Closing => "即将截止",
        }
    }
}

/// A validated `GET /api/ideas` query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdeaQuery {
    pub category: Option<Category>,
    pub search: Option<String>,
    pub sort: Sort,
    /// 1-based.
    pub page: u32,
}

impl IdeaQuery {
    /// Builds a query from raw parameters, rejecting what cannot be meant.
    pub fn parse(
        category: Option<&str>,
        search: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
    ) -> Result<Self, Vec<FieldMsg>> {
        let mut e = Errors::default();
        let category = match category.map(str::trim).filter(|c| !c.is_empty() && *c != "all") {
            None => None,
            Some(c) => {
                let parsed = Category::parse(c);
                if parsed.is_none() {
                    e.push("category", Msg::new("没有这个分类", "There is no such category"));
                }
                parsed
            }
        };
        let search = search.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        if search.as_ref().is_some_and(|s| s.chars().count() > SEARCH_MAX) {
            e.push(
                "search",
                Msg::new(
                    format!("搜索词最多 {SEARCH_MAX} 个字"),
                    format!("Searches are at most {SEARCH_MAX} characters long"),
                ),
            );
        }
        let sort = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => Sort::default(),
            Some(s) => Sort::parse(s).unwrap_or_else(|| {
                e.push(
                    "sort",
                    Msg::new(
                        "排序只能是 newest、hottest、score 或 closing",
                        "The sort is one of newest, hottest, score or closing",
                    ),
                );
                Sort::default()
            }),
        };
        let page = match page.map(str::trim).filter(|p| !p.is_empty()) {
            None => 1,
            Some(p) => match p.parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => n,
                _ => {
                    e.push(
                        "page",
                        Msg::new("页码应为 1 到 10000 之间的整数", "The page is a whole number from 1 to 10000"),
                    );
                    1
                }
            },
        };
        e.finish()?;
        Ok(Self { category, search, sort, page })
    }

    /// The query string that reproduces this query (for links and cache keys).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.category {
            parts.push(format!("category={}", c.as_str()));
        }
        if let Some(s) = &self.search {
            parts.push(format!("search={}", crate::url::percent_encode(s)));
        }
        if self.sort != Sort::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// One idea in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaSummary {
    pub id: i64,
    pub title: String,
    /// The first part of the description.
    pub excerpt: String,
    pub category: Category,
    pub tags: Vec<String>,
    pub author: String,
    pub status: IdeaStatus,
    pub ai_score: f64,
    pub views: i64,
    pub likes: i64,
    pub submitted_at: DateTime<Utc>,
    /// The thumbnail of its first image, shown as the card's cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
}

/// A page of the idea list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaPage {
    pub items: Vec<IdeaSummary>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl IdeaPage {
    pub fn pages(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per).unwrap_or(u32::MAX).max(1)
    }
}

/// `GET /api/ideas/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaDetail {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub tags: Vec<String>,
    pub author_id: i64,
    pub author: String,
    pub status: IdeaStatus,
    pub ai_score: f64,
    pub views: i64,
    pub likes: i64,
    pub submitted_at: DateTime<Utc>,
    /// Whether the signed-in viewer likes it (false for visitors).
    pub liked: bool,
    /// Whether the signed-in viewer watches its auction (false for visitors).
    #[serde(default)]
    pub watching: bool,
    /// Only for its author, and only while it is hidden: why (an admin's reason, or the screening
    /// that holds it for review). To everyone else a hidden idea does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// Its files, in the order they were added.
    #[serde(default)]
    pub attachments: Vec<crate::Attachment>,
}

/// Answer to like/unlike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LikeState {
    pub liked: bool,
    pub likes: i64,
}

/// The first `max` characters of a text, on a character boundary, with an ellipsis if cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}
