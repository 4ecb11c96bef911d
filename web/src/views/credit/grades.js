// Tag colours of the risk grades (rules/credit/risk_grade.rules): A low … D high; an unknown key
// shows neutral.
const GRADE_TYPES = { A: 'success', B: 'info', C: 'warning', D: 'danger' };

export function gradeType(key) {
  return GRADE_TYPES[key] || 'info';
}
