// 统计, 地区督办, 区域协作 and 年度公开 API calls (docs/statistics.md, docs/api.md "Statistics", "Regional
// cooperation"). Typed by the contract (./http.ts); the statistics pages call these instead of writing paths.
import { client, call, byId, downloadFile, type Body, type Query, type Id } from './http.ts';

export const statisticsIndicators = () => call(client.GET('/api/v1/statistics/indicators'));
/** One figure: an indicator over {from, to}, grouped (region level, month …) and filtered. */
export const statisticsFigure = (query: Query<'/api/v1/statistics/figure', 'get'>) =>
  call(client.GET('/api/v1/statistics/figure', { params: { query } }));
/** The records behind a figure (the drill-down), a page at a time. */
export const statisticsRecords = (query: Query<'/api/v1/statistics/records', 'get'>) =>
  call(client.GET('/api/v1/statistics/records', { params: { query } }));
export const highIncidence = (query: Query<'/api/v1/statistics/high-incidence', 'get'>) =>
  call(client.GET('/api/v1/statistics/high-incidence', { params: { query } }));

export const getPublication = (id: Id) => call(client.GET('/api/v1/statistics/publications/{id}', { params: byId(id) }));
export const publishFigures = (body: Body<'/api/v1/statistics/publications', 'post'>) =>
  call(client.POST('/api/v1/statistics/publications', { body }));
export const withdrawPublication = (id: Id, body: Body<'/api/v1/statistics/publications/{id}/withdraw', 'post'>) =>
  call(client.POST('/api/v1/statistics/publications/{id}/withdraw', { params: byId(id), body }));

export const groupFigure = (id: Id, query: Query<'/api/v1/cooperation-groups/{id}/figure', 'get'>) =>
  call(client.GET('/api/v1/cooperation-groups/{id}/figure', { params: { ...byId(id), query } }));
export const createGroup = (body: Body<'/api/v1/cooperation-groups', 'post'>) =>
  call(client.POST('/api/v1/cooperation-groups', { body }));
export const updateGroup = (id: Id, body: Body<'/api/v1/cooperation-groups/{id}', 'put'>) =>
  call(client.PUT('/api/v1/cooperation-groups/{id}', { params: byId(id), body }));
export const listMeetings = (query: Query<'/api/v1/cooperation-meetings', 'get'>) =>
  call(client.GET('/api/v1/cooperation-meetings', { params: { query } }));
export const getMeeting = (id: Id) => call(client.GET('/api/v1/cooperation-meetings/{id}', { params: byId(id) }));
export const createMeeting = (body: Body<'/api/v1/cooperation-meetings', 'post'>) =>
  call(client.POST('/api/v1/cooperation-meetings', { body }));
export const markTaskDone = (id: Id, version: number) =>
  call(client.POST('/api/v1/cooperation-tasks/{id}/done', { params: byId(id), body: { version } }));

export const supervisionCodes = () => call(client.GET('/api/v1/region-supervisions/codes'));
export const createRegionSupervision = (body: Body<'/api/v1/region-supervisions', 'post'>) =>
  call(client.POST('/api/v1/region-supervisions', { body }));
export const getRegionSupervision = (id: Id) => call(client.GET('/api/v1/region-supervisions/{id}', { params: byId(id) }));
export const reportOnSupervision = (id: Id, body: Body<'/api/v1/region-supervisions/{id}/reports', 'post'>) =>
  call(client.POST('/api/v1/region-supervisions/{id}/reports', { params: byId(id), body }));
export const reviewSupervision = (id: Id, body: Body<'/api/v1/region-supervisions/{id}/review', 'post'>) =>
  call(client.POST('/api/v1/region-supervisions/{id}/review', { params: byId(id), body }));

/** The situation report (情况通报) of a period as a file. → {name, size} */
export const downloadSituationReport = (period: string, format: NonNullable<Query<'/api/v1/statistics/report', 'get'>['format']>) =>
  downloadFile('/api/v1/statistics/report', { query: { period, format } }, `situation-report-${period}.${format}`);
