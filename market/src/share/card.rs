//! The picture a shared link shows when an idea has no image of its own: 1200×630 (the size
//! WeChat, Weibo and Twitter crop to), in the site's colours, with the agents' consensus score in
//! large segment digits, each agent's score as a bar, and a QR code of the idea's address. No
//! text is drawn, so no font has to ship with the server: the title travels in `og:title`.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const INDIGO: Rgb<u8> = Rgb([79, 70, 229]);
const INK: Rgb<u8> = Rgb([49, 46, 129]);
const WHITE: Rgb<u8> = Rgb([255, 255, 255]);
const TRACK: Rgb<u8> = Rgb([226, 232, 240]);
/// One colour per agent, in the order of `model::Agent::ALL`.
const BARS: [Rgb<u8>; 5] =
    [Rgb([37, 99, 235]), Rgb([234, 88, 12]), Rgb([22, 163, 74]), Rgb([147, 51, 234]), Rgb([219, 39, 119])];

/// What the card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The consensus score, 0–10 (none before the analysis).
    pub score: Option<f64>,
    /// Each agent's score, 0–10, in `Agent::ALL` order (missing ones are empty bars).
    pub agents: [Option<f64>; 5],
    /// The address the QR code leads to.
    pub url: String,
}

/// Draws `card` as a PNG.
pub fn draw(card: &Card) -> Result<Vec<u8>, image::ImageError> {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, INDIGO);
    fill(&mut img, 48, 48, WIDTH - 96, HEIGHT - 96, WHITE);
    if let Some(score) = card.score {
        digits(&mut img, &format!("{:.1}", score.clamp(0.0, 10.0)), 110, 110, 190);
    }
    for (i, score) in card.agents.iter().enumerate() {
        let y = 350 + i as u32 * 44;
        fill(&mut img, 110, y, 520, 28, TRACK);
        let width = score.map_or(0, |s| (s.clamp(0.0, 10.0) / 10.0 * 520.0).round() as u32);
        fill(&mut img, 110, y, width, 28, BARS[i]);
    }
    if let Ok(code) = qrcode::QrCode::new(card.url.as_bytes()) {
        qr(&mut img, &code, 720, 135, 360);
    }
    let mut png = Cursor::new(Vec::new());
    img.write_to(&mut png, ImageFormat::Png)?;
    Ok(png.into_inner())
}

fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: Rgb<u8>) {
    for py in y..(y + h).min(img.height()) {
        for px in x..(x + w).min(img.width()) {
            img.put_pixel(px, py, colour);
        }
    }
}

/// The QR code's modules scaled into a `side`-pixel square at (`x`, `y`).
fn qr(img: &mut RgbImage, code: &qrcode::QrCode, x: u32, y: u32, side: u32) {
    let n = code.width() as u32;
    let module = (side / n).max(1);
    let offset = (side - module * n) / 2;
    for (i, colour) in code.to_colors().into_iter().enumerate() {
        if colour == qrcode::Color::Dark {
            let (col, row) = (i as u32 % n, i as u32 / n);
            fill(img, x + offset + col * module, y + offset + row * module, module, module, INK);
        }
    }
}

/// Which of the seven segments (a–g) each digit lights.
const SEGMENTS: [[bool; 7]; 10] = [
    [true, true, true, true, true, true, false],
    [false, true, true, false, false, false, false],
    [true, true, false, true, true, false, true],
    [true, true, true, true, false, false, true],
    [false, true, true, false, false, true, true],
    [true, false, true, true, false, true, true],
    [true, false, true, true, true, true, true],
    [true, true, true, false, false, false, false],
    [true, true, true, true, true, true, true],
    [true, true, true, true, false, true, true],
];

/// `text` (digits and a point) as segment digits `height` pixels tall, from (`x`, `y`).
fn digits(img: &mut RgbImage, text: &str, mut x: u32, y: u32, height: u32) {
    let t = height / 9;
    let w = height / 2;
    let half = height / 2;
    for c in text.chars() {
        if c == '.' {
            fill(img, x, y + height - t, t, t, INK);
            x += t * 3;
            continue;
        }
        let Some(lit) = c.to_digit(10).map(|d| SEGMENTS[d as usize]) else { continue };
        let bars = [
            (x, y, w, t),                   // a: top
            (x + w - t, y, t, half),        // b: upper right
            (x + w - t, y + half, t, half), // c: lower right
            (x, y + height - t, w, t),      // d: bottom
            (x, y + half, t, half),         // e: lower left
            (x, y, t, half),                // f: upper left
            (x, y + half - t / 2, w, t),    // g: middle
        ];
        for (on, (bx, by, bw, bh)) in lit.into_iter().zip(bars) {
            if on {
                fill(img, bx, by, bw, bh, INK);
            }
        }
        x += w + t * 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(card: &Card) -> RgbImage {
        let png = draw(card).expect("drawn");
        image::load_from_memory_with_format(&png, ImageFormat::Png).expect("a PNG").to_rgb8()
    }

    #[test]
    fn a_card_is_a_png_of_the_shared_size_with_its_score_bars_and_code() {
        let card = Card {
            score: Some(7.4),
            agents: [Some(10.0), Some(5.0), None, Some(0.0), Some(8.0)],
            url: "https://example.com/ideas/7".into(),
        };
        let img = decoded(&card);
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        // The first bar is full, the second half, the third empty.
        assert_eq!(*img.get_pixel(110 + 519, 350 + 10), BARS[0]);
        assert_eq!(*img.get_pixel(110 + 259, 394 + 10), BARS[1]);
        assert_eq!(*img.get_pixel(110 + 261, 394 + 10), TRACK);
        assert_eq!(*img.get_pixel(110 + 5, 438 + 10), TRACK);
        // The QR code's dark modules are drawn in its square.
        let dark = (720..1080)
            .flat_map(|x| (135..495).map(move |y| (x, y)))
            .filter(|&(x, y)| *img.get_pixel(x, y) == INK)
            .count();
        assert!(dark > 10_000, "{dark} dark pixels");
        // "7.4": the 7 lights its top bar; without a score nothing is drawn there.
        assert_eq!(*img.get_pixel(130, 115), INK);
        let blank = decoded(&Card { score: None, ..card });
        assert_eq!(*blank.get_pixel(130, 115), WHITE);
    }
}
