import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import type { AssessmentRecord, FlagSummary, InstrumentId } from '@huddle/shared-types';
import { catchError, of } from 'rxjs';
import { itemHeatmapView } from '../charts/item-heatmap.mapper';
import { ItemHeatmapComponent } from '../charts/item-heatmap.component';
import { TrajectoryChartComponent } from '../charts/trajectory-chart.component';
import { trajectoryView } from '../charts/trajectory.mapper';
import { FlagHistoryPanelComponent } from '../flag-lifecycle/flag-history-panel.component';
import { FlagLifecycleService } from '../flag-lifecycle/flag-lifecycle.service';
import { RecordCorrectionsPanelComponent } from '../flag-lifecycle/record-corrections-panel.component';
import { SafetyFollowUpDialog, type SafetyFollowUpData } from '../flag-lifecycle/safety-follow-up.dialog';
import { AuthService } from '../core/auth/auth.service';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { MedicationsPanelComponent } from '../care-record/medications-panel.component';
import { RelapsePlanPanelComponent } from '../care-record/relapse-plan-panel.component';
import { TimelinePanelComponent } from '../care-record/timeline-panel.component';
import { apiErrorMessage } from '../core/http/api-error';
import { patientActionsFor } from '../patient-actions/patient-action-roles';
import { openPatientAction, type PatientAction } from '../patient-actions/patient-action.dialog';
import { ageOn, formatIsoDate, proseDates } from '../shared/dates';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { languageName, patientName } from '../shared/labels';
import { PageStateComponent } from '../shared/page-state.component';
import { ContactsPanelComponent } from './contacts-panel.component';
import { EpisodePanelComponent } from './episode-panel.component';
import { MedicationEventsService } from './medication-events.service';
import { medicationMarkers, trajectoryMarkers, utilizationMarkers } from './patient-markers';
import { PatientPageStore } from './patient-page.store';
import { PatientService } from './patient.service';
import { RecommendationsPanelComponent } from './recommendations-panel.component';
import { SelfReportPanelComponent } from '../self-report/self-report-panel.component';
import { UtilizationPanelComponent } from '../screening/utilization-panel.component';
import { ScreeningApi } from '../screening/screening.api';
import { RouterLink } from '@angular/router';
import { CarePreferencesBannerComponent } from '../integrated-care/care-preferences-banner.component';
import { HuddleRaiseButtonComponent } from '../integrated-care/huddle-raise-button.component';
import { ProblemListPanelComponent } from '../integrated-care/problem-list-panel.component';
import { SocialNeedsPanelComponent } from '../integrated-care/social-needs-panel.component';

const completeScores = (records: readonly AssessmentRecord[], instrument: InstrumentId) =>
  records
    .filter((r) => r.instrument === instrument && r.complete && r.total !== null)
    .map((r) => ({ date: r.administeredOn, total: r.total ?? 0 }));

/** One patient: scores over time, persisting symptoms, episode, contacts and recommendations. */
@Component({
  selector: 'hd-patient-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    PageStateComponent,
    FlagChipsComponent,
    TrajectoryChartComponent,
    ItemHeatmapComponent,
    EpisodePanelComponent,
    ContactsPanelComponent,
    RecommendationsPanelComponent,
    MedicationsPanelComponent,
    RelapsePlanPanelComponent,
    TimelinePanelComponent,
    FlagHistoryPanelComponent,
    RecordCorrectionsPanelComponent,
    SelfReportPanelComponent,
    UtilizationPanelComponent,
    RouterLink,
    CarePreferencesBannerComponent,
    HuddleRaiseButtonComponent,
    SocialNeedsPanelComponent,
    ProblemListPanelComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './patient.page.html',
  styleUrl: './patient.page.scss',
})
export class PatientPage {
  private readonly service = inject(PatientService);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  private readonly calendar = inject(ClinicCalendar);
  private readonly medications = inject(MedicationEventsService);
  private readonly lifecycle = inject(FlagLifecycleService);
  private readonly screening = inject(ScreeningApi);

  /** Route parameter `:patientId`. */
  readonly patientId = input.required<string>();

  private readonly store = inject(PatientPageStore);

  /** Everything the page shows in one request; each resource below takes its part from it first. */
  private readonly page = rxResource({
    params: () => ({ id: this.patientId(), month: this.calendar.month() }),
    stream: ({ params }) => this.store.load(params.id, params.month).pipe(catchError(() => of(null))),
  });
  /** The patient id once the one-request page has answered (or failed: then each part asks its route). */
  private readonly loadedId = computed(() => (this.page.isLoading() ? undefined : this.patientId()));

