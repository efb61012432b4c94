//! Asks the Danish dictionary about words, as the importer's OCR repair does:
//! `cargo run --example dictcheck -- pa på mal mål`.
fn main() {
    let t = std::time::Instant::now();
    let s = planportal::import::ocr::Speller::load(std::path::Path::new(
        planportal::import::ocr::DICTIONARY,
    ));
    println!("ordbog: {} ({:?})", s.has_dictionary(), t.elapsed());
    for w in std::env::args().skip(1) {
        println!("{w}: {}", s.knows(&w));
    }
}
