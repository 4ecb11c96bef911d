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
};
