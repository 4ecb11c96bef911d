// English messages of the leads module: the `leads` area of src/i18n/en.js (keys as in zh-CN).
export default {
  tabs: { list: 'Lead queue', clusters: 'Correlation', alerts: 'Cross-region alerts' },
  status: { new: 'New', accepted: 'Accepted', dismissed: 'Dismissed', converted: 'Converted to case', merged: 'Merged' },
  source: { manual: 'Manual entry', csv: 'CSV import', api: 'System (API)', monitoring: 'Monitoring', complaint: 'Complaint' },
  category: {
    trademark: 'Trademark', patent: 'Patent', copyright: 'Copyright', geographic_indication: 'Geographic indication',
    plant_variety: 'Plant variety', trade_secret: 'Trade secret', counterfeit_goods: 'Counterfeit goods',
    import_export: 'Import/export', other: 'Other',
  },
  obs: {
    phone: 'Phone', web_shop: 'Web shop (platform:shop id)', url: 'URL', domain: 'Domain', uscc: 'Credit code',
    id_number: 'ID number', email: 'E-mail', wechat: 'WeChat id', qq: 'QQ', bank_account: 'Bank account',
    waybill: 'Waybill number', ip: 'IP address', company_name: 'Company name', person_name: 'Person name',
    address: 'Address', trademark_reg: 'Trademark reg. no.',
  },
  field: {
    id: 'No.', title: 'Title', description: 'Description', category: 'Category', source: 'Source', sourceRef: 'Source ref.',
    region: 'Region', agency: 'Agency', status: 'Status', reason: 'Screening note', createdAt: 'Registered',
    observables: 'Observables', type: 'Type', value: 'Value', key: 'Normalised', unassigned: 'Unassigned only',
    caseId: 'Case',
  },
  unassigned: 'Unassigned (office)',
  junk: 'Junk value, never links',
  create: 'Register lead',
  addObservable: 'Add observable',
  removeObservable: 'Remove',
  sourceRefHint: 'Submitting the same source reference again keeps one lead',
  created: 'Lead registered',
  existing: 'A lead with this source reference exists; opened it',
  import: {
    button: 'Import CSV', title: 'Import leads from CSV', file: 'Choose a CSV file', submit: 'Import',
    hint: 'Header: title, region_code, category; optional source_ref, description, agency_id and observable columns (phone, web_shop, uscc, url …; several values separated by semicolons). Any bad row: nothing is imported.',
    rowErrors: 'These rows are wrong; nothing was imported:', row: 'Row', column: 'Column', message: 'Problem', whole: 'File',
    done: 'Imported: {created} new, {duplicates} duplicates',
  },
  links: {
    title: 'Linked records', linked: 'Linked (shared strong identifier)', similar: 'Similar (name/address only; not linked)',
    none: 'No linked records', hidden: 'A matching record exists at {agency}',
    hiddenHint: 'Outside your scope: only its existence is shown, never its content.', requestAccess: 'Request access',
    requestTitle: 'Request access to the matching record', requestReason: 'Reason', requested: 'Request sent and audited',
    sharedKeys: 'Shared', viewCluster: 'View graph',
  },
  screen: {
    accept: 'Accept', dismiss: 'Dismiss', reasonRequired: 'A reason is required to dismiss', done: 'Screening saved',
    title: 'Screen lead',
  },
  merge: {
    button: 'Merge leads', title: 'Merge other leads into this one', ids: 'Lead numbers to merge', idsHint: 'Type a number and press Enter',
    done: 'Merged',
  },
  cluster: {
    handle: 'Cluster', size: 'Leads', regions: 'Regions', keys: 'Tying keys', hidden: 'Agencies beyond scope',
    crossRegion: 'Cross-region', onlyCross: 'Cross-region only', graph: 'Graph', back: 'Back to correlation',
    legendLead: 'Lead', legendKey: 'Key', legendHidden: 'Match beyond scope (hidden)', hiddenNode: 'Match at {agency}',
  },
  alert: {
    kind: 'Kind', cross_region_cluster: 'Cross-region cluster (joint operation candidate)', regions: 'Regions',
    size: 'Cluster size', createdAt: 'Raised', covering: 'Covering region', lead: 'Trigger lead', open: 'View graph',
  },
};
