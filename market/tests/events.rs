//! The event bus, in process and across two instances through the real Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod common;

use std::time::Duration;

use market::events::{BusMessage, EventBus};
use model::AuctionEvent;

async fn next_event(rx: &mut tokio::sync::broadcast::Receiver<std::sync::Arc<BusMessage>>) -> AuctionEvent {
    let msg = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("an event in time").expect("open");
    match &*msg {
        BusMessage::Event(e) => {
            let carried: AuctionEvent = serde_json::from_str(&e.json).expect("the JSON carried is an event");
            assert_eq!(carried, e.event, "serialised once, and faithfully");
            e.event.clone()
        }
        BusMessage::Resync => panic!("unexpected resync"),
    }
}

#[tokio::test]
async fn in_process_subscribers_receive_what_is_published() {
    let bus = EventBus::memory();
    let mut a = bus.subscribe();
    let mut b = bus.subscribe();
    bus.publish(AuctionEvent::Opened { idea_id: 7 }).await;
    assert_eq!(next_event(&mut a).await, AuctionEvent::Opened { idea_id: 7 });
    assert_eq!(next_event(&mut b).await, AuctionEvent::Opened { idea_id: 7 });
}

#[tokio::test]
async fn an_event_published_on_one_instance_reaches_another_through_redis() {
    let prefix = format!("t_{}:", uuid::Uuid::new_v4().simple());
    let a = EventBus::redis(&common::redis_url(), &prefix).await.expect("redis");
    let b = EventBus::redis(&common::redis_url(), &prefix).await.expect("redis");
    let other = EventBus::redis(&common::redis_url(), "another-deployment:").await.expect("redis");
    let mut on_b = b.subscribe();
    let mut on_other = other.subscribe();
    // The relay subscribes in the background; publish until B hears it.
    let mut got = None;
    for i in 0..50 {
        a.publish(AuctionEvent::Opened { idea_id: i }).await;
        if let Ok(Ok(msg)) = tokio::time::timeout(Duration::from_millis(100), on_b.recv()).await {
            got = Some(msg);
            break;
        }
    }
    assert!(
        matches!(got.as_deref(), Some(BusMessage::Event(e)) if matches!(e.event, AuctionEvent::Opened { .. })),
        "{got:?}"
    );
    a.publish(AuctionEvent::Opened { idea_id: 4242 }).await;
    let mut seen = next_event(&mut on_b).await;
    while seen != (AuctionEvent::Opened { idea_id: 4242 }) {
        seen = next_event(&mut on_b).await;
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(300), on_other.recv()).await.is_err(),
        "a deployment with another prefix hears nothing"
    );
}
