//! The JavaScript boundary. Everything wasm-bindgen lives here; the rest of the crate
//! is plain Rust. Results are plain JSON-compatible objects (no `.free()` needed), spans
//! in UTF-16 code units.

use crate::catalog::{parse_pack, LoadError, Pack};
use crate::compiled::PartSource;
use crate::{AnalyzeContext, Engine, EngineOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Talc instead of the standard library's dlmalloc: a smaller allocator in the wasm (the
/// engine's size budget) and a faster one for `analyze`, which allocates a lot.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert the result for JavaScript: {e}")))
}

/// A JavaScript value as JSON data, read by the crate's own validating readers (going through
/// JSON text is far smaller in the download than deserializing the value in place).
fn json_of(value: &JsValue) -> Result<crate::json::Value, JsError> {
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new("the value cannot be converted to JSON (a cycle or a BigInt?)"))?
        .into();
    crate::json::from_str(&text).map_err(|e| JsError::new(&format!("the value is not JSON data: {e}")))
}

fn load_errors(errors: &[LoadError]) -> JsError {
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    JsError::new(&crate::text::join(
        &lines.iter().map(String::as_str).collect::<Vec<&str>>(),
        "\n",
    ))
}

/// A panic is a bug: say so in the console. The extension's engine host then re-creates
/// the engine, so the agent's next keystroke works again.
#[wasm_bindgen(start)]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("rapport engine panicked: {info}").into());
    }));
}

/// A part of the compiled catalog as the host holds it: the engine reads it a piece at a
/// time when it is built, so the part never sits whole in linear memory beside the engine
/// (linear memory never shrinks: a megabyte copied in once stays taken for the tab's life).
struct HostPart {
    bytes: js_sys::Uint8Array,
    /// What the engines keep of it (its string table, the learned model), copied in once.
    kept: std::cell::RefCell<Vec<(usize, &'static [u8])>>,
}

impl PartSource for HostPart {
    fn len(&self) -> usize {
        self.bytes.length() as usize
    }

    fn copy(&self, at: usize, into: &mut [u8]) {
        let piece = self.bytes.subarray(at as u32, (at + into.len()) as u32);
        // SAFETY: the view covers `into` and lives only for the copy, during which nothing
        // else runs; `piece` holds at most `into.len()` bytes (fewer only where the host has
        // shortened its array since: the rest stays as it was, and the decoder reports the
        // damage). `copy_to` would do the same behind a length assertion whose formatting
        // costs the wasm half a kilobyte.
        unsafe { js_sys::Uint8Array::view_mut_raw(into.as_mut_ptr(), into.len()) }.set(&piece, 0);
    }

    fn keep(&self, at: usize, len: usize) -> &'static [u8] {
        let mut kept = self.kept.borrow_mut();
        if let Some(&(_, bytes)) = kept.iter().find(|(start, bytes)| *start == at && bytes.len() == len) {
            return bytes;
        }
        let mut bytes = vec![0u8; len];
        self.copy(at, &mut bytes);
        // kept for the instance's life: every engine built from this part borrows them
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        kept.push((at, bytes));
        bytes
    }
}

