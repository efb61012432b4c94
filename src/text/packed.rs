//! Text held compressed while a build waits to use it.
//!
//! A chapter's HTML is made while loading and read twice near the end, by the
//! chapter's page and by the search index; the chapters together are the largest
//! thing a build holds (143 MB at 20,000 pages). Packed with LZ4 they take about 15 MB
//! more than deflated at its fastest level (about a quarter of the text), but packing
//! and unpacking them twice took 8 % of a build's CPU with libdeflate and takes a
//! small part of that with LZ4: the build of 5,352 pages is about a tenth faster (see
//! docs/performance.md). The text comes back byte for byte.

use std::borrow::Cow;
use std::sync::Arc;

/// A text, either as it is or packed (see [`Packed::pack`]).
#[derive(Clone, Debug)]
pub struct Packed(Inner);

#[derive(Clone, Debug)]
enum Inner {
    Plain(Arc<str>),
    /// Shared by the clones: the chapter and the document it is made from.
    Lz4 {
        bytes: Arc<[u8]>,
        len: usize,
    },
}

impl Packed {
    /// The text as it is, until it is packed.
    pub fn plain(text: impl Into<Arc<str>>) -> Packed {
        Packed(Inner::Plain(text.into()))
    }

    /// Compresses the text in place.
    pub fn pack(&mut self) {
        let Inner::Plain(text) = &self.0 else {
            return;
        };
        self.0 = Inner::Lz4 {
            bytes: lz4_flex::block::compress(text.as_bytes()).into(),
            len: text.len(),
        };
    }

    /// The text, unpacked if it is packed.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Inner::Plain(text) => Cow::Borrowed(text),
            Inner::Lz4 { bytes, len } => {
                // Only bytes packed above are unpacked: the stream is whole and the
                // text valid UTF-8.
                let bytes = lz4_flex::block::decompress(bytes, *len)
                    .expect("text packed in memory unpacks");
                debug_assert!(std::str::from_utf8(&bytes).is_ok());
                // SAFETY: `Inner::Lz4` is made only by `pack`, from a `str`, and LZ4
                // gives back exactly the bytes it was given. Checking them again was a
                // fiftieth of a build's CPU: every chapter is unpacked twice.
                Cow::Owned(unsafe { String::from_utf8_unchecked(bytes) })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_comes_back_byte_for_byte() {
        let html = "<h2 id=\"æble\">Æble – ø og å</h2>\n<p>Tekst</p>\n".repeat(500);
        let mut packed = Packed::plain(html.as_str());
        packed.pack();
        assert!(matches!(packed.0, Inner::Lz4 { ref bytes, .. } if bytes.len() < html.len() / 10));
        assert_eq!(packed.text(), html);
        let mut empty = Packed::plain("");
        empty.pack();
        assert_eq!(empty.text(), "");
    }
}
