//! Subscribers grouped by what they follow (one idea's auction, one plan), so that an event
//! wakes only the streams that show it: with thousands of watchers spread over many auctions,
//! one shared channel would wake every one of them for every bid anywhere.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::broadcast::{self, Receiver, Sender, error::RecvError, error::TryRecvError};

/// Messages a subscriber may fall behind by before it counts as lagging (and catches up from the
/// database). A channel exists only while someone follows its topic.
const CAPACITY: usize = 64;

pub struct Topics<T> {
    senders: Mutex<HashMap<i64, Sender<T>>>,
}

impl<T: Clone> Topics<T> {
    pub fn new() -> Arc<Self> {
        Arc::new(Self { senders: Mutex::default() })
    }

    fn senders(&self) -> MutexGuard<'_, HashMap<i64, Sender<T>>> {
        // Every critical section leaves the map whole, so a panic elsewhere cannot corrupt it.
        self.senders.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Follows `topic` until the subscription is dropped.
    pub fn subscribe(self: &Arc<Self>, topic: i64) -> Subscription<T> {
        let rx = self.senders().entry(topic).or_insert_with(|| broadcast::channel(CAPACITY).0).subscribe();
        Subscription { rx, topic, topics: self.clone() }
    }

    /// Delivers `message` to the followers of `topic`, if there are any.
    pub fn send(&self, topic: i64, message: T) {
        if let Some(tx) = self.senders().get(&topic) {
            let _ = tx.send(message);
        }
    }

    /// Delivers `message` to every follower of every topic.
    pub fn send_all(&self, message: T) {
        for tx in self.senders().values() {
            let _ = tx.send(message.clone());
        }
    }

    /// Topics followed now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.senders().len()
    }
}

/// A follower of one topic; the last one to leave takes the topic's channel with it.
pub struct Subscription<T: Clone> {
    rx: Receiver<T>,
    topic: i64,
    topics: Arc<Topics<T>>,
}

impl<T: Clone> Subscription<T> {
    pub async fn recv(&mut self) -> Result<T, RecvError> {
        self.rx.recv().await
    }

    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.rx.try_recv()
    }
}

impl<T: Clone> Drop for Subscription<T> {
    fn drop(&mut self) {
        let mut senders = self.topics.senders();
        // Under the lock no one can subscribe meanwhile; this receiver is the last one if it is
        // the only one counted.
        if senders.get(&self.topic).is_some_and(|tx| tx.receiver_count() <= 1) {
            senders.remove(&self.topic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_message_reaches_the_followers_of_its_topic_only() {
        let topics = Topics::new();
        let (mut a1, mut a2, mut b) = (topics.subscribe(1), topics.subscribe(1), topics.subscribe(2));
        topics.send(1, "bid");
        assert_eq!(a1.recv().await.unwrap(), "bid");
        assert_eq!(a2.recv().await.unwrap(), "bid");
        assert!(matches!(b.try_recv(), Err(TryRecvError::Empty)));
        topics.send_all("resync");
        assert_eq!((a1.try_recv().unwrap(), b.try_recv().unwrap()), ("resync", "resync"));
    }

    #[tokio::test]
    async fn a_topic_lasts_as_long_as_its_followers() {
        let topics = Topics::new();
        let first = topics.subscribe(7);
        let second = topics.subscribe(7);
        topics.send(8, "nobody follows 8");
        assert_eq!(topics.len(), 1, "sending to a topic nobody follows creates nothing");
        drop(first);
        assert_eq!(topics.len(), 1, "one follower is left");
        drop(second);
        assert_eq!(topics.len(), 0, "the last follower took the channel with it");
        let mut again = topics.subscribe(7);
        topics.send(7, "after");
        assert_eq!(again.recv().await.unwrap(), "after");
    }

    #[tokio::test]
    async fn a_follower_that_falls_behind_is_told_so() {
        let topics = Topics::new();
        let mut slow = topics.subscribe(1);
        for i in 0..CAPACITY + 3 {
            topics.send(1, i);
        }
        assert!(matches!(slow.recv().await, Err(RecvError::Lagged(3))));
    }
}
