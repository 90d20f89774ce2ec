//! An upload is written to a file of its own as it arrives, so a 10 MB upload costs the server a
//! few buffers of memory, not 10 MB, however many arrive at once. Its kind is decided from the
//! first bytes and its size counted as it comes: a wrong kind or one byte too many stops it there.

use std::fmt::Display;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::io::AsyncWriteExt;

use super::sniff::{SNIFF_LEN, Sniffed};

const SPOOL_BUFFER: usize = 64 * 1024;

/// A received file, removed from disk when dropped.
#[derive(Debug)]
pub struct Spooled {
    pub path: PathBuf,
    pub sniffed: Sniffed,
    pub bytes: u64,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[derive(Debug)]
pub enum SpoolRefusal {
    Empty,
    TooLarge,
    NotAccepted,
    /// The upload broke off (the client went away or sent a malformed body).
    Broken(String),
    Io(std::io::Error),
}

/// Removes a partial file however the receiving ends.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `body` to a new file in `dir`, refusing it as soon as it is not an accepted kind or
/// passes `limit` bytes.
pub async fn spool<S, E>(dir: &Path, mut body: S, limit: u64) -> Result<Spooled, SpoolRefusal>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Display,
{
    tokio::fs::create_dir_all(dir).await.map_err(SpoolRefusal::Io)?;
    let path = dir.join(format!("upload-{}", uuid::Uuid::new_v4().simple()));
    let mut partial = Partial(Some(path.clone()));
    let mut file = tokio::fs::File::create(&path).await.map_err(SpoolRefusal::Io)?;
    // tokio's file copies each write into a buffer of up to 2 MB for its blocking thread; a
    // smaller one keeps many uploads at once from adding up.
    file.set_max_buf_size(SPOOL_BUFFER);
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_LEN);
    let mut sniffed = None;
    let mut bytes = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| SpoolRefusal::Broken(e.to_string()))?;
        bytes += chunk.len() as u64;
        if bytes > limit {
            return Err(SpoolRefusal::TooLarge);
        }
        if sniffed.is_none() {
            let take = (SNIFF_LEN - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() == SNIFF_LEN {
                sniffed = Some(Sniffed::of(&head).ok_or(SpoolRefusal::NotAccepted)?);
            }
        }
        file.write_all(&chunk).await.map_err(SpoolRefusal::Io)?;
    }
    if bytes == 0 {
        return Err(SpoolRefusal::Empty);
    }
    let sniffed = match sniffed {
        Some(s) => s,
        None => Sniffed::of(&head).ok_or(SpoolRefusal::NotAccepted)?,
    };
    file.flush().await.map_err(SpoolRefusal::Io)?;
    file.sync_all().await.map_err(SpoolRefusal::Io)?;
    partial.0 = None;
    Ok(Spooled { path, sniffed, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&[u8]]) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
        futures_util::stream::iter(parts.iter().map(|p| Ok(Bytes::copy_from_slice(p))).collect::<Vec<_>>())
    }

    fn dir() -> PathBuf {
        std::env::temp_dir().join(format!("spool-test-{}", uuid::Uuid::new_v4().simple()))
    }

    #[tokio::test]
    async fn a_pdf_in_small_chunks_is_told_from_its_head_and_kept_whole() {
        let dir = dir();
        let spooled = spool(&dir, chunks(&[b"%P", b"DF-1.", b"4\n", b"rest of it"]), 100).await.unwrap();
        assert_eq!(spooled.sniffed, Sniffed::Pdf);
        assert_eq!(spooled.bytes, 19);
        assert_eq!(std::fs::read(&spooled.path).unwrap(), b"%PDF-1.4\nrest of it");
        let path = spooled.path.clone();
        drop(spooled);
        assert!(!path.exists(), "the spooled file goes when dropped");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn refusals_leave_no_file_behind() {
        let dir = dir();
        assert!(matches!(spool(&dir, chunks(&[]), 100).await, Err(SpoolRefusal::Empty)));
        assert!(matches!(
            spool(&dir, chunks(&[b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff"]), 100).await,
            Err(SpoolRefusal::NotAccepted)
        ));
        assert!(matches!(spool(&dir, chunks(&[b"%PDF-1.4", &[0; 100]]), 100).await, Err(SpoolRefusal::TooLarge)));
        assert!(matches!(spool(&dir, chunks(&[b"<svg"]), 100).await, Err(SpoolRefusal::NotAccepted)));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(dir);
    }
}
