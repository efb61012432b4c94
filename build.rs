//! Rebuilds the binary when a file `planportal init` embeds changes: `include_dir!`
//! sees edits to files it already knows, but not files added to or removed from its
//! folders.

fn main() {
    for dir in [
        "themes/default",
        "content/ministermaal",
        "content/maalgrupper",
        "src/scaffold/starter",
    ] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
