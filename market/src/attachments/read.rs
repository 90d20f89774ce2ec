//! Reading a file back. A file is shown to everyone once its idea is visible; a draft only to
//! its uploader, a hidden idea's files only to its author and admins. Anyone else is told it
//! does not exist.

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use model::AttachmentKind;

use super::Who;
use super::receive::download_disposition;
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as};

/// What the web edge needs to answer with a file.
#[derive(Debug)]
pub struct FileHead {
    pub kind: AttachmentKind,
    pub content_type: String,
    /// For PDFs: `attachment` with the uploader's name, safely encoded.
    pub disposition: Option<String>,
    /// Whether any cache may keep it (its idea is visible to everyone).
    pub public: bool,
    pub size: u64,
}

pub enum FileBody {
    Stream(BoxStream<'static, Result<Bytes, std::io::Error>>),
    /// A signed address at the store, short-lived.
    Redirect(url::Url),
}

#[derive(sqlx::FromRow)]
struct Access {
    kind: String,
    content_type: String,
    name: String,
    uploader_id: i64,
    idea_id: Option<i64>,
    hidden: Option<bool>,
}

/// Keys are 32 lowercase hex digits; anything else is not ours.
fn is_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The file with this key (its thumbnail when `thumb`), if `who` may see it.
pub async fn open(market: &Market, who: Option<Who>, key: &str, thumb: bool) -> MarketResult<(FileHead, FileBody)> {
    if !is_key(key) {
        return Err(MarketError::NotFound);
    }
    let access = query_as!(
        market.db.exec(),
        fetch_optional,
        Access,
        "SELECT a.kind, a.content_type, a.name, a.uploader_id, a.idea_id, i.hidden FROM attachments a \
         LEFT JOIN ideas i ON i.id = a.idea_id WHERE a.object_key = ? AND a.state = 'ready'",
        key
    )?
    .ok_or(MarketError::NotFound)?;
    let public = access.idea_id.is_some() && access.hidden == Some(false);
    let own = who.is_some_and(|w| w.id == access.uploader_id || w.admin);
    if !public && !own {
        return Err(MarketError::NotFound);
    }
    let kind = AttachmentKind::parse(&access.kind).ok_or(MarketError::NotFound)?;
    if thumb && kind != AttachmentKind::Image {
        return Err(MarketError::NotFound);
    }
    let content_type = if thumb { "image/jpeg".to_owned() } else { access.content_type };
    let disposition = (kind == AttachmentKind::Pdf).then(|| download_disposition(&access.name));
    let files = &market.files;
    // Only downloads are redirected: an image from the bucket's origin would need the pages'
    // `img-src` to trust it, and images are cached for a year anyway.
    if public
        && kind == AttachmentKind::Pdf
        && let Some(url) = files.signed_url(key, false).await
    {
        return Ok((FileHead { kind, content_type, disposition, public, size: 0 }, FileBody::Redirect(url)));
    }
    let got = files.get(key, thumb).await.map_err(|e| match e {
        object_store::Error::NotFound { .. } => {
            tracing::error!(key, thumb, "an attachment's object is missing");
            MarketError::NotFound
        }
        e => MarketError::Internal(anyhow::Error::new(e).context("reading an attachment")),
    })?;
    let size = got.meta.size;
    let stream = got.into_stream().map(|chunk| chunk.map_err(std::io::Error::other)).boxed();
    Ok((FileHead { kind, content_type, disposition, public, size }, FileBody::Stream(stream)))
}
