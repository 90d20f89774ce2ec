//! What a file is, from its first bytes only: the name and the declared type are the uploader's
//! word, and an SVG, an executable or an HTML page named `photo.png` must not pass.

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    WebP,
    Pdf,
}

/// Enough bytes to tell every accepted kind apart.
pub const SNIFF_LEN: usize = 12;

impl Sniffed {
    /// The kind of a file that starts with `head` (at least [`SNIFF_LEN`] bytes unless the file
    /// is shorter), or `None` for anything not accepted.
    pub fn of(head: &[u8]) -> Option<Self> {
        match head {
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Self::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::WebP),
            [b'%', b'P', b'D', b'F', b'-', ..] => Some(Self::Pdf),
            _ => None,
        }
    }

    pub fn kind(self) -> model::AttachmentKind {
        match self {
            Self::Pdf => model::AttachmentKind::Pdf,
            _ => model::AttachmentKind::Image,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_kinds_are_told_by_their_bytes() {
        assert_eq!(Sniffed::of(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"), Some(Sniffed::Jpeg));
        assert_eq!(Sniffed::of(b"\x89PNG\r\n\x1a\n\0\0\0\x0d"), Some(Sniffed::Png));
        assert_eq!(Sniffed::of(b"RIFF\x24\0\0\0WEBPVP8 "), Some(Sniffed::WebP));
        assert_eq!(Sniffed::of(b"%PDF-1.7\n%\xE2\xE3"), Some(Sniffed::Pdf));
    }

    #[test]
    fn everything_else_is_refused() {
        for head in [
            &b"MZ\x90\0\x03\0\0\0\x04\0\0\0"[..],
            b"\x7fELF\x02\x01\x01\0\0\0\0\0",
            b"<svg xmlns='http://www.w3.org/2000/svg'>",
            b"<?xml version='1.0'?><svg",
            b"<html><script>",
            b"PK\x03\x04\x14\0\0\0",
            b"GIF89a\x01\0\x01\0",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"\x89PNG",
            b"",
        ] {
            assert_eq!(Sniffed::of(head), None, "{head:?}");
        }
    }
}
