//! Replies in other languages: each paragraph is read with the rules of its language, the
//! agent can set the language, and packs say which language a rule reads.

use rapport::engine::AnalyzeContext;
use rapport::{Engine, EngineOptions, Report};

fn engine() -> Engine {
    Engine::new(&EngineOptions::default()).unwrap()
}

/// The report of `text` read in the language the agent set (`None`: detected).
fn report_in(engine: &Engine, text: &str, lang: Option<&str>) -> Report {
    let context = AnalyzeContext {
        lang: lang.map(str::to_string),
        ..Default::default()
    };
    engine.analyze(text, Some(&context))
}

fn rules_fired(engine: &Engine, text: &str, lang: Option<&str>) -> Vec<String> {
    report_in(engine, text, lang)
        .findings
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn a_spanish_reply_is_read_with_the_spanish_rules() {
    let e = engine();
    let text = "Hola Ana,\n\nComo ya le dije, el reembolso tarda cinco días y no podemos hacer nada más.\n\nSaludos";
    let report = e.analyze(text, None);
    let fired: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(fired.contains(&"es-como-ya-le-dije"), "{fired:?}");
    assert!(fired.iter().all(|r| r.starts_with("es-")), "{fired:?}");
    assert_eq!(report.lang, Some("es"));
    // the empathy moves and their sentences are English: none is suggested here
    assert!(report.moves.iter().all(|m| !m.needed && m.suggestion.is_none()));
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"lang\":\"es\""), "{json}");
}

#[test]
fn each_paragraph_in_its_own_language() {
    let e = engine();
    let text = "Lamentamos el retraso. Como ya le dije, el pedido salió el lunes y llegará pronto.\n\n\
                As I already said, the refund was sent on Monday and you will see it soon.";
    let fired = rules_fired(&e, text, None);
    assert!(fired.contains(&"es-como-ya-le-dije".to_string()), "{fired:?}");
    assert!(fired.contains(&"as-i-already-said".to_string()), "{fired:?}");
}

#[test]
fn english_replies_report_no_language_and_never_meet_spanish_rules() {
    let e = engine();
    let report = e.analyze("As I already said, the refund was sent on Monday.", None);
    assert_eq!(report.lang, None);
    assert!(report.findings.iter().all(|f| !f.rule.starts_with("es-")));
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("\"lang\""), "{json}");
}

#[test]
fn the_agent_can_set_the_language() {
    let e = engine();
    // one word: too little for the detector, which reads it as English
    assert!(rules_fired(&e, "Tranquilo.", None).is_empty());
    assert_eq!(rules_fired(&e, "Tranquilo.", Some("es")), ["es-calmese"]);
    // set to English, a Spanish paragraph meets no Spanish rule
    let spanish = "Como ya le dije, el reembolso tarda cinco días y no podemos hacer nada más.";
    assert!(rules_fired(&e, spanish, Some("en")).is_empty());
    assert!(!rules_fired(&e, spanish, Some("auto")).is_empty());
}

#[test]
fn a_context_names_only_known_languages() {
    let ok = AnalyzeContext::from_json(&serde_json::json!({"lang": "es"})).unwrap();
    assert_eq!(ok.lang.as_deref(), Some("es"));
    assert!(AnalyzeContext::from_json(&serde_json::json!({"lang": "auto"})).is_ok());
    let err = AnalyzeContext::from_json(&serde_json::json!({"lang": "xx"})).unwrap_err();
    assert!(err.contains("lang") && err.contains("es"), "{err}");
}

fn pack_with(rule: serde_json::Value) -> Result<rapport::Pack, Vec<rapport::catalog::LoadError>> {
    let pack = serde_json::json!({"schema": "rapport-pack/1", "name": "acme", "version": "1", "rules": [rule]});
    rapport::catalog::parse_pack(&pack.to_string(), "acme")
}

fn rule(lang: &str, pattern: &str) -> serde_json::Value {
    serde_json::json!({
        "id": "acme-ticket", "lang": lang, "category": "robotic", "severity": "low",
        "patterns": [pattern], "message": "Suena a formulario.", "explanation": "Suena a formulario.",
        "rewrites": [{"text": "he cerrado su caso", "strategy": "ownership"}],
        "examples": {"flag": ["Su caso ha sido cerrado."], "allow": ["He cerrado su caso."]}
    })
}

