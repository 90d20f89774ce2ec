//! The built-in offline analyst for business plans: deterministic, explainable heuristics over the
//! idea's words, category and tags. Every figure states the chain it comes from and every claim
//! quotes the words that triggered it, so a reader can check the reasoning.

mod finance;
mod legal;
mod market;
mod parse;
mod profiles;
mod tech;
#[cfg(test)]
mod tests;

use model::{Category, PlanContent, Stage};

use self::profiles::Trait::{self, *};
use self::profiles::{Profile, TRAIT_WORDS, USER_WORDS, profile};
use super::content::{ITEM_MAX, PROSE_MAX, StageContent};
use crate::ideas::IdeaBrief;

/// Writes `stage` of the plan for `idea`, the same every time for the same input.
pub fn write(stage: Stage, idea: &IdeaBrief, earlier: &PlanContent, detailed: bool) -> StageContent {
    let r = Reading::new(idea, detailed);
    match stage {
        Stage::Parse => StageContent::Parse(r.parse()),
        Stage::Tech => StageContent::Tech(r.tech()),
        Stage::Market => StageContent::Market(r.market()),
        Stage::Legal => StageContent::Legal(r.legal()),
        Stage::Finance => StageContent::Finance(r.finance(earlier)),
    }
}

/// One customer model: who pays, how many there are, and at what price.
struct Customers {
    population: i64,
    basis: &'static str,
    price: i64,
    variable: i64,
}

/// The idea as the offline analyst reads it: cleaned quotes and the traits its words show.
struct Reading<'a> {
    idea: &'a IdeaBrief,
    detailed: bool,
    title: String,
    tags: Vec<String>,
    /// The description's first sentence, or empty.
    sentence: String,
    chars: usize,
    hits: Vec<Vec<&'static str>>,
    profile: &'static Profile,
}

impl<'a> Reading<'a> {
    fn new(idea: &'a IdeaBrief, detailed: bool) -> Self {
        let text = format!("{} {} {}", idea.title, idea.description, idea.tags.join(" ")).to_lowercase();
        let hits =
            TRAIT_WORDS.iter().map(|words| words.iter().copied().filter(|w| text.contains(w)).collect()).collect();
        let title = clip(&clean(&idea.title), 24);
        let mut tags: Vec<String> = Vec::new();
        for tag in idea.tags.iter().map(|t| clip(&clean(t), 12)) {
            if !tag.is_empty() && !tags.contains(&tag) && tags.len() < 5 {
                tags.push(tag);
            }
        }
        let description = clean(&idea.description);
        let sentence = description
            .split(['。', '！', '？', '!', '?', '；', ';'])
            .map(str::trim)
            .find(|s| !s.is_empty())
            .map(|s| clip(s, 60))
            .unwrap_or_default();
        Self {
            idea,
            detailed,
            title: if title.is_empty() { "这个创意".into() } else { title },
            tags,
            sentence,
            chars: idea.description.chars().count(),
            hits,
            profile: profile(idea.category),
        }
    }

    fn has(&self, t: Trait) -> bool {
        !self.hits[t as usize].is_empty()
    }

    /// The words that showed a trait, quoted.
    fn quoted(&self, t: Trait) -> String {
        let shown = |w: &str| if w.is_ascii() { w.to_uppercase() } else { w.to_owned() };
        self.hits[t as usize].iter().take(3).map(|w| format!("“{}”", shown(w))).collect::<Vec<_>>().join("、")
    }

    fn count(&self, standard: usize, detailed: usize) -> usize {
        if self.detailed { detailed } else { standard }
    }

    fn regulated(&self) -> bool {
        self.has(Medical) || self.has(Money) || matches!(self.idea.category, Category::Health | Category::Finance)
    }

    fn tag_line(&self) -> Option<String> {
        (!self.tags.is_empty()).then(|| self.tags.iter().take(3).map(|t| format!("「{t}」")).collect::<String>())
    }

    /// Named users first (with the word that named them), then the category's usual ones.
    fn users(&self) -> Vec<(String, Option<&'static str>)> {
        let text = format!("{} {}", self.idea.title, self.idea.description);
        let mut users: Vec<(String, Option<&'static str>)> = Vec::new();
        for (word, label) in USER_WORDS {
            if text.contains(word) && !users.iter().any(|(u, _)| u == label) {
                users.push((label.to_owned(), Some(word)));
            }
        }
        for label in self.profile.users {
            if !users.iter().any(|(u, _)| u == label) {
                users.push((label.to_owned(), None));
            }
        }
        users
    }

    fn main_user(&self) -> String {
        self.users().into_iter().next().map(|(u, _)| u).unwrap_or_else(|| "目标用户".into())
    }

    fn customers(&self) -> Customers {
        let p = self.profile;
        let mut c =
            Customers { population: p.population, basis: p.population_basis, price: p.price, variable: p.variable };
        if self.has(Business) {
            c = Customers {
                population: 10_000_000,
                basis: "全国约 5000 万家企业中，约 1000 万家有采购数字化工具的预算",
                price: 300,
                variable: 40,
            };
        }
        if self.has(Hardware) {
            // The device is sold at cost and paid off over 24 months of service.
            c.price += 40;
            c.variable += 25;
        }
        if self.has(Ai) {
            c.variable += 3;
        }
        c
    }

    fn channel(&self) -> &'static str {
        if self.has(Business) {
            "行业社群、渠道代理与直销"
        } else if self.has(MiniProgram) {
            "微信生态（社群、公众号、朋友圈裂变）"
        } else if self.has(Content) {
            "抖音、小红书、B 站的内容运营"
        } else {
            "小红书、抖音与垂直社群"
        }
    }
}

/// Collapses whitespace and drops control characters.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").chars().filter(|c| !c.is_control()).collect()
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max.saturating_sub(1)).chain(['…']).collect() }
}

fn item(s: String) -> String {
    clip(&s, ITEM_MAX)
}

fn prose(s: String) -> String {
    clip(&s, PROSE_MAX)
}

fn flag(on: bool) -> f64 {
    if on { 1.0 } else { 0.0 }
}

fn tenth(score: f64) -> f64 {
    (score.clamp(0.0, 10.0) * 10.0).round() / 10.0
}

/// Yuan in the units a reader expects: 元, 万元, 亿元, 万亿元.
fn money(yuan: i64) -> String {
    let y = yuan as f64;
    match yuan {
        n if n >= 1_000_000_000_000 => format!("{} 万亿元", decimal(y / 1e12)),
        n if n >= 100_000_000 => format!("{} 亿元", decimal(y / 1e8)),
        n if n >= 10_000 => format!("{:.0} 万元", y / 1e4),
        n => format!("{n} 元"),
    }
}

/// A head count: 3亿, 1200万, 850.
fn people(n: i64) -> String {
    match n {
        n if n >= 100_000_000 => format!("{}亿", decimal(n as f64 / 1e8)),
        n if n >= 10_000 => format!("{:.0}万", n as f64 / 1e4),
        n => n.to_string(),
    }
}

/// One decimal, without a trailing `.0`.
fn decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map_or_else(|| s.clone(), str::to_owned)
}
