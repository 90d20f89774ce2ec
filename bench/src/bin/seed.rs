//! Seeds a database for the load benchmark: N users (all with the password `bench-password-2026`,
//! each credited the signup bonus through the ledger's two sides), M ideas spread over the six
//! categories and the last 30 days with tags, statuses, scores, views and likes (up to five
//! users each), and K recorded activity events (sign-ins and page views of random members on
//! random days of the last 90, summed per member and day as the server records them).
//! Idempotent: a database that already holds the users (or activity) is left as it is. See
//! bench/RESULTS.md.
//!
//!   cargo run --release -p bench --bin seed -- <database-url> [users] [ideas] [events]

use anyhow::{Context, bail};
use market::db::Db;
use market::{execute, query_scalar};

const PASSWORD: &str = "bench-password-2026";
const TOPICS: [&str; 12] = [
    "智能家居",
    "社区团购",
    "在线教育",
    "健康管理",
    "二手交易",
    "宠物服务",
    "旅行规划",
    "本地生活",
    "职业培训",
    "养老陪护",
    "知识付费",
    "共享办公",
];
const CATEGORIES: [&str; 6] = ["tech", "lifestyle", "education", "health", "finance", "entertainment"];
const STATUSES: [&str; 3] = ["pending", "bidding", "completed"];

