//! Reading ../shared/corpora by path. The corpora are never copied into the repository;
//! where one is absent, callers say so and skip it.

use std::path::PathBuf;

pub struct Item {
    pub text: String,
    pub label: String,
    pub source: String,
    /// The dataset's own split (SGD: train, dev, test), empty where it has none.
    pub split: String,
}

pub fn corpora_dir() -> PathBuf {
    std::env::var_os("RAPPORT_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"))
}

/// None when the file is absent.
pub fn load(name: &str) -> Option<Vec<Item>> {
    let path = corpora_dir().join(name);
    let text = std::fs::read_to_string(&path).ok()?;
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
        let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        items.push(Item {
            text: field("text"),
            label: field("label"),
            source: field("source"),
            split: v["meta"]["split"].as_str().unwrap_or_default().to_string(),
        });
    }
    Some(items)
}