  protected readonly patient = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'patient') ?? this.service.patient(params),
  });
  protected readonly openEpisodeId = computed(() => {
    const episodes = this.patient.value()?.episodes ?? [];
    return (episodes.find((e) => e.status !== 'discharged') ?? episodes[0])?.id;
  });
  protected readonly episode = rxResource({
    params: () => this.openEpisodeId(),
    stream: ({ params }) => this.store.takeForEpisode(params, 'episode') ?? this.service.episode(params),
  });
  protected readonly assessments = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'assessments') ?? this.service.assessments(params),
  });
  protected readonly contacts = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'contacts') ?? this.service.contacts(params),
  });
  protected readonly flags = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'flags') ?? this.service.flags(params),
  });
  protected readonly recommendations = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) =>
      this.store.take(params, 'recommendations') ?? this.service.recommendations(params).pipe(catchError(() => of([]))),
  });
  protected readonly reviews = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) =>
      this.store.take(params, 'reviews') ?? this.service.reviews(params).pipe(catchError(() => of([]))),
  });
  /** Medication starts, changes and stops drawn on the charts (none while the list is unavailable). */
  protected readonly medicationEvents = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'medicationEvents') ?? this.medications.events(params),
  });
  /** ED visits and admissions: listed in their panel and drawn on the charts (issue #17). */
  protected readonly utilization = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) =>
      this.store.take(params, 'utilization') ?? this.screening.utilization(params).pipe(catchError(() => of([]))),
  });
  protected readonly flagHistory = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) => this.store.take(params, 'flagHistory') ?? this.lifecycle.history(params),
  });
  protected readonly revisions = rxResource({
    params: () => this.loadedId(),
    stream: ({ params }) =>
      this.store.take(params, 'revisions') ?? this.lifecycle.revisions(params).pipe(catchError(() => of([]))),
  });
  protected readonly billing = rxResource({
    params: () => {
      const id = this.loadedId();
      return id === undefined ? undefined : { id, month: this.calendar.month() };
    },
    stream: ({ params }) =>
      this.store.take(params.id, 'billing') ??
      this.service.billing(params.id, params.month).pipe(catchError(() => of(null))),
  });

  protected readonly name = computed(() => {
    const p = this.patient.value();
    return p ? patientName(p) : '';
  });
  protected readonly patientError = computed(() =>
    this.patient.error() ? apiErrorMessage(this.patient.error(), 'This patient could not be loaded.') : null,
  );
  protected readonly actions = computed(() => patientActionsFor(this.auth.role()));
  protected readonly canEditEpisode = computed(() => this.auth.role() === 'care_manager');
  /** Self-report links and kiosk codes (API permission self-report:send: care manager, PCP). */
  protected readonly canSendSelfReport = computed(() => ['care_manager', 'pcp'].includes(this.auth.role() ?? ''));
  /** Safety follow-ups, resolving flags and correcting scores: who may raise flags (care manager, consultant). */
  protected readonly canWriteFlags = computed(() => this.actions().includes('flag'));
  protected readonly canCorrectContacts = computed(() => this.actions().includes('contact'));
  protected readonly flagList = computed<FlagSummary[]>(() => {
    const f = this.flags.value();
    if (!f) return [];
    return [
      ...f.computed.map((c) => ({
        code: c.code,
        severity: c.severity,
        reason: proseDates(c.evidence.reason),
        source: 'computed' as const,
      })),
      ...f.manual.map((m) => ({
        code: m.code,
        severity: m.severity,
        reason: `Raised by ${m.raisedBy.displayName} on ${formatIsoDate(m.raisedAt)}${m.note ? `: ${m.note}` : ''}`,
        source: 'manual' as const,
      })),
    ];
  });
  protected readonly safety = computed(() =>
    this.flagList().find((f) => f.code === 'SAFETY' || f.code === 'SAFETY_CONCERN'),
  );
  private readonly markers = computed(() => {
    return [
      ...trajectoryMarkers(this.reviews.value() ?? [], this.recommendations.value() ?? []),
      ...medicationMarkers(this.medicationEvents.value() ?? []),
      ...utilizationMarkers(this.utilization.value() ?? []),
    ];
  });
  protected readonly phq9 = computed(() =>
    trajectoryView('PHQ9', completeScores(this.assessments.value() ?? [], 'PHQ9'), this.markers()),
  );
  protected readonly gad7 = computed(() =>
    trajectoryView('GAD7', completeScores(this.assessments.value() ?? [], 'GAD7'), this.markers()),
  );
  protected readonly heatmapInstrument = signal<'PHQ9' | 'GAD7'>('PHQ9');
  protected readonly heatmap = computed(() => {
    const id = this.heatmapInstrument();
    return itemHeatmapView(
      id,
      (this.assessments.value() ?? []).filter((a) => a.instrument === id),
    );
  });
  protected readonly date = formatIsoDate;

  /** The text as a sentence (ending with a full stop). */
  protected sentence(text: string): string {
    return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
  }

  protected readonly languageName = languageName;

  /** Age on the clinic's today (not the browser's). */
  protected age(birthDate: string): number {
    return ageOn(birthDate, this.calendar.today());
  }

  protected open(action: PatientAction): void {
    openPatientAction(this.dialog, { action, patientId: this.patientId(), patientName: this.name() }).subscribe(
      (saved) => {
        if (!saved) return;
        this.flags.reload();
        this.flagHistory.reload();
        if (action === 'assessment') this.assessments.reload();
        if (action === 'contact') {
          this.contacts.reload();
          this.billing.reload();
        }
      },
    );
  }

  protected documentSafetyFollowUp(): void {
    this.dialog
      .open<SafetyFollowUpDialog, SafetyFollowUpData, boolean>(SafetyFollowUpDialog, {
        data: { patientId: this.patientId(), patientName: this.name() },
        width: '40rem',
        maxWidth: '96vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.onFlagsChanged();
      });
  }

  protected onFlagsChanged(): void {
    this.flags.reload();
    this.flagHistory.reload();
  }

  protected onRecordChanged(kind: 'assessment' | 'contact'): void {
    this.onFlagsChanged();
    this.revisions.reload();
    if (kind === 'assessment') this.assessments.reload();
    else {
      this.contacts.reload();
      this.billing.reload();
    }
  }

  protected onEpisodeChanged(): void {
    this.patient.reload();
    this.episode.reload();
    this.flags.reload();
  }
}
