//! The event bus, in process and across two instances through the real Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::time::Duration;

use std::sync::Arc;

use market::events::topics::Subscription;
use market::events::{BusMessage, EventBus};
use model::AuctionEvent;

async fn next_event(rx: &mut Subscription<Arc<BusMessage>>) -> AuctionEvent {
    let msg = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("an event in time").expect("open");
    match &*msg {
        BusMessage::Event(e) => {
            let frame = std::str::from_utf8(&e.frame).expect("UTF-8");
            let (head, data) = frame.split_once("data: ").expect("a data line");
            assert_eq!(head, format!("event: {}\n", e.event.name()), "{frame}");
            let data = data.strip_suffix("\n\n").expect("one blank line ends the event");
            assert!(!data.contains('\n'), "one data line: {frame}");
            let carried: AuctionEvent = serde_json::from_str(data).expect("the JSON carried is an event");
            assert_eq!(carried, e.event, "serialised once, and faithfully");
            e.event.clone()
        }
        BusMessage::Resync => panic!("unexpected resync"),
    }
}

#[tokio::test]
async fn in_process_followers_of_an_idea_receive_its_events_only() {
    let bus = EventBus::memory();
    let mut a = bus.subscribe(7);
    let mut b = bus.subscribe(7);
    let mut other = bus.subscribe(8);
    bus.publish(AuctionEvent::Opened { idea_id: 7 }).await;
    assert_eq!(next_event(&mut a).await, AuctionEvent::Opened { idea_id: 7 });
    assert_eq!(next_event(&mut b).await, AuctionEvent::Opened { idea_id: 7 });
    assert!(other.try_recv().is_err(), "a follower of another idea is not woken");
}

#[tokio::test]
async fn an_event_published_on_one_instance_reaches_another_through_redis() {
    let prefix = format!("t_{}:", uuid::Uuid::new_v4().simple());
    let a = EventBus::redis(&testkit::redis_url(), &prefix).await.expect("redis");
    let b = EventBus::redis(&testkit::redis_url(), &prefix).await.expect("redis");
    let other = EventBus::redis(&testkit::redis_url(), "another-deployment:").await.expect("redis");
    let mut on_b = b.subscribe(4242);
    let mut on_other = other.subscribe(4242);
    // The relay subscribes in the background; publish until B hears it.
    let mut got = None;
    for _ in 0..50 {
        a.publish(AuctionEvent::Opened { idea_id: 4242 }).await;
        if let Ok(Ok(msg)) = tokio::time::timeout(Duration::from_millis(100), on_b.recv()).await {
            got = Some(msg);
            break;
        }
    }
    assert!(
        matches!(got.as_deref(), Some(BusMessage::Event(e)) if matches!(e.event, AuctionEvent::Opened { .. })),
        "{got:?}"
    );
    // The relay hands each event to the followers of its idea only.
    let mut on_b_next = b.subscribe(4243);
    a.publish(AuctionEvent::Opened { idea_id: 4243 }).await;
    assert_eq!(next_event(&mut on_b_next).await, AuctionEvent::Opened { idea_id: 4243 });
    while let Ok(msg) = on_b.try_recv() {
        assert!(matches!(&*msg, BusMessage::Event(e) if e.event.idea_id() == 4242), "{msg:?}");
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(300), on_other.recv()).await.is_err(),
        "a deployment with another prefix hears nothing"
    );
}
