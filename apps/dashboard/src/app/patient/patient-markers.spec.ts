import { markerGlyph, trajectoryView } from '../charts/trajectory.mapper';
import { medicationMarkers, trajectoryMarkers, utilizationMarkers } from './patient-markers';

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

  it('marks medication starts, changes and stops with the drug and dose', () => {
    expect(
      medicationMarkers([
        { action: 'stop', medication: 'bupropion', dose: null, date: '2026-03-01' },
        { action: 'start', medication: 'sertraline', dose: '50 mg daily', date: '2026-01-10' },
        { action: 'change', medication: 'sertraline', dose: '100 mg daily', date: '2026-02-10' },
      ]),
    ).toEqual([
      { date: '2026-01-10', kind: 'medication', label: 'Start sertraline 50 mg daily' },
      { date: '2026-02-10', kind: 'medication', label: 'sertraline → 100 mg daily' },
      { date: '2026-03-01', kind: 'medication', label: 'Stop bupropion' },
    ]);
  });

  it('marks ED visits and admissions (with the length of stay) on their start day, in date order', () => {
    const markers = utilizationMarkers([
      { kind: 'admission', startsOn: '2026-04-02', endsOn: '2026-04-05' },
      { kind: 'ed_visit', startsOn: '2026-03-20', endsOn: null },
      { kind: 'admission', startsOn: '2026-05-01', endsOn: null },
      { kind: 'admission', startsOn: '2026-06-01', endsOn: '2026-06-02' },
    ]);
    expect(markers).toEqual([
      { date: '2026-03-20', kind: 'ed_visit', label: 'ED visit' },
      { date: '2026-04-02', kind: 'admission', label: 'Hospital admission (3 days)' },
      { date: '2026-05-01', kind: 'admission', label: 'Hospital admission' },
      { date: '2026-06-01', kind: 'admission', label: 'Hospital admission (1 day)' },
    ]);
    expect(markers.map(markerGlyph)).toEqual(['ED', 'H', 'H', 'H']);
  });

  it('keeps utilization markers inside the plotted range of the trajectory', () => {
    const view = trajectoryView(
      'PHQ9',
      [
        { date: '2026-03-01', total: 18 },
        { date: '2026-04-01', total: 12 },
      ],
      utilizationMarkers([
        { kind: 'ed_visit', startsOn: '2026-03-15', endsOn: null },
        { kind: 'ed_visit', startsOn: '2026-05-15', endsOn: null },
      ]),
    );
    expect(view.markers).toEqual([{ date: '2026-03-15', kind: 'ed_visit', label: 'ED visit' }]);
  });
});
