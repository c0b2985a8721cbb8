//! The `rapport` command line: check drafts, batch-check JSON Lines, list and explain rules.
//! Native only: the wasm build reads JSON with its own reader, which this file does not use,
//! and cargo builds the binary for the wasm boundary's tests too.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use rapport::catalog::{parse_pack, read_pack, Pack, PACK_SCHEMA};
use rapport::{AnalyzeContext, Engine, EngineOptions, Report};
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
rapport: a reply coach for customer-service agents

USAGE:
  rapport check [FILE...] [--format human|json] [--pack FILE]... [--customer FILE] [--lang CODE]
                          check drafts (stdin when no FILE); exit 0 clean, 1 findings, 2 error;
                          --customer: the customer's message, to coach the reply to it;
                          --lang: the replies' language (en, es, de, fr, pt; auto: detect
                          each paragraph's, the default)
  rapport check --jsonl   read JSON Lines ({\"text\": ..., \"context\": {...}}) on stdin, write one
                          report per line; --lang and --customer fill what a line's context leaves unset
  rapport rules [--format human|json]
                          every rule in a table, or as JSON with examples (the rule reference's data)
  rapport explain ID      a rule's explanation, examples and rewrites
  rapport test FILE...     validate packs or rule files and run their examples
  rapport audit FILE [--format human|json|sarif|html] [--fixed OUT]
                          audit canned replies (Zendesk macros JSON, Freshdesk or plain CSV);
                          --fixed writes the export with the suggested rewrites applied
";

/// Writes to standard output; a reader that closed the pipe (`rapport rules | head`)
/// ends the program quietly instead of a panic.
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("rapport: cannot write output: {e}");
        std::process::exit(2);
    }
}

macro_rules! out {
    ($($arg:tt)*) => { emit(&format!($($arg)*)) };
}

macro_rules! outln {
    ($($arg:tt)*) => {{ emit(&format!($($arg)*)); emit("\n"); }};
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("rapport: {message}");
            ExitCode::from(2)
        }
    }
}

struct CheckArgs {
    files: Vec<String>,
    customer: Option<String>,
    lang: Option<String>,
    json: bool,
    jsonl: bool,
    packs: Vec<String>,
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, String> {
    let mut out = CheckArgs {
        files: Vec::new(),
        customer: None,
        lang: None,
        json: false,
        jsonl: false,
        packs: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--jsonl" => out.jsonl = true,
            "--format" => match it.next().map(String::as_str) {
                Some("json") => out.json = true,
                Some("human") => out.json = false,
                other => {
                    return Err(format!(
                        "--format takes human or json, got {}",
                        other.unwrap_or("nothing")
                    ))
                }
            },
            "--pack" => out.packs.push(it.next().ok_or("--pack needs a file")?.clone()),
            "--customer" => out.customer = Some(it.next().ok_or("--customer needs a file")?.clone()),
            "--lang" => {
                let code = it.next().ok_or("--lang needs a language code")?;
                if code != "auto" && rapport::lang::Lang::parse(code).is_none() {
                    return Err(format!(
                        "--lang takes auto or one of {}, got {code}",
                        rapport::lang::codes()
                    ));
                }
                out.lang = Some(code.clone()).filter(|c| c != "auto");
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n\n{USAGE}")),
            file => out.files.push(file.to_string()),
        }
    }
    Ok(out)
}

fn read_file(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path} is not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Packs, and single rule files (the format of src/data/rules/), which are gathered into one
/// pack named "local" so a rule can be tried before it joins the catalog.
fn load_packs(files: &[String]) -> Result<Vec<Pack>, Vec<String>> {
    let mut packs = Vec::new();
    let mut loose = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let json = read_file(path).map_err(|e| vec![e])?;
        match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(v) if v.get("schema").is_none() && v.get("id").is_some() => loose.push(v),
            _ => match parse_pack(&json, path) {
                Ok(p) => packs.push(p),
                Err(errs) => errors.extend(errs.iter().map(|e| e.to_string())),
            },
        }
    }
    if !loose.is_empty() {
        let pack = serde_json::json!({"schema": PACK_SCHEMA, "name": "local", "version": "0", "rules": loose});
        match read_pack(&pack, "local") {
            Ok(p) => packs.push(p),
            Err(errs) => errors.extend(errs.iter().map(|e| e.to_string())),
        }
    }
    if errors.is_empty() {
        Ok(packs)
    } else {
        Err(errors)
    }
}

