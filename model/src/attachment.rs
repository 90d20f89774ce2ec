//! Files on ideas: images shown as a gallery (and the card's cover), PDFs offered for download.

use serde::{Deserialize, Serialize};

/// At most this many files on one idea.
pub const ATTACHMENTS_MAX: usize = 6;
/// What the file picker offers; the server decides by the content, never by this.
pub const ATTACHMENT_ACCEPT: &str = "image/jpeg,image/png,image/webp,application/pdf";

/// What a file is, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Image,
    Pdf,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Pdf => "pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "image" => Some(Self::Image),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// One stored file. `url` (and `thumb_url` for images) are the site's own addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: i64,
    pub kind: AttachmentKind,
    /// The name the file had on the uploader's machine, without any folder: shown, never used
    /// to store or find the file.
    pub name: String,
    /// Size as stored (images after re-encoding).
    pub bytes: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb_url: Option<String>,
}

/// The address of a stored file (`thumb` for an image's thumbnail).
pub fn file_url(key: &str, thumb: bool) -> String {
    if thumb { format!("/files/{key}/thumb") } else { format!("/files/{key}") }
}

/// A size in bytes for people: `812 KB`, `4.2 MB`.
pub fn file_size(bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    if bytes >= MB { format!("{:.1} MB", bytes as f64 / MB as f64) } else { format!("{} KB", (bytes + 1023) / 1024) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_expect() {
        assert_eq!(file_size(0), "0 KB");
        assert_eq!(file_size(1), "1 KB");
        assert_eq!(file_size(1024 * 1024 * 42 / 10), "4.2 MB");
    }

    #[test]
    fn kinds_round_trip() {
        for kind in [AttachmentKind::Image, AttachmentKind::Pdf] {
            assert_eq!(AttachmentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AttachmentKind::parse("svg"), None);
    }
}
