//! Attachments on both backends and on both stores (a local folder, and moto's real S3 server):
//! what is kept, what is refused before anything is stored, who may read what, and that removed,
//! abandoned and erased files leave no object behind.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use bytes::Bytes;
use chrono::{TimeDelta, Utc};
use futures_util::StreamExt;
use market::accounts::Viewer;
use market::attachments::read::{self, FileBody};
use market::attachments::{Files, Limits, Who, purge, receive};
use market::{Market, MarketError, execute, ideas, query_scalar};
use model::{Attachment, AttachmentKind, IdeaQuery};
use testkit::files::{self as fx, GPS_SECRET, PNG_SCRIPT};
use testkit::{Backend, TestStore, both_backends, members, store};

both_backends!(
    images_are_stored_clean_and_pdfs_as_they_are,
    hostile_and_oversized_files_are_refused_and_leave_nothing,
    drafts_join_the_idea_and_give_the_list_its_cover,
    only_those_who_may_see_the_idea_read_its_files,
    removed_abandoned_and_erased_files_lose_their_objects,
    files_change_only_while_the_idea_is_pending,
    pdf_readers_may_be_sent_to_a_signed_address,
);

const MB: u64 = 1024 * 1024;

#[derive(Clone, Copy, Debug)]
enum StoreKind {
    Folder,
    S3,
}

struct Setup {
    store: TestStore,
    market: Market,
    dir: std::path::PathBuf,
}

impl Setup {
    async fn new(backend: Backend, kind: StoreKind) -> Self {
        let store = store(backend).await;
        let dir = std::env::temp_dir().join(format!("att-{}", uuid::Uuid::new_v4().simple()));
        let spool = dir.join("spool");
        let files = match kind {
            StoreKind::Folder => Files::local(&dir.join("objects"), &spool).unwrap(),
            StoreKind::S3 => testkit::s3::files(&spool).await,
        };
        let files = files.with_limits(Limits { per_file: MB, per_idea: 3 * MB });
        let market = store.market.clone().with_files(files);
        Self { store, market, dir }
    }

    async fn done(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        self.store.cleanup().await;
    }

    /// Nothing left in the spool folder: every upload, kept or refused, cleaned up after itself.
    fn spool_is_empty(&self) -> bool {
        std::fs::read_dir(self.dir.join("spool")).map(|d| d.count() == 0).unwrap_or(true)
    }
}

/// Runs `test` on a local folder and on the S3 server.
macro_rules! on_both_stores {
    ($backend:expr, $test:ident) => {
        for kind in [StoreKind::Folder, StoreKind::S3] {
            let s = Setup::new($backend, kind).await;
            $test(&s).await;
            assert!(s.spool_is_empty(), "{kind:?}: the spool folder is empty afterwards");
            s.done().await;
        }
    };
}

fn body(bytes: &[u8]) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    let chunks: Vec<_> = bytes.chunks(64 * 1024).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    futures_util::stream::iter(chunks)
}

async fn upload(m: &Market, who: i64, idea: Option<i64>, name: &str, bytes: &[u8]) -> Result<Attachment, MarketError> {
    receive::receive(m, who, idea, name, body(bytes)).await
}

fn key_of(a: &Attachment) -> String {
    a.url.trim_start_matches("/files/").to_owned()
}

async fn read_all(
    m: &Market,
    who: Option<Who>,
    key: &str,
    thumb: bool,
) -> Result<(read::FileHead, Vec<u8>), MarketError> {
    let (head, body) = read::open(m, who, key, thumb).await?;
    let FileBody::Stream(mut stream) = body else { panic!("streamed, not redirected") };
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.unwrap());
    }
    Ok((head, out))
}

