import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { CareTeamOptions, StaffOption } from '@huddle/shared-types';
import { CareTeamFieldsComponent, type CareTeamField } from './care-team-fields.component';

const staff = (id: string, displayName: string, openEpisodes = 0): StaffOption => ({
  id,
  displayName,
  role: 'care_manager',
  fte: 1,
  openEpisodes,
});

const OPTIONS: CareTeamOptions = {
  careManagers: [staff('cm-1', 'Casey Manager', 12)],
  consultants: [staff('psy-1', 'Dr Pat Consultant')],
  pcps: [staff('pcp-1', 'Dr Lee Primary'), staff('pcp-2', 'Dr Kim Primary')],
};

@Component({
  imports: [ReactiveFormsModule, CareTeamFieldsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form">
      <hd-care-team-fields [fields]="fields()" [options]="options" [errors]="errors()" [labels]="labels" />
    </form>
  `,
})
class HostComponent {
  readonly form = inject(FormBuilder).nonNullable.group({
    pcpId: ['pcp-2'],
    careManagerId: ['cm-1'],
    consultantId: [''],
    billingPcpId: [''],
    diagnoses: ['F32.1'],
  });
  readonly fields = signal<readonly CareTeamField[]>(['careManagerId', 'consultantId', 'billingPcpId', 'diagnoses']);
  readonly options = OPTIONS;
  readonly errors = signal<Record<string, string>>({});
  readonly labels = { billingPcpId: { label: 'Billing PCP (default: the PCP)', none: 'Same as the PCP' } };
}

describe('CareTeamFieldsComponent', () => {
  function setup() {
    TestBed.configureTestingModule({ providers: [provideNoopAnimations()] });
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const labels = () => Array.from(el.querySelectorAll('mat-label')).map((l) => l.textContent?.trim());
    return { fixture, el, host: fixture.componentInstance, labels };
  }

  it('shows the requested fields in order, with the default labels unless overridden', () => {
    const { labels } = setup();
    expect(labels()).toEqual([
      'Care manager',
      'Psychiatric consultant',
      'Billing PCP (default: the PCP)',
      'Diagnoses (ICD-10, e.g. F32.1, F41.1)',
    ]);
  });

  it('binds each field to the enclosing form: the input edits the form, the picker shows its value', async () => {
    const { fixture, el, host } = setup();
    const diagnoses = el.querySelector<HTMLInputElement>('input[matinput]');
    expect(diagnoses?.value).toBe('F32.1');
    if (!diagnoses) throw new Error('no diagnoses input');
    diagnoses.value = 'F41.1';
    diagnoses.dispatchEvent(new Event('input'));
    expect(host.form.controls.diagnoses.value).toBe('F41.1');
    await fixture.whenStable();
    expect(el.querySelector('mat-select')?.textContent).toContain('Casey Manager (12 open)');
  });

  it("shows a field's error under it, and only its own", () => {
    const { fixture, el, host } = setup();
    expect(el.querySelector('[role="alert"]')).toBeNull();
    host.errors.set({ consultantId: 'consultantId must be a psychiatric consultant of this clinic' });
    fixture.detectChanges();
    const alerts = Array.from(el.querySelectorAll('[role="alert"]'));
    expect(alerts.map((a) => a.textContent?.trim())).toEqual([
      'consultantId must be a psychiatric consultant of this clinic',
    ]);
    expect(alerts[0]?.closest('mat-form-field')?.querySelector('mat-label')?.textContent).toContain(
      'Psychiatric consultant',
    );
  });

  it("shows the PCP field with the chosen PCP's name", async () => {
    const { fixture, el, host, labels } = setup();
    host.fields.set(['pcpId']);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(labels()).toEqual(['Primary care provider']);
    expect(el.querySelector('mat-select')?.textContent).toContain('Dr Kim Primary');
  });
});
