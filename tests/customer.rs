//! Listen first: reading the customer's message and coaching the reply to it.

use rapport::{AnalyzeContext, Engine, EngineOptions};

fn engine() -> Engine {
    Engine::new(&EngineOptions::default()).expect("catalog loads")
}

fn context(customer: &str) -> AnalyzeContext {
    AnalyzeContext {
        customer_message: Some(customer.into()),
        ..Default::default()
    }
}

fn signals(e: &Engine, customer: &str) -> Vec<String> {
    let report = e.analyze("Thanks for your message.", Some(&context(customer)));
    report.customer.unwrap().signals.into_iter().map(|s| s.id).collect()
}

#[test]
fn every_customer_signal_is_read_from_its_examples() {
    let e = engine();
    for signal in rapport::catalog::builtin_customer_signals().unwrap() {
        for text in &signal.present_examples {
            assert!(
                signals(&e, text).contains(&signal.id),
                "{} not read in {text:?}",
                signal.id
            );
        }
        for text in &signal.absent_examples {
            assert!(
                !signals(&e, text).contains(&signal.id),
                "{} wrongly read in {text:?}",
                signal.id
            );
        }
    }
}

#[test]
fn calm_customers_and_other_agains_trigger_nothing() {
    let e = engine();
    assert!(signals(&e, "Hi, could you tell me when the store opens? Thanks!")
        .iter()
        .all(|s| s == "thankful"));
    assert!(signals(&e, "I'd love to order the blue one again next month.").is_empty());
    assert!(signals(&e, "The second item in my basket is a gift.").is_empty());
}

/// A customer who denies the feeling or the hurry does not carry it; a threat after a
/// negative condition, a negative order and a denied "first time" still do.
#[test]
fn a_denied_signal_is_not_read_but_a_conditional_threat_is() {
    let e = engine();
    let has = |text: &str, id: &str| signals(&e, text).iter().any(|s| s == id);
    assert!(!has("No problem at all, I'm not in a hurry.", "urgent"));
    assert!(!has(
        "I'm not unhappy with the service, I just want the cheaper plan.",
        "frustrated"
    ));
    assert!(!has("Unfortunately I can't make the appointment on Tuesday.", "urgent"));
    // the negator four words before the signal word
    assert!(!has(
        "I don't need a reply urgently, but do you ship to Canada?",
        "urgent"
    ));
    assert!(!has("No necesito el cable con urgencia, gracias.", "urgent"));
    assert!(has("I need a reply urgently, my card was charged twice.", "urgent"));
    assert!(has(
        "If this is not fixed by Friday I will cancel my subscription.",
        "leaving"
    ));
    assert!(has(
        "Don't insult my intelligence with another copy-paste answer.",
        "angry"
    ));
    assert!(has(
        "This is not the first time I have written to you about it.",
        "repeat-contact"
    ));
}

/// A customer who calmly asks to close an account is cancelling, not upset: the reply is
/// not told to acknowledge an upset, and no opener says they feel let down. A threat to
/// leave still is.
#[test]
fn a_calm_cancellation_is_not_an_upset_customer_but_a_threat_to_leave_is() {
    let e = engine();
    let reply = "Hi Dana, I can close the account today and send the final statement by post.";
    let coached = |customer: &str| {
        let report = e.analyze(reply, Some(&context(customer)));
        let reading = report.customer.clone().unwrap();
        let ids: Vec<String> = reading.signals.iter().map(|s| s.id.clone()).collect();
        let rules: Vec<String> = report.findings.iter().map(|f| f.rule.to_string()).collect();
        (ids, rules, reading.opener)
    };
    let (ids, rules, opener) = coached("My father passed away last month. Could you tell me how to close his account?");
    assert_eq!(ids, ["cancelling"]);
    assert!(!rules.iter().any(|r| r == "unacknowledged-upset"), "{rules:?}");
    assert!(!opener.contains("feeling"), "{opener}");
    let (ids, rules, opener) = coached("If this isn't fixed by Friday I will cancel my contract.");
    assert!(ids.iter().any(|s| s == "leaving"), "{ids:?}");
    assert!(rules.iter().any(|r| r == "unacknowledged-upset"), "{rules:?}");
    assert!(opener.contains("feeling"), "{opener}");
}

