//! The settings an engine is built with and the context a draft is read in, read from
//! JSON as the command line, the wasm boundary and packs give them.

use crate::catalog::Severity;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Settings a manager or agent can change without writing a pack.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineOptions {
    pub disabled_rules: Vec<String>,
    pub severity_overrides: SeverityOverrides,
    /// The team writes in the formal business register: the rules whose wording is that
    /// register's own (`formal_register` in a rule file) are left out.
    pub formal_register: bool,
}

/// Rule ids and the severity each is shown at: a handful of entries, so a list (a map
/// type of its own would bring its hashing code into the wasm); JSON reads and writes it
/// as an object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeverityOverrides(Vec<(String, Severity)>);

impl SeverityOverrides {
    pub fn get(&self, id: &str) -> Option<&Severity> {
        self.0.iter().find(|(rule, _)| rule == id).map(|(_, severity)| severity)
    }

    /// Sets `id`'s severity, replacing an earlier one.
    pub fn insert(&mut self, id: String, severity: Severity) {
        self.0.retain(|(rule, _)| *rule != id);
        self.0.push((id, severity));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Severity)> {
        self.0.iter().map(|(rule, severity)| (rule, severity))
    }
}

impl Serialize for SeverityOverrides {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for SeverityOverrides {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, Severity>::deserialize(d)?;
        Ok(SeverityOverrides(map.into_iter().collect()))
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Severity::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("severity must be low, medium or high, got '{s}'")))
    }
}

impl EngineOptions {
    /// Whether these options leave `rule` out: turned off by its id, or written for a
    /// register the team writes in.
    pub fn leave_out(&self, rule: &crate::catalog::Rule) -> bool {
        self.disabled_rules.contains(&rule.id) || (self.formal_register && rule.formal_register)
    }

    /// Reads options from JSON data with the same rules as the serde derive. The wasm
    /// boundary uses this instead of the derive: serde's type-error messages format floats,
    /// and that formatting code alone is some 14 KB of the extension's download.
    pub fn from_json(value: &crate::json::Value) -> Result<Self, String> {
        let Some(fields) = value.as_object() else {
            return Err("options must be an object".into());
        };
        let mut options = EngineOptions::default();
        for (key, value) in fields {
            match key.as_str() {
                "disabledRules" => options.disabled_rules = string_list(value, "disabledRules")?,
                "severityOverrides" => {
                    let Some(map) = value.as_object() else {
                        return Err("severityOverrides must be an object of rule id to severity".into());
                    };
                    for (rule, severity) in map {
                        let parsed = severity.as_str().and_then(Severity::parse).ok_or_else(|| {
                            format!("severityOverrides.{rule} must be low, medium or high, got {severity}")
                        })?;
                        options.severity_overrides.insert(rule.clone(), parsed);
                    }
                }
                "formalRegister" => {
                    options.formal_register = value
                        .as_bool()
                        .ok_or_else(|| format!("formalRegister must be true or false, got {value}"))?
                }
                other => {
                    return Err(format!(
                        "unknown field '{other}' (known: disabledRules, severityOverrides, formalRegister)"
                    ))
                }
            }
        }
        Ok(options)
    }
}

fn string_list(value: &crate::json::Value, field: &str) -> Result<Vec<String>, String> {
    let not_list = || format!("{field} must be an array of strings");
    let items = value.as_array().ok_or_else(not_list)?;
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(not_list))
        .collect()
}

/// What the agent is replying to. Optional: without it the analysis is the same.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeContext {
    pub customer_message: Option<String>,
    pub agent_name: Option<String>,
    pub channel: Option<String>,
    /// The reply's language ("es"), set by the agent or a site's default: every paragraph
    /// is read with that language's rules. Absent or "auto": each paragraph's language is
    /// detected.
    pub lang: Option<String>,
}

impl AnalyzeContext {
    const FIELDS: &'static [&'static str] = &["customerMessage", "agentName", "channel", "lang"];

    /// The language the context sets, if it sets a known one.
    pub fn forced_lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    /// Reads a context from JSON data like the serde derive does (null means absent); see
    /// [`EngineOptions::from_json`] for why. A field it does not know is an error that
    /// names it: a misspelled "customer" would otherwise silently coach without the
    /// customer's message.
    pub fn from_json(value: &crate::json::Value) -> Result<Self, String> {
        let Some(fields) = value.as_object() else {
            return Err("the context must be an object".into());
        };
        if let Some(unknown) = fields.keys().find(|k| !Self::FIELDS.contains(&k.as_str())) {
            return Err(format!(
                "unknown context field \"{unknown}\"; known: {}",
                crate::text::join(Self::FIELDS, ", ")
            ));
        }
        let text = |name: &str| -> Result<Option<String>, String> {
            match fields.get(name) {
                None | Some(crate::json::Value::Null) => Ok(None),
                Some(crate::json::Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!("{name} must be a string, got {other}")),
            }
        };
        let lang = text("lang")?;
        if let Some(code) = lang.as_deref().filter(|c| *c != "auto" && Lang::parse(c).is_none()) {
            return Err(format!(
                "lang must be auto or one of {}, got \"{code}\"",
                crate::lang::codes()
            ));
        }
        Ok(AnalyzeContext {
            customer_message: text("customerMessage")?,
            agent_name: text("agentName")?,
            channel: text("channel")?,
            lang,
        })
    }
}
