//! The top rewrite of rules whose round-9 top rewrite was harmful, on the reviewed passage
//! and on sibling passages written for this test (not customer data): the rule at the
//! start of a sentence, mid-sentence after "and" or "so", after the name of the person
//! addressed, followed by ", so <decision>", with numbers, dates and names to keep. Each
//! expected text was read as sendable; `None` is a passage where no template reads as
//! sendable, so the card offers none. A rule with no rewrite at all (`why_no_rewrite`) is
//! still found, with none.

use rapport::{apply_rewrite, Engine, EngineOptions};

/// (rule, passage, the passage after the rule's top rewrite, or None for no rewrite)
const CASES: &[(&str, &str, Option<&str>)] = &[
    (
        "sorry-but-excuse",
        "I'm sorry, but you are also to blame, Mr Webb, since the wrong postcode on order 20917 sent the £75 hamper to Leeds instead of Leicester.",
        None,
    ),
    (
        "sorry-but-excuse",
        "I'm sorry, but you're partly responsible, Ms Okafor. The delivery note for order 88140 was signed at 14:05 on 9 June by someone at your address.",
        Some("I'm sorry, Ms Okafor. The delivery note for order 88140 was signed at 14:05 on 9 June by someone at your address."),
    ),
    (
        "sorry-but-excuse",
        "I've refunded the £12.99 postage on order 3391, Jamie, and I'm sorry, but you are also at fault for booking the 6 May slot twice.",
        None,
    ),
    (
        "sorry-but-excuse",
        "Priya, I'm sorry, but you started this by cancelling direct debit 55-0192 on 2 April.",
        None,
    ),
    (
        "sorry-but-excuse",
        "Sorry, but you were also to blame, Mr Hale, so the £40 rebooking fee for the 18 July coach stays on booking LX-2291.",
        Some("I'm sorry, Mr Hale. The £40 rebooking fee for the 18 July coach stays on booking LX-2291."),
    ),
    (
        "sorry-but-excuse",
        "I'm sorry, but you are equally responsible, Dana: the meter reading of 40213 you sent on 1 March was the one we billed.",
        Some("I'm sorry, Dana. The meter reading of 40213 you sent on 1 March was the one we billed."),
    ),
    (
        "sorry-but-excuse",
        "Thanks for the details, Sam, and sorry we were late, but the traffic was terrible, so the £20 refund goes out on 3 May.",
        Some("Thanks for the details, Sam, and I'm sorry we were late. The £20 refund goes out on 3 May."),
    ),
    (
        "sorry-but-excuse",
        "Thanks for the details, Sam, and sorry, but I was having a rough morning, so the £20 refund goes out on 3 May.",
        Some("Thanks for the details, Sam, and I'm sorry. The £20 refund goes out on 3 May."),
    ),
    (
        "sorry-but-excuse",
        "I'm sorry, but I didn't mean it, Mr Cole, so the £20 refund goes out on 3 May.",
        Some("I'm sorry; I didn't mean it, Mr Cole. The £20 refund goes out on 3 May."),
    ),
    (
        "take-your-business-elsewhere",
        "Nobody cares which driver you had last time, Mr Green, the £6.50 delivery fee on order #QE-31102 applies to every order under £25 placed after 10pm.",
        Some("I understand you're unhappy, Mr Green. The £6.50 delivery fee on order #QE-31102 applies to every order under £25 placed after 10pm."),
    ),
    (
        "take-your-business-elsewhere",
        "If you don't like it, you can cancel, Mrs Dunn; the £4.99 monthly fee on plan P-220 rises on 1 March.",
        Some("I understand you're unhappy, Mrs Dunn. The £4.99 monthly fee on plan P-220 rises on 1 March."),
    ),
    (
        "take-your-business-elsewhere",
        "The £15 late fee on invoice 7741 stays, Tom, so feel free to shop elsewhere.",
        None,
    ),
    (
        "take-your-business-elsewhere",
        "You're on your own now, Carl, because the warranty on serial AX-4471 ran out on 30 June.",
        None,
    ),
    (
        "take-your-business-elsewhere",
        "I don't care. The £120 deposit for the 5 June booking at Lakeside is non-refundable, Mr Amos.",
        Some("I understand you're unhappy. The £120 deposit for the 5 June booking at Lakeside is non-refundable, Mr Amos."),
    ),
    (
        "how-could-you",
        "How could you let that happen, Mr Burke, when the text on 2 March warned that your £29-a-month contract would lapse if the card wasn't updated?",
        None,
    ),
    (
        "how-could-you",
        "How could you forget the PIN again, Mrs Shah? I've sent a reset code to the mobile ending 4417.",
        None,
    ),
    (
        "how-could-you",
        "I've restored the 12 files from the 3 May backup, Leon. But how could you delete the whole shared folder?",
        None,
    ),
    (
        "how-could-you",
        "How could you let it lapse, Gina, so now the 10% loyalty discount is gone from policy HM-5520?",
        None,
    ),
    (
        "how-could-you",
        "Seriously, how could you miss the 48-hour window on booking 7713, Dan?",
        None,
    ),
    (
        "did-you-even-read",
        "The 50% discount covers the first three months only, Danny, so have you even read the terms of the offer before asking why your bill went up to £36?",
        None,
    ),
    (
        "did-you-even-read",
        "Did you even read the setup guide, Tom? Step 3 covers the 5 GHz band on the R7 router.",
        None,
    ),
    (
        "did-you-even-read",
        "I've attached the returns form again, Anna, and did you even read the email from 3 May?",
        None,
    ),
    (
        "did-you-even-read",
        "Mr Cole, have you even tried restarting the Freeview box since Tuesday's update?",
        None,
    ),
    (
        "did-you-even-read",
        "Have you actually read the terms, Ms Ito, so you can see the £50 cancellation fee applies after 14 days?",
        None,
    ),
    (
        "did-you-even-read",
        "The 2-year warranty on the X200 excludes water damage, Ben, so did you even read the leaflet?",
        None,
    ),
    (
        "must-be-nice",
        "You'd like all three tickets on the 4 August Paris train upgraded to first class, Mrs Lyons? Oh, must be nice having that kind of money; it's another £330.",
        None,
    ),
    (
        "must-be-nice",
        "Must be nice being able to take three weeks off in August, Sofia, but the 14-day return window on order 5521 still applies.",
        None,
    ),
    (
        "must-be-nice",
        "Oh, must be nice having two holiday homes; the second property needs its own policy at £210 a year.",
        None,
    ),
    (
        "must-be-nice",
        "Wow, must be nice not having to work on Mondays, so the 9am slot on 14 October is yours.",
        None,
    ),
    (
        "take-your-business-elsewhere",
        "Nobody here cares, Ms Reid, so the 28-day return window on order 6610 still ended on 3 March.",
        Some("I understand you're unhappy, Ms Reid. The 28-day return window on order 6610 still ended on 3 March."),
    ),
    (
        "take-your-business-elsewhere",
        "I've checked invoice 7741 again, Tom, and why don't you take your business elsewhere if the £15 fee is a problem?",
        None,
    ),
    (
        "take-your-business-elsewhere",
        "Mr Patel, you should be grateful we refunded the £89 at all.",
        None,
    ),
    (
        "take-your-business-elsewhere",
        "We don't give a toss about the old £9.99 price, Ms Kerr; the plan is £12.99 from 1 June.",
        Some("I understand you're unhappy about the old £9.99 price, Ms Kerr; the plan is £12.99 from 1 June."),
    ),
];

#[test]
fn the_top_rewrite_reads_as_sendable_in_context_or_there_is_none() {
    let engine = Engine::new(&EngineOptions::default()).unwrap();
    let mut wrong = Vec::new();
    for &(rule, passage, want) in CASES {
        let report = engine.analyze(passage, None);
        let Some(finding) = report.findings.iter().find(|f| f.rule == rule) else {
            wrong.push(format!("{rule}: not found in “{passage}”"));
            continue;
        };
        let got = finding.rewrites.first().map(|top| apply_rewrite(passage, top));
        if got.as_deref() != want {
            wrong.push(format!("{rule}: “{passage}”\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}
