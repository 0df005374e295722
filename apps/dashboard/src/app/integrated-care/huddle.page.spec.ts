import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { HuddleItemView } from '@huddle/shared-types';
import { provideApiTesting } from '../../testing/api-transport';
import { HuddlePage } from './huddle.page';

function item(id: string, huddleOn: string | null): HuddleItemView {
  return {
    id,
    patientId: `p-${id}`,
    patientName: `Patient ${id}`,
    mrn: `MRN-${id}`,
    question: `Question ${id}?`,
    raisedBy: { id: 's1', displayName: 'Dana Reyes (CM)' },
    raisedAt: '2020-01-01T09:00:00Z',
    discussedAt: null,
    discussionNote: null,
    huddleOn,
    openNeeds: [],
    tasks: [],
  };
}

describe('HuddlePage', () => {
  it('marks an open item whose huddle has passed as carried over, and files the others under their huddle', async () => {
    TestBed.configureTestingModule({ providers: [...provideApiTesting(), provideRouter([])] });
    const fixture = TestBed.createComponent(HuddlePage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne('/api/huddle/items').flush([item('past', '2020-01-07'), item('next', '2099-01-06')]);
    await fixture.whenStable();
    const items = [...(fixture.nativeElement as HTMLElement).querySelectorAll('ul.items > li')];
    const text = (i: number) => (items[i]?.textContent ?? '').replace(/\s+/g, ' ');
    expect(items).toHaveLength(2);
    expect(text(0)).toContain('Carried over: not discussed at the huddle of Tuesday 7 Jan 2020');
    expect(items[0]?.querySelector('.when.carried')).not.toBeNull();
    expect(text(1)).toContain('For the huddle of Tuesday 6 Jan 2099');
    expect(text(1)).not.toContain('Carried over');
  });
});