#[test]
fn a_pack_rule_reads_the_language_it_names() {
    let pack = pack_with(rule("es", "su caso ha sido cerrado")).unwrap();
    assert_eq!(pack.rules[0].lang.code(), "es");
    let e = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
    assert_eq!(rules_fired(&e, "Su caso ha sido cerrado.", Some("es")), ["acme-ticket"]);
    assert!(rules_fired(&e, "Su caso ha sido cerrado.", Some("en")).is_empty());
    let errors = pack_with(rule("xx", "su caso ha sido cerrado")).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "lang"), "{errors:?}");
    // word+ makes English inflections: a Spanish rule lists its forms
    let errors = pack_with(rule("es", "su caso ha sido cerrar+")).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "patterns[0]"), "{errors:?}");
}

#[test]
fn a_german_reply_is_read_with_the_german_rules() {
    let e = engine();
    let text = "Hallo Frau Weber,\n\nwie bereits erwähnt, ist die Garantie abgelaufen. Dafür bin ich leider nicht zuständig.\n\nMit freundlichen Grüßen";
    let report = e.analyze(text, None);
    let fired: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(fired.contains(&"de-wie-bereits-erwaehnt"), "{fired:?}");
    assert!(fired.contains(&"de-nicht-zustaendig"), "{fired:?}");
    assert!(fired.iter().all(|r| r.starts_with("de-")), "{fired:?}");
    assert_eq!(report.lang, Some("de"));
    // the same reply set to Spanish or English meets no German rule
    assert!(rules_fired(&e, text, Some("es")).iter().all(|r| !r.starts_with("de-")));
    assert!(rules_fired(&e, text, Some("en")).is_empty());
}

#[test]
fn german_without_umlauts_or_with_ss_meets_the_same_rules() {
    let e = engine();
    for text in [
        "Sie müssen das Formular noch einmal ausfüllen.",
        "Sie muessen das Formular noch einmal ausfuellen.",
    ] {
        assert_eq!(rules_fired(&e, text, Some("de")), ["de-sie-muessen"], "{text}");
    }
    for text in ["Das weiß ich nicht.", "Das weiss ich nicht.", "Das WEISS ich nicht."] {
        assert_eq!(rules_fired(&e, text, Some("de")), ["de-weiss-ich-nicht"], "{text}");
    }
}

#[test]
fn a_german_particle_the_pattern_does_not_name_is_stepped_over_and_a_negation_before_flips() {
    let e = engine();
    // "halt" and "einfach" add emphasis, not meaning
    assert_eq!(
        rules_fired(&e, "Das ist halt einfach Vorschrift.", Some("de")),
        ["de-das-ist-vorschrift"]
    );
    // a negation shortly before, in the same clause, turns the phrase around; a comma ends
    // its reach
    assert_eq!(
        rules_fired(&e, "Bei uns heißt es: Regeln sind Regeln.", Some("de")),
        ["de-das-ist-vorschrift"]
    );
    assert!(rules_fired(&e, "Bei uns heißt es nicht einfach Regeln sind Regeln.", Some("de")).is_empty());
    assert_eq!(
        rules_fired(&e, "Das ist keine Laune, das ist nun mal Vorschrift.", Some("de")),
        ["de-das-ist-vorschrift"]
    );
}

