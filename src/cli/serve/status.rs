//! What the server knows about the latest build, and how open pages learn of it: the
//! build counter, the error overlay laid over every page while a build has failed, and
//! the small reload script injected into HTML responses (never into the files on disk).

use axum::response::sse::Event;

use planportal::BuildReport;
use planportal::diagnostics::Diagnostics;
use planportal::text::html::escape;

use crate::ui::{self, Verbosity};

use super::Shared;

/// The path of the event stream that tells pages about new builds.
pub const EVENTS: &str = "/__planportal/events";

/// What the server knows about the latest build.
#[derive(Clone, Debug, Default)]
pub(super) struct Status {
    /// Counts builds, so a page can tell whether it shows the latest one.
    pub(super) build: u64,
    /// The overlay to show on every page while the latest build failed.
    pub(super) overlay: Option<String>,
}

/// Whether open pages hear about a build.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Notify {
    Always,
    /// A build that shows nothing new unless it failed.
    IfFailed,
}

/// Prints what a build did, updates the status and tells open pages.
pub(super) fn after_build(
    shared: &Shared,
    report: &BuildReport,
    verbosity: Verbosity,
    notify: Notify,
) {
    if notify == Notify::IfFailed && report.ok() {
        if verbosity == Verbosity::Verbose {
            eprintln!("{} (søgning, feeds og data opdateret)", ui::summary(report));
        }
        return;
    }
    ui::print_diagnostics(&report.diagnostics, verbosity);
    let overlay = if report.ok() {
        if verbosity > Verbosity::Quiet {
            eprintln!("{}", ui::summary(report));
        }
        None
    } else {
        eprintln!(
            "Bygningen fejlede: {}, {}. Browseren viser fejlene; den seneste gode udgave vises stadig.",
            ui::fejl(report.diagnostics.error_count()),
            ui::advarsler(report.diagnostics.warning_count())
        );
        Some(overlay(&report.diagnostics))
    };
    let build = {
        let Ok(mut status) = shared.status.write() else {
            return;
        };
        status.build += 1;
        status.overlay = overlay;
        status.build
    };
    // No page open is not an error.
    let _ = shared.events.send(build);
}

/// The error overlay: every error rendered as in the terminal, HTML-escaped.
///
/// It is laid over whatever theme the site has, so it must look the same under any
/// stylesheet: every element resets all properties and sets its own, each `!important`
/// in its `style` attribute, which no author rule can beat (not even an `!important`
/// one). A theme's `pre { background: … }` once showed light text on a light box.
fn overlay(diags: &Diagnostics) -> String {
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| escape(d.render_plain().trim_end()))
        .collect();
    let warnings = diags.warning_count();
    let warnings = if warnings > 0 {
        format!(" Terminalen viser også {}.", ui::advarsler(warnings))
    } else {
        String::new()
    };
    // Contrast on #1d1d1d: #f5f5f5 is 15.9:1, #ff8a80 7.6:1; on the #2d2d2d box #f5f5f5
    // is 13.2:1 (WCAG AA asks 4.5:1).
    let text = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-weight:normal;\
                text-align:left;direction:ltr;color:#f5f5f5;-webkit-text-fill-color:#f5f5f5";
    let div = shielded(&format!(
        "{text};position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;\
         width:auto;height:auto;background:#1d1d1d;padding:1.5rem 2rem;font-size:16px"
    ));
    let h2 = shielded(&format!(
        "{text};color:#ff8a80;-webkit-text-fill-color:#ff8a80;font-size:1.4rem;font-weight:bold;\
         margin:0 0 .5rem"
    ));
    let p = shielded(&format!("{text};font-size:16px;margin:0 0 1rem"));
    let pre = shielded(
        "white-space:pre-wrap;overflow-wrap:anywhere;text-align:left;direction:ltr;\
         font-family:ui-monospace,Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:14px;\
         color:#f5f5f5;-webkit-text-fill-color:#f5f5f5;background:#2d2d2d;\
         border:1px solid #5a5a5a;border-radius:4px;padding:.75rem 1rem;margin:0",
    );
    format!(
        concat!(
            r#"<div id="planportal-fejl" role="alert" lang="da" style="{div}">"#,
            r#"<h2 style="{h2}">Siden kunne ikke bygges: {count}</h2>"#,
            r#"<p style="{p}">Ret fejlen herunder og gem filen, så opdateres siden af sig selv. "#,
            r#"Indtil da vises den seneste udgave, der kunne bygges.{warnings}</p>"#,
            r#"<pre style="{pre}">{errors}</pre></div>"#
        ),
        div = div,
        h2 = h2,
        p = p,
        pre = pre,
        count = ui::fejl(diags.error_count()),
        warnings = warnings,
        errors = errors.join("\n\n"),
    )
}

