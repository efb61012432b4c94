//! Charts as static SVG, made at build: a target's results over time against its
//! baseline and target line, and a plan's targets by status. No script, no third party.
//!
//! Each chart is an `<svg role="img">` named by its `<title>`: what it shows and the
//! finding in one sentence. The templates put the same numbers in a table right under
//! it. Sizes are in a small viewBox scaled to the column, so the text stays readable on
//! a 390 px phone; lines differ by dash pattern as well as colour, for print and for
//! readers who do not see colour. Uses the linked model and its number formatting only.

use std::fmt::Write;

use crate::link::model::{Plan, PlanResults, Site, Status, Target, danish_number};
use crate::link::status::{Rule, aim, months, start};
use crate::load::front_matter::Period;
use crate::text::html::escape;

const W: f64 = 360.0;
const H: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 58.0;
/// The width of a character of a 12 px label, on average (DejaVu Sans and its like),
/// and the least room between two labels.
const LABEL_CHAR: f64 = 7.3;
const LABEL_GAP: f64 = 10.0;

/// Draws every chart of the site into its target and plan.
pub fn attach(site: &mut Site) {
    for plan in &mut site.plans {
        attach_plan(plan);
    }
}

/// Draws one plan's charts: each target's results, and the plan's statuses.
pub fn attach_plan(plan: &mut Plan) {
    for t in &mut plan.targets {
        t.chart = target_chart(t);
    }
    plan.results.chart = status_chart(&plan.id, &plan.results);
}

/// A target's results over time, when it has numbers to draw.
pub fn target_chart(t: &Target) -> Option<String> {
    let points: Vec<(f64, f64)> = t
        .results
        .iter()
        .filter_map(|r| r.value.map(|v| (months(r.period), v)))
        .collect();
    if points.is_empty() {
        return None;
    }
    let baseline_at = t.baseline_at.as_deref().and_then(|s| Period::parse(s).ok());
    let deadline = t.deadline.as_deref().and_then(|s| Period::parse(s).ok());
    let rule = Rule::of(t, baseline_at, deadline);
    let aim = aim(&rule);
    let begin = aim.as_ref().and_then(|a| start(&rule, a));
    let end = deadline.map(months);

    let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    xs.extend(begin.map(|b| b.0));
    xs.extend(end);
    let mut ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    ys.extend(begin.map(|b| b.1));
    ys.extend(aim.map(|a| a.goal));
    let (mut x0, mut x1) = bounds(&xs);
    if x1 - x0 < 1.0 {
        x0 -= 6.0;
        x1 += 6.0;
    }
    let (lo, hi) = bounds(&ys);
    let (y0, y1, step) = nice_axis(lo, hi);

    let px = |x: f64| LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let py = |y: f64| TOP + (y1 - y) / (y1 - y0) * (H - TOP - BOTTOM);
    let id = format!("diagram-{}", t.uid);
    let what = t
        .indicator
        .clone()
        .or_else(|| t.label.clone())
        .unwrap_or_else(|| t.id.clone());
    let title = format!("Resultater for {what}. {}", t.status_reason);

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-line" role="img" aria-labelledby="{id}" viewBox="0 0 {W} {H}" width="{W}" height="{H}" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{}</title>"#,
        escape(&title)
    );
    value_grid(&mut s, (y0, y1, step), py, W);
    // Years along the time axis.
    let first_year = (x0 / 12.0).floor() as i32;
    let last_year = (x1 / 12.0).ceil() as i32;
    let every = ((last_year - first_year) / 5).max(1);
    for year in (first_year..=last_year).step_by(every as usize) {
        let at = f64::from(year) * 12.0;
        if at >= x0 && at <= x1 {
            let xx = px(at);
            let _ = write!(
                s,
                r##"<line x1="{xx:.1}" x2="{xx:.1}" y1="{TOP}" y2="{}" stroke="#e4e7ea" stroke-width="1"/>"##,
                H - BOTTOM
            );
        }
        let mid = at + 6.0;
        if mid >= x0 && mid <= x1 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{}" text-anchor="middle" font-size="12" fill="#333">{year}</text>"##,
                px(mid),
                H - BOTTOM + 16.0
            );
        }
    }
    // The target line and the straight line to it.
    if let Some(a) = aim {
        let yy = py(a.goal);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#1b5e20" stroke-width="2" stroke-dasharray="8 4"/>"##,
            W - RIGHT
        );
        if let (Some((bt, bv)), Some(e)) = (begin, end) {
            let _ = write!(
                s,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#555" stroke-width="1.5" stroke-dasharray="2 3"/><rect x="{:.1}" y="{:.1}" width="8" height="8" fill="#555"/>"##,
                px(bt),
                py(bv),
                px(e),
                px(bt) - 4.0,
                py(bv) - 4.0
            );
        }
    }
    // The results.
    let path: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#0b3d91" stroke-width="2.5"/>"##,
        path.join(" ")
    );
    for &(x, y) in &points {
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#0b3d91"/>"##,
            px(x),
            py(y)
        );
    }
    // The legend, in words.
    let legend_y = H - 22.0;
    let _ = write!(
        s,
        r##"<g font-size="12" fill="#333"><line x1="{LEFT}" x2="{}" y1="{legend_y}" y2="{legend_y}" stroke="#0b3d91" stroke-width="2.5"/><circle cx="{}" cy="{legend_y}" r="4" fill="#0b3d91"/><text x="{}" y="{}">Resultat</text>"##,
        LEFT + 22.0,
        LEFT + 11.0,
        LEFT + 28.0,
        legend_y + 4.0
    );
    if aim.is_some() {
        let _ = write!(
            s,
            r##"<line x1="{}" x2="{}" y1="{legend_y}" y2="{legend_y}" stroke="#1b5e20" stroke-width="2" stroke-dasharray="8 4"/><text x="{}" y="{}">Mål</text>"##,
            LEFT + 96.0,
            LEFT + 118.0,
            LEFT + 124.0,
            legend_y + 4.0
        );
        if begin.is_some() && end.is_some() {
            let _ = write!(
                s,
                r##"<line x1="{}" x2="{}" y1="{legend_y}" y2="{legend_y}" stroke="#555" stroke-width="1.5" stroke-dasharray="2 3"/><text x="{}" y="{}">Lige vej til målet</text>"##,
                LEFT + 160.0,
                LEFT + 182.0,
                LEFT + 188.0,
                legend_y + 4.0
            );
        }
    }
    s.push_str("</g></svg>");
    Some(s)
}

