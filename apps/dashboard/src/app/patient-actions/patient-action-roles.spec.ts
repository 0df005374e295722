import { patientActionsFor } from './patient-action-roles';

describe('patientActionsFor', () => {
  it('offers each role only what the API lets it write', () => {
    expect(patientActionsFor('care_manager')).toEqual(['assessment', 'contact', 'flag']);
    expect(patientActionsFor('psychiatric_consultant')).toEqual(['assessment', 'flag']);
    expect(patientActionsFor('pcp')).toEqual(['assessment']);
    expect(patientActionsFor('leadership')).toEqual([]);
    expect(patientActionsFor(null)).toEqual([]);
  });
});