#[test]
fn a_repeat_contact_makes_as_i_said_high_and_earns_a_tailored_opener() {
    let e = engine();
    let reply = "As I already said, the refund takes 5 days.";
    let plain = e.analyze(reply, None);
    let said = plain
        .findings
        .iter()
        .find(|f| f.rule == "as-i-already-said")
        .expect("flags as I already said");
    assert_eq!(said.severity, rapport::Severity::High, "already high in the catalog");

    let customer = "This is the third time I'm writing about order 4412. Still no refund!\nThanks,\nSam";
    let coached = e.analyze(reply, Some(&context(customer)));
    let reading = coached.customer.as_ref().unwrap();
    assert!(reading.has("repeat-contact"));
    assert_eq!(reading.contact_count, Some(3));
    assert_eq!(reading.fact("order"), Some("4412"));
    assert_eq!(reading.fact("name"), Some("Sam"));
    assert!(
        reading.summary.contains("third contact") && reading.summary.contains("order 4412"),
        "{}",
        reading.summary
    );
    assert_eq!(
        reading.opener,
        "I'm sorry you've had to write to us three times about order 4412, Sam."
    );
    let upset = coached
        .findings
        .iter()
        .find(|f| f.rule == "unacknowledged-upset")
        .expect("a missing acknowledgement is a finding");
    assert_eq!(upset.severity, rapport::Severity::High);
    // marked as a place to add words, and only it: the extension draws it apart
    assert!(upset.missing);
    assert!(coached
        .findings
        .iter()
        .filter(|f| f.rule != "unacknowledged-upset")
        .all(|f| !f.missing));
    let json = serde_json::to_value(&coached).unwrap();
    let flags: Vec<bool> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.get("missing").is_some())
        .collect();
    assert_eq!(flags.iter().filter(|&&m| m).count(), 1, "{json}");
    assert!(
        !upset.explanation.contains(&reading.summary),
        "the card shows what was read beside it"
    );
    let fixed = rapport::apply_rewrite(reply, &upset.rewrites[0]);
    let after = e.analyze(&fixed, Some(&context(customer)));
    assert!(
        after.moves.iter().any(|m| &*m.id == "acknowledge" && m.present),
        "the opener counts as acknowledging"
    );
    assert!(
        after.findings.iter().all(|f| f.rule != "unacknowledged-upset"),
        "{:?}",
        after.findings
    );
    assert!(
        fixed.starts_with("I'm sorry you've had to write to us three times about order 4412, Sam. As I already said"),
        "{fixed}"
    );
    assert!(coached.score.value < plain.score.value);
}

#[test]
fn listening_failures_rise_to_high_for_a_repeat_contact() {
    let e = engine();
    let reply = "Can you explain the problem again?";
    let plain = e.analyze(reply, None);
    let before = plain
        .findings
        .iter()
        .find(|f| f.category == "repeat-yourself")
        .expect("flags asking to repeat");
    let coached = e.analyze(reply, Some(&context("I've already explained this twice.")));
    let after = coached.findings.iter().find(|f| f.rule == before.rule).unwrap();
    assert!(before.severity < rapport::Severity::High || after.severity == rapport::Severity::High);
    assert_eq!(after.severity, rapport::Severity::High);
}

#[test]
fn an_acknowledging_reply_to_an_upset_customer_is_not_flagged() {
    let e = engine();
    let customer = "I'm so frustrated, my router keeps dropping the connection!";
    let reply = "I'm so sorry about the dropped connection. Let me look into it.";
    let report = e.analyze(reply, Some(&context(customer)));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.customer.unwrap().fact("product"), Some("router"));
}

