//! Masking what identifies a person in a message before it is written to the question log:
//! e-mail addresses become `[email]` and phone numbers `[phone]`.
//!
//! Hand-written scanners rather than regular expressions: the rules are short, and their edges
//! (years are not phone numbers, `a@b` is not an address) are easier to state and test as code.
//! Invariants: never panics; the output never contains an e-mail address or a run of seven or
//! more digits that the input had as a phone number.

use communique_core::text::is_year;

/// What an e-mail address is replaced with.
pub const EMAIL: &str = "[email]";
/// What a phone number is replaced with.
pub const PHONE: &str = "[phone]";

/// The fewest digits a phone number has (with a leading `+` or `0`, one fewer).
const PHONE_DIGITS: usize = 8;
/// The most digits a phone number has (E.164).
const PHONE_DIGITS_MAX: usize = 15;

/// `text` with its e-mail addresses and phone numbers masked.
pub fn mask(text: &str) -> String {
    mask_phones(&mask_emails(text))
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// Every `local@domain.tld` becomes [`EMAIL`].
fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < chars.len() {
        if chars.get(i) != Some(&'@') {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > copied && chars.get(start - 1).is_some_and(|&c| is_local(c)) {
            start -= 1;
        }
        let mut end = i + 1;
        while chars.get(end).is_some_and(|&c| is_domain(c)) {
            end += 1;
        }
        // a domain ends in a dot and a name of two or more letters ("example.org", not "b.")
        let domain: String = chars.get(i + 1..end).unwrap_or(&[]).iter().collect();
        let domain = domain.trim_end_matches(['.', '-']);
        let end = i + 1 + domain.chars().count();
        let tld_ok = domain
            .rsplit_once('.')
            .is_some_and(|(name, tld)| !name.is_empty() && tld.chars().count() >= 2)
            && domain
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.chars().all(char::is_alphabetic));
        if start < i && tld_ok {
            out.extend(chars.get(copied..start).unwrap_or(&[]));
            out.push_str(EMAIL);
            copied = end;
            i = end;
        } else {
            i += 1;
        }
    }
    out.extend(chars.get(copied..).unwrap_or(&[]));
    out
}

/// Every phone number becomes [`PHONE`]: an optional `+`, then groups of digits joined by single
/// spaces, dashes, dots or parentheses, with 8 to 15 digits (7 after a `+` or a leading 0). A run
/// that is only years ("2019 2020") is not a phone number.
fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        let starts = c.is_ascii_digit()
            || ((c == '+' || c == '(') && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let after_word = i > 0 && chars.get(i - 1).is_some_and(|p| p.is_alphanumeric());
        if !starts || after_word {
            out.push(c);
            i += 1;
            continue;
        }
        let (end, groups) = phone_run(&chars, i);
        let digits: usize = groups.iter().map(String::len).sum();
        let lead = c == '+' || groups.first().is_some_and(|g| g.starts_with('0'));
        let least = if lead { PHONE_DIGITS - 1 } else { PHONE_DIGITS };
        let years = groups.iter().all(|g| is_year(g)) || is_date(&groups);
        let before_word = chars.get(end).is_some_and(|n| n.is_alphanumeric());
        if (least..=PHONE_DIGITS_MAX).contains(&digits) && !years && !before_word {
            out.push_str(PHONE);
            i = end;
        } else {
            // not a phone number: copy the run's first group as it is and go on after it
            let first = groups.first().map_or(1, String::len).max(1);
            let upto = (i + first + usize::from(!c.is_ascii_digit())).min(chars.len());
            out.extend(chars.get(i..upto).unwrap_or(&[]));
            i = upto;
        }
    }
    out
}

/// The end of the digit run starting at `start`, and its groups of digits.
fn phone_run(chars: &[char], start: usize) -> (usize, Vec<String>) {
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut i = start;
    let mut end = start;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            current.push(c);
            i += 1;
            end = i;
        } else if c == '+' && i == start {
            i += 1;
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')') {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            // one separator (or a closing then an opening mark) between groups
            let next = chars.get(i + 1);
            let joins = next.is_some_and(char::is_ascii_digit)
                || (c == ')' && next.is_some_and(|n| matches!(n, ' ' | '-')))
                || (c == '(' && i == start);
            if !joins {
                break;
            }
            i += 1;
        } else {
            break;
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    (end, groups)
}

/// "2024-11-25", "25 11 2024": a year and two groups of one or two digits.
fn is_date(groups: &[String]) -> bool {
    let short = |g: &String| g.len() <= 2;
    match groups {
        [first, a, last] => {
            (is_year(first) && short(a) && short(last))
                || (is_year(last) && short(first) && short(a))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_email_addresses() {
        assert_eq!(
            mask("mail me at jo.tan+news@example.com.my please"),
            "mail me at [email] please"
        );
        assert_eq!(mask("Siti@Gov.MY: when?"), "[email]: when?");
        assert_eq!(
            mask("a@b, x@y.z and @home stay"),
            "a@b, x@y.z and @home stay"
        );
        assert_eq!(mask("two: a@x.org b@y.net."), "two: [email] [email].");
    }

    #[test]
    fn masks_phone_numbers_of_every_common_shape() {
        for phone in [
            "+60 12-345 6789",
            "012-3456789",
            "(03) 8888 3000",
            "+82 2 1234 5678",
            "0123456789",
            "98765432",
            "+6012.345.6789",
        ] {
            let masked = mask(&format!("call {phone} now"));
            assert_eq!(masked, "call [phone] now", "{phone}");
        }
    }

    #[test]
    fn leaves_years_dates_and_counts_alone() {
        for text in [
            "What happened in 2019 and 2020?",
            "the 65th anniversary in 2025",
            "years 2019 2020 2023",
            "25/11/2024",
            "2024-11-25",
            "three MoUs, 1234567 visitors",
            "article 6.2",
            "flight MH066",
        ] {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "", "@", "+", "(", "+(", "a@", "@b.cd", "9", "+1", "é@ü.de", "((((1",
        ] {
            let _ = mask(text);
        }
        assert_eq!(mask("é@ü.de"), "[email]");
    }
}
