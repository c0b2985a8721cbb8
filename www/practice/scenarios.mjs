// Practice scenarios, each drawn from one of the seed articles on empathy in customer
// service (../shared/seeds, quoted verbatim): the principle it trains, quoted from the article, a customer
// message, what the agent knows, and the empathy moves a passing reply makes.
// A reply passes with a warmth score of at least passScore, no high-severity finding and
// every goal move present.
export const SCENARIOS = [
  {
    id: 'upset-outage',
    kind: 'An upset customer',
    title: 'A day of work lost to a dead modem',
    seed: {
      source: 'Tips to empathize with irate customers',
      quote: 'For example, you may say, \u201cI understand how frustrating it is when your modem isn\u2019t working.\u201d instead of saying, \u201cThat seems to be a recurring problem here. Did you plug it in?\u201d',
    },
    customer: {
      name: 'Dana',
      message: "My modem has been dead since yesterday morning and I work from home. I've lost a full day of work and nobody seems to care. Fix it NOW.",
    },
    facts: 'A fault at the local exchange affects Dana\u2019s street. An engineer can come tomorrow at 9am.',
    goals: ['acknowledge', 'apologize', 'next-step'],
    passScore: 70,
  },
  {
    id: 'repeat-contact',
    kind: 'A repeat contact',
    title: 'Third message about a cracked blender',
    seed: {
      source: 'Tips to empathize with irate customers',
      quote: '\u2026customers hate repeating themselves! According to a survey conducted by Accenture Global Consumer Pulse, 89% of customers find it frustrating to repeat their concerns.',
    },
    customer: {
      name: 'Sam',
      message: "This is the third time I'm writing about order 4412. Every time I have to explain the whole thing again. The blender arrived cracked and I just want a replacement.",
    },
    facts: 'The order history shows the cracked blender and two earlier messages. You can ship a replacement today.',
    goals: ['apologize', 'affirm', 'take-ownership'],
    passScore: 70,
  },
  {
    id: 'refund-refused',
    kind: 'A refund you cannot give',
    title: 'A refund after the 30-day window',
    seed: {
      source: 'Empathy in Customer Service',
      quote: 'Offer solutions and alternatives: Propose practical solutions to address the customer\u2019s concerns. If a particular solution isn\u2019t viable, suggest alternatives and work collaboratively to find a resolution that satisfies both parties.',
    },
    customer: {
      name: 'Priya',
      message: 'I bought the annual plan 45 days ago and barely used it. I want a full refund. Your website says nothing about a 30-day limit.',
    },
    facts: 'Refunds are only possible within 30 days. You can switch Priya to the monthly plan and credit the unused months.',
    goals: ['acknowledge', 'apologize', 'offer-solution'],
    passScore: 70,
  },
  {
    id: 'customer-wrong',
    kind: 'A customer who is wrong',
    title: '\u201cYou charged me twice!\u201d',
    seed: {
      source: 'Chapter 9: Applying Empathy Skills to Customer Service',
      quote: 'Validate the customer\u2019s feelings: Validating the customer\u2019s feelings can help them feel heard and understood, leading to a more positive interaction.',
    },
    customer: {
      name: 'Jordan',
      message: 'You charged me twice for my order! I can see two payments of $59 on my card. This is fraud and I want my money back today.',
    },
    facts: 'Only one payment was taken. The second is a temporary authorisation hold by the bank that disappears within 3 to 5 business days.',
    goals: ['acknowledge', 'validate', 'next-step'],
    passScore: 70,
  },
  {
    id: 'follow-through',
    kind: 'A customer waiting on a fix',
    title: 'A delivery that keeps slipping',
    seed: {
      source: 'Defining Empathy in Customer Service',
      quote: 'Empathy entails putting oneself in the customer\u2019s shoes, actively listening to their concerns, and responding with genuine care and understanding.',
    },
    customer: {
      name: 'Lee',
      message: 'My sofa delivery has been moved three times now. I took another day off work for it and nobody showed up. When is it actually coming?',
    },
    facts: 'The carrier has confirmed a delivery slot on Saturday between 8am and 12pm.',
    goals: ['acknowledge', 'take-ownership', 'follow-up'],
    passScore: 70,
  },
];
