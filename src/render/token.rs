//! `token` output: the decoded summary, findings and per-family coverage (counts and the callable operations)
//! as text, or the JSON view
//! `{"kind", "version", "header", "audience_verdict", "claims", "findings", "fits", "operation", "coverage"}`.
//! Never given the encoded token, so it cannot print it.

use std::io::Write;

use serde::Serialize;
use serde_json::Map;

use super::{style, wrap};
use crate::sanitize::for_terminal;
use crate::time::format_utc;
use crate::token::{
    AudienceVerdict, FamilyCoverage, Finding, Header, Severity, TokenReport, TokenType,
};

/// The stable JSON shape (documented in README).
#[derive(Debug, Serialize)]
struct ReportView<'a> {
    schema_version: u32,
    /// What the token is; null when it could not be read.
    kind: Option<TokenType>,
    /// The `ver` claim.
    version: Option<&'a str>,
    /// `alg`, `typ`, `kid` of the header; null when it could not be read.
    header: Option<&'a Header>,
    /// How the MDE API treats the audience; null when the token could not be read.
    audience_verdict: Option<AudienceVerdict>,
    /// Decoded payload claims (the signature is never decoded or kept).
    claims: &'a Map<String, serde_json::Value>,
    findings: &'a [Finding],
    fits: bool,
    operation: Option<&'a str>,
    coverage: &'a [FamilyCoverage],
}

/// Writes the report as JSON.
pub fn json(out: &mut dyn Write, report: &TokenReport) -> anyhow::Result<()> {
    super::write_json(
        out,
        &ReportView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            kind: Some(report.token_type),
            version: report.version.as_deref(),
            header: Some(&report.header),
            audience_verdict: Some(report.audience_verdict),
            claims: &report.claims,
            findings: &report.findings,
            fits: report.fits(),
            operation: report.operation,
            coverage: &report.coverage,
        },
    )
}

/// Writes the JSON for a token that could not be read: no claims, the one structure finding.
pub fn unreadable_json(out: &mut dyn Write, finding: &Finding) -> anyhow::Result<()> {
    super::write_json(
        out,
        &ReportView {
            schema_version: crate::render::diagnose::json::SCHEMA_VERSION,
            kind: None,
            version: None,
            header: None,
            audience_verdict: None,
            claims: &Map::new(),
            findings: std::slice::from_ref(finding),
            fits: false,
            operation: None,
            coverage: &[],
        },
    )
}

/// The word a person reads, as lint and rustc say it (`note` for the lowest severity, in JSON too).
fn severity_label(severity: Severity, check: &str) -> String {
    style::severity(severity, &format!("{}[{check}]", severity.as_str())).to_string()
}

fn finding_text(out: &mut dyn Write, f: &Finding) -> std::io::Result<()> {
    // Wrap with the plain label, then color it: escape codes must not count toward the width.
    let label = format!("{}[{}]:", f.severity.as_str(), f.id);
    let wrapped = wrap(&format!("{label} {}", for_terminal(&f.message)), "", "  ");
    let rest = wrapped.get(label.len()..).unwrap_or_default();
    writeln!(out, "{}:{rest}", severity_label(f.severity, f.id.as_str()))?;
    if let Some(fix) = &f.help {
        let wrapped = wrap(&for_terminal(fix), "  fix: ", "       ");
        let rest = wrapped.get("  fix: ".len()..).unwrap_or_default();
        writeln!(out, "  {} {}", style::heading("fix:"), style::fix(rest))?;
    }
    Ok(())
}

/// Writes the text for a token that could not be read.
pub fn unreadable_human(out: &mut dyn Write, finding: &Finding) -> std::io::Result<()> {
    finding_text(out, finding)
}

/// A summary row, its value wrapped under itself like every other line of the output.
fn row(out: &mut dyn Write, label: &str, value: &str) -> std::io::Result<()> {
    let first = format!("  {label:<13}");
    let wrapped = wrap(
        &for_terminal(value),
        &first,
        &" ".repeat(first.len().max(15)),
    );
    let rest = wrapped.get(first.len()..).unwrap_or_default();
    writeln!(out, "  {}{rest}", style::dim(&format!("{label:<13}")))
}

/// Writes the report for people.
pub fn human(out: &mut dyn Write, report: &TokenReport, verbose: bool) -> std::io::Result<()> {
    summary(out, report)?;

    // `info` findings say what was checked and found fine: shown with -v (JSON always has them).
    let mut shown = report
        .findings
        .iter()
        .filter(|f| verbose || f.severity != Severity::Note)
        .peekable();
    if shown.peek().is_some() {
        writeln!(out)?;
    }
    for f in shown {
        finding_text(out, f)?;
    }

    if !report.coverage.is_empty() {
        coverage(out, report)?;
    }
    verdict(out, report)
}

