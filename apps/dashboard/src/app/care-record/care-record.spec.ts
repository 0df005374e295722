import { recommendationActions } from './recommendation-actions.component';
import { TIMELINE_FILTERS, timelineKinds } from './timeline-panel.component';

describe('recommendationActions', () => {
  it('lets the PCP accept or decline a new recommendation and implement or decline an accepted one', () => {
    expect(recommendationActions('new', 'pcp')).toEqual(['accepted', 'declined']);
    expect(recommendationActions('accepted', 'pcp')).toEqual(['implemented', 'declined']);
  });

  it('lets the care manager only mark an accepted recommendation implemented', () => {
    expect(recommendationActions('new', 'care_manager')).toEqual([]);
    expect(recommendationActions('accepted', 'care_manager')).toEqual(['implemented']);
  });

  it('offers nothing on final statuses or to other roles', () => {
    for (const status of ['declined', 'implemented'] as const) expect(recommendationActions(status, 'pcp')).toEqual([]);
    expect(recommendationActions('new', 'psychiatric_consultant')).toEqual([]);
    expect(recommendationActions('accepted', null)).toEqual([]);
  });
});

describe('timelineKinds', () => {
  it('asks for every kind (no filter) when all chips or none are selected', () => {
    expect(timelineKinds(TIMELINE_FILTERS.map((f) => f.id))).toBeNull();
    expect(timelineKinds([])).toBeNull();
  });

  it('expands the selected chips to their kinds', () => {
    expect(timelineKinds(['score', 'flag'])).toEqual(['score', 'flag_raised', 'flag_cleared', 'safety_follow_up']);
    expect(timelineKinds(['status'])).toEqual(['status', 'relapse_plan']);
  });
});