#[test]
fn du_is_flagged_only_beside_formal_address() {
    let e = engine();
    // formal throughout, and informal throughout: each is the reply's choice
    assert!(rules_fired(
        &e,
        "Vielen Dank für Ihre Nachricht. Ich brauche noch Ihre Kundennummer.",
        Some("de")
    )
    .is_empty());
    assert!(rules_fired(
        &e,
        "Danke für deine Nachricht. Ich brauche noch deine Kundennummer.",
        Some("de")
    )
    .is_empty());
    // "sie" in lower case is "they": no formal address here
    assert!(rules_fired(&e, "Die Pakete sind unterwegs, sie kommen morgen zu dir.", Some("de")).is_empty());
    // a sentence's first word has a capital anyway: "Sie" there is no evidence either
    assert!(rules_fired(
        &e,
        "Die Techniker wissen Bescheid. Sie melden sich morgen bei dir.",
        Some("de")
    )
    .is_empty());
    // the mix, within a sentence and across two
    let fired = rules_fired(
        &e,
        "Vielen Dank für Ihre Nachricht. Ich brauche noch deine Kundennummer.",
        Some("de"),
    );
    assert_eq!(fired, ["de-dein-neben-sie"]);
    let fired = rules_fired(
        &e,
        "Ihre Rückerstattung ist veranlasst und landet auf deinem Konto.",
        Some("de"),
    );
    assert_eq!(fired, ["de-deinem-neben-ihnen"]);
    // the rewrite keeps the formal pronoun's capital inside the sentence
    let report = report_in(
        &e,
        "Vielen Dank für Ihre Nachricht. Ich brauche noch deine Kundennummer.",
        Some("de"),
    );
    let rewrite = &report.findings[0].rewrites[0];
    assert_eq!(rewrite.text, "Ihre Kundennummer");
    // quoted history in the customer's words gives no evidence
    let quoted = "Danke für deine Nachricht, ich brauche noch deine Kundennummer.\n\n\
                  Am Montag schrieb Ana:\n> Können Sie mir Ihre Adresse schicken?";
    assert!(rules_fired(&e, quoted, Some("de")).is_empty());
}

#[test]
fn the_detector_reads_german_written_without_umlauts() {
    use rapport::lang::{detect, Lang};
    for text in [
        "Vielen Dank für Ihre Geduld, wir haben die Bestellung erstattet.",
        "Vielen Dank fuer Ihre Geduld, wir koennen die Bestellung erstatten.",
        "Freundliche Grüsse aus Zürich",
        "Das tut mir leid, wir melden uns morgen wieder.",
    ] {
        assert_eq!(detect(text), Lang::De, "{text}");
    }
}

#[test]
fn warm_german_replies_fire_nothing() {
    // Written for this test: ordinary warm replies, formal and informal, with the words the
    // German rules look for used in their innocent senses.
    let e = engine();
    for text in [
        "Guten Tag Frau Weber,\n\nvielen Dank für Ihre Nachricht. Es tut mir leid, dass das Paket so spät kam. \
         Ich habe die Versandkosten erstattet; Sie sehen die Gutschrift in drei Tagen auf Ihrem Konto.\n\n\
         Mit freundlichen Grüßen\nJonas",
        "Hallo Jonas,\n\ndanke für deine Geduld! Dein Paket ist unterwegs und kommt morgen. \
         Wenn du Fragen hast, schreib mir einfach.\n\nViele Grüße",
        "Das Update ändert nichts an Ihren Daten, sie bleiben erhalten.",
        "Ich verstehe, dass das ärgerlich ist, und ich sehe mir die Rechnung heute an.",
        "Sie müssen sich um nichts kümmern: Wir holen das Gerät am Montag ab.",
        "Können Sie mir bitte noch die Seriennummer schicken? Dann prüfe ich den Garantiefall sofort.",
        "Die Garantie läuft noch bis März, die Reparatur ist also kostenlos.",
        "Das liegt am Montag im Briefkasten, spätestens am Dienstag.",
        "Wir freuen uns, dass alles geklappt hat. Melden Sie sich gern, wenn noch etwas fehlt.",
        "Die Pakete sind angekommen, sie liegen bei Ihrem Nachbarn, Herrn Yilmaz.",
        "Vielen Dank für Ihre Geduld, die Ersatzteile sind heute eingetroffen.",
        "Das ist kein Problem für uns: Wir tauschen die Größe kostenlos um.",
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.is_empty(), "{text:?} fires {fired:?}");
    }
}

#[test]
fn a_french_reply_is_read_with_the_french_rules() {
    let e = engine();
    let text = "Bonjour Madame Martin,\n\nComme je vous l'ai déjà dit, le remboursement prend cinq jours. \
                Ce n'est pas mon travail de relancer la banque.\n\nCordialement";
    let fired = rules_fired(&e, text, None);
    assert!(fired.contains(&"fr-comme-je-vous-l-ai-dit".to_string()), "{fired:?}");
    assert!(fired.contains(&"fr-ce-n-est-pas-mon-travail".to_string()), "{fired:?}");
    assert!(fired.iter().all(|r| r.starts_with("fr-")), "{fired:?}");
    // the same reply set to Spanish meets no French rule
    assert!(rules_fired(&e, text, Some("es")).iter().all(|r| !r.starts_with("fr-")));
}