thread_local! {
    /// The catalog's parts the host has given this instance (the wasm carries none).
    static CATALOG_PARTS: std::cell::RefCell<Vec<HostPart>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `f` with the catalog's parts given so far (`Engine::with_packs` builds from them).
pub(crate) fn with_catalog_parts<T>(f: impl FnOnce(&[&dyn PartSource]) -> T) -> T {
    CATALOG_PARTS.with(|parts| {
        let parts = parts.borrow();
        let sources: Vec<&dyn PartSource> = parts.iter().map(|p| p as &dyn PartSource).collect();
        f(&sources)
    })
}

/// Gives this instance a part of the compiled catalog (`catalog-en.bin` first: every
/// engine is built from the parts given so far; another language's part when a report
/// `needs` it); the same array given again is kept once. A damaged part is reported when an
/// engine is built. The instance reads the part from the array whenever it builds an engine:
/// the host keeps the array as it gave it.
#[wasm_bindgen(js_name = addCatalog)]
pub fn add_catalog(bytes: js_sys::Uint8Array) {
    CATALOG_PARTS.with(|parts| {
        let mut parts = parts.borrow_mut();
        if !parts.iter().any(|p| js_sys::Object::is(&p.bytes, &bytes)) {
            parts.push(HostPart {
                bytes,
                kept: std::cell::RefCell::new(Vec::new()),
            });
        }
    });
}

/// The catalog's parts beside the wasm, by language code ("en" first): `catalog-<code>.bin`.
#[wasm_bindgen(js_name = catalogParts)]
pub fn catalog_parts() -> Vec<String> {
    crate::embedded::CATALOG_PARTS.iter().map(|c| c.to_string()).collect()
}

#[wasm_bindgen(js_name = Engine)]
pub struct WasmEngine {
    engine: Engine,
    /// The ids of the packs' rules, for `broadRules`.
    pack_rules: Vec<String>,
}

#[wasm_bindgen(js_class = Engine)]
impl WasmEngine {
    /// `options`: `{disabledRules?: string[], severityOverrides?: {id: "low"|"medium"|"high"}}`;
    /// `packs`: an array of pack JSON texts. Throws an Error naming the pack, rule and field.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, packs: Option<Vec<String>>) -> Result<WasmEngine, JsError> {
        let options: EngineOptions = if options.is_undefined() || options.is_null() {
            EngineOptions::default()
        } else {
            EngineOptions::from_json(&json_of(&options)?)
                .map_err(|e| JsError::new(&format!("invalid engine options: {e}")))?
        };
        let mut loaded: Vec<Pack> = Vec::new();
        for (i, json) in packs.unwrap_or_default().iter().enumerate() {
            loaded.push(parse_pack(json, &format!("pack #{}", i + 1)).map_err(|e| load_errors(&e))?);
        }
        let pack_rules = loaded
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
            .collect();
        // the word lists read from the English part before the engine is built: reading them
        // takes scratch room, which the engine then reuses; read at the first analysis, it
        // grew linear memory past the engine for good
        crate::word_lists::words(crate::word_lists::List::Openers);
        let engine = Engine::with_packs(&options, loaded).map_err(|e| load_errors(&e))?;
        Ok(WasmEngine { engine, pack_rules })
    }

    /// The packs' rules so broad they flag an ordinary reply (one problem each, as
    /// `rapport test` and `checkPack` give them): a pack with one is refused.
    #[wasm_bindgen(js_name = broadRules)]
    pub fn broad_rules(&self) -> Vec<String> {
        crate::examples::broad_rules(&self.engine, self.pack_rules.iter().map(String::as_str))
    }

    /// Analyses a draft: `{findings, moves, score}`. `context` is optional:
    /// `{customerMessage?, agentName?, channel?}`.
    pub fn analyze(&self, text: &str, context: JsValue) -> Result<JsValue, JsError> {
        let context: Option<AnalyzeContext> = if context.is_undefined() || context.is_null() {
            None
        } else {
            Some(
                AnalyzeContext::from_json(&json_of(&context)?)
                    .map_err(|e| JsError::new(&format!("invalid context: {e}")))?,
            )
        };
        to_js(&self.engine.analyze(text, context.as_ref()))
    }

    /// Every rule in force, with its explanation, examples and rewrites.
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(&self.engine.rules())
    }

    /// Audits a helpdesk export (Zendesk macros JSON, Freshdesk or plain CSV):
    /// `{format, macros: [{title, body, report, suggested}]}`. Throws an Error naming the
    /// row and column (CSV) or the macro and field (JSON) of malformed input.
    #[cfg(feature = "macro-audit")]
    #[wasm_bindgen(js_name = auditExport)]
    pub fn audit_export(&self, text: &str) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Audit {
            format: crate::audit::ExportFormat,
            macros: Vec<crate::audit::Audited>,
        }
        let export = crate::audit::parse(text).map_err(|e| JsError::new(&e))?;
        to_js(&Audit {
            format: export.format,
            macros: crate::audit::audit(&self.engine, &export),
        })
    }

    /// The export `text` written back in its own format with `bodies[i]` as macro i's body.
    #[cfg(feature = "macro-audit")]
    #[wasm_bindgen(js_name = writeFixedExport)]
    pub fn write_fixed_export(&self, text: &str, bodies: Vec<String>) -> Result<String, JsError> {
        let export = crate::audit::parse(text).map_err(|e| JsError::new(&e))?;
        if bodies.len() != export.macros.len() {
            return Err(JsError::new(&format!(
                "{} bodies for {} macros",
                bodies.len(),
                export.macros.len()
            )));
        }
        Ok(crate::audit::write_fixed(&export, &bodies))
    }

    /// The empathy moves the engine detects.
    pub fn moves(&self) -> Result<JsValue, JsError> {
        to_js(&self.engine.moves())
    }
}

/// Validates a pack and runs its examples with the catalog: `{errors: string[],
/// problems: string[], examples: [{rule, kind: "flag"|"allow", text, problems}],
/// broad: string[]}`; all empty but `examples` when the pack is good. `examples` lists every
/// example of the pack's rules with its own problems, so the pack builder shows pass/fail per
/// example; `problems` is all of them in one list, as `rapport test` prints them; `broad`
/// the rules so broad they flag an ordinary reply (`rapport test` prints those too).
#[wasm_bindgen(js_name = checkPack)]
pub fn check_pack(json: &str) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Checked {
        errors: Vec<String>,
        problems: Vec<String>,
        examples: Vec<crate::examples::ExampleOutcome>,
        broad: Vec<String>,
    }
    let invalid = |errors: Vec<LoadError>| Checked {
        errors: errors.iter().map(|e| e.to_string()).collect(),
        problems: Vec::new(),
        examples: Vec::new(),
        broad: Vec::new(),
    };
    let checked = match parse_pack(json, "pack") {
        Err(errors) => invalid(errors),
        Ok(pack) => {
            let ids: Vec<String> = pack.rules.iter().map(|r| r.id.clone()).collect();
            match Engine::with_packs(&EngineOptions::default(), vec![pack]) {
                Ok(engine) => {
                    let examples = crate::examples::run_examples(&engine, ids.iter().map(String::as_str));
                    Checked {
                        errors: Vec::new(),
                        problems: examples.iter().flat_map(|o| o.problems.iter().cloned()).collect(),
                        examples,
                        broad: crate::examples::broad_rules(&engine, ids.iter().map(String::as_str)),
                    }
                }
                Err(errors) => invalid(errors),
            }
        }
    };
    to_js(&checked)
}

/// Where the engine stops reading a draft, in UTF-16 code units: the start of its first
/// signature marker or e-mail history header line, or the draft's length
/// (`context::analysis_end`). The extension analyses a large draft in pieces up to here.
#[wasm_bindgen(js_name = analysisEnd)]
pub fn analysis_end(text: &str) -> usize {
    text[..crate::context::analysis_end(text)].encode_utf16().count()
}