/// A small deterministic generator, so that every run seeds the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Runs `INSERT … VALUES` for `rows` in batches of `batch`, each row given as its SQL tuple.
async fn insert_batches(db: &Db, head: &str, rows: impl Iterator<Item = String>, batch: usize) -> anyhow::Result<()> {
    let rows: Vec<String> = rows.collect();
    for chunk in rows.chunks(batch) {
        let sql = format!("{head} VALUES {}", chunk.join(","));
        execute!(db.exec(), &sql).with_context(|| format!("{head} …"))?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let Some(url) = args.get(1) else { bail!("usage: seed <database-url> [users] [ideas] [events]") };
    let users: i64 = args.get(2).map_or(Ok(5_000), |n| n.parse()).context("users")?;
    let ideas: i64 = args.get(3).map_or(Ok(20_000), |n| n.parse()).context("ideas")?;
    let events: i64 = args.get(4).map_or(Ok(0), |n| n.parse()).context("events")?;
    let db = Db::connect(url, 4).await?;
    let existing = query_scalar!(db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM users WHERE username LIKE 'bench%'")?;
    if existing >= users {
        println!("seed: {existing} bench users already there");
    } else {
        seed_users_and_ideas(&db, users, ideas).await?;
    }
    seed_activity(&db, events).await
}

/// `events` sign-ins and page views (one in five a sign-in) of random bench members on random
/// days of the last 90, summed per member and day.
async fn seed_activity(db: &Db, events: i64) -> anyhow::Result<()> {
    let present = query_scalar!(db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM member_activity")?;
    if events == 0 || present > 0 {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let ids: Vec<i64> =
        market::query_scalar!(db.exec(), fetch_all, i64, "SELECT id FROM users WHERE username LIKE 'bench%'")?;
    if ids.is_empty() {
        bail!("no bench members to be active");
    }
    let today = market::beijing::date_of(chrono::Utc::now());
    let mut rng = Lcg(90);
    let mut counts: std::collections::HashMap<(i64, i64), (i64, i64)> = std::collections::HashMap::new();
    for _ in 0..events {
        let user = ids[rng.next(ids.len() as u64) as usize];
        let back = rng.next(90) as i64;
        let entry = counts.entry((user, back)).or_default();
        if rng.next(5) == 0 { entry.0 += 1 } else { entry.1 += 1 }
    }
    let rows = counts.iter().map(|((user, back), (sign_ins, views))| {
        format!("('{}', {user}, {sign_ins}, {views})", today - chrono::TimeDelta::days(*back))
    });
    insert_batches(db, "INSERT INTO member_activity (day, user_id, sign_ins, page_views)", rows, 1000).await?;
    println!(
        "seed: {events} activity events as {} member-days in {:.1} s",
        counts.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn seed_users_and_ideas(db: &Db, users: i64, ideas: i64) -> anyhow::Result<()> {
    let db = db.clone();
    let started = std::time::Instant::now();
    let hash = market::accounts::password::Hasher::new(1).hash(PASSWORD.into()).await?;
    let platform = query_scalar!(db.exec(), fetch_one, i64, "SELECT id FROM users WHERE role = 'platform'")?;
    let platform_before = query_scalar!(db.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", platform)?;
    let first_user = query_scalar!(db.exec(), fetch_one, i64, "SELECT COALESCE(MAX(id), 0) FROM users")? + 1;
    let now = chrono::Utc::now();
    let stamp = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();

    insert_batches(
        &db,
        "INSERT INTO users (id, username, email, password_hash, phone, credits, created_at)",
        (0..users).map(|i| {
            format!(
                "({}, 'bench{i}', 'bench{i}@example.com', '{hash}', '139{:08}', 1000, '{}')",
                first_user + i,
                i,
                stamp(now)
            )
        }),
        500,
    )
    .await?;
    // The signup bonus as the ledger writes it: the platform's side, then the user's.
    let ledger = (0..users).flat_map(|i| {
        let user = first_user + i;
        let when = stamp(now);
        [
            format!(
                "({platform}, {user}, -1000, {}, 'signup_bonus', 'signup:{user}', '{when}')",
                platform_before - 1000 * (i + 1)
            ),
            format!("({user}, {platform}, 1000, 1000, 'signup_bonus', 'signup:{user}', '{when}')"),
        ]
    });
    insert_batches(
        &db,
        "INSERT INTO credit_ledger (user_id, counterparty_id, amount, balance_after, reason, idempotency_key, created_at)",
        ledger,
        1000,
    )
    .await?;
    execute!(db.exec(), "UPDATE users SET credits = credits - ? WHERE id = ?", 1000 * users, platform)?;

    let mut rng = Lcg(2026);
    let first_idea = query_scalar!(db.exec(), fetch_one, i64, "SELECT COALESCE(MAX(id), 0) FROM ideas")? + 1;
    let mut tags = Vec::new();
    let mut likes = Vec::new();
    let rows: Vec<String> = (0..ideas)
        .map(|i| {
            let topic = TOPICS[rng.next(TOPICS.len() as u64) as usize];
            let other = TOPICS[rng.next(TOPICS.len() as u64) as usize];
            let category = CATEGORIES[rng.next(6) as usize];
            let status = STATUSES[rng.next(3) as usize];
            let author = first_user + rng.next(users as u64) as i64;
            let when = now - chrono::TimeDelta::seconds(rng.next(30 * 86_400) as i64);
            let id = first_idea + i;
            tags.push(format!("({id}, '{topic}')"));
            if other != topic {
                tags.push(format!("({id}, '{other}')"));
            }
            // Likes by consecutive (so distinct) users from a random one.
            let fans = rng.next(6) as i64;
            let from = rng.next(users as u64) as i64;
            for f in 0..fans.min(users) {
                likes.push(format!("({id}, {}, '{}')", first_user + (from + f) % users, stamp(when)));
            }
            format!(
                "({id}, '{topic}：第 {i} 号创意', '围绕{topic}与{other}的结合，面向城市年轻家庭，提供按月订阅的服务，先在一个城市试点再扩展。', '{category}', {author}, '{status}', {}.{}, {}, {fans}, '{}')",
                rng.next(10),
                rng.next(10),
                rng.next(2_000),
                stamp(when)
            )
        })
        .collect();
    insert_batches(
        &db,
        "INSERT INTO ideas (id, title, description, category, author_id, status, ai_score, views, likes, submitted_at)",
        rows.into_iter(),
        500,
    )
    .await?;
    insert_batches(&db, "INSERT INTO idea_tags (idea_id, tag)", tags.into_iter(), 1000).await?;
    insert_batches(&db, "INSERT INTO idea_likes (idea_id, user_id, created_at)", likes.into_iter(), 1000).await?;
    println!(
        "seed: {users} users (password {PASSWORD:?}) and {ideas} ideas in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