#[test]
fn a_reply_that_apologises_for_the_repeat_contact_is_not_told_it_did_not_acknowledge() {
    let e = engine();
    let customer = "This is the third time I've written about order 4412 and still no refund.";
    assert!(signals(&e, customer).contains(&"repeat-contact".to_string()));
    let unacknowledged = |reply: &str| {
        e.analyze(reply, Some(&context(customer)))
            .findings
            .iter()
            .any(|f| f.rule == "unacknowledged-upset")
    };
    for reply in [
        "I'm sorry you've had to write to us again about order 4412. The refund went out today.",
        "Sorry you had to contact us three times about this. The refund went out today.",
        "I apologise that you've had to get in touch again. The refund went out today.",
        "Apologies for making you chase this a third time. The refund went out today.",
        "My apologies for the repeated emails you've had to send. The refund went out today.",
        "We apologize for the back and forth. The refund went out today.",
    ] {
        assert!(!unacknowledged(reply), "told it did not acknowledge: {reply:?}");
    }
    // the same answer without the apology is still coached
    assert!(unacknowledged("The refund went out today."));
}

#[test]
fn the_acknowledge_suggestion_uses_the_customers_situation() {
    let e = engine();
    let customer = "I've been waiting for 3 weeks for my parcel.";
    let report = e.analyze("Hi Ana,\nYour parcel is on its way.", Some(&context(customer)));
    let ack = report.moves.iter().find(|m| &*m.id == "acknowledge").unwrap();
    let text = &ack.suggestion.as_ref().unwrap().text;
    assert!(text.contains("waiting 3 weeks for your parcel"), "{text}");
}

#[test]
fn without_context_or_with_an_empty_message_nothing_changes() {
    let e = engine();
    let reply = "As I already said, the refund takes 5 days.";
    let plain = e.analyze(reply, None);
    assert!(plain.customer.is_none());
    assert_eq!(e.analyze(reply, Some(&context("   "))), plain);
    assert_eq!(e.analyze(reply, Some(&AnalyzeContext::default())), plain);
    let json = serde_json::to_value(&plain).unwrap();
    assert!(json.get("customer").is_none(), "no customer key without context");
}

#[test]
fn the_opener_goes_after_a_greeting_on_the_same_line() {
    let e = engine();
    let reply = "Hello Sam. As I already said, the refund takes 5 days.";
    let report = e.analyze(reply, Some(&context("Third time I ask about order 4412!")));
    let upset = report
        .findings
        .iter()
        .find(|f| f.rule == "unacknowledged-upset")
        .expect("upset finding");
    let fixed = rapport::apply_rewrite(reply, &upset.rewrites[0]);
    assert!(
        fixed.starts_with("Hello Sam. I'm sorry you've had to write to us three times about order 4412."),
        "{fixed}"
    );
}

#[test]
fn facts_cover_tickets_deadlines_and_waits() {
    let e = engine();
    let r = e.read_customer("Ticket #A-991: I need this fixed by Friday, I've waited since Monday. - Priya");
    assert_eq!(r.fact("ticket"), Some("A-991"));
    assert_eq!(r.fact("deadline"), Some("by Friday"));
    assert_eq!(r.fact("waited"), Some("since Monday"));
    assert_eq!(r.fact("name"), Some("Priya"));
    assert!(r.has("urgent"));
}

// Lower-casing "İ" takes three bytes where it had two: the name is looked up by position in
// the original text, so only ASCII case may be folded (this panicked).
#[test]
fn a_name_after_letters_that_grow_when_lower_cased_is_read_without_panicking() {
    let e = engine();
    let report = e.analyze(
        "Thanks for waiting.",
        Some(&context("İ my name is Éric and my order is late")),
    );
    let customer = report.customer.expect("the customer's message was read");
    assert!(customer.summary.contains("Éric"), "{}", customer.summary);
}