/// The horizontal grid and the value axis's numbers, the Danish way.
fn value_grid(s: &mut String, (y0, y1, step): (f64, f64, f64), py: impl Fn(f64) -> f64, w: f64) {
    let mut y = y0;
    while y <= y1 + step / 2.0 {
        let yy = py(y);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d4d9" stroke-width="1"/><text x="{}" y="{:.1}" text-anchor="end" font-size="12" fill="#333">{}</text>"##,
            w - RIGHT,
            LEFT - 6.0,
            yy + 4.0,
            danish_number(round(y, step))
        );
        y += step;
    }
}

/// The colours of a figure's series, dark enough for text contrast on white; series
/// differ also by dash pattern and marker (lines) or hatching (bars).
const SERIES: [&str; 4] = ["#0b3d91", "#a04800", "#1b5e20", "#6a1b9a"];
const DASHES: [&str; 4] = ["", "7 3", "2 3", "10 3 2 3"];

/// A chart of a figure from a page's shortcode: labels along the bottom (years,
/// months), one line or one group of bars per series, the same axis, grid and type
/// as the results charts. `None` values leave a gap.
pub fn category_chart(
    id: &str,
    title: &str,
    labels: &[String],
    series: &[(&str, &[Option<f64>])],
    bars: bool,
) -> String {
    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .collect();
    let (mut lo, mut hi) = bounds(&values);
    if values.is_empty() {
        (lo, hi) = (0.0, 1.0);
    }
    if bars {
        // Bars stand on zero.
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let (y0, y1, step) = nice_axis(lo, hi);
    let legend_rows = if series.len() > 1 {
        series.len().div_ceil(2)
    } else {
        0
    };
    let plot_bottom = H - BOTTOM;
    let n = labels.len().max(1);
    let slot = (W - LEFT - RIGHT) / n as f64;
    // A label wider than its slot ("December 2019" beside "December 2020" on a phone)
    // is written on two lines, broken at its last space; the legend moves down a line.
    let width = |l: &str| l.chars().count() as f64 * LABEL_CHAR;
    let lines: Vec<Vec<&str>> = labels
        .iter()
        .map(|l| match l.rsplit_once(' ') {
            Some((a, b)) if width(l) + LABEL_GAP > slot => vec![a, b],
            _ => vec![l.as_str()],
        })
        .collect();
    let extra = if lines.iter().any(|l| l.len() > 1) {
        14.0
    } else {
        0.0
    };
    let h = H - 24.0 + legend_rows as f64 * 18.0 + extra;
    let px = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let py = |y: f64| TOP + (y1 - y) / (y1 - y0) * (plot_bottom - TOP);
    let class = if bars { "chart-bar" } else { "chart-line" };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart {class}" role="img" aria-labelledby="{id}" viewBox="0 0 {W} {h}" width="{W}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{}</title>"#,
        escape(title)
    );
    if bars && series.len() > 1 {
        s.push_str("<defs>");
        for (k, colour) in SERIES.iter().enumerate().skip(1) {
            let _ = write!(
                s,
                r##"<pattern id="{id}-m{k}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate({})"><rect width="6" height="6" fill="{colour}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern>"##,
                45 * k
            );
        }
        s.push_str("</defs>");
    }
    value_grid(&mut s, (y0, y1, step), py, W);
    // Labels along the bottom: every k-th, so they never overlap on a phone.
    let longest = lines
        .iter()
        .flatten()
        .map(|l| width(l))
        .fold(LABEL_CHAR, f64::max);
    let every = ((longest + LABEL_GAP) / slot).ceil().max(1.0) as usize;
    for (i, label) in lines.iter().enumerate().step_by(every) {
        let x = px(i);
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{}" text-anchor="middle" font-size="12" fill="#333">"##,
            plot_bottom + 16.0,
        );
        for (k, line) in label.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { 14.0 };
            let _ = write!(s, r#"<tspan x="{x:.1}" dy="{dy}">{}</tspan>"#, escape(line));
        }
        s.push_str("</text>");
    }
    let fill = |k: usize| {
        if k == 0 {
            SERIES[0].to_string()
        } else {
            format!("url(#{id}-m{})", k % SERIES.len())
        }
    };
    if bars {
        let zero = py(0.0_f64.clamp(y0, y1));
        let group = slot * 0.8;
        let bar_w = group / series.len().max(1) as f64;
        for (k, (_, vals)) in series.iter().enumerate() {
            for (i, v) in vals.iter().enumerate() {
                let Some(v) = v else { continue };
                let x = px(i) - group / 2.0 + bar_w * k as f64;
                let (top, height) = (py(*v).min(zero), (py(*v) - zero).abs());
                let _ = write!(
                    s,
                    r##"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{height:.1}" fill="{}" stroke="#222" stroke-width="0.5"/>"##,
                    (bar_w - 1.0).max(1.0),
                    fill(k)
                );
            }
        }
        if y0 < 0.0 {
            let _ = write!(
                s,
                r##"<line x1="{LEFT}" x2="{}" y1="{zero:.1}" y2="{zero:.1}" stroke="#222" stroke-width="1"/>"##,
                W - RIGHT
            );
        }
    } else {
        for (k, (_, vals)) in series.iter().enumerate() {
            let colour = SERIES[k % SERIES.len()];
            let dash = DASHES[k % DASHES.len()];
            let dash = if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            };
            // A gap in the numbers is a gap in the line.
            let mut run: Vec<String> = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in vals.iter().enumerate() {
                match v {
                    Some(v) => run.push(format!("{:.1},{:.1}", px(i), py(*v))),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for run in runs.iter().filter(|r| r.len() > 1) {
                let _ = write!(
                    s,
                    r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>"##,
                    run.join(" ")
                );
            }
            for (i, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    s.push_str(&marker(k, px(i), py(*v), colour));
                }
            }
        }
    }
    // The legend, in words, when there is more than one series.
    if series.len() > 1 {
        s.push_str(r##"<g font-size="12" fill="#333">"##);
        for (k, (name, _)) in series.iter().enumerate() {
            let x = LEFT - 40.0 + (k % 2) as f64 * 160.0;
            let y = plot_bottom + 36.0 + extra + (k / 2) as f64 * 18.0;
            let colour = SERIES[k % SERIES.len()];
            if bars {
                let _ = write!(
                    s,
                    r##"<rect x="{x}" y="{}" width="14" height="12" fill="{}" stroke="#222" stroke-width="0.5"/>"##,
                    y - 10.0,
                    fill(k)
                );
            } else {
                let dash = DASHES[k % DASHES.len()];
                let _ = write!(
                    s,
                    r##"<line x1="{x}" x2="{}" y1="{}" y2="{}" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>"##,
                    x + 22.0,
                    y - 4.0,
                    y - 4.0
                );
                s.push_str(&marker(k, x + 11.0, y - 4.0, colour));
            }
            let name: String = name.chars().take(22).collect();
            let _ = write!(
                s,
                r#"<text x="{}" y="{y}">{}</text>"#,
                x + 28.0,
                escape(&name)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// A point's marker: circle, square, diamond, triangle by series.
fn marker(k: usize, x: f64, y: f64, colour: &str) -> String {
    match k % 4 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/>"#,
            x - 4.0,
            y - 4.0
        ),
        2 => format!(
            r#"<path d="M{x:.1} {:.1} l5 5 l-5 5 l-5 -5 z" fill="{colour}"/>"#,
            y - 5.0
        ),
        _ => format!(
            r#"<path d="M{x:.1} {:.1} l5 9 h-10 z" fill="{colour}"/>"#,
            y - 5.0
        ),
    }
}

/// A plan's targets by status: one bar per status, labelled in words and number.
/// Drawn once at least one target has a result.
pub fn status_chart(plan_id: &str, r: &PlanResults) -> Option<String> {
    if r.followed_up == 0 || r.total == 0 {
        return None;
    }
    let id = format!("statusdiagram-{plan_id}");
    let row = 30.0;
    let height = row * Status::ALL.len() as f64 + 8.0;
    let label_w = 170.0;
    let bar_w = W - label_w - 40.0;
    let max = r.counts.iter().map(|c| c.count).max().unwrap_or(1).max(1) as f64;
    let parts: Vec<String> = r
        .counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", c.count, c.label.to_lowercase()))
        .collect();
    let title = format!(
        "Planens resultatmål efter status: {} af {} er nået ({}).",
        r.achieved,
        r.total,
        parts.join(", ")
    );
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="chart chart-status" role="img" aria-labelledby="{id}" viewBox="0 0 {W} {height}" width="{W}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{}</title><g font-size="12" fill="#222">"##,
        escape(&title)
    );
    for (i, c) in r.counts.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = c.count as f64 / max * bar_w;
        let _ = write!(
            s,
            r##"<text x="{}" y="{:.1}" text-anchor="end">{}</text><rect x="{}" y="{:.1}" width="{w:.1}" height="18" fill="{}" stroke="#222" stroke-width="1"/><text x="{:.1}" y="{:.1}">{}</text>"##,
            label_w - 8.0,
            y + 14.0,
            c.label,
            label_w,
            y + 1.0,
            fill(c.status),
            label_w + w + 6.0,
            y + 14.0,
            c.count
        );
    }
    s.push_str("</g></svg>");
    Some(s)
}

