//! Top rewrites of the rules whose round-10 blind-review items were judged harmful
//! (tests/data/reviews/round10: sorry-not-sorry, at-least-they-got-to, it-was-meant-to-be,
//! not-our-problem, its-very-easy), on their round-10 passages (and one of round 8) and on sibling passages
//! written for this test (at a sentence start, after "and"/"so"/"but", after a name, before
//! ", so <decision>", beside the agent's own apology, with numbers, dates and names to
//! keep). Each expected sentence was read as sendable; `None` is a passage where no
//! template fits, which is better than a harmful one.

use rapport::{Engine, EngineOptions};

/// (rule, passage, the passage with the rule's top rewrite applied, if any)
const PASSAGES: &[(&str, &str, Option<&str>)] = &[
    // round 8's passage: the agent's apology opens the sentence the platitude ends
    (
        "it-was-meant-to-be",
        "I'm sorry the Rome package for 22 May was cancelled and the EUR 1,200 is only available as a voucher, Giulia, but that was God's will.",
        Some("I'm sorry the Rome package for 22 May was cancelled and the EUR 1,200 is only available as a voucher, Giulia."),
    ),
    ("at-least-they-got-to", "I'm so sorry about your father, Mrs Okafor. At least he got to enjoy the Norway cruise last autumn, and I'll cancel booking NC-20931 and refund the £212 balance by Friday.", Some("I'm so sorry about your father, Mrs Okafor. I'm glad he got to enjoy the Norway cruise last autumn, and I'll cancel booking NC-20931 and refund the £212 balance by Friday.")),
    ("at-least-they-got-to", "Sorry to hear about your grandmother, Ben, it's sad but at least she got to see the new flat, and gas account 7730142 will close on 28 May with a final bill of £46.10.", Some("Sorry to hear about your grandmother, Ben, it's sad but I'm glad she got to see the new flat, and gas account 7730142 will close on 28 May with a final bill of £46.10.")),
    ("at-least-they-got-to", "At least he got to use the season ticket until March, Mr Hale, so I've closed account ST-5512 and refunded the remaining £84.", Some("I'm sorry this has been so hard, and I'm glad he got to use the season ticket until March, Mr Hale, so I've closed account ST-5512 and refunded the remaining £84.")),
    ("at-least-they-got-to", "Mr Dale, I'm so sorry for your loss, but at least he didn't suffer, so the £30 exit fee on policy LF-2290 is waived.", Some("Mr Dale, I'm so sorry for your loss, but I'm glad he didn't suffer, so the £30 exit fee on policy LF-2290 is waived.")),
    ("at-least-they-got-to", "We're very sorry to hear your mum passed away on 2 June, Kate. Well, at least she had a long life, and the Netflix account will close on 30 June.", Some("We're very sorry to hear your mum passed away on 2 June, Kate. I'm glad she had a long life, and the Netflix account will close on 30 June.")),
    ("it-was-meant-to-be", "I'm sorry the surgery was postponed again, Mark, but this too shall pass, and claim HC-40119 for the £2,300 procedure stays approved until 30 November.", Some("I'm sorry the surgery was postponed again, Mark, and claim HC-40119 for the £2,300 procedure stays approved until 30 November.")),
    ("it-was-meant-to-be", "This too shall pass, Mr Ortiz, so the repair on boiler job BJ-7731 is now booked for Monday 9 June.", Some("I'm so sorry you're going through this, Mr Ortiz. The repair on boiler job BJ-7731 is now booked for Monday 9 June.")),
    ("it-was-meant-to-be", "We're really sorry your flight to Lisbon was cancelled, Ana. This too will pass, and your £240 refund for booking LX-4410 is on its way.", Some("We're really sorry your flight to Lisbon was cancelled, Ana. Your £240 refund for booking LX-4410 is on its way.")),
    ("it-was-meant-to-be", "I'm so sorry for the loss of your husband, Mrs Park. He is in a better place now, and I've closed account 55-10-22 with no fee.", Some("I'm so sorry for the loss of your husband, Mrs Park. I've closed account 55-10-22 with no fee.")),
    ("sorry-not-sorry", "We won't be apologising for the £25 missed-appointment fee, Mr Turner, as the clinic visit on 14 March was missed without 24 hours' notice.", None),
    ("sorry-not-sorry", "The Deluxe Edition went up to $69.99 on Monday, Rachel, and honestly there's nothing to apologize for since the pre-order terms said prices could change.", None),
    ("sorry-not-sorry", "I'm not going to apologise for the £12 late fee, Sam, so it stays on invoice INV-3301.", Some("I understand your frustration about the £12 late fee, Sam. It stays on invoice INV-3301.")),
    ("sorry-not-sorry", "Mr Ali, we will not apologise for the delay on order 5521, and the courier has now delivered it.", Some("Mr Ali, I understand your frustration about the delay on order 5521. The courier has now delivered it.")),
    ("sorry-not-sorry", "Sorry not sorry, Jen, the £5 booking fee on ticket T-8812 is non-refundable.", Some("I understand this hasn't been the experience you expected, Jen. The £5 booking fee on ticket T-8812 is non-refundable.")),
    ("not-our-problem", "That's not really our problem, Mr Young, since the parcel for order 30552 was marked as delivered to your safe place on Tuesday at 2:14pm.", Some("Unfortunately this isn't something we're able to resolve from our side, Mr Young, since the parcel for order 30552 was marked as delivered to your safe place on Tuesday at 2:14pm.")),
    ("not-our-problem", "I see your bank charged a $5 foreign transaction fee on the $48 order, Megan, but that's your bank's issue, not ours.", Some("I see your bank charged a $5 foreign transaction fee on the $48 order, Megan, but I'm afraid this needs sorting out on the bank's side.")),
    ("not-our-problem", "That's not our problem, Dev, so you'll need to contact Royal Mail about tracking RM-2210-GB.", Some("Unfortunately this isn't something we're able to resolve from our side, Dev, so you'll need to contact Royal Mail about tracking RM-2210-GB.")),
    ("not-our-problem", "Sorry, Mrs Chen, but the £15 roaming charge from 4 May is not our problem.", Some("Sorry, Mrs Chen, but the £15 roaming charge from 4 May is unfortunately not something we're able to resolve from our side.")),
    ("not-our-problem", "The courier lost parcel 77120 on 2 April, Joe, and that's the courier's problem, not ours.", Some("The courier lost parcel 77120 on 2 April, Joe, and I'm afraid this needs sorting out on the courier's side.")),
    ("not-our-problem", "We're not responsible for that, Mr Kaur, as the £60 install on 12 June was done by a third-party fitter.", Some("Unfortunately this isn't something we're able to resolve from our side, Mr Kaur, as the £60 install on 12 June was done by a third-party fitter.")),
    ("its-very-easy", "It's really simple to update your card, Mr Cooper, just go to Billing in the app and replace the one ending 2201 before the £14.99 payment on Friday.", Some("It's quick to update your card, Mr Cooper, just go to Billing in the app and replace the one ending 2201 before the £14.99 payment on Friday.")),
    ("its-very-easy", "To claim the $40 dental refund under policy DP-5520, Ana, you upload the receipt in the portal, and honestly anyone can do it in two minutes.", None),
    ("its-very-easy", "Anyone can do it, Mr Shah, so please reset the PIN for card 4410 in the app before 5 May.", Some("It's quick, Mr Shah, so please reset the PIN for card 4410 in the app before 5 May.")),
    ("its-very-easy", "I've sent the link for order 9917, Zoe, and it's really not that hard, just tap Return and pick a date.", None),
    ("its-very-easy", "Sorry for the confusion, Mrs Bell, it couldn't be simpler: enter code SAVE10 at checkout for the £10 off.", Some("Sorry for the confusion, Mrs Bell, it's quick: enter code SAVE10 at checkout for the £10 off.")),
    ("its-very-easy", "The router reset takes 30 seconds, Liam, so it's really easy, and the line on account 6610 should be back by 3pm.", Some("The router reset takes 30 seconds, Liam, so it's quick, and the line on account 6610 should be back by 3pm.")),
    ("apologize-for-any-inconvenience", "I'm sorry about the wait, Sam. We apologise for the delay this may have caused.", Some("I'm sorry about the wait, Sam. I'm sorry for the trouble.")),
];

