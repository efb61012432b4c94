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

const LEDIGHED: &str = "År;Ledighed i procent;Landet\n2019;4,5;3,7\n2020;5,1;4,6\n2021;3,2;3,5\n";

#[test]
fn a_chart_is_a_named_image_with_the_csv_numbers_in_a_table() {
    let site = site_with(
        "{{ chart(data=\"ledighed.csv\", kind=\"line\", title=\"Ledigheden 2019-2021\", source=\"Danmarks Statistik\", unit=\"%\") }}\n\nMere tekst.\n\n{{ chart(data=\"ledighed.csv\", kind=\"bar\", title=\"Som søjler\") }}\n",
    );
    site.write("content/kommuner/testrup/2021/ledighed.csv", LEDIGHED);
    site.build_ok();
    let html = site.read("kommuner/testrup/2021/figurer/index.html");
    assert!(html.contains("role=\"img\""), "{html}");
    assert!(
        html.contains("aria-labelledby=\"figur-1-navn\"")
            && html.contains("<title id=\"figur-1-navn\">Ledigheden 2019-2021. Ledighed i procent er 4,5 % i 2019 og 3,2 % i 2021; Landet er 3,7 % i 2019 og 3,5 % i 2021.</title>"),
        "{html}"
    );
    // The table under the first figure holds exactly the CSV's numbers.
    let first = &html[html.find("id=\"figur-1\"").unwrap()..html.find("id=\"figur-2\"").unwrap()];
    let cells: Vec<&str> = first
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(
        cells,
        ["4,5 %", "3,7 %", "5,1 %", "4,6 %", "3,2 %", "3,5 %"],
        "{first}"
    );
    for label in ["2019", "2020", "2021"] {
        assert!(first.contains(&format!("<th scope=\"row\">{label}</th>")));
    }
    assert!(first.contains("Kilde: Danmarks Statistik."), "{first}");
    assert!(html.contains("class=\"chart chart-bar\""), "{html}");
    assert!(html.contains("Mere tekst."));
    assert!(!html.contains("{{"), "{html}");
    assert!(
        site.public()
            .join("kommuner/testrup/2021/ledighed.csv")
            .is_file()
    );
}

#[test]
fn each_chart_mistake_is_one_diagnostic_at_its_place() {
    let site = site_with(concat!(
        "{{ chart(data=\"mangler.csv\", title=\"A\") }}\n\n", // 6: missing file
        "{{ chart(data=\"ledighed.csv\", kind=\"pie\", title=\"B\") }}\n\n", // 8: unknown kind
        "{{ chart(data=\"ledighed.csv\", titel=\"C\", title=\"C\") }}\n\n", // 10: unknown argument
        "{{ chart(data=\"ledighed.csv\", title=\"D\")\n\n",   // 12: unclosed
        "{{ chart(data=\"fejl.csv\", title=\"E\") }}\n\n",    // 14: bad number (in the CSV)
        "{{ chart(title=\"F\") }}\n",                         // 16: no data
    ));
    site.write("content/kommuner/testrup/2021/ledighed.csv", LEDIGHED);
    site.write(
        "content/kommuner/testrup/2021/fejl.csv",
        "År;Ledighed\n2019;4,5\n2020;ca. 5\n",
    );
    let text = messages(&site.build());
    let chapter = ours(&text);
    let csv: Vec<&str> = text.lines().filter(|l| l.contains("fejl.csv:")).collect();
    assert_eq!(chapter.len() + csv.len(), 6, "{text}");
    let at = |line: usize, col: usize, what: &str| {
        assert!(
            chapter
                .iter()
                .any(|l| l.contains(&format!("09-figurer.md:{line}:{col}")) && l.contains(what)),
            "line {line}:{col}: {what}\n{text}"
        );
    };
    at(6, 15, "datafilen findes ikke");
    at(8, 36, "ukendt figurtype `pie`");
    at(10, 31, "ukendt argument `titel`");
    at(12, 1, "ikke lukket");
    at(16, 1, "mangler `data`");
    assert!(
        csv.len() == 1
            && csv[0].contains("fejl.csv:3:6")
            && csv[0].contains("`ca. 5` er ikke et tal"),
        "{text}"
    );
    assert!(
        text.contains("skriv `kind=\"line\"` eller `kind=\"bar\"`"),
        "{text}"
    );
    assert!(text.contains("mente du `title`?"), "{text}");
}

#[test]
fn a_chart_added_in_an_edit_is_drawn_by_the_fast_rebuild_as_by_a_full_build() {
    use planportal::{build_keeping, rebuild::rebuild};
    let site = site_with("Først uden figur.\n");
    site.write("content/kommuner/testrup/2021/ledighed.csv", LEDIGHED);
    let (report, built) = build_keeping(&site.options());
    assert!(report.ok(), "{}", messages(&report));
    let mut built = built.expect("a published build keeps its state");
    site.write(
        CHAPTER,
        "+++\ntitle = \"Figurer\"\n+++\nTekst.\n\nFørst uden figur.\n\n{{ chart(data=\"ledighed.csv\", title=\"Ledigheden\") }}\n\n![Ledigheden 2019-2021](figur.png)\n",
    );
    let report = rebuild(&mut built, &[CHAPTER.to_string()]).expect("a body edit is rebuilt fast");
    assert!(report.ok(), "{}", messages(&report));
    let page = "kommuner/testrup/2021/figurer/index.html";
    let fast = site.read(page);
    assert!(
        fast.contains("id=figur-1") || fast.contains("id=\"figur-1\""),
        "{fast}"
    );
    assert!(
        fast.contains("width=640") || fast.contains("width=\"640\""),
        "{fast}"
    );
    site.build_ok();
    assert_eq!(site.read(page), fast);
}
