//! A small PDF writer for the portal's printable reports (an access review's evidence):
//! US Letter pages of text in Helvetica and Helvetica-Bold (two of the standard fonts
//! every PDF reader has, so nothing is embedded), lines wrapped to the page by the fonts'
//! real character widths, a new page when one is full, and a footer with "Page N of M" on
//! each. Text is WinAnsi-encoded: Latin letters with accents and the typographic quotes
//! and dashes print; any other character prints as "?".
//!
//! The output is PDF 1.4 without compression, so a test can read its text back.

use std::fmt::Write as _;

pub mod access_review;

/// Letter, in points.
const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
const FOOTER_Y: f32 = 30.0;

/// A face of Helvetica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    fn resource(self) -> &'static str {
        match self {
            Face::Regular => "F1",
            Face::Bold => "F2",
        }
    }

    /// The width of `byte` (WinAnsi) in thousandths of the font size: the AFM widths of
    /// Helvetica and Helvetica-Bold for printable ASCII, an average for the rest.
    fn width(self, byte: u8) -> u16 {
        const REGULAR: [u16; 95] = [
            278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667,
            667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
            667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
            556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278,
            556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
        ];
        const BOLD: [u16; 95] = [
            278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556,
            556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722,
            722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722,
            667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556,
            611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333,
            611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
        ];
        let table = match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        };
        match byte {
            32..=126 => table[usize::from(byte - 32)],
            _ => 556,
        }
    }
}

/// `text` in WinAnsi: Latin-1 as it is, the typographic punctuation at its WinAnsi place,
/// control characters as spaces, anything else as "?".
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '\u{20ac}' => 0x80,
            '\u{2026}' => 0x85,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            c if c.is_control() => b' ',
            _ => b'?',
        })
        .collect()
}

/// `bytes` as a PDF literal string: parentheses and backslashes escaped, and every byte
/// outside printable ASCII in octal, so the file stays 7-bit.
fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            32..=126 => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

fn width_of(face: Face, size: f32, bytes: &[u8]) -> f32 {
    bytes.iter().map(|b| f32::from(face.width(*b))).sum::<f32>() * size / 1000.0
}