#[test]
fn french_elision_accents_and_the_cedilla_meet_the_same_rules() {
    let e = engine();
    // the elided particle and its word, with either apostrophe, and without accents or cedilla
    for text in [
        "Ça ne marche pas comme ça, il fallait le renvoyer avant lundi.",
        "Ca ne marche pas comme ca, il fallait le renvoyer avant lundi.",
    ] {
        assert_eq!(
            rules_fired(&e, text, Some("fr")),
            ["fr-ca-ne-marche-pas-comme-ca"],
            "{text}"
        );
    }
    for text in [
        "Ce n'est pas si grave, le colis arrive lundi.",
        "Ce n’est pas si grave, le colis arrive lundi.",
        "Ce n’est pas si grave, le colis arrive lundi."
            .replace('’', "'")
            .as_str(),
    ] {
        assert_eq!(
            rules_fired(&e, text, Some("fr")),
            ["fr-ce-n-est-pas-si-grave"],
            "{text}"
        );
    }
    for text in [
        "Il convient d'envoyer le justificatif.",
        "Il convient d’envoyer le justificatif.",
    ] {
        assert_eq!(rules_fired(&e, text, Some("fr")), ["fr-il-convient-de"], "{text}");
    }
    // the rewrite replaces the words after the particle and keeps the elided form readable
    let report = report_in(&e, "Il convient d’envoyer le justificatif.", Some("fr"));
    assert_eq!(
        report.findings[0].rewrites[0].text,
        "Il reste à envoyer le justificatif"
    );
}

#[test]
fn a_french_intensifier_is_stepped_over_and_a_negation_before_flips() {
    let e = engine();
    // "vraiment" adds emphasis, not meaning
    assert_eq!(
        rules_fired(&e, "C'est vraiment la politique de l'entreprise.", Some("fr")),
        ["fr-c-est-la-politique"]
    );
    assert_eq!(
        rules_fired(&e, "Je crois que tout arrive pour une raison.", Some("fr")),
        ["fr-tout-arrive-pour-une-raison"]
    );
    // a negation shortly before, in the same clause, turns the phrase around; "mais" ends its reach
    assert!(rules_fired(&e, "Je ne crois pas que tout arrive pour une raison.", Some("fr")).is_empty());
    assert_eq!(
        rules_fired(
            &e,
            "Je ne suis pas philosophe, mais tout arrive pour une raison.",
            Some("fr")
        ),
        ["fr-tout-arrive-pour-une-raison"]
    );
}

#[test]
fn tu_is_flagged_only_beside_vous() {
    let e = engine();
    // formal throughout, and informal throughout: each is the reply's choice
    assert!(rules_fired(
        &e,
        "Merci pour votre message. J'ai besoin de votre numéro de commande.",
        Some("fr")
    )
    .is_empty());
    assert!(rules_fired(
        &e,
        "Merci pour ton message. J'ai besoin de ton numéro de commande et je te préviens dès que c'est réglé.",
        Some("fr")
    )
    .is_empty());
    // the mix, across two sentences and within one
    assert_eq!(
        rules_fired(
            &e,
            "Merci pour votre message. J'ai besoin de ton numéro de commande.",
            Some("fr")
        ),
        ["fr-ton-ta-tes-avec-vous"]
    );
    assert_eq!(
        rules_fired(
            &e,
            "Je vous envoie la facture ; si tu as des questions, écris-moi.",
            Some("fr")
        ),
        ["fr-tu-as-avec-vous"]
    );
    // quoted history in the customer's words gives no evidence
    let quoted = "Merci pour ton message, j'ai besoin de ton numéro de commande.\n\n\
                  Le lundi 3 mars, Ana a écrit :\n> Pouvez-vous me donner votre adresse ?";
    assert!(rules_fired(&e, quoted, Some("fr")).is_empty());
}

#[test]
fn the_detector_reads_french_with_elision_and_without_accents() {
    use rapport::lang::{detect, Lang};
    for text in [
        "Merci pour votre patience, l’équipe vous répond demain.",
        "Merci pour votre patience, l'equipe vous repond demain.",
        "C'est noté, je m'en occupe aujourd'hui.",
        "Ca arrive, desole pour le retard de la commande.",
        // informal French, whose "si", "tu" and "la" Spanish shares
        "Je vous envoie la facture ; si tu as des questions, écris-moi.",
    ] {
        assert_eq!(detect(text), Lang::Fr, "{text}");
    }
}