/// The heading (what the token is) and one row per claim shown.
fn summary(out: &mut dyn Write, report: &TokenReport) -> std::io::Result<()> {
    let kind = match report.token_type {
        TokenType::Application => "application token",
        TokenType::Delegated => "delegated token",
        TokenType::Unknown => "access token",
        TokenType::IdToken => "ID token (not an access token)",
        TokenType::NotEntra => "token not issued by Microsoft Entra ID",
    };
    // Without a `ver` claim, the version the issuer implies, marked as such; else nothing.
    let version = match (report.version.as_deref(), report.version_from_issuer()) {
        (Some(v), _) => format!("v{} ", for_terminal(v)),
        (None, Some(v)) => format!("v{v} (by its issuer; no `ver` claim) "),
        (None, None) => String::new(),
    };
    let alg = report
        .header
        .alg
        .as_deref()
        .map_or(String::new(), |a| format!(", {}", for_terminal(a)));
    writeln!(out, "{}", style::heading(&format!("{version}{kind}{alg}")))?;
    if let Some(aud) = &report.audience {
        let api = report
            .audience_api
            .map_or(String::new(), |api| format!("  ({api})"));
        row(out, "audience", &format!("{aud}{api}"))?;
    }
    let ids = [
        ("tenant (tid)", &report.tenant),
        (
            if report.claims.contains_key("appid") {
                "app (appid)"
            } else {
                "app (azp)"
            },
            &report.app_id,
        ),
        ("object (oid)", &report.object_id),
        ("user", &report.user),
        ("issuer", &report.issuer),
    ];
    for (label, value) in ids {
        if let Some(v) = value {
            row(out, label, v)?;
        }
    }
    for (label, value) in [
        ("issued", report.issued_at),
        ("not before", report.not_before),
        ("expires", report.expires),
    ] {
        if let Some(t) = value {
            row(out, label, &format_utc(t))?;
        }
    }
    row(out, "checked at", &format_utc(report.now))?;
    let perm_label = match report.kind {
        crate::token::TokenKind::Delegated => "scopes (scp)",
        _ => "roles",
    };
    let perms = if report.permissions.is_empty() {
        "(none)".to_string()
    } else {
        report.permissions.join(", ")
    };
    row(out, perm_label, &perms)
}

/// What the token can call, family by family.
fn coverage(out: &mut dyn Write, report: &TokenReport) -> std::io::Result<()> {
    let can: usize = report.coverage.iter().map(|f| f.can.len()).sum();
    let total: usize = report
        .coverage
        .iter()
        .map(|f| f.can.len() + f.cannot.len())
        .sum();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style::heading(&format!(
            "What this token can call: {can} of {total} documented operations, by family"
        ))
    )?;
    let width = report
        .coverage
        .iter()
        .map(|f| f.family.len())
        .max()
        .unwrap_or(0);
    for family in &report.coverage {
        let count = format!(
            "{:>2} of {:<2}",
            family.can.len(),
            family.can.len() + family.cannot.len()
        );
        let lead = format!("  {:<width$}  {count}  ", family.family);
        if family.can.is_empty() {
            writeln!(
                out,
                "  {}{}  {}",
                style::code(&family.family),
                " ".repeat(width - family.family.len()),
                style::dim(count.trim_end())
            )?;
            continue;
        }
        // The callable names, wrapped under their own column.
        let names = wrap(&family.can.join(", "), &lead, &" ".repeat(lead.len()));
        let rest = names.get(lead.len()..).unwrap_or_default();
        writeln!(
            out,
            "  {}{}  {}  {}",
            style::code(&family.family),
            " ".repeat(width - family.family.len()),
            style::fix(&count),
            rest
        )?;
    }
    Ok(())
}

/// The closing line: whether the token fits, and whether identifying claims were redacted.
fn verdict(out: &mut dyn Write, report: &TokenReport) -> std::io::Result<()> {
    writeln!(out)?;
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let target = report
        .operation
        .map_or(String::new(), |op| format!(" {op}"));
    if errors == 0 {
        writeln!(out, "{}", style::fix(&format!("The token fits{target}.")))?;
    } else {
        let noun = if errors == 1 { "problem" } else { "problems" };
        writeln!(
            out,
            "{}",
            style::error(&format!("The token does not fit{target}: {errors} {noun}."))
        )?;
    }
    if report.redacted {
        writeln!(out, "{}", style::dim("Identifying claims are redacted."))?;
    }
    Ok(())
}
