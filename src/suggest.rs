//! Did you mean: a case-insensitive match first (a case-only slip is the most common one), then a capped
//! edit distance on lower-cased strings so unrelated names get no suggestion.

/// How a query relates to the closest candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match<'a> {
    /// Same letters, other case: `comment` for `Comment`.
    Case(&'a str),
    /// A near miss: `InvalidRequestBdy` for `InvalidRequestBody`.
    Typo(&'a str),
}

impl<'a> Match<'a> {
    /// The candidate that matched.
    pub(crate) fn candidate(self) -> &'a str {
        match self {
            Match::Case(c) | Match::Typo(c) => c,
        }
    }
}

/// The largest edit distance still taken as a typo of a word of `len` characters.
fn max_distance(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    }
}

/// The best candidate for `query`, or `None` when nothing is close enough to be a likely slip.
/// Exact matches are not suggestions: callers check those first.
pub(crate) fn closest<'a, I>(query: &str, candidates: I) -> Option<Match<'a>>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = query.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let cand_lower = candidate.to_lowercase();
        if cand_lower == lower {
            if candidate != query {
                return Some(Match::Case(candidate));
            }
            continue;
        }
        let distance = strsim::damerau_levenshtein(&lower, &cand_lower);
        let limit = max_distance(lower.chars().count().min(cand_lower.chars().count()));
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| Match::Typo(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 3] = ["InvalidRequestBody", "InvalidInput", "Forbidden"];

    #[test]
    fn case_only_difference_wins() {
        assert_eq!(
            closest("invalidrequestbody", CODES),
            Some(Match::Case("InvalidRequestBody"))
        );
    }

    #[test]
    fn one_letter_typo_is_suggested() {
        assert_eq!(
            closest("InvalidRequestBdy", CODES),
            Some(Match::Typo("InvalidRequestBody"))
        );
        assert_eq!(closest("Forbiden", CODES), Some(Match::Typo("Forbidden")));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest("Throttled", CODES), None);
        assert_eq!(closest("x", CODES), None);
    }

    #[test]
    fn exact_match_is_not_a_suggestion() {
        assert_eq!(closest("Forbidden", ["Forbidden"]), None);
    }
}