#[test]
fn cold_french_replies_fire_the_right_rule() {
    // Written for this test: cold replies, each with the rule it must meet.
    let e = engine();
    for (text, rule) in [
        (
            "Bonjour,\n\nVous devez renvoyer le bon de retour signé avant vendredi.\n\nCordialement",
            "fr-vous-devez",
        ),
        (
            "Je suis désolé que vous le preniez comme ça, mais le délai est dépassé.",
            "fr-desole-que-vous-le-preniez",
        ),
        (
            "Nous vous prions de nous excuser pour la gêne occasionnée par ce retard.",
            "fr-gene-occasionnee",
        ),
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.contains(&rule.to_string()), "{text:?} fires {fired:?}");
    }
}

#[test]
fn warm_french_replies_fire_nothing() {
    // Written for this test: ordinary warm replies, formal and informal, with the words the
    // French rules look for used in their innocent senses.
    let e = engine();
    for text in [
        "Bonjour Madame Martin,\n\nmerci pour votre message. Je suis désolé que le colis soit arrivé abîmé. \
         J'ai lancé le remboursement ; vous le verrez sur votre compte d'ici trois jours.\n\nBien cordialement,\nJulie",
        "Salut Paul,\n\nmerci pour ta patience ! Ton colis est parti ce matin et arrive demain. \
         Si tu as des questions, écris-moi.\n\nÀ bientôt",
        "Vous devez être déçu, je le comprends, et je regarde ce qui s'est passé avec le transporteur.",
        "La mise à jour ne change rien à vos données, elles restent en place.",
        "Je comprends que ce soit agaçant, et je vérifie la facture aujourd'hui.",
        "Pouvez-vous m'envoyer le numéro de série ? Je lance la demande de garantie dès réception.",
        "La garantie court jusqu'en mars, la réparation est donc gratuite.",
        "Ce n'est pas votre faute : l'adresse a été mal recopiée chez nous.",
        "Merci de votre patience, les pièces détachées sont arrivées aujourd'hui.",
        "Nous sommes ravis que tout soit rentré dans l'ordre. N'hésitez pas à nous écrire si besoin.",
        "Le colis est chez votre voisin, M. Dubois, au numéro 12.",
        "Ce n'est pas un problème : nous échangeons la taille gratuitement.",
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.is_empty(), "{text:?} fires {fired:?}");
    }
}

#[test]
fn a_hyphenated_portuguese_clitic_is_matched_as_written() {
    // The segmenter splits "acalme-se" at the hyphen; a pattern written "acalme-se" goes
    // through the same tokenizer, so the verb, the hyphen and the pronoun meet one by one,
    // at a sentence's start or inside it, before a mark or at the reply's end.
    let e = engine();
    for text in [
        "Acalme-se!",
        "Por favor, acalme-se.",
        "Acalme-se",
        "Acalma-te, que já vejo isso.",
    ] {
        assert_eq!(rules_fired(&e, text, Some("pt")), ["pt-acalme-se"], "{text}");
    }
    // the finding covers the whole written word, so its rewrite replaces verb and pronoun
    let report = report_in(&e, "Acalme-se! Já estou a ver o pedido.", Some("pt"));
    assert_eq!(report.findings[0].text, "Acalme-se");
    assert_eq!(report.findings[0].rewrites[0].text, "Compreendo o seu incómodo.");
    // an accented verb before the pronoun, and the mesoclisis of European Portuguese
    for (pattern, text) in [
        ("vamos enviá-lo", "Vamos enviá-lo amanhã."),
        ("informá-lo-emos", "Informá-lo-emos por SMS."),
    ] {
        let pack = pack_with(rule("pt", pattern)).unwrap();
        let e = Engine::with_packs(&EngineOptions::default(), vec![pack]).unwrap();
        assert_eq!(rules_fired(&e, text, Some("pt")), ["acme-ticket"], "{pattern}");
        // without the hyphen and the pronoun it is another word
        assert!(rules_fired(&e, "Vamos enviar amanhã.", Some("pt")).is_empty());
    }
}

