//! The figures of chart shortcodes, drawn where the Markdown stage left their marks
//! (`<!--figure:N-->`, see `load/shortcodes.rs`): a `<figure>` with its title, the SVG
//! (drawn by [`super::chart::category_chart`], the same drawing as the results
//! charts), the numbers in a table under it, the source and a link to the CSV.
//!
//! The SVG's accessible name is the title and the finding in one sentence: the
//! author's `finding`, or what the numbers say from first to last label. Uses the
//! loaded figures, the linked site and its number formatting.

use std::fmt::Write;
use std::sync::Arc;

use crate::link::model::{Plan, Site, danish_number};
use crate::load::Doc;
use crate::load::shortcodes::{Figure, Kind};
use crate::text::html::escape;
use crate::text::packed::Packed;

const MARK: &str = "<!--figure:";

/// Draws the figures into every page of the site whose document has any.
pub fn attach(site: &mut Site, docs: &[Doc]) {
    let fill_in = |content: &mut Arc<str>, doc: usize| {
        if let Some(d) = docs.get(doc)
            && !d.md.figures.is_empty()
        {
            *content = fill(content, &d.md.figures).into();
        }
    };
    for g in &mut site.minister_goals {
        fill_in(&mut g.content, g.doc);
    }
    for g in &mut site.target_groups {
        fill_in(&mut g.content, g.doc);
    }
    for m in &mut site.municipalities {
        fill_in(&mut m.content, m.doc);
    }
    for p in &mut site.plans {
        attach_plan(p, docs);
    }
    for p in &mut site.pages {
        fill_in(&mut p.content, p.doc);
    }
}

/// Draws the figures into a plan's page and its chapters' pages.
pub fn attach_plan(plan: &mut Plan, docs: &[Doc]) {
    if let Some(d) = docs.get(plan.doc)
        && !d.md.figures.is_empty()
    {
        plan.content = fill(&plan.content, &d.md.figures).into();
    }
    for c in &mut plan.chapters {
        if let Some(d) = docs.get(c.doc)
            && !d.md.figures.is_empty()
        {
            c.content = Packed::plain(fill(&c.content.text(), &d.md.figures));
        }
    }
}

/// The HTML with each figure mark replaced by its figure.
pub fn fill(html: &str, figures: &[Figure]) -> String {
    if figures.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + figures.len() * 4000);
    let mut rest = html;
    while let Some(at) = crate::text::find(rest, MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let Some(end) = crate::text::find(after, "-->") else {
            out.push_str(&rest[at..]);
            return out;
        };
        if let Some(f) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| figures.get(n).map(|f| (n, f)))
        {
            out.push_str(&figure_html(f.0 + 1, f.1));
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// A value as the table and the finding write it: the Danish way, with the series'
/// decimals and the figure's unit.
fn shown(v: Option<f64>, decimals: usize, unit: Option<&str>) -> String {
    let Some(v) = v else {
        return "–".into();
    };
    let number = if decimals == 0 {
        danish_number(v)
    } else {
        let text = format!("{:.*}", decimals, v.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let sign = if v < 0.0 { "-" } else { "" };
        format!(
            "{sign}{},{frac}",
            danish_number(int.parse::<f64>().unwrap_or(0.0))
        )
    };
    match unit {
        Some(u) => format!("{number} {u}"),
        None => number,
    }
}

/// What the numbers say, in one sentence: each series from its first to its last value.
pub fn finding(f: &Figure) -> String {
    let unit = f.unit.as_deref();
    let parts: Vec<String> = f
        .series
        .iter()
        .take(4)
        .filter_map(|s| {
            let known: Vec<(usize, f64)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            let (first, last) = (known.first()?, known.last()?);
            let label = |i: usize| f.labels.get(i).map_or("", String::as_str);
            Some(if first.0 == last.0 {
                format!(
                    "{} er {} i {}",
                    s.name,
                    shown(Some(first.1), s.decimals, unit),
                    label(first.0)
                )
            } else {
                format!(
                    "{} er {} i {} og {} i {}",
                    s.name,
                    shown(Some(first.1), s.decimals, unit),
                    label(first.0),
                    shown(Some(last.1), s.decimals, unit),
                    label(last.0)
                )
            })
        })
        .collect();
    let mut sentence = parts.join("; ");
    if let Some(c) = sentence.chars().next() {
        sentence = c.to_uppercase().collect::<String>() + &sentence[c.len_utf8()..];
    }
    sentence.push('.');
    sentence
}

fn figure_html(n: usize, f: &Figure) -> String {
    let id = format!("figur-{n}");
    let sentence = f.finding.clone().unwrap_or_else(|| finding(f));
    let title = f.title.trim_end_matches('.');
    let name = format!("{title}. {sentence}");
    let series: Vec<(&str, &[Option<f64>])> = f
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.values.as_slice()))
        .collect();
    let svg = super::chart::category_chart(
        &format!("{id}-navn"),
        &name,
        &f.labels,
        &series,
        f.kind == Kind::Bar,
    );
    let unit = f.unit.as_deref();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure class="chart-figure figure-chart" id="{id}"><figcaption>{}</figcaption>{svg}<details class="chart-numbers"><summary>Tallene i figuren</summary><div class="table-scroll" role="region" tabindex="0" aria-label="Tallene i figuren"><table class="chart-table"><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th>"#,
        escape(&f.title),
        escape(&f.title),
        escape(&f.label_header)
    );
    for series in &f.series {
        let _ = write!(s, r#"<th scope="col">{}</th>"#, escape(&series.name));
    }
    s.push_str("</tr></thead><tbody>");
    for (i, label) in f.labels.iter().enumerate() {
        let _ = write!(s, r#"<tr><th scope="row">{}</th>"#, escape(label));
        for series in &f.series {
            let v = series.values.get(i).copied().flatten();
            let _ = write!(
                s,
                r#"<td class="num">{}</td>"#,
                escape(&shown(v, series.decimals, unit))
            );
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div></details>");
    s.push_str(r#"<p class="muted chart-source">"#);
    if let Some(source) = &f.source {
        let _ = write!(s, "Kilde: {}. ", escape(source.trim_end_matches('.')));
    }
    let _ = write!(
        s,
        r#"<a href="{}">Hent tallene (CSV)</a></p></figure>"#,
        escape(&f.data_url)
    );
    s
}
