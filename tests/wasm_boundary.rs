//! The wasm boundary in headless Chromium (wasm-bindgen-test): the engine through its
//! JavaScript API, and the DOM text model built on web-sys.
#![cfg(target_arch = "wasm32")]

use rapport::wasm::dom::{editor_range, editor_text};
use rapport::wasm::WasmEngine;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn editor(html: &str) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    div.set_attribute("contenteditable", "true").unwrap();
    div.set_inner_html(html);
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn analyze_returns_plain_objects_with_utf16_spans() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let text = "😀 Did you plug it in?";
    let report = engine.analyze(text, JsValue::UNDEFINED).unwrap();
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert_eq!(findings.length(), 1);
    let f = findings.get(0);
    assert_eq!(get(&f, "rule").as_string().unwrap(), "did-you-plug-it-in");
    assert_eq!(
        get(&f, "start").as_f64().unwrap(),
        3.0,
        "the emoji is two UTF-16 units plus a space"
    );
    assert!(
        f.is_object() && !js_sys::Reflect::has(&f, &"free".into()).unwrap(),
        "a plain object, no .free()"
    );
    let rules: js_sys::Array = engine.rules().unwrap().dyn_into().unwrap();
    assert!(rules.length() >= 2);
}

#[wasm_bindgen_test]
fn bad_input_becomes_an_error_with_a_message() {
    let options = js_sys::JSON::parse(r#"{"disabledRules": 3}"#).unwrap();
    let err = WasmEngine::new(options, None).err().expect("rejected");
    let err: JsValue = err.into();
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.contains("invalid engine options"), "{message}");
    let err: JsValue = WasmEngine::new(JsValue::UNDEFINED, Some(vec!["{\"schema\": 1}".into()]))
        .err()
        .unwrap()
        .into();
    assert!(get(&err, "message").as_string().unwrap().contains("pack #1"));
}

#[wasm_bindgen_test]
fn options_turn_rules_off() {
    let options = js_sys::JSON::parse(r#"{"disabledRules": ["did-you-plug-it-in"]}"#).unwrap();
    let engine = WasmEngine::new(options, None).unwrap();
    let report = engine.analyze("Did you plug it in?", JsValue::UNDEFINED).unwrap();
    let findings: js_sys::Array = get(&report, "findings").dyn_into().unwrap();
    assert_eq!(findings.length(), 0);
}

#[wasm_bindgen_test]
fn contenteditable_text_counts_breaks_blocks_and_inline_markup() {
    let div = editor("<p>Hi <b>Sam</b>,</p><p>Did you<br>plug it in?</p><ul><li>one</li><li>two 😀</li></ul>");
    assert_eq!(editor_text(&div), "Hi Sam,\nDid you\nplug it in?\none\ntwo 😀");
    div.remove();
}

#[wasm_bindgen_test]
fn editor_furniture_is_not_text() {
    // caret fillers, non-editable islands, scripts; a placeholder <br> draws its empty line
    // only when it is its block's one content
    let div = editor(concat!(
        "<p>Hi\u{2060}\u{2060} Sam\u{feff}</p>",
        "<p><span contenteditable=\"false\">[widget]</span>Did you<br></p>",
        "<div><br></div>",
        "<p>plug it<script>x()</script> in?</p>"
    ));
    assert_eq!(editor_text(&div), "Hi Sam\nDid you\n\nplug it in?");
    // a span after the fillers maps into the node's data past them
    let range = editor_range(&div, 3, 6).unwrap();
    assert_eq!(String::from(range.to_string()), "Sam");
    assert_eq!(range.start_offset().unwrap(), 5);
    div.remove();
}

#[wasm_bindgen_test]
fn spans_map_back_to_ranges_on_the_same_words() {
    let div = editor("<p>Hello <i>there</i>,</p><p>😀 Did you <b>plug</b> it in?</p>");
    let text = editor_text(&div);
    let units: Vec<u16> = text.encode_utf16().collect();
    let needle: Vec<u16> = "Did you plug it in".encode_utf16().collect();
    let start = units
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .unwrap();
    let range = editor_range(&div, start, start + needle.len()).unwrap();
    assert_eq!(String::from(range.to_string()), "Did you plug it in");
    let range = editor_range(&div, 6, 11).unwrap();
    assert_eq!(String::from(range.to_string()), "there");
    assert!(editor_range(&div, 5, 500).is_err());
    div.remove();
}

#[wasm_bindgen_test]
fn audit_exports_through_the_engine() {
    let engine = WasmEngine::new(JsValue::UNDEFINED, None).unwrap();
    let csv = "Title,Content\nPlug,\"Did you plug it in?\"\n";
    let audit = engine.audit_export(csv).unwrap();
    assert_eq!(get(&audit, "format").as_string().unwrap(), "csv");
    let macros: js_sys::Array = get(&audit, "macros").dyn_into().unwrap();
    let suggested = get(&macros.get(0), "suggested").as_string().unwrap();
    assert!(!suggested.contains("Did you plug it in"), "{suggested}");
    let fixed = engine.write_fixed_export(csv, vec![suggested.clone()]).unwrap();
    assert!(fixed.contains(&suggested[..20]), "{fixed}");
    let err: JsValue = engine.audit_export("Title,Content\nA,\"open\n").err().unwrap().into();
    assert!(get(&err, "message").as_string().unwrap().contains("row 2, column 2"));
}
