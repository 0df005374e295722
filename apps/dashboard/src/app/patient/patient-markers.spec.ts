import { trajectoryMarkers } from './patient-markers';

describe('trajectoryMarkers', () => {
  it('marks reviews and treatment changes, dated by their review', () => {
    const markers = trajectoryMarkers(
      [{ id: 'r1', reviewedAt: '2026-02-10T15:00:00Z' }],
      [
        { reviewId: 'r1', type: 'dose_change', medication: 'Sertraline', createdAt: '2026-11-01T00:00:00Z' },
        { reviewId: 'r1', type: 'continue_current_plan', medication: null, createdAt: '2026-02-10T15:00:00Z' },
        { reviewId: 'r0', type: 'psychotherapy', medication: null, createdAt: '2026-01-05T10:00:00Z' },
      ],
    );
    expect(markers).toEqual([
      { date: '2026-01-05', kind: 'treatment', label: 'Psychotherapy' },
      { date: '2026-02-10', kind: 'review', label: 'Consultant review' },
      { date: '2026-02-10', kind: 'treatment', label: 'Change dose: Sertraline' },
    ]);
  });
});
