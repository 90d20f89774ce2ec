//! Files for the attachment tests, good and hostile, made in code so their content is known.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// The text hidden in [`jpeg_with_gps`]'s EXIF segment.
pub const GPS_SECRET: &str = "GPS-39.9042N-116.4074E-SECRET";
/// The script hidden in [`png_with_script`]'s text chunk.
pub const PNG_SCRIPT: &str = "<script>alert('png')</script>";

fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]))
}

/// A JPEG whose EXIF segment (a valid, empty TIFF header) carries [`GPS_SECRET`].
pub fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    picture(width, height).write_with_encoder(JpegEncoder::new_with_quality(&mut plain, 90)).unwrap();
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(GPS_SECRET.as_bytes());
    let len = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1, len[0], len[1]]);
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A transparent-cornered PNG with [`PNG_SCRIPT`] in a `tEXt` chunk, CRC and all.
pub fn png_with_script(width: u32, height: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(width, height, |x, y| {
        Rgba([200, (x % 256) as u8, (y % 256) as u8, if x < 4 { 0 } else { 255 }])
    });
    let mut plain = Cursor::new(Vec::new());
    img.write_to(&mut plain, ImageFormat::Png).unwrap();
    let plain = plain.into_inner();
    let iend = plain.len() - 12;
    let mut text = b"Comment\0".to_vec();
    text.extend_from_slice(PNG_SCRIPT.as_bytes());
    let mut out = plain[..iend].to_vec();
    out.extend_from_slice(&chunk(b"tEXt", &text));
    out.extend_from_slice(&plain[iend..]);
    out
}

/// A tiny PNG whose header claims `width`×`height` pixels (a decompression bomb's shape): a
/// decoder that trusted it would allocate gigabytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    out.extend_from_slice(&chunk(b"IHDR", &ihdr));
    out.extend_from_slice(&chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    out.extend_from_slice(&chunk(b"IEND", &[]));
    out
}

/// A WebP (lossless) with transparency.
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(width, height, |x, _| Rgba([10, 20, 30, if x % 2 == 0 { 0 } else { 255 }]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::WebP).unwrap();
    out.into_inner()
}

/// A PDF of exactly `size` bytes (at least 32): a header, filler comments, the end marker.
pub fn pdf(size: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let tail = b"\n%%EOF\n";
    while out.len() + tail.len() < size {
        let line = b"% filler line of a test document\n";
        let room = size - tail.len() - out.len();
        out.extend_from_slice(&line[..line.len().min(room)]);
    }
    out.extend_from_slice(tail);
    out
}

/// A Windows executable's first bytes.
pub const EXE: &[u8] =
    b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0This program cannot be run in DOS mode.";
/// An SVG with a script.
pub const SVG: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>";
