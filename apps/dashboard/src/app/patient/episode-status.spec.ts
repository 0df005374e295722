import { episodeStatusRequest, EPISODE_TRANSITIONS, type EpisodeStatusForm } from './episode-status';

const form = (over: Partial<EpisodeStatusForm>): EpisodeStatusForm => ({
  status: 'active',
  on: '2026-03-10',
  consentOn: '',
  dischargeReason: '',
  ...over,
});
const TODAY = '2026-03-10';

describe('episode status changes', () => {
  it('follows the lifecycle: referred → enrolled → active → relapse prevention → discharged', () => {
    expect(EPISODE_TRANSITIONS.referred).toEqual(['enrolled', 'discharged']);
    expect(EPISODE_TRANSITIONS.active).toEqual(['relapse_prevention', 'discharged']);
    expect(EPISODE_TRANSITIONS.discharged).toEqual([]);
  });

  it('requires a consent date to enrol and sends it', () => {
    expect(episodeStatusRequest('referred', 3, form({ status: 'enrolled' }), TODAY)).toEqual({
      errors: { consentOn: 'Enter the consent date to enrol' },
    });
    expect(
      episodeStatusRequest(
        'referred',
        3,
        form({ status: 'enrolled', consentOn: '2026-03-11', on: '2026-03-10' }),
        TODAY,
      ),
    ).toEqual({ errors: { consentOn: 'Consent cannot be after the enrolment date' } });
    expect(episodeStatusRequest('referred', 3, form({ status: 'enrolled', consentOn: '2026-03-09' }), TODAY)).toEqual({
      request: { version: 3, status: 'enrolled', on: '2026-03-10', consentOn: '2026-03-09' },
    });
  });

  it('requires a reason to discharge and sends only the fields of the move', () => {
    expect(episodeStatusRequest('active', 1, form({ status: 'discharged' }), TODAY)).toEqual({
      errors: { dischargeReason: 'Choose a discharge reason' },
    });
    expect(
      episodeStatusRequest(
        'active',
        1,
        form({ status: 'discharged', dischargeReason: 'completed_treatment', consentOn: '2026-01-01' }),
        TODAY,
      ),
    ).toEqual({
      request: { version: 1, status: 'discharged', on: '2026-03-10', dischargeReason: 'completed_treatment' },
    });
    expect(episodeStatusRequest('enrolled', 2, form({ status: 'active' }), TODAY)).toEqual({
      request: { version: 2, status: 'active', on: '2026-03-10' },
    });
  });

  it('refuses illegal moves and future dates', () => {
    expect(
      episodeStatusRequest('active', 1, form({ status: 'enrolled', consentOn: '2026-01-01' }), TODAY),
    ).toMatchObject({
      errors: { status: expect.any(String) },
    });
    expect(episodeStatusRequest('enrolled', 1, form({ status: 'active', on: '2026-03-11' }), TODAY)).toEqual({
      errors: { on: 'The date cannot be in the future' },
    });
  });
});
