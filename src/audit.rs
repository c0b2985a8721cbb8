//! Auditing canned replies (macros): read a helpdesk export, analyse each macro, suggest
//! a fixed body, and write the export back in its own format with the fixes applied.
//!
//! Formats: a Zendesk macros export (JSON: `{"macros": [{"title", "actions": [{"field":
//! "comment_value", "value"}]}]}`), a Freshdesk canned responses CSV (`Title`, `Content`
//! columns, others kept), or any CSV whose header names a title and a body column.

use crate::json::{self, Value};
use crate::report::Report;
use crate::{apply_rewrite, Engine};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Zendesk,
    Csv,
}

/// One canned reply, and where its body lives in the export.
#[derive(Debug, Clone)]
pub struct Macro {
    pub title: String,
    pub body: String,
    location: Location,
}

#[derive(Debug, Clone)]
enum Location {
    /// Index of the macro, of the action, and whether the value is `[channel, text]`.
    Zendesk { index: usize, action: usize, array: bool },
    /// Row (0-based, header excluded) and the body column.
    Csv { row: usize, column: usize },
}

#[derive(Debug)]
pub struct Export {
    pub format: ExportFormat,
    pub macros: Vec<Macro>,
    original: Original,
}

#[derive(Debug)]
enum Original {
    Json(Value),
    Csv(Vec<Vec<String>>),
}

#[derive(Debug, Serialize)]
pub struct Audited {
    pub title: String,
    pub body: String,
    pub report: Report,
    /// The body with each finding's top rewrite applied.
    pub suggested: String,
}

/// Reads an export, deciding the format from its content. Errors name the row and
/// column (CSV) or the macro and field (JSON).
pub fn parse(text: &str) -> Result<Export, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_zendesk(trimmed)
    } else {
        parse_csv_export(text.trim_start_matches('\u{feff}'))
    }
}

fn parse_zendesk(text: &str) -> Result<Export, String> {
    let value: Value = json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let list = match &value {
        Value::Object(o) => o
            .get("macros")
            .and_then(Value::as_array)
            .ok_or("a Zendesk export needs a \"macros\" list at the top")?,
        Value::Array(a) => a,
        _ => return Err("a Zendesk export must be an object with \"macros\" or a list of macros".into()),
    };
    let mut macros = Vec::new();
    for (index, m) in list.iter().enumerate() {
        let title = m
            .get("title")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("macro {}: \"title\" is missing or not text", index + 1))?;
        let actions = m
            .get("actions")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("macro {} ({title}): \"actions\" is missing or not a list", index + 1))?;
        for (action, a) in actions.iter().enumerate() {
            let field = a.get("field").and_then(Value::as_str).unwrap_or_default();
            if field != "comment_value" && field != "comment_value_html" {
                continue;
            }
            let (body, array) = match a.get("value") {
                Some(Value::String(s)) => (s.clone(), false),
                Some(Value::Array(parts)) => match parts.last() {
                    Some(Value::String(s)) => (s.clone(), true),
                    _ => {
                        return Err(format!(
                            "macro {} ({title}), action {}: \"value\" has no text",
                            index + 1,
                            action + 1
                        ))
                    }
                },
                _ => {
                    return Err(format!(
                        "macro {} ({title}), action {}: \"value\" is not text",
                        index + 1,
                        action + 1
                    ))
                }
            };
            macros.push(Macro {
                title: title.to_string(),
                body,
                location: Location::Zendesk { index, action, array },
            });
        }
    }
    Ok(Export {
        format: ExportFormat::Zendesk,
        macros,
        original: Original::Json(value),
    })
}