/// The suggested first sentence acknowledges what the customer said; it never promises a
/// remedy the reply may not offer.
#[test]
fn openers_acknowledge_and_promise_no_remedy() {
    let e = engine();
    for signal in rapport::catalog::builtin_customer_signals().unwrap() {
        for text in &signal.present_examples {
            let report = e.analyze("Thanks for your message.", Some(&context(text)));
            let opener = report.customer.unwrap().opener;
            // the agent decides what to do: an opener neither promises nor claims an action
            for promise in [
                "put it right",
                "I'll ",
                "I will ",
                "I'd like the chance",
                "make it up",
                "let me",
                "my priority",
                "here is",
            ] {
                assert!(!opener.contains(promise), "{}: {text:?} -> {opener:?}", signal.id);
            }
        }
    }
    let reading = e
        .analyze(
            "Thanks.",
            Some(&context("I'm cancelling my account and moving to your competitor.")),
        )
        .customer
        .unwrap();
    assert!(reading.has("leaving"));
    assert_eq!(reading.opener, "I'm sorry your account has left you feeling this way.");
}

/// (id, read from the graded words alone) for each signal read in `customer`.
#[cfg(feature = "graded-words")]
fn signals_graded(e: &Engine, customer: &str) -> Vec<(String, bool)> {
    e.read_customer(customer)
        .signals
        .into_iter()
        .map(|s| (s.id, s.graded))
        .collect()
}

// Off by default, as shipped: `cargo test --features graded-words --test customer`.
#[cfg(feature = "graded-words")]
#[test]
fn strongly_negative_words_no_pattern_names_still_read_as_upset() {
    let e = engine();
    // no pattern names these words; the graded words (src/data/customer/valence.txt) do
    assert_eq!(
        signals_graded(&e, "Honestly the new update is crappy."),
        vec![("frustrated".to_string(), true)]
    );
    assert_eq!(
        signals_graded(&e, "This whole process has been excruciating."),
        vec![("angry".to_string(), true)]
    );
    // turned around by a negator, the same word reads nothing
    assert!(signals_graded(&e, "Honestly the new update is not crappy at all.").is_empty());
    // where a pattern reads anger, the score adds no frustration beside it
    let read = signals_graded(&e, "You people are liars and it is disgusting.");
    assert!(read.contains(&("angry".to_string(), false)), "{read:?}");
    assert!(!read.iter().any(|(id, _)| id == "frustrated"), "{read:?}");
}

/// Customer messages in Spanish and German, written for Rapport: each upset or asking one
/// with the signals it must carry, exactly.
const SPANISH_AND_GERMAN_SIGNALS: &[(&str, &[&str])] = &[
    (
        "Hola. Es la tercera vez que les escribo por el mismo cargo y sigo sin respuesta. Estoy harta, de verdad.",
        &["frustrated", "repeat-contact"],
    ),
    (
        "¡Esto es una estafa! Me han cobrado dos veces y exijo que me devuelvan el dinero. Si no lo solucionan, me cambio de compañía.",
        &["angry", "leaving"],
    ),
    ("Necesito la factura antes del viernes, es urgente.", &["urgent"]),
    ("Muchas gracias por la ayuda, han sido muy amables.", &["thankful"]),
    ("Quiero darme de baja del servicio a final de mes.", &["cancelling"]),
    (
        "Ich schreibe Ihnen jetzt zum dritten Mal, und der Router funktioniert immer noch nicht. Ich bin total genervt.",
        &["frustrated", "repeat-contact"],
    ),
    (
        "Das ist eine Unverschämtheit! Sie haben zweimal abgebucht. Ich verlange mein Geld zurück, sonst wechsle ich zur Konkurrenz.",
        &["angry", "leaving"],
    ),
    (
        "Bitte melden Sie sich so schnell wie möglich, ich brauche die Unterlagen bis Freitag.",
        &["urgent"],
    ),
    ("Vielen Dank für die schnelle Hilfe!", &["thankful"]),
    ("Hiermit kündige ich meinen Vertrag zum nächstmöglichen Zeitpunkt.", &["cancelling"]),
];