/** A figure's export (the figure's query plus `format`). → {name, size} */
export const downloadStatistics = (query: Query<'/api/v1/statistics/export', 'get'>, format: string) =>
  downloadFile('/api/v1/statistics/export', { query }, `statistics.${format}`);
/** The attachment of a step of a 地区督办 under its own name. → {name, size} */
export const downloadStepAttachment = (id: Id, stepId: Id, filename: string) =>
  downloadFile('/api/v1/region-supervisions/{id}/steps/{step_id}/attachment', { path: { id, step_id: stepId } }, filename);

// 联合行动 (docs/statistics.md "Joint operations").
export const getJointOperation = (id: Id) => call(client.GET('/api/v1/joint-operations/{id}', { params: byId(id) }));
export const createJointOperation = (body: Body<'/api/v1/joint-operations', 'post'>) =>
  call(client.POST('/api/v1/joint-operations', { body }));
export const linkJointOperationCase = (id: Id, caseId: number) =>
  call(client.POST('/api/v1/joint-operations/{id}/cases', { params: byId(id), body: { case_id: caseId } }));
export const closeJointOperation = (id: Id, body: Body<'/api/v1/joint-operations/{id}/close', 'post'>) =>
  call(client.POST('/api/v1/joint-operations/{id}/close', { params: byId(id), body }));

// 定期形势报告 (docs/statistics.md "Scheduled reports").
export const listReportSchedules = () =>
  call(client.GET('/api/v1/statistics/report-schedules', { params: { query: { page_size: 100 } } }));
export const createReportSchedule = (cadence: Body<'/api/v1/statistics/report-schedules', 'post'>['cadence']) =>
  call(client.POST('/api/v1/statistics/report-schedules', { body: { cadence } }));
export const disableReportSchedule = (id: Id) =>
  call(client.POST('/api/v1/statistics/report-schedules/{id}/disable', { params: byId(id) }));
export const listScheduledReports = (query: Query<'/api/v1/statistics/scheduled-reports', 'get'>) =>
  call(client.GET('/api/v1/statistics/scheduled-reports', { params: { query } }));
/** A stored scheduled report as a file. → {name, size} */
export const downloadScheduledReport = (id: Id, period: string, format: 'pdf' | 'xlsx') =>
  downloadFile('/api/v1/statistics/scheduled-reports/{id}/file', { path: { id: String(id) }, query: { format } },
    `situation-report-${period}.${format}`);

// 平安建设考核 (docs/statistics.md "平安建设考核").
const byYear = (year: Id) => ({ path: { year: String(year) } });
export const getAssessment = (year: Id, query: Query<'/api/v1/assessments/{year}', 'get'>) =>
  call(client.GET('/api/v1/assessments/{year}', { params: { ...byYear(year), query } }));
export const setManualPoints = (year: Id, body: Body<'/api/v1/assessments/{year}/manual-points', 'put'>) =>
  call(client.PUT('/api/v1/assessments/{year}/manual-points', { params: byYear(year), body }));
export const saveRubric = (year: Id, body: Body<'/api/v1/assessments/{year}/rubric', 'put'>) =>
  call(client.PUT('/api/v1/assessments/{year}/rubric', { params: byYear(year), body }));
export const publishAssessment = (year: Id, version: number) =>
  call(client.POST('/api/v1/assessments/{year}/publish', { params: byYear(year), body: { version } }));
/** The assessment's ranking as XLSX or CSV. → {name, size} */
export const downloadAssessment = (year: Id, query: Query<'/api/v1/assessments/{year}/export', 'get'>) =>
  downloadFile('/api/v1/assessments/{year}/export', { path: { year: String(year) }, query },
    `assessment-${year}.${query.format || 'xlsx'}`);