/// A `style` attribute's value that the page's own stylesheets cannot change. `all:
/// initial` first, so no theme rule leaks in through a property we do not set (an
/// inline declaration beats every normal author rule); then what keeps the text
/// visible and readable, each `!important`, which beats a theme's `!important` too
/// (later declarations here override the defaults in `VISIBLE`).
/// Line height and letter and word spacing are left without `!important`: a reader's
/// own stylesheet must be able to widen them (WCAG 1.4.12, axe's `avoid-inline-spacing`).
fn shielded(declarations: &str) -> String {
    const VISIBLE: &str = "display:block;background:transparent;border:0;padding:0;visibility:visible;opacity:1;filter:none;transform:none;\
        clip-path:none;mix-blend-mode:normal;text-shadow:none;text-transform:none;text-indent:0;\
        font-style:normal;max-width:none;max-height:none;float:none;content-visibility:visible";
    let mut out = String::from("all:initial");
    for d in VISIBLE
        .split(';')
        .chain(declarations.split(';'))
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        out.push(';');
        out.push_str(d);
        out.push_str("!important");
    }
    out.push_str(";line-height:1.5;letter-spacing:normal;word-spacing:normal");
    out
}

pub(super) fn build_event(build: u64) -> Event {
    Event::default().event("build").data(build.to_string())
}

/// The script pages get in serve mode: reload when a build newer than theirs arrives.
pub(super) fn reload_script(build: u64) -> String {
    format!(
        concat!(
            "<script>(function(){{var b={build};var s=new EventSource(\"{events}\");",
            "s.addEventListener(\"build\",function(e){{if(Number(e.data)!==b){{s.close();location.reload();}}}});",
            "}})();</script>"
        ),
        build = build,
        events = EVENTS
    )
}

/// What goes into every HTML page served: the overlay while the build has failed, and
/// the reload script.
pub(super) fn snippet(status: &Status) -> String {
    let mut snippet = String::new();
    if let Some(overlay) = &status.overlay {
        snippet.push_str(overlay);
    }
    snippet.push_str(&reload_script(status.build));
    snippet
}

/// Where the snippet goes in a page (or its end): before the last `</body>`, in any
/// letter case, found without copying the page.
pub(super) fn body_end(page: &[u8]) -> Option<usize> {
    const END: &[u8] = b"</body>";
    (0..=page.len().checked_sub(END.len())?)
        .rev()
        .find(|&i| page[i..i + END.len()].eq_ignore_ascii_case(END))
}

/// Puts the overlay and the reload script just before `</body>`.
pub(super) fn inject(page: &str, status: &Status) -> String {
    let snippet = snippet(status);
    let at = body_end(page.as_bytes()).unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + snippet.len());
    out.push_str(&page[..at]);
    out.push_str(&snippet);
    out.push_str(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use planportal::diagnostics::Diagnostic;

    #[test]
    fn the_body_end_is_the_last_one_in_any_case() {
        assert_eq!(body_end(b"<body>a</body>b</BODY>c"), Some(15));
        assert_eq!(body_end(b"</Body>"), Some(0));
        assert_eq!(body_end(b"<body>no end"), None);
        assert_eq!(body_end(b"</bo"), None);
    }

    #[test]
    fn the_script_goes_before_the_body_end_and_the_overlay_is_escaped() {
        let status = Status {
            build: 3,
            overlay: None,
        };
        let page = inject("<html><body><p>x</p></body></html>", &status);
        assert!(page.contains("var b=3;"), "{page}");
        assert!(page.ends_with("</script></body></html>"), "{page}");

        let file = planportal::diagnostics::SourceFile::new("content/a.md", "+++\n<b>x</b>\n");
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error("unknown field `<img src=x>`")
                .in_file(&file)
                .at(4..12),
        );
        let overlay = overlay(&diags);
        assert!(overlay.contains("&lt;img src=x&gt;"), "{overlay}");
        assert!(overlay.contains("&lt;b&gt;x&lt;/b&gt;"), "{overlay}");
        assert!(!overlay.contains("<img"), "{overlay}");
        assert!(overlay.contains("content/a.md:2:1"), "{overlay}");
        // Every declaration wins over the theme's, whatever it says.
        for style in overlay.split("style=\"").skip(1) {
            let style = &style[..style.find('"').expect("attribute ends")];
            let (spacing, shielded): (Vec<&str>, Vec<&str>) =
                style.split(';').skip(1).partition(|d| {
                    ["line-height:", "letter-spacing:", "word-spacing:"]
                        .iter()
                        .any(|p| d.starts_with(p))
                });
            assert!(style.starts_with("all:initial;"), "{style}");
            assert!(
                shielded.iter().all(|d| d.ends_with("!important")),
                "{style}"
            );
            assert!(shielded.iter().any(|d| d.starts_with("color:")), "{style}");
            assert_eq!(spacing.len(), 3, "{style}");
            assert!(spacing.iter().all(|d| !d.contains("!important")), "{style}");
        }
    }
}
