//! Images are decoded and encoded again before they are stored: what comes out holds pixels
//! only, so EXIF (GPS included), text chunks and anything hidden after the image data are gone.
//! The dimensions are read from the header first, so a small file that claims a huge picture is
//! refused before a pixel is decoded.

use std::fs::File;
use std::io::{BufReader, Cursor};
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

use super::sniff::Sniffed;

/// No side longer than this...
pub const MAX_SIDE: u32 = 12_000;
/// ...and no more pixels than this (40 megapixels: a 160 MB bitmap at most while it is encoded).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Thumbnails fit this square.
const THUMB_SIDE: u32 = 480;
const JPEG_QUALITY: u8 = 85;

/// The image as stored, and its thumbnail (always JPEG).
pub struct Processed {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ImageRefusal {
    TooLarge { width: u32, height: u32 },
    Unreadable,
}

/// Decodes the image at `path` and encodes it again: JPEG stays JPEG, PNG stays PNG, WebP becomes
/// JPEG (or PNG when it has transparency). Blocking: run it off the async threads.
pub fn process(path: &Path, sniffed: Sniffed) -> Result<Processed, ImageRefusal> {
    let format = match sniffed {
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Png => ImageFormat::Png,
        Sniffed::WebP => ImageFormat::WebP,
        Sniffed::Pdf => return Err(ImageRefusal::Unreadable),
    };
    let open = || File::open(path).map(|f| ImageReader::with_format(BufReader::new(f), format));
    let (width, height) =
        open().map_err(|_| ImageRefusal::Unreadable)?.into_dimensions().map_err(|_| ImageRefusal::Unreadable)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageRefusal::TooLarge { width, height });
    }
    let mut reader = open().map_err(|_| ImageRefusal::Unreadable)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| ImageRefusal::Unreadable)?;
    // The orientation lives in EXIF, which goes: turn the pixels the way the camera meant.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ImageRefusal::Unreadable)?;
    img.apply_orientation(orientation);

    let keep_png = format == ImageFormat::Png || (format == ImageFormat::WebP && img.color().has_alpha());
    let (bytes, content_type) = if keep_png {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).map_err(|_| ImageRefusal::Unreadable)?;
        (out.into_inner(), "image/png")
    } else {
        (jpeg(&img.to_rgb8())?, "image/jpeg")
    };
    // `thumbnail` fits the square both ways: a small image keeps its size.
    let small = img.width() <= THUMB_SIDE && img.height() <= THUMB_SIDE;
    let thumb = jpeg(&on_white(&if small { img.clone() } else { img.thumbnail(THUMB_SIDE, THUMB_SIDE) }))?;
    Ok(Processed { bytes, content_type, width: img.width(), height: img.height(), thumb })
}

fn jpeg(rgb: &RgbImage) -> Result<Vec<u8>, ImageRefusal> {
    let mut out = Vec::new();
    rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        .map_err(|_| ImageRefusal::Unreadable)?;
    Ok(out)
}

/// Transparent parts become white (JPEG has no transparency; dropping alpha would show
/// whatever colour the hidden pixels happen to have).
fn on_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        Rgb([blend(r), blend(g), blend(b)])
    })
}
