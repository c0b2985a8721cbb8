//! Static guarantees about the extension's code, checked on the source every test run:
//! no eval or remote code, no HTML built from strings, no network calls except reading
//! the extension's own engine, and the least permissions.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // Build output (the wasm-bindgen glue; the bundles of the sources checked here) is
            // generated, and checked by its own build.
            if path.file_name().is_some_and(|n| n == "engine" || n == "bundle") {
                continue;
            }
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "js" || e == "html" || e == "mjs") {
            out.push(path);
        }
    }
}

fn extension_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("extension"), &mut files);
    assert!(files.len() >= 8, "extension sources not found");
    files
        .into_iter()
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn no_eval_remote_code_or_html_from_strings() {
    let forbidden = [
        "eval(",
        "new Function",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "setTimeout('",
        "setTimeout(\"",
        "importScripts('http",
        "<script src=\"http",
    ];
    for (path, text) in extension_files() {
        for needle in forbidden {
            assert!(!text.contains(needle), "{} contains {needle:?}", path.display());
        }
    }
}

#[test]
fn no_network_calls_beyond_the_extensions_own_files() {
    for (path, text) in extension_files() {
        for needle in [
            "XMLHttpRequest",
            "WebSocket",
            "sendBeacon",
            "EventSource",
            "http://",
            "https://",
        ] {
            assert!(!text.contains(needle), "{} contains {needle:?}", path.display());
        }
        for (i, line) in text.lines().enumerate() {
            if line.contains("fetch(") {
                assert!(
                    line.contains("getURL(") || line.contains("fetch(url)"),
                    "{}:{}: fetch of something other than the extension's own files: {line}",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_manifest_asks_for_the_least_and_forbids_remote_code() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let permissions: Vec<&str> = manifest["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    for p in &permissions {
        assert!(
            ["storage", "contextMenus", "activeTab"].contains(p),
            "permission {p} needs a reason in SECURITY.md and here"
        );
    }
    assert!(
        manifest.get("host_permissions").is_none(),
        "no host permissions: the extension makes no requests"
    );
    let csp = manifest["content_security_policy"]["extension_pages"].as_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("http"),
        "{csp}"
    );
    for resource in manifest["web_accessible_resources"].as_array().unwrap() {
        for r in resource["resources"].as_array().unwrap() {
            // the content script fetches both from the page's frame
            let r = r.as_str().unwrap();
            assert!(
                r == "engine/rapport_bg.wasm" || r == "engine/catalog-*.bin",
                "only the engine and its compiled catalog are exposed to pages: {r}"
            );
        }
    }
}
