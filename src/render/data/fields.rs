//! The open data's fields: every column of every file, its type and its Danish
//! description, in one table that the files, their schema and the `/data/` page are
//! all made from.

use serde::Serialize;

use Kind::*;

/// Type of a field, as JSON Schema names it.
#[derive(Clone, Copy, Serialize)]
pub enum Kind {
    #[serde(rename = "string")]
    Text,
    #[serde(rename = "integer")]
    Int,
    #[serde(rename = "number")]
    Num,
    #[serde(rename = "array")]
    List,
    #[serde(rename = "object")]
    Map,
}

#[derive(Serialize, Clone)]
pub struct Field {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub nullable: bool,
    pub description: &'static str,
}

pub(super) const fn f(
    name: &'static str,
    kind: Kind,
    nullable: bool,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        nullable,
        description,
    }
}

pub(super) const TARGET: &[Field] = &[
    f(
        "id",
        Text,
        false,
        "Entydigt id på tværs af portalen: kommune-år-id, fx `helsingoer-2021-rk-1`.",
    ),
    f(
        "local_id",
        Text,
        false,
        "Resultatmålets id i planen (ankeret på planens side).",
    ),
    f(
        "municipality",
        Text,
        false,
        "Kommunens slug, fx `helsingoer`.",
    ),
    f(
        "municipality_name",
        Text,
        false,
        "Kommunens navn, fx `Helsingør`.",
    ),
    f("year", Int, false, "Planens år."),
    f("plan_id", Text, false, "Planens id: kommune-år."),
    f("plan_url", Text, false, "Adressen på planens side."),
    f(
        "url",
        Text,
        false,
        "Adressen på resultatmålet i planens tabel over resultatmål.",
    ),
    f(
        "label",
        Text,
        true,
        "Planens eget navn for målet, fx `Resultatkrav 1`.",
    ),
    f(
        "text",
        Text,
        false,
        "Resultatmålet, som planen formulerer det.",
    ),
    f(
        "goal",
        Text,
        true,
        "Id på det lokale mål, resultatmålet hører under, eller null.",
    ),
    f("goal_title", Text, true, "Det lokale måls titel."),
    f(
        "minister_goals",
        List,
        false,
        "Slugs på de ministermål, resultatmålet svarer på (direkte eller via sit lokale mål).",
    ),
    f(
        "minister_goal_origins",
        List,
        false,
        "Hvor hvert link til et ministermål kommer fra, som `slug:oprindelse`: `plan` (planen nævner målet her), `lokalt-maal` (gennem et lokalt mål) eller `kapitel` (kun gennem kapitlets liste).",
    ),
    f(
        "target_groups",
        List,
        false,
        "Slugs på de målgrupper, resultatmålet gælder.",
    ),
    f("indicator", Text, true, "Hvad der måles."),
    f(
        "unit",
        Text,
        true,
        "Enheden for value og baseline, fx `%`, `personer`, `fuldtidspersoner`.",
    ),
    f(
        "value",
        Num,
        true,
        "Måltallet, præcis som planen angiver det; null for kvalitative mål.",
    ),
    f(
        "direction",
        Text,
        true,
        "Hvordan value læses: `at-least`, `at-most`, `exactly`, `increase-by` eller `decrease-by`.",
    ),
    f(
        "deadline",
        Text,
        true,
        "Hvornår målet skal være nået: `2021-12-31`, `2021-12`, `2021-Q4` eller `2021`.",
    ),
    f("baseline", Num, true, "Udgangsniveauet."),
    f(
        "baseline_at",
        Text,
        true,
        "Hvornår udgangsniveauet er målt (samme form som deadline).",
    ),
    f(
        "comparison",
        Text,
        true,
        "Et kvalitativt mål, fx `bedre end landsgennemsnittet`.",
    ),
    f(
        "note",
        Text,
        true,
        "En bemærkning til målet, fx at et tal er anslået.",
    ),
    f(
        "chapter",
        Text,
        true,
        "Slug på det kapitel i planen, der beskriver målet.",
    ),
    f(
        "results",
        List,
        false,
        "De målte resultater, ældste først: `date` (`2021-12` eller `2021-12-31`), `value` (tallet i målets enhed, for `increase-by`/`decrease-by` ændringen siden udgangsniveauet; null når kun `met` er angivet), `met` (for mål uden tal: om resultatet siger, at målet er nået; ellers null), `source` og `note`. I CSV-filen et JSON-array.",
    ),
    f(
        "status",
        Text,
        false,
        "Status, regnet ud ved bygningen efter reglen på /data/: `achieved` (nået), `on-track` (på vej), `behind` (bagud), `not-achieved` (ikke nået) eller `no-data` (ingen opfølgning endnu).",
    ),
    f(
        "status_reason",
        Text,
        false,
        "Én sætning om, hvordan status følger af tallene (tom ved `no-data` uden resultater).",
    ),
];

