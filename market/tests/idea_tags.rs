//! Tags that differ only in a way the database's collation ignores (MariaDB's
//! utf8mb4_unicode_ci folds case beyond ASCII, width and accents) are one tag, not a 500.
//! Found by fuzzing the REST API (end2end/schemathesis.sh).
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::{Market, ideas};
use model::NewIdea;
use testkit::{Backend, both_backends, members, store};

both_backends!(tags_equal_under_the_collation_are_stored_once);

async fn author(m: &Market) -> i64 {
    members::register(m, 1).await.user.id
}

async fn tags_equal_under_the_collation_are_stored_once(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let author = author(m).await;
    for pair in [["Ä", "ä"], ["Ａ", "A"], ["é", "e"]] {
        let idea = NewIdea {
            title: "共享厨房预约".into(),
            description: "把写字楼里闲置的茶水间改造成可预约的共享厨房，白领可以自己做健康午餐。".into(),
            category: "lifestyle".into(),
            tags: pair.iter().map(|t| (*t).to_owned()).collect(),
            attachments: vec![],
        };
        let created = ideas::create(m, author, idea).await.expect("created, not an internal error");
        assert!(!created.tags.is_empty() && created.tags.len() <= 2, "{pair:?} -> {:?}", created.tags);
        assert!(created.tags.iter().all(|t| pair.contains(&t.as_str())), "{pair:?} -> {:?}", created.tags);
    }
}