#[test]
fn a_portuguese_negation_flips_and_no_is_not_one() {
    let e = engine();
    assert_eq!(
        rules_fired(&e, "A culpa é sua, o formulário veio sem assinatura.", Some("pt")),
        ["pt-a-culpa-e-sua"]
    );
    // "não" before the phrase, in the same clause, turns it around; "mas" ends its reach
    assert!(rules_fired(&e, "Não digo que a culpa é sua.", Some("pt")).is_empty());
    assert!(rules_fired(&e, "Nunca diria que a culpa é sua.", Some("pt")).is_empty());
    assert_eq!(
        rules_fired(&e, "Não quero ser duro, mas a culpa é sua.", Some("pt")),
        ["pt-a-culpa-e-sua"]
    );
    // Portuguese "no" is "in the": it negates nothing
    assert_eq!(
        rules_fired(&e, "No caso do atraso você está exagerando.", Some("pt")),
        ["pt-voce-esta-exagerando"]
    );
}

#[test]
fn portuguese_rewrites_keep_the_address_the_speaker_and_the_facts() {
    // Written for this test: a tu-form "calm down" gets no "o seu", a "we" stays "we", the
    // agent's own clause after the frame stays whole, and a time or an action is not lost.
    let e = engine();
    for (text, rule, rewritten) in [
        (
            "Fica calma, Ana, já vejo a tua encomenda.",
            "pt-acalme-se",
            "Compreendo a situação, Ana, já vejo a tua encomenda.",
        ),
        (
            "Tem calma que já resolvo.",
            "pt-acalme-se",
            "Compreendo a situação; já resolvo.",
        ),
        (
            "A culpa é sua, mas já reenviámos a encomenda.",
            "pt-a-culpa-e-sua",
            "Já reenviámos a encomenda.",
        ),
        (
            "Eu só trabalho aqui, não mando nada.",
            "pt-eu-so-trabalho-aqui",
            "Infelizmente, não tenho autonomia para decidir isto.",
        ),
        (
            "Não está nas nossas mãos.",
            "pt-nao-depende-de-mim",
            "Isto não é algo que possamos mudar.",
        ),
        (
            "Isso não depende de mim, mas sim do banco.",
            "pt-nao-depende-de-mim",
            "Isto depende do banco.",
        ),
        (
            "Não tenho tempo para isto hoje.",
            "pt-nao-tenho-o-dia-todo",
            "Infelizmente, hoje não vou conseguir tratar disto.",
        ),
        (
            "Você precisa entrar em contato com o banco para pedir o estorno.",
            "pt-tera-que-falar-com",
            "É preciso falar diretamente com o banco para pedir o estorno.",
        ),
    ] {
        let report = report_in(&e, text, Some("pt"));
        let finding = report.findings.iter().find(|f| f.rule == rule).expect(text);
        let first = finding.rewrites.first().expect(text);
        assert_eq!(rapport::apply_rewrite(text, first), rewritten, "{text}");
    }
}

#[test]
fn cold_portuguese_replies_fire_the_right_rule() {
    // Written for this test: cold replies, Brazilian and European, each with the rule it must meet.
    let e = engine();
    for (text, rule) in [
        (
            "Olá, Carla,\n\nvou estar verificando o seu pedido com o armazém.\n\nAtenciosamente",
            "pt-vou-estar-gerundio",
        ),
        (
            "Bom dia. Cumpre-me informar que a sua reclamação foi arquivada.",
            "pt-cumpre-me-informar",
        ),
        (
            "Você tem que enviar a fatura original até sexta-feira.",
            "pt-voce-tem-que",
        ),
        (
            "Lamento que o senhor pense isso do nosso serviço.",
            "pt-sinto-muito-que-se-sinta-assim",
        ),
        ("Isso não é comigo, fale com a faturação.", "pt-nao-e-comigo"),
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.contains(&rule.to_string()), "{text:?} fires {fired:?}");
    }
}

