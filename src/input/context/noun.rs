//! What the context calls a positive and a negative case, in both grammatical numbers.
//!
//! `business.positive` and `negative` are either `{ one, other }` (CLDR's plural
//! category names: "1 loan that goes bad", "64 loans that go bad") or one string. From a
//! string, the plural of a simple English noun phrase is made by inflecting its head
//! noun with [`pluralizer`] (the rules of the `pluralize` npm package): "valid
//! transaction" → "valid transactions", "case of fraud" → "cases of fraud". Anything
//! else — a relative clause ("loan that goes bad"), a word that is not plainly an
//! English noun ("valid", "spam"), a name that is not English-looking ("Betrugsfall",
//! "欺诈交易") — stays exactly as written and becomes a [`Noun::Label`], which the page
//! shows in forms that need no plural ("loan that goes bad: 64 missed"), with a warning
//! naming the key to set.

/// A class of cases in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noun {
    /// Both forms: "fraudulent transaction" / "fraudulent transactions".
    Forms {
        /// For a count of exactly 1.
        one: String,
        /// For every other count, 0 included.
        other: String,
    },
    /// A name whose plural is unknown, kept as written.
    Label(String),
}

impl Noun {
    /// The singular, or the label as written.
    pub fn one(&self) -> &str {
        match self {
            Noun::Forms { one, .. } | Noun::Label(one) => one,
        }
    }

    /// The plural; `None` for a label.
    pub fn other(&self) -> Option<&str> {
        match self {
            Noun::Forms { other, .. } => Some(other),
            Noun::Label(_) => None,
        }
    }

    /// `true` when the page must use forms that need no plural.
    pub fn is_label(&self) -> bool {
        matches!(self, Noun::Label(_))
    }
}

/// The noun for a plain string: both forms when `phrase` is a simple English noun
/// phrase whose head noun the inflection rules know, else the string as a label.
pub fn parse_noun(phrase: &str) -> Noun {
    let phrase = phrase.trim();
    match plural_of_phrase(phrase) {
        Some(other) => Noun::Forms {
            one: phrase.to_owned(),
            other,
        },
        None => Noun::Label(phrase.to_owned()),
    }
}

/// Words that make a phrase more than a noun phrase: relative pronouns and
/// conjunctions, negation, and the common verbs of a clause ("loan that goes bad",
/// "fraud or abuse", "not fraud", "customer is lost").
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "where", "when", "if", "because", "while", "and",
    "or", "but", "nor", "not", "no", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "does", "do", "did", "will", "would", "can", "could", "should", "may", "might",
    "must", "goes", "go", "went", "gets", "get", "got", "becomes", "became", "turns", "stays",
    "remains", "&", "/", "+",
];

/// Prepositions that end a head noun and start its complement ("case of fraud").
const PREPOSITIONS: &[&str] = &[
    "of", "with", "without", "from", "in", "on", "at", "by", "for", "to", "under", "over", "per",
    "about", "between", "after", "before", "during", "via", "through", "into", "within", "against",
];

/// Words often used alone as a class name that are adjectives or mass nouns, whose
/// "plural" would be wrong ("valids", "spams"). Words with a plainly adjectival ending
/// are caught by [`ADJECTIVE_ENDINGS`] instead.
const NOT_COUNT_NOUNS: &[&str] = &[
    "valid",
    "invalid",
    "legit",
    "legitimate",
    "genuine",
    "real",
    "fake",
    "true",
    "false",
    "good",
    "bad",
    "clean",
    "dirty",
    "normal",
    "abnormal",
    "benign",
    "malignant",
    "healthy",
    "unhealthy",
    "sick",
    "ill",
    "well",
    "safe",
    "unsafe",
    "risky",
    "faulty",
    "fraudulent",
    "delinquent",
    "solvent",
    "insolvent",
    "bankrupt",
    "compliant",
    "noncompliant",
    "relevant",
    "irrelevant",
    "correct",
    "incorrect",
    "wrong",
    "right",
    "urgent",
    "critical",
    "severe",
    "mild",
    "minor",
    "complete",
    "incomplete",
    "present",
    "absent",
    "missing",
    "pending",
    "overdue",
    "late",
    "early",
    "open",
    "closed",
    "alive",
    "dead",
    "high",
    "low",
    "other",
    "unknown",
    "known",
    "new",
    "old",
    "regular",
    "irregular",
    "ok",
    "okay",
    "fine",
    "fair",
    "poor",
    "yes",
    "none",
    "spam",
    "ham",
    "churn",
    "junk",
    "malware",
    "abuse",
    "noise",
    "significant",
    "insignificant",
    "pregnant",
    "dormant",
    "vacant",
    "redundant",
    "intact",
    "broken",
    "toxic",
    "nontoxic",
    "septic",
    "chronic",
    "acute",
    "stable",
    "unstable",
    "secure",
    "insecure",
    "accurate",
    "inaccurate",
    "typical",
    "atypical",
    "natural",
    "neutral",
    "legal",
    "illegal",
    "fatal",
    "nonfatal",
    "medical",
    "clinical",
    "final",
    "vital",
    "viral",
    "organic",
    "generic",
    "specific",
    "authentic",
    "synthetic",
    "automatic",
    "manual",
    "human",
    "rare",
    "common",
    "frequent",
    "infrequent",
    "hot",
    "cold",
    "equipment",
    "information",
    "data",
    "evidence",
    "news",
    "money",
    "traffic",
];