fn load_engine(pack_files: &[String]) -> Result<Engine, String> {
    let packs = load_packs(pack_files).map_err(|e| e.join("\n"))?;
    Engine::with_packs(&EngineOptions::default(), packs).map_err(join_errors)
}

fn join_errors(errors: Vec<rapport::LoadError>) -> String {
    errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
}

fn run(args: &[String]) -> Result<u8, String> {
    match args.first().map(String::as_str) {
        Some("check") => {
            let opts = parse_check_args(&args[1..])?;
            let engine = load_engine(&opts.packs)?;
            if opts.jsonl {
                return check_jsonl(&engine, &default_context(&opts)?.unwrap_or_default());
            }
            check(&engine, &opts)
        }
        Some("rules") => {
            let engine = load_engine(&[])?;
            match args.get(1..).unwrap_or_default() {
                [] => print_rules(&engine),
                [flag, format] if flag == "--format" && format == "json" => {
                    let json = serde_json::to_string_pretty(engine.rules()).map_err(|e| e.to_string())?;
                    outln!("{json}");
                }
                [flag, format] if flag == "--format" && format == "human" => print_rules(&engine),
                other => return Err(format!("rules takes --format human|json, got {}", other.join(" "))),
            }
            Ok(0)
        }
        Some("explain") => {
            let id = args
                .get(1)
                .ok_or("explain needs a rule id; `rapport rules` lists them")?;
            let engine = load_engine(&[])?;
            let rule = engine
                .rule(id)
                .ok_or_else(|| format!("no rule '{id}'; `rapport rules` lists them"))?;
            print_explain(&engine, rule);
            Ok(0)
        }
        Some("test") => test_packs(&args[1..]),
        Some("audit") => audit(&args[1..]),
        Some("-h" | "--help" | "help") => {
            out!("{USAGE}");
            Ok(0)
        }
        Some(other) => Err(format!("unknown command '{other}'\n\n{USAGE}")),
        None => Err(format!("a command is needed\n\n{USAGE}")),
    }
}

fn check(engine: &Engine, opts: &CheckArgs) -> Result<u8, String> {
    let inputs: Vec<(String, String)> = if opts.files.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "standard input is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        vec![("<stdin>".to_string(), text)]
    } else {
        opts.files
            .iter()
            .map(|f| Ok((f.clone(), read_file(f)?)))
            .collect::<Result<_, String>>()?
    };
    let context = default_context(opts)?;
    let mut any = false;
    for (name, text) in &inputs {
        let report = engine.analyze(text, context.as_ref());
        any |= !report.findings.is_empty();
        if opts.json {
            let json = serde_json::to_string(&report).map_err(|e| format!("cannot write output: {e}"))?;
            outln!("{json}");
        } else {
            out!("{}", render_human(engine, name, text, &report));
        }
    }
    Ok(if any { 1 } else { 0 })
}

/// The context `--customer` and `--lang` give every reply, if they give one.
fn default_context(opts: &CheckArgs) -> Result<Option<AnalyzeContext>, String> {
    Ok(match (&opts.customer, &opts.lang) {
        (None, None) => None,
        (customer, lang) => Some(AnalyzeContext {
            customer_message: customer.as_deref().map(read_file).transpose()?,
            lang: lang.clone(),
            ..Default::default()
        }),
    })
}

/// One report per input line, in order. A bad line gets an error object on its output
/// line and the run goes on: other tools rely on this staying stable. `defaults` (from
/// `--lang` and `--customer`) fill what a line's own context leaves unset.
fn check_jsonl(engine: &Engine, defaults: &AnalyzeContext) -> Result<u8, String> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any = false;
    let mut line_no = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = match std::str::from_utf8(&buf) {
            Ok(s) => s.trim_end_matches(['\n', '\r']),
            Err(e) => {
                write_error(
                    &mut out,
                    line_no,
                    &format!("not valid UTF-8 at byte {}", e.valid_up_to()),
                )?;
                continue;
            }
        };
        if line.trim().is_empty() {
            write_error(
                &mut out,
                line_no,
                "empty line; expected a JSON object with a \"text\" field",
            )?;
            continue;
        }
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Input {
            text: String,
            #[serde(default)]
            context: Option<AnalyzeContext>,
        }
        match serde_json::from_str::<Input>(line) {
            Ok(input) => {
                let has_defaults = defaults.lang.is_some() || defaults.customer_message.is_some();
                let context = match input.context {
                    Some(own) => Some(own),
                    None if has_defaults => Some(AnalyzeContext::default()),
                    None => None,
                }
                .map(|mut context| {
                    context.lang = context.lang.or_else(|| defaults.lang.clone());
                    context.customer_message = context.customer_message.or_else(|| defaults.customer_message.clone());
                    context
                });
                let report = engine.analyze(&input.text, context.as_ref());
                any |= !report.findings.is_empty();
                serde_json::to_writer(&mut out, &report).map_err(|e| format!("cannot write output: {e}"))?;
                writeln!(out).map_err(|e| format!("cannot write output: {e}"))?;
            }
            Err(e) => write_error(
                &mut out,
                line_no,
                &format!("expected a JSON object with a \"text\" string: {e}"),
            )?,
        }
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(if any { 1 } else { 0 })
}