fn refusal(result: Result<Attachment, MarketError>) -> String {
    match result {
        Err(MarketError::Invalid(fields)) => {
            assert_eq!(fields[0].field, "file");
            fields[0].message.get(model::Lang::Zh).to_owned()
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn member(m: &Market, n: u32) -> Viewer {
    let user = members::register(m, n).await.user;
    Viewer { id: user.id, username: user.username, is_admin: false, session_key: String::new(), address: None }
}

async fn rows(m: &Market) -> i64 {
    query_scalar!(m.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM attachments").unwrap()
}

async fn images_are_stored_clean_and_pdfs_as_they_are(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let who = Some(Who { id: me.id, admin: false });

        let jpeg = fx::jpeg_with_gps(64, 48);
        assert!(jpeg.windows(GPS_SECRET.len()).any(|w| w == GPS_SECRET.as_bytes()), "the fixture carries it");
        let photo = upload(m, me.id, None, "../../etc/假日 photo.jpg", &jpeg).await.unwrap();
        assert_eq!(photo.kind, AttachmentKind::Image);
        assert_eq!(photo.name, "假日 photo.jpg", "folders are dropped from the name");
        assert_eq!((photo.width, photo.height), (Some(64), Some(48)));
        let key = key_of(&photo);
        assert_eq!(key.len(), 32, "the key is the server's own");
        let (head, stored) = read_all(m, who, &key, false).await.unwrap();
        assert_eq!(head.content_type, "image/jpeg");
        assert!(!stored.windows(GPS_SECRET.len()).any(|w| w == GPS_SECRET.as_bytes()), "EXIF is gone");
        assert_eq!(image::load_from_memory(&stored).unwrap().width(), 64);
        let (_, thumb) = read_all(m, who, &key, true).await.unwrap();
        assert_eq!(image::guess_format(&thumb).unwrap(), image::ImageFormat::Jpeg);
        assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 64, "a small image is not enlarged");
        let big = upload(m, me.id, None, "big.jpg", &fx::jpeg_with_gps(1200, 600)).await.unwrap();
        let (_, thumb) = read_all(m, who, &key_of(&big), true).await.unwrap();
        let thumb = image::load_from_memory(&thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (480, 240), "a large one fits 480 px");
        receive::remove(m, me.id, big.id).await.unwrap();

        let png = upload(m, me.id, None, "logo.png", &fx::png_with_script(40, 30)).await.unwrap();
        let (head, stored) = read_all(m, who, &key_of(&png), false).await.unwrap();
        assert_eq!(head.content_type, "image/png", "a PNG stays a PNG (its transparency too)");
        assert!(!stored.windows(PNG_SCRIPT.len()).any(|w| w == PNG_SCRIPT.as_bytes()), "its text chunk is gone");
        assert!(image::load_from_memory(&stored).unwrap().color().has_alpha());

        let webp = upload(m, me.id, None, "clear.webp", &fx::webp(20, 20)).await.unwrap();
        let (head, _) = read_all(m, who, &key_of(&webp), false).await.unwrap();
        assert_eq!(head.content_type, "image/png", "a transparent WebP becomes a PNG");

        let document = fx::pdf(300 * 1024);
        let deck = upload(m, me.id, None, "路演\"deck\".pdf", &document).await.unwrap();
        assert_eq!((deck.kind, deck.bytes, deck.thumb_url.clone()), (AttachmentKind::Pdf, 300 * 1024, None));
        let (head, stored) = read_all(m, who, &key_of(&deck), false).await.unwrap();
        assert_eq!(stored, document, "a PDF is kept byte for byte");
        let disposition = head.disposition.unwrap();
        assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
        assert_eq!(disposition.matches('"').count(), 2, "the name cannot close the quote: {disposition}");
        assert!(
            matches!(read::open(m, who, &key_of(&deck), true).await, Err(MarketError::NotFound)),
            "no PDF thumbnail"
        );

        let drafts = market::attachments::drafts(m.db.exec(), me.id).await.unwrap();
        assert_eq!(drafts.iter().map(|a| a.id).collect::<Vec<_>>(), vec![photo.id, png.id, webp.id, deck.id]);
    }
    on_both_stores!(backend, test);
}

async fn hostile_and_oversized_files_are_refused_and_leave_nothing(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("photo.png", fx::EXE.to_vec(), "只支持"),
            ("drawing.svg", fx::SVG.to_vec(), "只支持"),
            ("drawing.png", fx::SVG.to_vec(), "只支持"),
            ("empty.pdf", Vec::new(), "空的"),
            ("bomb.png", fx::png_claiming(100_000, 100_000), "过大"),
            ("wide.png", fx::png_claiming(20_000, 10), "过大"),
            ("broken.png", fx::png_claiming(100, 100), "无法读取"),
            ("big.pdf", fx::pdf(MB as usize + 1), "不能超过 1 MB"),
        ];
        for (name, bytes, expected) in &cases {
            let message = refusal(upload(m, me.id, None, name, bytes).await);
            assert!(message.contains(expected), "{name}: {message}");
        }
        assert_eq!(rows(m).await, 0, "no row for a refused file");

        // Three files of 1 MB fill the idea's 3 MB; the fourth does not fit.
        for n in 0..3 {
            upload(m, me.id, None, &format!("{n}.pdf"), &fx::pdf(MB as usize)).await.unwrap();
        }
        let message = refusal(upload(m, me.id, None, "more.pdf", &fx::pdf(1024)).await);
        assert!(message.contains("合计"), "{message}");

        // Six small files at most.
        let other = member(m, 2).await;
        for n in 0..6 {
            upload(m, other.id, None, &format!("{n}.pdf"), &fx::pdf(1024)).await.unwrap();
        }
        let message = refusal(upload(m, other.id, None, "seventh.pdf", &fx::pdf(1024)).await);
        assert!(message.contains("最多 6 个"), "{message}");
        assert_eq!(rows(m).await, 9);
    }
    on_both_stores!(backend, test);
}

