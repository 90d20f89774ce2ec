//! The live streams (server-sent events) this instance holds: counted for `/metrics`, and all
//! ended when the server begins to shut down, so that their clients reconnect to another
//! instance instead of holding this one open.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use futures_util::{Stream, StreamExt};
use tokio::sync::watch;

#[derive(Clone, Debug)]
pub struct LiveStreams {
    open: Arc<AtomicI64>,
    closing: watch::Receiver<bool>,
}

/// Counts one open stream until dropped.
struct Open(Arc<AtomicI64>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl LiveStreams {
    /// Streams end when `closing` turns true.
    pub fn new(closing: watch::Receiver<bool>) -> Self {
        Self { open: Arc::default(), closing }
    }

    /// Streams open now.
    pub fn open(&self) -> i64 {
        self.open.load(Ordering::Relaxed)
    }

    /// `events`, counted while it lasts and ended at shutdown.
    pub fn follow<S: Stream>(&self, events: S) -> impl Stream<Item = S::Item> + use<S> {
        self.open.fetch_add(1, Ordering::Relaxed);
        let open = Open(self.open.clone());
        let mut closing = self.closing.clone();
        let shutdown = async move { crate::serve::until_closing(&mut closing).await };
        events.take_until(Box::pin(shutdown)).map(move |event| {
            let _counted = &open;
            event
        })
    }
}