fn write_error(out: &mut impl Write, line: usize, message: &str) -> Result<(), String> {
    let obj = serde_json::json!({"error": message, "line": line});
    writeln!(out, "{obj}").map_err(|e| format!("cannot write output: {e}"))
}

/// Bytes of context shown either side of a finding.
const CONTEXT_BYTES: usize = 80;

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn render_human(engine: &Engine, name: &str, text: &str, report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let line_start = text[..f.byte_start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[f.byte_end..].find('\n').map_or(text.len(), |i| f.byte_end + i);
        let line_no = text[..f.byte_start].matches('\n').count() + 1;
        let column = text[line_start..f.byte_start].chars().count();
        out.push_str(&format!(
            "{name}:{line_no}:{}: {} {} [{}] {}\n",
            column + 1,
            f.severity.as_str(),
            f.category,
            f.rule,
            f.message
        ));
        // A window around the finding: a pasted draft can be one very long line.
        let shown_start = floor_boundary(text, line_start.max(f.byte_start.saturating_sub(CONTEXT_BYTES)));
        let shown_end = floor_boundary(text, line_end.min(f.byte_end.max(f.byte_start) + CONTEXT_BYTES));
        let lead = if shown_start > line_start { "…" } else { "" };
        let tail = if shown_end < line_end { "…" } else { "" };
        let column_shown = lead.chars().count() + text[shown_start..f.byte_start].chars().count();
        let width = text[f.byte_start..f.byte_end.min(shown_end)].chars().count().max(1);
        out.push_str(&format!("  | {lead}{}{tail}\n", &text[shown_start..shown_end]));
        out.push_str(&format!("  | {}{}\n", " ".repeat(column_shown), "^".repeat(width)));
        if let Some(r) = f.rewrites.first() {
            out.push_str(&format!("  try ({}): {}\n", r.strategy, r.text));
        } else if let Some(rule) = engine.rule(&f.rule) {
            // the rule's advice is the help here: there is no wording to click
            if let Some(why) = &rule.why_no_rewrite {
                out.push_str(&format!("  no rewrite: {why}\n  instead: {}\n", rule.explanation));
            }
        }
        if f.folded > 0 {
            out.push_str(&format!(
                "  and {} more like this in the sentence (shown as you fix these)\n",
                f.folded
            ));
        }
    }
    if let Some(customer) = &report.customer {
        out.push_str(&format!(
            "{name}: read in the customer's message: {}\n",
            customer.summary
        ));
        out.push_str(&format!("  opener: {}\n", customer.opener));
    }
    let present: Vec<&str> = report.moves.iter().filter(|m| m.present).map(|m| &*m.id).collect();
    let missing: Vec<&str> = report.moves.iter().filter(|m| m.needed).map(|m| &*m.id).collect();
    out.push_str(&format!(
        "{name}: {} finding(s), warmth {}/100 ({}); moves made: {}; this reply needs: {}\n",
        report.findings.len(),
        report.score.value,
        report.score.words,
        if present.is_empty() {
            "none".to_string()
        } else {
            present.join(", ")
        },
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        },
    ));
    out
}

fn print_rules(engine: &Engine) {
    let rules = engine.rules();
    let w = rules.iter().map(|r| r.id.len()).max().unwrap_or(2);
    let cw = rules.iter().map(|r| r.category.len()).max().unwrap_or(8);
    outln!("{:w$}  {:cw$}  {:8}  MESSAGE", "ID", "CATEGORY", "SEVERITY");
    for r in rules {
        outln!(
            "{:w$}  {:cw$}  {:8}  {}",
            r.id,
            r.category,
            r.severity.as_str(),
            r.message
        );
    }
    outln!("{} rules", rules.len());
}