/// Calm Spanish and German customer messages, written for Rapport, some with the words an
/// English pattern could take for a signal ("pronto" is Spanish for "soon", "diré" folds
/// to "dire") or a denied one ("nicht so eilig", "no hay prisa").
const CALM_SPANISH_AND_GERMAN: &[&str] = &[
    "Hola, hice un pedido la semana pasada y quería saber cuándo llegará más o menos. Muchas gracias, Ana",
    "Hola, el paquete llegó hoy y todo está bien. Solo tengo una pregunta sobre la factura: ¿incluye el IVA?",
    "Hola, quería saber si tienen estas zapatillas en la talla 42. No hay prisa.",
    "Buenas tardes, desde ayer la aplicación me muestra una pantalla en blanco. Uso un móvil Android. ¿Saben a qué se puede deber?",
    "Hola, me gustaría cambiar mi suscripción de mensual a anual. ¿Se puede hacer a mitad de mes?",
    "Hola, mi hijo cumple años pronto. ¿Puedo cambiar la entrega al sábado?",
    "Se lo diré a mi marido y les confirmo la fecha.",
    "Hola, el martes no estaré en casa. ¿Puede venir el repartidor el miércoles?",
    "No es urgente, cuando puedan me dicen si el cable viene incluido.",
    "Hallo, ich habe letzte Woche eine Jacke bestellt und wollte fragen, wann sie ungefähr ankommt. Schöne Grüße, Anna",
    "Hallo zusammen, die Lieferung ist heute angekommen, alles in Ordnung. Ist die Mehrwertsteuer schon enthalten?",
    "Hallo, ich möchte gern wissen, ob es die Schuhe auch in Größe 42 gibt. Es eilt nicht.",
    "Guten Tag, die App zeigt bei mir seit gestern eine leere Seite an. Haben Sie eine Idee, woran das liegen kann?",
    "Sehr geehrtes Team, ich würde gern mein Abo von monatlich auf jährlich umstellen. Geht das auch mitten im Monat?",
    "Hallo, das Paket kam fast pünktlich an, die Farbe ist schön hell. Gibt es dazu passende Kissen?",
    "Guten Tag, ich brauche das Kabel nicht so dringend. Wann ist es wieder lieferbar?",
    "Hallo, mein Sohn hat bald Geburtstag. Kann ich die Lieferung auf Samstag legen?",
    "Hallo, ich melde mich wieder, wenn das Paket da ist.",
    "Ab Montag bin ich weg, bitte liefern Sie erst danach.",
    "Buenas, ¿tienen la mesa también en roble? Nos mudamos pronto y estamos planeando los muebles.",
];

#[test]
fn spanish_and_german_customers_are_read_in_their_language() {
    let e = engine();
    for (message, expected) in SPANISH_AND_GERMAN_SIGNALS {
        let reading = e.read_customer(message);
        let mut read: Vec<&str> = reading.signals.iter().map(|s| s.id.as_str()).collect();
        read.sort_unstable();
        assert_eq!(read, *expected, "{message:?}");
    }
    for message in CALM_SPANISH_AND_GERMAN {
        let reading = e.read_customer(message);
        let read: Vec<&str> = reading
            .signals
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| *id != "thankful")
            .collect();
        assert!(read.is_empty(), "{read:?} read in the calm {message:?}");
        assert!(!reading.upset(), "{message:?}");
    }
}

#[test]
fn an_english_signal_word_that_is_also_spanish_counts_only_in_english() {
    let e = engine();
    assert!(signals(&e, "I need the replacement pronto.").contains(&"urgent".to_string()));
    assert!(!signals(&e, "Necesito el recambio pronto, gracias.").contains(&"urgent".to_string()));
}