fn top_applied(engine: &Engine, rule: &str, text: &str) -> Option<String> {
    let report = engine.analyze(text, None);
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{rule} does not flag: {text}"));
    Some(rapport::apply_rewrite(text, finding.rewrites.first()?))
}

#[test]
fn the_round10_harmful_rules_give_sendable_top_rewrites_or_none() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let wrong: Vec<String> = PASSAGES
        .iter()
        .filter_map(|&(rule, text, want)| {
            let got = top_applied(&engine, rule, text);
            (got.as_deref() != want).then(|| format!("{rule}: {text}\n  want {want:?}\n  got  {got:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        PASSAGES.len(),
        wrong.join("\n")
    );
}

/// No top rewrite says sorry a second time where the agent's words already say it (the round-10
/// harm: "I'm so sorry about your father, Mrs Okafor. I'm so sorry for your loss, ...").
#[test]
fn no_top_rewrite_adds_a_second_apology() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let sorries = |t: &str| t.to_lowercase().matches("sorry").count() + t.to_lowercase().matches("apologi").count();
    for &(rule, text, _) in PASSAGES {
        let Some(fixed) = top_applied(&engine, rule, text) else {
            continue;
        };
        if sorries(text) > 0 {
            assert!(sorries(&fixed) <= sorries(text), "{rule}: {text}\n -> {fixed}");
        }
    }
}

/// After the agent's "so", an empathy clause in place of the cold words would read as a
/// consequence of the facts ("Sam, so I know this isn't what you wanted"): the seam
/// sweep's largest groups, on passages written for this test.
#[test]
fn no_top_rewrite_hangs_empathy_on_the_agents_so() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    for (rule, text) in [
        (
            "look-on-the-bright-side",
            "I've looked at order 4471, Sam, so every cloud has a silver lining.",
        ),
        (
            "there-is-no-need-to-get-upset",
            "I've refunded the £20 on order 4471, Sam, so there's no need to get upset.",
        ),
        ("cheer-up", "Your parcel 88120 is due on 3 May, Sam, so cheer up."),
    ] {
        if let Some(fixed) = top_applied(&engine, rule, text) {
            for empathy in ["so I know", "so I understand", "so I can hear", "so I'm sorry"] {
                assert!(!fixed.contains(empathy), "{rule}: {fixed}");
            }
        }
    }
}
