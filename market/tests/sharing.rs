//! The sitemap's files on both backends: published ideas only, by id, in files of the given size;
//! and the QR codes shared pages show.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::Viewer;
use market::share::{qr_data_url, sitemap_files, sitemap_ideas};
use market::{ideas, moderation};
use testkit::{Backend, both_backends, members, store};

both_backends!(the_sitemap_lists_published_ideas_in_files);

async fn the_sitemap_lists_published_ideas_in_files(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 1, "an empty site still has one file (the home page)");
    let author = members::register(m, 1).await.user.id;
    let boss = members::register(m, 2).await.user;
    market::accounts::admin::grant(m, &boss.username).await.unwrap();
    let admin =
        Viewer { id: boss.id, username: boss.username, is_admin: true, session_key: String::new(), address: None };
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(ideas::create(m, author, testkit::ideas::sample(&format!("地图里的创意 {n}"))).await.unwrap().id);
    }
    moderation::hide_idea(m, &admin, ids[1], "不公开").await.unwrap();
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 2, "4 published ideas, 2 a file");
    let first: Vec<i64> = sitemap_ideas(m, 1, 2).await.unwrap().into_iter().map(|(id, _)| id).collect();
    let second: Vec<i64> = sitemap_ideas(m, 2, 2).await.unwrap().into_iter().map(|(id, _)| id).collect();
    assert_eq!(first, vec![ids[0], ids[2]], "the hidden one is left out");
    assert_eq!(second, vec![ids[3], ids[4]]);
    assert!(sitemap_ideas(m, 3, 2).await.unwrap().is_empty());

    let qr = qr_data_url("https://aimarket.example.com/ideas/1", 160).unwrap();
    assert!(qr.starts_with("data:image/svg+xml;base64,"));
    s.cleanup().await;
}