async fn drafts_join_the_idea_and_give_the_list_its_cover(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let other = member(m, 2).await;
        let deck = upload(m, me.id, None, "deck.pdf", &fx::pdf(2048)).await.unwrap();
        let photo = upload(m, me.id, None, "photo.jpg", &fx::jpeg_with_gps(32, 32)).await.unwrap();
        let theirs = upload(m, other.id, None, "theirs.pdf", &fx::pdf(2048)).await.unwrap();

        // Someone else's draft cannot be taken, and the idea is not stored then.
        let mut idea = testkit::ideas::sample("带附件的创意");
        idea.attachments = vec![deck.id, theirs.id];
        let refused = ideas::create(m, me.id, idea.clone()).await;
        assert!(matches!(refused, Err(MarketError::Invalid(ref f)) if f[0].field == "attachments"), "{refused:?}");
        assert_eq!(query_scalar!(m.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM ideas").unwrap(), 0);

        idea.attachments = vec![photo.id, deck.id, deck.id];
        let detail = ideas::create(m, me.id, idea).await.unwrap();
        assert_eq!(detail.attachments.iter().map(|a| a.id).collect::<Vec<_>>(), vec![deck.id, photo.id]);
        assert!(market::attachments::drafts(m.db.exec(), me.id).await.unwrap().is_empty());

        let page = ideas::list(m, &IdeaQuery::default()).await.unwrap();
        assert_eq!(page.items[0].cover.as_deref(), photo.thumb_url.as_deref(), "the first image is the cover");

        // A file added on the idea itself while pending shows at once, and the list follows.
        let second = upload(m, me.id, Some(detail.id), "second.png", &fx::png_with_script(8, 8)).await.unwrap();
        let again = ideas::get(m, detail.id, None, false).await.unwrap();
        assert_eq!(again.attachments.len(), 3);
        receive::remove(m, me.id, photo.id).await.unwrap();
        let page = ideas::list(m, &IdeaQuery::default()).await.unwrap();
        assert_eq!(page.items[0].cover.as_deref(), second.thumb_url.as_deref(), "the list cache was invalidated");
    }
    on_both_stores!(backend, test);
}

async fn only_those_who_may_see_the_idea_read_its_files(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let stranger = Some(Who { id: member(m, 2).await.id, admin: false });
        let admin_id = member(m, 3).await.id;
        let admin = Some(Who { id: admin_id, admin: true });
        let own = Some(Who { id: me.id, admin: false });
        let draft = upload(m, me.id, None, "draft.pdf", &fx::pdf(1024)).await.unwrap();
        let key = key_of(&draft);
        for who in [None, stranger] {
            assert!(matches!(read::open(m, who, &key, false).await, Err(MarketError::NotFound)), "a draft is private");
        }
        assert!(!read_all(m, own, &key, false).await.unwrap().0.public);

        let mut idea = testkit::ideas::sample("公开与隐藏");
        idea.attachments = vec![draft.id];
        let idea = ideas::create(m, me.id, idea).await.unwrap();
        let (head, _) = read_all(m, None, &key, false).await.unwrap();
        assert!(head.public, "a visible idea's file is for everyone, cacheable");

        let boss =
            Viewer { id: admin_id, username: String::new(), is_admin: true, session_key: String::new(), address: None };
        market::moderation::hide_idea(m, &boss, idea.id, "核实中").await.unwrap();
        for who in [None, stranger] {
            assert!(
                matches!(read::open(m, who, &key, false).await, Err(MarketError::NotFound)),
                "hidden: gone for others"
            );
        }
        for who in [own, admin] {
            let (head, _) = read_all(m, who, &key, false).await.unwrap();
            assert!(!head.public, "the author and admins still read it, and nothing caches it");
        }
        for bad in ["../../etc/passwd", "ABCDEF", &key.to_uppercase(), &format!("{key}0")] {
            assert!(matches!(read::open(m, own, bad, false).await, Err(MarketError::NotFound)), "{bad}");
        }
    }
    on_both_stores!(backend, test);
}

