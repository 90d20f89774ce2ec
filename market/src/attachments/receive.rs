//! Taking a file in, and taking it off again. A file goes through four gates before anything is
//! stored: room on the idea (count and size), the kind from its first bytes, its size as it
//! arrives, and for images a decode and a fresh encode. Refusals are typed into the `file`
//! field with a message in Chinese; nothing refused leaves a trace.

use std::fmt::Display;

use bytes::Bytes;
use futures_util::Stream;
use model::{ATTACHMENTS_MAX, Attachment, AttachmentKind, Msg};

use super::images::{self, ImageRefusal};
use super::spool::{SpoolRefusal, spool};
use super::{COLUMNS, Row, refused};
use crate::db::Exec;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

/// Room taken on an idea (or among a member's drafts) by files stored or on their way.
struct Taken {
    files: usize,
    bytes: u64,
}

/// Where a file goes: onto an idea of the uploader's that is still `pending`, or among the
/// uploader's drafts for the idea they are writing.
async fn taken(exec: Exec<'_>, uploader: i64, idea: Option<i64>, states: &str) -> MarketResult<Taken> {
    let sizes: Vec<i64> = match idea {
        Some(idea) => query_scalar!(
            exec,
            fetch_all,
            i64,
            &format!("SELECT bytes FROM attachments WHERE idea_id = ? AND state IN ({states})"),
            idea
        )?,
        None => query_scalar!(
            exec,
            fetch_all,
            i64,
            &format!("SELECT bytes FROM attachments WHERE uploader_id = ? AND idea_id IS NULL AND state IN ({states})"),
            uploader
        )?,
    };
    Ok(Taken { files: sizes.len(), bytes: sizes.iter().map(|b| u64::try_from(*b).unwrap_or(0)).sum() })
}

/// Whether `idea` is the uploader's and still takes changes to its files.
async fn check_idea(exec: Exec<'_>, uploader: i64, idea: i64) -> MarketResult<()> {
    let status: Option<String> = query_scalar!(
        exec,
        fetch_optional,
        String,
        "SELECT status FROM ideas WHERE id = ? AND author_id = ?",
        idea,
        uploader
    )?;
    match status.as_deref() {
        None => Err(MarketError::NotFound),
        Some("pending") => Ok(()),
        Some(_) => Err(refused(
            "file",
            Msg::new(
                "创意已进入竞价，附件不能再更改",
                "The idea is up for auction: its attachments can no longer change",
            ),
        )),
    }
}

/// The uploader's file name without folders or control characters, at most 100 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() { "附件".to_owned() } else { clean.to_owned() }
}

fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// Receives one file for `uploader`, onto `idea` or as a draft, streaming `body` to disk first.
#[tracing::instrument(skip(market, body), fields(name = %name))]
pub async fn receive<S, E>(
    market: &Market,
    uploader: i64,
    idea: Option<i64>,
    name: &str,
    body: S,
) -> MarketResult<Attachment>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Display,
{
    let files = &market.files;
    let limits = files.limits;
    if let Some(idea) = idea {
        check_idea(market.db.exec(), uploader, idea).await?;
    }
    let before = taken(market.db.exec(), uploader, idea, "'receiving', 'ready'").await?;
    if before.files >= ATTACHMENTS_MAX {
        return Err(refused(
            "file",
            Msg::new(
                format!("每个创意最多 {ATTACHMENTS_MAX} 个附件"),
                format!("An idea has at most {ATTACHMENTS_MAX} attachments"),
            ),
        ));
    }
    let left = limits.per_idea.saturating_sub(before.bytes);
    let limit = limits.per_file.min(left);
    let too_large = || {
        if limit < limits.per_file {
            refused(
                "file",
                Msg::new(
                    format!("每个创意的附件合计不能超过 {} MB", mb(limits.per_idea)),
                    format!("An idea's attachments add up to at most {} MB", mb(limits.per_idea)),
                ),
            )
        } else {
            refused(
                "file",
                Msg::new(
                    format!("单个文件不能超过 {} MB", mb(limits.per_file)),
                    format!("A file is at most {} MB", mb(limits.per_file)),
                ),
            )
        }
    };
    let spooled = spool(files.spool_dir(), body, limit).await.map_err(|refusal| match refusal {
        SpoolRefusal::Empty => refused("file", Msg::new("文件是空的", "The file is empty")),
        SpoolRefusal::NotAccepted => refused(
            "file",
            Msg::new(
                "只支持 JPEG、PNG、WebP 图片和 PDF 文档",
                "Only JPEG, PNG and WebP images and PDF documents are accepted",
            ),
        ),
        SpoolRefusal::TooLarge => too_large(),
        SpoolRefusal::Broken(cause) => {
            tracing::info!(%cause, "upload broke off");
            refused("file", Msg::new("上传中断，请重试", "The upload broke off; please try again"))
        }
        SpoolRefusal::Io(e) => MarketError::Internal(anyhow::Error::new(e).context("receiving an upload")),
    })?;

    let kind = spooled.sniffed.kind();
    let image = match kind {
        AttachmentKind::Pdf => None,
        AttachmentKind::Image => {
            let _turn = files.decoding().acquire().await.map_err(anyhow::Error::from)?;
            let (path, sniffed) = (spooled.path.clone(), spooled.sniffed);
            let processed = tokio::task::spawn_blocking(move || images::process(&path, sniffed))
                .await
                .map_err(anyhow::Error::from)?
                .map_err(|refusal| match refusal {
                    ImageRefusal::TooLarge { width, height } => {
                        let megapixels = images::MAX_PIXELS / 1_000_000;
                        let side = images::MAX_SIDE;
                        refused("file", Msg::new(format!("图片尺寸 {width}×{height} 过大（每边最多 {side} 像素，总计不超过 {megapixels} 百万像素）"), format!("The image is too large at {width}×{height} (at most {side} pixels a side and {megapixels} megapixels in all)")))
                    }
                    ImageRefusal::Unreadable => refused("file", Msg::new("图片无法读取，可能已损坏", "The image cannot be read; it may be damaged")),
                })?;
            // Encoded again, an image may come out larger than it came in.
            if processed.bytes.len() as u64 > limit {
                return Err(too_large());
            }
            Some(processed)
        }
    };

    let key = uuid::Uuid::new_v4().simple().to_string();
    let (content_type, bytes, width, height) = match &image {
        Some(p) => (p.content_type, p.bytes.len() as i64, Some(p.width as i32), Some(p.height as i32)),
        None => ("application/pdf", spooled.bytes as i64, None, None),
    };
    let display_name = clean_name(name);
    // The row first: from here on the worker knows of the object even if we crash.
    let id = execute!(
        market.db.exec(),
        "INSERT INTO attachments (uploader_id, idea_id, object_key, kind, content_type, name, bytes, width, height, state, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'receiving', ?)",
        uploader,
        idea,
        &key,
        kind.as_str(),
        content_type,
        &display_name,
        bytes,
        width,
        height,
        chrono::Utc::now()
    )?
    .last_id;

    let stored = match image {
        Some(p) => match files.put_bytes(&key, true, p.thumb, "image/jpeg").await {
            Ok(()) => files.put_bytes(&key, false, p.bytes, content_type).await.map_err(anyhow::Error::from),
            Err(e) => Err(e.into()),
        },
        None => files.put_file(&key, &spooled.path, content_type, Some(&download_disposition(&display_name))).await,
    };
    if let Err(e) = stored {
        super::purge::abandon(market, id, &key).await;
        return Err(MarketError::Internal(e.context("storing an attachment")));
    }
    drop(spooled);

    // Others may have filled the idea meanwhile, or its analysis may have begun.
    let mut tx = market.db.begin().await?;
    let still = match idea {
        Some(idea) => check_idea(tx.exec(), uploader, idea).await,
        None => Ok(()),
    };
    let now = taken(tx.exec(), uploader, idea, "'ready'").await?;
    let fits = now.files < ATTACHMENTS_MAX && now.bytes + bytes as u64 <= limits.per_idea;
    if still.is_err() || !fits {
        drop(tx);
        super::purge::abandon(market, id, &key).await;
        still?;
        return Err(refused(
            "file",
            Msg::new(
                format!("每个创意最多 {ATTACHMENTS_MAX} 个附件、合计 {} MB", mb(limits.per_idea)),
                format!("An idea has at most {ATTACHMENTS_MAX} attachments, {} MB in all", mb(limits.per_idea)),
            ),
        ));
    }
    execute!(tx.exec(), "UPDATE attachments SET state = 'ready' WHERE id = ? AND state = 'receiving'", id)?;
    let row = query_as!(tx.exec(), fetch_one, Row, &format!("SELECT {COLUMNS} FROM attachments WHERE id = ?"), id)?;
    tx.commit().await?;
    if idea.is_some() && kind == AttachmentKind::Image {
        crate::idea_lists::invalidate(market).await;
    }
    tracing::info!(attachment_id = id, kind = kind.as_str(), bytes, "attachment stored");
    row.into_attachment()
}

/// `attachment; filename="…"` with an ASCII stand-in and the real name percent-encoded (RFC 6266),
/// so no name can break out of the header.
pub fn download_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') { c } else { '_' })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", model::url::percent_encode(name))
}

/// Takes a file off: the uploader's draft, or a file on their idea while it is `pending`. The
/// objects go at once when they can, else by the worker.
#[tracing::instrument(skip(market))]
pub async fn remove(market: &Market, uploader: i64, id: i64) -> MarketResult<()> {
    let mut tx = market.db.begin().await?;
    let target: Option<(String, Option<i64>, String)> = query_as!(
        tx.exec(),
        fetch_optional,
        (String, Option<i64>, String),
        "SELECT object_key, idea_id, kind FROM attachments WHERE id = ? AND uploader_id = ? AND state = 'ready'",
        id,
        uploader
    )?;
    let Some((key, idea, kind)) = target else {
        return Err(MarketError::NotFound);
    };
    if let Some(idea) = idea {
        check_idea(tx.exec(), uploader, idea).await?;
    }
    execute!(tx.exec(), "UPDATE attachments SET state = 'deleting' WHERE id = ? AND state = 'ready'", id)?;
    tx.commit().await?;
    if idea.is_some() && kind == "image" {
        crate::idea_lists::invalidate(market).await;
    }
    super::purge::finish(market, id, &key).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd.png"), "passwd.png");
        assert_eq!(clean_name("C:\\Users\\me\\pitch deck.pdf"), "pitch deck.pdf");
        assert_eq!(clean_name("a\u{0}b\r\nc.pdf"), "abc.pdf");
        assert_eq!(clean_name("../"), "附件");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        assert_eq!(clean_name(&"长".repeat(300)).chars().count(), 100);
    }

    #[test]
    fn the_download_header_cannot_be_broken_out_of() {
        let d = download_disposition("计划\"; x=1\r\n.pdf");
        assert!(d.starts_with("attachment; filename=\"__"));
        assert!(!d.contains('\r') && !d.contains('\n'));
        assert_eq!(d.matches('"').count(), 2);
        assert!(d.contains("filename*=UTF-8''%E8%AE%A1%E5%88%92%22%3B%20x%3D1%0D%0A.pdf"));
    }
}
