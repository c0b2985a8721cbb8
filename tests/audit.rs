//! `rapport audit`: each export format, each output format, malformed input, and the
//! fixed export written back in its own format.

#[path = "common/cli.rs"]
mod cli;

use cli::{stderr, stdout};

fn rapport(args: &[&str]) -> std::process::Output {
    cli::rapport(args, [])
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn zendesk_export_is_audited_and_fixed_in_its_own_format() {
    let out_file = std::env::temp_dir().join(format!("rapport-fixed-{}.json", std::process::id()));
    let out = rapport(&[
        "audit",
        &data("zendesk_macros.json"),
        "--format",
        "json",
        "--fixed",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let audited: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = audited.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let rules = |i: usize| -> Vec<String> {
        rows[i]["report"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(0).contains(&"dear-valued-customer".to_string()), "{:?}", rules(0));
    assert!(
        rules(0).contains(&"apologize-for-any-inconvenience".to_string()),
        "{:?}",
        rules(0)
    );
    assert!(rules(1).contains(&"did-you-plug-it-in".to_string()));
    assert!(rules(2).is_empty(), "the warm macro is clean: {:?}", rules(2));

    let fixed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(fixed["count"], 3, "fields other than bodies are kept");
    let body = fixed["macros"][1]["actions"][0]["value"][1].as_str().unwrap();
    assert!(!body.contains("Did you plug it in"), "{body}");
    assert_eq!(fixed["macros"][1]["actions"][0]["value"][0], "channel:all");
    assert_eq!(
        fixed["macros"][2]["actions"][0]["value"], rows[2]["body"],
        "clean macros are unchanged"
    );
    let out = rapport(&["audit", out_file.to_str().unwrap(), "--format", "json"]);
    let again: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let before: usize = rows
        .iter()
        .map(|r| r["report"]["findings"].as_array().unwrap().len())
        .sum();
    let after: usize = again
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["report"]["findings"].as_array().unwrap().len())
        .sum();
    assert!(
        after < before,
        "the fixed export has fewer findings ({after} vs {before})"
    );
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn freshdesk_csv_is_fixed_keeping_other_columns() {
    let out_file = std::env::temp_dir().join(format!("rapport-fixed-{}.csv", std::process::id()));
    let out = rapport(&[
        "audit",
        &data("freshdesk_canned.csv"),
        "--fixed",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let human = stdout(&out);
    assert!(
        human.contains("please-be-advised") && human.contains("Password reset"),
        "{human}"
    );
    let fixed = std::fs::read_to_string(&out_file).unwrap();
    let rows = rapport::audit::parse_csv(&fixed).unwrap();
    assert_eq!(rows[0], ["Title", "Content", "Folder"]);
    assert_eq!(rows[1][0], "Password reset");
    assert_eq!(rows[1][2], "Account");
    assert!(
        !rows[1][1].to_lowercase().contains("please be advised"),
        "{}",
        rows[1][1]
    );
    assert_eq!(rows[2][1], "Thanks so much for reaching out, I'm happy to help!");
    std::fs::remove_file(out_file).unwrap();
}

#[test]
fn plain_csv_to_sarif_and_html() {
    let out = rapport(&["audit", &data("plain_macros.csv"), "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "as-i-already-said"));
    assert_eq!(results[0]["locations"][0]["logicalLocations"][0]["name"], "Repeat");
    assert_eq!(results[0]["properties"]["bodyStart"], 0);
    assert!(results[0]["properties"]["suggestion"].is_string());

    let out = rapport(&["audit", &data("plain_macros.csv"), "--format", "html"]);
    let html = stdout(&out);
    assert!(html.starts_with("<!doctype html>") && html.contains("as-i-already-said"));
    assert!(html.contains("we can&#39;t do that"), "text is escaped");
    assert!(!html.contains("<script"));
}

#[test]
fn malformed_exports_name_the_row_and_column() {
    let out = rapport(&["audit", &data("malformed_unclosed.csv")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("row 2, column 2") && stderr(&out).contains("never closed"),
        "{}",
        stderr(&out)
    );
    let out = rapport(&["audit", &data("malformed_columns.csv")]);
    assert!(
        stderr(&out).contains("row 2: 3 columns where the header has 2"),
        "{}",
        stderr(&out)
    );
    let out = rapport(&["audit", &data("malformed_zendesk.json")]);
    assert!(stderr(&out).contains("macro 1 (No actions)"), "{}", stderr(&out));
    let out = rapport(&["audit", &data("zendesk_macros.json"), "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}