/// The Spanish and German customer messages written for the purpose
/// (tests/data/probes/customer-es-de.jsonl): every signal a line is labelled with is read,
/// and a calm line carries none but thanks.
#[test]
fn the_written_spanish_and_german_customer_messages_are_read_as_labelled() {
    let e = engine();
    let text = std::fs::read_to_string("tests/data/probes/customer-es-de.jsonl").unwrap();
    let mut problems = Vec::new();
    let mut langs = std::collections::BTreeSet::new();
    for line in text.lines() {
        let probe: serde_json::Value = serde_json::from_str(line).unwrap();
        // the four-language bank's lines have a part (work or held) and their own test
        if probe.get("half").is_some() {
            continue;
        }
        let message = probe["text"].as_str().unwrap();
        langs.insert(probe["lang"].as_str().unwrap().to_string());
        let labelled: Vec<&str> = probe["signals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let read = signals(&e, message);
        let missed: Vec<&&str> = labelled.iter().filter(|s| !read.iter().any(|r| r == **s)).collect();
        if !missed.is_empty() {
            problems.push(format!("{missed:?} not read in {message:?}"));
        }
        if labelled.is_empty() && read.iter().any(|s| s != "thankful") {
            problems.push(format!("{read:?} read in the calm {message:?}"));
        }
    }
    assert_eq!(langs.into_iter().collect::<Vec<_>>(), ["de", "es"]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_opener_that_apologises_is_the_one_apology_offered() {
    let e = engine();
    let reply = "Hi Dana, your order 5512 left our warehouse on Monday and should arrive by Friday.";
    let suggestion = |report: &rapport::Report, id: &str| {
        let m = report.moves.iter().find(|m| &*m.id == id).unwrap();
        (m.needed, m.suggestion.as_ref().map(|s| s.text.to_string()))
    };
    // a repeat contact: the opener apologises for it, so it carries the apology
    let repeat = e.analyze(
        reply,
        Some(&context(
            "My order still hasn't arrived and this is the third time I'm writing. Useless.",
        )),
    );
    let (needed, opener) = suggestion(&repeat, "acknowledge");
    assert!(
        needed && opener.as_deref().is_some_and(|t| t.contains("sorry")),
        "{opener:?}"
    );
    let (needed, apology) = suggestion(&repeat, "apologize");
    assert!(needed, "an apology is still what this reply lacks");
    assert_eq!(
        apology, opener,
        "the apology offers the opener's sentence, not a second apology"
    );
    // an opener that does not apologise leaves the apology its own suggestion
    let plain = e.analyze(
        reply,
        Some(&context(
            "Where is my parcel? It was due on Monday and it still isn't here!",
        )),
    );
    if let (true, Some(opener)) = suggestion(&plain, "acknowledge") {
        if !opener.to_lowercase().contains("sorry") {
            assert!(suggestion(&plain, "apologize").1.is_some(), "{opener}");
        }
    }
}

/// Replies written for this test. The moves that show a reply acknowledged the customer are
/// English, so a reply in another language is never told it goes straight to business (its
/// apology would not be recognised) nor offered an English opener; the customer's signals
/// are still read, in the customer's language.
#[test]
fn a_reply_in_another_language_is_not_coached_with_english_moves() {
    let e = engine();
    for (reply, customer) in [
        (
            "Es tut mir wirklich leid, dass Sie schon wieder schreiben mussten. Ihre Erstattung über 45 Euro geht am Montag raus.",
            "Ich schreibe zum dritten Mal, das ist eine Frechheit!",
        ),
        (
            "Je suis vraiment désolé que vous ayez dû nous écrire à nouveau. Votre remboursement de 45 euros part lundi.",
            "C'est la troisième fois que j'écris, je suis furieux.",
        ),
        (
            "Sinto muito que tenha precisado escrever de novo. O reembolso de 45 euros sai na segunda-feira.",
            "Já mandei quatro e-mails e ninguém responde, isso é um absurdo.",
        ),
    ] {
        let report = e.analyze(reply, Some(&context(customer)));
        let reading = report.customer.clone().unwrap();
        assert!(!reading.signals.is_empty(), "no signal read in {customer:?}");
        assert!(
            !report.findings.iter().any(|f| f.rule == "unacknowledged-upset"),
            "{reply:?} told it goes straight to business"
        );
        assert!(reading.opener.is_empty(), "an English opener for {reply:?}: {}", reading.opener);
        assert!(report.moves.iter().all(|m| m.suggestion.is_none()), "{reply:?}");
    }
    // the same situation in English is still coached
    let report = e.analyze(
        "Your refund of 45 euros goes out on Monday.",
        Some(&context("Third time I write, this is a disgrace!")),
    );
    assert!(report.findings.iter().any(|f| f.rule == "unacknowledged-upset"));
    assert!(!report.customer.unwrap().opener.is_empty());
}