fn parse_csv_export(text: &str) -> Result<Export, String> {
    let rows = parse_csv(text)?;
    let header = rows.first().ok_or("the CSV file is empty")?;
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let title_col = find(&["title", "name", "macro", "subject"])
        .ok_or("row 1: no title column (expected a header named Title or Name)")?;
    let body_col = find(&["content", "body", "response", "message", "text", "comment"])
        .ok_or("row 1: no body column (expected a header named Content or Body)")?;
    let mut macros = Vec::new();
    for (row, cells) in rows.iter().enumerate().skip(1) {
        if cells.len() == 1 && cells[0].is_empty() {
            continue;
        }
        if cells.len() != header.len() {
            return Err(format!(
                "row {}: {} columns where the header has {}",
                row + 1,
                cells.len(),
                header.len()
            ));
        }
        macros.push(Macro {
            title: cells[title_col].clone(),
            body: cells[body_col].clone(),
            location: Location::Csv {
                row: row - 1,
                column: body_col,
            },
        });
    }
    Ok(Export {
        format: ExportFormat::Csv,
        macros,
        original: Original::Csv(rows),
    })
}

/// RFC 4180: commas, double quotes with "" escapes, line breaks inside quotes.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut quoted_from: Option<(usize, usize)> = None;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match (quoted_from.is_some(), c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => {
                quoted_from = None;
                if !matches!(chars.peek(), None | Some(',') | Some('\n') | Some('\r')) {
                    return Err(format!(
                        "row {}, column {}: text after a closing quote",
                        rows.len() + 1,
                        row.len() + 1
                    ));
                }
            }
            (true, c) => cell.push(c),
            (false, '"') if at_cell_start => quoted_from = Some((line, column)),
            (false, '"') => {
                return Err(format!(
                    "row {}, column {}: a quote inside an unquoted cell (quote the cell and double the quote)",
                    rows.len() + 1,
                    row.len() + 1
                ))
            }
            (false, ',') => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
                continue;
            }
            (false, '\r') if chars.peek() == Some(&'\n') => continue,
            (false, '\n') | (false, '\r') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
                line += 1;
                column = 1;
                continue;
            }
            (false, c) => cell.push(c),
        }
        at_cell_start = false;
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    if let Some((l, _)) = quoted_from {
        return Err(format!(
            "row {}, column {}: a quoted cell opened on line {l} is never closed",
            rows.len() + 1,
            row.len() + 1
        ));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Applies each finding's top rewrite, last first so earlier spans stay valid; a rewrite
/// whose span overlaps one already applied is skipped.
pub fn suggest(body: &str, report: &Report) -> String {
    let mut out = body.to_string();
    let mut floor = usize::MAX;
    for f in report.findings.iter().rev() {
        let Some(r) = f.rewrites.first() else { continue };
        if r.end > floor {
            continue;
        }
        out = apply_rewrite(&out, r);
        floor = r.start;
    }
    out
}

pub fn audit(engine: &Engine, export: &Export) -> Vec<Audited> {
    export
        .macros
        .iter()
        .map(|m| {
            let report = engine.analyze(&m.body, None);
            let suggested = suggest(&m.body, &report);
            Audited {
                title: m.title.clone(),
                body: m.body.clone(),
                report,
                suggested,
            }
        })
        .collect()
}

/// The export in its own format, with `bodies[i]` in place of macro i's body.
pub fn write_fixed(export: &Export, bodies: &[String]) -> String {
    match &export.original {
        Original::Json(value) => {
            let mut value = value.clone();
            for (m, body) in export.macros.iter().zip(bodies) {
                let Location::Zendesk { index, action, array } = m.location else {
                    continue;
                };
                let list = match &mut value {
                    Value::Object(o) => o.get_mut("macros").and_then(Value::as_array_mut),
                    Value::Array(a) => Some(a),
                    _ => None,
                };
                let Some(slot) = list
                    .and_then(|l| l.get_mut(index))
                    .and_then(|m| m.get_mut("actions"))
                    .and_then(|a| a.get_mut(action))
                    .and_then(|a| a.get_mut("value"))
                else {
                    continue;
                };
                if array {
                    if let Some(last) = slot.as_array_mut().and_then(|p| p.last_mut()) {
                        *last = Value::String(body.clone());
                    }
                } else {
                    *slot = Value::String(body.clone());
                }
            }
            json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        Original::Csv(rows) => {
            let mut rows = rows.clone();
            for (m, body) in export.macros.iter().zip(bodies) {
                if let Location::Csv { row, column } = m.location {
                    rows[row + 1][column] = body.clone();
                }
            }
            rows.iter()
                .map(|r| r.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","))
                .collect::<Vec<_>>()
                .join("\r\n")
                + "\r\n"
        }
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A standalone HTML report: every string escaped, no script.
pub fn to_html(audited: &[Audited]) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Rapport macro audit</title>\n\
         <style>body{font:15px system-ui;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #999;\
         padding:.4rem;vertical-align:top;text-align:left}.high{color:#a00}.medium{color:#a60}</style></head><body>\n\
         <h1>Rapport macro audit</h1>\n<table><thead><tr><th>Macro</th><th>Warmth</th><th>Findings</th>\
         <th>Suggested body</th></tr></thead><tbody>\n",
    );
    for a in audited {
        let findings: Vec<String> = a
            .report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "<li class=\"{}\">{} <q>{}</q>: {}</li>",
                    f.severity.as_str(),
                    escape_html(&f.rule),
                    escape_html(&f.text),
                    escape_html(&f.message)
                )
            })
            .collect();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td><ul>{}</ul></td><td>{}</td></tr>\n",
            escape_html(&a.title),
            a.report.score.value,
            findings.join(""),
            escape_html(&a.suggested).replace('\n', "<br>")
        ));
    }
    out.push_str("</tbody></table></body></html>\n");
    out
}

