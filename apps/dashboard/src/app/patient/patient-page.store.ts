import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { PatientPageView } from '@huddle/shared-types';
import { of, tap, type Observable } from 'rxjs';

/**
 * The patient page's data in one request (`GET /api/patients/:id/page`, issue #13). The page and its
 * panels take each part from it once, on first display; a later reload of a part (after a save) asks
 * that part's own route, so it shows the change.
 */
@Injectable({ providedIn: 'root' })
export class PatientPageStore {
  private readonly http = inject(API_HTTP);
  private loaded: { patientId: string; view: PatientPageView; taken: Set<keyof PatientPageView> } | null = null;

  /** Loads the page of `patientId`; its parts are then served by {@link take}. */
  load(patientId: string, month: string): Observable<PatientPageView> {
    this.loaded = null;
    return this.http
      .get<PatientPageView>(`/api/patients/${patientId}/page`, { params: { month } })
      .pipe(tap((view) => (this.loaded = { patientId, view, taken: new Set() })));
  }

  /** The part of the loaded page, the first time it is asked for; otherwise null (ask its route). */
  take<K extends keyof PatientPageView>(
    patientId: string,
    part: K,
  ): Observable<NonNullable<PatientPageView[K]>> | null {
    const page = this.loaded;
    if (!page || page.patientId !== patientId || page.taken.has(part)) return null;
    const value = page.view[part];
    if (value === null || value === undefined) return null;
    page.taken.add(part);
    return of(value as NonNullable<PatientPageView[K]>);
  }

  /** Like {@link take}, for a part of the page's open episode. */
  takeForEpisode<K extends 'episode' | 'relapsePlan'>(
    episodeId: string,
    part: K,
  ): Observable<NonNullable<PatientPageView[K]>> | null {
    const page = this.loaded;
    if (!page || page.view.episode?.id !== episodeId) return null;
    return this.take(page.patientId, part);
  }
}