fn print_explain(engine: &Engine, rule: &rapport::Rule) {
    outln!("{} ({}, {})\n", rule.id, rule.category, rule.severity.as_str());
    outln!("{}\n\n{}\n", rule.message, rule.explanation);
    if let Some(why) = &rule.why_no_rewrite {
        outln!("No rewrite: {why}\n");
    }
    outln!("Flags:");
    for e in &rule.examples.flag {
        outln!("  - {e}");
        let report = engine.analyze(e, None);
        if let Some(f) = report.findings.iter().find(|f| f.rule == rule.id) {
            for r in &f.rewrites {
                outln!("      {} -> {}", r.strategy, rapport::apply_rewrite(e, r));
            }
        }
    }
    outln!("Does not flag:");
    for e in &rule.examples.allow {
        outln!("  - {e}");
    }
    outln!("\nPatterns:");
    for p in &rule.patterns {
        outln!("  {p}");
    }
}

/// Audits a macro export; exit 0 when every macro is clean, 1 with findings, 2 on error.
fn audit(args: &[String]) -> Result<u8, String> {
    let mut file = None;
    let mut format = "human".to_string();
    let mut fixed = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => format = it.next().ok_or("--format needs human, json, sarif or html")?.clone(),
            "--fixed" => fixed = Some(it.next().ok_or("--fixed needs an output file")?.clone()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}\n\n{USAGE}")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("audit takes one file; also got {extra}")),
        }
    }
    let file = file.ok_or("audit needs an export file")?;
    let export = rapport::audit::parse(&read_file(&file)?).map_err(|e| format!("{file}: {e}"))?;
    let engine = load_engine(&[])?;
    let audited = rapport::audit::audit(&engine, &export);
    let rendered = match format.as_str() {
        "json" => serde_json::to_string_pretty(&audited).map_err(|e| e.to_string())? + "\n",
        "sarif" => {
            serde_json::to_string_pretty(&rapport::audit::to_sarif(&audited, &file, engine.rules()))
                .map_err(|e| e.to_string())?
                + "\n"
        }
        "html" => rapport::audit::to_html(&audited),
        "human" => {
            let mut out = String::new();
            let mut sorted: Vec<&rapport::audit::Audited> = audited.iter().collect();
            sorted.sort_by_key(|a| a.report.score.value);
            for a in sorted {
                out.push_str(&format!(
                    "{:>3}  {}  ({} finding(s))\n",
                    a.report.score.value,
                    a.title,
                    a.report.findings.len()
                ));
                for f in &a.report.findings {
                    out.push_str(&format!(
                        "       {} [{}] \"{}\": {}\n",
                        f.severity.as_str(),
                        f.rule,
                        f.text,
                        f.message
                    ));
                }
                if a.suggested != a.body {
                    out.push_str(&format!("       suggested: {}\n", a.suggested.replace('\n', " / ")));
                }
            }
            out
        }
        other => return Err(format!("--format takes human, json, sarif or html, got {other}")),
    };
    out!("{rendered}");
    if let Some(out) = fixed {
        let bodies: Vec<String> = audited.iter().map(|a| a.suggested.clone()).collect();
        std::fs::write(&out, rapport::audit::write_fixed(&export, &bodies))
            .map_err(|e| format!("cannot write {out}: {e}"))?;
    }
    Ok(if audited.iter().any(|a| !a.report.findings.is_empty()) {
        1
    } else {
        0
    })
}

/// Validates packs and runs their examples against the catalog plus the pack.
fn test_packs(files: &[String]) -> Result<u8, String> {
    if files.is_empty() {
        return Err("test needs at least one pack file".into());
    }
    let packs = match load_packs(files) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                outln!("{e}");
            }
            return Ok(1);
        }
    };
    let ids: Vec<String> = packs
        .iter()
        .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
        .collect();
    let engine = Engine::with_packs(&EngineOptions::default(), packs).map_err(join_errors)?;
    let problems = rapport::examples::check_rules(&engine, ids.iter().map(String::as_str));
    for problem in &problems {
        outln!("{problem}");
    }
    let failures = problems.len();
    if failures == 0 {
        outln!("all examples pass");
        Ok(0)
    } else {
        Ok(1)
    }
}
