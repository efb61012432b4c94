//! Pictures and charts in chapters: a picture beside its chapter gets its width and
//! height from the file; a picture without alt text, one that cannot be read or is not
//! there, and each mistake in a chart shortcode are one diagnostic each, at their
//! place; a chart is a named SVG image with the CSV's numbers in a table under it.

use std::fs;

use crate::common::{Site, messages};

const CHAPTER: &str = "content/kommuner/testrup/2021/09-figurer.md";

/// A PNG's signature and header chunk: all a reader of its size needs.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

fn site_with(body: &str) -> Site {
    let site = Site::minimal();
    site.write(
        CHAPTER,
        &format!("+++\ntitle = \"Figurer\"\n+++\nTekst.\n\n{body}"),
    );
    fs::write(
        site.root().join("content/kommuner/testrup/2021/figur.png"),
        png(640, 480),
    )
    .expect("write png");
    site
}

/// The lines of the report that point into the chapter.
fn ours(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("09-figurer.md:"))
        .collect()
}

#[test]
fn a_picture_gets_its_width_and_height_and_published_address() {
    let site = site_with("![Ledigheden 2019-2021](figur.png)\n\n![Et ikon](ikon.svg)\n");
    site.write(
        "content/kommuner/testrup/2021/ikon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\"></svg>",
    );
    site.build_ok();
    let html = site.read("kommuner/testrup/2021/figurer/index.html");
    assert!(
        html.contains("src=\"/kommuner/testrup/2021/figur.png\"")
            && html.contains("alt=\"Ledigheden 2019-2021\"")
            && html.contains("width=\"640\"")
            && html.contains("height=\"480\""),
        "{html}"
    );
    assert!(
        html.contains("width=\"120\"") && html.contains("height=\"40\""),
        "{html}"
    );
    assert!(
        site.public()
            .join("kommuner/testrup/2021/figur.png")
            .is_file()
    );
}

#[test]
fn picture_mistakes_are_one_diagnostic_each_at_the_picture() {
    let site = site_with(
        "![](figur.png)\n\n![Ødelagt](noget.png)\n\n![Væk](figurr.png)\n\n![Ude](../../../../hemmelig.png)\n\n![Fremmed](https://example.com/x.png)\n",
    );
    fs::write(
        site.root().join("content/kommuner/testrup/2021/noget.png"),
        b"det her er ikke et billede",
    )
    .expect("write");
    let text = messages(&site.build());
    let lines = ours(&text);
    assert_eq!(lines.len(), 5, "{text}");
    let at = |line: usize, what: &str| {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("09-figurer.md:{line}:1")) && l.contains(what)),
            "line {line}: {what}\n{text}"
        );
    };
    at(6, "alt-tekst");
    at(8, "kan ikke læses");
    at(10, "findes ikke");
    at(12, "uden for content/");
    at(14, "anden server");
    assert!(text.contains("mente du `figur.png`?"), "{text}");
}
