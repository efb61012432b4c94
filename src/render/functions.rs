//! Functions and filters for templates: Zola's `get_url`, `get_page`, `get_section`, and
//! look-ups in the plan domain.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::link::{Site, danish_number};
use crate::load::markdown::UrlMap;

struct Lookups {
    prefix: String,
    /// Content path → URL, for `get_url(path="@/…")`: the map the Markdown stage
    /// resolved `@/` links with, so templates and text agree.
    urls: UrlMap,
    /// The site itself: look-ups serialize what a template asks for when it asks, since
    /// themes call them rarely and most things are never asked for.
    site: SiteHandle,
    /// Static file → content hash, for cache-busting links.
    static_hashes: BTreeMap<String, String>,
}

/// The site the look-up functions read, shared with the [`super::TemplateSet`] so a
/// rebuild after an edit can point them at the changed site.
#[derive(Clone)]
pub(crate) struct SiteHandle(Arc<RwLock<Arc<Site>>>);

impl SiteHandle {
    /// The site as it is now; a look-up holds it only while it serializes its answer.
    pub(super) fn get(&self) -> Arc<Site> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(super) fn set(&self, site: Arc<Site>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = site;
    }
}

/// Registers the look-up functions and filters; returns the handle to the site they read.
pub fn register(
    tera: &mut Tera,
    config: &Config,
    site: &Arc<Site>,
    urls: &UrlMap,
    static_hashes: BTreeMap<String, String>,
) -> SiteHandle {
    let prefix = config.path_prefix();
    let handle = SiteHandle(Arc::new(RwLock::new(site.clone())));
    let lookups = Arc::new(Lookups {
        urls: urls.clone(),
        site: handle.clone(),
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
                    Error::message(format!("get_url: indholdsfilen `@/{file}` findes ikke"))
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
                    Error::message(format!(
                        "get_url: den statiske fil `{clean}` findes ikke (cachebust)"
                    ))
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
            let site = l.site.get();
            let pages = site.pages.iter().map(|p| (p.relative_path.as_str(), p));
            find(pages, path.trim_start_matches("@/"), "get_page", "siden")
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let site = l.site.get();
            let pages = site.pages.iter().map(|p| (p.relative_path.as_str(), p));
            find(
                pages,
                path.trim_start_matches("@/"),
                "get_section",
                "sektionen",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_minister_goal",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let site = l.site.get();
            let goals = site.minister_goals.iter().map(|g| (g.slug.as_str(), g));
            find(
                goals,
                kwargs.must_get("slug")?,
                "get_minister_goal",
                "ministermålet",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_target_group",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let site = l.site.get();
            let groups = site.target_groups.iter().map(|g| (g.slug.as_str(), g));
            find(
                groups,
                kwargs.must_get("slug")?,
                "get_target_group",
                "målgruppen",
            )
        },
    );
    let l = lookups.clone();
    tera.register_function(
        "get_municipality",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let site = l.site.get();
            let all = site.municipalities.iter().map(|m| (m.slug.as_str(), m));
            find(
                all,
                kwargs.must_get("slug")?,
                "get_municipality",
                "kommunen",
            )
        },
    );
    let l = lookups;
    tera.register_function(
        "get_plan",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let municipality: &str = kwargs.must_get("municipality")?;
            let year: i64 = kwargs.must_get("year")?;
            l.site
                .get()
                .plans
                .iter()
                .find(|p| p.municipality.slug == municipality && i64::from(p.year) == year)
                .map(Value::from_serializable)
                .ok_or_else(|| {
                    Error::message(format!(
                        "get_plan: {municipality} har ingen plan for {year}"
                    ))
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
        crate::text::slug::slugify(v)
    });
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
    handle
}

/// The value of the item named `key`, or an error with a suggestion.
fn find<'a, T: serde::Serialize + 'a>(
    items: impl Iterator<Item = (&'a str, &'a T)> + Clone,
    key: &str,
    function: &str,
    what: &str,
) -> TeraResult<Value> {
    if let Some((_, item)) = items.clone().find(|(k, _)| *k == key) {
        return Ok(Value::from_serializable(item));
    }
    let hint = crate::diagnostics::did_you_mean(key, items.map(|(k, _)| k))
        .map(|b| format!("; mente du `{b}`?"))
        .unwrap_or_default();
    Err(Error::message(format!(
        "{function}: {what} `{key}` findes ikke{hint}"
    )))
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