async fn removed_abandoned_and_erased_files_lose_their_objects(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let other = member(m, 2).await;
        let photo = upload(m, me.id, None, "photo.jpg", &fx::jpeg_with_gps(16, 16)).await.unwrap();
        let key = key_of(&photo);
        assert!(m.files.exists(&key, false).await.unwrap() && m.files.exists(&key, true).await.unwrap());
        assert!(matches!(receive::remove(m, other.id, photo.id).await, Err(MarketError::NotFound)), "not theirs");
        receive::remove(m, me.id, photo.id).await.unwrap();
        assert!(!m.files.exists(&key, false).await.unwrap() && !m.files.exists(&key, true).await.unwrap());
        assert_eq!(rows(m).await, 0);

        // A crash mid-upload leaves a `receiving` row (and maybe its object): an hour later the
        // worker deletes both. A draft nobody submitted goes after a day.
        let kept = upload(m, me.id, None, "kept.pdf", &fx::pdf(1024)).await.unwrap();
        let stale = upload(m, me.id, None, "stale.pdf", &fx::pdf(1024)).await.unwrap();
        execute!(m.db.exec(), "UPDATE attachments SET state = 'receiving' WHERE id = ?", stale.id).unwrap();
        let now = Utc::now();
        assert_eq!(purge::run(m, now).await.unwrap(), 0, "nothing is old yet");
        assert_eq!(purge::run(m, now + TimeDelta::minutes(61)).await.unwrap(), 1);
        assert!(!m.files.exists(&key_of(&stale), false).await.unwrap());
        assert!(m.files.exists(&key_of(&kept), false).await.unwrap());
        assert_eq!(purge::run(m, now + TimeDelta::hours(25)).await.unwrap(), 1, "the unsubmitted draft");
        assert!(!m.files.exists(&key_of(&kept), false).await.unwrap());

        // A row marked for deletion (a crash between the mark and the delete) ends on the next run.
        let gone = upload(m, me.id, None, "gone.pdf", &fx::pdf(1024)).await.unwrap();
        execute!(m.db.exec(), "UPDATE attachments SET state = 'deleting' WHERE id = ?", gone.id).unwrap();
        assert_eq!(purge::run(m, Utc::now()).await.unwrap(), 1);
        assert_eq!(purge::run(m, Utc::now()).await.unwrap(), 0, "a second run finds nothing");

        // Erasing an account deletes every file its member uploaded.
        let mut idea = testkit::ideas::sample("注销前的创意");
        idea.attachments = vec![upload(m, other.id, None, "a.pdf", &fx::pdf(1024)).await.unwrap().id];
        let idea = ideas::create(m, other.id, idea).await.unwrap();
        let on_idea = key_of(&idea.attachments[0]);
        let password = members::PASSWORD.to_owned();
        market::accounts::closing::request(m, &other, password, None).await.unwrap();
        market::accounts::closing::erase_due(m, Utc::now() + TimeDelta::days(8)).await.unwrap();
        assert_eq!(purge::run(m, Utc::now()).await.unwrap(), 1);
        assert!(!m.files.exists(&on_idea, false).await.unwrap());
        assert!(
            ideas::get(m, idea.id, None, false).await.unwrap().attachments.is_empty(),
            "the idea stays, its files go"
        );
    }
    on_both_stores!(backend, test);
}

