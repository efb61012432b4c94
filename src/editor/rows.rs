//! Rows of a form that buttons add, remove and move (goals, targets, initiatives, a
//! target's results), in a `toml_edit` array of tables: a moved row takes its comment
//! and its own rows with it.

use toml_edit::{ArrayOfTables, Table};

/// A structural change a button asks for: add, remove or move a row.
#[derive(Debug, PartialEq, Eq)]
pub enum RowAction {
    Add(String),
    Remove(String, usize),
    Up(String, usize),
    Down(String, usize),
}

impl RowAction {
    /// `ny:targets`, `fjern:targets:2`, `op:targets:2`, `ned:targets:2`.
    pub fn parse(s: &str) -> Option<RowAction> {
        let mut parts = s.split(':');
        let verb = parts.next()?;
        let key = parts.next()?.to_string();
        let index = parts.next().and_then(|i| i.parse().ok());
        match (verb, index) {
            ("ny", None) => Some(RowAction::Add(key)),
            ("fjern", Some(i)) => Some(RowAction::Remove(key, i)),
            ("op", Some(i)) => Some(RowAction::Up(key, i)),
            ("ned", Some(i)) => Some(RowAction::Down(key, i)),
            _ => None,
        }
    }

    pub fn key(&self) -> &str {
        match self {
            RowAction::Add(k)
            | RowAction::Remove(k, _)
            | RowAction::Up(k, _)
            | RowAction::Down(k, _) => k,
        }
    }
}

/// Applies a row action to the array of tables `rows`; `fresh` makes a new row.
pub fn apply_rows(
    rows: &mut ArrayOfTables,
    action: &RowAction,
    fresh: impl FnOnce(usize) -> Table,
) {
    let len = rows.len();
    match *action {
        RowAction::Add(_) => {
            let t = fresh(len);
            rows.push(t);
        }
        RowAction::Remove(_, i) if i < len => {
            rows.remove(i);
        }
        RowAction::Up(_, i) if i > 0 && i < len => swap(rows, i - 1, i),
        RowAction::Down(_, i) if i + 1 < len => swap(rows, i, i + 1),
        _ => {}
    }
}

/// Swaps two rows, and their places in the document (tables print in document order,
/// and a row's own rows, `[[targets.results]]`, must keep following it).
fn swap(rows: &mut ArrayOfTables, a: usize, b: usize) {
    let mut all: Vec<Table> = rows.iter().cloned().collect();
    let mut places: Vec<isize> = Vec::new();
    for t in &all {
        positions(t, &mut |p| places.push(p));
    }
    places.sort_unstable();
    all.swap(a, b);
    // The same places, handed out again in the new order. The comment above a row
    // stays with the row.
    let mut next = places.into_iter();
    for t in &mut all {
        renumber(t, &mut next);
    }
    rows.clear();
    for t in all {
        rows.push(t);
    }
}

fn positions(t: &Table, out: &mut impl FnMut(isize)) {
    if let Some(p) = t.position() {
        out(p);
    }
    for (_, item) in t.iter() {
        if let Some(aot) = item.as_array_of_tables() {
            for inner in aot.iter() {
                positions(inner, out);
            }
        }
    }
}

fn renumber(t: &mut Table, next: &mut impl Iterator<Item = isize>) {
    if t.position().is_some() {
        t.set_position(next.next());
    }
    for (_, item) in t.iter_mut() {
        if let Some(aot) = item.as_array_of_tables_mut() {
            for inner in aot.iter_mut() {
                renumber(inner, next);
            }
        }
    }
}
