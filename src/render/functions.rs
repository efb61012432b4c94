//! Functions and filters for templates: Zola's `get_url`, `get_page`, `get_section`, and
//! look-ups in the plan domain. Each is backed by a map built once before rendering.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::link::{Site, danish_number};

struct Lookups {
    prefix: String,
    /// Content path (`om.md`) → page or section value.
    pages: HashMap<String, Value>,
    /// Content path → URL, for `get_url(path="@/…")`.
    urls: HashMap<String, String>,
    minister_goals: HashMap<String, Value>,
    target_groups: HashMap<String, Value>,
    municipalities: HashMap<String, Value>,
    plans: HashMap<(String, i32), Value>,
    /// Static file → content hash, for cache-busting links.
    static_hashes: BTreeMap<String, String>,
}

pub fn register(
    tera: &mut Tera,
    config: &Config,
    site: &Site,
    docs: &[crate::load::Doc],
    plan_values: &[Value],
    static_hashes: BTreeMap<String, String>,
) {
    let prefix = config.path_prefix();
    let lookups = Arc::new(Lookups {
        pages: site
            .pages
            .iter()
            .map(|p| (p.relative_path.clone(), Value::from_serializable(p)))
            .collect(),
        urls: docs
            .iter()
            .map(|d| (d.rel.clone(), format!("{prefix}{}", d.path)))
            .collect(),
        minister_goals: site
            .minister_goals
            .iter()
            .map(|g| (g.slug.clone(), Value::from_serializable(g)))
            .collect(),
        target_groups: site
            .target_groups
            .iter()
            .map(|g| (g.slug.clone(), Value::from_serializable(g)))
            .collect(),
        municipalities: site
            .municipalities
            .iter()
            .map(|m| (m.slug.clone(), Value::from_serializable(m)))
            .collect(),
        plans: site
            .plans
            .iter()
            .zip(plan_values)
            .map(|(p, v)| ((p.municipality.slug.clone(), p.year), v.clone()))
            .collect(),
        static_hashes,
        prefix,
    });

    let l = lookups.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let cachebust: bool = kwargs.get("cachebust")?.unwrap_or(false);
            if let Some(rel) = path.strip_prefix("@/") {
                let (file, anchor) = rel
                    .split_once('#')
                    .map_or((rel, None), |(f, a)| (f, Some(a)));
                let url = l.urls.get(file).ok_or_else(|| {
                    Error::message(format!("get_url: no content file `@/{file}`"))
                })?;
                return Ok(match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url.clone(),
                });
            }
            let clean = path.trim_start_matches('/');
            let mut url = format!("{}/{clean}", l.prefix);
            if cachebust {
                let hash = l.static_hashes.get(clean).ok_or_else(|| {
                    Error::message(format!("get_url: no static file `{clean}` to cache-bust"))
                })?;
                url.push_str("?h=");
                url.push_str(hash);
            }
            Ok(url)
        },
    );

    let l = lookups.clone();
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            lookup(&l.pages, path.trim_start_matches("@/"), "get_page", "page")
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            lookup(
                &l.pages,
                path.trim_start_matches("@/"),
                "get_section",
                "section",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_minister_goal",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            lookup(
                &l.minister_goals,
                kwargs.must_get("slug")?,
                "get_minister_goal",
                "minister goal",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_target_group",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            lookup(
                &l.target_groups,
                kwargs.must_get("slug")?,
                "get_target_group",
                "target group",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_municipality",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            lookup(
                &l.municipalities,
                kwargs.must_get("slug")?,
                "get_municipality",
                "municipality",
            )
        },
    );
    let l = lookups;
    tera.register_function(
        "get_plan",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let municipality: &str = kwargs.must_get("municipality")?;
            let year: i64 = kwargs.must_get("year")?;
            let key = (municipality.to_string(), i32::try_from(year).unwrap_or(0));
            l.plans.get(&key).cloned().ok_or_else(|| {
                Error::message(format!("get_plan: {municipality} has no plan for {year}"))
            })
        },
    );

    tera.register_filter("danish_number", |v: f64, _: Kwargs, _: &State| {
        danish_number(v)
    });
    tera.register_filter(
        "shorten",
        |v: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let length: usize = kwargs.get("length")?.unwrap_or(120);
            Ok(shorten(v, length))
        },
    );
    tera.register_filter("slugify", |v: &str, _: Kwargs, _: &State| {
        crate::slug::slugify(v)
    });
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
}

/// Cuts `text` to at most `max` characters at a word boundary, ending with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shorten_cuts_between_words() {
        assert_eq!(shorten("kort", 10), "kort");
        assert_eq!(
            shorten("Antallet af ledige skal falde", 20),
            "Antallet af ledige…"
        );
        assert_eq!(shorten("Én, to, tre fire", 9), "Én, to…");
        assert_eq!(shorten("ordudenmellemrum", 5), "ordud…");
    }
}

fn lookup(
    map: &HashMap<String, Value>,
    key: &str,
    function: &str,
    what: &str,
) -> TeraResult<Value> {
    map.get(key).cloned().ok_or_else(|| {
        let hint = crate::diagnostics::did_you_mean(key, map.keys().map(String::as_str))
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        Error::message(format!("{function}: no {what} `{key}`{hint}"))
    })
}
