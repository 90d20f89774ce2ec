//! The sitemap's files on both backends: published ideas only, by id, then their authors, in
//! files of the given size; and the QR codes shared pages show.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::accounts::Viewer;
use market::share::qr_data_url;
use market::share::sitemap::{sitemap_files, sitemap_urls};
use market::{ideas, moderation};
use testkit::{Backend, both_backends, members, store};

both_backends!(the_sitemap_lists_published_ideas_in_files);

async fn the_sitemap_lists_published_ideas_in_files(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 1, "an empty site still has one file (the home page)");
    let writer = members::register(m, 1).await.user;
    let author = writer.id;
    let boss = members::register(m, 2).await.user;
    market::accounts::admin::grant(m, &boss.username).await.unwrap();
    let admin =
        Viewer { id: boss.id, username: boss.username, is_admin: true, session_key: String::new(), address: None };
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(ideas::create(m, author, testkit::ideas::sample(&format!("地图里的创意 {n}"))).await.unwrap().id);
    }
    moderation::hide_idea(m, &admin, ids[1], "不公开").await.unwrap();
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 3, "4 published ideas and their author, 2 a file");
    let paths =
        |file| async move { sitemap_urls(m, file, 2).await.unwrap().into_iter().map(|u| u.path).collect::<Vec<_>>() };
    let idea = |n: usize| format!("/ideas/{}", ids[n]);
    assert_eq!(paths(1).await, vec![idea(0), idea(2)], "the hidden one is left out");
    assert_eq!(paths(2).await, vec![idea(3), idea(4)]);
    let writer = model::author_path(&writer.username);
    assert_eq!(paths(3).await, vec![writer.clone()], "then the authors");
    assert!(paths(4).await.is_empty());

    // An author whose only idea is hidden is not listed; once one of theirs is published, the
    // ideas still come first and push the authors along.
    let other = members::register(m, 3).await.user;
    let hidden = ideas::create(m, other.id, testkit::ideas::sample("不公开的作者")).await.unwrap().id;
    moderation::hide_idea(m, &admin, hidden, "不公开").await.unwrap();
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 3);
    let sixth = ideas::create(m, other.id, testkit::ideas::sample("地图里的创意 5")).await.unwrap().id;
    assert_eq!(paths(3).await, vec![format!("/ideas/{sixth}"), writer], "ideas, then authors, across the files");
    assert_eq!(paths(4).await, vec![model::author_path(&other.username)]);
    assert_eq!(sitemap_files(m, 2).await.unwrap(), 4);

    let qr = qr_data_url("https://aimarket.example.com/ideas/1", 160).unwrap();
    assert!(qr.starts_with("data:image/svg+xml;base64,"));
    s.cleanup().await;
}