#[test]
fn warm_portuguese_replies_fire_nothing() {
    // Written for this test: ordinary warm replies, with the words the Portuguese rules look
    // for used in their innocent senses.
    let e = engine();
    for text in [
        "Olá, Marta,\n\nobrigado pela mensagem. Lamento muito que a encomenda tenha chegado partida. \
         Já pedi o reembolso; vai vê-lo na sua conta dentro de três dias.\n\nCumprimentos,\nRui",
        "Bom dia, senhor Costa. Verifiquei o seu pedido e aviso-o assim que a encomenda sair.",
        "Não é culpa sua: a morada foi mal copiada do nosso lado.",
        "Entendo a sua preocupação. O técnico passa aí amanhã entre as 9h e as 12h.",
        "Amanhã vou estar fora do escritório, mas a Ana acompanha o seu caso.",
        "Pode enviar-me o número de série? Abro o pedido de garantia assim que o receber.",
        "A garantia vai até março, por isso a reparação não tem custo.",
        "Peço desculpa pelo atraso. O reembolso já foi processado hoje.",
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.is_empty(), "{text:?} fires {fired:?}");
    }
}

#[test]
fn tu_is_flagged_only_beside_usted() {
    let e = engine();
    // formal throughout, and informal throughout: each is the reply's choice
    for text in [
        "Gracias por su paciencia. Le llamaremos mañana para confirmarle la entrega.",
        "Gracias por tu paciencia. Te llamamos mañana y te confirmo la entrega.",
        "Hola Ana, tu pedido ya salió. Si quieres, puedes seguirlo en la web.",
    ] {
        let fired = rules_fired(&e, text, Some("es"));
        assert!(fired.is_empty(), "{text:?} fires {fired:?}");
    }
    // the mix, across two sentences: "usted", a formal imperative, a sentence opening with
    // "Le", a formal infinitive ("informarle")
    for (text, rule) in [
        ("Usted ya está registrado. Tu pedido sale hoy.", "es-tu-con-usted"),
        ("Gracias por tu paciencia. Le llamaremos mañana.", "es-tu-con-usted"),
        (
            "Disculpe la espera. ¿Me pasas el número de pedido?",
            "es-puedes-con-usted",
        ),
        (
            "Te escribo para informarle de que el reembolso está en camino.",
            "es-te-con-usted",
        ),
        (
            "Si lo desea, puedes devolver el artículo en 30 días.",
            "es-puedes-con-usted",
        ),
    ] {
        let fired = rules_fired(&e, text, Some("es"));
        assert!(fired.contains(&rule.to_string()), "{text:?} fires {fired:?}");
    }
    // "su" in another sentence is often a third person's: no evidence there, but beside
    // "tu" in the same sentence it is, as the two older address rules read it
    let fired = rules_fired(
        &e,
        "Tu pedido ya salió. La tienda manda su número de seguimiento.",
        Some("es"),
    );
    assert!(fired.is_empty(), "{fired:?}");
    let fired = rules_fired(&e, "Ya revisé su cuenta y tu suscripción sigue activa.", Some("es"));
    assert!(fired.contains(&"es-usted-luego-tu".to_string()), "{fired:?}");
    // quoted history in the customer's words gives no evidence
    let quoted = "Gracias por tu mensaje, necesito tu número de pedido.\n\n\
                  El lunes 3 de marzo, Ana escribió:\n> ¿Puede usted darme su dirección?";
    assert!(rules_fired(&e, quoted, Some("es")).is_empty());
}

#[test]
fn warm_spanish_replies_fire_nothing() {
    // Written for this test: ordinary warm replies, with the words the Spanish rules look
    // for used in their innocent senses.
    let e = engine();
    for text in [
        "Hola, Marta:\n\nGracias por escribirnos. Siento mucho que el pedido llegara roto. \
         Ya he pedido el reembolso; lo verá en su cuenta en tres días.\n\nUn saludo,\nRuth",
        "Buenos días, señor Gómez. He revisado su pedido y le aviso en cuanto salga.",
        "No es culpa suya: la dirección se copió mal en nuestro sistema.",
        "Entiendo su preocupación. El técnico pasa mañana entre las 9 y las 12.",
        "Quedo pendiente de su respuesta para enviar el cambio.",
        "Tarda al menos tres días en llegar, y le escribo cuando salga.",
        "Está claro que el error fue nuestro; ya lo hemos corregido.",
        "Esto lo decide el banco, y le ayudo a pedirlo hoy mismo.",
        "Siento que haya tenido que esperar tanto. El reembolso ya está hecho.",
    ] {
        let fired = rules_fired(&e, text, None);
        assert!(fired.is_empty(), "{text:?} fires {fired:?}");
    }
}