fn fill(s: Status) -> &'static str {
    match s {
        Status::Achieved => "#2e7d32",
        Status::OnTrack => "#7cb342",
        Status::Behind => "#f9a825",
        Status::NotAchieved => "#c62828",
        Status::NoData => "#eceff1",
    }
}

fn bounds(v: &[f64]) -> (f64, f64) {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

/// An axis from a round number below `lo` to one above `hi`, in steps of 1, 2 or 5
/// times a power of ten, about four of them.
pub fn nice_axis(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < 1e-9 {
        let pad = if lo.abs() < 1e-9 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let mut low = (lo / step).floor() * step;
    // Shares and counts that start near zero read best from zero.
    if lo >= 0.0 && low < 0.0 {
        low = 0.0;
    }
    let high = (hi / step).ceil() * step;
    (low, high.max(low + step), step)
}

/// A tick value without floating-point noise.
fn round(v: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).max(0.0) as i32;
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        assert_eq!(nice_axis(1.4, 2.5), (1.0, 2.5, 0.5));
        let (lo, hi, step) = nice_axis(130.0, 200.0);
        assert_eq!(step, 20.0);
        assert_eq!((lo, hi), (120.0, 200.0));
        let (lo, hi, step) = nice_axis(5.0, 5.0);
        assert!(lo < 5.0 && hi > 5.0 && step > 0.0);
        assert_eq!(round(0.30000000000000004, 0.1), 0.3);
    }

    #[test]
    fn labels_too_wide_for_their_slot_break_at_a_space_and_all_stay() {
        let labels: Vec<String> = ["December 2019", "December 2020", "Juli 2021"]
            .map(String::from)
            .to_vec();
        let (a, b) = (
            [Some(67.0), Some(138.0), Some(106.0)],
            [Some(16.0), Some(53.0), Some(53.0)],
        );
        let svg = category_chart(
            "f",
            "Ledige",
            &labels,
            &[("Over 26 uger", &a), ("Heraf over 1 år", &b)],
            true,
        );
        for line in ["December", "2019", "2020", "Juli 2021"] {
            assert!(svg.contains(&format!(">{line}</tspan>")), "{line}: {svg}");
        }
        // Short labels stay on one line, and the legend sits below the second line.
        let short: Vec<String> = ["2019", "2020", "2021"].map(String::from).to_vec();
        let one = category_chart("g", "Ledige", &short, &[("A", &a), ("B", &b)], true);
        assert!(!one.contains(r#"dy="14""#));
        let height = |svg: &str| {
            svg.split("height=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .unwrap_or("")
                .to_string()
        };
        assert_ne!(height(&svg), height(&one), "the wrapped chart is taller");
    }
}