/// Endings that make an English word an adjective or a participle ("suspicious",
/// "harmful", "eligible", "defective", "approved").
const ADJECTIVE_ENDINGS: &[&str] = &["ous", "ful", "less", "able", "ible", "ive", "ed"];

/// Nouns with one of those endings that pluralise as usual.
const NOUNS_WITH_ADJECTIVE_ENDINGS: &[&str] = &[
    "table",
    "cable",
    "vegetable",
    "variable",
    "timetable",
    "bible",
    "deductible",
    "receivable",
    "payable",
    "executive",
    "representative",
    "objective",
    "initiative",
    "incentive",
    "alternative",
    "narrative",
    "detective",
    "directive",
    "relative",
    "archive",
    "drive",
    "derivative",
    "perspective",
    "bed",
    "shed",
    "sled",
    "hundred",
];

/// The plural of a simple English noun phrase, or `None` when it is not one.
fn plural_of_phrase(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    if words.is_empty() || words.len() > 6 || words.iter().any(|w| w.is_empty()) {
        return None;
    }
    let english_looking = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '\'')
            && w.chars().any(|c| c.is_ascii_alphabetic())
    };
    if !words.iter().all(|w| english_looking(w)) {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    if lower
        .iter()
        .any(|w| CLAUSE_WORDS.contains(&w.as_str()) || w.starts_with("non"))
    {
        return None;
    }
    // The head noun is the word before the first preposition, else the last word.
    let head = lower
        .iter()
        .skip(1)
        .position(|w| PREPOSITIONS.contains(&w.as_str()))
        .unwrap_or(words.len() - 1);
    let word = words[head];
    // A capitalised or upper-case head is a name, an acronym or a German noun
    // ("Betrugsfall"); English common nouns are written in lower case.
    if !word.chars().all(|c| c.is_ascii_lowercase() || c == '-') || word.len() < 2 {
        return None;
    }
    if !is_count_noun(word) {
        return None;
    }
    let plural = pluralizer::pluralize(word, 2, false);
    // The same word back is an uncountable noun or already a plural; a word the rules
    // would singularise was written as a plural ("transactions").
    if plural == word || pluralizer::pluralize(word, 1, false) != word {
        return None;
    }
    let mut out: Vec<&str> = words.clone();
    out[head] = &plural;
    Some(out.join(" "))
}

/// `false` for words that are adjectives, participles or mass nouns.
fn is_count_noun(word: &str) -> bool {
    if NOT_COUNT_NOUNS.contains(&word) {
        return false;
    }
    if NOUNS_WITH_ADJECTIVE_ENDINGS.contains(&word) {
        return true;
    }
    let adjectival = ADJECTIVE_ENDINGS
        .iter()
        .any(|e| word.len() > e.len() + 2 && word.ends_with(e));
    !adjectival || word.ends_with("eed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(one: &str, other: &str) -> Noun {
        Noun::Forms {
            one: one.into(),
            other: other.into(),
        }
    }

    #[test]
    fn simple_noun_phrases_get_their_head_noun_pluralised() {
        for (one, other) in [
            ("fraudulent transaction", "fraudulent transactions"),
            ("valid transaction", "valid transactions"),
            ("equipment failure", "equipment failures"),
            ("healthy unit", "healthy units"),
            ("policy", "policies"),
            ("address", "addresses"),
            ("case of fraud", "cases of fraud"),
            ("loan in arrears", "loans in arrears"),
            ("child at risk", "children at risk"),
            ("Malignant tumour", "Malignant tumours"),
            ("bus", "buses"),
            ("analysis", "analyses"),
            ("seed", "seeds"),
            ("customer's claim", "customer's claims"),
        ] {
            assert_eq!(parse_noun(one), forms(one, other), "{one}");
        }
    }

    #[test]
    fn anything_else_stays_a_label() {
        for phrase in [
            // the three headlines
            "loan that goes bad",
            "loan that is repaid",
            "valid",
            "Betrugsfall",
            "欺诈交易",
            // more of each kind
            "customer who churns",
            "fraud or abuse",
            "not fraud",
            "non-fraud",
            "spam",
            "suspicious",
            "approved",
            "Fraud",
            "SAR",
            "transactions",
            "sheep",
            "equipment",
            "Kündigung",
            "transaction (card)",
        ] {
            assert_eq!(parse_noun(phrase), Noun::Label(phrase.into()), "{phrase}");
        }
    }

    #[test]
    fn surrounding_space_is_dropped() {
        assert_eq!(parse_noun("  case "), forms("case", "cases"));
    }
}
