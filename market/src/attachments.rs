//! Files on ideas (up to [`model::ATTACHMENTS_MAX`]): images shown as a gallery and PDFs offered
//! for download, kept in an object store (a local folder by default, Alibaba OSS in production).
//!
//! The one writer of `attachments`. Object keys are random and made here; the uploader's file
//! name is only shown. Every object is written after its row (`receiving`) and deleted after its
//! row says so (`deleting`), so the worker ([`purge::run`]) can finish whatever a crash left.

pub mod images;
pub mod purge;
pub mod read;
pub mod receive;
pub mod sniff;
pub mod spool;
pub mod store;

use model::{Attachment, AttachmentKind, Msg};

pub use store::{Files, Limits};

use crate::db::{Exec, Tx};
use crate::error::{MarketError, MarketResult};
use crate::{execute, query_as};

/// Who asks, as far as files care.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub id: i64,
    pub admin: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    object_key: String,
    kind: String,
    name: String,
    bytes: i64,
    width: Option<i32>,
    height: Option<i32>,
}

const COLUMNS: &str = "id, object_key, kind, name, bytes, width, height";

impl Row {
    fn into_attachment(self) -> MarketResult<Attachment> {
        let kind = AttachmentKind::parse(&self.kind)
            .ok_or_else(|| anyhow::anyhow!("attachment {} has unknown kind {:?}", self.id, self.kind))?;
        let image = kind == AttachmentKind::Image;
        Ok(Attachment {
            id: self.id,
            kind,
            name: self.name,
            bytes: self.bytes,
            width: self.width.and_then(|w| u32::try_from(w).ok()),
            height: self.height.and_then(|h| u32::try_from(h).ok()),
            url: model::file_url(&self.object_key, false),
            thumb_url: image.then(|| model::file_url(&self.object_key, true)),
        })
    }
}

/// An idea's stored files, oldest first.
pub async fn of_idea(exec: Exec<'_>, idea_id: i64) -> MarketResult<Vec<Attachment>> {
    let rows = query_as!(
        exec,
        fetch_all,
        Row,
        &format!("SELECT {COLUMNS} FROM attachments WHERE idea_id = ? AND state = 'ready' ORDER BY id"),
        idea_id
    )?;
    rows.into_iter().map(Row::into_attachment).collect()
}

/// A member's files uploaded on the submit form and not yet on an idea, oldest first.
pub async fn drafts(exec: Exec<'_>, uploader_id: i64) -> MarketResult<Vec<Attachment>> {
    let rows = query_as!(
        exec,
        fetch_all,
        Row,
        &format!(
            "SELECT {COLUMNS} FROM attachments WHERE uploader_id = ? AND idea_id IS NULL AND state = 'ready' ORDER BY id"
        ),
        uploader_id
    )?;
    rows.into_iter().map(Row::into_attachment).collect()
}

/// Puts the author's draft files on their new idea, in the idea's own transaction.
pub async fn claim(tx: &mut Tx, author_id: i64, idea_id: i64, ids: &[i64]) -> MarketResult<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > model::ATTACHMENTS_MAX {
        return Err(refused(
            "attachments",
            Msg::new(
                format!("每个创意最多 {} 个附件", model::ATTACHMENTS_MAX),
                format!("An idea has at most {} attachments", model::ATTACHMENTS_MAX),
            ),
        ));
    }
    for id in ids {
        let moved = execute!(
            tx.exec(),
            "UPDATE attachments SET idea_id = ? WHERE id = ? AND uploader_id = ? AND idea_id IS NULL AND state = 'ready'",
            idea_id,
            id,
            author_id
        )?;
        if moved.rows != 1 {
            return Err(refused(
                "attachments",
                Msg::new("有附件已失效，请移除后重新上传", "An attachment has expired; remove it and upload it again"),
            ));
        }
    }
    Ok(())
}

/// Marks every file a closing account uploaded for deletion, in the erasure's transaction; the
/// worker then deletes the objects.
pub async fn forget_member(tx: &mut Tx, user_id: i64) -> MarketResult<u64> {
    Ok(execute!(
        tx.exec(),
        "UPDATE attachments SET state = 'deleting' WHERE uploader_id = ? AND state <> 'deleting'",
        user_id
    )?
    .rows)
}

fn refused(field: &str, message: Msg) -> MarketError {
    MarketError::invalid(field, message)
}