pub(super) const INITIATIVE: &[Field] = &[
    f(
        "id",
        Text,
        false,
        "Entydigt id på tværs af portalen: kommune-år-id.",
    ),
    f(
        "local_id",
        Text,
        false,
        "Indsatsens id i planen (ankeret i kapitlet).",
    ),
    f("title", Text, false, "Indsatsens navn."),
    f(
        "kind",
        Text,
        false,
        "Indsats, Projekt, Forløb, Tilbud eller Samarbejde.",
    ),
    f(
        "summary",
        Text,
        true,
        "En linje om indsatsen, hvis planen giver en.",
    ),
    f("municipality", Text, false, "Kommunens slug."),
    f("municipality_name", Text, false, "Kommunens navn."),
    f("year", Int, false, "Planens år."),
    f("plan_id", Text, false, "Planens id: kommune-år."),
    f("plan_url", Text, false, "Adressen på planens side."),
    f(
        "chapter",
        Text,
        false,
        "Slug på kapitlet, indsatsen står i.",
    ),
    f("chapter_title", Text, false, "Kapitlets titel."),
    f(
        "url",
        Text,
        false,
        "Adressen på indsatsen: kapitlets side med anker.",
    ),
    f(
        "minister_goals",
        List,
        false,
        "Slugs på de ministermål, indsatsen hører under.",
    ),
    f(
        "minister_goal_origins",
        List,
        false,
        "Hvor hvert link til et ministermål kommer fra, som `slug:oprindelse`: `plan` (planen nævner målet her), `lokalt-maal` (gennem et lokalt mål) eller `kapitel` (kun gennem kapitlets liste).",
    ),
    f(
        "target_groups",
        List,
        false,
        "Slugs på indsatsens målgrupper.",
    ),
    f(
        "goals",
        List,
        false,
        "Id'er på de lokale mål, indsatsen understøtter.",
    ),
];

pub(super) const MINISTER_GOAL: &[Field] = &[
    f("slug", Text, false, "Målets slug, fx `opkvalificering`."),
    f(
        "title",
        Text,
        false,
        "Målet, som ministeren formulerer det.",
    ),
    f("short_title", Text, false, "Kort titel til tabeller."),
    f("years", List, false, "De år, målet gælder."),
    f(
        "numbers",
        Map,
        false,
        "Målets nummer i hvert års liste, fx `{\"2021\": 2}`.",
    ),
    f("url", Text, false, "Adressen på målets side."),
];

pub(super) const PLAN: &[Field] = &[
    f(
        "id",
        Text,
        false,
        "Planens id: kommune-år, fx `helsingoer-2021`.",
    ),
    f("municipality", Text, false, "Kommunens slug."),
    f("municipality_name", Text, false, "Kommunens navn."),
    f("year", Int, false, "Planens år."),
    f("title", Text, false, "Planens titel."),
    f("url", Text, false, "Adressen på planens side."),
    f(
        "adopted",
        Text,
        true,
        "Hvornår byrådet vedtog planen, hvis det er oplyst.",
    ),
    f(
        "source",
        Text,
        true,
        "Adressen på det oprindelige dokument.",
    ),
    f("summary", Text, true, "Resumé af planen."),
    f(
        "summary_author",
        Text,
        true,
        "Hvem der har skrevet resuméet.",
    ),
    f(
        "minister_goals",
        List,
        false,
        "Slugs på de af årets ministermål, planen svarer på.",
    ),
    f(
        "local_goals",
        List,
        false,
        "Planens lokale mål: id, title, minister_goals, target_groups.",
    ),
    f(
        "targets",
        List,
        false,
        "Id'er på planens resultatmål (se targets.json).",
    ),
    f(
        "initiatives",
        List,
        false,
        "Id'er på planens indsatser (se initiatives.json).",
    ),
    f(
        "chapters",
        List,
        false,
        "Planens kapitler: slug, title, url.",
    ),
    f(
        "notes",
        List,
        false,
        "Hvad planen siger om ministermål, den ikke sætter mål for: minister_goal, text.",
    ),
];
