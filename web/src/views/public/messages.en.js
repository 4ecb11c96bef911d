// English messages of the public portal: i18n key `public.*`.
export default {
  title: 'IP penalty disclosure', subtitle: 'Published under SAMR Order 45',
  footer: "Published by the deciding agencies; natural persons' ID numbers are partly hidden, addresses and contacts are not published.",
  searchTitle: 'Search penalties', qLabel: 'Search', qHint: 'Party name, credit code or decision number',
  search: 'Search', total: '{n} records', totalAtLeast: '{n}+ records', decidedOn: 'Decided {date}',
  back: '← Back to search', recordTitle: 'Penalty summary', decisionNo: 'Decision no.', party: 'Party', creditCode: 'Credit code',
  idNumber: 'ID number', violationType: 'Violation', facts: 'Facts', legalBasis: 'Legal basis', penalty: 'Penalty',
  agency: 'Deciding agency', decisionDate: 'Decided on', period: 'Shown', periodText: '{from} to {to}',
  gone: 'Not found: not yet published, withdrawn, or its display period has ended.',
  repair: {
    title: 'Apply for credit repair', intro: 'A party may ask to end the publication early after 6 months (1 year for food, drugs, special equipment) if the penalty is fulfilled, no penalty of the same type followed and it is not on the serious-violation list.',
    applicant: 'Applicant', phone: 'Phone', statement: 'Statement', statementHint: 'How the penalty was fulfilled and the harm remedied; a pledge of compliance',
    fulfilled: 'Fulfilment', fulfilledText: 'The penalty decision is fully carried out (fine paid …)', submit: 'Submit', required: 'Required',
    received: 'Received. Receipt {no}, query code {code} (keep it: it is shown only once).',
    queryLink: 'Follow an application', queryTitle: 'Credit repair status', receiptNo: 'Receipt no.', queryCode: 'Query code',
    submittedOn: 'Submitted', status: 'Status', decidedOn: 'Decided', reason: 'Reason',
  },
};
