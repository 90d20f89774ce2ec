//! Catch-up reads shared by the streams of one idea. When thousands of pages connect at once (a
//! popular auction, or every page of an instance that stopped reconnecting here) or resync
//! together (Redis reconnected), one read of the database serves every stream that was waiting
//! for it, rather than one read each.
//!
//! A read may serve only streams that subscribed to the bus before it began, or an event
//! published in between would reach them neither way. So a stream joins the idea's read that
//! has not begun yet, which begins once the idea's previous read has finished: per idea, at
//! most one read runs and one waits.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use market::Market;
use market::auction::view;
use market::events::Published;
use tokio::sync::watch;

/// What a read found.
#[derive(Debug, Clone)]
pub enum Found {
    /// The events after the earliest bid any of its streams had, oldest first.
    Events(Arc<[Published]>),
    NoSuchIdea,
    /// The database failed (and the read logged why).
    Failed,
}

type Outcome = watch::Receiver<Option<Found>>;

#[derive(Clone, Default)]
pub struct CatchUps {
    ideas: Arc<Mutex<HashMap<i64, Reads>>>,
}

#[derive(Default)]
struct Reads {
    running: Option<Outcome>,
    waiting: Option<Waiting>,
}

struct Waiting {
    after: i64,
    outcome: Outcome,
}

impl CatchUps {
    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Reads>> {
        // Every critical section leaves the map whole, so a panic elsewhere cannot corrupt it.
        self.ideas.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What happened to the idea after bid `after`, read after this call began. The caller must
    /// already be subscribed to the idea's events.
    pub async fn events_after(&self, market: &Market, idea_id: i64, after: i64) -> Found {
        let mut outcome = {
            let mut ideas = self.lock();
            let reads = ideas.entry(idea_id).or_default();
            match &mut reads.waiting {
                Some(waiting) => {
                    waiting.after = waiting.after.min(after);
                    waiting.outcome.clone()
                }
                None => {
                    let (tx, rx) = watch::channel(None);
                    reads.waiting = Some(Waiting { after, outcome: rx.clone() });
                    // A task of its own, so that the stream that started it may leave without
                    // stranding the others.
                    tokio::spawn(self.clone().read(market.clone(), idea_id, tx));
                    rx
                }
            }
        };
        match outcome.wait_for(Option::is_some).await {
            Ok(found) => found.clone().unwrap_or(Found::Failed),
            Err(_) => Found::Failed,
        }
    }

    async fn read(self, market: Market, idea_id: i64, tx: watch::Sender<Option<Found>>) {
        let previous = self.lock().get(&idea_id).and_then(|reads| reads.running.clone());
        if let Some(mut previous) = previous {
            let _ = previous.wait_for(Option::is_some).await;
        }
        let after = {
            let mut ideas = self.lock();
            let reads = ideas.entry(idea_id).or_default();
            reads.running = Some(tx.subscribe());
            // From here on no stream joins this read.
            reads.waiting.take().map_or(0, |waiting| waiting.after)
        };
        let found = match view::events_after(&market, idea_id, after).await {
            Ok(Some(events)) => Found::Events(events.into_iter().map(Published::new).collect()),
            Ok(None) => Found::NoSuchIdea,
            Err(e) => {
                tracing::warn!(error = ?e, idea_id, "reading a stream's catch-up failed");
                Found::Failed
            }
        };
        {
            let mut ideas = self.lock();
            if let Some(reads) = ideas.get_mut(&idea_id) {
                reads.running = None;
                if reads.waiting.is_none() {
                    ideas.remove(&idea_id);
                }
            }
        }
        let _ = tx.send(Some(found));
    }

    /// Ideas with a read running or waiting.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use market::cache::Cache;
    use market::db::Db;
    use market::events::EventBus;
    use market::sms::SmsSender;
    use market::{Settings, accounts, ideas};
    use model::{NewIdea, RegisterRequest};

    use super::*;

    async fn market_with_idea() -> (Market, i64, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("aim-catchup-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}/t.db", dir.display()), 4).await.unwrap();
        let m = Market::new(db, Cache::memory(), EventBus::memory(), SmsSender::Log, Settings::default());
        let phone = "13700000001".to_owned();
        accounts::send_sms_code(&m, &phone, None).await.unwrap();
        let sms_code = m.cache.get(&format!("sms:code:{phone}")).await.unwrap().unwrap();
        let req = RegisterRequest {
            username: "catchup".into(),
            email: "catchup@example.com".into(),
            password: "tea-garden-2026".into(),
            phone,
            sms_code,
            invite_code: None,
            accept_terms: true,
        };
        let author = accounts::register(&m, req).await.unwrap().user.id;
        let idea = NewIdea {
            title: "社区宠物寄养互助平台".into(),
            description: "让附近的宠物主人互相寄养宠物、交换遛狗时间，平台按单抽佣并提供保险。".into(),
            category: "lifestyle".into(),
            tags: vec![],
            attachments: vec![],
        };
        let id = ideas::create(&m, author, idea).await.unwrap().id;
        (m, id, dir)
    }

    #[tokio::test]
    async fn streams_waiting_together_share_one_read() {
        let (m, id, dir) = market_with_idea().await;
        let catch_ups = CatchUps::default();
        let found = futures_util::future::join_all((0..50).map(|i| catch_ups.events_after(&m, id, i % 3))).await;
        let Found::Events(first) = &found[0] else { panic!("{:?}", found[0]) };
        for f in &found {
            assert!(matches!(f, Found::Events(events) if Arc::ptr_eq(events, first)), "one read served all: {f:?}");
        }
        assert_eq!(catch_ups.len(), 0, "nothing is kept once the read is done");
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_caller_after_a_read_gets_a_read_of_its_own() {
        let (m, id, dir) = market_with_idea().await;
        let catch_ups = CatchUps::default();
        assert!(matches!(catch_ups.events_after(&m, id, 0).await, Found::Events(events) if events.is_empty()));
        market::execute!(m.db.exec(), "UPDATE ideas SET hidden = TRUE WHERE id = ?", id).unwrap();
        assert!(matches!(catch_ups.events_after(&m, id, 0).await, Found::NoSuchIdea), "the hidden idea is read anew");
        assert!(matches!(catch_ups.events_after(&m, 987_654, 0).await, Found::NoSuchIdea));
        std::fs::remove_dir_all(dir).ok();
    }
}