async fn files_change_only_while_the_idea_is_pending(backend: Backend) {
    async fn test(s: &Setup) {
        let m = &s.market;
        let me = member(m, 1).await;
        let other = member(m, 2).await;
        let idea = ideas::create(m, me.id, testkit::ideas::sample("开始竞价后")).await.unwrap();
        let on_idea = upload(m, me.id, Some(idea.id), "a.pdf", &fx::pdf(1024)).await.unwrap();
        assert!(matches!(
            upload(m, other.id, Some(idea.id), "b.pdf", &fx::pdf(1024)).await,
            Err(MarketError::NotFound)
        ));
        let mut tx = m.db.begin().await.unwrap();
        assert!(ideas::status::open_bidding(&mut tx, idea.id, 7.0, 0.5).await.unwrap());
        tx.commit().await.unwrap();
        let message = refusal(upload(m, me.id, Some(idea.id), "late.pdf", &fx::pdf(1024)).await);
        assert!(message.contains("竞价"), "{message}");
        assert!(matches!(receive::remove(m, me.id, on_idea.id).await, Err(MarketError::Invalid(_))));
        assert_eq!(ideas::get(m, idea.id, None, false).await.unwrap().attachments.len(), 1);
    }
    on_both_stores!(backend, test);
}

async fn pdf_readers_may_be_sent_to_a_signed_address(backend: Backend) {
    let s = Setup::new(backend, StoreKind::S3).await;
    let m =
        &s.market.clone().with_files(s.market.files.clone().with_redirect(Some(std::time::Duration::from_secs(60))));
    let me = member(m, 1).await;
    let document = fx::pdf(5000);
    let mut idea = testkit::ideas::sample("签名地址");
    idea.attachments = vec![
        upload(m, me.id, None, "deck.pdf", &document).await.unwrap().id,
        upload(m, me.id, None, "photo.jpg", &fx::jpeg_with_gps(16, 16)).await.unwrap().id,
    ];
    let idea = ideas::create(m, me.id, idea).await.unwrap();
    let (deck, photo) = (&idea.attachments[0], &idea.attachments[1]);
    let (head, body) = read::open(m, None, &key_of(deck), false).await.unwrap();
    let FileBody::Redirect(url) = body else { panic!("a public PDF is redirected") };
    assert!(url.query().is_some_and(|q| q.contains("X-Amz-Expires=60")), "{url}");
    let fetched = reqwest::get(url.as_str()).await.unwrap();
    assert_eq!(
        fetched.headers()["content-disposition"],
        head.disposition.unwrap().as_str(),
        "the bucket sends the download header"
    );
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), document.as_slice());
    assert!(read_all(m, None, &key_of(photo), false).await.is_ok(), "images are still streamed by the site");
    s.done().await;
}