/// `text` broken into lines no wider than `max` points, at spaces (a word longer than a
/// line is broken where it must be).
pub fn wrap(face: Face, size: f32, text: &str, max: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in win_ansi(text)
        .split(|b| *b == b' ')
        .filter(|w| !w.is_empty())
    {
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if width_of(face, size, &candidate) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while width_of(face, size, rest) > max {
            let mut cut = rest.len();
            while cut > 1 && width_of(face, size, &rest[..cut]) > max {
                cut -= 1;
            }
            lines.push(rest[..cut].to_vec());
            rest = &rest[cut..];
        }
        line = rest.to_vec();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A document being laid out from the top of the first page down.
#[derive(Debug)]
pub struct Document {
    title: String,
    footer: String,
    pages: Vec<String>,
    /// Where the next line's baseline goes on the last page.
    y: f32,
}

impl Document {
    /// An empty document titled `title`; `footer` is printed on each page before
    /// "Page N of M".
    pub fn new(title: &str, footer: &str) -> Document {
        Document {
            title: title.to_owned(),
            footer: footer.to_owned(),
            pages: vec![String::new()],
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn page(&mut self) -> &mut String {
        self.pages.last_mut().expect("a document has a page")
    }

    /// Start a new page unless `height` points still fit above the bottom margin.
    pub fn keep(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(String::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    /// `text` wrapped to the page width, starting `indent` points in; gray when asked.
    pub fn paragraph(&mut self, face: Face, size: f32, indent: f32, gray: bool, text: &str) {
        let leading = size * 1.3;
        let lines = wrap(face, size, text, PAGE_WIDTH - 2.0 * MARGIN - indent);
        for line in lines {
            self.keep(leading);
            self.y -= leading;
            let (x, y) = (MARGIN + indent, self.y);
            let color = if gray { "0.35 g" } else { "0 g" };
            let op = format!(
                "BT {color} /{} {size} Tf {x:.1} {y:.1} Td {} Tj ET\n",
                face.resource(),
                literal(&line)
            );
            self.page().push_str(&op);
        }
    }

    /// Empty space.
    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A thin line across the page.
    pub fn rule(&mut self) {
        self.keep(8.0);
        self.y -= 4.0;
        let y = self.y;
        let op = format!(
            "0.75 G 0.5 w {MARGIN:.1} {y:.1} m {:.1} {y:.1} l S\n",
            PAGE_WIDTH - MARGIN
        );
        self.page().push_str(&op);
        self.y -= 4.0;
    }

    /// The finished file.
    pub fn finish(self) -> Vec<u8> {
        let count = self.pages.len();
        let mut objects: Vec<String> = Vec::new();
        // 1 catalog, 2 page tree, 3 and 4 the fonts, 5 the info; then page, contents pairs.
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
        objects.push(format!(
            "<< /Type /Pages /Kids [{}] /Count {count} >>",
            kids.join(" ")
        ));
        for font in ["Helvetica", "Helvetica-Bold"] {
            objects.push(format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
            ));
        }
        objects.push(format!(
            "<< /Title {} /Producer (Dealer Access) >>",
            literal(&win_ansi(&self.title))
        ));
        for (i, body) in self.pages.iter().enumerate() {
            let footer = format!("{} \u{b7} Page {} of {count}", self.footer, i + 1);
            let content = format!(
                "{body}BT 0.35 g /F1 8 Tf {MARGIN:.1} {FOOTER_Y:.1} Td {} Tj ET\n",
                literal(&win_ansi(&footer))
            );
            objects.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                7 + 2 * i
            ));
            objects.push(format!(
                "<< /Length {} >>\nstream\n{content}endstream",
                content.len()
            ));
        }
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            let _ = write!(out, "{} 0 obj\n{object}\nendobj\n", i + 1);
        }
        let xref = out.len();
        let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for offset in offsets {
            let _ = writeln!(out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.into_bytes()
    }
}

/// Whether `pdf` is a file a reader opens without repairing it: the header and the end
/// marker, `startxref` at the cross-reference table, each of the table's offsets at its
/// object, and each stream as long as it says. What it found wrong, if anything.
pub fn well_formed(pdf: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(pdf).map_err(|_| "not 7-bit text".to_owned())?;
    if !text.starts_with("%PDF-1.4\n") || !text.ends_with("%%EOF\n") {
        return Err("no PDF header or end marker".into());
    }
    let start: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|t| t.lines().next())
        .and_then(|n| n.parse().ok())
        .ok_or("no startxref")?;
    if !text.get(start..).is_some_and(|t| t.starts_with("xref\n")) {
        return Err("startxref does not point at the table".into());
    }
    for (n, line) in text[start..].lines().skip(3).enumerate() {
        if line.starts_with("trailer") {
            break;
        }
        let offset: usize = line
            .get(..10)
            .and_then(|o| o.parse().ok())
            .ok_or("a bad table line")?;
        if !text
            .get(offset..)
            .is_some_and(|t| t.starts_with(&format!("{} 0 obj\n", n + 1)))
        {
            return Err(format!("object {} is not where the table says", n + 1));
        }
    }
    for stream in text.split("/Length ").skip(1) {
        let (length, rest) = stream
            .split_once(" >>\nstream\n")
            .ok_or("a stream without its length")?;
        let length: usize = length.parse().map_err(|_| "a bad stream length")?;
        if !rest
            .get(length..)
            .is_some_and(|r| r.starts_with("endstream"))
        {
            return Err("a stream is not as long as it says".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_well_formed_with_a_footer_on_each_page() {
        let mut doc = Document::new("Access review", "Dealer Access report");
        for i in 0..120 {
            doc.paragraph(Face::Regular, 10.0, 0.0, false, &format!("Line {i} (kept)"));
        }
        let pdf = doc.finish();
        assert_eq!(well_formed(&pdf), Ok(()));
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.contains("/Count 3"), "120 lines need three pages");
        assert!(
            text.contains("(Line 119 \\(kept\\))"),
            "parentheses escaped"
        );
        assert!(text.contains("Page 3 of 3"));
        let mut broken = text.clone().into_bytes();
        broken.truncate(broken.len() - 30);
        broken.extend_from_slice(b"startxref\n12\n%%EOF\n");
        assert!(well_formed(&broken).is_err(), "the check can fail");
    }

    #[test]
    fn text_is_win_ansi_and_wraps_by_the_fonts_widths() {
        assert_eq!(win_ansi("José’s – ok"), b"Jos\xe9\x92s \x96 ok");
        assert_eq!(win_ansi("名"), b"?", "outside WinAnsi");
        assert_eq!(literal(b"a\\b\xe9"), "(a\\\\b\\351)");
        let narrow = wrap(Face::Regular, 10.0, "iiii iiii iiii", 50.0);
        let wide = wrap(Face::Regular, 10.0, "WWWW WWWW WWWW", 50.0);
        assert!(narrow.len() < wide.len(), "a W is wider than an i");
        for line in wrap(Face::Bold, 10.0, &"x".repeat(300), 100.0) {
            assert!(
                width_of(Face::Bold, 10.0, &line) <= 100.0,
                "a long word is broken"
            );
        }
        assert_eq!(wrap(Face::Regular, 10.0, "", 100.0), [Vec::<u8>::new()]);
    }
}