/// SARIF 2.1.0, one result per finding, located by macro (logical location) and snippet.
pub fn to_sarif(audited: &[Audited], file: &str, rules: &[crate::Rule]) -> serde_json::Value {
    let results: Vec<serde_json::Value> = audited
        .iter()
        .flat_map(|a| {
            a.report.findings.iter().map(move |f| {
                serde_json::json!({
                    "ruleId": f.rule,
                    "level": match f.severity { crate::Severity::High => "error", crate::Severity::Medium => "warning", crate::Severity::Low => "note" },
                    "message": {"text": format!("{} (macro \"{}\")", f.message, a.title)},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": file},
                            "region": {"snippet": {"text": f.text}}
                        },
                        "logicalLocations": [{"name": a.title, "kind": "member"}]
                    }],
                    // Offsets count UTF-16 units in the macro's body, not in the export
                    // file, so they travel as properties rather than as a SARIF region.
                    "properties": {
                        "macro": a.title,
                        "bodyStart": f.start,
                        "bodyEnd": f.end,
                        "suggestion": f.rewrites.first().map(|r| r.text.clone()),
                        "strategy": f.rewrites.first().map(|r| r.strategy.clone()),
                    }
                })
            })
        })
        .collect();
    let rule_list: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({"id": r.id, "shortDescription": {"text": r.message}, "fullDescription": {"text": r.explanation}})
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "rapport", "version": env!("CARGO_PKG_VERSION"), "rules": rule_list}}, "results": results}]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_newlines_and_errors() {
        let rows = parse_csv("Title,Content\r\n\"A, b\",\"line 1\nline \"\"2\"\"\"\r\nC,d\n").unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["Title", "Content"],
                vec!["A, b", "line 1\nline \"2\""],
                vec!["C", "d"]
            ]
        );
        assert!(parse_csv("a,\"open\n").unwrap_err().contains("never closed"));
        assert!(parse_csv("a,b\"c\n").unwrap_err().contains("row 1, column 2"));
    }

    #[test]
    fn csv_round_trips() {
        let text = "Title,Content,Folder\r\n\"A, b\",\"x \"\"y\"\"\nz\",F\r\n";
        let export = parse(text).unwrap();
        let bodies: Vec<String> = export.macros.iter().map(|m| m.body.clone()).collect();
        assert_eq!(write_fixed(&export, &bodies), text);
    }
}
